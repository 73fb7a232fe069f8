"""The events a switchboard reports about a call, as the webhook accepts them.

One JSON object per post:

- `event_id` (1–64 visible ASCII characters): the switchboard's own id for the event; the
  same id posted again is answered "already received" and never applied twice;
- `type`: `ringing`, `queued`, `answered`, `ended` or `transferred` (put through to another
  listener, named in `listener`; or, without one, away from the helpline: the call ends
  for it);
- `call_id` (1–128 visible ASCII characters): the switchboard's id for the call, the same
  in every event of that call;
- `at`: when it happened, ISO 8601 with its time zone ("2025-04-22T17:28:33+02:00", "…Z");
- `caller` (`ringing` only, optional): the number calling, as the switchboard has it
  (withheld: absent, empty or "anonymous");
- `listener` (`answered`, required): the extension of the listener who picked up; on
  `transferred` (optional), the listener the call was put through to;
- `cause` (`ended`, optional): how it ended, one of `EndCause`; absent, the service
  decides (completed if answered, abandoned if it never was);
- `queue_position` (`queued`, required): 1 for the next call to be answered, 0 to 999.

Validation is strict: types are not coerced ("3" is not a number), unknown fields and
fields that do not belong to the event's type are refused, each error naming its field.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
)

from ..models import EndCause

KINDS = ("ringing", "queued", "answered", "ended", "transferred")
CAUSES = tuple(EndCause.values)
VISIBLE_ASCII = r"^[\x21-\x7e]+$"
MAX_QUEUE_POSITION = 999
# The optional fields, and the types each belongs to.
BELONGS_TO = {
    "caller": ("ringing",),
    "listener": ("answered", "transferred"),
    "cause": ("ended",),
    "queue_position": ("queued",),
}
REQUIRED_FOR = {"answered": "listener", "queued": "queue_position"}

Kind = Literal[KINDS]  # type: ignore[valid-type]
Cause = Literal[CAUSES]  # type: ignore[valid-type]


class Event(BaseModel):
    """One event of a call, as every adapter produces it."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="TelephonyEvent")

    event_id: Annotated[StrictStr, Field(min_length=1, max_length=64, pattern=VISIBLE_ASCII)]
    type: Kind
    call_id: Annotated[StrictStr, Field(min_length=1, max_length=128, pattern=VISIBLE_ASCII)]
    at: AwareDatetime
    caller: Annotated[StrictStr, Field(max_length=40)] | None = None
    listener: (
        Annotated[StrictStr, Field(min_length=1, max_length=32, pattern=VISIBLE_ASCII)] | None
    ) = None
    cause: Cause | None = None
    queue_position: Annotated[StrictInt, Field(ge=0, le=MAX_QUEUE_POSITION)] | None = None

    @field_validator("at", mode="before")
    @classmethod
    def _text_only(cls, value: Any) -> Any:
        # A date is written as text: a bare number is ambiguous (seconds? milliseconds?).
        if not isinstance(value, str):
            raise ValueError("date_type")
        return value


class EventErrors(Exception):
    """The body is not a valid event: `errors` as [{"field", "message"}], one per problem."""

    def __init__(self, errors: list[dict[str, str]], event_id: str | None = None):
        super().__init__(errors)
        self.errors = errors
        # The event's id when it was readable, so that the refusal can be recorded.
        self.event_id = event_id


WHEN = "a date and time with its time zone, ISO 8601 (e.g. 2025-04-22T17:28:33+02:00)"


def _message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "This field is required."
    if kind == "extra_forbidden":
        return "Unknown field."
    if kind == "literal_error":
        return f"Must be one of: {ctx.get('expected', '')}.".replace("'", "")
    if kind == "string_type":
        return "Must be a string."
    if kind == "string_too_short":
        return "Must not be empty."
    if kind == "string_too_long":
        return f"At most {ctx.get('max_length')} characters."
    if kind == "string_pattern_mismatch":
        return "Only visible ASCII characters, no spaces."
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "Must be a whole number."
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"Must be between 0 and {MAX_QUEUE_POSITION}."
    if kind == "model_type" or kind == "model_attributes_type":
        return "The body must be a JSON object."
    if kind.startswith("datetime") or kind in ("timezone_aware", "value_error"):
        return f"Must be {WHEN}."
    return str(error.get("msg", "Invalid value."))


def _field(error: dict) -> str:
    return ".".join(str(part) for part in error.get("loc", ())) or "$"


def readable_id(data: Any) -> str | None:
    """The event id of a body, when it is one an event could have (to record a refusal)."""
    if not isinstance(data, dict):
        return None
    value = data.get("event_id")
    if isinstance(value, str) and 0 < len(value) <= 64 and value.isascii():
        return value if all(0x21 <= ord(c) <= 0x7E for c in value) else None
    return None


def parse(data: Any, *, now: dt.datetime | None = None) -> Event:
    """The event `data` (parsed JSON) describes, or `EventErrors` naming each bad field."""
    errors: list[dict[str, str]] = []
    try:
        event = Event.model_validate(data)
    except ValidationError as invalid:
        seen = set()
        for error in invalid.errors(include_url=False):
            field = _field(error)
            if field in seen:  # a union reports each of its branches: say it once
                continue
            seen.add(field)
            errors.append({"field": field, "message": _message(error)})
        raise EventErrors(errors, readable_id(data)) from None
    for name, kinds in BELONGS_TO.items():
        if getattr(event, name) is not None and event.type not in kinds:
            which = " or ".join(f"`{kind}`" for kind in kinds)
            errors.append({"field": name, "message": f"Only a {which} event has this field."})
    required = REQUIRED_FOR.get(event.type)
    if required and getattr(event, required) is None:
        errors.append({"field": required, "message": "This field is required."})
    if now is not None and event.at > now + dt.timedelta(minutes=5):
        errors.append({"field": "at", "message": "Must not be in the future."})
    if errors:
        raise EventErrors(errors, event.event_id)
    return event


def json_schema() -> dict:
    """The event's JSON schema, for the OpenAPI document."""
    schema = Event.model_json_schema()
    schema["description"] = (__doc__ or "").split("\n\n", 1)[1].strip()
    return schema
