"""Callback requests: what waits in the federation's intake queue for a listener to call back.

A request is a `cases.Intake` of the federation, as every request of the network is: a
missed call or a voicemail the switchboard reports, a callback a listener promised at the
end of a call, the guide's callbacks from towns no association covers, the messages of the
web form and of the e-mail box (`messages.py`). `CallbackFollowUp` gives it a response
target (`due_at`) and an escalation to the supervisor; each try to call back is a
`CallbackTry`. The number to call is the intake's `contact_phone` (encrypted); a screen
shows it masked until a listener opens the request, which is audited.

Every write is one transaction with its audit lines; the switchboard's writes are made by
`SystemActor(SystemKind.TELEPHONY)`, inside the webhook's own transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from appui.cases import policies as case_policies
from appui.cases import services as cases
from appui.cases.audit_targets import CaseTarget
from appui.cases.models import Channel as IntakeChannel
from appui.cases.models import Intake, IntakeStatus
from appui.cases.permissions import CasePermission
from appui.core import audit
from appui.core.access import Actor, SystemActor
from appui.core.models import AuditAction, SystemKind
from appui.directory.hours import PARIS, open_spans

from .. import numbers, policies
from ..audit_targets import HelplineTarget
from ..models import (
    Call,
    CallbackFollowUp,
    CallbackTry,
    CallState,
    Channel,
    TryResult,
)
from ..permissions import HelplinePermission as P

A = AuditAction
TELEPHONY = SystemActor(SystemKind.TELEPHONY)
# The response target, in opening hours of the 116 006 (settings.APPUI_HELPLINE_CALLBACK_HOURS).
# How far ahead opening hours are looked for: beyond, the target counts clock hours.
HORIZON_DAYS = 400
# What reaches the helpline outside its hours and waits to be called back or answered.
CALLBACK_CHANNELS = (
    IntakeChannel.MISSED_CALL,
    IntakeChannel.VOICEMAIL,
    IntakeChannel.GUIDE_CALLBACK,
    IntakeChannel.WEB_MESSAGE,
    IntakeChannel.EMAIL,
)
MESSAGE_CHANNELS = (IntakeChannel.WEB_MESSAGE, IntakeChannel.EMAIL)
# A listener's promise to call back at the end of a call.
SCHEDULED = IntakeChannel.SCHEDULED_CALLBACK


class NotACallback(Exception):
    """The request cannot be called back: no number to call."""


# --- the response target -------------------------------------------------------------------


def helpline_hours() -> tuple[str, list[tuple[dt.date, dt.date]]]:
    """The opening hours of the 116 006 as the directory's entry states them (the operator
    sets them there: one source), and its dated closures; ("", []) when it is not listed."""
    from appui.advice.help import HELPLINE
    from appui.directory.models import Kind, Service

    wanted = HELPLINE.replace(" ", "")
    for service in Service.objects.filter(kind=Kind.NATIONAL_NUMBER).prefetch_related("closures"):
        for phone in service.phones or ():
            number = phone if isinstance(phone, str) else (phone or {}).get("number", "")
            if str(number).replace(" ", "") == wanted:
                closures = [(c.start, c.end) for c in service.closures.all()]
                return service.opening_hours, closures
    return "", []


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    """A Paris wall-clock time as an instant (UTC); 23:59, which `open_spans` gives for a
    span running to midnight, is midnight."""
    if time == dt.time(23, 59):
        moment = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=PARIS)
    else:
        moment = dt.datetime.combine(day, time, tzinfo=PARIS)
    return moment.astimezone(dt.UTC)


def callback_hours() -> dt.timedelta:
    return dt.timedelta(hours=settings.APPUI_HELPLINE_CALLBACK_HOURS)


HelplineHours = tuple[str, list[tuple[dt.date, dt.date]]]


def due_at(received: dt.datetime | Intake, hours: HelplineHours | None = None) -> dt.datetime:
    """When a request received at `received_at` should be answered by: after
    `APPUI_HELPLINE_CALLBACK_HOURS` (2 by default) hours during which the 116 006 is open.

    The hours are those of the 116 006's entry in the directory (the operator keeps them
    there; the guide and the plans show the same), evaluated on the Paris clock with the
    French public holidays and the entry's dated closures. Only hours stated as open count:
    with the shipped "Mo-Su 09:00-19:00, Mo-Su 19:00-20:00 unknown", a missed call at 22:00
    is due at 11:00 the next morning, one at 18:30 at 10:30 the next morning, one at 10:00
    at 12:00. When the directory lists no 116 006, or no opening within a year, the target
    counts clock hours from `received_at`.

    `received` is the instant, or the request itself; `hours`, when given, is what
    `helpline_hours()` read already (one directory read for many requests).
    """
    received_at = received.received_at if isinstance(received, Intake) else received
    target = callback_hours()
    expression, closures = hours if hours is not None else helpline_hours()
    if not expression:
        return received_at + target
    start = received_at.astimezone(dt.UTC)
    day = received_at.astimezone(PARIS).date()
    remaining = target
    for _day in range(HORIZON_DAYS):
        if not any(first <= day <= last for first, last in closures):
            for begin, end in open_spans(expression, day):
                opens, closes = max(_at(day, begin), start), _at(day, end)
                if closes <= opens:
                    continue
                if closes - opens >= remaining:
                    return opens + remaining
                remaining -= closes - opens
        day += dt.timedelta(days=1)
    return received_at + target


# --- shared helpers ------------------------------------------------------------------------


def start_follow_up(intake: Intake, by: Actor | SystemActor) -> CallbackFollowUp:
    follow_up = CallbackFollowUp.objects.create(intake=intake, due_at=due_at(intake.received_at))
    audit.record(
        by, A.CREATE, HelplineTarget.CALLBACK, intake.pk, organisation_id=intake.organisation_id
    )
    return follow_up


def _open_request_for(organisation_id: int, key: str) -> Intake | None:
    """The request still waiting that an earlier missed call from this number made: a caller
    who tries three times while the line is closed makes one request, not three."""
    if not key:
        return None
    earlier = (
        Call.objects.filter(
            organisation_id=organisation_id,
            number_key=key,
            callback__status=IntakeStatus.NEW,
            callback__channel__in=(IntakeChannel.MISSED_CALL, IntakeChannel.VOICEMAIL),
        )
        .select_related("callback")
        .order_by("ringing_at")
        .first()
    )
    return earlier.callback if earlier is not None else None


def _from_switchboard(call: Call, number: str, channel: str) -> Intake | None:
    number = (number or "").strip()
    if call.callback_id is not None:
        return call.callback
    if not numbers.normalise(number):  # withheld, "anonymous": nobody to call back
        return None
    key = numbers.number_key(number)
    update = ["callback", "updated_at"]
    if key and not call.number_key:
        call.number_key = key
        update.append("number_key")
    with transaction.atomic():
        intake = _open_request_for(call.organisation_id, key)
        if intake is None:
            intake = Intake.objects.create(
                organisation_id=call.organisation_id,
                channel=channel,
                received_at=call.ringing_at,
                contact_phone=number[:30],
            )
            audit.record(
                TELEPHONY,
                A.CREATE,
                CaseTarget.INTAKE,
                intake.pk,
                organisation_id=intake.organisation_id,
            )
            start_follow_up(intake, TELEPHONY)
        else:
            audit.record(
                TELEPHONY,
                A.UPDATE,
                HelplineTarget.CALLBACK,
                intake.pk,
                organisation_id=intake.organisation_id,
            )
        call.callback = intake
        call.save(update_fields=update)
        audit.record(
            TELEPHONY, A.UPDATE, HelplineTarget.CALL, call.pk, organisation_id=call.organisation_id
        )
    return intake


def from_missed_call(call: Call, number: str) -> Intake | None:
    """A call that ended while never answered, from a known number: a request to call back
    in the federation's queue, received when the phone rang, with its response target. A
    second missed call from the same number while the first request waits joins it. None,
    and nothing written, when `number` holds no digit to call (withheld, "anonymous")."""
    return _from_switchboard(call, number, IntakeChannel.MISSED_CALL)


def from_voicemail(call: Call, number: str) -> Intake | None:
    """A voicemail the switchboard reports: a request to call back, as a missed call."""
    return _from_switchboard(call, number, IntakeChannel.VOICEMAIL)


def schedule_callback(actor: Actor, call: Call, number: str, when_text: str) -> Intake:
    """The listener promises, at the end of a call, to call back (outcome "callback"): a
    request in her federation's queue with the number, when to call, what the record
    says of the town, language and danger, and its response target."""
    policies.require(actor, P.CONSOLE, call)
    policies.require(actor, CasePermission.INTAKE_QUEUE)
    if not policies.calls(actor).filter(pk=call.pk).exists():
        raise PermissionDenied
    number = (number or "").strip()
    if not numbers.normalise(number):
        raise NotACallback(_("A number to call back is needed."))
    with transaction.atomic():
        now = timezone.now()
        intake = Intake.objects.create(
            organisation_id=call.organisation_id,
            channel=SCHEDULED,
            received_at=now,
            contact_phone=number[:30],
            preferred_time=(when_text or "").strip()[:200],
            commune_code=call.commune_code,
            language=call.language,
            danger_now=bool(call.danger_now),
            created_by_id=actor.user_id,
        )
        audit.record(
            actor, A.CREATE, CaseTarget.INTAKE, intake.pk, organisation_id=intake.organisation_id
        )
        start_follow_up(intake, actor)
        call.callback = intake
        update = ["callback", "updated_at"]
        if not call.number_key:
            call.number_key = numbers.number_key(number)
            update.append("number_key")
        call.save(update_fields=update)
        audit.record(
            actor, A.UPDATE, HelplineTarget.CALL, call.pk, organisation_id=call.organisation_id
        )
    return intake


# --- the queue -------------------------------------------------------------------------------


def requests(actor: Actor):
    """The requests waiting in the actor's queue (the federation's, for a listener)."""
    policies.require(actor, P.CONSOLE)
    policies.require(actor, CasePermission.INTAKE_QUEUE)
    return case_policies.intakes(actor).filter(status=IntakeStatus.NEW)


def get_request(actor: Actor, pk: int) -> Intake:
    """A request of the actor's queue (any state), else 404."""
    policies.require(actor, P.CONSOLE)
    return case_policies.get_intake(actor, pk)


