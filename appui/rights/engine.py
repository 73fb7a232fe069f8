"""`assess`: facts in, every remedy with its amounts and deadlines out."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from .context import Context, Remedy, Status
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
    if checked.offence.other_categories:
        remedies = _several_offences(ctx)
    else:
        remedies = tuple([rule(ctx) for rule in REMEDIES])
    used = tuple(ctx.uses[name] for name in sorted(ctx.uses))
    return Assessment(ctx.as_of, ctx.ref, lang, remedies, used)


_RANK = {Status.ELIGIBLE: 2, Status.UNKNOWN: 1, Status.NOT_ELIGIBLE: 0}


def _several_offences(main: Context) -> tuple[Remedy, ...]:
    """Several offences in one story: each remedy decided on every category, the best kept.

    Best: eligible, then unknown, then not eligible; then the higher cap (no cap, i.e. full
    compensation, above any cap); for legal aid the better level (no resource condition,
    full, partial); then the main category. The complaint keeps the answer with
    the latest prosecution limit (a known date before none). Later rules (the SARVI reads the
    CIVI routes) see the answers kept. Each remedy says in `category` which category it rests on.
    """
    facts = main.facts
    contexts = [(facts.offence.category, main)]
    for category in facts.offence.other_categories:
        offence = facts.offence.model_copy(update={"category": category})
        ctx = Context(facts.model_copy(update={"offence": offence}), main.lang)
        ctx.uses, ctx.results, ctx.categories = main.uses, main.results, main.categories
        contexts.append((category, ctx))
    kept = []
    for rule in REMEDIES:
        answers = [(category, rule(ctx)) for category, ctx in contexts]
        key = _latest_limit if rule.__name__ == "complaint" else _most_favourable
        # max() keeps the first of equals: the main category wins ties.
        category, best = max(answers, key=lambda pair: key(pair[1]))
        best.set_extra("category", category)  # type: ignore[attr-defined]
        main.results[best.id] = best
        kept.append(best)
    return tuple(kept)


_LEVEL = {"no_resource_condition": 3, "full": 2, "partial": 1}


def _most_favourable(remedy: Remedy) -> tuple[int, float, int]:
    cap = math.inf if remedy.cap is None else remedy.cap
    level = _LEVEL.get(remedy.extra.get("level"), 0) if remedy.extra else 0  # legal aid
    return _RANK[remedy.status], cap, level


def _latest_limit(remedy: Remedy) -> tuple[dt.date, int, float, int]:
    limit = next((d.date for d in remedy.deadlines if d.id == "prosecution_limit"), dt.date.min)
    return (limit, *_most_favourable(remedy))
