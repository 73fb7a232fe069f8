from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "appui.core"
    label = "core"
    verbose_name = _("Appui core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from appui.core import checks  # noqa: F401  (registers the system checks)
