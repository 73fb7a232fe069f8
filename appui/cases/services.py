"""Every write of the case files: one transaction and its audit lines each.

Views stay thin: they check the form, call one function here, and show the result. Each
function takes the acting `Actor` (None for the public guide) and enforces the access
policy again, so a forgotten check in a view cannot open a file to the wrong person.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from appui.core import audit
from appui.core.access import Actor, Permission
from appui.core.crypto import decrypt_bytes, encrypt_bytes
from appui.core.models import (
    AuditAction,
    AuditTarget,
    ExceptionalAccess,
    Organisation,
    OrganisationKind,
)

from . import policies, search
from .models import (
    AFFAIR_FIELDS,
    FILE_FACT_FIELDS,
    Affair,
    CallbackAttempt,
    CallbackLimitKind,
    CaseFile,
    Channel,
    Document,
    FileStatus,
    IndividualAssessment,
    Intake,
    IntakeStatus,
    Interview,
    Measure,
    MeasureKind,
    MonthlyCount,
    Person,
    ProtectionMeasure,
    Referral,
    ReferralStatus,
    Task,
    TaskKind,
    TaskStatus,
)

A, T = AuditAction, AuditTarget


def today() -> dt.date:
    return timezone.localdate()


def departement_of(commune_code: str) -> str:
    code = (commune_code or "").upper()
    if not code:
        return ""
    return code[:3] if code.startswith("97") else code[:2]


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _count(organisation: Organisation, day: dt.date, measure: Measure, key: str = "") -> None:
    """Add one to an anonymous monthly counter (statistics never read the files)."""
    fields = {
        "organisation": organisation,
        "departement": organisation.departement or "",
        "month": _month(day),
        "measure": measure,
        "key": key,
    }
    updated = MonthlyCount.objects.filter(**fields).update(count=F("count") + 1)
    if not updated:
        MonthlyCount.objects.create(**fields, count=1)


def _require(actor: Actor | None, permission: Permission) -> Actor:
    if actor is None or not actor.can(permission):
        raise PermissionDenied
    return actor


def _own(actor: Actor, record_organisation_id: int) -> None:
    """Writes happen in one's own association only (an exceptional access only reads)."""
    if record_organisation_id != actor.organisation_id:
        raise PermissionDenied


# --- intake ----------------------------------------------------------------------------


def competent_organisation(commune_code: str) -> Organisation:
    """The association covering a town, found through the directory; else the federation,
    whose 116 006 listeners take the request and route it by hand."""
    from appui.directory.models import Kind
    from appui.directory.services import UnknownCommune, services_for_commune

    slugs: list[str] = []
    if commune_code:
        try:
            slugs = [s.id for s in services_for_commune(commune_code, kinds={Kind.ASSOCIATION})]
        except UnknownCommune:
            slugs = []
    if slugs:
        by_slug = {
            o.directory_slug: o for o in Organisation.objects.filter(directory_slug__in=slugs)
        }
        for slug in slugs:
            if slug in by_slug:
                return by_slug[slug]
    federation = Organisation.objects.filter(kind=OrganisationKind.FEDERATION).first()
    if federation is None:
        raise Organisation.DoesNotExist("No federation organisation: run `appui load_demo`.")
    return federation


INTAKE_FIELDS = (
    "contact_name",
    "contact_phone",
    "contact_email",
    "preferred_time",
    "commune_code",
    "language",
    "offence_category",
    "summary",
    "mandate_reference",
    "mandate_due",
)


# What a callback request carries from the guide, with the victim's consent.
CALLBACK_FIELDS = (
    *INTAKE_FIELDS,
    "offence_categories",
    "offence_date",
    "danger_now",
    "author_is_partner",
)
CALLBACK_ADDRESS_WINDOW = dt.timedelta(hours=1)
CALLBACK_PHONE_WINDOW = dt.timedelta(days=1)
CALLBACK_KEPT = dt.timedelta(days=1)


