"""The slots of an agenda: its place's opening hours cut into slot-long pieces, less
public holidays, the place's dated closures and what is already taken.

Everything is computed in the place's own clock (Europe/Paris); instants are stored in UTC.
Free slots of many agendas are read in three queries whatever their number (capacities,
closures, loads), which keeps "the 10 nearest units over 30 days" fast.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.utils import timezone

from appui.directory.hours import PARIS, open_spans
from appui.directory.models import Closure
from appui.rights.deadlines import public_holidays

from .models import Agenda, AgendaCapacity, SlotLoad


@dataclass(frozen=True)
class Slot:
    start: dt.datetime  # aware, Europe/Paris
    end: dt.datetime
    capacity: int
    taken: int = 0

    @property
    def free(self) -> int:
        return max(self.capacity - self.taken, 0)


def department_of(commune_code: str) -> str | None:
    """The département a holiday list needs (Alsace-Moselle keeps two more days)."""
    if not commune_code:
        return None
    return commune_code[:3] if commune_code.startswith("97") else commune_code[:2]


@lru_cache(maxsize=256)
def _holidays(year: int, department: str | None) -> frozenset[dt.date]:
    return public_holidays(year, department)


def is_holiday(day: dt.date, commune_code: str) -> bool:
    """A legal public holiday where the place is (Code du travail L3133-1, L3134-13)."""
    return day in _holidays(day.year, department_of(commune_code))


def day_starts(opening_hours: str, day: dt.date, minutes: int) -> list[dt.datetime]:
    """The starts of the whole slots that fit in the day's opening spans (Paris time)."""
    starts = []
    step = dt.timedelta(minutes=minutes)
    for begin, end in open_spans(opening_hours, day):
        moment = dt.datetime.combine(day, begin, PARIS)
        stop = dt.datetime.combine(day, end, PARIS)
        while moment + step <= stop:
            # A wall time the clock skips (spring change) names no instant of its own.
            if moment.astimezone(dt.UTC).astimezone(PARIS).time() == moment.time():
                starts.append(moment)
            moment += step
    return starts


@lru_cache(maxsize=4096)
def _grid(opening_hours: str, day: dt.date, minutes: int) -> tuple[tuple, ...]:
    """The day's slots as (start, end, start in epoch seconds): the same few opening hours
    recur across agendas and days, and the epoch seconds compare and hash without asking
    the time zone each time."""
    step = dt.timedelta(minutes=minutes)
    return tuple(
        (start, start + step, int(start.timestamp()))
        for start in day_starts(opening_hours, day, minutes)
    )


def last_bookable_day(agenda: Agenda, today: dt.date, latest_day: dt.date | None) -> dt.date:
    last = today + dt.timedelta(days=agenda.horizon_days)
    return min(last, latest_day) if latest_day else last


def free_slots(
    agendas: Sequence[Agenda],
    motive: str,
    first_day: dt.date,
    last_day: dt.date,
    *,
    now: dt.datetime | None = None,
    with_full: bool = False,
) -> dict[int, list[Slot]]:
    """Each agenda's slots for `motive` from `first_day` to `last_day` (inclusive, each
    agenda's horizon applies), those starting after now + the agenda's notice; only the
    free ones unless `with_full`. An agenda that does not take `motive` has none."""
    now = now or timezone.now()
    ids = [agenda.pk for agenda in agendas]
    capacity = dict(
        AgendaCapacity.objects.filter(agenda_id__in=ids, motive=motive).values_list(
            "agenda_id", "capacity"
        )
    )
    closed: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for service_id, start, end in Closure.objects.filter(
        service_id__in=[agenda.service_id for agenda in agendas],
        end__gte=first_day,
        start__lte=last_day,
    ).values_list("service_id", "start", "end"):
        closed[service_id].append((start, end))
    window_start = dt.datetime.combine(first_day, dt.time(0), PARIS)
    window_end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0), PARIS)
    taken: dict[int, dict[int, int]] = defaultdict(dict)
    for agenda_id, start, count in SlotLoad.objects.filter(
        agenda_id__in=list(capacity),
        motive=motive,
        start__gte=window_start,
        start__lt=window_end,
        taken__gt=0,
    ).values_list("agenda_id", "start", "taken"):
        taken[agenda_id][int(start.timestamp())] = count
    today = now.astimezone(PARIS).date()
    result: dict[int, list[Slot]] = {}
    now_epoch = now.timestamp()
    for agenda in agendas:
        found: list[Slot] = []
        result[agenda.pk] = found
        if not agenda.active or agenda.pk not in capacity:
            continue
        service = agenda.service
        places = capacity[agenda.pk]
        loads = taken.get(agenda.pk, {})
        earliest = now_epoch + agenda.notice_minutes * 60
        last = min(last_day, last_bookable_day(agenda, today, None))
        closures = closed.get(service.pk, ())
        for day in _days(max(first_day, today), last):
            if is_holiday(day, service.commune_code) or any(a <= day <= b for a, b in closures):
                continue
            for start, end, epoch in _grid(service.opening_hours, day, agenda.slot_minutes):
                if epoch < earliest:
                    continue
                used = loads.get(epoch, 0)
                if with_full or used < places:
                    found.append(Slot(start, end, places, used))
    return result


def slot_at(agenda: Agenda, motive: str, start: dt.datetime, *, now=None) -> Slot | None:
    """The slot of `agenda` starting exactly at `start`, if it is one the agenda offers
    (full or not); None for an instant that is no slot, past, closed or beyond the horizon."""
    local = start.astimezone(PARIS)
    slots = free_slots([agenda], motive, local.date(), local.date(), now=now, with_full=True)
    return next((slot for slot in slots[agenda.pk] if slot.start == local), None)


def _days(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)
