"""Legal deadline arithmetic: calendar months and years, working days, and the CPP 801 extension.

One helper for every legal date of the engine, so that each carries its basis,
whether it was moved to the next working day, and whether it is only indicative.

Public holidays (the one list used by CPP 801 and by working-day counts): the
legal public holidays of Code du travail art. L3133-1 (1 January, Easter Monday,
1 May, 8 May, Ascension, Whit Monday, 14 July, 15 August, 1 November,
11 November, 25 December); in Alsace-Moselle (57, 67, 68) also Good Friday and
26 December (art. L3134-13; Good Friday only in communes with a Protestant temple
or a mixed church, so an extension that rests on it is flagged as uncertain); and
in the overseas départements the day commemorating the abolition of slavery (loi
83-550, décret 83-1003): Guadeloupe 27 May, Martinique 22 May, Guyane 10 June,
La Réunion 20 December, Mayotte 27 April. Customary days off that are not legal
public holidays (Mi-Carême, Mardi gras, Ash Wednesday, Good Friday in the DOM,
Victor Schœlcher day) are not counted. The list is built here rather than taken
from a holidays library, which adds such days overseas and drops Whit Monday in
2005–2007 (the "journée de solidarité" years, when it stayed a legal holiday).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

CPP_801 = "CPP art. 801"

ALSACE_MOSELLE = frozenset({"57", "67", "68"})
# Loi 83-550 art. 1, décret 83-1003: (month, day) of the abolition-of-slavery holiday.
SLAVERY_ABOLITION_DAY = {
    "971": (5, 27),  # Guadeloupe
    "972": (5, 22),  # Martinique
    "973": (6, 10),  # Guyane
    "974": (12, 20),  # La Réunion
    "976": (4, 27),  # Mayotte
}
SLAVERY_ABOLITION_FROM = dt.date(1983, 11, 24)  # décret 83-1003 of 23 November 1983 (JORF 24)


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
    # Not part of the output: the date rests on Good Friday being a holiday in
    # Alsace-Moselle, which holds only in some communes (the remedy says so in `uncertain`).
    local_good_friday: bool = False

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


@lru_cache(maxsize=1024)
def easter(year: int) -> dt.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def good_friday(year: int) -> dt.date:
    return easter(year) - dt.timedelta(days=2)


@lru_cache(maxsize=1024)
def public_holidays(year: int, department: str | None) -> frozenset[dt.date]:
    """The legal public holidays of `year` where the court or place is (see the module doc)."""
    sunday = easter(year)
    days = {
        dt.date(year, 1, 1),
        sunday + dt.timedelta(days=1),  # Easter Monday
        sunday + dt.timedelta(days=39),  # Ascension
        sunday + dt.timedelta(days=50),  # Whit Monday
        dt.date(year, 8, 15),
        dt.date(year, 11, 1),
        dt.date(year, 12, 25),
    }
    if year >= 1880:  # loi du 6 juillet 1880
        days.add(dt.date(year, 7, 14))
    if year >= 1922:  # loi du 24 octobre 1922
        days.add(dt.date(year, 11, 11))
    if year >= 1947:  # loi 47-778 du 30 avril 1947
        days.add(dt.date(year, 5, 1))
    if 1953 <= year <= 1958 or year >= 1982:  # loi 53-225; décret 59-533; loi 81-893
        days.add(dt.date(year, 5, 8))
    if department in ALSACE_MOSELLE:
        days.add(good_friday(year))
        days.add(dt.date(year, 12, 26))
    elif department in SLAVERY_ABOLITION_DAY:
        month, day = SLAVERY_ABOLITION_DAY[department]
        commemoration = dt.date(year, month, day)
        if commemoration >= SLAVERY_ABOLITION_FROM:
            days.add(commemoration)
    return frozenset(days)


def is_working_day(day: dt.date, department: str | None) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year, department)


def _is_local_good_friday(day: dt.date, department: str | None) -> bool:
    return department in ALSACE_MOSELLE and day == good_friday(day.year)


@lru_cache(maxsize=65536)
def _extend(day: dt.date, department: str | None) -> tuple[dt.date, bool, bool]:
    moved, local = day, False
    while not is_working_day(moved, department):
        local = local or _is_local_good_friday(moved, department)
        moved += dt.timedelta(days=1)
    return moved, moved != day, local


def to_working_day(day: dt.date, department: str | None) -> tuple[dt.date, bool, bool]:
    """The CPP 801 move, with whether it moved and whether it rests on Alsace-Moselle's Good
    Friday (for deadlines whose extension another article grants with the same effect)."""
    return _extend(day, department)


def extend_cpp801(day: dt.date, department: str | None) -> tuple[dt.date, bool]:
    """CPP 801: a deadline ending on a weekend or public holiday runs to the next working day."""
    moved, extended, _local = _extend(day, department)
    return moved, extended


@lru_cache(maxsize=65536)
def add_working_days(day: dt.date, count: int, department: str | None) -> tuple[dt.date, bool]:
    """The `count`-th working day after `day` (the starting day itself is not counted).

    Working days ("jours ouvrés") are Monday to Friday, public holidays excepted. The second
    value says whether Alsace-Moselle's Good Friday was skipped on the way.
    """
    moved, left, local = day, count, False
    year = day.year
    closed = public_holidays(year, department)
    while left > 0:
        moved += _ONE_DAY
        if moved.year != year:
            year = moved.year
            closed = public_holidays(year, department)
        if moved.weekday() < 5 and moved not in closed:
            left -= 1
        elif not local and department in ALSACE_MOSELLE and moved == good_friday(year):
            local = True
    return moved, local


_ONE_DAY = dt.timedelta(days=1)


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
    local_good_friday: bool = False,
) -> Deadline:
    """A last day to act: open up to and including `day`, passed after it."""
    extended = False
    if extend:
        day, extended, local = _extend(day, department)
        local_good_friday = local_good_friday or local
        if extended:
            legal_basis = (*legal_basis, CPP_801)
    state = _OPEN if as_of <= day else _PASSED
    return Deadline(
        id, day, state, legal_basis, extended, indicative, relief_possible, local_good_friday
    )


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
        deadline.local_good_friday,
    )
