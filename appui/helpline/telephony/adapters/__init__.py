"""Adapters: what a switchboard posts, translated into the helpline's own events
(`telephony.events`). Each adapter is a module with `translate(data) -> Translation`, `data`
being the post's parsed JSON; it raises `AdapterError` when the post is not what that
switchboard sends. A post may mean nothing for the helpline (most of Asterisk's events):
then `Translation.events` is empty and `ignored` says why."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class Translation:
    events: tuple[dict, ...] = ()
    ignored: str = ""


class AdapterError(Exception):
    """The post is not what this switchboard sends: `errors` as [{"field", "message"}]."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.errors = [{"field": field, "message": message}]


def get(adapter: str) -> ModuleType:
    """The module translating what a switchboard of kind `adapter` (`models.Adapter`) posts."""
    from . import asterisk, generic

    return {"generic": generic, "asterisk": asterisk}[adapter]
