from __future__ import annotations

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from appui.core import audit
from appui.core.access import Permission as P
from appui.core.access import staff_view
from appui.core.models import AuditAction, AuditTarget

from . import services


def _year(request) -> int:
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year else this_year


def _scope(request, national: bool) -> dict:
    if national:
        dep = request.GET.get("departement", "").strip().upper()[:3]
        return {"departement": dep or None}
    return {"organisation_id": request.actor.organisation_id}


def _render(request, national: bool):
    year = _year(request)
    scope = _scope(request, national)
    table = services.table(year, **scope)
    sections = [
        (
            str(label),
            [
                (str(services.LABELS.get(measure, {}).get(k, k)) or "", table.series(measure, k))
                for k in (table.keys(measure) or [""])
            ],
        )
        for measure, label in services.Measure.choices
    ]
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
            "can_national": request.actor.can(P.STATS_NATIONAL),
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
    national = request.GET.get("scope") == "national" and request.actor.can(P.STATS_NATIONAL)
    year = _year(request)
    scope = {} if national else {"organisation_id": request.actor.organisation_id}
    with transaction.atomic():
        audit.record(
            request.actor,
            AuditAction.EXPORT,
            AuditTarget.STATISTICS,
            organisation_id=scope.get("organisation_id"),
        )
    response = HttpResponse(services.to_csv(year, **scope), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="appui-stats-{year}.csv"'
    return response
