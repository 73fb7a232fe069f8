"""A procedure's events (the timeline contract's input), validated once at the edge.

What has happened in a CIVI request, a SARVI request, a civil-party claim or a complaint
to the prosecutor, each event dated. As for the facts, validation is strict and never
guesses: an unknown field, an event after `as_of`, an event that can happen once given
twice, or an event that cannot follow the earlier ones (an offer before the request reached
the fund, a payment before any decision or homologation) is a field error, in the caller's
language. Hand-written rather than pydantic: a timeline is asked for on every file page,
and its input is a short list of small objects.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import StrEnum
from typing import Any

from . import messages
from .facts import (
    DEPARTMENT_PATTERN,
    EARLIEST_DATE,
    MAX_AMOUNT,
    InvalidFacts,
    OffenceClass,
    parse_iso_date,
    today_in_paris,
)


class ProcedureName(StrEnum):
    CIVI = "civi"
    SARVI = "sarvi"
    CIVIL_PARTY = "civil_party"
    PROSECUTOR_COMPLAINT = "prosecutor_complaint"


# Each procedure's event types in its natural order: events of the same day are taken in
# this order (the contract's table).
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    ProcedureName.CIVI: (
        "request_filed",
        "forwarded_to_fund",
        "provisional_payment",
        "offer_received",
        "offer_accepted",
        "offer_refused",
        "fund_refused",
        "homologation_notified",
        "hearing_set",
        "decision_notified",
        "paid",
        "appeal_filed",
    ),
    ProcedureName.SARVI: (
        "decision_final",
        "civi_inadmissible_notified",
        "request_filed",
        "paid",
        "refusal_notified",
    ),
    ProcedureName.CIVIL_PARTY: ("hearing_set", "letter_sent", "letter_received"),
    ProcedureName.PROSECUTOR_COMPLAINT: ("complaint_sent", "answer_received", "dismissal_notified"),
}
ALL_EVENT_TYPES = tuple(dict.fromkeys(t for types in EVENT_TYPES.values() for t in types))

# The event every timeline of the procedure starts from.
START: dict[str, str] = {
    ProcedureName.CIVI: "request_filed",
    ProcedureName.SARVI: "decision_final",
    ProcedureName.CIVIL_PARTY: "hearing_set",
    ProcedureName.PROSECUTOR_COMPLAINT: "complaint_sent",
}

# Events that may happen several times (706-6 provisional payments; a postponed hearing).
REPEATABLE = frozenset({"provisional_payment", "hearing_set"})

# Fields an event carries besides `type` and `date`: name → (kind, required).
AMOUNT, DAY, CLASS, FLAG = "amount", "date", "class", "flag"
EXTRA_FIELDS: dict[str, dict[str, tuple[str, bool]]] = {
    "provisional_payment": {"amount": (AMOUNT, True)},
    "offer_received": {"amount": (AMOUNT, True)},
    "decision_notified": {"amount": (AMOUNT, True)},
    "paid": {"amount": (AMOUNT, True)},
    "hearing_set": {"hearing": (DAY, True)},
    "complaint_sent": {"class": (CLASS, True), "press": (FLAG, False)},
}

# What an event needs before it (one of the types, earlier or the same day, in the natural
# order) and what it cannot follow, per procedure. The starting event is required apart.
REQUIRES: dict[str, dict[str, tuple[str, ...]]] = {
    ProcedureName.CIVI: {
        "forwarded_to_fund": ("request_filed",),
        "provisional_payment": ("request_filed",),  # 706-6: at any time once the request is in
        "offer_received": ("forwarded_to_fund",),  # 706-5-1: the fund answers what it received
        "offer_accepted": ("offer_received",),
        "offer_refused": ("offer_received",),
        "fund_refused": ("forwarded_to_fund",),
        "homologation_notified": ("offer_accepted",),  # R50-12-2: an accepted offer only
        "hearing_set": ("request_filed",),
        "decision_notified": ("hearing_set",),  # 706-7: the commission rules after a hearing
        "paid": ("homologation_notified", "decision_notified"),  # R50-24
        "appeal_filed": ("decision_notified",),
    },
    ProcedureName.SARVI: {
        "request_filed": ("decision_final",),  # 706-15-2: a final decision
        "paid": ("request_filed",),
        "refusal_notified": ("request_filed",),
    },
    ProcedureName.CIVIL_PARTY: {
        "letter_sent": ("hearing_set",),  # 420-1: a claim for a hearing
        "letter_received": ("letter_sent",),
    },
    ProcedureName.PROSECUTOR_COMPLAINT: {
        "answer_received": ("complaint_sent",),
        "dismissal_notified": ("complaint_sent",),
    },
}
CANNOT_FOLLOW: dict[str, dict[str, tuple[str, ...]]] = {
    ProcedureName.CIVI: {
        "provisional_payment": ("paid",),
        # The fund answers once: an offer or a reasoned refusal (706-5-1).
        "offer_received": ("fund_refused", "decision_notified"),
        "fund_refused": ("offer_received", "decision_notified"),
        # The victim answers once: accepted or refused.
        "offer_accepted": ("offer_refused", "decision_notified"),
        "offer_refused": ("offer_accepted", "decision_notified"),
        "homologation_notified": ("decision_notified",),
        "hearing_set": ("homologation_notified", "decision_notified"),
        "decision_notified": ("homologation_notified",),
    },
    ProcedureName.SARVI: {"refusal_notified": ("paid",)},
    ProcedureName.CIVIL_PARTY: {},
    ProcedureName.PROSECUTOR_COMPLAINT: {},
}

MAX_EVENTS = 200  # a procedure of a few years holds a few dozen at most
TOP_FIELDS = ("procedure", "as_of", "department", "events")
_DEPARTMENT = re.compile(DEPARTMENT_PATTERN)
_CLASSES = tuple(c.value for c in OffenceClass)
_RANKS = {name: {t: i for i, t in enumerate(types)} for name, types in EVENT_TYPES.items()}
_ALL_RANKS = {t: i for i, t in enumerate(ALL_EVENT_TYPES)}
_MISSING = object()


class Event:
    """One event: its type, the day it happened (or became known), and what it carries."""

    __slots__ = ("type", "date", "rank", "index", "amount", "hearing", "offence_class", "press")

    def __init__(self, type: str, date: dt.date, rank: int, index: int):
        self.type = type
        self.date = date
        self.rank = rank
        self.index = index  # position in the input, for field paths
        self.amount: float | None = None
        self.hearing: dt.date | None = None
        self.offence_class: str | None = None
        self.press = False

    def key(self) -> tuple:
        """Date, then the natural order; then the values, so that equal keys are equal events."""
        return (self.date, self.rank, self.amount or 0.0, self.hearing or self.date)

    def __repr__(self) -> str:
        return f"Event({self.type!r}, {self.date.isoformat()})"


class ProcedureInput:
    """A validated procedure: its events in order, and the first and every one of each type."""

    __slots__ = ("procedure", "as_of", "department", "events", "by_type", "firsts")

    def __init__(self, procedure: str, as_of: dt.date, department: str | None, events: list[Event]):
        self.procedure = procedure
        self.as_of = as_of
        self.department = department
        self.events = events
        by_type: dict[str, list[Event]] = {}
        firsts: dict[str, Event] = {}
        for event in events:
            kind = event.type
            if kind in by_type:
                by_type[kind].append(event)
            else:
                by_type[kind] = [event]
                firsts[kind] = event
        self.by_type = by_type
        self.firsts = firsts

    def first(self, type: str) -> Event | None:
        return self.firsts.get(type)

    def last(self, type: str) -> Event | None:
        found = self.by_type.get(type)
        return found[-1] if found else None

    def every(self, type: str) -> list[Event]:
        return self.by_type.get(type, [])

    def has(self, type: str) -> bool:
        return type in self.by_type


class InvalidProcedure(InvalidFacts):
    """The procedure cannot be followed; `errors` lists `{"field", "message"}` per problem."""


class _Errors(list):
    __slots__ = ("lang",)

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def add(self, field: str, key: str, **kw: Any) -> None:
        self.append({"field": field, "message": messages.text(key, self.lang, **kw)})


def parse(data: Any, lang: str = "fr") -> ProcedureInput:
    """Validate a procedure (a dict from JSON); raise `InvalidProcedure` with field errors."""
    errors = _Errors(lang)
    if type(data) is not dict:
        errors.add("$", "error.object")
        raise InvalidProcedure(errors)
    for key in data:
        if key not in TOP_FIELDS:
            errors.add(str(key), "error.unknown_field")
    procedure = _procedure(data.get("procedure", _MISSING), errors)
    as_of = _date(data.get("as_of"), "as_of", errors, optional=True)
    if as_of is not None and not (1958 <= as_of.year <= 2200):
        errors.add("as_of", "error.out_of_range")
        as_of = None
    elif as_of is None:
        as_of = today_in_paris()
    department = data.get("department")
    if department is not None:
        if type(department) is not str:
            errors.add("department", "error.string")
        elif not _DEPARTMENT.match(department):
            errors.add("department", "error.department")
    events = _events(data.get("events", _MISSING), procedure, as_of, errors)
    if errors:
        raise InvalidProcedure(errors)
    events.sort(key=Event.key)
    parsed = ProcedureInput(procedure, as_of, department, events)  # type: ignore[arg-type]
    _sequence(parsed, errors)
    if errors:
        raise InvalidProcedure(errors)
    return parsed


def _procedure(value: Any, errors: _Errors) -> str | None:
    if value is _MISSING or value is None:
        errors.add("procedure", "error.required")
    elif type(value) is str and value in EVENT_TYPES:
        return value
    else:
        errors.add("procedure", "error.choice", choices=", ".join(EVENT_TYPES))
    return None


def _date(value: Any, field: str, errors: _Errors, optional: bool = False) -> dt.date | None:
    if value is None or value is _MISSING:
        if not optional:
            errors.add(field, "error.required")
        return None
    if type(value) is str:
        day = parse_iso_date(value)
    elif type(value) is dt.date:
        day = value
    else:
        day = None
    if day is None:
        errors.add(field, "error.date")
    elif day < EARLIEST_DATE:
        errors.add(field, "error.date_too_early")
        return None
    return day


def _amount(value: Any, field: str, errors: _Errors) -> float | None:
    kind = type(value)
    if value is None or value is _MISSING:
        errors.add(field, "error.required")
    elif (kind is not int and kind is not float) or (kind is float and not math.isfinite(value)):
        errors.add(field, "error.number")
    elif value < 0:
        errors.add(field, "error.min", limit=0)
    elif value > MAX_AMOUNT:
        errors.add(field, "error.max", limit=MAX_AMOUNT)
    else:
        return float(value)
    return None


def _events(value: Any, procedure: str | None, as_of: dt.date | None, errors: _Errors) -> list:
    if value is _MISSING or value is None:
        errors.add("events", "error.required")
        return []
    if type(value) is not list:
        errors.add("events", "error.list")
        return []
    if len(value) > MAX_EVENTS:
        errors.add("events", "error.too_long")
        return []
    ranks = _RANKS[procedure] if procedure is not None else _ALL_RANKS
    events = []
    for index, raw in enumerate(value):
        event = _event_fast(raw, ranks, as_of, index) if as_of is not None else None
        if event is None:
            event = _event(raw, ranks, as_of, index, errors)
        if event is not None:
            events.append(event)
    return events


def _event_fast(raw: Any, ranks: dict[str, int], as_of: dt.date, index: int) -> Event | None:
    """The common, valid event, checked in a few steps; None sends it to `_event`."""
    if type(raw) is not dict:
        return None
    kind = raw.get("type")
    date = raw.get("date")
    if type(kind) is not str or type(date) is not str or kind not in ranks:
        return None
    day = parse_iso_date(date)
    if day is None or day < EARLIEST_DATE or day > as_of:
        return None
    extras = _EXTRA_KIND.get(kind)
    size = len(raw)
    if extras is None:
        return Event(kind, day, ranks[kind], index) if size == 2 else None
    if size != 3:
        return None
    if extras is AMOUNT:
        amount = raw.get("amount")
        kind_of = type(amount)
        if kind_of is int:
            if 0 <= amount <= MAX_AMOUNT:
                event = Event(kind, day, ranks[kind], index)
                event.amount = float(amount)
                return event
        elif kind_of is float and 0 <= amount <= MAX_AMOUNT:  # NaN fails both comparisons
            event = Event(kind, day, ranks[kind], index)
            event.amount = amount
            return event
        return None
    if extras is DAY:
        hearing = raw.get("hearing")
        hearing = parse_iso_date(hearing) if type(hearing) is str else None
        if hearing is None or hearing < day:
            return None
        event = Event(kind, day, ranks[kind], index)
        event.hearing = hearing
        return event
    return None


# The one extra field of the common event types (the complaint's two go the long way).
_EXTRA_KIND = {
    kind: next(iter(fields.values()))[0]
    for kind, fields in EXTRA_FIELDS.items()
    if len(fields) == 1
} | {kind: CLASS for kind, fields in EXTRA_FIELDS.items() if len(fields) > 1}


def _event(
    raw: Any, ranks: dict[str, int], as_of: dt.date | None, index: int, errors: _Errors
) -> Event | None:
    """One event, every problem said as a field error; None when it has any."""
    at = f"events[{index}]"
    if type(raw) is not dict:
        errors.add(at, "error.object")
        return None
    kind = raw.get("type", _MISSING)
    if kind is _MISSING or kind is None:
        errors.add(f"{at}.type", "error.required")
        return None
    if type(kind) is not str or kind not in ranks:
        errors.add(f"{at}.type", "error.choice", choices=", ".join(ranks))
        return None
    extras = EXTRA_FIELDS.get(kind, {})
    for key in raw:
        if key != "type" and key != "date" and key not in extras:
            errors.add(f"{at}.{key}", "error.unknown_field")
    count = len(errors)
    day = _date(raw.get("date"), f"{at}.date", errors)
    if day is not None and as_of is not None and day > as_of:
        errors.add(f"{at}.date", "error.after_as_of", day=as_of.isoformat())
    event = Event(kind, day, ranks[kind], index)  # type: ignore[arg-type]
    for name, (field_kind, _required) in extras.items():
        field = f"{at}.{name}"
        given = raw.get(name, _MISSING)
        if field_kind is AMOUNT:
            event.amount = _amount(given, field, errors)
        elif field_kind is DAY:
            event.hearing = _date(given, field, errors)
            if event.hearing is not None and day is not None and event.hearing < day:
                errors.add(field, "error.hearing_before_set", day=day.isoformat())
        elif field_kind is CLASS:
            if given is _MISSING or given is None:
                errors.add(field, "error.required")
            elif type(given) is not str or given not in _CLASSES:
                errors.add(field, "error.choice", choices=", ".join(_CLASSES))
            else:
                event.offence_class = given
        elif given is not _MISSING and given is not None:  # FLAG
            if type(given) is not bool:
                errors.add(field, "error.bool")
            else:
                event.press = given
    return event if len(errors) == count else None


def _sequence(parsed: ProcedureInput, errors: _Errors) -> None:
    """Events that cannot happen as given: twice when once, or not after the earlier ones."""
    procedure = parsed.procedure
    start = START[procedure]
    if not parsed.has(start):
        errors.add("events", "error.start_missing", event=start)
    requires, excluded = REQUIRES[procedure], CANNOT_FOLLOW[procedure]
    seen: dict[str, Event] = {}  # the first of each type, in order
    hearings: dict[dt.date, Event] = {}
    hearing: Event | None = None  # the latest hearing set so far
    for event in parsed.events:
        kind = event.type  # field paths are only built for errors
        if kind in seen and kind not in REPEATABLE:
            errors.add(f"events[{event.index}].type", "error.once")
            continue
        needed = requires.get(kind)
        if needed and not _any_in(needed, seen):
            later = [e for n in needed for e in parsed.every(n)]
            if later:
                first = min(later, key=Event.key)
                errors.add(
                    f"events[{event.index}].date",
                    "error.needs_earlier",
                    needed=first.type,
                    day=first.date.isoformat(),
                )
            elif needed != (start,):  # a missing start is said once, on `events`
                errors.add(
                    f"events[{event.index}].type", "error.needs_event", needed=" | ".join(needed)
                )
        for other in excluded.get(kind, ()):
            if other in seen:
                errors.add(
                    f"events[{event.index}].date",
                    "error.cannot_follow",
                    other=other,
                    day=seen[other].date.isoformat(),
                )
                break
        if kind == "hearing_set":
            if event.date in hearings:
                errors.add(f"events[{event.index}].date", "error.hearings_same_day")
            hearings[event.date] = hearing = event
        elif kind == "decision_notified":
            if hearing is not None and hearing.hearing > event.date:  # type: ignore[operator]
                errors.add(
                    f"events[{event.index}].date",
                    "error.decision_before_hearing",
                    day=hearing.hearing.isoformat(),  # type: ignore[union-attr]
                )
        elif kind == "paid" and procedure == ProcedureName.CIVI:
            decision = seen.get("decision_notified")
            if (
                decision is not None
                and decision.amount == 0
                and "homologation_notified" not in seen
            ):
                errors.add(f"events[{event.index}].type", "error.nothing_to_pay")
        seen.setdefault(kind, event)


def _any_in(types: tuple[str, ...], seen: dict[str, Event]) -> bool:
    for kind in types:
        if kind in seen:
            return True
    return False
