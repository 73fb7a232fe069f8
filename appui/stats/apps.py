from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "appui.stats"
    label = "stats"
    verbose_name = _("Statistics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registered with core on import: the permissions and who holds them, the audit
        # log's kind of record.
        from . import audit_targets, permissions  # noqa: F401

    @property
    def staff_menu(self):
        from .permissions import StatsPermission

        return (("stats:association", _("Statistics"), StatsPermission.STATS_ASSOCIATION),)
