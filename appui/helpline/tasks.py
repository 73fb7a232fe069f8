"""The helpline's regular jobs, run by the worker."""

from django_tasks import task


@task()
def apply_retention() -> None:
    """Delete what the retention periods of `models.py` no longer keep."""
    from .services import retention

    retention.apply()
