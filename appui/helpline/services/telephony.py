"""What a switchboard's events change: one transaction per event, written by
`SystemActor(SystemKind.TELEPHONY)`.

Each event is first claimed in `TelephonyEvent` by its (switchboard, event id), which the
database keeps unique: the same event posted again, even at the same instant by two
processes, finds the row and is answered "already received", never applied twice. An event
refused earlier (out of order, an unknown listener) is examined again when it is posted
again, so that a switchboard's retry succeeds once the cause is gone.

A call goes ringing → active (answered) → wrap-up (the line closed, the listener finishes
the record) → closed (by the console); or ringing → missed. Events that do not follow that
order are refused (409) and recorded as refused: an `answered` or `ended` for a call that
never rang, a second `ringing`, an `answered` after the end. The one exception is the end
of the line of a record the listener closed while still talking: it is noted.

The caller's number is never kept in clear: its keyed hash (`number_key`) finds a
recognised caller; the number itself waits, encrypted in `Call.number`, until the call is
answered (then it is blanked: the listener asks it if she has to call back) or ends
unanswered (then it goes to the callback request, `callbacks.from_missed_call`, and is
blanked on the call).

Locks are taken in one order (the event's row, the call's row, the listener's row, the
hour's counter, then the audit chain of the federation), so that two events never wait on
each other in a circle.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import time
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from appui.core import audit
from appui.core.access import SystemActor
from appui.core.models import AuditAction, Organisation, OrganisationKind, SystemKind

from .. import counters, numbers
from ..audit_targets import HelplineTarget
from ..models import (
    Call,
    Caller,
    CallState,
    Channel,
    EndCause,
    EventStatus,
    Listener,
    Switchboard,
    TelephonyEvent,
)
from ..telephony import signing
from ..telephony.events import Event
from . import presence

logger = logging.getLogger("appui.helpline.telephony")

A, T = AuditAction, HelplineTarget
TELEPHONY = SystemActor(SystemKind.TELEPHONY)
WORKER = SystemActor(SystemKind.WORKER)
# A call still ringing this long after it rang lost its end on the way (`close_stale`).
STALE_AFTER = dt.timedelta(hours=6)
APPLIED, ALREADY, REFUSED = "applied", "already received", "refused"
# A number the switchboard gives that can be called back: digits, with "+", spaces, dots,
# dashes or brackets; "anonymous", "unknown" or an empty caller is a withheld number.
_CALLABLE = re.compile(r"^\+?[0-9 ().-]{3,30}$")


@dataclass(frozen=True)
class Result:
    """What the webhook answers: its HTTP status, the outcome and, when refused, why."""

    status: int
    outcome: str
    message: str = ""
    field: str = "$"

    @property
    def body(self) -> dict:
        if self.outcome == REFUSED:
            return {"status": REFUSED, "errors": [{"field": self.field, "message": self.message}]}
        return {"status": self.outcome}


class Refused(Exception):
    def __init__(self, status: int, message: str, field: str = "$"):
        super().__init__(message)
        self.status, self.message, self.field = status, message, field


def out_of_order(message: str) -> Refused:
    return Refused(409, message)


def callable_number(caller: str | None) -> str:
    """The number to call her back on, as the switchboard gave it; "" when withheld."""
    caller = (caller or "").strip()
    if not _CALLABLE.match(caller) or len(numbers.normalise(caller)) < 3:
        return ""
    return caller


def _log_refusal(switchboard: Switchboard, event_id: str, kind: str, result: Result) -> None:
    logger.warning(
        "telephony event refused: switchboard=%s event_id=%r type=%s status=%s field=%s: %s",
        switchboard.slug,
        event_id,
        kind,
        result.status,
        result.field,
        result.message,
    )


# --- what every post reads: its switchboard, the federation ------------------------------

# Each post names its switchboard, and each call is the federation's: reading them (and
# decrypting the secret) for every post was a sixth of the webhook's CPU. A process keeps
# what it read for KEPT_SECONDS; a change saved in this process is seen at once (`forget`,
# on every save of a switchboard or an organisation), in another process within those
# seconds: a secret replaced or a switchboard switched off takes effect everywhere a few
# seconds later (docs/helpline.md).
KEPT_SECONDS = 5.0
_kept: dict[tuple, tuple[float, object]] = {}
_kept_lock = threading.Lock()


def _keep(key: tuple, read):
    """`read()`, or what it gave less than KEPT_SECONDS ago. None is not kept (so that
    nobody fills the memory with made-up switchboard names)."""
    now = time.monotonic()
    kept = _kept.get(key)
    if kept is not None and now - kept[0] < KEPT_SECONDS:
        return kept[1]
    found = read()
    with _kept_lock:
        if found is None:
            _kept.pop(key, None)
        else:
            _kept[key] = (now, found)
    return found


def forget(**_kwargs) -> None:
    """Drop what this process kept (a switchboard or an organisation saved or deleted)."""
    with _kept_lock:
        _kept.clear()


def switchboard(slug: str) -> Switchboard | None:
    """The active switchboard called `slug`, or None."""
    slug = slug[:50]

    def read():
        found = Switchboard.objects.filter(slug=slug, active=True).first()
        if found is not None:
            found.secret  # noqa: B018  (decrypted once, here)
        return found

    return _keep(("switchboard", slug), read)


# --- the event's row -----------------------------------------------------------------------


def _claim(switchboard: Switchboard, event_id: str, kind: str, call_id: str, now):
    """The event's row, made for this post; None when the event was already applied. One
    INSERT … ON CONFLICT DO NOTHING (SQLite and PostgreSQL alike): of two processes posting
    the same event at once, the second waits for the first's transaction, then finds its
    row. A row refused before is taken again, locked."""
    kind, call_id = kind[:16], call_id[:128]
    q = connection.ops.quote_name
    table = q(TelephonyEvent._meta.db_table)
    stamp = TelephonyEvent._meta.get_field("received_at").get_db_prep_value(now, connection)
    sql = (  # identifiers from the model, values bound
        f"INSERT INTO {table} ({q('switchboard_id')}, {q('event_id')}, {q('kind')}, "  # noqa: S608
        f"{q('call_external_id')}, {q('received_at')}, {q('status')}, {q('error')}) "
        f"VALUES (%s, %s, %s, %s, %s, %s, '') "
        f"ON CONFLICT ({q('switchboard_id')}, {q('event_id')}) DO NOTHING RETURNING {q('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [switchboard.pk, event_id, kind, call_id, stamp, EventStatus.APPLIED.value]
        )
        made = cursor.fetchone()
    if made is not None:
        return TelephonyEvent(
            pk=made[0],
            switchboard=switchboard,
            event_id=event_id,
            kind=kind,
            call_external_id=call_id,
            received_at=now,
            status=EventStatus.APPLIED,
        )
    row = TelephonyEvent.objects.select_for_update().get(switchboard=switchboard, event_id=event_id)
    if row.status == EventStatus.APPLIED:
        return None
    row.kind, row.call_external_id, row.received_at = kind, call_id, now
    return row


def _mark(row: TelephonyEvent, status: str, error: str = "") -> None:
    row.status, row.error = status, error[:200]
    row.save(update_fields=["status", "error", "kind", "call_external_id", "received_at"])


def refuse(
    switchboard: Switchboard,
    *,
    event_id: str,
    kind: str,
    call_id: str,
    status: int,
    message: str,
    field: str = "$",
) -> Result:
    """Record the refusal of a post that is no valid event but has a readable id (a
    malformed body, an event of the wrong shape). An event already applied under that id
    is left as it is."""
    result = Result(status, REFUSED, message, field)
    with transaction.atomic():
        row = _claim(switchboard, event_id, kind or "?", call_id or "", timezone.now())
        if row is not None:
            _mark(row, EventStatus.REFUSED, f"{status} {field}: {message}")
    _log_refusal(switchboard, event_id, kind, result)
    return result


# --- applying an event ---------------------------------------------------------------------


def apply(switchboard: Switchboard, event: Event) -> Result:
    """Apply one event of `switchboard`: 202 applied, 200 already received, 409 out of order
    or 422 (an unknown listener) refused — a refusal changes nothing but the event's row."""
    now = timezone.now()
    with transaction.atomic():
        row = _claim(switchboard, event.event_id, event.type, event.call_id, now)
        if row is None:
            return Result(200, ALREADY)
        try:
            # Every refusal is raised before the event writes anything (a second `ringing`
            # undoes its own insert), so that the refusal keeps only the event's row.
            APPLY[event.type](switchboard, event, min(event.at, now), now)
        except Refused as refusal:
            result = Result(refusal.status, REFUSED, refusal.message, refusal.field)
            _mark(row, EventStatus.REFUSED, f"{refusal.status} {refusal.field}: {refusal.message}")
            _log_refusal(switchboard, event.event_id, event.type, result)
            return result
        if row.status != EventStatus.APPLIED:
            _mark(row, EventStatus.APPLIED)
    return Result(202, APPLIED)


