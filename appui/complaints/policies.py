"""Which pre-complaints a staff member may see: the one access idiom of this app.

A unit's agents see the pre-complaints of their own unit only (the unit's directory
service is run by their organisation); anyone else's answer 404. No exceptional access
opens them: nobody outside the unit has a reason to read a complaint being prepared.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from appui.core.access import Actor, Permission

from .models import PreComplaint
from .permissions import ComplaintPermission as P


def is_own(actor: Actor, pre_complaint: PreComplaint) -> bool:
    return (
        actor.organisation_id is not None
        and pre_complaint.unit.organisation_id == actor.organisation_id
    )


def allows(actor: Actor | None, permission: Permission, pre_complaint=None) -> bool:
    if actor is None or not actor.can(permission):
        return False
    return pre_complaint is None or is_own(actor, pre_complaint)


def require(actor: Actor | None, permission: Permission, pre_complaint=None) -> Actor:
    """The one check before an action: `allows`, or PermissionDenied."""
    if not allows(actor, permission, pre_complaint):
        raise PermissionDenied
    return actor


def pre_complaints(actor: Actor | None):
    if actor is None or actor.organisation_id is None or not actor.can(P.VIEW):
        return PreComplaint.objects.none()
    return PreComplaint.objects.filter(unit__organisation_id=actor.organisation_id)


def get(actor: Actor | None, pk: int) -> PreComplaint:
    found = (
        pre_complaints(actor)
        .select_related("unit", "booking__agenda__service")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def can_process(actor: Actor | None, pre_complaint: PreComplaint) -> bool:
    return allows(actor, P.PROCESS, pre_complaint)
