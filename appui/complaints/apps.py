from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "appui.complaints"
    label = "complaints"
    verbose_name = _("Pre-complaints")
    default_auto_field = "django.db.models.BigAutoField"
    # Nominative data of a pre-complaint not signed are erased 30 days after receipt
    # (décret n° 2008-1109): the worker looks every 15 minutes.
    periodic_tasks = (("appui.complaints.tasks.erase_expired", 15 * 60),)

    def ready(self) -> None:
        from . import audit_targets, permissions  # noqa: F401  (they register on import)

    @property
    def staff_menu(self):
        from .permissions import ComplaintPermission as P

        return (("complaints_staff:list", _("Pre-complaints"), P.VIEW),)
