import pytest

# Data migrations whose rows a live-server test needs again: every table is emptied after
# each such test, the staff groups those migrations made included.
GROUP_MIGRATIONS = (
    "appui.directory.migrations.0002_federation_directory_editors_group",
    "appui.core.migrations.0004_federation_network_administrators_group",
    "appui.booking.migrations.0002_directory_editors_keep_agendas",
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


@pytest.fixture
def staff_file(guide_data, settings):
    """The demo network, and one person at Nancy with a file under mandate and an interview
    (whose note is a long link: it must wrap on a phone)."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from appui.booking import demo as booking_demo
    from appui.cases import services
    from appui.cases.models import Channel
    from appui.core import demo
    from tests.cases.conftest import actor

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load()
    booking_demo.load()  # which association runs which place
    who = actor(get_user_model().objects.get(username="direction@fv54.example"))
    person = services.create_person(
        who, {"last_name": "Petit", "first_name": "Nora", "birth_date": dt.date(1985, 5, 6)}
    )
    file = services.open_file(
        who,
        person=person,
        role="direct",
        channel=Channel.PROSECUTOR_MANDATE,
        affair_data={"offence_category": "theft", "offence_date": dt.date(2026, 9, 1)},
        mandate_reference="PARQ-26-001",
        mandate_due=timezone.localdate(),
    )
    services.add_interview(
        who,
        file,
        {
            "discipline": "legal",
            "held_at": timezone.now(),
            "duration_minutes": 40,
            "mode": "in_person",
            "note": "https://exemple.fr/un-tres-long-lien-sans-espace-qui-doit-passer-a-la-ligne",
        },
    )
    return file, person
