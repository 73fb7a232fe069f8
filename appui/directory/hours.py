"""Opening hours in plain words: "Ouvert maintenant, jusqu'à 16 h", "Ouvre mardi à 8 h 45".

Hours are stored in OpenStreetMap's `opening_hours` syntax and evaluated by
`opening-hours-py` with the French public holidays, in Europe/Paris time: a victim reading
the page in Spain or overseas still needs the office's own clock. Dated closures override
the usual hours. Where no hours are known the answer is "call", never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from .messages import MONTHS, WEEKDAYS, language, text

PARIS = ZoneInfo("Europe/Paris")
# How far ahead to look for the next opening: a year and a little more.
HORIZON = dt.timedelta(days=400)
# A week without French public holidays, to read the usual hours from the expression.
REFERENCE_MONDAY = dt.date(2025, 1, 13)
# A French public holiday (a Wednesday), to read the hours kept on public holidays.
REFERENCE_HOLIDAY = dt.date(2025, 1, 1)
MIDNIGHT = dt.time(0, 0)

# What the renderer of `describe` reads; anything else is shown as written.
_SUPPORTED = re.compile(
    r'(?:\s+|"[^"]*"|Mo|Tu|We|Th|Fr|Sa|Su|PH|off|closed|open|unknown|24/7|\d{1,2}:\d{2}|[-,;])*'
)
_PUBLIC_HOLIDAYS = re.compile(r"\bPH\b")


class ClosureLike(Protocol):
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class HoursStatus:
    """Whether a service is open at a given instant (None: not known), said in one sentence."""

    open: bool | None
    text: str


@lru_cache(maxsize=1024)
def _parse(expression: str) -> Any:
    from opening_hours import OpeningHours

    try:
        return OpeningHours(expression, country="FR")
    except Exception:  # unreadable hours are unknown hours
        return None


def _state_name(state: Any) -> str:
    return str(state).rsplit(".", 1)[-1].lower()


def local_time(now: dt.datetime) -> dt.datetime:
    """Paris wall-clock time, naive, as the parser expects it (a naive `now` is Paris time)."""
    if now.tzinfo is not None:
        now = now.astimezone(PARIS)
    return now.replace(tzinfo=None, microsecond=0)


# --- words -----------------------------------------------------------------------------


def clock(value: dt.time | None, lang: str) -> str:
    """A time of day as readers of that language write it; None stands for midnight ending a day."""
    hour, minute = (24, 0) if value is None else (value.hour, value.minute)
    if lang == "en":
        if hour in (0, 24) and minute == 0:
            return "midnight"
        suffix = "am" if hour < 12 else "pm"
        twelve = hour % 12 or 12
        return f"{twelve}:{minute:02d} {suffix}" if minute else f"{twelve} {suffix}"
    if lang == "es":
        return f"{hour}:{minute:02d}"
    return f"{hour} h {minute:02d}" if minute else f"{hour} h"


def _es_article(value: dt.time | None) -> str:
    return "la" if value is not None and value.hour == 1 else "las"


def day_month(value: dt.date, lang: str, *, year: bool = False) -> str:
    month = MONTHS[lang][value.month - 1]
    if lang == "es":
        words = f"{value.day} de {month}" + (f" de {value.year}" if year else "")
    else:
        day = "1er" if lang == "fr" and value.day == 1 else str(value.day)
        words = f"{day} {month}" + (f" {value.year}" if year else "")
    return words


def _time_words(moment: dt.datetime, lang: str) -> dict[str, str]:
    """The pieces of a sentence about `moment`, for every language's template."""
    value = moment.time()
    time = clock(value, lang)
    article = _es_article(value)
    return {"time": time, "at": f"a {article} {time}", "until": f"hasta {article} {time}"}


def _opens(moment: dt.datetime, today: dt.date, lang: str) -> str:
    words = _time_words(moment, lang)
    days = (moment.date() - today).days
    weekday = WEEKDAYS[lang][moment.weekday()]
    if days == 0:
        return text("hours.opens_today", lang, **words)
    if days == 1:
        return text("hours.opens_tomorrow", lang, **words)
    if days < 7:
        return text("hours.opens_weekday", lang, day=weekday, **words)
    date = day_month(moment.date(), lang, year=moment.year != today.year)
    return text("hours.opens_date", lang, day=weekday, date=date, **words)


