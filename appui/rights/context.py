"""What every remedy rule shares: the facts, the dates, the parameters used, a result builder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any

from . import messages
from . import parameters as P
from .deadlines import Deadline, add_years, is_minor_on
from .facts import Category, Facts


class Status(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN = "unknown"


_ELIGIBLE, _NOT_ELIGIBLE, _UNKNOWN = Status.ELIGIBLE, Status.NOT_ELIGIBLE, Status.UNKNOWN


class Remedy:
    """One remedy's answer (the contract's `remedies` item); `extra` holds `fund`, `level`…"""

    __slots__ = (
        "id",
        "status",
        "legal_basis",
        "reasons",
        "missing",
        "cap",
        "amount",
        "deadlines",
        "uncertain",
        "extra",
        "lang",
    )

    def __init__(
        self,
        id: str,
        status: Status,
        legal_basis: tuple[str, ...],
        reasons: list[str],
        missing: list[str],
        cap: float | None,
        amount: float | None,
        deadlines: list[Deadline] | tuple,
        uncertain: list[str] | tuple,
        extra: dict[str, Any] | None,
        lang: str = "fr",
    ):
        self.id = id
        self.status = status
        self.legal_basis = legal_basis
        self.reasons = reasons
        self.missing = missing
        self.cap = cap
        self.amount = amount
        self.deadlines = deadlines
        self.uncertain = uncertain
        self.extra = extra
        self.lang = lang

    @property
    def uncertain_text(self) -> list[str]:
        """The `uncertain` points, same order, as plain sentences in the remedy's language."""
        lang = self.lang
        return [messages.uncertain_text(point, lang) for point in self.uncertain]

    def __repr__(self) -> str:
        return f"Remedy({self.id!r}, {self.status.value!r})"

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
            "uncertain_text": self.uncertain_text if self.uncertain else [],
        }
        if self.extra:
            out.update(self.extra)
        return out


_ALONE = {category.value: frozenset((category.value,)) for category in Category}


