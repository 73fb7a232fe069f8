"""The kinds of record the appointments' audit lines are about (registered with core's
audit log on import). The values are covered by each line's hash: never change one."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from appui.core import audit


class BookingTarget(models.TextChoices):
    BOOKING = "booking", _("appointment")
    AGENDA = "agenda", _("agenda")


audit.register_targets(BookingTarget)
