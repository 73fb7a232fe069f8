"""What every remedy rule shares: the facts, the dates, the parameters used, and a result builder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any

from . import messages
from . import parameters as P
from .deadlines import Deadline, is_minor_on
from .facts import Facts


class Status(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN = "unknown"


@dataclass(slots=True)
class Remedy:
    id: str
    status: Status
    legal_basis: tuple[str, ...]
    reasons: list[str]
    missing: list[str]
    cap: float | None = None
    amount: float | None = None
    deadlines: list[Deadline] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict:
        out = {
            "id": self.id,
            "status": self.status.value,
            "legal_basis": list(self.legal_basis),
            "reasons": list(self.reasons),
            "missing": list(self.missing),
            "cap": self.cap,
            "amount": self.amount,
            "deadlines": [d.to_dict() for d in self.deadlines],
            "uncertain": list(self.uncertain),
        }
        out.update(self.extra)
        return out


class Context:
    """One assessment in progress: facts, the day that selects rules and values, and what was used."""

    __slots__ = (
        "facts",
        "lang",
        "as_of",
        "ref",
        "department",
        "uses",
        "results",
        "_minor_at_offence",
    )

    def __init__(self, facts: Facts, lang: str):
        self.facts = facts
        self.lang = lang
        self.as_of: dt.date = facts.as_of  # type: ignore[assignment] - filled by facts.parse
        if facts.parameters_date == "offence" and facts.offence.date is not None:
            self.ref = facts.offence.date
        else:
            self.ref = self.as_of
        self.department = facts.offence.department
        self.uses: dict[str, P.Use] = {}
        self.results: dict[str, Remedy] = {}
        self._minor_at_offence: bool | None | str = "unset"

    def text(self, key: str, **kw: Any) -> str:
        return messages.text(key, self.lang, **kw)

    def param(self, name: str, remedy: Builder | None = None) -> float:
        use = P.get(name).at(self.ref)
        self.uses[name] = use
        if use.uncertain and remedy is not None:
            remedy.uncertain_note(f"{name}: {use.uncertain}")
        return use.value

    def in_force(self, name: str) -> bool:
        return P.get(name).in_force(self.ref)

    @property
    def minor_at_offence(self) -> bool | None:
        if self._minor_at_offence == "unset":
            birth, day = self.facts.victim.birth_date, self.facts.offence.date
            self._minor_at_offence = (
                None if birth is None or day is None else is_minor_on(birth, day)
            )
        return self._minor_at_offence  # type: ignore[return-value]

    def ceilings(self, builder: Builder) -> Ceilings:
        """Legal-aid ceilings in force on the reference day, with the household's increments."""
        partial = self.param("aj_partial_ceiling", builder)
        full = self.param("aj_full_ceiling", builder)
        first = self.param("aj_increment_first_two")
        further = self.param("aj_increment_further")
        extra = self.facts.situation.household_extra_persons or 0
        monthly = self.uses["aj_partial_ceiling"].unit.endswith("/month")
        return _ceilings(partial, full, first, further, extra, monthly)

    def income_for(self, ceilings: Ceilings) -> float | None:
        """The household income on the ceilings' own scale (monthly average before 2021)."""
        income = self.facts.situation.annual_income
        if income is None:
            return None
        return income / 12 if ceilings.monthly else income


@dataclass(frozen=True, slots=True)
class Ceilings:
    partial_single: float
    partial: float
    full: float
    monthly: bool

    @property
    def monthly_partial_single(self) -> float:
        return self.partial_single if self.monthly else self.partial_single / 12


@lru_cache(maxsize=1024)
def _ceilings(
    partial: float, full: float, first: float, further: float, extra: int, monthly: bool
) -> Ceilings:
    full_d = Decimal(str(full))
    increment = Decimal(str(first)) * full_d * min(extra, 2) + Decimal(str(further)) * full_d * max(
        extra - 2, 0
    )
    return Ceilings(
        partial_single=partial,
        partial=float(Decimal(str(partial)) + increment),
        full=float(full_d + increment),
        monthly=monthly,
    )


class Builder:
    """Collects one remedy's conditions: a failed one makes it not eligible, an unknown one unknown."""

    __slots__ = ("ctx", "id", "basis", "reasons", "failures", "missing", "uncertain", "cap",
                 "amount", "deadlines", "extra")

    def __init__(self, ctx: Context, id: str, basis: tuple[str, ...]):
        self.ctx = ctx
        self.id = id
        self.basis = basis
        self.reasons: list[str] = []
        self.failures: list[str] = []
        self.missing: list[str] = []
        self.uncertain: list[str] = []
        self.cap: float | None = None
        self.amount: float | None = None
        self.deadlines: list[Deadline] = []
        self.extra: dict[str, Any] = {}

    def reason(self, key: str, **kw: Any) -> None:
        self.reasons.append(self.ctx.text(key, **kw))

    def fail(self, key: str, **kw: Any) -> None:
        self.failures.append(self.ctx.text(key, **kw))

    def need(self, path: str) -> None:
        if path not in self.missing:
            self.missing.append(path)

    def require(self, value: bool | None, path: str, fail_key: str, **kw: Any) -> bool | None:
        """A condition that must be true: false fails the remedy, None marks `path` missing."""
        if value is None:
            self.need(path)
        elif not value:
            self.fail(fail_key, **kw)
        return value

    def require_any(self, pairs: tuple[tuple[bool | None, str], ...], fail_key: str) -> bool | None:
        """One of several facts suffices: all false fails, none true and some unknown is missing."""
        if any(value for value, _ in pairs):
            return True
        unknown = [path for value, path in pairs if value is None]
        if unknown:
            for path in unknown:
                self.need(path)
            return None
        self.fail(fail_key)
        return False

    def uncertain_note(self, note: str) -> None:
        if note not in self.uncertain:
            self.uncertain.append(note)

    @property
    def failed(self) -> bool:
        return bool(self.failures)

    def done(self) -> Remedy:
        if self.failures:
            status = Status.NOT_ELIGIBLE
            reasons = self.failures + self.reasons
            missing: list[str] = []
        elif self.missing:
            status = Status.UNKNOWN
            reasons = [self.ctx.text("status.unknown")] + self.reasons
            missing = self.missing
        else:
            status = Status.ELIGIBLE
            reasons = self.reasons
            missing = []
        remedy = Remedy(
            id=self.id,
            status=status,
            legal_basis=self.basis,
            reasons=reasons,
            missing=missing,
            cap=self.cap,
            amount=self.amount,
            deadlines=self.deadlines,
            uncertain=self.uncertain,
            extra=self.extra,
        )
        self.ctx.results[self.id] = remedy
        return remedy
