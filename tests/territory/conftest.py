"""Shared fixtures: the whole of France, from the committed data file.

`france_index` needs no database (the in-memory index straight from the file);
`france` loads the file into the test database once per module and removes it after.
"""

from pathlib import Path

import pytest

from appui.territory import datafile, services
from appui.territory.index import CommuneIndex

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def france_data():
    return datafile.read()


@pytest.fixture(scope="session")
def france_index(france_data):
    return CommuneIndex.from_data(france_data)


@pytest.fixture(scope="module")
def france(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        services.load(force=True)
    yield
    with django_db_blocker.unblock():
        services.unload()
