"""Every write of the agendas: book, move, cancel, confirm, mark, erase. One transaction
each, with its audit line.

No double booking: a booking takes its place by one conditional update of the slot's
`SlotLoad` row (`taken = taken + 1 where taken < capacity`). PostgreSQL re-reads the row
after a concurrent writer commits, SQLite runs one writer at a time (IMMEDIATE
transactions): either way, of two people racing for the last place exactly one gets it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import Cast, Concat, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appui.core import audit
from appui.core.access import Actor, SystemActor
from appui.core.models import AuditAction, SystemKind

from .audit_targets import BookingTarget
from .models import HOLDING, Agenda, Booking, BookingState, CalendarFeed, SlotLoad
from .slots import Slot, slot_at

PUBLIC = SystemActor(SystemKind.PUBLIC)
WORKER = SystemActor(SystemKind.WORKER)
# Letters that cannot be misread for one another over the phone (no 0/O, 1/I/L).
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8
TOKEN_BYTES = 24  # 192 random bits in each link


class Unavailable(ValueError):
    """A slot that cannot be booked; `str()` says why in the reader's language."""

    MESSAGES = {
        "not_a_slot": _("This time is not one of the place's appointment times."),
        "past": _("This time has passed, or is too close to book now. Choose a later one."),
        "full": _("Someone has just taken the last place at this time. Choose another one."),
        "too_late": _(
            "This day is too late: your details are kept 30 days only. Choose an earlier day."
        ),
        "not_offered": _("This place does not take this kind of appointment."),
        "closed": _("This appointment can no longer be changed."),
    }

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(str(self.MESSAGES[reason]))

    def __str__(self) -> str:
        return str(self.MESSAGES[self.reason])


@dataclass(frozen=True)
class Contact:
    """Who the appointment is for, as she gave it."""

    name: str = ""
    phone: str = ""
    email: str = ""
    language: str = "fr"
    reminders: bool = False


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def by_token(token: str) -> Booking | None:
    """The booking a link holds; None for a forged, mistyped or erased one."""
    if not token or len(token) > 100:
        return None
    return (
        Booking.objects.select_related("agenda__service")
        .filter(token_hash=hash_token(token))
        .first()
    )


def _checked_slot(
    agenda: Agenda, motive: str, start: dt.datetime, latest_day: dt.date | None, now
) -> Slot:
    from appui.directory.hours import PARIS

    if not agenda.active or not agenda.capacities.filter(motive=motive).exists():
        raise Unavailable("not_offered")
    if not 2000 <= start.year <= 2100:  # no agenda goes there; 9999 overflows the dates
        raise Unavailable("not_a_slot")
    if latest_day and start.astimezone(PARIS).date() > latest_day:
        raise Unavailable("too_late")
    slot = slot_at(agenda, motive, start, now=now)
    if slot is None:
        earliest = now + dt.timedelta(minutes=agenda.notice_minutes)
        raise Unavailable("past" if start < earliest else "not_a_slot")
    return slot


def _take(agenda: Agenda, motive: str, slot: Slot) -> None:
    """Take one place in `slot`, or raise Unavailable("full"). Inside a transaction."""
    try:
        with transaction.atomic():
            SlotLoad.objects.get_or_create(agenda=agenda, motive=motive, start=slot.start)
    except IntegrityError:
        pass  # made by a concurrent booking a moment ago: it exists now
    taken = SlotLoad.objects.filter(
        agenda=agenda, motive=motive, start=slot.start, taken__lt=slot.capacity
    ).update(taken=F("taken") + 1)
    if not taken:
        raise Unavailable("full")


def _locked(booking: Booking) -> Booking:
    """The appointment as it is now, locked until the transaction ends: another request
    (her link in another tab, the unit's page) may have moved or cancelled it since
    `booking` was read."""
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("agenda__service")
        .get(pk=booking.pk)
    )


def _lock_loads(agenda: Agenda, motive: str, starts: list[dt.datetime]) -> None:
    """Lock the count rows of these slots in the order of their starts (making a missing
    one): two moves crossing between the same two slots then wait for each other instead of
    each holding the row the other one needs."""
    for start in sorted(starts):
        try:
            with transaction.atomic():
                SlotLoad.objects.get_or_create(agenda=agenda, motive=motive, start=start)
        except IntegrityError:
            pass
    list(
        SlotLoad.objects.select_for_update()
        .filter(agenda=agenda, motive=motive, start__in=starts)
        .order_by("start")
        .values_list("pk", flat=True)
    )


def _release(booking: Booking) -> None:
    SlotLoad.objects.filter(
        agenda_id=booking.agenda_id, motive=booking.motive, start=booking.start, taken__gt=0
    ).update(taken=F("taken") - 1)


