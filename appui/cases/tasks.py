"""Background tasks of the case files, run by `appui worker`."""

from django_tasks import task

from . import retention, services


@task()
def apply_retention() -> dict:
    """Apply the retention policy (closed files past their period: archived, then erased)."""
    report = retention.apply(dry_run=False)
    return {"people": report.people, "files": report.files, "intakes": report.intakes}


@task()
def purge_callback_attempts() -> int:
    """Delete the keyed hashes that count callback requests, once older than a day."""
    return services.purge_callback_attempts()
