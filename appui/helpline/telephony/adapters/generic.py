"""The generic adapter: the switchboard posts the helpline's own events
(`telephony.events`), one per post, which go through as they are."""

from __future__ import annotations

from typing import Any

from . import Translation


def translate(data: Any) -> Translation:
    return Translation(events=(data,))
