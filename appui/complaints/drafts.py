"""Her pre-complaint while she fills it: in her session only, encrypted, until she sends it.

The session keeps a Fernet token of the draft's JSON (the guide's way, `core.crypto`), so
the session table holds no clear answer; the cookie ends with the browser. Once sent, the
draft leaves the session and only what the "sent" page shows stays: the reference and her
link, no name.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from appui.core.crypto import DecryptionError, decrypt_json, encrypt_json

from . import sections

DRAFT_KEY = "complaints_draft"
SENT_KEY = "complaints_sent"


def _read(request: HttpRequest, key: str) -> dict[str, Any]:
    stored = request.session.get(key)
    if not isinstance(stored, str):
        return {}
    try:
        value = decrypt_json(stored)
    except DecryptionError:  # written with a key since removed: start again
        return {}
    return value if isinstance(value, dict) else {}


def _write(request: HttpRequest, key: str, value: dict[str, Any]) -> None:
    request.session[key] = encrypt_json(value)
    request.session.set_expiry(0)  # gone when the browser closes


def draft(request: HttpRequest) -> dict[str, Any]:
    return _read(request, DRAFT_KEY)


def save(request: HttpRequest, part: str, value: Any) -> dict[str, Any]:
    """Keep one part of the draft (the gate's answer, or a section)."""
    data = draft(request)
    data[part] = value
    _write(request, DRAFT_KEY, data)
    return data


def passed_gate(data: dict[str, Any]) -> bool:
    return isinstance(data.get("gate"), dict) and bool(data["gate"].get("what"))


def first_missing(data: dict[str, Any]) -> str | None:
    """The first section she has not completed, or None when all are."""
    for section in sections.ORDER:
        if not sections.is_complete(section, data.get(section)):
            return section
    return None


def sent(request: HttpRequest, info: dict[str, Any]) -> None:
    """The draft is in the database now: drop it, keep what the "sent" page shows."""
    request.session.pop(DRAFT_KEY, None)
    _write(request, SENT_KEY, info)


def sent_info(request: HttpRequest) -> dict[str, Any]:
    return _read(request, SENT_KEY)


def forget(request: HttpRequest) -> None:
    request.session.flush()