class TooManyCallbacks(Exception):
    """Refused: too many requests from this client address, or for this phone number."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def normalise_phone(value: str) -> str:
    """A phone number as digits only, a French international prefix (+33, 0033) as 0:
    "+33 6 12 34 56 78", "0033612345678" and "06.12.34.56.78" are one number."""
    raw = (value or "").strip()
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("0033"):
        digits = digits[4:]
    elif digits.startswith("33") and (raw.startswith("+") or len(digits) == 11):
        digits = digits[2:]
    else:
        return digits
    return digits if digits.startswith("0") else "0" + digits


def _limit_key(kind: str, value: str) -> str:
    """A keyed hash (HMAC-SHA256 with SECRET_KEY): counts requests, reveals nothing."""
    return salted_hmac(f"appui.cases.callback.{kind}", value, algorithm="sha256").hexdigest()


def _serialise(keys: list[str]) -> None:
    """Several web processes: count and add under a lock held until the transaction ends.

    SQLite's IMMEDIATE transactions already write one at a time; PostgreSQL takes an
    advisory lock per key, so two requests for one key never both see room for one more.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(keys):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(key[:15], 16)])


def _check_and_count_callback(client_address: str | None, phone: str, now) -> None:
    limits = [
        (
            CallbackLimitKind.PHONE,
            normalise_phone(phone),
            CALLBACK_PHONE_WINDOW,
            settings.APPUI_CALLBACK_LIMIT_PER_PHONE_DAY,
        ),
    ]
    if client_address is not None:
        limits.insert(
            0,
            (
                CallbackLimitKind.ADDRESS,
                client_address,
                CALLBACK_ADDRESS_WINDOW,
                settings.APPUI_CALLBACK_LIMIT_PER_ADDRESS_HOUR,
            ),
        )
    keyed = [
        (kind, _limit_key(kind, value), window, limit) for kind, value, window, limit in limits
    ]
    _serialise([key for _, key, _, _ in keyed])
    for kind, key, window, limit in keyed:
        if CallbackAttempt.objects.filter(kind=kind, key=key, at__gt=now - window).count() >= limit:
            raise TooManyCallbacks(kind)
    CallbackAttempt.objects.bulk_create(
        [CallbackAttempt(kind=kind, key=key, at=now) for kind, key, _, _ in keyed]
    )


def request_callback(
    *, commune_code: str, data: dict[str, Any], client_address: str | None = None
) -> Intake:
    """A victim asks, from the public guide, to be called back: the competent queue gets it.

    At most `APPUI_CALLBACK_LIMIT_PER_ADDRESS_HOUR` requests an hour from one client
    address and `APPUI_CALLBACK_LIMIT_PER_PHONE_DAY` a day for one phone number; beyond,
    `TooManyCallbacks` is raised and nothing is saved.
    """
    fields = {k: v for k, v in data.items() if k in CALLBACK_FIELDS and k != "commune_code"}
    categories = list(fields.get("offence_categories") or [])
    fields["offence_categories"] = categories
    fields.setdefault("offence_category", categories[0] if categories else "")
    with transaction.atomic():
        now = timezone.now()
        _check_and_count_callback(client_address, fields.get("contact_phone", ""), now)
        organisation = competent_organisation(commune_code)
        intake = Intake(
            organisation=organisation,
            channel=Channel.GUIDE_CALLBACK,
            received_at=now,
            commune_code=commune_code,
            **fields,
        )
        intake.full_clean(exclude=["organisation"])
        intake.save()
        audit.record(None, A.CREATE, T.INTAKE, intake.pk, organisation_id=organisation.pk)
    return intake


def purge_callback_attempts() -> int:
    """Forget the callback counts older than a day (the worker runs this regularly)."""
    cutoff = timezone.now() - CALLBACK_KEPT
    deleted, _ = CallbackAttempt.objects.filter(at__lt=cutoff).delete()
    return deleted


