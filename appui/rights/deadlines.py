"""Legal deadline arithmetic: calendar months and years, and the CPP 801 extension.

One helper for every legal date of the engine, so that each carries its basis,
whether it was moved to the next working day, and whether it is only indicative.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import holidays

CPP_801 = "CPP art. 801"

# INSEE département codes whose public holidays differ from the national list:
# Alsace-Moselle (Good Friday, 26 December) and the overseas départements.
_SUBDIVISION = {
    "57": "57",
    "67": "6AE",
    "68": "6AE",
    "971": "971",
    "972": "972",
    "973": "973",
    "974": "974",
    "976": "976",
}


class State(StrEnum):
    UPCOMING = "upcoming"
    OPEN = "open"
    PASSED = "passed"


_UPCOMING, _OPEN, _PASSED = State.UPCOMING, State.OPEN, State.PASSED


@dataclass(frozen=True, slots=True)
class Deadline:
    id: str
    date: dt.date
    state: State
    legal_basis: tuple[str, ...]
    extended: bool = False
    indicative: bool = False
    relief_possible: bool = False

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "state": self.state.value,
            "legal_basis": list(self.legal_basis),
            "extended": self.extended,
            "indicative": self.indicative,
            "relief_possible": self.relief_possible,
        }


@lru_cache(maxsize=65536)
def add_months(day: dt.date, months: int) -> dt.date:
    """Same day number `months` later; the last day of the month when it does not exist."""
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


@lru_cache(maxsize=65536)
def majority(birth_date: dt.date) -> dt.date:
    """The 18th birthday (28 February for a 29 February birth in a common year)."""
    return add_years(birth_date, 18)


def is_minor_on(birth_date: dt.date, day: dt.date) -> bool:
    return day < majority(birth_date)


@lru_cache(maxsize=512)
def public_holidays(year: int, department: str | None) -> frozenset[dt.date]:
    subdiv = _SUBDIVISION.get(department or "")
    return frozenset(holidays.France(years=year, subdiv=subdiv).keys())


def is_working_day(day: dt.date, department: str | None) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year, department)


@lru_cache(maxsize=65536)
def extend_cpp801(day: dt.date, department: str | None) -> tuple[dt.date, bool]:
    """CPP 801: a deadline ending on a weekend or public holiday runs to the next working day."""
    moved = day
    while not is_working_day(moved, department):
        moved += dt.timedelta(days=1)
    return moved, moved != day


def until(
    id: str,
    day: dt.date,
    as_of: dt.date,
    legal_basis: tuple[str, ...],
    *,
    department: str | None = None,
    extend: bool = False,
    indicative: bool = False,
    relief_possible: bool = False,
) -> Deadline:
    """A last day to act: open up to and including `day`, passed after it."""
    extended = False
    if extend:
        day, extended = extend_cpp801(day, department)
        if extended:
            legal_basis = (*legal_basis, CPP_801)
    state = _OPEN if as_of <= day else _PASSED
    return Deadline(id, day, state, legal_basis, extended, indicative, relief_possible)


def from_day(id: str, day: dt.date, as_of: dt.date, legal_basis: tuple[str, ...]) -> Deadline:
    """A first day something becomes possible: upcoming before it, open from it."""
    state = _OPEN if as_of >= day else _UPCOMING
    return Deadline(id, day, state, legal_basis)


def window(opens: Deadline, closes: Deadline, as_of: dt.date) -> tuple[Deadline, Deadline]:
    """Both ends of a window share its state: upcoming, open, then passed."""
    if as_of < opens.date:
        state = State.UPCOMING
    elif as_of <= closes.date:
        state = State.OPEN
    else:
        state = State.PASSED
    return _with_state(opens, state), _with_state(closes, state)


def _with_state(deadline: Deadline, state: State) -> Deadline:
    if deadline.state is state:
        return deadline
    return Deadline(
        deadline.id,
        deadline.date,
        state,
        deadline.legal_basis,
        deadline.extended,
        deadline.indicative,
        deadline.relief_possible,
    )
