"""From the engine's facts to advice a person can read: plain summaries first, law on demand.

`advise(facts, lang)` runs the rights engine and arranges its answer in the parts of a
plan (complaint, protection, compensation, lawyer), each remedy with a summary in plain
words, its dated steps as sentences, the documents to gather, the questions still open,
and, apart, the legal detail: reasons, articles and the uncertain points as sentences.
The guide, the case files and the helpline all read the same advice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from appui.rights import InvalidFacts, assess
from appui.rights.facts import today_in_paris
from appui.rights.messages import date as long_date
from appui.rights.messages import money

from . import wording as W

COMPLAINT = ("complaint", "online_complaint", "letter_to_prosecutor")
PROTECTION = ("protection_order", "tgd", "bar")
COMPENSATION = (
    "guarantee_fund_direct",
    "civi_full",
    "civi_capped",
    "civi_vehicle",
    "civi_squat",
    "civil_party",
    "sarvi",
    "insurance",
    "civil_court",
)
EXTRA_KEYS = ("fund", "level", "route", "lawyer_required", "category")


@dataclass(frozen=True)
class Step:
    """A dated step of a remedy, as a sentence and as data."""

    id: str
    label: str
    sentence: str
    date: dt.date
    state: str
    extended: bool
    indicative: bool
    relief_possible: bool
    legal_basis: tuple[str, ...]


@dataclass(frozen=True)
class RemedyAdvice:
    id: str
    title: str
    status: str
    status_label: str
    summary: tuple[str, ...]
    steps: tuple[Step, ...]
    documents: tuple[str, ...]
    missing: tuple[str, ...]
    missing_paths: tuple[str, ...]
    reasons: tuple[str, ...]
    legal_basis: tuple[str, ...]
    uncertain: tuple[str, ...]
    cap: float | None
    amount: float | None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def open(self) -> bool:
        return self.status != "not_eligible"

    @property
    def why_not(self) -> str:
        """The first reason of a closed route (the engine puts the failures first)."""
        return self.reasons[0] if self.reasons else ""


@dataclass
class Advice:
    lang: str
    as_of: dt.date
    remedies: dict[str, RemedyAdvice]
    error: dict | None = None

    def part(self, ids: tuple[str, ...], *, open_only: bool = True) -> list[RemedyAdvice]:
        return [
            self.remedies[i]
            for i in ids
            if i in self.remedies and (self.remedies[i].open or not open_only)
        ]

    @property
    def complaint(self) -> list[RemedyAdvice]:
        return self.part(COMPLAINT)

    @property
    def protection(self) -> list[RemedyAdvice]:
        return self.part(PROTECTION)

    @property
    def compensation(self) -> list[RemedyAdvice]:
        return self.part(COMPENSATION)

    @property
    def closed_compensation(self) -> list[RemedyAdvice]:
        return [r for r in self.part(COMPENSATION, open_only=False) if not r.open]

    @property
    def legal_aid(self) -> RemedyAdvice | None:
        return self.remedies.get("legal_aid")

    def section(self, name: str) -> str:
        return W.say(W.SECTIONS[name], self.lang)


def advise(facts: dict, lang: str = "fr") -> Advice:
    """The engine's answer for these facts, worded for the reader; bad facts are reported."""
    try:
        result = assess(facts, lang).to_dict()
    except InvalidFacts as exc:
        as_of = facts.get("as_of")
        return Advice(
            lang=lang,
            as_of=dt.date.fromisoformat(as_of) if as_of else today_in_paris(),
            remedies={},
            error=exc.errors[0],
        )
    remedies = {r["id"]: remedy_advice(r, lang) for r in result["remedies"]}
    return Advice(lang=lang, as_of=dt.date.fromisoformat(result["as_of"]), remedies=remedies)


