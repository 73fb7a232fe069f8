import django.contrib.admin.apps as admin_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "appui.core"
    label = "core"
    verbose_name = _("Appui core")
    default_auto_field = "django.db.models.BigAutoField"
    # The federation's administrators of its network: associations, places, staff profiles.
    staff_groups = {"network": "Federation network administrators"}

    def ready(self) -> None:
        from appui.core import checks  # noqa: F401  (registers the system checks)

    @property
    def staff_menu(self):
        from appui.core.access import CorePermission

        return (("staff:accounts", _("Accounts to confirm"), CorePermission.ACCESS_LOG, False),)


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose `admin.site` asks staff for a one-time code as well.

    Every app's `admin.site.register(...)` lands on that site. Listed in INSTALLED_APPS in
    place of "django.contrib.admin"; never picked for "appui.core" itself.
    """

    default = False
    default_site = "appui.core.admin_site.AdminSite"
