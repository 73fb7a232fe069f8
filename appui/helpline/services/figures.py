"""The helpline's figures, from its anonymous counters only (`HelplineCount`).

What the Ministry's contract measures: contacts by hour of the day, by day, by kind of call,
by main situation, by outcome and by département; for phone calls, the answer rate
(answered / (answered + missed)), the mean time to answer and the mean call length. No
call record is read: the counters are written when a record closes or a call is missed
(`counters.count_call`), and outlive the records.

Hours and days are those of Paris (the counters' own).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from appui.core import audit
from appui.core.access import Actor
from appui.core.models import AuditAction

from ..audit_targets import HelplineTarget
from ..models import Channel, HelplineCount
from ..permissions import HelplinePermission as P
from ..policies import require

SUMS = ("calls", "answered", "missed", "wait_seconds", "talk_seconds")
CSV_COLUMNS = (
    "day",
    "hour",
    "departement",
    "channel",
    "kind",
    "category",
    "outcome",
    *SUMS,
)
# A period longer than this is drawn by month, longer than `BY_MONTH_UP_TO` months by year.
BY_DAY_UP_TO = 31
BY_MONTH_UP_TO = 24


@dataclass(frozen=True)
class Line:
    """One key of a breakdown: its code, its words and its number of contacts."""

    code: str
    label: str
    calls: int


@dataclass
class Figures:
    start: dt.date
    end: dt.date
    calls: int = 0  # every contact counted, all channels
    # Phone calls only: what the contract measures.
    phone_calls: int = 0
    answered: int = 0
    missed: int = 0
    wait_seconds: int = 0
    talk_seconds: int = 0
    by_hour: list[int] = field(default_factory=lambda: [0] * 24)
    by_weekday: list[int] = field(default_factory=lambda: [0] * 7)  # Monday first
    series: list[tuple[dt.date, int]] = field(default_factory=list)
    series_unit: str = "day"  # "day", "month" or "year"
    by_channel: list[Line] = field(default_factory=list)
    by_kind: list[Line] = field(default_factory=list)
    by_category: list[Line] = field(default_factory=list)
    by_outcome: list[Line] = field(default_factory=list)
    by_departement: list[Line] = field(default_factory=list)

    @property
    def answer_rate(self) -> float | None:
        """answered / (answered + missed), phone calls; None with neither."""
        reached = self.answered + self.missed
        return self.answered / reached if reached else None

    @property
    def mean_wait(self) -> float | None:
        """Mean seconds from the first ring to the answer, of the phone calls answered."""
        return self.wait_seconds / self.answered if self.answered else None

    @property
    def mean_talk(self) -> float | None:
        """Mean seconds from the answer to the end of the line, of the phone calls answered."""
        return self.talk_seconds / self.answered if self.answered else None


def _labels() -> dict[str, dict[str, str]]:
    from appui.guide.questions import Situation

    from ..models import CallerType, NonData, Outcome

    return {
        "channel": dict(Channel.choices),
        "kind": {**dict(CallerType.choices), **dict(NonData.choices)},
        "category": dict(Situation.choices),
        "outcome": dict(Outcome.choices),
    }


BLANK = {
    "kind": lambda: _("not recorded (missed calls among them)"),
    "category": lambda: _("no situation recorded"),
    "outcome": lambda: _("no outcome (missed and non-data calls among them)"),
    "departement": lambda: _("no town in France given"),
    "channel": lambda: _("unknown"),
}


def _departement_names(codes) -> dict[str, str]:
    from appui.territory.models import Departement

    return {d.code: str(d) for d in Departement.objects.filter(code__in=list(codes))}


def _breakdown(counts, key: str, labels: dict[str, str]) -> list[Line]:
    rows = counts.values(key).annotate(total=Sum("calls")).order_by()
    lines = [
        Line(
            code=row[key],
            label=str(labels.get(row[key], row[key])) if row[key] else BLANK[key](),
            calls=row["total"] or 0,
        )
        for row in rows
    ]
    return sorted(lines, key=lambda line: (-line.calls, line.label))


def series_unit(start: dt.date, end: dt.date) -> str:
    days = (end - start).days + 1
    if days <= BY_DAY_UP_TO:
        return "day"
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return "month" if months <= BY_MONTH_UP_TO else "year"


def _buckets(start: dt.date, end: dt.date, unit: str) -> list[dt.date]:
    if unit == "day":
        return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    if unit == "month":
        found, month = [], start.replace(day=1)
        while month <= end:
            found.append(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        return found
    return [dt.date(year, 1, 1) for year in range(start.year, end.year + 1)]


def _bucket(day: dt.date, unit: str) -> dt.date:
    if unit == "day":
        return day
    return day.replace(day=1) if unit == "month" else day.replace(month=1, day=1)


def counts(start: dt.date, end: dt.date):
    return HelplineCount.objects.filter(day__gte=start, day__lte=end)


def figures(actor: Actor, start: dt.date, end: dt.date) -> Figures:
    """The figures of the days from `start` to `end`, both included."""
    require(actor, P.STATS)
    found = Figures(start=start, end=end, series_unit=series_unit(start, end))
    period = counts(start, end)
    total = period.aggregate(calls=Sum("calls"))
    found.calls = total["calls"] or 0
    phone = period.filter(channel=Channel.PHONE).aggregate(
        phone_calls=Sum("calls"), **{name: Sum(name) for name in SUMS[1:]}
    )
    for name, value in phone.items():
        setattr(found, name, value or 0)
    for row in period.values("hour").annotate(total=Sum("calls")).order_by():
        if 0 <= row["hour"] < 24:
            found.by_hour[row["hour"]] += row["total"] or 0
    buckets = dict.fromkeys(_buckets(start, end, found.series_unit), 0)
    for row in period.values("day").annotate(total=Sum("calls")).order_by():
        found.by_weekday[row["day"].weekday()] += row["total"] or 0
        buckets[_bucket(row["day"], found.series_unit)] += row["total"] or 0
    found.series = list(buckets.items())
    labels = _labels()
    for key in ("channel", "kind", "category", "outcome"):
        setattr(found, f"by_{key}", _breakdown(period, key, labels[key]))
    departements = period.values_list("departement", flat=True).distinct().order_by()
    found.by_departement = _breakdown(period, "departement", _departement_names(departements))
    return found


def to_csv(actor: Actor, start: dt.date, end: dt.date) -> str:
    """The counters of the period, one line per hour and key, as stored (codes, seconds)."""
    require(actor, P.STATS)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    rows = counts(start, end).order_by(*CSV_COLUMNS[:7]).values_list(*CSV_COLUMNS)
    for row in rows:
        writer.writerow([row[0].isoformat(), *row[1:]])
    return out.getvalue()


def record_read(actor: Actor, action: AuditAction = AuditAction.VIEW) -> None:
    """The audit line of a view (`VIEW`) or an export (`EXPORT`) of the figures."""
    require(actor, P.STATS)
    with transaction.atomic():
        audit.record(
            actor, action, HelplineTarget.HELPLINE_FIGURES, organisation_id=actor.organisation_id
        )
