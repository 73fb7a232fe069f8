"""The guide's only state: the answers, kept in the visitor's session and nowhere else.

Nothing is written to the database beyond Django's session row, which lives as long as
the browser session (`set_expiry(0)`), and "forget my answers" deletes it at once. What
she types for a draft request or letter is kept the same way (encrypted, in the session
only), so that she can come back and correct it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest

from appui.core.crypto import DecryptionError, decrypt_json, encrypt_json

from . import steps

SESSION_KEY = "guide"
NOTICE_KEY = "guide_dropped"
DRAFTS_KEY = "guide_drafts"


def answers(request: HttpRequest) -> dict[str, Any]:
    """The answers, kept in the session as a Fernet token of their JSON (an older session's
    clear dict is still read, and saved encrypted at the next step)."""
    stored = request.session.get(SESSION_KEY, {})
    if isinstance(stored, str):
        try:
            return dict(decrypt_json(stored))
        except DecryptionError:  # written with a key since removed: start again
            return {}
    return dict(stored)


def save_step(request: HttpRequest, step: str, cleaned: dict[str, Any]) -> dict[str, Any]:
    """Store one screen's answers; answers that no longer apply are removed, and said so."""
    data = answers(request)
    for name in steps.FIELDS[step]:
        data.pop(name, None)
    for name, value in cleaned.items():
        if name in steps.FIELDS[step] and value not in (None, "", []):
            data[name] = _plain(value)
    dropped = []
    for other in steps.ORDER:
        if other == step:
            continue
        names = steps.FIELDS[other] if not steps.applies(other, data) else ()
        names = (*names, *stale_fields(other, data))
        removed = [name for name in names if data.pop(name, None) not in (None, "", [], False)]
        if removed:
            dropped.append(other)
    if dropped:
        request.session[NOTICE_KEY] = dropped
    request.session[SESSION_KEY] = encrypt_json(data)
    request.session.set_expiry(0)  # gone when the browser closes
    return data


def stale_fields(step: str, data: dict[str, Any]) -> tuple[str, ...]:
    """Answers of a screen that still applies, to questions it no longer asks."""
    from .questions import CARD, KILLED_SITUATIONS, PARTNER_RELEVANT, VEHICLE, any_of

    stale: list[str] = []
    if step == "losses":
        if not any_of(data, VEHICLE):
            stale += ["registered", "inspection_ok", "insured"]
        if not any_of(data, CARD):
            stale.append("card_debit_date")
    elif step == "about" and not any_of(data, KILLED_SITUATIONS):
        stale.append("direct_victim_birth_date")
    elif step == "author" and not any_of(data, PARTNER_RELEVANT):
        stale += ["cohabiting", "ban", "grave_danger"]
    return tuple(stale)


def drafts(request: HttpRequest) -> dict[str, dict[str, Any]]:
    """What she typed for each draft document, by route ({} when nothing, or unreadable)."""
    stored = request.session.get(DRAFTS_KEY)
    if not isinstance(stored, str):
        return {}
    try:
        value = decrypt_json(stored)
    except DecryptionError:
        return {}
    return value if isinstance(value, dict) else {}


def save_draft(request: HttpRequest, route: str, fields: dict[str, Any]) -> None:
    """Keep one draft's fields, encrypted, in the session only (never in the database)."""
    data = drafts(request)
    data[route] = {name: _plain(value) for name, value in fields.items()}
    request.session[DRAFTS_KEY] = encrypt_json(data)
    request.session.set_expiry(0)


def take_notice(request: HttpRequest) -> list[str]:
    """The screens whose answers were removed by the last change, said once."""
    return request.session.pop(NOTICE_KEY, [])


def forget(request: HttpRequest) -> None:
    """Every answer gone at once, server side too (the quick exit calls this as well)."""
    request.session.flush()


def _plain(value: Any) -> Any:
    """Session-safe values: dates as ISO strings, amounts as strings, None kept."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
