"""The telephony webhook: where a switchboard reports each call (mounted at /api/telephony/).

`POST /api/telephony/<slug>/events` takes the helpline's own events (`telephony.events`);
`POST /api/telephony/<slug>/asterisk` takes Asterisk's ARI events as a relay forwards them
(`telephony.adapters.asterisk`). Each post is signed with the switchboard's shared secret
(`telephony.signing`): no session, no cookie, no CSRF token — the signature is the only
credential, and an unknown, inactive or wrongly signed switchboard gets the same 401.

Every answer is JSON, every refusal `{"status": "refused", "errors": [{"field", "message"}]}`
and a line in the log (and, once the post is known to come from the switchboard, a refused
`TelephonyEvent`); nothing a switchboard sends makes a 500.
"""

from __future__ import annotations

import json
import logging
from typing import Literal

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema

from .models import Adapter, Switchboard
from .services import telephony
from .telephony import adapters, events, signing

logger = logging.getLogger("appui.helpline.telephony")

router = Router(tags=["telephony"])

# A switchboard's event is a few hundred bytes, an ARI event a few kilobytes.
MAX_BODY = 16 * 1024


class TelephonyReceived(Schema):
    status: Literal["applied", "already received", "ignored"]
    detail: str | None = None


class TelephonyFieldError(Schema):
    field: str
    message: str


class TelephonyRefusal(Schema):
    status: Literal["refused"]
    errors: list[TelephonyFieldError]


RESPONSES = {
    202: TelephonyReceived,
    200: TelephonyReceived,
    401: TelephonyRefusal,
    409: TelephonyRefusal,
    413: TelephonyRefusal,
    422: TelephonyRefusal,
    503: TelephonyRefusal,
}

SIGNATURE_HEADERS = [
    {
        "in": "header",
        "name": signing.TIMESTAMP_HEADER,
        "required": True,
        "description": (
            "The Unix time (seconds) the post was signed at; refused more than "
            f"{signing.TOLERANCE} seconds away from the server's clock."
        ),
        "schema": {"type": "string", "pattern": "^[0-9]{1,12}$"},
    },
    {
        "in": "header",
        "name": signing.SIGNATURE_HEADER,
        "required": True,
        "description": (
            'Base64url of HMAC-SHA256(shared secret, "<timestamp>.<raw body>"); '
            "'=' padding optional."
        ),
        "schema": {"type": "string"},
    },
]

ANSWERS = (
    "Answers: **202** applied; **200** already received (the same `event_id` again: never "
    "applied twice) or nothing to apply; **401** signature or timestamp refused (or no such "
    "active switchboard); **409** out of order (an `answered` or `ended` for a call that "
    "never rang, a second `ringing`, an `answered` after the end) — post it again later if "
    "it was only early; **413** body over 16 KB; **422** malformed (not JSON, a field of the "
    "wrong type or missing, an unknown listener extension), each error naming its field; "
    "**503** busy, post it again. Every refusal is logged."
)


def _answer(payload: dict, status: int, headers: dict | None = None) -> HttpResponse:
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )
    for name, value in (headers or {}).items():
        response[name] = value
    response["Cache-Control"] = "no-store"
    return response


def _refusal(status: int, message: str, field: str = "$", errors=None) -> HttpResponse:
    errors = errors or [{"field": field, "message": message}]
    return _answer({"status": "refused", "errors": errors}, status)


