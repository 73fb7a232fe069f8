"""The database-backed task queue, the heartbeat task and the `appui worker` command."""

import json
import signal
import sqlite3
import subprocess
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from appui.core.models import WorkerHeartbeat
from appui.core.tasks import heartbeat
from tests.helpers import APPUI_COMMAND, appui_environment

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker_once(command="db_worker", **options):
    call_command(command, batch=True, startup_delay=False, reload=False, verbosity=0, **options)


def test_enqueued_task_waits_in_the_database_until_a_worker_runs_it():
    result = heartbeat.enqueue()
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.READY
    assert not WorkerHeartbeat.objects.exists()

    run_worker_once()

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    beat = WorkerHeartbeat.objects.get()
    assert beat.worker_id == result.worker_ids[-1]
    assert result.return_value == beat.last_seen.isoformat()


def test_appui_worker_records_a_heartbeat_seen_by_healthz(client):
    assert json.loads(client.get("/healthz").content) == {"status": "degraded"}  # no worker yet

    run_worker_once("worker")

    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert json.loads(client.get("/healthz").content) == {"status": "ok"}


def test_heartbeat_deletes_its_old_results_only():
    heartbeat.enqueue()
    run_worker_once()
    DBTaskResult.objects.update(finished_at=timezone.now() - timedelta(hours=2))
    old = set(DBTaskResult.objects.values_list("id", flat=True))

    recent = heartbeat.enqueue()
    run_worker_once()

    assert set(DBTaskResult.objects.values_list("id", flat=True)) == {recent.db_result.id}
    assert not old & {recent.db_result.id}


def read_heartbeats(database):
    if database["vendor"] == "sqlite":
        with sqlite3.connect(database["path"]) as db:
            return db.execute("SELECT worker_id, pid FROM core_workerheartbeat").fetchall()
    return list(WorkerHeartbeat.objects.values_list("worker_id", "pid"))


def test_worker_process_keeps_beating_until_stopped(run_appui, tmp_path):
    """A real `appui worker` process: its heartbeat thread and its queue loop together."""
    if connection.vendor == "sqlite":
        # The test database lives in memory: give the worker a file database of its own.
        path = tmp_path / "worker.sqlite3"
        env = {"DATABASE_URL": f"sqlite:///{path}"}
        migrated = run_appui("migrate", "--noinput", env=env, timeout=120)
        assert migrated.returncode == 0, migrated.stderr
        database = {"vendor": "sqlite", "path": path}
    else:
        settings_dict = connection.settings_dict
        env = {
            "DATABASE_URL": "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(
                **{key: settings_dict[key] or "" for key in ("USER", "PASSWORD", "HOST", "NAME")},
                PORT=settings_dict["PORT"] or 5432,
            )
        }
        database = {"vendor": connection.vendor}

    worker = subprocess.Popen(
        [*APPUI_COMMAND, "worker", "--no-reload", "--no-startup-delay", "--worker-id", "e2e"]
        + ["--interval", "0.2", "--heartbeat-interval", "0.5"],
        env=appui_environment(tmp_path / "var", env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        beats = []
        while time.monotonic() < deadline and not beats:
            time.sleep(0.5)
            assert worker.poll() is None, worker.communicate()[0]
            beats = read_heartbeats(database)
        assert beats == [("e2e", worker.pid)]
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=30)[0]
    assert worker.returncode == 0, output
    assert "Starting worker worker_id=e2e" in output
    assert heartbeat.module_path not in output, "routine heartbeats are not logged"


@pytest.mark.django_db
def test_expired_sessions_are_purged_with_their_answers():
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    from appui.core.tasks import purge_expired_sessions

    old, fresh = SessionStore(), SessionStore()
    old["guide"] = {"situation": "hit"}
    fresh["guide"] = {"situation": "theft"}
    old.create()
    fresh.create()
    Session.objects.filter(session_key=old.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert purge_expired_sessions.call() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [fresh.session_key]


def test_the_worker_schedules_the_tasks_apps_declare():
    from appui.core.management.commands.worker import HeartbeatThread

    thread = HeartbeatThread(interval=10)
    thread.beat()
    thread.beat()  # the retention runs once a day, not at every beat
    retention = DBTaskResult.objects.filter(task_path="appui.cases.tasks.apply_retention")
    assert retention.count() == 1
    run_worker_once()
    assert retention.get().status == TaskResultStatus.SUCCESSFUL
