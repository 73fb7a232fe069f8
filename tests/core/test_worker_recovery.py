"""`appui worker` survives losing its database and recovers the tasks a dead worker left."""

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from appui.core import jobs, services
from appui.core.management.commands import worker as worker_command
from appui.core.models import WorkerHeartbeat
from appui.core.tasks import heartbeat, purge_expired_sessions
from tests.helpers import APPUI_COMMAND, appui_environment

pytestmark = pytest.mark.django_db(transaction=True)


def make_worker(**options):
    defaults = {
        "queue_names": ["default"],
        "excluded_queue_names": [],
        "interval": 0,
        "batch": True,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "resilient",
    }
    return worker_command.Worker(**{**defaults, **options})


def test_the_queue_loop_survives_a_lost_database_then_runs_the_task(monkeypatch):
    result = heartbeat.enqueue()
    sleeps = []
    monkeypatch.setattr(worker_command.time, "sleep", sleeps.append)
    real_ready = DBTaskResult.objects.ready
    failures = iter([OperationalError("server closed the connection unexpectedly")] * 2)

    def flaky_ready():
        error = next(failures, None)
        if error is not None:
            raise error
        return real_ready()

    monkeypatch.setattr(DBTaskResult.objects, "ready", flaky_ready)

    make_worker().run()

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert WorkerHeartbeat.objects.get().worker_id == "resilient"
    assert sleeps == [1.0, 1.0], "waits after each loss, reset once the database answers"


def test_the_wait_doubles_up_to_a_cap_while_the_database_stays_down(monkeypatch):
    sleeps = []
    monkeypatch.setattr(worker_command.time, "sleep", sleeps.append)
    outages = iter([OperationalError("the database system is starting up")] * 7)

    def recover(own_worker_id=None):
        error = next(outages, None)
        if error is not None:
            raise error
        return 0, 0

    monkeypatch.setattr(worker_command, "recover_abandoned_results", recover)

    make_worker().run()

    assert sleeps == [1, 2, 4, 8, 16, 30, 30]


def test_a_task_left_running_by_its_own_worker_is_requeued_and_run(monkeypatch):
    """The worker lost the database while running a task: the claim stayed RUNNING."""
    result = purge_expired_sessions.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=["resilient"]
    )

    make_worker().run()

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.worker_ids == ["resilient", "resilient"]


def claim(task, *, worker_ids, started_at):
    result = task.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=started_at, worker_ids=worker_ids
    )
    return DBTaskResult.objects.get(id=result.id)


def test_stale_running_results_are_requeued_or_failed_by_the_rule():
    now = timezone.now()
    minute = timedelta(minutes=1)
    # The worker is busy with it, or just started it: left alone.
    busy = claim(purge_expired_sessions, worker_ids=["busy"], started_at=now - 10 * minute)
    services.record_worker_heartbeat("busy", now=now - 11 * minute)
    # A worker restarted with the same id has taken other tasks since: requeued.
    moved_on = claim(purge_expired_sessions, worker_ids=["moved"], started_at=now - 5 * minute)
    services.record_worker_heartbeat("moved", now=now - 30 * timedelta(seconds=1))
    # Running far too long with no word from its worker: requeued.
    silent = claim(purge_expired_sessions, worker_ids=["gone"], started_at=now - 31 * minute)
    # ... unless it was already tried too many times: failed.
    tired = claim(
        purge_expired_sessions, worker_ids=["a", "b", "gone"], started_at=now - 31 * minute
    )

    assert jobs.recover_abandoned_results(now=now) == (2, 1)

    status = dict(DBTaskResult.objects.values_list("id", "status"))
    assert status[busy.id] == TaskResultStatus.RUNNING
    assert status[moved_on.id] == TaskResultStatus.READY
    assert status[silent.id] == TaskResultStatus.READY
    assert status[tired.id] == TaskResultStatus.FAILED
    tired.refresh_from_db()
    assert tired.exception_class_path == "appui.core.jobs.AbandonedTask"
    assert tired.finished_at == now
    assert DBTaskResult.objects.get(id=silent.id).started_at is None
    # Nothing else to do the next time.
    assert jobs.recover_abandoned_results(now=now) == (0, 0)


