"""The kinds of record the pre-complaints' audit lines are about (registered with core's
audit log on import). The values are covered by each line's hash: never change one."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from appui.core import audit


class ComplaintTarget(models.TextChoices):
    PRE_COMPLAINT = "pre_complaint", _("pre-complaint")
    PAYMENT_NUMBERS = "payment_numbers", _("pre-complaint's payment numbers")


audit.register_targets(ComplaintTarget)
