"""The kinds of record the compensation files' audit lines are about (registered with
core's audit log on import). The values are covered by each line's hash: never change one."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from appui.core import audit


class CompensationTarget(models.TextChoices):
    COMPENSATION = "compensation", _("compensation file")
    BANK_DETAILS = "bank_details", _("bank details")
    GENERATED = "generated_document", _("generated document")


audit.register_targets(CompensationTarget)