def remedy_advice(remedy: dict, lang: str) -> RemedyAdvice:
    """One remedy of the engine's output (the contract's dict) in plain words."""
    rid, status = remedy["id"], remedy["status"]
    reasons = list(remedy["reasons"])
    if status == "unknown" and reasons:
        reasons = reasons[1:]  # the engine's "see missing": asked below in plain words
    steps = tuple(_step(d, lang) for d in remedy["deadlines"])
    summary = [_summary(remedy, lang)] if status != "not_eligible" else []
    if rid == "complaint" and status != "not_eligible":
        if any(b.startswith("CPP art. 15-3-2") for b in remedy["legal_basis"]):
            summary.append(W.say(W.SUMMARIES["complaint.partner"], lang))
        if any("1881" in b for b in _bases(remedy)):
            summary.append(W.say(W.SUMMARIES["complaint.press"], lang))
    label = W.say(W.STATUS[status], lang)
    if status != "not_eligible":
        dated = [step.sentence for step in steps if step.sentence]
        if rid == "complaint" and any(
            s.id == "prosecution_limit" and s.state == "passed" for s in steps
        ):
            # A passed limit comes first, or "open to you" would stand next to "passed".
            label = W.say(W.STATUS["late"], lang)
            summary = [*dated, W.say(W.SUMMARIES["complaint.late"], lang), *summary[1:]]
        else:
            summary.extend(dated)
    return RemedyAdvice(
        id=rid,
        title=W.title(rid, lang),
        status=status,
        status_label=label,
        summary=tuple(s for s in summary if s),
        steps=steps,
        documents=W.documents(rid, lang) if status != "not_eligible" else (),
        missing=tuple(W.missing_question(path, lang) for path in remedy["missing"]),
        missing_paths=tuple(remedy["missing"]),
        reasons=tuple(reasons),
        legal_basis=tuple(remedy["legal_basis"]),
        uncertain=tuple(remedy.get("uncertain_text") or ()),
        cap=remedy["cap"],
        amount=remedy["amount"],
        extra={k: remedy[k] for k in EXTRA_KEYS if k in remedy},
    )


def _bases(remedy: dict) -> list[str]:
    bases = list(remedy["legal_basis"])
    for deadline in remedy["deadlines"]:
        bases.extend(deadline["legal_basis"])
    return bases


def _summary(remedy: dict, lang: str) -> str:
    rid = remedy["id"]
    values = {
        "cap": money(remedy["cap"], lang) if remedy["cap"] is not None else "",
        "amount": money(remedy["amount"], lang) if remedy["amount"] is not None else "",
        "limit": money(10000, lang),
    }
    keys = [rid]
    if rid == "guarantee_fund_direct" and remedy.get("fund"):
        keys.insert(0, f"{rid}.{remedy['fund']}")
    elif rid == "legal_aid" and remedy.get("level"):
        keys.insert(0, f"{rid}.{remedy['level']}")
    elif rid == "online_complaint" and remedy.get("route"):
        keys.insert(0, f"{rid}.{remedy['route']}")
    elif rid == "civi_full" and remedy["cap"] is not None:
        keys.insert(0, "civi_full.capped")
    elif rid == "civi_squat" and remedy["cap"] is None:
        keys.insert(0, "civi_squat.no_cap")
    elif rid == "sarvi" and remedy["amount"] is not None:
        keys.insert(0, "sarvi.amount")
    elif rid == "insurance" and any(b.startswith("Loi 85-677") for b in remedy["legal_basis"]):
        keys.insert(0, "insurance.traffic")
    for key in keys:
        if key in W.SUMMARIES:
            return W.say(W.SUMMARIES[key], lang, **values)
    return ""


def _step(deadline: dict, lang: str) -> Step:
    day = dt.date.fromisoformat(deadline["date"])
    entry = W.DEADLINES.get(f"{deadline['id']}.{deadline['state']}") or W.DEADLINES.get(
        deadline["id"]
    )
    return Step(
        id=deadline["id"],
        label=W.deadline_label(deadline["id"], lang),
        sentence=W.say(entry, lang, date=long_date(day, lang)) if entry else "",
        date=day,
        state=deadline["state"],
        extended=deadline["extended"],
        indicative=deadline["indicative"],
        relief_possible=deadline["relief_possible"],
        legal_basis=tuple(deadline["legal_basis"]),
    )
