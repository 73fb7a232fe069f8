"""Statistics of the network from the anonymous monthly counters (`cases.MonthlyCount`):
no file, no person, no note is read to compute them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum

from appui.cases.models import Channel, Discipline, Measure, MonthlyCount, OffenceCategory
from appui.territory.models import Departement

__all__ = ["Measure", "by_departement", "period", "table", "to_csv"]

LABELS = {
    Measure.CHANNEL: dict(Channel.choices),
    Measure.INTERVIEWS: dict(Discipline.choices),
    Measure.OFFENCE: dict(OffenceCategory.choices),
}


@dataclass
class Table:
    months: list[dt.date]
    # measure → key → month → count
    rows: dict[str, dict[str, dict[dt.date, int]]] = field(default_factory=dict)

    def series(self, measure: str, key: str = "") -> list[int]:
        values = self.rows.get(measure, {}).get(key, {})
        return [values.get(m, 0) for m in self.months]

    def total(self, measure: str, key: str = "", months: list[dt.date] | None = None) -> int:
        """The sum over `months` (default: the whole year)."""
        values = self.rows.get(measure, {}).get(key, {})
        return sum(values.get(m, 0) for m in (self.months if months is None else months))

    def keys(self, measure: str) -> list[str]:
        return sorted(self.rows.get(measure, {}))


def months_of(year: int) -> list[dt.date]:
    return [dt.date(year, m, 1) for m in range(1, 13)]


def table(
    year: int, *, organisation_id: int | None = None, departement: str | None = None
) -> Table:
    counts = MonthlyCount.objects.filter(month__year=year)
    if organisation_id is not None:
        counts = counts.filter(organisation_id=organisation_id)
    if departement:
        counts = counts.filter(departement=departement)
    result = Table(months=months_of(year))
    rows: dict = defaultdict(lambda: defaultdict(dict))
    for row in counts.values("measure", "key", "month").annotate(total=Sum("count")).order_by():
        rows[row["measure"]][row["key"]][row["month"]] = row["total"]
    result.rows = {m: dict(v) for m, v in rows.items()}
    return result


def departements(year: int) -> list[str]:
    return sorted(
        MonthlyCount.objects.filter(month__year=year)
        .values_list("departement", flat=True)
        .distinct()
    )


def to_csv(year: int, **scope) -> str:
    """One line per measure, key and month: département and association when national."""
    counts = MonthlyCount.objects.filter(month__year=year)
    if scope.get("organisation_id") is not None:
        counts = counts.filter(organisation_id=scope["organisation_id"])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["month", "organisation", "departement", "measure", "key", "count"])
    rows = (
        counts.values("month", "organisation__code", "departement", "measure", "key")
        .annotate(total=Sum("count"))
        .order_by("month", "organisation__code", "measure", "key")
    )
    for row in rows:
        writer.writerow(
            [
                row["month"].strftime("%Y-%m"),
                row["organisation__code"],
                row["departement"],
                row["measure"],
                row["key"],
                row["total"],
            ]
        )
    return out.getvalue()


def period(year: int, today: dt.date) -> list[dt.date]:
    """The months of `year` that have begun by `today`: the charts show no future month."""
    months = months_of(year)
    if year == today.year:
        return months[: today.month]
    return months if year < today.year else []


def by_departement(year: int, measure: str = Measure.NEW_FILES) -> dict[str, int]:
    """Total of `measure` over the year in each département (national figures)."""
    counts = (
        MonthlyCount.objects.filter(month__year=year, measure=measure)
        .values("departement")
        .annotate(total=Sum("count"))
        .order_by()
    )
    return {row["departement"]: row["total"] for row in counts}


def departement_names(codes) -> dict[str, str]:
    """'Meurthe-et-Moselle (54)' for each known code; an unknown code stays as it is."""
    return {d.code: str(d) for d in Departement.objects.filter(code__in=list(codes))}
