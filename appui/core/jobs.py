"""Recovery of queued tasks whose worker stopped while running them.

django-tasks-db marks a result RUNNING when a worker claims it (`started_at`, and the
worker's id appended to `worker_ids`) and finished when the task returns. A worker killed
in between, or cut from the database before it could record the outcome, leaves the result
RUNNING for ever: nothing would run it again.

A worker runs one task at a time, and records its heartbeat (`WorkerHeartbeat`) only when it
runs the heartbeat task. So a result RUNNING on worker W is **abandoned** when:

1. W is this very worker, and its queue loop is not running a task (checked by the loop
   itself, at start and after it has lost the database); or
2. W recorded a heartbeat more than `APPUI_WORKER_STALE_AFTER_SECONDS` after the result
   started: W has moved on to other tasks since (a worker restarted with the same
   `--worker-id`); or
3. the result has been RUNNING for more than `RUNNING_TIMEOUT`, far longer than any of
   our tasks takes: W died (or hangs) without a heartbeat to tell.

An abandoned result goes back to the queue (READY), since our tasks are idempotent, unless
it has already been claimed `MAX_ATTEMPTS` times: then it is marked FAILED with an
`AbandonedTask` error. Each change is conditional on the result still being RUNNING since
the same start, so a worker finishing it meanwhile wins.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from appui.core.models import WorkerHeartbeat

RUNNING_TIMEOUT = timedelta(minutes=30)
MAX_ATTEMPTS = 3

logger = logging.getLogger(__name__)


class AbandonedTask(Exception):
    """The worker running the task stopped before finishing it, too many times."""


def is_abandoned(
    result: DBTaskResult,
    *,
    now: datetime,
    last_seen: dict[str, datetime],
    own_worker_id: str | None = None,
) -> bool:
    """Whether the RUNNING `result` was left by a dead worker, by the module's rule."""
    worker_id = result.worker_ids[-1] if result.worker_ids else None
    if own_worker_id is not None and worker_id == own_worker_id:
        return True
    started_at = result.started_at or result.enqueued_at
    stale_after = timedelta(seconds=settings.APPUI_WORKER_STALE_AFTER_SECONDS)
    seen = last_seen.get(worker_id)
    if seen is not None and seen > started_at + stale_after:
        return True
    return now - started_at > RUNNING_TIMEOUT


def recover_abandoned_results(
    *, own_worker_id: str | None = None, now: datetime | None = None
) -> tuple[int, int]:
    """Requeue or fail the abandoned RUNNING results; return how many (requeued, failed).

    Pass `own_worker_id` only from the worker's queue loop while it runs no task: every
    result RUNNING under that id is then abandoned.
    """
    now = now or timezone.now()
    running = list(DBTaskResult.objects.running())
    if not running:
        return 0, 0
    last_seen = dict(WorkerHeartbeat.objects.values_list("worker_id", "last_seen"))
    requeued = failed = 0
    for result in running:
        if not is_abandoned(result, now=now, last_seen=last_seen, own_worker_id=own_worker_id):
            continue
        still_running = DBTaskResult.objects.filter(
            id=result.id, status=TaskResultStatus.RUNNING, started_at=result.started_at
        )
        worker_id = result.worker_ids[-1] if result.worker_ids else None
        with transaction.atomic():
            if len(result.worker_ids) < MAX_ATTEMPTS:
                changed = still_running.update(status=TaskResultStatus.READY, started_at=None)
                requeued += changed
                outcome = "requeued"
            else:
                error = AbandonedTask(
                    f"worker {worker_id} stopped while running the task,"
                    f" {len(result.worker_ids)} attempts"
                )
                changed = still_running.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    return_value=None,
                    exception_class_path=f"{__name__}.{AbandonedTask.__qualname__}",
                    traceback=f"{AbandonedTask.__qualname__}: {error}\n",
                )
                failed += changed
                outcome = "failed"
        if changed:
            logger.warning(
                "Task result %s (%s) left running by worker %s: %s",
                result.id,
                result.task_path,
                worker_id,
                outcome,
            )
    return requeued, failed
