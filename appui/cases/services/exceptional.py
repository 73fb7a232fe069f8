"""Exceptional access ("break the glass"): a reason, a time limit, flagged reads."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from appui.core import audit
from appui.core.access import Actor
from appui.core.models import (
    AuditTarget,
    ExceptionalAccess,
    Organisation,
)

from ..permissions import CasePermission as P
from ..policies import require
from ._common import A

EXCEPTIONAL_ACCESS_HOURS = 4


def open_exceptional_access(
    actor: Actor, organisation: Organisation, reason: str
) -> ExceptionalAccess:
    require(actor, P.EXCEPTIONAL_ACCESS)
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
            AuditTarget.ORGANISATION,
            organisation.pk,
            organisation_id=organisation.pk,
            exceptional=True,
        )
    return grant
