"""Background tasks of the case files, run by `appui worker`."""

from django_tasks import task

from . import retention


@task()
def apply_retention() -> dict:
    """Apply the retention policy (closed files past their period: archived, then erased)."""
    report = retention.apply(dry_run=False)
    return {"people": report.people, "files": report.files, "intakes": report.intakes}
