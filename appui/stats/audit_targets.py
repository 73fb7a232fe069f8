"""The kind of record the statistics' audit lines are about, registered with core's audit
log when this module is imported (`StatsConfig.ready` imports it). The value is stored in
every line and covered by its hash: never change it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from appui.core import audit


class StatsTarget(models.TextChoices):
    STATISTICS = "statistics", _("statistics")


audit.register_targets(StatsTarget)
