"""JSON in, JSON out: the one door the command line and the HTTP API share (assessments and
procedure timelines)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from . import messages
from .engine import assess
from .facts import InvalidFacts
from .timeline import timeline

MAX_BYTES = 64 * 1024  # a situation's facts fit in a few hundred bytes


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are not JSON numbers


class TooLarge(InvalidFacts):
    """The document is over `MAX_BYTES`: refused before parsing."""


def too_large(lang: str = "fr") -> TooLarge:
    return TooLarge([{"field": "$", "message": messages.text("error.too_large", lang)}])


def load(raw: bytes | str, lang: str = "fr") -> Any:
    """Parse a JSON document strictly; malformed input becomes a field error on `$`."""
    if len(raw) > MAX_BYTES:
        raise too_large(lang)
    try:
        return json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, RecursionError, UnicodeDecodeError):
        raise InvalidFacts([{"field": "$", "message": messages.text("error.json", lang)}]) from None


OK, INVALID, TOO_LARGE = 200, 422, 413


def assess_document(raw: bytes | str, lang: str = "fr") -> tuple[int, dict]:
    """(200, assessment), (422, {"errors": [...]}) or (413, …): never an exception for bad input."""
    return _answer(assess, raw, lang)


def timeline_document(raw: bytes | str, lang: str = "fr") -> tuple[int, dict]:
    """(200, timeline), (422, {"errors": [...]}) or (413, …): never an exception for bad input."""
    return _answer(timeline, raw, lang)


def _answer(compute: Callable[[Any, str], Any], raw: bytes | str, lang: str) -> tuple[int, dict]:
    if lang not in messages.LANGUAGES:
        lang = "fr"
    try:
        return OK, compute(load(raw, lang), lang).to_dict()
    except TooLarge as exc:
        return TOO_LARGE, {"errors": exc.errors}
    except InvalidFacts as exc:  # InvalidProcedure too
        return INVALID, {"errors": exc.errors}


def dumps(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False)