def create_intake(
    actor: Actor, *, channel: str, data: dict[str, Any], organisation_id: int | None = None
) -> Intake:
    """An intake recorded by staff: in their own queue, or sent to the competent association
    by a helpline listener (`organisation_id`)."""
    with transaction.atomic():
        if organisation_id is not None and organisation_id != actor.organisation_id:
            _require(actor, Permission.INTAKE_TRANSFER)
            organisation = Organisation.objects.get(pk=organisation_id)
        else:
            if not (actor.can(Permission.INTAKE_QUEUE) or actor.can(Permission.INTAKE_TRANSFER)):
                raise PermissionDenied
            organisation = Organisation.objects.get(pk=actor.organisation_id)
        intake = Intake.objects.create(
            organisation=organisation,
            channel=channel,
            received_at=timezone.now(),
            created_by_id=actor.user_id,
            **{k: v for k, v in data.items() if k in INTAKE_FIELDS},
        )
        audit.record(actor, A.CREATE, T.INTAKE, intake.pk, organisation_id=organisation.pk)
    return intake


def read_intake(actor: Actor, pk: int) -> Intake:
    with transaction.atomic():
        intake = policies.get_intake(actor, pk)
        audit.record(actor, A.VIEW, T.INTAKE, intake.pk, organisation_id=intake.organisation_id)
    return intake


def close_intake(actor: Actor, intake: Intake, reason: str) -> Intake:
    _require(actor, Permission.INTAKE_QUEUE)
    _own(actor, intake.organisation_id)
    with transaction.atomic():
        updated = Intake.objects.filter(pk=intake.pk, status=IntakeStatus.NEW).update(
            status=IntakeStatus.CLOSED,
            closing_reason=reason[:200],
            handled_by_id=actor.user_id,
            handled_at=timezone.now(),
        )
        if not updated:
            raise AlreadyHandled
        audit.record(actor, A.UPDATE, T.INTAKE, intake.pk, organisation_id=intake.organisation_id)
    intake.refresh_from_db()
    return intake


class AlreadyHandled(Exception):
    """The intake was handled meanwhile (a double submit, or a colleague)."""


# --- people ----------------------------------------------------------------------------

PERSON_FIELDS = ("last_name", "first_name", "birth_date", "phone", "email", "commune_code")


def _set_person(person: Person, data: dict[str, Any]) -> None:
    for name in PERSON_FIELDS:
        if name in data:
            setattr(
                person, name, data[name] if data[name] is not None or name == "birth_date" else ""
            )
    person.last_name = person.last_name.strip()
    person.first_name = person.first_name.strip()
    person.search_name = search.search_name(person.last_name, person.first_name)
    person.phone_digits = search.phone_digits(person.phone)


def search_people(actor: Actor, **criteria) -> list[search.Match]:
    _require(actor, Permission.PERSON_SEARCH)
    with transaction.atomic():
        scope = policies.organisations(actor)
        matches = search.find(policies.people(actor, scope), organisation_ids=scope, **criteria)
        _record_search(actor, matches, scope)
    return matches


def _record_search(actor: Actor, matches: list[search.Match], scope: set[int]) -> None:
    """One line per association whose people were shown, flagged when it is not the
    searcher's own (an exceptional access); when nobody was found, one per association
    searched, since "not known there" is an answer too."""
    shown = {m.person.organisation_id for m in matches} or scope or {actor.organisation_id}
    audit.record_many(
        [
            audit.event(
                actor,
                A.SEARCH,
                T.PERSON,
                organisation_id=organisation_id,
                exceptional=policies.is_exceptional(actor, organisation_id),
            )
            for organisation_id in sorted(shown)
        ]
    )


