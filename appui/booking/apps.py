from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "appui.booking"
    label = "booking"
    verbose_name = _("Appointments")
    default_auto_field = "django.db.models.BigAutoField"
    # Reminders of tomorrow's appointments are looked for every hour (sent in the day only);
    # the public pages' counts older than a day are forgotten every hour.
    periodic_tasks = (
        ("appui.booking.tasks.send_reminders", 60 * 60),
        ("appui.booking.tasks.purge_public_attempts", 60 * 60),
        ("appui.booking.tasks.erase_past", 24 * 60 * 60),
    )

    def ready(self) -> None:
        from . import audit_targets, permissions  # noqa: F401  (they register on import)

    @property
    def staff_menu(self):
        from .permissions import BookingPermission as P

        # Never where one lands: an association's staff start with their tasks, a unit's
        # agents with their pre-complaints.
        return (("agenda:day", _("Agenda"), P.AGENDA_VIEW, False),)
