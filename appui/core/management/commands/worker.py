"""`appui worker`: django-tasks-db's database worker, plus a heartbeat for /healthz."""

import logging
import os
import threading
import time

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django.utils.module_loading import import_string
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks_db.management.commands import db_worker

from appui.core.tasks import heartbeat, purge_expired_sessions

PURGE_EVERY_SECONDS = 300

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
        self.last_periodic: dict[str, float] = {}

    def beat(self) -> None:
        now = time.monotonic()
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

    def handle(self, *args, heartbeat_interval: float, **options) -> None:
        reloading_parent = options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if options["batch"]:
            heartbeat.enqueue()
        elif not reloading_parent:
            HeartbeatThread(heartbeat_interval).start()
        super().handle(*args, **options)
