"""Agendas of the places that receive the public, and the appointments booked in them.

A place is a directory service (a police or gendarmerie unit, a victim bureau's session,
an association's office): its opening hours, closures and address stay in the directory,
the one source of truth. An agenda adds what booking needs: how long a slot lasts and how
many people each motive may book in one slot. Capacity is kept by `SlotLoad`, one row per
slot and motive taken by a conditional update, so that two people racing for the last
place never both get it, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from appui.core.crypto import EncryptedTextField
from appui.directory.models import Service


class Motive(models.TextChoices):
    """Why someone comes: each has its own capacity in a slot."""

    PRE_COMPLAINT = "pre_complaint", _("signing a pre-complaint")
    BAV = "bav", _("victim bureau session")
    ASSOCIATION = "association", _("appointment with the association")


class BookingState(models.TextChoices):
    BOOKED = "booked", _("booked")
    CONFIRMED = "confirmed", _("confirmed")
    HONOURED = "honoured", _("honoured")
    MISSED = "missed", _("missed")
    CANCELLED = "cancelled", _("cancelled")


# States that hold a place in their slot.
HOLDING = (BookingState.BOOKED, BookingState.CONFIRMED)


class Agenda(models.Model):
    """How a place receives appointments; its hours and closures are the directory's."""

    service = models.OneToOneField(
        Service, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("place")
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    horizon_days = models.PositiveSmallIntegerField(
        _("bookable days ahead"), default=30, validators=[MaxValueValidator(366)]
    )
    notice_minutes = models.PositiveIntegerField(
        _("minimum notice (minutes)"),
        default=60,
        help_text=_("No slot can be booked by the public closer to now than this."),
    )
    active = models.BooleanField(_("taking bookings"), default=True)

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")

    def __str__(self) -> str:
        return str(self.service)


class AgendaCapacity(models.Model):
    """How many people of one motive a slot takes; a motive without a row is not offered."""

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="capacities")
    motive = models.CharField(_("motive"), max_length=16, choices=Motive.choices)
    capacity = models.PositiveSmallIntegerField(
        _("people per slot"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )

    class Meta:
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        constraints = [models.UniqueConstraint(fields=["agenda", "motive"], name="capacity_unique")]

    def __str__(self) -> str:
        return f"{self.agenda} – {self.get_motive_display()}: {self.capacity}"


class SlotLoad(models.Model):
    """How many places of a slot are taken for one motive: the row two bookings race on."""

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="+")
    motive = models.CharField(max_length=16, choices=Motive.choices)
    start = models.DateTimeField()
    taken = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agenda", "motive", "start"], name="slot_unique"),
            models.CheckConstraint(condition=models.Q(taken__gte=0), name="slot_taken_positive"),
        ]


class Booking(models.Model):
    """One appointment. The public holds it by a link whose token only its hash is kept of;
    the person's name and contact are encrypted and erased when the purpose ends."""

    agenda = models.ForeignKey(Agenda, on_delete=models.PROTECT, related_name="bookings")
    motive = models.CharField(_("motive"), max_length=16, choices=Motive.choices)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    state = models.CharField(
        _("state"), max_length=12, choices=BookingState.choices, default=BookingState.BOOKED
    )
    reference = models.CharField(_("reference"), max_length=12, unique=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    name = EncryptedTextField(_("name"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=2, default="fr")
    reminders = models.BooleanField(
        _("agreed to a reminder"),
        default=False,
        help_text=_("A reminder the day before, by e-mail and text message, in neutral words."),
    )
    note = EncryptedTextField(_("message to the person"), blank=True)
    # Who receives her (an association's professional), and who booked it from staff pages.
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("received by"),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the booking is for, in the app that made it ("complaints", "cases"): booking
    # itself never reads it.
    source = models.CharField(max_length=16, blank=True)
    source_id = models.BigIntegerField(null=True, blank=True)
    # The last day it may take place: a pre-complaint's data are erased after it.
    latest_day = models.DateField(_("last possible day"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [
            models.Index(fields=["agenda", "start"], name="booking_agenda_day"),
            models.Index(fields=["source", "source_id"], name="booking_source"),
            models.Index(
                fields=["start"],
                name="booking_reminders_due",
                condition=models.Q(reminders=True, reminder_sent_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def holds_a_place(self) -> bool:
        return self.state in HOLDING


class CalendarFeed(models.Model):
    """A staff member's private calendar address: only the hash of its token is kept."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)


class AttemptKind(models.TextChoices):
    ADDRESS = "address", _("client address")
    PHONE = "phone", _("phone number")
    EMAIL = "email", _("e-mail address")


class PublicAttempt(models.Model):
    """One booking or pre-complaint sent from a public page, counted against its client
    address (and phone): only a keyed hash is kept, with the time; purged after a day."""

    kind = models.CharField(max_length=8, choices=AttemptKind.choices)
    key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["kind", "key", "at"], name="public_attempt_key"),
            models.Index(fields=["at"], name="public_attempt_at"),
        ]
