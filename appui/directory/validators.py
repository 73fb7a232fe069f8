"""Checks shared by the models (admin forms) and the import formats, so both refuse the same."""

from __future__ import annotations

import re
from functools import lru_cache

from django.core.exceptions import ValidationError

from . import messages

COMMUNE_CODE = re.compile(r"^(\d{2}|2A|2B)\d{3}$")
DEPARTEMENT_CODE = re.compile(r"^(0[1-9]|1\d|2[1-9]|2A|2B|[3-8]\d|9[0-5]|97[1-8]|98[4-9])$")
POSTCODE = re.compile(r"^\d{5}$")
PHONE = re.compile(r"^\+?\d(?:[\d .]*\d)?$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_POSITION = re.compile(r"-->\s*\d+:(\d+)")


@lru_cache(maxsize=2048)
def opening_hours_problem(expression: str) -> tuple[int, str] | None:
    """Where an `opening_hours` expression stops reading (1-based position, rest), or None."""
    from opening_hours import OpeningHours

    try:
        OpeningHours(expression, country="FR")
    except Exception as error:  # the parser's own ParserError, or a value it cannot hold
        found = _POSITION.search(str(error))
        position = int(found.group(1)) if found else 1
        return position, expression[position - 1 :][:40]
    return None


def opening_hours_message(expression: str, lang: str) -> str | None:
    problem = opening_hours_problem(expression) if expression.strip() else None
    if problem is None:
        return None
    position, rest = problem
    return messages.text("error.opening_hours", lang, position=position, rest=rest)


def validate_opening_hours(value: str) -> None:
    message = opening_hours_message(value, "fr")
    if message:
        raise ValidationError(message, code="opening_hours")


def validate_commune_code(value: str) -> None:
    if not COMMUNE_CODE.match(value):
        raise ValidationError(messages.text("error.commune", "fr"), code="commune")


def validate_departement_code(value: str) -> None:
    if not DEPARTEMENT_CODE.match(value):
        raise ValidationError(messages.text("error.departement", "fr"), code="departement")


def validate_postcode(value: str) -> None:
    if not POSTCODE.match(value):
        raise ValidationError(messages.text("error.postcode", "fr"), code="postcode")


def validate_phone(value: str) -> None:
    if not PHONE.match(value):
        raise ValidationError(messages.text("error.phone", "fr"), code="phone")
