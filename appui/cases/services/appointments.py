"""Appointments of the people of a file, and the day of a victim bureau the association runs.

The bookings themselves live in `appui.booking` (capacity, no double booking, the person's
link and reminders); here they are tied to a file (`source="cases"`, the file's id) and
checked with both policies: the case files' (one's own association's files and staff) and
the agendas' (`booking.policies`: the places one's own organisation runs).
Each write is one transaction holding booking's own audit line and one naming the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from appui.booking import notify
from appui.booking import policies as agendas
from appui.booking import services as booking
from appui.booking.audit_targets import BookingTarget
from appui.booking.models import HOLDING, Agenda, Booking, BookingState, Motive
from appui.booking.permissions import BookingPermission as BP
from appui.booking.slots import Slot, free_slots
from appui.core import audit
from appui.core.access import Actor
from appui.directory.hours import PARIS
from appui.directory.models import Kind, Service

from .. import policies, search
from ..models import CaseFile, Channel, FileStatus, Intake, Interview, Person
from ..permissions import CasePermission as P
from ..policies import require
from ._common import A, T
from .followup import add_interview
from .intake import AlreadyHandled, create_intake, split_contact_name
from .tasks import FileClosed, is_colleague

SOURCE = "cases"  # `Booking.source` of the appointments given from a file
LANGUAGES = ("fr", "en", "es")  # the languages her messages can be written in
WEEK = 7  # days of free times shown at once


# --- appointments given from a file --------------------------------------------------------


def appointment_places(actor: Actor) -> list[Agenda]:
    """The association's places that take its own appointments: its services with an active
    agenda offering the association's motive."""
    if not agendas.allows(actor, BP.AGENDA_BOOK):
        return []
    return list(
        agendas.agendas(actor)
        .filter(active=True, capacities__motive=Motive.ASSOCIATION)
        .select_related("service")
        .order_by("service__name", "pk")
    )


def appointment_place(actor: Actor, agenda_id: Any) -> Agenda | None:
    """One of `appointment_places(actor)`, by its id as typed in a query (None if it is not one)."""
    raw = str(agenda_id or "")
    if not (raw.isascii() and raw.isdigit()):
        return None
    return next((a for a in appointment_places(actor) if a.pk == int(agenda_id)), None)


def place_has_hours(agenda: Agenda) -> bool:
    """Slots come from the directory's opening hours only: none are ever made up."""
    return bool((agenda.service.opening_hours or "").strip())


def free_times(agenda: Agenda, first_day: dt.date, *, now=None) -> dict[dt.date, list[Slot]]:
    """The free slots of a week from `first_day`, by day (Paris time)."""
    slots = free_slots(
        [agenda], Motive.ASSOCIATION, first_day, first_day + dt.timedelta(days=WEEK - 1), now=now
    )[agenda.pk]
    days: dict[dt.date, list[Slot]] = {}
    for slot in slots:
        days.setdefault(slot.start.astimezone(PARIS).date(), []).append(slot)
    return days


def file_appointments(actor: Actor, file: CaseFile) -> list[Booking]:
    """The file's appointments, those to come first (soonest first), then the past ones
    (latest first). Part of the file's page, whose read line covers them."""
    if not (policies.is_own(actor, file) and agendas.allows(actor, BP.AGENDA_VIEW)):
        return []
    rows = list(
        agendas.bookings(actor)
        .filter(source=SOURCE, source_id=file.pk)
        .select_related("agenda__service", "staff__staff_profile")
        .order_by("start", "pk")
    )
    now = timezone.now()
    coming = [b for b in rows if b.end >= now]
    past = [b for b in rows if b.end < now]
    return coming + past[::-1]


def file_appointment(actor: Actor, file: CaseFile, pk: int) -> Booking:
    """One appointment of this file; 404 for any other (another file's, another
    association's, a public booking)."""
    found = agendas.get_booking(actor, pk)
    if (found.source, found.source_id) != (SOURCE, file.pk) or not policies.is_own(actor, file):
        raise Http404
    return found


def _check_write(actor: Actor, file: CaseFile, appointment: Agenda | Booking) -> None:
    """Her file is one's own to edit, the place's agenda one's own to fill."""
    require(actor, P.FILE_EDIT, file)
    agendas.require(actor, BP.AGENDA_BOOK, appointment)
    if file.status != FileStatus.OPEN:
        raise FileClosed


