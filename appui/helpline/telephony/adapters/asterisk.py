"""Asterisk: the events of the Asterisk REST Interface (ARI), as a relay forwards them.

ARI gives its events to the Stasis application's WebSocket; a small relay subscribed to it
posts each one, unchanged and signed, to `/api/telephony/<slug>/asterisk`. The helpline's
calls enter the application from the dialplan (`exten => 116006,1,Stasis(appui)`), and the
application rings a listener on a second channel, which it bridges with the caller's.

What the helpline must know to tie the two legs together is one channel variable: the
application sets `APPUI_CALL` to the caller's channel id on each listener's leg it makes
(`POST /channels` with `variables`, or `appArgs` starting with "dialed"), and Asterisk puts
it in every event of that leg (`ari.conf`: `channelvars = APPUI_CALL,APPUI_LISTENER`; from
Asterisk 22, `report_events` on the variable). `APPUI_LISTENER` may name the listener's
extension when it is not the endpoint's name.

Translation (a channel that only carries media — UnicastRTP, Snoop, Announcer… — is never a
call):

- `StasisStart` of a caller's channel → `ringing`: the call id is the channel's id, the
  caller `channel.caller.number`. A listener's leg entering the application is not a call.
- `ChannelStateChange` to "Up", `ChannelEnteredBridge` or `Dial` with status "ANSWER", of a
  listener's leg → `answered` by the extension of the leg's endpoint ("PJSIP/1001-0000002a"
  → 1001). The caller's own channel going "Up" (the application answering it to play a
  greeting) is not an answer.
- `ChannelVarset` of `APPUI_QUEUE_POSITION` on a caller's channel → `queued`, if the
  application keeps that variable as her place in its queue.
- `ChannelHangupRequest`, `StasisEnd` or `ChannelDestroyed` of a caller's channel →
  `ended`, the cause read from its Q.850 code (16 normal clearing → completed, 17 busy, 18
  and 19 no answer, 21 rejected → busy, others → failed; `StasisEnd` has none: the service
  decides). The end of a listener's leg is not the end of the call: the caller may still
  be waiting for another listener.
- `BridgeBlindTransfer` or `BridgeAttendedTransfer` that succeeded, made by a listener's
  leg → `transferred`.
- Anything else is ignored (answered 200, nothing applied).

An ARI event has no id. The one given is the call's id and what the event means, plus the
event's timestamp for a queue position (which changes): replaying an event gives the same
id again, and so does each of the several ARI events that report one fact (the leg going
"Up", then entering the bridge; the hangup request, leaving Stasis, then the channel
destroyed), so one fact is applied once and the others are answered "already received".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from ...models import EndCause
from . import AdapterError, Translation

CALL_VARIABLE = "APPUI_CALL"
LISTENER_VARIABLE = "APPUI_LISTENER"
QUEUE_VARIABLE = "APPUI_QUEUE_POSITION"
DIALED = "dialed"
# Channel technologies that carry media for the application, never a person's call.
MEDIA = {"UnicastRTP", "Snoop", "Announcer", "Recorder", "AudioSocket", "WebSocket", "Multicast"}
MEDIA |= {"CBAnn", "CBRec", "Bridge"}

# ITU-T Q.850 cause codes (Asterisk's AST_CAUSE_*), as the helpline words how a call ended.
Q850 = {
    16: EndCause.COMPLETED,  # normal clearing
    31: EndCause.COMPLETED,  # normal, unspecified
    17: EndCause.BUSY,  # user busy
    21: EndCause.BUSY,  # call rejected (declined, as SIP 603)
    18: EndCause.NO_ANSWER,  # no user responding
    19: EndCause.NO_ANSWER,  # no answer (alerted)
    20: EndCause.NO_ANSWER,  # subscriber absent
}
# 0: not set — the service decides from the call's state.
UNSET = 0

_NAME = re.compile(r"^(?P<tech>[^/]+)/(?P<resource>.+?)(?:-[0-9a-fA-F]+)?(?:;[12])?$")
_VISIBLE = re.compile(r"^[\x21-\x7e]+$")


def _object(data: Any, field: str) -> dict:
    if not isinstance(data, dict):
        raise AdapterError(field, "Must be a JSON object.")
    return data


def _text(data: dict, key: str, field: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise AdapterError(field, "Must be a non-empty string.")
    return value


def _channel(event: dict, key: str = "channel") -> dict:
    channel = _object(event.get(key), key)
    _text(channel, "id", f"{key}.id")
    _text(channel, "name", f"{key}.name")
    return channel


def _at(event: dict) -> str:
    stamp = _text(event, "timestamp", "timestamp")
    try:
        when = dt.datetime.fromisoformat(stamp)
    except ValueError:
        raise AdapterError("timestamp", "Must be an ARI timestamp.") from None
    if when.tzinfo is None:
        raise AdapterError("timestamp", "Must carry its time zone.")
    return when.isoformat()


def _variables(channel: dict) -> dict:
    found = channel.get("channelvars")
    return found if isinstance(found, dict) else {}


def _variable(channel: dict, name: str) -> str:
    value = _variables(channel).get(name)
    # Asterisk 22's `report_events` form: {"value": ..., "report_events": true}.
    if isinstance(value, dict):
        value = value.get("value")
    return value.strip() if isinstance(value, str) else ""


def _technology(channel: dict) -> str:
    return channel["name"].split("/", 1)[0]


def is_media(channel: dict) -> bool:
    return _technology(channel) in MEDIA


def call_of_leg(channel: dict) -> str:
    """The caller's channel id, when `channel` is a listener's leg of her call; else ""."""
    return _variable(channel, CALL_VARIABLE)


def extension(channel: dict) -> str:
    """The listener's extension on her leg: `APPUI_LISTENER`, else the endpoint's resource
    ("PJSIP/1001-0000002a" → "1001", "Local/1001@listeners-00000001;2" → "1001")."""
    given = _variable(channel, LISTENER_VARIABLE)
    if given:
        return given
    match = _NAME.match(channel["name"])
    resource = match["resource"] if match else ""
    return resource.split("@", 1)[0]


def cause_of(code: Any) -> str | None:
    """The helpline's end cause for a Q.850 code (None: not given, the service decides)."""
    if isinstance(code, bool) or not isinstance(code, int) or code == UNSET:
        return None
    return Q850.get(code, EndCause.FAILED).value


