"""The intake queue: callback requests from the guide, intakes recorded by staff."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from appui.core import audit
from appui.core.access import Actor, SystemActor
from appui.core.models import (
    Organisation,
    OrganisationKind,
    SystemKind,
)

from .. import policies
from ..models import (
    CallbackAttempt,
    CallbackLimitKind,
    CaseFile,
    Channel,
    Intake,
    IntakeStatus,
)
from ..permissions import CasePermission as P
from ..policies import require
from ._common import A, T
from .tasks import _sync_tasks

GUIDE = SystemActor(SystemKind.GUIDE)  # who writes a callback request: the public guide


def competent_organisation(commune_code: str) -> Organisation:
    """The association covering a town, found through the directory; else the federation,
    whose 116 006 listeners take the request and route it by hand."""
    from appui.directory.models import Kind, Service
    from appui.directory.services import UnknownCommune, services_for_commune

    slugs: list[str] = []
    if commune_code:
        try:
            slugs = [s.id for s in services_for_commune(commune_code, kinds={Kind.ASSOCIATION})]
        except UnknownCommune:
            slugs = []
    if slugs:
        by_slug = {
            service.slug: service.organisation
            for service in Service.objects.filter(
                slug__in=slugs, organisation__isnull=False
            ).select_related("organisation")
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
        audit.record(GUIDE, A.CREATE, T.INTAKE, intake.pk, organisation_id=organisation.pk)
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
            require(actor, P.INTAKE_TRANSFER)
            organisation = Organisation.objects.get(pk=organisation_id)
        else:
            if not policies.allows(actor, P.INTAKE_TRANSFER):
                require(actor, P.INTAKE_QUEUE)
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
    require(actor, P.INTAKE_QUEUE, intake)
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


def acknowledge_intake(actor: Actor, intake: Intake) -> Intake:
    """The association says it has received an intake the helpline transferred: the
    listener who made the transfer sees it. Once only; a second click changes nothing."""
    require(actor, P.INTAKE_QUEUE, intake)
    if not policies.is_own(actor, intake):
        raise PermissionDenied(_("This intake belongs to another association."))
    with transaction.atomic():
        updated = Intake.objects.filter(pk=intake.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=timezone.now(), acknowledged_by_id=actor.user_id
        )
        if updated:
            audit.record(
                actor, A.UPDATE, T.INTAKE, intake.pk, organisation_id=intake.organisation_id
            )
    intake.refresh_from_db()
    return intake


def queue_stamp(actor: Actor) -> str:
    """What changes when the actor's queue changes (an intake arrives or is handled): the
    queue page asks for it every half second and reloads its list only when it differs."""
    require(actor, P.INTAKE_QUEUE)
    from django.db.models import Count, Max

    found = (
        policies.intakes(actor)
        .filter(status=IntakeStatus.NEW)
        .aggregate(n=Count("pk"), last=Max("pk"))
    )
    return f"{found['n']}-{found['last'] or 0}"


class AlreadyHandled(Exception):
    """The intake was handled meanwhile (a double submit, or a colleague)."""


def attach_intake(actor: Actor, intake: Intake, file: CaseFile) -> Intake:
    """A known person calls again about an affair already known: her intake is marked done
    and linked to that file, with no new person nor file. A prosecutor's mandate the file
    did not have yet comes with it (its reference and due date, hence its task).

    Refused with PermissionDenied when the intake or the file is another association's,
    with `AlreadyHandled` when the intake was handled meanwhile: nothing is changed then.
    """
    if not (policies.is_own(actor, intake) and policies.is_own(actor, file)):
        raise PermissionDenied(_("This intake or this file belongs to another association."))
    require(actor, P.INTAKE_QUEUE, intake)
    require(actor, P.FILE_EDIT, file)
    with transaction.atomic():
        mark_done(
            actor, intake, file, person_id=file.person_id, organisation_id=intake.organisation_id
        )
        if intake.mandate_reference and not file.mandate_reference:
            file.mandate_reference = intake.mandate_reference
            file.mandate_due = intake.mandate_due
            file.save(update_fields=["mandate_reference", "mandate_due", "updated_at"])
            audit.record(
                actor,
                A.UPDATE,
                T.FILE,
                file.pk,
                file_id=file.pk,
                person_id=file.person_id,
                organisation_id=file.organisation_id,
            )
            _sync_tasks(file)
    intake.refresh_from_db()
    return intake


# Said before a name, never part of it.
_CIVILITIES = {"m", "mr", "mme", "mlle", "madame", "monsieur", "mademoiselle", "mrs", "ms"}
# Words that belong to the surname that follows them ("Marie de la Tour", "Fatima El Amrani").
_PARTICLES = {
    *("de", "du", "des", "d'", "la", "le", "van", "von", "der", "den", "da", "di", "del"),
    *("dos", "das", "el", "al", "ben", "ibn", "ait", "aït", "ould"),
}


def _in_capitals(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def split_contact_name(name: str) -> tuple[str, str]:
    """(first name, last name) from the one "name" field of the guide and the intake form.

    French usage writes the surname in capitals: the words in capitals are the surname
    ("LAMBERT Julie", "Marie DE LA TOUR"), unless every word is. Else "Surname, First
    name" with a comma; else the last word is the surname, with the particles before it
    ("Julie Lambert", "Marie de la Tour"). One word alone is a surname. A civility
    ("Mme", "M.") is dropped. The professional checks the result on the form.
    """
    text = " ".join((name or "").split())
    if "," in text:
        last, first = (part.strip() for part in text.split(",", 1))
        if last:
            return first, last
    words = text.replace(",", " ").split()
    while len(words) > 1 and words[0].rstrip(".").lower() in _CIVILITIES:
        words = words[1:]
    if not words:
        return "", ""
    if len(words) == 1:
        return "", words[0]
    capitals = [w for w in words if _in_capitals(w)]
    if capitals and len(capitals) < len(words):
        return " ".join(w for w in words if not _in_capitals(w)), " ".join(capitals)
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


def mark_done(actor: Actor, intake: Intake, file, **ids) -> None:
    """The intake taken into `file` (opened for it, or known already), once only:
    `AlreadyHandled` when a colleague or a double submit was first."""
    updated = Intake.objects.filter(pk=intake.pk, status=IntakeStatus.NEW).update(
        status=IntakeStatus.DONE,
        case_file=file,
        handled_by_id=actor.user_id,
        handled_at=timezone.now(),
    )
    if not updated:
        raise AlreadyHandled
    audit.record(actor, A.UPDATE, T.INTAKE, intake.pk, file_id=file.pk, **ids)
