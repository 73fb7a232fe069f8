from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelplineConfig(AppConfig):
    name = "appui.helpline"
    label = "helpline"
    verbose_name = _("116 006 helpline")
    default_auto_field = "django.db.models.BigAutoField"
    # Closed call records older than RECORD_KEPT, telephony events older than EVENT_KEPT and
    # callers not heard of for CALLER_KEPT are deleted once a day (models.py); calls whose
    # end the switchboard never reported are closed as missed every hour.
    periodic_tasks = (
        ("appui.helpline.tasks.apply_retention", 24 * 60 * 60),
        ("appui.helpline.tasks.close_stale_calls", 60 * 60),
    )

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from appui.core.models import Organisation

        from . import audit_targets, permissions  # noqa: F401  (they register on import)
        from .models import Switchboard
        from .services import telephony

        # However a switchboard or an organisation is changed (its page, a command, a
        # test), this process forgets what the webhook kept of them.
        for signal in (post_save, post_delete):
            for sender in (Switchboard, Organisation):
                signal.connect(telephony.forget, sender=sender, weak=False)

    @property
    def staff_menu(self):
        from .permissions import HelplinePermission as P

        return (
            ("helpline:console", _("Helpline console"), P.CONSOLE),
            ("helpline:callbacks", _("Callbacks and messages"), P.CONSOLE, False),
            ("helpline:supervision", _("Supervision"), P.SUPERVISE, False),
            ("helpline:stats", _("Helpline figures"), P.STATS, False),
        )