def _file_line(actor: Actor, action, file: CaseFile, appointment: Booking) -> None:
    audit.record(
        actor,
        action,
        BookingTarget.BOOKING,
        appointment.pk,
        file_id=file.pk,
        person_id=file.person_id,
        organisation_id=file.organisation_id,
    )


def contact_of(person: Person, reminders: bool) -> booking.Contact:
    """Her name and contact from her identity; messages only if she agreed to them."""
    language = person.language if person.language in LANGUAGES else "fr"
    name = " ".join(part for part in (person.first_name, person.last_name) if part)
    return booking.Contact(
        name=name,
        phone=person.phone,
        email=person.email,
        language=language,
        reminders=reminders,
    )


def give_appointment(
    actor: Actor,
    file: CaseFile,
    agenda: Agenda,
    start: dt.datetime,
    *,
    staff_user,
    note: str = "",
    reminders: bool = False,
    link_for: Callable[[str], str],
    now: dt.datetime | None = None,
) -> Booking:
    """Book her a slot in one of the association's places, received by a colleague.

    Raises `booking.Unavailable` (a slot just taken, past, not one of the place's) with
    nothing saved. When she agreed to be contacted, she is sent the time, her reference
    and her link (`link_for(token)`, an absolute address) once it is saved.
    """
    _check_write(actor, file, agenda)
    if not is_colleague(staff_user, file.organisation_id):
        raise PermissionDenied
    with transaction.atomic():
        made, token = booking.book(
            agenda,
            Motive.ASSOCIATION,
            start,
            contact_of(file.person, reminders),
            actor=actor,
            source=SOURCE,
            source_id=file.pk,
            staff_user_id=staff_user.pk,
            note=note,
            now=now,
        )
        _file_line(actor, A.CREATE, file, made)
    notify.booked(made, link_for(token))
    return made


def move_appointment(
    actor: Actor, file: CaseFile, appointment: Booking, start: dt.datetime, *, now=None
) -> Booking:
    """Another slot of the same place; the former one is kept if the new one cannot be had."""
    _check_write(actor, file, appointment)
    with transaction.atomic():
        moved = booking.move(appointment, start, actor=actor, now=now)
        _file_line(actor, A.UPDATE, file, moved)
    notify.changed(moved)
    return moved


def cancel_appointment(actor: Actor, file: CaseFile, appointment: Booking) -> Booking:
    """Cancelled, its place given back; cancelling twice does nothing more."""
    _check_write(actor, file, appointment)
    if appointment.state not in HOLDING:
        return appointment
    with transaction.atomic():
        cancelled = booking.cancel(appointment, actor=actor)
        _file_line(actor, A.UPDATE, file, cancelled)
    notify.changed(cancelled)
    return cancelled


# --- the victim bureau's day ---------------------------------------------------------------


@dataclass
class BavRow:
    booking: Booking
    files: list[CaseFile] = field(default_factory=list)  # her open files, when she is known

    @property
    def open(self) -> bool:
        return self.booking.state in HOLDING

    @property
    def name_only(self) -> set[int]:
        """The files found by the same name alone (not her phone number): a namesake's,
        perhaps, so the page asks to check before recording on it."""
        phone = search.phone_digits(self.booking.phone)
        return {
            f.pk for f in self.files if not (len(phone) >= 9 and f.person.phone_digits == phone)
        }


@dataclass
class BavDay:
    day: dt.date
    places: list[Service]
    rows: list[BavRow]


def bav_places(actor: Actor) -> list[Service]:
    """The victim bureaus (BAV) the actor's association runs, from the directory."""
    if not policies.allows(actor, P.INTAKE_QUEUE) or not agendas.allows(actor, BP.AGENDA_VIEW):
        return []
    return list(
        Service.objects.filter(kind=Kind.BAV, organisation_id=actor.organisation_id).order_by(
            "name", "pk"
        )
    )


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(0), PARIS)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), PARIS)


def _bav_bookings(actor: Actor, service_ids: list[int]):
    return (
        agendas.bookings(actor)
        .filter(
            agenda__service_id__in=service_ids,
            agenda__service__kind=Kind.BAV,
            motive=Motive.BAV,
        )
        .select_related("agenda__service")
    )