def likely_duplicates(actor: Actor, data: dict[str, Any]) -> list[search.Match]:
    """People already known who may be the one about to be created."""
    name = f"{data.get('last_name', '')} {data.get('first_name', '')}"
    matches = search_people(
        actor, name=name, birth_date=data.get("birth_date"), phone=data.get("phone") or ""
    )
    # A shared birth date or phone alone is not enough to suspect the same person.
    return [m for m in matches if "name" in m.reasons]


def create_person(actor: Actor, data: dict[str, Any]) -> Person:
    _require(actor, Permission.FILE_CREATE)
    with transaction.atomic():
        person = Person(organisation_id=actor.organisation_id)
        _set_person(person, data)
        person.save()
        audit.record(
            actor,
            A.CREATE,
            T.PERSON,
            person.pk,
            person_id=person.pk,
            organisation_id=person.organisation_id,
        )
    return person


def update_person(actor: Actor, person: Person, data: dict[str, Any]) -> Person:
    _require(actor, Permission.FILE_EDIT)
    _own(actor, person.organisation_id)
    with transaction.atomic():
        _set_person(person, data)
        person.save()
        audit.record(
            actor,
            A.UPDATE,
            T.PERSON,
            person.pk,
            person_id=person.pk,
            organisation_id=person.organisation_id,
        )
    return person


def read_person(actor: Actor, pk: int) -> tuple[Person, list[CaseFile]]:
    with transaction.atomic():
        person = policies.get_person(actor, pk)
        files = list(
            policies.files(actor)
            .filter(person=person)
            .select_related("affair")
            .order_by("-opened_on")
        )
        _person_read_line(actor, person)
    return person, files


def record_queue_read(actor: Actor, intakes: list[Intake]) -> None:
    """The intake queue shows callers' names and danger: one read line per intake listed."""
    if not intakes:
        return
    with transaction.atomic():
        audit.record_many(
            [
                audit.event(
                    actor,
                    A.VIEW,
                    T.INTAKE,
                    intake.pk,
                    organisation_id=intake.organisation_id,
                    exceptional=policies.is_exceptional(actor, intake.organisation_id),
                )
                for intake in intakes
            ]
        )


def record_person_read(actor: Actor, person: Person) -> None:
    """A page that shows a person without being their page (identity form, new file,
    erasure): the read is recorded, flagged when exceptional."""
    with transaction.atomic():
        _person_read_line(actor, person)


def _person_read_line(actor: Actor, person: Person) -> None:
    audit.record(
        actor,
        A.VIEW,
        T.PERSON,
        person.pk,
        person_id=person.pk,
        organisation_id=person.organisation_id,
        exceptional=policies.is_exceptional(actor, person.organisation_id),
    )


# --- files -----------------------------------------------------------------------------


def _set(instance, fields, data) -> None:
    for name in fields:
        if name in data:
            value = data[name]
            field = instance._meta.get_field(name)
            if value is None and not field.null:
                value = ""
            setattr(instance, name, value)


