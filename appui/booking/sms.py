"""Text messages through a pluggable backend, chosen by `APPUI_SMS_BACKEND` (a dotted path).

The console backend writes to standard output (development); a deployment plugs its
provider's backend: a class with `send(phone, text) -> None` that raises on failure.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class Backend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class ConsoleBackend:
    """Prints the message: for development and the demo."""

    def send(self, phone: str, text: str) -> None:
        sys.stdout.write(f"[SMS to {phone}] {text}\n")
        sys.stdout.flush()


class DisabledBackend:
    """Sends nothing: production's default until a provider's backend is configured (a
    phone number and a link must never end up in a log instead)."""

    def send(self, phone: str, text: str) -> None:
        return None


class MemoryBackend:
    """Keeps the messages in `outbox`: for tests."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        MemoryBackend.outbox.append((phone, text))


@lru_cache(maxsize=4)
def _backend(path: str) -> Backend:
    return import_string(path)()


def backend() -> Backend:
    return _backend(settings.APPUI_SMS_BACKEND)
