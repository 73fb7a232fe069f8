"""The helpline's figures: charts and tables from the anonymous counters, and their CSV."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from appui.cases.ranges import RangedForm
from appui.core import charts
from appui.core.access import staff_view
from appui.core.models import AuditAction

from ..permissions import HelplinePermission as P
from ..services import figures
from ..services.supervision import clock

DEFAULT_DAYS = 30  # the period shown when none is asked: the last 30 days, today included
DEPARTEMENTS_SHOWN = 12  # the others are added up into one bar (the table lists them all)


class PeriodForm(RangedForm, forms.Form):
    start = forms.DateField(
        label=gettext_lazy("First day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=gettext_lazy("Last day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period comes before its start."))
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        """The days asked, both included; by default the last 30 days."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound else {}
        end = data.get("end") or today
        start = data.get("start") or min(end, today) - dt.timedelta(days=DEFAULT_DAYS - 1)
        return min(start, end), end


def _form(request: HttpRequest) -> PeriodForm:
    bound = {k: v for k, v in request.GET.items() if k in ("start", "end")}
    return PeriodForm(bound or None)


def _period_words(start: dt.date, end: dt.date) -> str:
    if start == end:
        return date_format(start, "DATE_FORMAT")
    return _("%(start)s to %(end)s") % {
        "start": date_format(start, "DATE_FORMAT"),
        "end": date_format(end, "DATE_FORMAT"),
    }


