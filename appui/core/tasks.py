"""Background tasks of the core app, run by `appui worker` from the database queue."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskContext, task
from django_tasks_db.models import DBTaskResult

from appui.core import services

HEARTBEAT_RESULTS_KEPT = timedelta(hours=1)


@task(takes_context=True)
def heartbeat(context: TaskContext) -> str:
    """Record that the worker running this task is alive and taking tasks from the queue.

    Also deletes old finished heartbeat results, so they do not pile up in the queue table.
    """
    worker_id = context.task_result.worker_ids[-1]
    beat = services.record_worker_heartbeat(worker_id)
    DBTaskResult.objects.filter(
        task_path=heartbeat.module_path,
        finished_at__lt=timezone.now() - HEARTBEAT_RESULTS_KEPT,
    ).delete()
    return beat.last_seen.isoformat()


@task()
def purge_expired_sessions() -> int:
    """Delete expired sessions, so no guide answers outlive their two hours on the server."""
    from django.contrib.sessions.models import Session

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