def event_id(call_id: str, kind: str, *extra: str) -> str:
    """A stable id: the call and what the event means (plus `extra`), readable when short."""
    text = ":".join((call_id, kind, *extra))
    if len(text) <= 64 and _VISIBLE.match(text):
        return text
    return "ari-" + hashlib.sha256(text.encode()).hexdigest()[:60]


def _event(kind: str, call_id: str, at: str, *extra: str, **fields) -> Translation:
    event = {"event_id": event_id(call_id, kind, *extra), "type": kind, "call_id": call_id}
    event["at"] = at
    event.update({key: value for key, value in fields.items() if value is not None})
    return Translation(events=(event,))


def _ignored(reason: str) -> Translation:
    return Translation(ignored=reason)


def _answered(event: dict, leg: dict) -> Translation:
    call_id = call_of_leg(leg)
    if not call_id:
        return _ignored("not a listener's leg (no APPUI_CALL variable)")
    return _event("answered", call_id, _at(event), listener=extension(leg))


def translate(data: Any) -> Translation:
    event = _object(data, "$")
    kind = _text(event, "type", "type")

    if kind == "Dial":
        if event.get("dialstatus") != "ANSWER":
            return _ignored("Dial: not answered yet")
        peer = _channel(event, "peer")
        return _answered(event, peer)

    if kind in ("BridgeBlindTransfer", "BridgeAttendedTransfer"):
        if event.get("result") != "Success":
            return _ignored(f"{kind}: the transfer did not succeed")
        key = "channel" if kind == "BridgeBlindTransfer" else "transferer_first_leg"
        transferer = _channel(event, key)
        call_id = call_of_leg(transferer)
        if not call_id:
            return _ignored(f"{kind}: not made by a listener's leg")
        return _event("transferred", call_id, _at(event))

    if "channel" not in event:
        return _ignored(f"{kind}: not about a channel")
    channel = _channel(event)
    if is_media(channel):
        return _ignored(f"{kind}: a media channel ({_technology(channel)})")
    leg_of = call_of_leg(channel)

    if kind == "StasisStart":
        args = event.get("args")
        dialed = isinstance(args, list) and bool(args) and args[0] == DIALED
        if leg_of or dialed:
            return _ignored("StasisStart: a listener's leg")
        caller = _object(channel.get("caller") or {}, "channel.caller")
        number = caller.get("number")
        if number is not None and not isinstance(number, str):
            raise AdapterError("channel.caller.number", "Must be a string.")
        return _event("ringing", channel["id"], _at(event), caller=number or None)

    if kind in ("ChannelStateChange", "ChannelEnteredBridge"):
        if kind == "ChannelStateChange" and channel.get("state") != "Up":
            return _ignored(f"ChannelStateChange: {channel.get('state')!s:.20}")
        if not leg_of:
            return _ignored(f"{kind}: the caller's own channel")
        return _answered(event, channel)

    if kind == "ChannelVarset":
        if event.get("variable") != QUEUE_VARIABLE or leg_of:
            return _ignored("ChannelVarset: not the queue position")
        value = event.get("value")
        if not isinstance(value, str) or not value.strip().isdigit():
            raise AdapterError("value", "Must be a whole number.")
        at = _at(event)
        return _event(
            "queued", channel["id"], at, event["timestamp"], queue_position=int(value.strip())
        )

    if kind in ("ChannelHangupRequest", "StasisEnd", "ChannelDestroyed"):
        if leg_of:
            return _ignored(f"{kind}: a listener's leg (the caller may still wait)")
        return _event("ended", channel["id"], _at(event), cause=cause_of(event.get("cause")))

    return _ignored(f"{kind}: nothing for the helpline")
