"""`assess`: facts in, every remedy with its amounts and deadlines out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .context import Context, Remedy
from .facts import Facts, parse
from .messages import LANGUAGES
from .parameters import Use
from .remedies import REMEDIES


class Assessment:
    """The answer for one situation: every remedy, and every dated value it used."""

    __slots__ = ("as_of", "parameters_date", "lang", "remedies", "parameters")

    def __init__(
        self,
        as_of: dt.date,
        parameters_date: dt.date,
        lang: str,
        remedies: tuple[Remedy, ...],
        parameters: tuple[Use, ...],
    ):
        self.as_of = as_of
        self.parameters_date = parameters_date
        self.lang = lang
        self.remedies = remedies
        self.parameters = parameters

    def remedy(self, id: str) -> Remedy:
        for remedy in self.remedies:
            if remedy.id == id:
                return remedy
        raise KeyError(id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "parameters_date": self.parameters_date.isoformat(),
            "lang": self.lang,
            "remedies": [r.to_dict() for r in self.remedies],
            "parameters": [p.to_dict() for p in self.parameters],
        }


def assess(facts: dict | Facts, lang: str = "fr") -> Assessment:
    """Assess every remedy for these facts; invalid facts raise `InvalidFacts` with field errors."""
    if lang not in LANGUAGES:
        lang = "fr"
    checked = parse(facts, lang)
    ctx = Context(checked, lang)
    remedies = tuple([rule(ctx) for rule in REMEDIES])
    used = tuple(ctx.uses[name] for name in sorted(ctx.uses))
    return Assessment(ctx.as_of, ctx.ref, lang, remedies, used)
