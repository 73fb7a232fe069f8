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

__all__ = ["Measure", "table", "to_csv"]

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