def _too_big(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > MAX_BODY


def _authenticated(request: HttpRequest, slug: str, body: bytes) -> Switchboard | None:
    switchboard = telephony.switchboard(slug)
    try:
        signing.verify(
            switchboard.secret if switchboard else None,
            request.headers.get(signing.TIMESTAMP_HEADER),
            request.headers.get(signing.SIGNATURE_HEADER),
            body,
        )
    except signing.BadSignature as refused:
        logger.warning(
            "telephony post refused: switchboard=%r status=401: %s", slug[:50], refused.reason
        )
        return None
    return switchboard


def receive(request: HttpRequest, slug: str, adapter: str) -> HttpResponse:
    """One post of a switchboard: checked, translated, validated, applied."""
    if _too_big(request):
        logger.warning("telephony post refused: switchboard=%r status=413", slug[:50])
        return _refusal(413, f"The body is larger than {MAX_BODY // 1024} KB.")
    body = request.body
    if len(body) > MAX_BODY:
        return _refusal(413, f"The body is larger than {MAX_BODY // 1024} KB.")
    switchboard = _authenticated(request, slug, body)
    if switchboard is None:
        return _refusal(401, "The signature or its timestamp is refused.")

    def refused(status: int, errors: list[dict], data=None) -> HttpResponse:
        event_id = events.readable_id(data)
        if event_id is not None:
            kind = data.get("type") if isinstance(data.get("type"), str) else "?"
            call_id = data.get("call_id") if isinstance(data.get("call_id"), str) else ""
            first = errors[0]
            telephony.refuse(
                switchboard,
                event_id=event_id,
                kind=kind,
                call_id=call_id,
                status=status,
                message=first["message"],
                field=first["field"],
            )
        else:
            logger.warning(
                "telephony post refused: switchboard=%s status=%s errors=%s",
                switchboard.slug,
                status,
                errors,
            )
        return _refusal(status, "", errors=errors)

    if switchboard.adapter != adapter:
        path = "events" if switchboard.adapter == Adapter.GENERIC else switchboard.adapter
        return refused(
            422, [{"field": "$", "message": f"This switchboard posts to …/{slug}/{path}."}]
        )
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return refused(422, [{"field": "$", "message": "The body is not valid JSON."}])
    try:
        translation = adapters.get(adapter).translate(data)
    except adapters.AdapterError as malformed:
        return refused(422, malformed.errors)
    if not translation.events:
        return _answer({"status": "ignored", "detail": translation.ignored}, 200)
    result = None
    for item in translation.events:
        try:
            event = events.parse(item, now=timezone.now())
        except events.EventErrors as invalid:
            return refused(422, invalid.errors, item)
        try:
            result = telephony.apply(switchboard, event)
        except OperationalError:
            logger.exception("telephony event not applied: switchboard=%s", switchboard.slug)
            return _answer(
                {
                    "status": "refused",
                    "errors": [{"field": "$", "message": "Busy: post it again in a moment."}],
                },
                503,
                {"Retry-After": "1"},
            )
        if result.status >= 300:
            break
    return _answer(result.body, result.status)


def _operation(summary: str, description: str, request_schema: dict) -> dict:
    return {
        "response": RESPONSES,
        "summary": summary,
        "description": description + "\n\n" + ANSWERS,
        "openapi_extra": {
            "parameters": SIGNATURE_HEADERS,
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": request_schema}},
            },
        },
    }


ARI_EVENT = {
    "title": "AsteriskEvent",
    "type": "object",
    "description": (
        "One event of the Asterisk REST Interface, unchanged (StasisStart, "
        "ChannelStateChange, ChannelEnteredBridge, Dial, ChannelVarset, ChannelHangupRequest, "
        "StasisEnd, ChannelDestroyed, BridgeBlindTransfer, BridgeAttendedTransfer are read; "
        "the others are answered 200 and ignored)."
    ),
    "required": ["type"],
    "properties": {
        "type": {"type": "string"},
        "timestamp": {"type": "string"},
        "channel": {"type": "object"},
    },
    "additionalProperties": True,
}


@router.post(
    "/{slug}/events",
    **_operation(
        "Report an event of a call (generic)",
        "The switchboard `slug` reports one event of a call: `ringing`, `queued`, "
        "`answered` (by the listener's extension), `ended` (with its cause) or "
        "`transferred`. A call answered appears at once on the listener's console; a call "
        "that ends without being answered is a missed call, and a callback request when "
        "the number is known.",
        events.json_schema(),
    ),
)
def generic_events(request: HttpRequest, slug: str):
    return receive(request, slug, Adapter.GENERIC)


@router.post(
    "/{slug}/asterisk",
    **_operation(
        "Report an Asterisk ARI event",
        "An Asterisk switchboard's relay posts each ARI event of the helpline's Stasis "
        "application as it is; it is translated into the events of `/events` (the legs of a "
        "call are tied by the channel variable `APPUI_CALL` on each listener's leg).",
        ARI_EVENT,
    ),
)
def asterisk_events(request: HttpRequest, slug: str):
    return receive(request, slug, Adapter.ASTERISK)