def _federation() -> int:
    """The federation's id (the helpline's calls are hers)."""
    federation_id = _keep(
        ("federation",),
        lambda: (
            Organisation.objects.filter(kind=OrganisationKind.FEDERATION)
            .values_list("pk", flat=True)
            .first()
        ),
    )
    if federation_id is None:
        raise Refused(409, "No federation to receive the helpline's calls.")
    return federation_id


def _call(switchboard: Switchboard, event: Event) -> Call:
    """The call the event is about, locked until the transaction ends."""
    call = (
        Call.objects.select_for_update()
        .filter(switchboard=switchboard, external_id=event.call_id)
        .first()
    )
    if call is None:
        raise out_of_order(f"No `ringing` event was received for this call ({event.type}).")
    return call


def _record(call: Call, action: AuditAction = A.UPDATE, by: SystemActor = TELEPHONY) -> None:
    audit.record(by, action, T.CALL, call.pk, organisation_id=call.organisation_id)


def _ringing(switchboard: Switchboard, event: Event, at: dt.datetime, now) -> None:
    organisation_id = _federation()
    number = callable_number(event.caller)
    key = numbers.number_key(number) if number else ""
    # Her id only: the caller's row holds her number, encrypted, not needed here.
    caller_id = (
        Caller.objects.filter(number_key=key).values_list("pk", flat=True).first() if key else None
    )
    call = Call(
        organisation_id=organisation_id,
        channel=Channel.PHONE,
        state=CallState.RINGING,
        switchboard=switchboard,
        external_id=event.call_id,
        ringing_at=at,
        number_key=key,
        number=number,
        caller_id=caller_id,
    )
    try:
        with transaction.atomic():
            call.save()
    except IntegrityError:
        raise out_of_order("This call is already ringing (a second `ringing` event).") from None
    if caller_id is not None:
        Caller.objects.filter(pk=caller_id, last_call_at__lt=at).update(last_call_at=at)
        audit.record(TELEPHONY, A.UPDATE, T.CALLER, caller_id, organisation_id=organisation_id)
    _record(call, A.CREATE)