def _known_files(actor: Actor, bookings: list[Booking]) -> dict[int, list[CaseFile]]:
    """Her open files in the association, found by her phone number or her exact name;
    only for those who may record interviews."""
    if not bookings or not policies.allows(actor, P.INTERVIEW_ADD):
        return {}
    keys = {}
    for row in bookings:
        first, last = split_contact_name(row.name)
        keys[row.pk] = (search.phone_digits(row.phone), search.search_name(last, first))
    phones = {phone for phone, _name in keys.values() if len(phone) >= 9}
    names = {name for _phone, name in keys.values() if name}
    people = Person.objects.filter(organisation_id=actor.organisation_id).filter(
        phone_digits__in=phones
    ) | Person.objects.filter(organisation_id=actor.organisation_id, search_name__in=names)
    files = list(
        CaseFile.objects.filter(
            person__in=people.values("pk"),
            organisation_id=actor.organisation_id,
            status=FileStatus.OPEN,
        )
        .select_related("person")
        .order_by("-opened_on", "pk")
    )
    found: dict[int, list[CaseFile]] = {}
    for pk, (phone, name) in keys.items():
        found[pk] = [
            f
            for f in files
            if (len(phone) >= 9 and f.person.phone_digits == phone)
            or (name and f.person.search_name == name)
        ]
    return found


def bav_day(actor: Actor, day: dt.date) -> BavDay:
    """The day's BAV appointments at the association's bureaus, with her open files when she
    is known. Names are shown: one read line per appointment, and per person recognised."""
    require(actor, P.INTAKE_QUEUE)
    where = bav_places(actor)
    if not where:
        return BavDay(day, [], [])
    start, end = _day_bounds(day)
    bookings = list(
        _bav_bookings(actor, [s.pk for s in where])
        .filter(start__gte=start, start__lt=end)
        .exclude(state=BookingState.CANCELLED)
        .order_by("start", "agenda__service__name", "pk")
    )
    known = _known_files(actor, bookings)
    rows = [BavRow(b, known.get(b.pk, [])) for b in bookings]
    people = {f.person_id for row in rows for f in row.files}
    if rows:
        with transaction.atomic():
            audit.record_many(
                [
                    audit.event(
                        actor,
                        A.VIEW,
                        BookingTarget.BOOKING,
                        row.booking.pk,
                        organisation_id=actor.organisation_id,
                    )
                    for row in rows
                ]
                + [
                    audit.event(
                        actor,
                        A.VIEW,
                        T.PERSON,
                        person_id,
                        person_id=person_id,
                        organisation_id=actor.organisation_id,
                    )
                    for person_id in sorted(people)
                ]
            )
    return BavDay(day, where, rows)


def bav_booking(actor: Actor, pk: int) -> Booking:
    """A BAV appointment at one of the association's bureaus; 404 for any other."""
    require(actor, P.INTAKE_QUEUE)
    found = _bav_bookings(actor, [s.pk for s in bav_places(actor)]).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _honour(actor: Actor, appointment: Booking) -> Booking:
    """She came: the appointment is marked honoured, once (`AlreadyHandled` otherwise)."""
    locked = Booking.objects.select_for_update().select_related("agenda__service")
    current = locked.get(pk=appointment.pk)
    if current.state not in HOLDING:
        raise AlreadyHandled
    return booking.mark(current, actor, BookingState.HONOURED)


def open_bav_intake(actor: Actor, appointment: Booking) -> Intake:
    """An intake in the association's queue from a BAV appointment (her name, phone,
    e-mail and language, channel "victim bureau"), the appointment marked honoured: one step,
    once (`AlreadyHandled` when it was done already)."""
    require(actor, P.INTAKE_QUEUE)
    agendas.require(actor, BP.AGENDA_BOOK, appointment)
    with transaction.atomic():
        _honour(actor, appointment)
        intake = create_intake(
            actor,
            channel=Channel.BAV,
            data={
                "contact_name": appointment.name,
                "contact_phone": appointment.phone,
                "contact_email": appointment.email,
                "language": appointment.language,
            },
        )
    return intake


def bav_file(actor: Actor, appointment: Booking, file_pk: int) -> CaseFile:
    """One of her open files the BAV day offers for an interview; 404 for any other."""
    for file in _known_files(actor, [appointment]).get(appointment.pk, []):
        if file.pk == file_pk:
            return file
    raise Http404


def record_bav_interview(
    actor: Actor, appointment: Booking, file: CaseFile, data: dict[str, Any]
) -> Interview:
    """An interview on her file from her BAV appointment, which is marked honoured if it was
    not yet (an intake may have been opened first)."""
    agendas.require(actor, BP.AGENDA_BOOK, appointment)
    require(actor, P.INTERVIEW_ADD, file)
    with transaction.atomic():
        interview = add_interview(actor, file, data)
        try:
            _honour(actor, appointment)
        except AlreadyHandled:
            pass
    return interview