def _thin(index: int, count: int) -> bool:
    """Whether the `index`-th of `count` columns shows its label: about ten labels at most,
    so that narrow columns' labels never run into each other (each bar's value and name
    are in the description and the table)."""
    step = max(1, -(-count // 10))
    return index % step == 0


def _series_bar(day: dt.date, unit: str, value: int, shown: bool = True) -> charts.Bar:
    if unit == "day":
        label = date_format(day, "j") if shown else ""
        return charts.Bar(label, value, name=date_format(day, "DATE_FORMAT"))
    if unit == "month":
        return charts.Bar(date_format(day, "M"), value, name=date_format(day, "F Y"))
    return charts.Bar(str(day.year), value)


def _series_label(day: dt.date, unit: str) -> str:
    if unit == "day":
        return f"{date_format(day, 'D')} {date_format(day, 'SHORT_DATE_FORMAT')}"
    return date_format(day, "F Y") if unit == "month" else str(day.year)


# A Monday: the week's days named in the active language from it ("D" short, "l" long).
MONDAY = dt.date(2024, 1, 1)


def _weekday(n: int, form: str) -> str:
    return date_format(MONDAY + dt.timedelta(days=n), form)


BREAKDOWNS = (
    ("channel", gettext_lazy("Contacts by channel")),
    ("kind", gettext_lazy("Contacts by kind of call")),
    ("category", gettext_lazy("Contacts by main situation")),
    ("outcome", gettext_lazy("Contacts by outcome")),
)


def _sections(found: figures.Figures) -> list[dict]:
    words = _period_words(found.start, found.end)
    sections = []

    def add(ident, title, chart, rows, heading):
        sections.append(
            {"ident": ident, "title": title, "chart": chart, "rows": rows, "heading": heading}
        )

    series_titles = {
        "day": _("Contacts by day"),
        "month": _("Contacts by month"),
        "year": _("Contacts by year"),
    }
    title = series_titles[found.series_unit]
    add(
        "by-day",
        title,
        charts.columns(
            [
                _series_bar(day, found.series_unit, n, _thin(i, len(found.series)))
                for i, (day, n) in enumerate(found.series)
            ],
            ident="chart-by-day",
            caption=f"{title}, {words}",
        ),
        [(_series_label(day, found.series_unit), n) for day, n in found.series],
        _("Day") if found.series_unit == "day" else _("Period"),
    )
    title = _("Contacts by hour of the day")
    add(
        "by-hour",
        title,
        charts.columns(
            [
                charts.Bar(str(h) if h % 3 == 0 else "", n, name=_("%(hour)s h") % {"hour": h})
                for h, n in enumerate(found.by_hour)
            ],
            ident="chart-by-hour",
            caption=f"{title}, {words}",
        ),
        [
            (_("%(start)s h to %(end)s h") % {"start": h, "end": h + 1}, n)
            for h, n in enumerate(found.by_hour)
        ],
        _("Hour (Paris time)"),
    )
    title = _("Contacts by day of the week")
    add(
        "by-weekday",
        title,
        charts.columns(
            [
                charts.Bar(_weekday(day, "D"), n, name=_weekday(day, "l"))
                for day, n in enumerate(found.by_weekday)
            ],
            ident="chart-by-weekday",
            caption=f"{title}, {words}",
        ),
        [(capfirst(_weekday(day, "l")), n) for day, n in enumerate(found.by_weekday)],
        _("Day of the week"),
    )
    for key, title in BREAKDOWNS:
        lines = getattr(found, f"by_{key}")
        add(
            f"by-{key}",
            str(title),
            charts.rows(
                [charts.Bar(capfirst(line.label), line.calls, name=line.label) for line in lines],
                ident=f"chart-by-{key}",
                caption=f"{title}, {words}",
            ),
            [(capfirst(line.label), line.calls) for line in lines],
            _("Kind"),
        )
    title = _("Contacts by département")
    bars = [charts.Bar(line.label, line.calls) for line in found.by_departement]
    add(
        "by-departement",
        title,
        charts.rows(
            charts.top(bars, DEPARTEMENTS_SHOWN, _("%(count)s other départements")),
            ident="chart-by-departement",
            caption=f"{title}, {words}",
        ),
        [
            (line.label, line.calls)
            for line in sorted(found.by_departement, key=lambda line: line.code)
        ],
        _("Département"),
    )
    return sections


def _seconds(value: float | None) -> str:
    return clock(round(value)) if value is not None else "—"


def _headline(found: figures.Figures) -> list[tuple[str, str]]:
    rate = found.answer_rate
    return [
        (_("Contacts, every channel"), str(found.calls)),
        (_("Phone calls"), str(found.phone_calls)),
        (_("Phone calls answered"), str(found.answered)),
        (_("Phone calls missed"), str(found.missed)),
        (
            _("Answer rate (answered ÷ (answered + missed))"),
            f"{number_format(rate * 100, 1)} %" if rate is not None else "—",
        ),
        (_("Mean time to answer (minutes:seconds)"), _seconds(found.mean_wait)),
        (_("Mean call length (minutes:seconds)"), _seconds(found.mean_talk)),
    ]


@never_cache
@staff_view(P.STATS)
def stats(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    context = {"form": form}
    if form.is_bound and not form.is_valid():
        return render(request, "helpline/stats.html", context, status=422)
    start, end = form.period()
    if not form.is_bound:  # the period shown, in the fields
        context["form"] = PeriodForm(initial={"start": start, "end": end})
    found = figures.figures(request.actor, start, end)
    figures.record_read(request.actor)
    context.update(
        {
            "figures": found,
            "period": _period_words(start, end),
            "start": start,
            "end": end,
            "headline": _headline(found),
            "sections": _sections(found),
        }
    )
    return render(request, "helpline/stats.html", context)


@never_cache
@staff_view(P.STATS, reauthenticate=True)
def stats_csv(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return render(request, "helpline/stats.html", {"form": form}, status=422)
    start, end = form.period()
    body = figures.to_csv(request.actor, start, end)
    figures.record_read(request.actor, AuditAction.EXPORT)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="appui-116006-{start:%Y-%m-%d}-{end:%Y-%m-%d}.csv"'
    )
    return response


urlpatterns = [
    path("chiffres/", stats, name="stats"),
    path("chiffres/export.csv", stats_csv, name="stats_csv"),
]
