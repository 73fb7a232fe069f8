from __future__ import annotations

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from appui.cases.policies import allows
from appui.core import audit, charts
from appui.core.access import staff_view
from appui.core.models import AuditAction

from . import services
from .audit_targets import StatsTarget
from .permissions import StatsPermission as P


def _year(request) -> int:
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year else this_year


def _scope(request, national: bool) -> dict:
    if national:
        dep = request.GET.get("departement", "").strip().upper()[:3]
        return {"departement": dep or None}
    return {"organisation_id": request.actor.organisation_id}


# Charts drawn for each measure: a column per month, or a bar per key over the period.
MONTHLY_CHARTS = {services.Measure.NEW_FILES: gettext_lazy("Files opened per month, %(period)s")}
BREAKDOWN_CHARTS = {
    services.Measure.INTERVIEWS: gettext_lazy("Interviews by discipline, %(period)s"),
    services.Measure.CHANNEL: gettext_lazy("New files by intake channel, %(period)s"),
    services.Measure.OFFENCE: gettext_lazy("New files by offence, %(period)s"),
}
DEPARTEMENTS_SHOWN = 12  # the others are added up into one bar (the table lists them all)


def _period_words(months) -> str:
    """'January–November 2026', month names in the active language."""
    if not months:
        return ""
    first, last = months[0], months[-1]
    if first == last:
        return date_format(last, "F Y")
    return f"{date_format(first, 'F')}–{date_format(last, 'F Y')}"


def _chart(measure: str, table, months, keys, labels) -> str:
    ident = "chart-" + measure.replace("_", "-")
    words = {"period": _period_words(months)}
    if measure in MONTHLY_CHARTS:
        series = dict(zip(table.months, table.series(measure), strict=True))
        bars = [
            charts.Bar(date_format(m, "M"), series[m], name=date_format(m, "F")) for m in months
        ]
        return charts.columns(bars, ident=ident, caption=MONTHLY_CHARTS[measure] % words)
    if measure in BREAKDOWN_CHARTS:
        bars = [
            charts.Bar(capfirst(labels[k]), table.total(measure, k, months), name=labels[k])
            for k in keys
        ]
        return charts.rows(
            charts.biggest_first(bars), ident=ident, caption=BREAKDOWN_CHARTS[measure] % words
        )
    return ""


def _departements_section(year: int, months) -> dict:
    totals = services.by_departement(year)
    names = services.departement_names(totals)
    label = {code: names.get(code, code) or _("no département") for code in totals}
    bars = [charts.Bar(label[code], total) for code, total in totals.items()]
    caption = _("New files by département, %(period)s") % {"period": _period_words(months)}
    shown = charts.top(bars, DEPARTEMENTS_SHOWN, _("%(count)s other départements"))
    return {
        "kind": "departements",
        "title": _("new files by département"),
        "chart": charts.rows(shown, ident="chart-departements", caption=caption),
        "departements": [(label[code], totals[code]) for code in sorted(totals)],
    }


def _render(request, national: bool):
    year = _year(request)
    scope = _scope(request, national)
    table = services.table(year, **scope)
    months = services.period(year, timezone.localdate())
    sections = []
    for measure, title in services.Measure.choices:
        labels = {
            k: str(services.LABELS.get(measure, {}).get(k, k)) or str(title)
            for k in table.keys(measure)
        }
        keys = table.keys(measure) or [""]
        sections.append(
            {
                "title": str(title),
                "chart": _chart(measure, table, months, table.keys(measure), labels),
                "rows": [
                    (capfirst(labels.get(k, "")), series, sum(series))
                    for k in keys
                    for series in [table.series(measure, k)]
                ],
            }
        )
    if national and not scope.get("departement"):
        sections.append(_departements_section(year, months))
    return render(
        request,
        "stats/stats.html",
        {
            "year": year,
            "national": national,
            "table": table,
            "sections": sections,
            "departements": services.departements(year) if national else [],
            "departement": scope.get("departement") or "",
            "can_national": allows(request.actor, P.STATS_NATIONAL),
        },
    )


@never_cache
@staff_view(P.STATS_ASSOCIATION)
def association(request):
    return _render(request, national=False)


@never_cache
@staff_view(P.STATS_NATIONAL)
def national(request):
    return _render(request, national=True)


@never_cache
@staff_view(P.STATS_ASSOCIATION, reauthenticate=True)
def export_csv(request):
    national = request.GET.get("scope") == "national" and allows(request.actor, P.STATS_NATIONAL)
    year = _year(request)
    scope = {} if national else {"organisation_id": request.actor.organisation_id}
    with transaction.atomic():
        audit.record(
            request.actor,
            AuditAction.EXPORT,
            StatsTarget.STATISTICS,
            organisation_id=scope.get("organisation_id"),
        )
    response = HttpResponse(services.to_csv(year, **scope), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="appui-stats-{year}.csv"'
    return response