def _next_number(organisation: Organisation, day: dt.date) -> str:
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    prefix = f"{organisation.file_prefix}-{day.year}-"
    last = (
        CaseFile.objects.filter(organisation=organisation, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:06d}"


class DuplicateFile(Exception):
    """This person already has a file in this affair (one file per person per affair)."""

    def __init__(self, existing: CaseFile):
        super().__init__(existing.number)
        self.existing = existing


def open_file(
    actor: Actor,
    *,
    person: Person,
    role: str,
    channel: str,
    affair: Affair | None = None,
    affair_data: dict[str, Any] | None = None,
    intake: Intake | None = None,
    mandate_reference: str = "",
    mandate_due: dt.date | None = None,
) -> CaseFile:
    """Open the file of `person` in an affair (a new one from `affair_data`, or a known one)."""
    _require(actor, Permission.FILE_CREATE)
    _own(actor, person.organisation_id)
    with transaction.atomic():
        organisation = Organisation.objects.get(pk=actor.organisation_id)
        if affair is None:
            affair = Affair(organisation=organisation)
            _set(affair, AFFAIR_FIELDS, affair_data or {})
            affair.save()
            audit.record(actor, A.CREATE, T.AFFAIR, affair.pk, organisation_id=organisation.pk)
        else:
            _own(actor, affair.organisation_id)
            existing = CaseFile.objects.filter(person=person, affair=affair).first()
            if existing is not None:
                raise DuplicateFile(existing)
        if intake is not None:
            _own(actor, intake.organisation_id)
            mandate_reference = mandate_reference or intake.mandate_reference
            mandate_due = mandate_due or intake.mandate_due
        day = today()
        file = CaseFile.objects.create(
            organisation=organisation,
            number=_next_number(organisation, day),
            person=person,
            affair=affair,
            role=role,
            channel=channel,
            opened_on=day,
            referent_id=actor.user_id,
            mandate_reference=mandate_reference,
            mandate_due=mandate_due,
        )
        if intake is not None:
            updated = Intake.objects.filter(pk=intake.pk, status=IntakeStatus.NEW).update(
                status=IntakeStatus.DONE,
                case_file=file,
                handled_by_id=actor.user_id,
                handled_at=timezone.now(),
            )
            if not updated:
                raise AlreadyHandled
            audit.record(
                actor,
                A.UPDATE,
                T.INTAKE,
                intake.pk,
                file_id=file.pk,
                organisation_id=organisation.pk,
            )
        audit.record(
            actor,
            A.CREATE,
            T.FILE,
            file.pk,
            file_id=file.pk,
            person_id=person.pk,
            organisation_id=organisation.pk,
        )
        _count(organisation, day, Measure.NEW_FILES)
        _count(organisation, day, Measure.CHANNEL, channel)
        _count(organisation, day, Measure.OFFENCE, affair.offence_category)
        _sync_tasks(file)
    return file


def read_file(actor: Actor, pk: int) -> CaseFile:
    """The file, for its page: the read is recorded (flagged when exceptional)."""
    with transaction.atomic():
        file = policies.get_file(actor, pk)
        audit.record(
            actor,
            A.VIEW,
            T.FILE,
            file.pk,
            file_id=file.pk,
            person_id=file.person_id,
            organisation_id=file.organisation_id,
            exceptional=policies.is_exceptional(actor, file.organisation_id),
        )
    return file


def record_form_read(actor: Actor, file: CaseFile, *, affair: bool = False) -> None:
    """A form that shows what a file holds (the affair's, or the file's own facts): the read
    is recorded, flagged when exceptional."""
    with transaction.atomic():
        audit.record(
            actor,
            A.VIEW,
            T.AFFAIR if affair else T.FILE,
            file.affair_id if affair else file.pk,
            file_id=file.pk,
            person_id=file.person_id,
            organisation_id=file.organisation_id,
            exceptional=policies.is_exceptional(actor, file.organisation_id),
        )


def update_affair(actor: Actor, file: CaseFile, data: dict[str, Any]) -> Affair:
    _require(actor, Permission.FILE_EDIT)
    _own(actor, file.organisation_id)
    with transaction.atomic():
        affair = Affair.objects.select_for_update().get(pk=file.affair_id)
        _set(affair, AFFAIR_FIELDS, data)
        affair.save()
        audit.record(
            actor,
            A.UPDATE,
            T.AFFAIR,
            affair.pk,
            file_id=file.pk,
            organisation_id=file.organisation_id,
        )
        for other in affair.files.all():
            _sync_tasks(other)
    return affair


def update_facts(actor: Actor, file: CaseFile, data: dict[str, Any]) -> CaseFile:
    _require(actor, Permission.FILE_EDIT)
    _own(actor, file.organisation_id)
    with transaction.atomic():
        _set(file, FILE_FACT_FIELDS, data)
        file.save()
        audit.record(
            actor, A.UPDATE, T.FILE, file.pk, file_id=file.pk, organisation_id=file.organisation_id
        )
        _sync_tasks(file)
    return file


def close_file(actor: Actor, file: CaseFile) -> CaseFile:
    _require(actor, Permission.FILE_EDIT)
    _own(actor, file.organisation_id)
    with transaction.atomic():
        file.status, file.closed_on = FileStatus.CLOSED, today()
        file.save(update_fields=["status", "closed_on", "updated_at"])
        file.tasks.filter(status=TaskStatus.OPEN).update(status=TaskStatus.CANCELLED)
        audit.record(
            actor, A.UPDATE, T.FILE, file.pk, file_id=file.pk, organisation_id=file.organisation_id
        )
    return file


# --- interviews, referrals, assessments, protection ------------------------------------


def add_interview(actor: Actor, file: CaseFile, data: dict[str, Any]) -> Interview:
    if not policies.can_record(actor, data["discipline"], file):
        raise PermissionDenied
    with transaction.atomic():
        held_at = data["held_at"]
        month_start = _month(timezone.localtime(held_at).date())
        first_this_month = not file.interviews.filter(
            held_at__date__gte=month_start,
            held_at__date__lt=(month_start + dt.timedelta(days=32)).replace(day=1),
        ).exists()
        interview = Interview.objects.create(
            case_file=file,
            discipline=data["discipline"],
            held_at=held_at,
            duration_minutes=data["duration_minutes"],
            mode=data["mode"],
            place=data.get("place"),
            author_id=actor.user_id,
            note=data.get("note", ""),
        )
        target = T.PSYCHOLOGICAL_NOTE if interview.is_psychological else T.INTERVIEW
        audit.record(
            actor,
            A.CREATE,
            target,
            interview.pk,
            file_id=file.pk,
            person_id=file.person_id,
            organisation_id=file.organisation_id,
        )
        organisation = Organisation.objects.get(pk=file.organisation_id)
        day = timezone.localtime(held_at).date()
        _count(organisation, day, Measure.INTERVIEWS, interview.discipline)
        if first_this_month:
            _count(organisation, day, Measure.PEOPLE_HELPED)
    return interview


def record_note_reads(actor: Actor, file: CaseFile, interviews: list[Interview]) -> None:
    """Psychological notes shown on a page: each read is its own line."""
    psychological = [i for i in interviews if i.is_psychological]
    if not psychological:
        return
    with transaction.atomic():
        audit.record_many(
            [
                audit.event(
                    actor,
                    A.VIEW,
                    T.PSYCHOLOGICAL_NOTE,
                    i.pk,
                    file_id=file.pk,
                    person_id=file.person_id,
                    organisation_id=file.organisation_id,
                )
                for i in psychological
            ]
        )


def add_referral(actor: Actor, file: CaseFile, data: dict[str, Any]) -> Referral:
    if not policies.can_write(actor, Permission.REFERRAL_EDIT, file):
        raise PermissionDenied
    with transaction.atomic():
        partner = data.get("partner")
        referral = Referral.objects.create(
            case_file=file,
            partner=partner,
            partner_name=(partner.name if partner else data.get("partner_name", ""))[:200],
            reason=data.get("reason", ""),
            status=data.get("status") or ReferralStatus.PROPOSED,
            proposed_on=data.get("proposed_on") or today(),
            author_id=actor.user_id,
        )
        audit.record(
            actor,
            A.CREATE,
            T.REFERRAL,
            referral.pk,
            file_id=file.pk,
            organisation_id=file.organisation_id,
        )
    return referral


def set_referral_status(actor: Actor, file: CaseFile, referral_id: int, status: str) -> Referral:
    if not policies.can_write(actor, Permission.REFERRAL_EDIT, file):
        raise PermissionDenied
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral_id, case_file=file)
        referral.status, referral.status_changed_on = status, today()
        referral.save(update_fields=["status", "status_changed_on"])
        audit.record(
            actor,
            A.UPDATE,
            T.REFERRAL,
            referral.pk,
            file_id=file.pk,
            organisation_id=file.organisation_id,
        )
    return referral