def follow_ups(actor: Actor, intakes: Iterable[Intake]) -> dict[int, CallbackFollowUp]:
    """Each request's follow-up, made when first shown for a request that has none yet (the
    guide's callbacks landing in the federation's queue, intakes recorded by hand): its due
    time counts from when it was received."""
    intakes = list(intakes)
    ids = [i.pk for i in intakes]
    found = {f.intake_id: f for f in CallbackFollowUp.objects.filter(intake_id__in=ids)}
    missing = [i for i in intakes if i.pk not in found]
    if missing:
        hours = helpline_hours()
        with transaction.atomic():
            # Two listeners opening the queue at once: the second one's rows are ignored.
            CallbackFollowUp.objects.bulk_create(
                [CallbackFollowUp(intake=i, due_at=due_at(i, hours)) for i in missing],
                ignore_conflicts=True,
            )
            audit.record_many(
                [
                    audit.event(
                        actor,
                        A.CREATE,
                        HelplineTarget.CALLBACK,
                        i.pk,
                        organisation_id=i.organisation_id,
                    )
                    for i in missing
                ]
            )
        found = {f.intake_id: f for f in CallbackFollowUp.objects.filter(intake_id__in=ids)}
    return found


@dataclass(frozen=True)
class Waiting:
    """A request as the callback queue lists it: no number in clear, only its mask."""

    intake: Intake
    due_at: dt.datetime
    overdue: bool
    tries: int
    escalated: bool
    masked: str

    @property
    def is_message(self) -> bool:
        return self.intake.channel in MESSAGE_CHANNELS