def _record(actor, action, booking: Booking) -> None:
    audit.record(
        actor,
        action,
        BookingTarget.BOOKING,
        booking.pk,
        organisation_id=booking.agenda.service.organisation_id,
    )


def book(
    agenda: Agenda,
    motive: str,
    start: dt.datetime,
    contact: Contact,
    *,
    actor: Actor | SystemActor = PUBLIC,
    source: str = "",
    source_id: int | None = None,
    latest_day: dt.date | None = None,
    staff_user_id: int | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> tuple[Booking, str]:
    """Book one place; returns the booking and the token of its link (shown once, only its
    hash is kept). Raises Unavailable when the slot cannot be had."""
    now = now or timezone.now()
    slot = _checked_slot(agenda, motive, start, latest_day, now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        _take(agenda, motive, slot)
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    booking = Booking.objects.create(
                        agenda=agenda,
                        motive=motive,
                        start=slot.start,
                        end=slot.end,
                        reference=_new_reference(),
                        token_hash=hash_token(token),
                        name=contact.name,
                        phone=contact.phone,
                        email=contact.email,
                        language=contact.language,
                        reminders=contact.reminders and bool(contact.phone or contact.email),
                        note=note,
                        staff_id=staff_user_id,
                        booked_by_id=actor.user_id if isinstance(actor, Actor) else None,
                        source=source,
                        source_id=source_id,
                        latest_day=latest_day,
                    )
                break
            except IntegrityError:  # a reference already given: draw another
                continue
        else:  # pragma: no cover - 31^8 references
            raise RuntimeError("no free booking reference")
        _record(actor, AuditAction.CREATE, booking)
    return booking, token


def move(
    booking: Booking,
    start: dt.datetime,
    *,
    actor: Actor | SystemActor = PUBLIC,
    now: dt.datetime | None = None,
) -> Booking:
    """Move to another slot of the same agenda: the new place is taken before the old one
    is given back, so a failed move leaves the appointment as it was."""
    now = now or timezone.now()
    if not booking.holds_a_place:
        raise Unavailable("closed")
    slot = _checked_slot(booking.agenda, booking.motive, start, booking.latest_day, now)
    with transaction.atomic():
        locked = _locked(booking)
        if not locked.holds_a_place:
            raise Unavailable("closed")
        if slot.start != locked.start:
            _lock_loads(locked.agenda, locked.motive, [locked.start, slot.start])
            _take(locked.agenda, locked.motive, slot)
            _release(locked)
            locked.start, locked.end = slot.start, slot.end
            locked.state = BookingState.BOOKED
            locked.reminder_sent_at = None
            locked.save(update_fields=["start", "end", "state", "reminder_sent_at", "updated_at"])
            _record(actor, AuditAction.UPDATE, locked)
    for field in ("start", "end", "state", "reminder_sent_at"):
        setattr(booking, field, getattr(locked, field))
    return booking


def cancel(booking: Booking, *, actor: Actor | SystemActor = PUBLIC) -> Booking:
    """Cancel and give the place back (cancelling twice does nothing more)."""
    with transaction.atomic():
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.state not in HOLDING:
            return locked
        _release(locked)
        locked.state = BookingState.CANCELLED
        locked.save(update_fields=["state", "updated_at"])
        _record(actor, AuditAction.UPDATE, locked)
    booking.state = locked.state
    return booking


def confirm(booking: Booking, actor: Actor, *, note: str | None = None) -> Booking:
    """The place confirms the appointment, optionally with a message to the person (the
    documents to bring)."""
    with transaction.atomic():
        locked = _locked(booking)
        if not locked.holds_a_place:
            raise Unavailable("closed")
        locked.state = BookingState.CONFIRMED
        fields = ["state", "updated_at"]
        if note is not None:
            locked.note = note
            fields.append("note")
        locked.save(update_fields=fields)
        _record(actor, AuditAction.UPDATE, locked)
    booking.state, booking.note = locked.state, locked.note
    return booking


def mark(booking: Booking, actor: Actor, state: str) -> Booking:
    """Honoured or missed, once the time has come; the place is then used or lost, not
    given back."""
    if state not in (BookingState.HONOURED, BookingState.MISSED):
        raise ValueError(state)
    with transaction.atomic():
        locked = _locked(booking)
        if not locked.holds_a_place and locked.state != state:
            raise Unavailable("closed")
        locked.state = state
        locked.save(update_fields=["state", "updated_at"])
        _record(actor, AuditAction.UPDATE, locked)
    booking.state = locked.state
    return booking


def forget_slot_loads(before: dt.datetime) -> int:
    """Delete the places-taken rows of slots that began before `before`: a past slot takes
    no booking, and its appointments keep their own rows (the agenda's counts). Returns how
    many rows went."""
    deleted, _by_model = SlotLoad.objects.filter(start__lt=before).delete()
    return deleted


def _give_back(holding: dict[tuple, int]) -> None:
    """Give back `holding` {(agenda, motive, start): places} in a few statements: one read of
    the slots' rows, then one UPDATE … CASE per 500 of them (an erasure run frees
    thousands of slots; one statement each was half its time)."""
    if not holding:
        return
    by_key: dict[tuple, int] = {}
    agendas = {agenda_id for agenda_id, _m, _s in holding}
    starts = {start for _a, _m, start in holding}
    for pk, agenda_id, motive, start in SlotLoad.objects.filter(
        agenda_id__in=agendas, start__in=starts
    ).values_list("pk", "agenda_id", "motive", "start"):
        count = holding.get((agenda_id, motive, start))
        if count:
            by_key[pk] = count
    ids = sorted(by_key)  # in order, as every writer of these rows locks them
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        less = Case(*(When(pk=pk, then=Value(by_key[pk])) for pk in chunk), default=Value(0))
        SlotLoad.objects.filter(pk__in=chunk).update(taken=Greatest(F("taken") - less, 0))


def erase_personal_data(booking_ids, actor: Actor | SystemActor = WORKER) -> int:
    """Erase the name, contact and message of these bookings in a few statements (the rows
    stay, anonymous, for the agenda's counts; their link stops working); those still
    holding a place are cancelled and give it back. One audit line each. Returns how many."""
    ids = list(booking_ids)
    if not ids:
        return 0
    with transaction.atomic():
        rows = list(
            Booking.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list(
                "pk", "agenda_id", "motive", "start", "state", "agenda__service__organisation_id"
            )
        )
        holding: dict[tuple, int] = {}
        for _pk, agenda_id, motive, start, state, _org in rows:
            if state in HOLDING:
                key = (agenda_id, motive, start)
                holding[key] = holding.get(key, 0) + 1
        _give_back(holding)
        Booking.objects.filter(pk__in=ids, state__in=HOLDING).update(state=BookingState.CANCELLED)
        Booking.objects.filter(pk__in=ids).update(
            name="",
            phone="",
            email="",
            note="",
            reminders=False,
            token_hash=Concat(Value("erased:"), Cast("pk", CharField())),
            updated_at=timezone.now(),
        )
        audit.record_many(
            [
                audit.event(
                    actor, AuditAction.ERASE, BookingTarget.BOOKING, pk, organisation_id=org
                )
                for pk, _a, _m, _s, _st, org in rows
            ]
        )
    return len(rows)


def feed_token(user_id: int) -> str:
    """A new private calendar address for a staff member (the previous one stops working)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    CalendarFeed.objects.update_or_create(
        user_id=user_id, defaults={"token_hash": hash_token(token)}
    )
    return token


def feed_owner(token: str) -> int | None:
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.filter(token_hash=hash_token(token))
        .values_list("user_id", flat=True)
        .first()
    )


def claim_reminder(booking_id: int, now: dt.datetime) -> bool:
    """Mark one reminder as sent, once: False when another worker (or an earlier run)
    already did. The caller sends only when it gets True."""
    return bool(
        Booking.objects.filter(
            pk=booking_id, reminder_sent_at__isnull=True, reminders=True, state__in=HOLDING
        ).update(reminder_sent_at=now)
    )


# --- the agendas' settings, edited by the federation's directory editors -----------------


@transaction.atomic
def save_agenda(agenda: Agenda, *, by: Actor | SystemActor) -> Agenda:
    """Check and save an agenda edited by hand (its hours stay the directory's), audited."""
    created = agenda.pk is None
    agenda.full_clean()
    agenda.save()
    _record_agenda(by, AuditAction.CREATE if created else AuditAction.UPDATE, agenda)
    return agenda


@transaction.atomic
def save_agenda_parts(agenda: Agenda, *, by: Actor | SystemActor, saved=(), deleted=()) -> None:
    """Save the capacities edited on an agenda's page, after deleting those removed. A
    motive removed stops being offered; bookings already made stay. Audited as a change of
    the agenda."""
    for part in deleted:
        part.delete()
    for part in saved:
        part.agenda = agenda
        part.full_clean(validate_unique=False, validate_constraints=False)
        part.save()
    if saved or deleted:
        _record_agenda(by, AuditAction.UPDATE, agenda)


@transaction.atomic
def delete_agenda(agenda: Agenda, *, by: Actor | SystemActor) -> None:
    """An agenda with bookings is kept (they are its history): it stops taking new ones."""
    if agenda.bookings.exists():
        agenda.active = False
        agenda.save(update_fields=["active"])
        _record_agenda(by, AuditAction.UPDATE, agenda)
        return
    _record_agenda(by, AuditAction.DELETE, agenda)
    agenda.delete()


def _record_agenda(by: Actor | SystemActor, action: AuditAction, agenda: Agenda) -> None:
    audit.record(by, action, BookingTarget.AGENDA, agenda.pk)