def add_assessment(actor: Actor, file: CaseFile, data: dict[str, Any]) -> IndividualAssessment:
    if not policies.can_write(actor, Permission.ASSESSMENT_EDIT, file):
        raise PermissionDenied
    with transaction.atomic():
        assessment = IndividualAssessment.objects.create(
            case_file=file,
            author_id=actor.user_id,
            **{k: data.get(k) or "" for k in ("requested_by", "answers", "opinion")},
            requested_on=data["requested_on"],
            due_on=data.get("due_on"),
            sent_on=data.get("sent_on"),
            status="sent" if data.get("sent_on") else "requested",
        )
        audit.record(
            actor,
            A.CREATE,
            T.ASSESSMENT,
            assessment.pk,
            file_id=file.pk,
            organisation_id=file.organisation_id,
        )
        _sync_tasks(file)
    return assessment


def add_protection(actor: Actor, file: CaseFile, data: dict[str, Any]) -> ProtectionMeasure:
    if not policies.can_write(actor, Permission.PROTECTION_EDIT, file):
        raise PermissionDenied
    from appui.rights.deadlines import add_months

    with transaction.atomic():
        renewal = data.get("renewal_due")
        if data["kind"] == MeasureKind.TGD and renewal is None:
            renewal = add_months(data["start_on"], 6)  # CPP art. 41-3-1: six months, renewable
        measure = ProtectionMeasure.objects.create(
            case_file=file,
            kind=data["kind"],
            start_on=data["start_on"],
            end_on=data.get("end_on"),
            renewal_due=renewal,
            notes=data.get("notes", ""),
        )
        audit.record(
            actor,
            A.CREATE,
            T.PROTECTION,
            measure.pk,
            file_id=file.pk,
            organisation_id=file.organisation_id,
        )
        _sync_tasks(file)
    return measure


