"""Every write of the pre-complaints: send, confirm, move, mark signed or missed, erase.
One transaction each, with its audit lines and its counters.

The process is the seed's (décret n° 2008-1109): she fills the guided form, picks a unit
and a day, the unit confirms and lists the documents to bring, she signs there. Her
nominative data leave Appui when she signs, and 30 days after receipt when she does not
(`erase_expired`, which the worker runs every 15 minutes); the counters stay.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from appui.booking import limits, notify
from appui.booking import services as booking
from appui.booking.models import Agenda, Booking, BookingState, Motive
from appui.booking.slots import free_slots
from appui.core import audit
from appui.core.access import Actor
from appui.core.models import AuditAction
from appui.directory.hours import PARIS
from appui.directory.models import Kind, Service

from . import counters, drafts, sections
from .audit_targets import ComplaintTarget as T
from .models import GONE, KEEPING, Category, Outcome, PreComplaint, State
from .permissions import ComplaintPermission as P
from .policies import require

UNIT_KINDS = (Kind.POLICE, Kind.GENDARMERIE)
NEAREST = 10
ERASE_BATCH = 2000
# The nominative columns: blank once she signed or her 30 days are over.
CONTENT = ("declarant", "facts", "goods", "payments", "evidence")


class Incomplete(ValueError):
    """A section is missing: she is sent back to it."""

    def __init__(self, section: str):
        super().__init__(section)
        self.section = section


class NotAllowed(ValueError):
    """An action the pre-complaint's state does not allow; `str()` says why."""


# --- reading ------------------------------------------------------------------------------


def erase_day(received_at: dt.datetime) -> dt.date:
    return (received_at + KEEPING).astimezone(PARIS).date()


def latest_day(received_at: dt.datetime) -> dt.date:
    """The last day an appointment may take: the day before her data are erased."""
    return erase_day(received_at) - dt.timedelta(days=1)


def units():
    """The units that receive pre-complaints: a police or gendarmerie service whose agenda
    is open and offers the motive."""
    return (
        Service.objects.filter(
            kind__in=UNIT_KINDS,
            agenda__active=True,
            agenda__capacities__motive=Motive.PRE_COMPLAINT,
        )
        .select_related("agenda")
        .distinct()
    )


@dataclass(frozen=True)
class Nearby:
    unit: Service
    km: float | None
    slots: list  # booking.slots.Slot, free, within the keeping period


def nearest_units(
    commune_code: str, *, now: dt.datetime | None = None, limit: int = NEAREST
) -> list[Nearby]:
    """The `limit` units nearest to a commune, each with its free slots until the day before
    the erasure of data received now."""
    from appui.territory import services as territory

    now = now or timezone.now()
    hit = territory.get_commune(commune_code)
    # Rank from the few columns a distance needs, then load the chosen units only: a
    # national directory holds thousands of units.
    candidates = (
        units()
        .order_by()
        .values_list("pk", "name", "latitude", "longitude", "commune_code")
        .distinct()
    )

    def ranked(row):
        _pk, name, latitude, longitude, commune = row
        km = None
        if hit is not None:
            if latitude is not None and longitude is not None:
                km = territory.distance_km(hit, latitude, longitude)
            elif commune:
                place = territory.get_commune(commune)
                if place is not None and place.latitude is not None:
                    km = territory.distance_km(hit, place.latitude, place.longitude)
        return (km is None, km or 0.0, name, km)

    keyed = [(ranked(row), row[0]) for row in candidates]
    best = heapq.nsmallest(limit, keyed)
    loaded = Service.objects.select_related("agenda").in_bulk([pk for _key, pk in best])
    chosen = [(loaded[pk], key[3]) for key, pk in best if pk in loaded]
    slots = free_slots(
        [unit.agenda for unit, _km in chosen],
        Motive.PRE_COMPLAINT,
        now.astimezone(PARIS).date(),
        latest_day(now),
        now=now,
    )
    return [
        Nearby(unit, None if km is None else round(km, 1), slots.get(unit.agenda.pk, []))
        for unit, km in chosen
    ]


def unit_slots(unit: Service, *, now: dt.datetime | None = None, last: dt.date | None = None):
    """One unit's free slots from today to `last` (default: the keeping period's last day)."""
    now = now or timezone.now()
    agenda = unit.agenda
    found = free_slots(
        [agenda],
        Motive.PRE_COMPLAINT,
        now.astimezone(PARIS).date(),
        last or latest_day(now),
        now=now,
    )
    return found.get(agenda.pk, [])


def receiving_unit(pk: int) -> Service | None:
    return units().filter(pk=pk).first()


def content(pre_complaint: PreComplaint) -> dict[str, dict]:
    """Her sections as she typed them ({} each once erased)."""
    found = {}
    for name in CONTENT:
        raw = getattr(pre_complaint, name)
        found[name] = json.loads(raw) if raw else {}
    return found


