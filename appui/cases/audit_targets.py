"""The kinds of record the case files' audit lines are about, registered with core's audit
log when this module is imported (`CasesConfig.ready` imports it). The values are stored in
every line and covered by its hash: never change one."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from appui.core import audit


class CaseTarget(models.TextChoices):
    INTAKE = "intake", _("intake")
    PERSON = "person", _("person")
    AFFAIR = "affair", _("affair")
    FILE = "file", _("file")
    INTERVIEW = "interview", _("interview")
    PSYCHOLOGICAL_NOTE = "psychological_note", _("psychological note")
    REFERRAL = "referral", _("referral")
    ASSESSMENT = "assessment", _("individual assessment")
    PROTECTION = "protection", _("protection measure")
    TASK = "task", _("task")
    DOCUMENT = "document", _("document")


audit.register_targets(CaseTarget)