def _open_until(end: dt.datetime, now: dt.datetime, lang: str) -> str:
    if end.time() == MIDNIGHT and (end.date() - now.date()).days == 1:
        words = {"time": clock(None, lang)}
        words["until"] = f"hasta las {words['time']}"
        return text("hours.open_until", lang, **words)
    words = _time_words(end, lang)
    days = (end.date() - now.date()).days
    if days == 0:
        return text("hours.open_until", lang, **words)
    if days == 1:
        day = text("hours.tomorrow", lang)
        until_day = f"hasta mañana {words['at']}"
    elif days < 7:
        day = WEEKDAYS[lang][end.weekday()]
        until_day = f"hasta el {day} {words['at']}"
    else:
        date = day_month(end.date(), lang, year=end.year != now.year)
        day = f"{WEEKDAYS[lang][end.weekday()]} {date}"
        until_day = f"hasta el {day} {words['at']}"
    return text("hours.open_until_day", lang, day=day, until_day=until_day, **words)


# --- closures --------------------------------------------------------------------------


def _periods(closures: Iterable[ClosureLike] | None) -> list[tuple[dt.date, dt.date]]:
    return sorted((c.start, c.end) for c in closures or () if c.start and c.end)


def _closed_through(day: dt.date, periods: list[tuple[dt.date, dt.date]]) -> dt.date | None:
    """The last day of the closure covering `day`, following closures that follow on."""
    covering = [end for start, end in periods if start <= day <= end]
    if not covering:
        return None
    last = max(covering)
    extended = True
    while extended:
        extended = False
        for start, end in periods:
            if start <= last + dt.timedelta(days=1) and end > last:
                last, extended = end, True
    return last


def _next_closure_start(
    after: dt.datetime, periods: list[tuple[dt.date, dt.date]]
) -> dt.datetime | None:
    starts = [dt.datetime.combine(s, MIDNIGHT) for s, _e in periods if s > after.date()]
    return min(starts) if starts else None


def _next_opening(
    hours: Any, start: dt.datetime, periods: list[tuple[dt.date, dt.date]]
) -> dt.datetime | None:
    """The first instant from `start` when the usual hours say open and no closure holds."""
    for begin, finish, state, _comment in hours.intervals(start, start + HORIZON):
        if _state_name(state) != "open":
            continue
        moment = max(begin, start)
        while True:
            closed_through = _closed_through(moment.date(), periods)
            if closed_through is None:
                return moment
            moment = dt.datetime.combine(closed_through + dt.timedelta(days=1), MIDNIGHT)
            if finish is not None and moment >= finish:
                break
    return None


# --- status ----------------------------------------------------------------------------


def status(
    opening_hours: str | None,
    closures: Iterable[ClosureLike] | None,
    now: dt.datetime,
    lang: str,
) -> HoursStatus:
    """Open or closed at `now` (Paris time), and when that changes, in the reader's language."""
    lang = language(lang)
    local = local_time(now)
    periods = _periods(closures)
    expression = (opening_hours or "").strip()
    hours = _parse(expression) if expression else None

    closed_through = _closed_through(local.date(), periods)
    if closed_through is not None:
        sentence = text(
            "hours.closed_until",
            lang,
            date=day_month(closed_through, lang, year=closed_through.year != local.year),
        )
        if hours is not None:
            reopening = dt.datetime.combine(closed_through + dt.timedelta(days=1), MIDNIGHT)
            moment = _next_opening(hours, reopening, periods)
            if moment is not None:
                sentence += ". " + _opens(moment, local.date(), lang)
        return HoursStatus(False, sentence)

    if hours is None:
        return HoursStatus(None, text("hours.call", lang))
    state, _comment = hours.state(local)
    state = _state_name(state)
    if state == "open":
        end = hours.next_change(local)
        closure = _next_closure_start(local, periods)
        if closure is not None and (end is None or closure < end):
            end = closure
        if end is None:
            return HoursStatus(True, text("hours.open_always", lang))
        return HoursStatus(True, _open_until(end, local, lang))
    if state == "closed":
        moment = _next_opening(hours, local, periods)
        if moment is None:
            return HoursStatus(False, text("hours.closed", lang))
        return HoursStatus(False, _opens(moment, local.date(), lang))
    return HoursStatus(None, text("hours.call", lang))


# --- the week in words -----------------------------------------------------------------

Span = tuple[dt.time, dt.time | None, str, str]  # start, end (None: midnight), state, comment