def _queued(switchboard: Switchboard, event: Event, at: dt.datetime, now) -> None:
    call = _call(switchboard, event)
    if call.state != CallState.RINGING:
        raise out_of_order("A call leaves the queue when it is answered or ends.")
    if call.queue_position != event.queue_position:
        call.queue_position = event.queue_position
        call.save(update_fields=["queue_position", "updated_at"])
        _record(call)


def _listener(extension: str, organisation_id: int) -> int:
    """The user id of the active listener of `organisation_id` with this extension. One
    query, no model built: it runs for every answered call."""
    user_id = (
        Listener.objects.filter(
            extension=extension,
            user__is_active=True,
            user__staff_profile__organisation_id=organisation_id,
        )
        .values_list("user_id", flat=True)
        .first()
    )
    if user_id is None:
        raise Refused(422, "No listener of the helpline has this extension.", "listener")
    return user_id


def _answered(switchboard: Switchboard, event: Event, at: dt.datetime, now) -> None:
    call = _call(switchboard, event)
    if call.state != CallState.RINGING:
        raise out_of_order(f"This call was already answered or ended ({call.state}).")
    listener_id = _listener(event.listener, call.organisation_id)
    call.state = CallState.ACTIVE
    call.listener_id = listener_id
    call.answered_at = max(at, call.ringing_at)
    call.queue_position = None
    call.number = ""  # she is on the line: the listener asks it if a callback is needed
    call.save(
        update_fields=["state", "listener", "answered_at", "queue_position", "number", "updated_at"]
    )
    presence.on_call(listener_id, now)
    _record(call)