# --- tasks -----------------------------------------------------------------------------


def _sync_tasks(file: CaseFile) -> None:
    from .rights import tasks_for

    wanted = {t.key: t for t in tasks_for(file)}
    existing = {t.key: t for t in file.tasks.all()}
    for key, task in wanted.items():
        current = existing.get(key)
        if current is None:
            task.organisation_id, task.case_file = file.organisation_id, file
            task.assignee_id = file.referent_id
            task.save()
        elif current.status == TaskStatus.OPEN and (
            current.due_on != task.due_on or current.title != task.title
        ):
            current.due_on, current.title, current.legal_basis = (
                task.due_on,
                task.title,
                task.legal_basis,
            )
            current.save(update_fields=["due_on", "title", "legal_basis"])
    for key, current in existing.items():
        if (
            key not in wanted
            and current.status == TaskStatus.OPEN
            and current.kind != TaskKind.HEARING
        ):
            current.status = TaskStatus.CANCELLED
            current.save(update_fields=["status"])


def complete_task(actor: Actor, task_id: int) -> Task:
    _require(actor, Permission.TASKS)
    with transaction.atomic():
        task = (
            Task.objects.select_for_update()
            .filter(pk=task_id, organisation_id=actor.organisation_id)
            .first()
        )
        if task is None:
            raise PermissionDenied
        if task.status == TaskStatus.OPEN:
            task.status, task.done_at = TaskStatus.DONE, timezone.now()
            task.save(update_fields=["status", "done_at"])
            audit.record(
                actor,
                A.UPDATE,
                T.TASK,
                task.pk,
                file_id=task.case_file_id,
                organisation_id=task.organisation_id,
            )
    return task


TASKS_SHOWN = 50


@dataclass(frozen=True)
class TaskLists:
    overdue: list[Task]
    overdue_count: int
    this_week: list[Task]
    this_week_count: int
    later_count: int


