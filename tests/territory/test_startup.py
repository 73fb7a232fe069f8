"""A web process builds the commune index as it starts, so that no visitor's first town
search waits for it; commands and tests do not."""

import gc
import importlib
import sys

import pytest
from django.db import OperationalError

from appui.territory import services


@pytest.fixture
def fresh_process(monkeypatch):
    """As in a process that has just started: no index yet, `appui.wsgi` not imported;
    counts how many times the index is built from the database.

    The warm-up freezes the garbage collector, as a web process should; the test process
    must not stay so, or objects it still has to collect (a finished thread's database
    connection) would never be, and PostgreSQL would refuse to drop the test database."""
    builds = []
    build = services._index_from_database

    def counted():
        builds.append(1)
        return build()

    monkeypatch.setattr(services, "_cache", services._IndexCache())
    monkeypatch.setattr(services, "_index_from_database", counted)
    monkeypatch.delitem(sys.modules, "appui.wsgi", raising=False)
    yield builds
    gc.unfreeze()
    gc.collect()


def import_wsgi():
    return importlib.import_module("appui.wsgi").application


@pytest.mark.django_db(transaction=True)
def test_importing_the_wsgi_application_builds_the_index(france, fresh_process):
    assert callable(import_wsgi())
    assert fresh_process == [1]
    assert len(services.current_index().hits) > 34_000
    assert services.search("epinal")[0].name == "Épinal"
    assert fresh_process == [1], "the first search must not build the index again"


@pytest.mark.django_db(transaction=True)
def test_warm_up_can_be_turned_off(france, fresh_process, monkeypatch):
    monkeypatch.setenv("APPUI_WARM_UP", "0")
    import_wsgi()
    assert fresh_process == []


@pytest.mark.django_db(transaction=True)
def test_a_database_not_migrated_does_not_stop_the_start(fresh_process, monkeypatch):
    from appui.territory import apps

    def missing_table():
        raise OperationalError("no such table: territory_dataset")

    warnings = []
    monkeypatch.setattr(services, "_loaded_token", missing_table)
    monkeypatch.setattr(apps.logger, "warning", lambda text, *args: warnings.append(text % args))
    assert callable(import_wsgi())
    assert warnings == ["Commune index not built at start-up: no such table: territory_dataset"]


def test_commands_do_not_import_the_wsgi_application(run_appui):
    result = run_appui("shell", "-c", "import sys; print('appui.wsgi' in sys.modules)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "False"