def _end(
    switchboard: Switchboard, event: Event, at: dt.datetime, now, cause: EndCause | None
) -> None:
    """The line closed (`ended`) or left for elsewhere (`transferred`, `cause` given)."""
    call = _call(switchboard, event)
    if call.ended_at is not None:
        if call.end_cause == EndCause.TRANSFERRED and event.type == "ended":
            return  # the line that was transferred away ends later: nothing new
        if not call.end_cause and call.state in (CallState.WRAP_UP, CallState.CLOSED):
            # The listener noted the end first ("line closed", or her record closed while
            # still talking): the switchboard's end gives its cause; her time, counted, stays.
            call.end_cause = cause or event.cause or EndCause.COMPLETED
            call.save(update_fields=["end_cause", "updated_at"])
            _record(call)
            return
        raise out_of_order("This call has already ended.")
    if call.state == CallState.RINGING:
        _missed(call, at, cause or _unanswered(event.cause))
        return
    if call.state == CallState.MISSED:
        raise out_of_order("This call has already ended.")
    call.ended_at = max(at, call.answered_at or call.ringing_at)
    call.end_cause = cause or event.cause or EndCause.COMPLETED
    fields = ["ended_at", "end_cause", "updated_at"]
    if call.state == CallState.ACTIVE:
        call.state = CallState.WRAP_UP  # the listener finishes the record
        fields.append("state")
    # else the listener closed her record while still talking: the end of the line is noted.
    call.save(update_fields=fields)
    if call.listener_id and call.state != CallState.WRAP_UP:
        # (in wrap-up her record is still open: she is not free yet)
        presence.after_call(call.listener_id, now)
    _record(call)


def _unanswered(cause: str | None) -> str:
    # Q.850's "normal clearing" of a call nobody answered: the caller hung up while waiting.
    if cause in (None, EndCause.COMPLETED, EndCause.CALLER_HANGUP):
        return EndCause.ABANDONED
    return cause


def _missed(call: Call, at: dt.datetime, cause: str, by: SystemActor = TELEPHONY) -> None:
    """A call that ended while never answered: missed, counted, and a callback request when
    her number is known (not when the switchboard put her through elsewhere)."""
    number = call.number
    call.state = CallState.MISSED
    call.ended_at = call.closed_at = max(at, call.ringing_at)
    call.end_cause = cause
    call.queue_position = None
    call.number = ""
    call.save(
        update_fields=[
            "state",
            "ended_at",
            "closed_at",
            "end_cause",
            "queue_position",
            "number",
            "updated_at",
        ]
    )
    counters.count_call(call)
    if number and cause != EndCause.TRANSFERRED:
        from . import callbacks

        callbacks.from_missed_call(call, number)
    _record(call, by=by)


def _ended(switchboard: Switchboard, event: Event, at: dt.datetime, now) -> None:
    _end(switchboard, event, at, now, None)