QUEUE_SHOWN = 200


def queue(actor: Actor, now: dt.datetime | None = None) -> list[Waiting]:
    """The requests waiting: someone in danger now first, then the most overdue, then by due
    time. Each listed request leaves a read line (the queue shows what callers gave)."""
    now = now or timezone.now()
    intakes = list(requests(actor).order_by("-danger_now", "received_at")[:QUEUE_SHOWN])
    found = follow_ups(actor, intakes)
    tries = dict(
        CallbackTry.objects.filter(intake_id__in=[i.pk for i in intakes])
        .values("intake_id")
        .annotate(n=Count("pk"))
        .values_list("intake_id", "n")
    )
    rows = [
        Waiting(
            intake=intake,
            due_at=found[intake.pk].due_at,
            overdue=found[intake.pk].due_at < now,
            tries=tries.get(intake.pk, 0),
            escalated=found[intake.pk].escalated_at is not None,
            masked=numbers.mask(intake.contact_phone),
        )
        for intake in intakes
    ]
    rows.sort(key=lambda row: (not row.intake.danger_now, row.due_at))
    cases.record_queue_read(actor, intakes)
    return rows


def queue_stamp(actor: Actor) -> str:
    """What changes when the queue changes (a request arrives or is handled)."""
    return cases.queue_stamp(actor)


# --- a request --------------------------------------------------------------------------------


