"""A listener's call records: take a call, say what happened, close it with its outcome.

Each function is one transaction with its audit lines; each checks the actor again
(`policies.calls`: a listener acts on her own records, a supervisor on every record of the
federation). A closed record changes no more: it was counted once, when it closed
(`counters.count_call`). What the caller says is kept as the guide asks it, so that
`answers(call)` gives the guide's answers and `plan(call, lang)` the same plan the victim
would read on her phone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from appui.cases.models import AuthorRelationship
from appui.cases.models import Channel as IntakeChannel
from appui.core import audit
from appui.core.access import Actor
from appui.core.models import AuditAction, Organisation, OrganisationKind

from .. import counters, numbers, policies
from ..audit_targets import HelplineTarget
from ..models import OPEN_STATES, Call, Caller, CallState, Channel, NonData, Outcome
from ..permissions import HelplinePermission as P
from . import presence

A, T = AuditAction, HelplineTarget

# What the listener records while talking (the facts form), the note with them.
FACT_FIELDS = (
    "caller_type",
    "situations",
    "facts_date",
    "commune_code",
    "abroad",
    "abroad_country",
    "home_commune_code",
    "author",
    "danger_now",
    "collective_accident",
    "language",
    "note",
)
# The guide asks "do you know who did it": the relationship she names, as the guide's answer.
AUTHOR_ANSWER = {
    AuthorRelationship.PARTNER: "partner",
    AuthorRelationship.FORMER_PARTNER: "partner",
    AuthorRelationship.FAMILY: "known",
    AuthorRelationship.ACQUAINTANCE: "known",
    AuthorRelationship.WORK: "known",
    AuthorRelationship.STRANGER: "unknown",
    AuthorRelationship.UNKNOWN: "unknown",
}
RECENT = 10  # closed records on her console


class RecordClosed(Exception):
    """The record was closed meanwhile (a double submit, or a colleague): nothing changed."""


@dataclass(frozen=True)
class Transfer:
    """What she agreed to have sent to the association (`cases.INTAKE_FIELDS`)."""

    organisation_id: int
    summary: str
    contact_name: str = ""
    contact_phone: str = ""
    preferred_time: str = ""


@dataclass(frozen=True)
class Closing:
    """How the call ended: its outcome and what the outcome needs."""

    outcome: str
    oriented_to: str = ""
    escalated_to: str = ""
    transfer: Transfer | None = None
    callback_number: str = ""
    callback_when: str = ""


def _require(actor: Actor, call: Call | None = None) -> None:
    if not actor.can(P.CONSOLE):
        raise PermissionDenied
    if call is not None and not policies.calls(actor).filter(pk=call.pk).exists():
        raise PermissionDenied


def _line(actor: Actor, action: str, call: Call) -> None:
    audit.record(actor, action, T.CALL, call.pk, organisation_id=call.organisation_id)


def _locked(actor: Actor, call: Call) -> Call:
    """The record as it is now, locked until the transaction ends; RecordClosed if closed."""
    current = policies.calls(actor).select_for_update().filter(pk=call.pk).first()
    if current is None:
        raise PermissionDenied
    if current.state not in OPEN_STATES:
        raise RecordClosed
    return current


def _federation_id(actor: Actor) -> int:
    if actor.organisation_id is None:
        raise PermissionDenied
    return actor.organisation_id


def _link_caller(call: Call) -> None:
    """A number she agreed to be recognised by: the record names her, and her last call is
    now (inside the transaction that records the call's change)."""
    if call.number_key and call.caller_id is None:
        caller = Caller.objects.filter(number_key=call.number_key).first()
        if caller is not None:
            call.caller = caller
            Caller.objects.filter(pk=caller.pk, last_call_at__lt=call.ringing_at).update(
                last_call_at=call.ringing_at
            )


def take_call(actor: Actor, *, number: str = "") -> Call:
    """She answers a call by hand: a phone record in progress, its timer started now,
    anonymous unless she types the number (kept only as its keyed hash, to recognise a
    caller who agreed to it)."""
    _require(actor)
    now = timezone.now()
    with transaction.atomic():
        call = Call(
            organisation_id=_federation_id(actor),
            channel=Channel.PHONE,
            state=CallState.ACTIVE,
            listener_id=actor.user_id,
            ringing_at=now,
            answered_at=now,
            number_key=numbers.number_key(number),
        )
        _link_caller(call)
        call.save()
        _line(actor, A.CREATE, call)
        presence.on_call(actor.user_id, now)
    return call


def read_call(actor: Actor, pk: int) -> Call:
    """Her record opened (or a supervisor's reading): one read line. A number known to a
    caller who agreed to be recognised links the record to her."""
    _require(actor)
    with transaction.atomic():
        call = policies.get_call(actor, pk)
        _line(actor, A.VIEW, call)
        if call.state in OPEN_STATES and actor.can(P.RECOGNISE):
            before = call.caller_id
            _link_caller(call)
            if call.caller_id != before:
                call.save(update_fields=["caller", "updated_at"])
                _line(actor, A.UPDATE, call)
    return call


def record_list_read(actor: Actor, calls: list[Call]) -> None:
    """A list of records shown (her console): one read line each."""
    if not calls:
        return
    with transaction.atomic():
        audit.record_many(
            [
                audit.event(actor, A.VIEW, T.CALL, call.pk, organisation_id=call.organisation_id)
                for call in calls
            ]
        )


def save_facts(actor: Actor, call: Call, facts: dict) -> Call:
    """What she says, saved as she speaks ("Update the plan"); the record stays open."""
    _require(actor, call)
    with transaction.atomic():
        current = _locked(actor, call)
        _apply_facts(current, facts)
        current.save(update_fields=[*FACT_FIELDS, "updated_at"])
        _line(actor, A.UPDATE, current)
    return current


def _apply_facts(call: Call, facts: dict) -> None:
    for name in FACT_FIELDS:
        if name in facts:
            value = facts[name]
            if value is None and name not in ("facts_date", "danger_now"):
                value = ""
            setattr(call, name, value)
    if call.abroad:
        call.commune_code = ""
    else:
        call.abroad_country = ""
        call.home_commune_code = ""


def hang_up(actor: Actor, call: Call) -> Call:
    """The line closed, the record still to finish: the timer stops."""
    _require(actor, call)
    with transaction.atomic():
        current = _locked(actor, call)
        if current.state == CallState.ACTIVE:
            current.state = CallState.WRAP_UP
            current.ended_at = current.ended_at or timezone.now()
            current.save(update_fields=["state", "ended_at", "updated_at"])
            _line(actor, A.UPDATE, current)
    return current


def _close(call: Call, now: dt.datetime, fields: list[str] | None = None) -> None:
    """State closed, the line too, saved (`fields`, else a new row), counted once, her
    presence back: inside the transaction."""
    call.state = CallState.CLOSED
    call.closed_at = now
    if call.answered_at is None:
        call.answered_at = now
    if call.ended_at is None:
        call.ended_at = now
    call.save(update_fields=fields)
    counters.count_call(call)
    if call.listener_id:
        presence.after_call(call.listener_id, now)


CLOSING_FIELDS = [
    "state",
    "closed_at",
    "answered_at",
    "ended_at",
    "non_data",
    "outcome",
    "oriented_to",
    "escalated_to",
    "transfer",
    "updated_at",
]


def log_non_data(actor: Actor, kind: str, call: Call | None = None) -> Call:
    """A call with nothing to record but its kind (silent, hung up, wrong number, abusive,
    test, information only): logged and closed at once, from the console (a new record) or
    from a record in progress."""
    _require(actor, call)
    kind = NonData(kind)
    now = timezone.now()
    with transaction.atomic():
        if call is None:
            current = Call(
                organisation_id=_federation_id(actor),
                channel=Channel.PHONE,
                state=CallState.ACTIVE,
                listener_id=actor.user_id,
                ringing_at=now,
                answered_at=now,
                non_data=kind,
            )
            _close(current, now)
            _line(actor, A.CREATE, current)
            return current
        current = _locked(actor, call)
        current.non_data = kind
        current.outcome = ""
        current.oriented_to = ""
        current.escalated_to = ""
        _close(current, now, CLOSING_FIELDS)
        _line(actor, A.UPDATE, current)
    return current


def close(actor: Actor, call: Call, facts: dict, closing: Closing) -> Call:
    """The facts as last said, the outcome, and the record closed: all or nothing.

    A transfer with consent puts an intake in the association's queue
    (`cases.services.create_intake`, the one transfer), kept on `call.transfer`; a callback
    puts a request in the federation's queue (`services.callbacks.schedule_callback`)."""
    _require(actor, call)
    outcome = Outcome(closing.outcome)
    now = timezone.now()
    with transaction.atomic():
        current = _locked(actor, call)
        _apply_facts(current, facts)
        current.non_data = ""
        current.outcome = outcome
        current.oriented_to = closing.oriented_to[:120] if outcome == Outcome.ORIENTED else ""
        current.escalated_to = closing.escalated_to if outcome == Outcome.ESCALATED else ""
        if outcome == Outcome.TRANSFERRED:
            if closing.transfer is None:
                raise ValueError("a transfer needs what she agreed to share")
            current.transfer = _transfer(actor, current, closing.transfer)
        _close(current, now, [*FACT_FIELDS, *CLOSING_FIELDS])
        _line(actor, A.UPDATE, current)
        if outcome == Outcome.CALLBACK:
            from .callbacks import schedule_callback

            schedule_callback(actor, current, closing.callback_number, closing.callback_when)
    current.refresh_from_db()
    return current


def offence_category(call: Call) -> str:
    """The case files' offence for her main situation ("" when it has none)."""
    from appui.cases.models import OffenceCategory
    from appui.guide.questions import OFFENCES

    known = set(OffenceCategory.values)
    for situation in call.situations or ():
        category = OFFENCES.get(situation, ("",))[0]
        if category in known:
            return category
    return ""


def place_code(call: Call) -> str:
    """The town that decides the competent association: where it happened, or where she
    lives when it happened abroad."""
    return call.home_commune_code if call.abroad else call.commune_code


def _transfer(actor: Actor, call: Call, transfer: Transfer):
    from appui.cases.services import create_intake

    association = Organisation.objects.filter(
        pk=transfer.organisation_id, kind=OrganisationKind.ASSOCIATION
    ).first()
    if association is None:
        raise PermissionDenied
    return create_intake(
        actor,
        channel=IntakeChannel.HELPLINE,
        data={
            "summary": transfer.summary,
            "contact_name": transfer.contact_name,
            "contact_phone": transfer.contact_phone,
            "preferred_time": transfer.preferred_time,
            "commune_code": place_code(call),
            "language": call.language,
            "offence_category": offence_category(call),
        },
        organisation_id=association.pk,
    )


def competent_association(call: Call) -> Organisation | None:
    """The association covering her town (the directory's coverage), None when none does."""
    from appui.cases.services import competent_organisation

    code = place_code(call)
    if not code:
        return None
    found = competent_organisation(code)
    return found if found.kind == OrganisationKind.ASSOCIATION else None


# --- the guide's answers, and the plan ---------------------------------------------------


def answers(call: Call) -> dict:
    """The record's facts as the guide's answers (what is not known is left out)."""
    given: dict = {}
    if call.situations:
        given["situations"] = list(call.situations)
    if call.facts_date:
        given["date"] = call.facts_date.isoformat()
    if call.abroad:
        given["abroad"] = True
        if call.home_commune_code:
            given["home_commune"] = call.home_commune_code
    elif call.commune_code:
        given["commune"] = call.commune_code
    if call.author:
        given["author"] = AUTHOR_ANSWER.get(call.author, "known")
    if call.danger_now is not None:
        given["danger"] = "yes" if call.danger_now else "no"
    return given


def has_facts(call: Call) -> bool:
    return bool(call.situations or call.commune_code or call.abroad)


def plan(call: Call, lang: str):
    """The guide's plan for what she said (None before anything is said)."""
    if not has_facts(call):
        return None
    from appui.guide.plan import build

    return build(answers(call), lang)


# --- her console ---------------------------------------------------------------------------


def screen_pop(user_id: int) -> int | None:
    """The newest call in progress answered for her (its record not closed), or None. One
    query on the (listener, …) index: what the console asks every second."""
    return (
        Call.objects.filter(listener_id=user_id, state=CallState.ACTIVE)
        .order_by("-answered_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )


def recent(user_id: int) -> list[Call]:
    """Her last closed records, newest first, with their transfer (its acknowledgement)."""
    return list(
        Call.objects.filter(listener_id=user_id, state=CallState.CLOSED)
        .select_related("transfer", "transfer__organisation")
        .order_by("-closed_at", "-pk")[:RECENT]
    )
