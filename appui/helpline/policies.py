"""Which helpline records an actor sees: the one access idiom of `appui.cases.policies`
(`require`, `allows`), scoped here to the actor's own organisation (the federation)."""

from __future__ import annotations

from django.http import Http404

from appui.cases.policies import allows, require
from appui.core.access import Actor

from .models import Call
from .permissions import HelplinePermission as P

__all__ = ["allows", "require", "calls", "get_call"]


def calls(actor: Actor):
    """The calls an actor may read: her own as a listener, every one of her organisation's
    as a supervisor."""
    if not actor.can(P.CONSOLE):
        return Call.objects.none()
    found = Call.objects.filter(organisation_id=actor.organisation_id)
    if not actor.can(P.SUPERVISE):
        found = found.filter(listener_id=actor.user_id)
    return found


def get_call(actor: Actor, pk: int) -> Call:
    found = calls(actor).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
