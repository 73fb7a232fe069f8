import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import pytest

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def territory_ready() -> bool:
    try:
        module = importlib.import_module("appui.territory.services")
    except ImportError:
        return False
    return hasattr(module, "get_commune")


needs_territory = pytest.mark.skipif(
    not territory_ready(),
    reason="appui.territory.services has no get_commune yet: cannot place a commune",
)


@pytest.fixture
def seeded(db):
    from appui.directory import services

    report = services.load_seed()
    assert report.ok, report.errors
    return report
