"""Pre-complaints made online, to be signed at a police or gendarmerie unit (décret
n° 2008-1109, the seed's process), and the anonymous counters that outlive them.

Everything she typed is nominative and lives encrypted, one JSON text per section of the
form. It leaves Appui when she signs, and 30 days after receipt when she does not
(`services.erase_expired`, run by the worker): the row then keeps only what the counters
keep (unit, category, month), its sections blank.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from appui.booking.models import Booking
from appui.core.crypto import EncryptedTextField
from appui.directory.models import Service

# Nominative data are erased 30 days after receipt when she does not sign (décret
# n° 2008-1109; the seed: "automatiquement effacées 30 jours après la réception").
KEEPING = dt.timedelta(days=30)


class Category(models.TextChoices):
    """What the pre-complaint may be about: the seed's two families, author unknown."""

    # "atteinte aux biens (vols, dégradations, escroqueries…)"
    THEFT = "theft", _("theft (including burglary)")
    DAMAGE = "damage", _("damage or vandalism")
    FRAUD = "fraud", _("fraud or scam")
    OTHER_PROPERTY = "other_property", _("another offence against property")
    # "discrimination, diffamation, injure, provocation individuelle à la haine"
    DISCRIMINATION = "discrimination", _("discrimination")
    DEFAMATION = "defamation", _("defamation")
    INSULT = "insult", _("insult")
    HATRED = "hatred", _("individual incitement to hatred")


PROPERTY = frozenset({Category.THEFT, Category.DAMAGE, Category.FRAUD, Category.OTHER_PROPERTY})


class State(models.TextChoices):
    RECEIVED = "received", _("awaiting confirmation")
    CONFIRMED = "confirmed", _("appointment confirmed")
    SIGNED = "signed", _("signed")
    MISSED = "missed", _("appointment missed")
    ERASED = "erased", _("erased after 30 days")


# States whose nominative data are gone.
GONE = (State.SIGNED, State.ERASED)


class Outcome(models.TextChoices):
    """What the counters count, by month of receipt."""

    RECEIVED = "received", _("pre-complaints received")
    SIGNED = "signed", _("signed")
    ERASED = "erased", _("erased unsigned")
    MISSED = "missed", _("erased unsigned after a missed appointment")
    CANCELLED = "cancelled", _("erased unsigned after she cancelled")


class PreComplaint(models.Model):
    """One pre-complaint: the unit where she signs, her appointment, and her sections."""

    unit = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="pre_complaints", verbose_name=_("unit")
    )
    booking = models.OneToOneField(
        Booking,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pre_complaint",
        verbose_name=_("appointment"),
    )
    category = models.CharField(_("what happened"), max_length=16, choices=Category.choices)
    received_at = models.DateTimeField(_("received"))
    erase_after = models.DateTimeField(_("erased after"))
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.RECEIVED
    )
    language = models.CharField(_("language"), max_length=2, default="fr")
    # Declarant for a company or a minor: said in the declarant section, shown on the list.
    on_behalf = models.CharField(max_length=8, blank=True)
    # The sections as she typed them, each a JSON object, encrypted.
    declarant = EncryptedTextField(_("declarant"), blank=True)
    facts = EncryptedTextField(_("facts"), blank=True)
    goods = EncryptedTextField(_("goods and losses"), blank=True)
    payments = EncryptedTextField(_("means of payment"), blank=True)
    evidence = EncryptedTextField(_("witnesses and evidence"), blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pre-complaint")
        verbose_name_plural = _("pre-complaints")
        indexes = [
            # The erasure job reads the oldest still holding data, a batch at a time.
            models.Index(
                fields=["erase_after"],
                name="precomplaint_to_erase",
                condition=~models.Q(state__in=["signed", "erased"]),
            ),
            models.Index(fields=["unit", "state"], name="precomplaint_unit_state"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.pk})"

    @property
    def holds_data(self) -> bool:
        return self.state not in GONE


class ComplaintCount(models.Model):
    """Anonymous counters by unit, month of receipt, category and outcome: no link to a
    pre-complaint, so they survive its erasure."""

    unit = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()  # first day of the month of receipt
    category = models.CharField(max_length=16, choices=Category.choices)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "category", "outcome"], name="complaint_count_unique"
            )
        ]