def _day_spans(hours: Any, day: dt.date) -> tuple[Span, ...]:
    start = dt.datetime.combine(day, MIDNIGHT)
    stop = start + dt.timedelta(days=1)
    spans = []
    for begin, finish, state, comment in hours.intervals(start, stop):
        name = _state_name(state)
        if name == "closed":
            continue
        begin = max(begin, start)
        finish = stop if finish is None else min(finish, stop)
        if finish <= begin:
            continue
        spans.append((begin.time(), None if finish == stop else finish.time(), name, comment))
    return tuple(spans)


def _span_words(span: Span, lang: str) -> str:
    begin, end, state, comment = span
    words = f"{clock(begin, lang)} – {clock(end, lang)}"
    if state == "unknown":
        words += " " + text("hours.to_confirm", lang)
    if comment:
        words += f" ({comment})"
    return words


def _spans_words(spans: tuple[Span, ...], lang: str) -> str:
    """The spans of a day; an unconfirmed span right after an open one reads as its possible
    extension ("9 am – 7 pm (perhaps until 8 pm)"), not as a second opening."""
    words: list[str] = []
    previous: Span | None = None
    for span in spans:
        begin, end, state, comment = span
        if (
            previous is not None
            and state == "unknown"
            and previous[2] == "open"
            and previous[1] == begin
            and not comment
        ):
            words[-1] += " " + text("hours.maybe_until", lang, time=clock(end, lang))
        else:
            words.append(_span_words(span, lang))
        previous = span
    return ", ".join(words)


def _days_words(first: int, last: int, lang: str) -> str:
    names = WEEKDAYS[lang]
    if first == 0 and last == 6:
        return text("hours.every_day", lang)
    if first == last:
        return names[first]
    if last == first + 1:
        return text("hours.two_days", lang, first=names[first], last=names[last])
    return text("hours.range_days", lang, first=names[first], last=names[last])


def describe(opening_hours: str | None, lang: str) -> list[str]:
    """The usual week, one line per run of days with the same hours, then public holidays.

    Expressions beyond weekdays, times and public holidays (months, weeks, sunrise…) are
    returned as written rather than half understood.
    """
    lang = language(lang)
    expression = (opening_hours or "").strip()
    if not expression:
        return []
    hours = _parse(expression)
    if hours is None or not _SUPPORTED.fullmatch(expression):
        return [expression]
    week = [_day_spans(hours, REFERENCE_MONDAY + dt.timedelta(days=i)) for i in range(7)]
    always = ((MIDNIGHT, None, "open", ""),)
    if all(spans == always for spans in week):
        lines = [text("hours.always", lang)]
    else:
        lines = []
        first = 0
        for day in range(1, 8):
            if day < 7 and week[day] == week[first]:
                continue
            if week[first]:
                spans = _spans_words(week[first], lang)
                days = _days_words(first, day - 1, lang)
                lines.append(text("hours.line", lang, days=days, spans=spans))
            first = day
    if _PUBLIC_HOLIDAYS.search(expression):
        holiday = _day_spans(hours, REFERENCE_HOLIDAY)
        # "PH unknown" (the public directory says nothing of holidays): not "0 h – 24 h".
        unknown_all_day = holiday == ((MIDNIGHT, None, "unknown", ""),)
        spans = text("hours.day_call", lang) if unknown_all_day else _spans_words(holiday, lang)
        spans = spans or text("hours.day_closed", lang)
        days = text("hours.public_holidays", lang)
        lines.append(text("hours.line", lang, days=days, spans=spans))
    if not lines:
        lines.append(text("hours.closed", lang))
    return lines


# --- open spans, for the booking agendas ------------------------------------------------


def open_spans(opening_hours: str, day: dt.date) -> tuple[tuple[dt.time, dt.time], ...]:
    """The times a place is surely open on `day` (Paris clock), from its stored hours, French
    public holidays applied: "unknown" and commented-out times are not opening times, and
    unreadable or missing hours open nothing. A span running to midnight ends at 23:59."""
    if not opening_hours:
        return ()
    return _open_spans(opening_hours, day)


@lru_cache(maxsize=8192)
def _open_spans(opening_hours: str, day: dt.date) -> tuple[tuple[dt.time, dt.time], ...]:
    hours = _parse(opening_hours)
    if hours is None:
        return ()
    return tuple(
        (begin, end or dt.time(23, 59))
        for begin, end, state, _comment in _day_spans(hours, day)
        if state == "open"
    )
