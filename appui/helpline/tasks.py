"""The helpline's regular jobs, run by the worker."""

from django_tasks import task


@task()
def apply_retention() -> None:
    """Delete what the retention periods of `models.py` no longer keep."""
    from .services import retention

    retention.apply()


@task()
def close_stale_calls() -> int:
    """Close as missed the calls still ringing hours after they rang (a switchboard's
    `ended` lost): counted, and called back when the number is known."""
    from .services import telephony

    return telephony.close_stale()
