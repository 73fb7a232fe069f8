"""The guide needs the real territory and the seed's directory in the test database."""

import pytest


@pytest.fixture(scope="module")
def territory(django_db_setup, django_db_blocker):
    from appui.territory import services

    with django_db_blocker.unblock():
        services.load(force=True)
    yield
    with django_db_blocker.unblock():
        services.unload()


@pytest.fixture(scope="module")
def directory(territory, django_db_setup, django_db_blocker):
    from appui.directory import services
    from appui.directory.models import Service

    with django_db_blocker.unblock():
        report = services.load_seed()
        assert report.ok, report.errors
    yield
    with django_db_blocker.unblock():
        Service.objects.all().delete()
