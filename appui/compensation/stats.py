"""The association's lists of compensation files, and the anonymous figures.

The lists read the stage and next date copied on each compensation file (one index each);
the figures read the anonymous counters only (`counters.py`), never a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .models import CompensationCount, CompensationFile, CountMeasure, Route
from .permissions import CompensationPermission as P
from .policies import allows

PAGE_SIZE = 50
# What a list shows and what its read lines name: nothing else is read.
LIST_FIELDS = (
    "id",
    "route",
    "stage",
    "next_id",
    "next_date",
    "hearing_date",
    "payment_due",
    "case_file__id",
    "case_file__number",
    "case_file__organisation_id",
    "case_file__person__id",
    "case_file__person__first_name",
    "case_file__person__last_name",
)


def listing(actor, which: str, today: dt.date):
    """Compensation files of the actor's association for one of the lists, soonest first
    (each ordering on its own index)."""
    base = (
        CompensationFile.objects.filter(organisation_id=actor.organisation_id)
        .select_related("case_file__person")
        .only(*LIST_FIELDS)
    )
    if which == "offers":
        return base.filter(stage="offer_to_answer").order_by("next_date", "pk")
    if which == "payments":
        # The payment's due date passed and no payment recorded.
        return base.filter(payment_due__lt=today).order_by("payment_due", "pk")
    if which == "hearings":
        first = today.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return base.filter(hearing_date__gte=first, hearing_date__lt=following).order_by(
            "hearing_date", "pk"
        )
    return base.filter(closed_on__isnull=True).order_by("next_date", "pk")


def _median(histogram: dict[int, int]) -> float | None:
    """The median of values given as value → how many times (lower median for an even n)."""
    n = sum(c for c in histogram.values() if c > 0)
    if n == 0:
        return None
    middle, seen = (n + 1) // 2, 0
    for value in sorted(histogram):
        seen += max(histogram[value], 0)
        if seen >= middle:
            return value
    return None


@dataclass
class Row:
    route: str
    label: str
    opened: int = 0
    claimed: Decimal = Decimal(0)
    offered: Decimal = Decimal(0)
    awarded: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    days_to_offer: dict = field(default_factory=dict)
    days_to_payment: dict = field(default_factory=dict)

    @property
    def median_to_offer(self):
        return _median(self.days_to_offer)

    @property
    def median_to_payment(self):
        return _median(self.days_to_payment)

    def csv(self) -> list:
        return [
            self.route,
            self.opened,
            f"{self.claimed:.2f}",
            f"{self.offered:.2f}",
            f"{self.awarded:.2f}",
            f"{self.paid:.2f}",
            "" if self.median_to_offer is None else self.median_to_offer,
            "" if self.median_to_payment is None else self.median_to_payment,
        ]


CSV_HEADER = [
    "route",
    "opened",
    "claimed_eur",
    "offered_eur",
    "awarded_eur",
    "paid_eur",
    "median_days_request_to_offer",
    "median_days_request_to_payment",
]

SUMS = {
    CountMeasure.CLAIMED: "claimed",
    CountMeasure.OFFERED: "offered",
    CountMeasure.AWARDED: "awarded",
    CountMeasure.PAID: "paid",
}


def table(actor, year: int) -> list[Row]:
    """One row per route for `year`: the association's, or the network's for the
    federation."""
    counts = CompensationCount.objects.filter(
        month__gte=dt.date(year, 1, 1), month__lte=dt.date(year, 12, 1)
    )
    if not allows(actor, P.STATS_NATIONAL):
        counts = counts.filter(organisation_id=actor.organisation_id)
    rows = {r.value: Row(r.value, str(r.label)) for r in Route}
    for route, measure, key, count, total in counts.values_list(
        "route", "measure", "key", "count", "total"
    ):
        row = rows.get(route)
        if row is None:
            continue
        if measure == CountMeasure.OPENED:
            row.opened += count
        elif measure in SUMS:
            name = SUMS[CountMeasure(measure)]
            setattr(row, name, getattr(row, name) + Decimal(total) / 100)
        elif measure in (CountMeasure.DAYS_TO_OFFER, CountMeasure.DAYS_TO_PAYMENT) and key:
            histogram = (
                row.days_to_offer if measure == CountMeasure.DAYS_TO_OFFER else row.days_to_payment
            )
            histogram[int(key)] = histogram.get(int(key), 0) + count
    return [row for row in rows.values() if row.opened or row.claimed or row.paid]


CHARTS = (
    ("claimed", _("Amounts claimed, by route (€)")),
    ("offered", _("Amounts offered, by route (€)")),
    ("awarded", _("Amounts awarded, by route (€)")),
    ("paid", _("Amounts paid, by route (€)")),
)


def charts(rows: list[Row]) -> list:
    """One bar chart per sum, a bar per route, in whole euros (the table has the cents)."""
    from appui.core import charts as draw

    out = []
    for name, caption in CHARTS:
        bars = [draw.Bar(row.label, int(getattr(row, name))) for row in rows]
        out.append(draw.rows(draw.biggest_first(bars), ident=f"chart-{name}", caption=str(caption)))
    return out
