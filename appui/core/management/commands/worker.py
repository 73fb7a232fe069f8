"""`appui worker`: django-tasks-db's database worker, plus a heartbeat for /healthz.

The worker outlives its database: when the queue loop loses the connection
(`OperationalError` or `InterfaceError`, say during a PostgreSQL restart), it closes its
connections, waits (1 s, then twice as long each time, at most `RECONNECT_MAX_SECONDS`),
logs it and goes on. Results left RUNNING by a dead worker, this one included, are requeued
or failed by the rule of `appui.core.jobs`: at start, after each reconnection, and every
`RECOVER_EVERY_SECONDS` from the heartbeat thread.
"""

import logging
import os
import threading
import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django.utils.module_loading import import_string
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks_db.management.commands import db_worker

from appui.core.jobs import recover_abandoned_results
from appui.core.tasks import heartbeat, purge_expired_sessions

PURGE_EVERY_SECONDS = 300
RECOVER_EVERY_SECONDS = 60
RECONNECT_FIRST_SECONDS = 1.0
RECONNECT_MAX_SECONDS = 30.0

logger = logging.getLogger(__name__)


def periodic_tasks() -> list[tuple[str, float]]:
    """Tasks apps ask to run regularly (`periodic_tasks` on their AppConfig: dotted path of a
    task, seconds between runs), so that core schedules them without importing the apps."""
    declared = []
    for config in apps.get_app_configs():
        declared.extend(getattr(config, "periodic_tasks", ()))
    return declared


class HeartbeatThread(threading.Thread):
    """Enqueues a heartbeat task every `interval` seconds, never more than one at a time.

    The worker records the heartbeat when it runs the task, so a worker seen recently is
    one that is really taking tasks from the queue, not merely a process still alive.
    """

    def __init__(self, interval: float) -> None:
        super().__init__(name="appui-heartbeat", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()
        self.pending = None
        self.last_purge = float("-inf")
        self.last_recovery = time.monotonic()  # the queue loop recovers at start
        self.last_periodic: dict[str, float] = {}

    def beat(self) -> None:
        now = time.monotonic()
        if now - self.last_recovery >= RECOVER_EVERY_SECONDS:
            recover_abandoned_results()
            self.last_recovery = now
        if now - self.last_purge >= PURGE_EVERY_SECONDS:
            purge_expired_sessions.enqueue()
            self.last_purge = now
        for path, every in periodic_tasks():
            if now - self.last_periodic.get(path, float("-inf")) >= every:
                import_string(path).enqueue()
                self.last_periodic[path] = now
        if self.pending is not None:
            self.pending.refresh()
            if not self.pending.is_finished:
                return
        self.pending = heartbeat.enqueue()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                self.beat()
            except (DatabaseError, TaskResultDoesNotExist) as error:
                logger.warning("Could not enqueue the worker heartbeat: %s", error)
                self.pending = None
            except Exception:
                # Whatever happens, the thread must go on beating.
                logger.exception("Could not enqueue the worker heartbeat")
                self.pending = None
            finally:
                connections.close_all()
            self.stopped.wait(self.interval)


def is_routine_heartbeat_log(record: logging.LogRecord) -> bool:
    """Heartbeats run every few seconds: log them only when they fail."""
    return (
        record.levelno < logging.WARNING
        and isinstance(record.args, tuple)
        and heartbeat.module_path in record.args
    )


class Worker(db_worker.Worker):
    """django-tasks-db's queue loop, run again after it loses the database."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.reconnect_delay = RECONNECT_FIRST_SECONDS

    def recover(self) -> None:
        """Requeue or fail abandoned results, ours included (we run no task now)."""
        recover_abandoned_results(own_worker_id=self.worker_id)

    def wait_for_database(self, error: Exception) -> None:
        """Close the broken connections and wait, longer each time, until the database
        answers again and the abandoned results are recovered."""
        while self.running:
            logger.warning(
                "Worker %s lost the database (%s); retrying in %.0f s.",
                self.worker_id,
                str(error).strip() or type(error).__name__,
                self.reconnect_delay,
            )
            connections.close_all()
            time.sleep(self.reconnect_delay)
            self.reconnect_delay = min(self.reconnect_delay * 2, RECONNECT_MAX_SECONDS)
            try:
                self.recover()
            except (OperationalError, InterfaceError) as again:
                error = again
                continue
            logger.warning("Worker %s reconnected to the database.", self.worker_id)
            self.reconnect_delay = RECONNECT_FIRST_SECONDS
            return

    def run(self) -> None:
        try:
            self.recover()
        except (OperationalError, InterfaceError) as error:
            self.wait_for_database(error)
        while self.running:
            try:
                super().run()
                return
            except (OperationalError, InterfaceError) as error:
                self.running_task = False
                self.startup_delay = False
                self.wait_for_database(error)


class Command(db_worker.Command):
    help = (
        "Run the background worker: takes tasks from the database queue and records a "
        "heartbeat, shown by /healthz."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--heartbeat-interval",
            type=float,
            default=settings.APPUI_WORKER_HEARTBEAT_SECONDS,
            help="Seconds between two heartbeats (default: %(default)s).",
        )

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        if verbosity < 2:
            tasks_logger = logging.getLogger(db_worker.TASKS_LOGGER)
            tasks_logger.addFilter(lambda record: not is_routine_heartbeat_log(record))

    def handle(
        self,
        *,
        heartbeat_interval: float,
        verbosity: int,
        queue_name: str,
        exclude_queues: str,
        reload: bool,
        **options,
    ) -> None:
        # db_worker's own handle(), with our Worker.
        self.configure_logging(verbosity)
        if reload and options["batch"]:
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            excluded_queue_names=excluded_queue_names,
            **{
                key: options[key]
                for key in (
                    "interval",
                    "batch",
                    "backend_name",
                    "startup_delay",
                    "max_tasks",
                    "worker_id",
                )
            },
        )
        reloading_parent = reload and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if options["batch"]:
            heartbeat.enqueue()
        elif not reloading_parent:
            HeartbeatThread(heartbeat_interval).start()
        if reload:
            if not reloading_parent:
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
