"""Callers who agreed to be recognised when they call again, and their flags.

Only with her consent: her number is kept as a keyed hash (to match her next call) and
encrypted (to call her back), and shown masked. Listeners reach a caller only through a call
record they may read (`policies.calls`); every read and change leaves an audit line, each
flag's too. Withdrawing her consent deletes her and her flags at once; her past records keep
no link to her. A caller not heard of for `CALLER_KEPT` is deleted by the retention task.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from appui.core import audit
from appui.core.access import Actor

from .. import numbers, policies
from ..audit_targets import HelplineTarget
from ..models import CALLER_KEPT, Call, Caller, CallerFlag, FlagKind
from ..permissions import HelplinePermission as P
from .calls import A

T = HelplineTarget
FLAG_LONGEST = CALLER_KEPT  # a flag outlives no caller


class NoNumber(ValueError):
    """Neither a number typed nor one known for this call: nothing to recognise her by."""


class NotKnown(LookupError):
    """No caller agreed to be recognised with this number, and she does not agree now."""


@dataclass(frozen=True)
class Known:
    """A recognised caller, as her record shows her."""

    caller: Caller
    masked: str
    previous_calls: int
    flags: list[CallerFlag]


def _require(actor: Actor, call: Call) -> None:
    if not (actor.can(P.CONSOLE) and actor.can(P.RECOGNISE)):
        raise PermissionDenied
    if not policies.calls(actor).filter(pk=call.pk).exists():
        raise PermissionDenied


def _line(actor: Actor, action, target: str, pk: int, call: Call) -> None:
    audit.record(actor, action, target, pk, organisation_id=call.organisation_id)


def today() -> dt.date:
    return timezone.localdate()


def known(actor: Actor, call: Call) -> Known | None:
    """The caller her record is linked to, her previous calls and her flags still running;
    the read recorded (the caller, and each flag shown)."""
    if call.caller_id is None or not actor.can(P.RECOGNISE):
        return None
    caller = Caller.objects.filter(pk=call.caller_id).first()
    if caller is None:
        return None
    flags = list(caller.flags.filter(expires_on__gte=today()).order_by("expires_on", "pk"))
    previous = (
        Call.objects.filter(Q(caller_id=caller.pk) | Q(number_key=caller.number_key))
        .exclude(pk=call.pk)
        .count()
    )
    with transaction.atomic():
        audit.record_many(
            [
                audit.event(
                    actor, A.VIEW, T.CALLER, caller.pk, organisation_id=call.organisation_id
                ),
                *(
                    audit.event(
                        actor, A.VIEW, T.CALLER_FLAG, flag.pk, organisation_id=call.organisation_id
                    )
                    for flag in flags
                ),
            ]
        )
    return Known(
        caller=caller, masked=numbers.mask(caller.number), previous_calls=previous, flags=flags
    )


def recognise(actor: Actor, call: Call, number: str = "", *, consent: bool = False) -> Caller:
    """Her number (typed, else the one the call came with): if she agreed before, this record
    names her; else, with her consent now, she is recognised from now on (the number kept as
    a keyed hash and encrypted). `NotKnown` when she never agreed and does not now."""
    _require(actor, call)
    number = numbers.normalise(number) or numbers.normalise(call.number)
    key = numbers.number_key(number)
    if not key:
        raise NoNumber
    now = timezone.now()
    with transaction.atomic():
        caller = Caller.objects.select_for_update().filter(number_key=key).first()
        if caller is None:
            if not consent:
                raise NotKnown
            caller = Caller.objects.create(
                number_key=key,
                number=number,
                consented_at=now,
                consented_by_id=actor.user_id,
                last_call_at=call.ringing_at,
            )
            _line(actor, A.CREATE, T.CALLER, caller.pk, call)
        else:
            if consent:  # she says it again: her consent runs from now
                caller.consented_at, caller.consented_by_id = now, actor.user_id
            caller.last_call_at = max(caller.last_call_at, call.ringing_at)
            caller.save(update_fields=["consented_at", "consented_by", "last_call_at"])
            _line(actor, A.UPDATE, T.CALLER, caller.pk, call)
        Call.objects.filter(pk=call.pk).update(caller=caller, number_key=key)
        _line(actor, A.UPDATE, T.CALL, call.pk, call)
    call.caller, call.number_key = caller, key
    return caller


def withdraw(actor: Actor, call: Call) -> None:
    """She no longer wants to be recognised: the caller and her flags are deleted."""
    _require(actor, call)
    with transaction.atomic():
        caller = Caller.objects.select_for_update().filter(pk=call.caller_id).first()
        if caller is None:
            return
        flags = list(caller.flags.values_list("pk", flat=True))
        audit.record_many(
            [
                *(
                    audit.event(
                        actor, A.DELETE, T.CALLER_FLAG, pk, organisation_id=call.organisation_id
                    )
                    for pk in flags
                ),
                audit.event(
                    actor, A.DELETE, T.CALLER, caller.pk, organisation_id=call.organisation_id
                ),
            ]
        )
        caller.delete()
    call.caller = None


def add_flag(
    actor: Actor, call: Call, kind: str, expires_on: dt.date, detail: str = ""
) -> CallerFlag:
    """Something listeners should know before they answer her again, until `expires_on`."""
    _require(actor, call)
    kind = FlagKind(kind)
    if not today() <= expires_on <= today() + FLAG_LONGEST:
        raise ValueError(expires_on)
    with transaction.atomic():
        caller = Caller.objects.select_for_update().filter(pk=call.caller_id).first()
        if caller is None:
            raise PermissionDenied
        flag = CallerFlag.objects.create(
            caller=caller,
            kind=kind,
            detail=detail[:200],
            expires_on=expires_on,
            created_by_id=actor.user_id,
        )
        _line(actor, A.CREATE, T.CALLER_FLAG, flag.pk, call)
    return flag


def remove_flag(actor: Actor, call: Call, flag_pk: int) -> bool:
    """A flag taken off (it no longer holds); False when it was gone already."""
    _require(actor, call)
    with transaction.atomic():
        deleted, _ = CallerFlag.objects.filter(pk=flag_pk, caller_id=call.caller_id).delete()
        if deleted:
            _line(actor, A.DELETE, T.CALLER_FLAG, flag_pk, call)
    return bool(deleted)
