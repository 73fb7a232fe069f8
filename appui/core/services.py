"""Writes and health probes of the core app."""

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from appui.core.models import WorkerHeartbeat


def record_worker_heartbeat(worker_id: str, *, now: datetime | None = None) -> WorkerHeartbeat:
    """Note that `worker_id`, running in this process, has just taken a task from the queue."""
    with transaction.atomic():
        beat, _ = WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "last_seen": now or timezone.now(),
            },
        )
    return beat


@dataclass(frozen=True)
class DatabaseStatus:
    ok: bool
    vendor: str


@dataclass(frozen=True)
class WorkerStatus:
    ok: bool
    last_seen: datetime | None


def database_status() -> DatabaseStatus:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return DatabaseStatus(ok=False, vendor=connection.vendor)
    return DatabaseStatus(ok=True, vendor=connection.vendor)


def worker_status(*, now: datetime | None = None) -> WorkerStatus:
    """Whether some worker took a heartbeat task from the queue recently."""
    last_seen = WorkerHeartbeat.objects.aggregate(last=Max("last_seen"))["last"]
    if last_seen is None:
        return WorkerStatus(ok=False, last_seen=None)
    stale_after = timedelta(seconds=settings.APPUI_WORKER_STALE_AFTER_SECONDS)
    return WorkerStatus(ok=(now or timezone.now()) - last_seen <= stale_after, last_seen=last_seen)


def health() -> tuple[dict, bool]:
    """The health report and whether the site can serve requests (its database answers)."""
    database = database_status()
    if database.ok:
        worker = worker_status()
    else:
        worker = WorkerStatus(ok=False, last_seen=None)
    report = {
        "status": "ok" if database.ok and worker.ok else "degraded",
        "database": {"ok": database.ok, "vendor": database.vendor},
        "worker": {
            "ok": worker.ok,
            "last_seen": worker.last_seen.isoformat() if worker.last_seen else None,
        },
    }
    return report, database.ok
