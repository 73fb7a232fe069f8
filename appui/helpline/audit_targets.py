"""The kinds of record the helpline's audit lines are about (registered with core's audit
log on import). The values are covered by each line's hash: never change one."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from appui.core import audit


class HelplineTarget(models.TextChoices):
    CALL = "call", _("helpline call")
    CALLER = "caller", _("recognised caller")
    CALLER_FLAG = "caller_flag", _("recognised caller's flag")
    CALLBACK = "callback", _("callback request")
    QUALITY_REVIEW = "quality_review", _("quality review")
    SWITCHBOARD = "switchboard", _("switchboard")
    TELEPHONY_EVENT = "telephony_event", _("telephony event")
    HELPLINE_FIGURES = "helpline_figures", _("helpline figures")


audit.register_targets(HelplineTarget)
