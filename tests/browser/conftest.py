import pytest


@pytest.fixture
def guide_data(transactional_db):
    """France's communes and the seed's directory, loaded for a live-server test."""
    from appui.directory import services as directory
    from appui.territory import services as territory

    territory.load(force=True)
    report = directory.load_seed()
    assert report.ok, report.errors
