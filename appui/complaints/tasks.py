"""Background tasks of the pre-complaints, run by `appui worker`."""

from django_tasks import task

from . import services


@task()
def erase_expired() -> int:
    """Erase the nominative data of the pre-complaints not signed 30 days after receipt."""
    return services.erase_expired()
