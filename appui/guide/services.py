"""The guide's only state: the answers, kept in the visitor's session and nowhere else.

Nothing is written to the database beyond Django's session row, which lives as long as
the browser session (`set_expiry(0)`), and "forget my answers" deletes it at once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest

from . import steps

SESSION_KEY = "guide"


def answers(request: HttpRequest) -> dict[str, Any]:
    return dict(request.session.get(SESSION_KEY, {}))


def save_step(request: HttpRequest, step: str, cleaned: dict[str, Any]) -> dict[str, Any]:
    """Store one screen's answers, dropping those of screens that no longer apply."""
    data = answers(request)
    for name in steps.FIELDS[step]:
        data.pop(name, None)
    for name, value in cleaned.items():
        if name in steps.FIELDS[step]:
            data[name] = _plain(value)
    for other in steps.ORDER:
        if other != step and not steps.applies(other, data):
            for name in steps.FIELDS[other]:
                data.pop(name, None)
    request.session[SESSION_KEY] = data
    request.session.set_expiry(0)  # gone when the browser closes
    return data


def forget(request: HttpRequest) -> None:
    request.session.flush()


def _plain(value: Any) -> Any:
    """Session-safe values: dates as ISO strings, amounts as strings, None kept."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
