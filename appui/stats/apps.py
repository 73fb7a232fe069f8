from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "appui.stats"
    label = "stats"
    verbose_name = _("Statistics")
    default_auto_field = "django.db.models.BigAutoField"

    @property
    def staff_menu(self):
        from appui.core.access import Permission

        return (("stats:association", _("Statistics"), Permission.STATS_ASSOCIATION),)