def check_access(actor: Actor, intake: Intake) -> None:
    policies.require(actor, P.CONSOLE, intake)
    policies.require(actor, CasePermission.INTAKE_QUEUE, intake)


def lock_waiting(intake: Intake) -> Intake:
    """The request as it is now, locked until the transaction ends; `AlreadyHandled` when a
    colleague (or a double submit) handled it meanwhile."""
    locked = Intake.objects.select_for_update().filter(pk=intake.pk).first()
    if locked is None or locked.status != IntakeStatus.NEW:
        raise cases.AlreadyHandled
    return locked


def tries(intake: Intake) -> list[CallbackTry]:
    return list(CallbackTry.objects.filter(intake=intake).select_related("by").order_by("at"))


def follow_up(actor: Actor, intake: Intake) -> CallbackFollowUp:
    return follow_ups(actor, [intake])[intake.pk]


def record_try(actor: Actor, intake: Intake, result: str) -> CallbackTry:
    """One try to call back, and what came of it. A try that reached the person is
    `call_back`'s (it opens the call record)."""
    check_access(actor, intake)
    result = TryResult(result)
    with transaction.atomic():
        lock_waiting(intake)
        attempt = CallbackTry.objects.create(
            intake=intake, at=timezone.now(), by_id=actor.user_id, result=result
        )
        audit.record(
            actor,
            A.UPDATE,
            HelplineTarget.CALLBACK,
            intake.pk,
            organisation_id=intake.organisation_id,
        )
    return attempt


def call_back(actor: Actor, intake: Intake) -> Call:
    """She is on the line: a try that reached her, and a call record (channel "call back",
    in progress, the actor its listener) linked to the request, which the listener keeps as
    any call (what happened, the plan, the outcome). The request is closed: it was answered.
    The number is read from the request."""
    check_access(actor, intake)
    if not numbers.normalise(intake.contact_phone):
        raise NotACallback(_("This request has no number to call back."))
    with transaction.atomic():
        locked = lock_waiting(intake)
        now = timezone.now()
        CallbackTry.objects.create(
            intake=intake, at=now, by_id=actor.user_id, result=TryResult.REACHED
        )
        call = Call.objects.create(
            organisation_id=intake.organisation_id,
            channel=Channel.CALLBACK,
            state=CallState.ACTIVE,
            listener_id=actor.user_id,
            ringing_at=now,
            answered_at=now,
            number_key=numbers.number_key(locked.contact_phone),
            number=locked.contact_phone,
            commune_code=locked.commune_code,
            language=locked.language,
            danger_now=True if locked.danger_now else None,
            callback=intake,
        )
        mark_closed(actor, locked, _("Called back: see the call record."))
        audit.record(
            actor,
            A.UPDATE,
            HelplineTarget.CALLBACK,
            intake.pk,
            organisation_id=intake.organisation_id,
        )
        audit.record(
            actor, A.CREATE, HelplineTarget.CALL, call.pk, organisation_id=call.organisation_id
        )
    intake.refresh_from_db()
    return call


def mark_closed(actor: Actor, intake: Intake, reason: str) -> None:
    Intake.objects.filter(pk=intake.pk).update(
        status=IntakeStatus.CLOSED,
        closing_reason=reason[:200],
        handled_by_id=actor.user_id,
        handled_at=timezone.now(),
    )
    audit.record(
        actor, A.UPDATE, CaseTarget.INTAKE, intake.pk, organisation_id=intake.organisation_id
    )


def close_callback(actor: Actor, intake: Intake, reason: str) -> Intake:
    """Closed without a call back (reached otherwise, a wrong number after tries, the
    person called again meanwhile): the queue's own closing, with its reason."""
    check_access(actor, intake)
    return cases.close_intake(actor, intake, reason)


def escalate(actor: Actor, intake: Intake) -> CallbackFollowUp:
    """Marked for the supervisor (still waiting after its tries, or a difficult call): the
    supervision page lists it. Once only; a second click changes nothing."""
    check_access(actor, intake)
    with transaction.atomic():
        lock_waiting(intake)
        follow = follow_up(actor, intake)
        updated = CallbackFollowUp.objects.filter(pk=follow.pk, escalated_at__isnull=True).update(
            escalated_at=timezone.now(), escalated_by_id=actor.user_id
        )
        if updated:
            audit.record(
                actor,
                A.UPDATE,
                HelplineTarget.CALLBACK,
                intake.pk,
                organisation_id=intake.organisation_id,
            )
    follow.refresh_from_db()
    return follow