def test_the_heartbeat_thread_recovers_abandoned_results_regularly(monkeypatch):
    silent = claim(
        purge_expired_sessions, worker_ids=["gone"], started_at=timezone.now() - timedelta(hours=1)
    )
    thread = worker_command.HeartbeatThread(interval=10)
    thread.beat()
    assert DBTaskResult.objects.get(id=silent.id).status == TaskResultStatus.RUNNING
    thread.last_recovery -= worker_command.RECOVER_EVERY_SECONDS
    thread.beat()
    assert DBTaskResult.objects.get(id=silent.id).status == TaskResultStatus.READY


# A real worker against a throwaway PostgreSQL cluster, restarted under it.

INITDB = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))), None) or shutil.which(
    "initdb"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayCluster:
    def __init__(self) -> None:
        self.bin = Path(INITDB).parent
        self.run_as = None
        self.dir = Path(tempfile.mkdtemp(prefix="appui-pg-"))
        if os.geteuid() == 0:  # initdb refuses to run as root
            self.run_as = "postgres"
            shutil.chown(self.dir, user=self.run_as)
        self.dir.chmod(0o700)
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def command(self, name, *args, timeout=30):
        argv = [str(self.bin / name), *args]
        if self.run_as:
            argv = ["runuser", "-u", self.run_as, "--", *argv]
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=True)

    def pg_ctl(self, *args):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.dir / "server.log")
        return self.command(
            "pg_ctl", "-D", str(self.dir / "data"), "-l", log, "-w", "-o", options, *args
        )

    def start(self):
        self.command("initdb", "-D", str(self.dir / "data"), "-U", "postgres", "-A", "trust")
        self.pg_ctl("start")

    def stop(self):
        try:
            self.command("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "stop")
        except subprocess.SubprocessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)

    def heartbeats(self):
        import psycopg

        dsn = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        try:
            with psycopg.connect(dsn, connect_timeout=2) as db:
                return db.execute(
                    "SELECT worker_id, last_seen FROM core_workerheartbeat"
                ).fetchall()
        except psycopg.Error:
            return []


@pytest.fixture
def throwaway_cluster():
    if INITDB is None:
        pytest.skip("initdb is not installed")
    cluster = ThrowawayCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.mark.django_db(transaction=False)
def test_a_worker_outlives_a_postgresql_restart(throwaway_cluster, run_appui, tmp_path):
    env = {"DATABASE_URL": throwaway_cluster.url}
    migrated = run_appui("migrate", "--noinput", env=env, timeout=60)
    assert migrated.returncode == 0, migrated.stderr

    worker = subprocess.Popen(
        [*APPUI_COMMAND, "worker", "--no-reload", "--no-startup-delay", "--worker-id", "pg"]
        + ["--interval", "0.2", "--heartbeat-interval", "0.5"],
        env=appui_environment(tmp_path / "var", env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def wait_for_beat(after, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert worker.poll() is None, worker.communicate()[0]
            beats = [seen for worker_id, seen in throwaway_cluster.heartbeats() if seen > after]
            if beats:
                return beats[0]
            time.sleep(0.3)
        return None

    try:
        first = wait_for_beat(timezone.now() - timedelta(days=1), 20)
        assert first is not None, "the worker beats before the restart"

        throwaway_cluster.pg_ctl("-m", "fast", "restart")
        restarted = timezone.now()

        assert wait_for_beat(restarted, 30) is not None, "the worker beats after the restart"
        assert worker.poll() is None
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=15)[0]
    assert worker.returncode == 0, output
    assert "lost the database" in output
    assert "reconnected to the database" in output