def _transferred(switchboard: Switchboard, event: Event, at: dt.datetime, now) -> None:
    """Put through to another listener (`listener` given): the call stays in progress, hers
    now; else away from the helpline: the call ends for it."""
    if event.listener is None:
        _end(switchboard, event, at, now, EndCause.TRANSFERRED)
        return
    call = _call(switchboard, event)
    if call.state != CallState.ACTIVE:
        raise out_of_order(f"Only a call in progress is put through to a listener ({call.state}).")
    listener_id = _listener(event.listener, call.organisation_id)
    before = call.listener_id
    if before == listener_id:
        return
    call.listener_id = listener_id
    call.save(update_fields=["listener", "updated_at"])
    presence.on_call(listener_id, now)
    if before:
        presence.after_call(before, now)
    _record(call)


def close_stale(now: dt.datetime | None = None, *, by: SystemActor = WORKER) -> int:
    """Calls still ringing `STALE_AFTER` after they rang: the switchboard's `ended` was
    lost. Each is closed as missed (cause "failed"), counted, and called back when her
    number is known, as any missed call; the number leaves the call. One transaction per
    call (the worker's retention runs it daily). Returns how many were closed."""
    now = now or timezone.now()
    closed = 0
    stale = Call.objects.filter(
        state=CallState.RINGING, switchboard__isnull=False, ringing_at__lt=now - STALE_AFTER
    ).values_list("pk", flat=True)
    for pk in list(stale):
        with transaction.atomic():
            call = Call.objects.select_for_update().filter(pk=pk, state=CallState.RINGING).first()
            if call is not None:
                _missed(call, now, EndCause.FAILED, by)
                closed += 1
    if closed:
        logger.warning("telephony: %s calls still ringing closed as missed", closed)
    return closed


APPLY = {
    "ringing": _ringing,
    "queued": _queued,
    "answered": _answered,
    "ended": _ended,
    "transferred": _transferred,
}


# --- administration: switchboards and listeners' extensions ------------------------------------


def save_switchboard(switchboard: Switchboard, *, by, secret: str = "") -> Switchboard:
    """Save a switchboard edited in the administration, audited. `secret`: a new shared
    secret typed in (a new switchboard without one gets a random one nobody knows, until a
    secret is generated on its page)."""
    with transaction.atomic():
        created = switchboard.pk is None
        if secret:
            switchboard.secret = secret
        elif created:
            switchboard.secret = signing.new_secret()
        switchboard.full_clean()
        switchboard.save()
        audit.record(by, A.CREATE if created else A.UPDATE, T.SWITCHBOARD, switchboard.pk)
    if secret:
        logger.info("switchboard %s: shared secret replaced", switchboard.slug)
    return switchboard


def new_switchboard_secret(switchboard: Switchboard, *, by) -> str:
    """Give a switchboard a new random secret, which replaces the old one at once; returned
    to be shown once (it is stored encrypted and never shown again)."""
    secret = signing.new_secret()
    with transaction.atomic():
        Switchboard.objects.select_for_update().filter(pk=switchboard.pk).first()
        switchboard.secret = secret
        switchboard.save(update_fields=["secret"])
        audit.record(by, A.UPDATE, T.SWITCHBOARD, switchboard.pk)
    logger.info("switchboard %s: new shared secret generated", switchboard.slug)
    return secret


def save_listener(listener: Listener, *, by) -> Listener:
    """Save a listener's extension on the switchboard (her presence is hers to set), audited
    as a change of her account."""
    from appui.core.models import AuditTarget

    with transaction.atomic():
        if listener.pk is None:
            listener.status_since = timezone.now()
        listener.full_clean()
        listener.save()
        profile = getattr(listener.user, "staff_profile", None)
        audit.record(
            by,
            A.UPDATE,
            AuditTarget.ACCOUNT,
            listener.user_id,
            organisation_id=profile.organisation_id if profile else None,
        )
    return listener
