"""The compensation files on a case file's page: route, stage and next date for the
association's staff; the way in, and the way to open one, for those who do the work."""

from __future__ import annotations

from .models import CompensationFile
from .permissions import CompensationPermission as P
from .policies import allows, can_see_summary
from .wording import DATES, parties, stage


def panel(request, file):
    actor = request.actor
    if not can_see_summary(actor, file):
        return None
    rows = []
    for comp in CompensationFile.objects.filter(case_file=file):
        rows.append(
            {
                "comp": comp,
                "stage": stage(comp.stage),
                "next_label": DATES.get(comp.next_id, ""),
                "next_parties": parties(comp.next_parties),
            }
        )
    return (
        "compensation/_panel.html",
        {"rows": rows, "file": file, "manage": allows(actor, P.MANAGE, file)},
    )