# --- sending ------------------------------------------------------------------------------


def _json(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def send(
    draft: dict[str, Any],
    unit: Service,
    start: dt.datetime,
    *,
    reminders: bool = False,
    client_address: str | None = None,
    language: str = "fr",
    now: dt.datetime | None = None,
) -> tuple[PreComplaint, Booking, str]:
    """Record the pre-complaint and book its appointment, both or neither.

    Raises Incomplete (a section missing), booking's limits.TooMany (the public forms'
    limits per client address and phone number, `appui.booking.limits`: counted only
    when it is sent), booking.Unavailable (the slot was taken meanwhile, or is no longer
    one)."""
    now = now or timezone.now()
    category = (draft.get("gate") or {}).get("what")
    if category not in Category.values:
        raise Incomplete("gate")
    missing = drafts.first_missing(draft)
    if missing:
        raise Incomplete(missing)
    declarant = draft["declarant"]
    agenda: Agenda = unit.agenda
    with transaction.atomic():
        limits.check_and_count(client_address, declarant.get("phone", ""), now)
        pre_complaint = PreComplaint.objects.create(
            unit=unit,
            category=category,
            received_at=now,
            erase_after=now + KEEPING,
            language=language,
            on_behalf=declarant.get("on_behalf", "self"),
            **{name: _json(draft[name]) for name in CONTENT},
        )
        appointment, token = booking.book(
            agenda,
            Motive.PRE_COMPLAINT,
            start,
            booking.Contact(
                name=f"{declarant.get('first_name', '')} {declarant.get('last_name', '')}".strip(),
                phone=declarant.get("phone", ""),
                email=declarant.get("email", ""),
                language=language,
                reminders=reminders,
            ),
            actor=booking.PUBLIC,
            source="complaints",
            source_id=pre_complaint.pk,
            latest_day=latest_day(now),
            now=now,
        )
        pre_complaint.booking = appointment
        pre_complaint.save(update_fields=["booking"])
        counters.add(unit.pk, now, category, Outcome.RECEIVED)
        audit.record(
            booking.PUBLIC,
            AuditAction.CREATE,
            T.PRE_COMPLAINT,
            pre_complaint.pk,
            organisation_id=unit.organisation_id,
        )
    return pre_complaint, appointment, token


# --- the unit's actions -------------------------------------------------------------------


def read(actor: Actor, pre_complaint: PreComplaint, *, numbers: bool = False) -> None:
    """A read of the pre-complaint (or of its full payment numbers): one audit line, like
    the read of a case file."""
    require(actor, P.VIEW, pre_complaint)
    with transaction.atomic():
        audit.record(
            actor,
            AuditAction.VIEW,
            T.PAYMENT_NUMBERS if numbers else T.PRE_COMPLAINT,
            pre_complaint.pk,
            organisation_id=pre_complaint.unit.organisation_id,
        )


def _record(actor, action, pre_complaint: PreComplaint) -> None:
    audit.record(
        actor,
        action,
        T.PRE_COMPLAINT,
        pre_complaint.pk,
        organisation_id=pre_complaint.unit.organisation_id,
    )


def _locked(pre_complaint: PreComplaint) -> PreComplaint:
    locked = (
        PreComplaint.objects.select_for_update(of=("self",))
        .select_related("unit", "booking__agenda__service")
        .get(pk=pre_complaint.pk)
    )
    if not locked.holds_data:
        raise NotAllowed(_("This pre-complaint has left Appui: it was signed or erased."))
    return locked


def _after_commit_changed(appointment: Booking) -> None:
    transaction.on_commit(lambda: notify.changed(appointment))


def documents_note(keys: list[str], extra: str, language: str) -> str:
    """The message she reads on her link page: the documents to bring, in her language."""
    from .wording import DOCUMENTS

    with translation.override(language):
        lines = [str(DOCUMENTS[key]) for key in keys if key in DOCUMENTS]
        text = ""
        if lines:
            text = _("Please bring:") + "\n" + "\n".join(f"– {line}" for line in lines)
        if extra.strip():
            text = f"{text}\n\n{extra.strip()}" if text else extra.strip()
    return text


def confirm(actor: Actor, pre_complaint: PreComplaint, *, documents: list[str], note: str = ""):
    """The unit confirms the appointment and tells her what to bring (on her link page)."""
    require(actor, P.PROCESS, pre_complaint)
    with transaction.atomic():
        locked = _locked(pre_complaint)
        if locked.booking is None:
            raise NotAllowed(_("This pre-complaint has no appointment."))
        appointment = booking.confirm(
            locked.booking,
            actor,
            note=documents_note(documents, note, locked.booking.language),
        )
        locked.state = State.CONFIRMED
        locked.save(update_fields=["state"])
        _record(actor, AuditAction.UPDATE, locked)
        _after_commit_changed(appointment)
    return locked


def move(actor: Actor, pre_complaint: PreComplaint, start: dt.datetime, *, now=None):
    """The unit proposes another time: never past the day before her data are erased
    (the booking's own `latest_day`)."""
    require(actor, P.PROCESS, pre_complaint)
    with transaction.atomic():
        locked = _locked(pre_complaint)
        if locked.booking is None:
            raise NotAllowed(_("This pre-complaint has no appointment."))
        appointment = booking.move(locked.booking, start, actor=actor, now=now)
        locked.state = State.RECEIVED
        locked.save(update_fields=["state"])
        _record(actor, AuditAction.UPDATE, locked)
        _after_commit_changed(appointment)
    return locked


def _blank(now: dt.datetime) -> dict[str, Any]:
    return {**{name: "" for name in CONTENT}, "ended_at": now}


def sign(actor: Actor, pre_complaint: PreComplaint, *, now=None) -> PreComplaint:
    """She signed at the unit: the pre-complaint leaves Appui at once (its sections and her
    appointment's name and contact erased); the counter "signed" stays."""
    require(actor, P.PROCESS, pre_complaint)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(pre_complaint)
        appointment = locked.booking
        if appointment is not None and appointment.holds_a_place:
            try:
                booking.mark(appointment, actor, BookingState.HONOURED)
            except booking.Unavailable:
                pass  # cancelled by her link a moment ago: she came and signed all the same
        PreComplaint.objects.filter(pk=locked.pk).update(state=State.SIGNED, **_blank(now))
        if appointment is not None:
            booking.erase_personal_data([appointment.pk], actor=actor)
        counters.add(locked.unit_id, locked.received_at, locked.category, Outcome.SIGNED)
        _record(actor, AuditAction.ERASE, locked)
    locked.refresh_from_db()
    return locked


def mark_missed(actor: Actor, pre_complaint: PreComplaint, *, now=None) -> PreComplaint:
    """She did not come: the appointment is marked missed; her data stay until the 30 days
    are over, in case she comes later or asks for another time."""
    require(actor, P.PROCESS, pre_complaint)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(pre_complaint)
        appointment = locked.booking
        if appointment is None or appointment.start > now:
            raise NotAllowed(_("The appointment has not taken place yet."))
        booking.mark(appointment, actor, BookingState.MISSED)
        locked.state = State.MISSED
        locked.save(update_fields=["state"])
        _record(actor, AuditAction.UPDATE, locked)
    return locked


# --- erasure ------------------------------------------------------------------------------


def _outcome(booking_state: str | None) -> str:
    if booking_state == BookingState.CANCELLED:
        return Outcome.CANCELLED
    if booking_state == BookingState.MISSED:
        return Outcome.MISSED
    return Outcome.ERASED


def erase_expired(
    *, now: dt.datetime | None = None, batch: int = ERASE_BATCH, limit: int | None = None
) -> int:
    """Erase the nominative data of every pre-complaint not signed 30 days after receipt
    (décret n° 2008-1109): its sections, and its appointment's name and contact. Counters
    stay, by outcome. In batches of `batch`, one transaction each, so a night's backlog of
    a million never holds one long lock; at most `limit` in this call; idempotent. Returns
    how many were erased."""
    now = now or timezone.now()
    done = 0
    while limit is None or done < limit:
        size = batch if limit is None else min(batch, limit - done)
        with transaction.atomic():
            rows = list(
                PreComplaint.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(erase_after__lte=now)
                .exclude(state__in=GONE)
                .order_by("erase_after")
                .values_list(
                    "pk",
                    "unit_id",
                    "unit__organisation_id",
                    "category",
                    "received_at",
                    "booking_id",
                    "booking__state",
                )[:size]
            )
            if not rows:
                return done
            ids = [row[0] for row in rows]
            PreComplaint.objects.filter(pk__in=ids).update(state=State.ERASED, **_blank(now))
            booking.erase_personal_data([row[5] for row in rows if row[5]])
            counters.add_many(
                Counter(
                    (unit, counters.month_of(received), category, _outcome(state))
                    for _pk, unit, _org, category, received, _booking, state in rows
                )
            )
            audit.record_many(
                [
                    audit.event(
                        booking.WORKER, AuditAction.ERASE, T.PRE_COMPLAINT, pk, organisation_id=org
                    )
                    for pk, _unit, org, *_rest in rows
                ]
            )
        done += len(rows)
        if len(rows) < size:
            return done
    return done


def summaries(data: dict[str, dict], *, full_numbers: bool = False) -> list[tuple[str, str, list]]:
    """Each section's key, title and rows in words."""
    return [
        (
            name,
            str(sections.TITLES[name]),
            sections.summary(name, data.get(name) or {}, full_numbers=full_numbers),
        )
        for name in sections.ORDER
    ]
