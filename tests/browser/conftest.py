import pytest

# Data migrations whose rows a live-server test needs again: every table is emptied after
# each such test, the staff groups those migrations made included.
GROUP_MIGRATIONS = (
    "appui.directory.migrations.0002_federation_directory_editors_group",
    "appui.core.migrations.0004_federation_network_administrators_group",
)


@pytest.fixture
def guide_data(transactional_db):
    """France's communes, the seed's directory and the staff groups, for a live-server test."""
    from importlib import import_module

    from django.apps import apps

    for module in GROUP_MIGRATIONS:
        import_module(module).create_group(apps, None)
    from appui.directory import services as directory
    from appui.territory import services as territory

    territory.load(force=True)
    report = directory.load_seed()
    assert report.ok, report.errors