class Context:
    """One assessment in progress: facts, the day selecting rules and values, what was used."""

    __slots__ = (
        "facts",
        "lang",
        "as_of",
        "ref",
        "department",
        "uses",
        "results",
        "templates",
        "categories",
        "direct_birth",
        "birth_path",
        "_minor_at_offence",
        "_under_15_at_offence",
        "_params",
        "_ceilings",
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
        # Every offence of the story (offence.category and offence.other_categories).
        others = facts.offence.other_categories
        self.categories = (
            frozenset((facts.offence.category, *others))
            if others
            else _ALONE[facts.offence.category]
        )
        # Minors' rules read the age of the person the offence was committed against: a
        # relative claiming (an indirect victim) gives that person's birth date apart.
        victim = facts.victim
        if victim.indirect:
            self.direct_birth = victim.direct_victim_birth_date
            self.birth_path = "victim.direct_victim_birth_date"
        else:
            self.direct_birth = victim.birth_date
            self.birth_path = "victim.birth_date"
        self.uses: dict[str, P.Use] = {}
        self.results: dict[str, Remedy] = {}
        self.templates = messages.TEMPLATES[lang]
        self._minor_at_offence: bool | None | str = "unset"
        self._under_15_at_offence: bool | None | str = "unset"
        self._params = P.snapshot(self.ref)
        self._ceilings: Ceilings | None = None

    def text(self, key: str, **kw: Any) -> str:
        template = self.templates[key]
        return template.format(**kw) if kw else template

    def param(self, name: str, remedy: Builder | None = None) -> float:
        use = self._params[name]
        self.uses[name] = use
        if use.uncertain is not None and remedy is not None:
            remedy.uncertain_note(use.uncertain)
        return use.value

    def in_force(self, name: str) -> bool:
        return P.get(name).in_force(self.ref)

    @property
    def minor_at_offence(self) -> bool | None:
        if self._minor_at_offence == "unset":
            birth, day = self.direct_birth, self.facts.offence.date
            if birth is not None and day is not None:
                self._minor_at_offence = is_minor_on(birth, day)
            else:  # CP 227-25 to 227-27 are offences on minors by definition
                self._minor_at_offence = (
                    True if self.facts.offence.category == "sexual_offence_on_minor" else None
                )
        return self._minor_at_offence  # type: ignore[return-value]

    @property
    def under_15_at_offence(self) -> bool | None:
        """Under 15: the age at which many offences of the penal code are aggravated."""
        if self._under_15_at_offence == "unset":
            birth, day = self.direct_birth, self.facts.offence.date
            self._under_15_at_offence = (
                None if birth is None or day is None else day < add_years(birth, 15)
            )
        return self._under_15_at_offence  # type: ignore[return-value]

    def ceilings(self, builder: Builder) -> Ceilings:
        """Legal-aid ceilings in force on the reference day, with the household's increments."""
        if self._ceilings is not None:
            for name in ("aj_partial_ceiling", "aj_full_ceiling"):
                note = self.uses[name].uncertain
                if note is not None:
                    builder.uncertain_note(note)
            return self._ceilings
        partial = self.param("aj_partial_ceiling", builder)
        full = self.param("aj_full_ceiling", builder)
        first = self.param("aj_increment_first_two")
        further = self.param("aj_increment_further")
        extra = self.facts.situation.household_extra_persons or 0
        monthly = self.uses["aj_partial_ceiling"].unit.endswith("/month")
        self._ceilings = _ceilings(partial, full, first, further, extra, monthly)
        return self._ceilings

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


class Builder(Remedy):
    """A remedy being decided: a failed condition makes it not eligible, an unknown one unknown."""

    __slots__ = ("ctx", "failures")  # failures: how many reasons at the head are failures

    def __init__(self, ctx: Context, id: str, basis: tuple[str, ...]):
        # Lists are created on first write: most remedies never fail, miss or defer anything,
        # and sixteen builders per assessment make that allocation show.
        self.ctx = ctx
        self.lang = ctx.lang
        self.id = id
        self.status = _ELIGIBLE
        self.legal_basis = basis
        self.reasons: list[str] = []
        self.failures = 0
        self.missing: list[str] | tuple = ()
        self.uncertain: list[str] | tuple = ()
        self.cap: float | None = None
        self.amount: float | None = None
        self.deadlines: list[Deadline] | tuple = ()
        self.extra: dict[str, Any] | None = None

    def add_deadline(self, deadline: Deadline) -> None:
        if not self.deadlines:
            self.deadlines = []
        self.deadlines.append(deadline)  # type: ignore[union-attr]
        if deadline.local_good_friday:
            self.uncertain_note(messages.U_GOOD_FRIDAY)

    @property
    def indirect(self) -> bool:
        return bool(self.ctx.facts.victim.indirect)

    def set_extra(self, key: str, value: Any) -> None:
        if self.extra is None:
            self.extra = {}
        self.extra[key] = value

    @property
    def basis(self) -> tuple[str, ...]:
        return self.legal_basis

    @basis.setter
    def basis(self, value: tuple[str, ...]) -> None:
        self.legal_basis = value

    def reason(self, key: str, **kw: Any) -> None:
        template = self.ctx.templates[key]
        self.reasons.append(template.format(**kw) if kw else template)

    def fail(self, key: str, **kw: Any) -> None:
        template = self.ctx.templates[key]
        self.reasons.insert(self.failures, template.format(**kw) if kw else template)
        self.failures += 1

    def need(self, path: str) -> None:
        if not self.missing:
            self.missing = [path]
        elif path not in self.missing:
            self.missing.append(path)  # type: ignore[union-attr]

    def require(self, value: bool | None, path: str, fail_key: str, **kw: Any) -> bool | None:
        """A condition that must be true: false fails the remedy, None marks `path` missing."""
        if value is None:
            self.need(path)
        elif not value:
            self.fail(fail_key, **kw)
        return value

    def require_any(self, pairs: tuple[tuple[bool | None, str], ...], fail_key: str) -> bool | None:
        """One of several facts suffices: all false fails, none true and some unknown is missing."""
        unknown = None
        for value, _path in pairs:
            if value:
                return True
            if value is None:
                unknown = True
        if unknown:
            for value, path in pairs:
                if value is None:
                    self.need(path)
            return None
        self.fail(fail_key)
        return False

    def uncertain_note(self, note: str) -> None:
        if not self.uncertain:
            self.uncertain = [note]
        elif note not in self.uncertain:
            self.uncertain.append(note)  # type: ignore[union-attr]

    @property
    def failed(self) -> bool:
        return self.failures > 0

    def done(self) -> Remedy:
        """Settle the status; the builder is itself the remedy handed back."""
        if self.failures:
            self.status = _NOT_ELIGIBLE
            self.missing = ()
        elif self.missing:
            self.status = _UNKNOWN
            self.reasons.insert(0, self.ctx.templates["status.unknown"])
        self.ctx.results[self.id] = self
        return self