def task_lists(actor: Actor, *, team: bool = False) -> TaskLists:
    """Open tasks past due and due within seven days (the first 50 of each, and how many in
    all): the user's own, or the team's."""
    _require(actor, Permission.TASKS)
    day = today()
    week = day + dt.timedelta(days=7)
    tasks = Task.objects.filter(organisation_id=actor.organisation_id, status=TaskStatus.OPEN)
    if not team:
        tasks = tasks.filter(assignee_id=actor.user_id)

    def first(queryset) -> list[Task]:
        return list(
            queryset.select_related("case_file")
            .only(
                "id",
                "key",
                "title",
                "due_on",
                "kind",
                "legal_basis",
                "assignee_id",
                "case_file__id",
                "case_file__number",
            )
            .order_by("due_on", "id")[:TASKS_SHOWN]
        )

    overdue, this_week = (
        tasks.filter(due_on__lt=day),
        tasks.filter(due_on__gte=day, due_on__lte=week),
    )
    overdue_list, week_list = first(overdue), first(this_week)
    return TaskLists(
        overdue=overdue_list,
        overdue_count=len(overdue_list) if len(overdue_list) < TASKS_SHOWN else overdue.count(),
        this_week=week_list,
        this_week_count=len(week_list) if len(week_list) < TASKS_SHOWN else this_week.count(),
        later_count=tasks.filter(due_on__gt=week).count(),
    )


# --- documents -------------------------------------------------------------------------


def add_document(
    actor: Actor, file: CaseFile, *, title: str, name: str, content_type: str, data: bytes
) -> Document:
    if not policies.can_write(actor, Permission.DOCUMENT_ADD, file):
        raise PermissionDenied
    directory = settings.APPUI_DOCUMENTS_DIR
    directory.mkdir(parents=True, exist_ok=True)
    storage_name = secrets.token_hex(16)
    path = directory / storage_name
    path.write_bytes(encrypt_bytes(data))
    try:
        with transaction.atomic():
            document = Document.objects.create(
                case_file=file,
                title=title[:200],
                original_name=name[:200],
                content_type=content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                storage_name=storage_name,
                uploaded_at=timezone.now(),
                uploaded_by_id=actor.user_id,
            )
            audit.record(
                actor,
                A.CREATE,
                T.DOCUMENT,
                document.pk,
                file_id=file.pk,
                organisation_id=file.organisation_id,
            )
    except Exception:
        path.unlink(missing_ok=True)  # nothing half-saved
        raise
    return document


def read_document(actor: Actor, pk: int) -> tuple[Document, bytes]:
    with transaction.atomic():
        document = policies.get_document(actor, pk)
        file = document.case_file
        audit.record(
            actor,
            A.DOWNLOAD,
            T.DOCUMENT,
            document.pk,
            file_id=file.pk,
            organisation_id=file.organisation_id,
            exceptional=policies.is_exceptional(actor, file.organisation_id),
        )
    data = decrypt_bytes((settings.APPUI_DOCUMENTS_DIR / document.storage_name).read_bytes())
    return document, data


# --- exceptional access ----------------------------------------------------------------

EXCEPTIONAL_ACCESS_HOURS = 4


def open_exceptional_access(
    actor: Actor, organisation: Organisation, reason: str
) -> ExceptionalAccess:
    _require(actor, Permission.EXCEPTIONAL_ACCESS)
    if organisation.pk == actor.organisation_id or organisation.is_federation:
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        grant = ExceptionalAccess.objects.create(
            user_id=actor.user_id,
            organisation=organisation,
            reason=reason.strip(),
            granted_at=now,
            expires_at=now + dt.timedelta(hours=EXCEPTIONAL_ACCESS_HOURS),
        )
        audit.record(
            actor,
            A.BREAK_GLASS,
            T.ORGANISATION,
            organisation.pk,
            organisation_id=organisation.pk,
            exceptional=True,
        )
    return grant
