"""The timeline's dates as the case file's tasks, from their own source.

Every date a compensation file's timeline computes that is still to come or still open
becomes a task ("Check the fund's offer has arrived by …"), and stays one, overdue, once
passed without its event; a date that its awaited event has closed closes its task as
done; no other source touches them, and a sync of this source touches no other's
(`appui.cases.task_sources`).
"""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from appui.cases.models import Task, TaskKind, TaskStatus

from .models import CompensationFile, Route

SOURCE = "compensation"

# What the association does about each date of the timeline.
TITLES = {
    "fund_offer_due": _("Check the fund's offer has arrived by"),
    "victim_answer_due": _("Answer the fund's offer by"),
    "payment_due": _("Check the payment has arrived by"),
    "summons_by": _("Check the summons for the hearing has arrived by"),
    "observations_by": _("Ask for the observations before the hearing by"),
    "appeal_due": _("Appeal, if the victim wishes, by"),
    "sarvi_opens": _("The SARVI request may be sent from"),
    "sarvi_closes": _("Send the SARVI request by"),
    "sarvi_payment_due": _("Check the SARVI payment has arrived by"),
    "president_request_due": _("Ask the president of the court to review the refusal by"),
    "civil_party_letter_by": _("The civil-party letter must reach the court by"),
    "investigating_judge_from": _("The complaint to the investigating judge is possible from"),
}


def tasks_for(file) -> list[Task]:
    """The tasks of every compensation file of `file` still followed (unsaved)."""
    from . import services

    tasks: list[Task] = []
    today = services.today()
    # A date passed with its awaited event still missing keeps its open task, overdue: the
    # adviser chases the fund or the court. None is made for a date already passed.
    still_open = set(
        Task.objects.filter(case_file=file, source=SOURCE, status=TaskStatus.OPEN).values_list(
            "key", flat=True
        )
    )
    for comp in CompensationFile.objects.filter(case_file=file).prefetch_related("events"):
        answer, _errors = services.compute(comp, as_of=today)
        if answer is None:
            continue
        for date in answer["dates"]:
            state = date["state"]
            day = dt.date.fromisoformat(date["date"])
            key = f"{comp.pk}:{comp.route}:{date['id']}"
            if date["id"] not in TITLES or (state == "passed" and key not in still_open):
                continue
            task = Task(
                kind=TaskKind.RIGHTS_DEADLINE,
                key=key,
                title=_french_title(comp, date["id"], day),
                due_on=day,
                legal_basis=", ".join(date["legal_basis"])[:200],
            )
            if state == "done":
                task.status = TaskStatus.DONE
            tasks.append(task)
    return tasks


def _french_title(comp: CompensationFile, date_id: str, day: dt.date) -> str:
    with override("fr"):
        return _title(comp.route, date_id, day)[:200]


def _title(route: str, date_id: str, day: dt.date) -> str:
    return f"{TITLES[date_id]} {date_format(day, 'SHORT_DATE_FORMAT')} — {Route(route).label}"


def label(task: Task) -> str:
    """The task in the reader's language (its key names the route: no query)."""
    _comp, route, date_id = (task.key.split(":") + ["", ""])[:3]
    if route not in Route.values or date_id not in TITLES:
        return task.title
    return _title(route, date_id, task.due_on)
