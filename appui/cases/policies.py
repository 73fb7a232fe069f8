"""Which association's records a staff member may see: the one object-level policy.

An association sees its own records only. The federation sees none by default. Anyone
else's records need an exceptional access ("break the glass": a reason, the password
again, a time limit), which every read then flags in the audit log. Psychological notes
are read by the psychologists of the file's own association only, never through an
exceptional access.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from appui.core.access import Actor, CorePermission, Permission
from appui.core.models import ExceptionalAccess

from .models import CaseFile, Document, Intake, Interview, Person
from .permissions import ROLE_DISCIPLINES
from .permissions import CasePermission as P


def organisation_of(record) -> int:
    """The association a record belongs to (directly, or through its file)."""
    if hasattr(record, "organisation_id"):
        return record.organisation_id
    return record.case_file.organisation_id


def is_own(actor: Actor, record) -> bool:
    """Whether `record` belongs to the actor's own association."""
    return organisation_of(record) == actor.organisation_id


def allows(actor: Actor | None, permission: Permission, record=None) -> bool:
    """Whether `actor` may take an action, on `record` when given.

    Actions happen in one's own association only: an exceptional access opens reads (the
    querysets below), never writes.
    """
    if actor is None or not actor.can(permission):
        return False
    return record is None or is_own(actor, record)


def require(actor: Actor | None, permission: Permission, record=None) -> Actor:
    """The one check before an action: `allows`, or PermissionDenied."""
    if not allows(actor, permission, record):
        raise PermissionDenied
    return actor


def granted_organisations(actor: Actor) -> set[int]:
    """Organisations opened to `actor` by an exceptional access still running."""
    return set(
        ExceptionalAccess.objects.filter(
            user_id=actor.user_id, expires_at__gt=timezone.now()
        ).values_list("organisation_id", flat=True)
    )


def organisations(actor: Actor) -> set[int]:
    own = set() if actor.is_federation else {actor.organisation_id}
    return own | granted_organisations(actor)


def is_exceptional(actor: Actor, organisation_id: int) -> bool:
    return organisation_id != actor.organisation_id or actor.is_federation


def files(actor: Actor):
    if not actor.can(P.FILE_VIEW) and not granted_organisations(actor):
        return CaseFile.objects.none()
    return CaseFile.objects.filter(organisation_id__in=organisations(actor))


def people(actor: Actor, scope: set[int] | None = None):
    """The people `actor` may see; `scope`, when given, is `organisations(actor)` already
    computed by the caller."""
    if not actor.can(P.PERSON_SEARCH) and not granted_organisations(actor):
        return Person.objects.none()
    return Person.objects.filter(
        organisation_id__in=organisations(actor) if scope is None else scope
    )


def intakes(actor: Actor):
    """The queue: the association's own; the helpline sees the federation's (no local
    association covered the caller's town, or a callback came outside opening hours)."""
    if not actor.can(P.INTAKE_QUEUE):
        return Intake.objects.none()
    return Intake.objects.filter(organisation_id=actor.organisation_id)


def get_file(actor: Actor, pk: int) -> CaseFile:
    found = files(actor).select_related("person", "affair", "organisation").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def get_person(actor: Actor, pk: int) -> Person:
    found = people(actor).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def get_intake(actor: Actor, pk: int) -> Intake:
    found = intakes(actor).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def get_document(actor: Actor, pk: int) -> Document:
    found = (
        Document.objects.filter(pk=pk, case_file__organisation_id__in=organisations(actor))
        .select_related("case_file")
        .first()
    )
    if found is None:
        raise Http404
    return found


def can_read_note(actor: Actor, interview: Interview, file: CaseFile) -> bool:
    if interview.is_psychological:
        return actor.can(P.PSYCHOLOGICAL_NOTES) and file.organisation_id == actor.organisation_id
    return True


def disciplines(actor: Actor) -> frozenset[str]:
    """The interview disciplines the actor's role records."""
    return ROLE_DISCIPLINES.get(actor.role, frozenset())


def can_record(actor: Actor, discipline: str, file: CaseFile) -> bool:
    return allows(actor, P.INTERVIEW_ADD, file) and discipline in disciplines(actor)


def can_read_access_log(actor: Actor, file: CaseFile) -> bool:
    """The direction reads who opened any file; a referent, who opened her own files."""
    return allows(actor, CorePermission.ACCESS_LOG, file) or file.referent_id == actor.user_id
