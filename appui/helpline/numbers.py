"""A caller's phone number: one normal form, a keyed hash to match it, a mask to show it."""

from __future__ import annotations

from django.utils.crypto import salted_hmac

from appui.cases.services import normalise_phone


def normalise(number: str) -> str:
    """Digits only, a French international prefix as 0 ("+33 6 12…" is "06 12…"); a
    number from abroad keeps its country code."""
    return normalise_phone(number)


def number_key(number: str) -> str:
    """A keyed hash (HMAC-SHA256 with SECRET_KEY) of the normal form: matches a caller
    again, reveals nothing. Empty for an empty or withheld number."""
    digits = normalise(number)
    if not digits:
        return ""
    return salted_hmac("appui.helpline.number", digits, algorithm="sha256").hexdigest()


def mask(number: str) -> str:
    """What a screen shows of a number: its last two digits ("•• •• •• •• 78")."""
    digits = normalise(number)
    if len(digits) < 4:
        return "••" if digits else ""
    return "•• •• •• •• " + digits[-2:]
