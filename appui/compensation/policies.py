"""Who may see which compensation file: the case files' one access idiom, applied here.

A compensation file belongs to its case file's association. Only that association's staff
see it: an exceptional access opens none (the federation sees no compensation file), and
amounts and bank details need `MANAGE`.
"""

from __future__ import annotations

from django.http import Http404

from appui.cases.policies import allows, require  # noqa: F401  (the one idiom)
from appui.core.access import Actor

from .models import CompensationFile
from .permissions import CompensationPermission as P


def compensations(actor: Actor):
    if actor is None or actor.is_federation or not actor.can(P.MANAGE):
        return CompensationFile.objects.none()
    return CompensationFile.objects.filter(organisation_id=actor.organisation_id)


def get(actor: Actor, pk: int) -> CompensationFile:
    found = (
        compensations(actor)
        .select_related("case_file__person", "case_file__affair", "organisation")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def can_see_summary(actor: Actor, file) -> bool:
    """Route, stage and next date on the case file: the association's own staff only."""
    return not actor.is_federation and allows(actor, P.SUMMARY, file)
