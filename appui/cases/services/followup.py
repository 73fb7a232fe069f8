"""What happens on a file: interviews, referrals, individual assessments, protection."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appui.core import audit
from appui.core.access import Actor
from appui.core.models import Organisation
from appui.directory.models import Kind, Service

from .. import policies
from ..models import (
    DISCIPLINE_BITS,
    CaseFile,
    IndividualAssessment,
    Interview,
    Measure,
    MeasureKind,
    ProtectionMeasure,
    Referral,
    ReferralStatus,
)
from ..permissions import CasePermission as P
from ..policies import require
from ._common import A, T, _count, _month, today
from .tasks import _sync_tasks


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
        # The file's disciplines, in the database's row: a copy of the file read earlier
        # may not have another request's interview.
        bit = DISCIPLINE_BITS[interview.discipline]
        CaseFile.objects.filter(pk=file.pk).update(disciplines=F("disciplines").bitor(bit))
        file.disciplines |= bit
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


# How many partners of one kind a referral offers, nearest first.
PARTNERS_SHOWN = 20
# The kinds of the directory one refers a person to: every kind but the national numbers,
# which are given to her, not referred to.
REFERRAL_KINDS = tuple(kind for kind in Kind if kind != Kind.NATIONAL_NUMBER)


class OriginBasis(models.TextChoices):
    """Where distances to partners are measured from, in this order of preference."""

    PERSON = "person", _("her town")
    FACTS = "facts", _("the place of the facts")
    OFFICE = "office", _("the association's office")


@dataclass(frozen=True)
class PartnerOrigin:
    commune: Any  # the territory's CommuneHit, with its centre
    basis: OriginBasis


@dataclass(frozen=True)
class NearbyPartner:
    service: Service
    km: float | None  # None: the service cannot be placed


class NotAPartner(ValueError):
    """A service one does not refer a person to: the file's own association (she is
    already with it), or a national number (given to her, not a referral)."""


def partner_origin(file: CaseFile) -> PartnerOrigin | None:
    """The town distances are measured from: the person's, else the place of the facts,
    else the association's office; None when none of them can be placed."""
    from appui.territory.services import get_commune

    candidates = [
        (file.person.commune_code, OriginBasis.PERSON),
        (file.affair.commune_code, OriginBasis.FACTS),
    ]
    offices = Service.objects.filter(
        organisation_id=file.organisation_id, kind=Kind.ASSOCIATION
    ).exclude(commune_code="")
    candidates += [
        (code, OriginBasis.OFFICE) for code in offices.values_list("commune_code", flat=True)
    ]
    for code, basis in candidates:
        hit = get_commune(code) if code else None
        if hit is not None and hit.latitude is not None and hit.longitude is not None:
            return PartnerOrigin(hit, basis)
    return None


def _is_own(service: Service, file: CaseFile) -> bool:
    return service.organisation_id is not None and service.organisation_id == file.organisation_id


def partners_near(
    file: CaseFile, kind: str, origin: PartnerOrigin | None = None, *, limit: int = PARTNERS_SHOWN
) -> list[NearbyPartner]:
    """The directory's services of `kind`, nearest to `origin` first (the file's, by
    default), at most `limit`; never the file's own association. A service is placed by
    its coordinates, else by the centre of its town; those that cannot be placed come last,
    by name."""
    from appui.territory.services import distance_km, get_commune

    if kind not in REFERRAL_KINDS:
        return []
    origin = origin if origin is not None else partner_origin(file)
    candidates = Service.objects.filter(kind=kind).exclude(organisation_id=file.organisation_id)
    found = []
    for service in candidates:
        km = None
        if origin is not None:
            if service.latitude is not None and service.longitude is not None:
                km = distance_km(origin.commune, service.latitude, service.longitude)
            elif service.commune_code:
                town = get_commune(service.commune_code)
                if town is not None and town.latitude is not None and town.longitude is not None:
                    km = distance_km(origin.commune, town.latitude, town.longitude)
        found.append(NearbyPartner(service, None if km is None else round(km, 1)))
    found.sort(key=lambda p: (p.km is None, p.km or 0.0, p.service.name))
    return found[:limit]


def partner_kind(service_id: int) -> str:
    """The kind of a directory's service ("" when there is none with this id)."""
    return Service.objects.filter(pk=service_id).values_list("kind", flat=True).first() or ""


def add_referral(actor: Actor, file: CaseFile, data: dict[str, Any]) -> Referral:
    """A referral to a directory's service or to a partner named in free text; never to
    the file's own association nor a national number (NotAPartner)."""
    require(actor, P.REFERRAL_EDIT, file)
    partner = data.get("partner")
    if partner is not None:
        if partner.kind == Kind.NATIONAL_NUMBER or _is_own(partner, file):
            raise NotAPartner(partner.slug)
    with transaction.atomic():
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
    require(actor, P.REFERRAL_EDIT, file)
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
    require(actor, P.ASSESSMENT_EDIT, file)
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


def tgd_renewal_due(start_on: dt.date) -> dt.date:
    """When a grave-danger phone granted on `start_on` is to be renewed: the engine's
    `tgd_duration` parameter in force that day (CPP art. 41-3-1), never a figure here."""
    from appui.rights.deadlines import add_months
    from appui.rights.parameters import get

    return add_months(start_on, int(get("tgd_duration").at(start_on).value))


def add_protection(actor: Actor, file: CaseFile, data: dict[str, Any]) -> ProtectionMeasure:
    require(actor, P.PROTECTION_EDIT, file)
    with transaction.atomic():
        renewal = data.get("renewal_due")
        if data["kind"] == MeasureKind.TGD and renewal is None:
            renewal = tgd_renewal_due(data["start_on"])
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
