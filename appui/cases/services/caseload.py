"""The caseload: the files a professional holds, her team's, and what waits for her today.

Reads only, through `policies.files`, of the actor's own association: a working list is
never opened by an exceptional access (that reads one file found by a search). A list that
shows people's names leaves one read line per file shown.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import (
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.urls import reverse
from django.utils.formats import date_format

from appui.core import audit
from appui.core.access import Actor
from appui.core.models import Organisation, StaffProfile

from .. import policies
from ..models import (
    DISCIPLINE_BITS,
    Affair,
    CaseFile,
    FileStatus,
    IntakeStatus,
    OffenceCategory,
    Task,
    TaskStatus,
)
from ..permissions import CasePermission as P
from ..policies import require
from ._common import A, T, today
from .tasks import TaskLists, first_tasks, open_tasks

CASELOAD_PAGE = 50
WAITING_SHOWN = 20
NO_REFERENT = "none"


def staff_of(actor: Actor) -> list[StaffProfile]:
    """Everyone of the association, former staff included: files may still be theirs."""
    return list(
        StaffProfile.objects.filter(organisation_id=actor.organisation_id).order_by(
            "display_name", "user_id"
        )
    )


@dataclass(frozen=True)
class CaseloadFilters:
    """What the list is narrowed to. `referent` is a user id, `NO_REFERENT`, or None (any);
    it applies to the team's list only, "my files" being those whose referent is me."""

    team: bool = False
    status: str = FileStatus.OPEN
    discipline: str = ""
    referent: int | str | None = None
    overdue: bool = False


def _overdue(organisation_id: int, day: dt.date):
    """Open tasks past due, of one association: the constant lets PostgreSQL read them once
    from the (organisation, status, due date) index and hash them, rather than look into
    each file's tasks."""
    return Task.objects.filter(
        organisation_id=organisation_id, status=TaskStatus.OPEN, due_on__lt=day
    )


def _holding(discipline: str) -> list[int]:
    """Every `CaseFile.disciplines` value with this discipline's bit: PostgreSQL estimates
    how many files such a list matches from the column's statistics, which it cannot do for
    `disciplines & bit` (it guessed 36 files for 5,146, a plan's choice away from a slow one)."""
    bit = DISCIPLINE_BITS[discipline]
    return [value for value in range(sum(DISCIPLINE_BITS.values()) + 1) if value & bit]


def caseload(actor: Actor, filters: CaseloadFilters) -> QuerySet[CaseFile]:
    """The files of the list, newest first (unevaluated)."""
    require(actor, P.FILE_VIEW)
    files = policies.files(actor).filter(organisation_id=actor.organisation_id)
    if filters.status:
        files = files.filter(status=filters.status)
    if not filters.team:
        files = files.filter(referent_id=actor.user_id)
    elif filters.referent == NO_REFERENT:
        files = files.filter(referent__isnull=True)
    elif filters.referent is not None:
        files = files.filter(referent_id=filters.referent)
    if filters.discipline:
        # The file's bit, read from the lists' indexes (cases.0012), not from its interviews.
        files = files.filter(disciplines__in=_holding(filters.discipline))
    if filters.overdue:
        late = _overdue(actor.organisation_id, today()).filter(case_file=OuterRef("pk"))
        files = files.filter(Exists(late))
    return files.order_by("-opened_on", "-id")


class _Count(Subquery):
    """How many rows a queryset has, as a scalar subquery: several counts in one query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()

    def __init__(self, queryset, **extra):
        super().__init__(queryset.order_by().values("pk"), **extra)


@dataclass(slots=True)
class CaseloadRow:
    """One file of the list, as shown: plain values, no model per person, affair, referent."""

    pk: int
    number: str
    status: str
    opened_on: dt.date
    opened: str  # the date in the reader's short format
    organisation_id: int
    person_id: int
    person: str  # "LAST First", as `Person.__str__`
    offence: str
    referent: str  # her name, "" when the file has none
    overdue_tasks: int
    next_task: str  # "due date: the task in the reader's words", "" when none is open
    url: str


class _Dates(dict):
    """Dates in the reader's short format, each formatted once for a page (a page's files
    were opened on a few days, their next tasks fall on a few more)."""

    def __missing__(self, day: dt.date) -> str:
        self[day] = text = date_format(day, "SHORT_DATE_FORMAT")
        return text


# What a task's words need (`Task.label`), and what the list counts.
TASK_FIELDS = ("id", "kind", "source", "key", "title", "due_on", "case_file_id", "organisation_id")


# The same, in the model's order of fields, as `Model.from_db` takes them.
_TASK_COLUMNS = [f.attname for f in Task._meta.concrete_fields if f.attname in TASK_FIELDS]


def _task(values: dict) -> Task:
    """The task of `TASK_FIELDS` values, as the ORM would read it: its other fields are
    deferred, read if a task source's words ever need them."""
    return Task.from_db(DEFAULT_DB_ALIAS, _TASK_COLUMNS, [values[n] for n in _TASK_COLUMNS])


def caseload_page(actor: Actor, filters: CaseloadFilters, number) -> Page:
    """One page of the list (50 `CaseloadRow`s), each with its next open task and its number
    of open tasks past due. The read of each file listed is recorded. `number` is the page
    asked for: out of range gives the nearest page.

    The page's ids first (from the index alone), then those 50 files with their person,
    affair and referent, then their open tasks: a page far down the list joins 50 rows, not
    all those before it.
    """
    page = Paginator(caseload(actor, filters).values_list("pk", flat=True), CASELOAD_PAGE)
    page = page.get_page(number)
    ids = list(page.object_list)
    if not ids:  # nothing to read, word, nor record
        page.object_list = []
        return page
    found = {
        row["id"]: row
        for row in CaseFile.objects.filter(pk__in=ids).values(
            "id",
            "number",
            "status",
            "opened_on",
            "organisation_id",
            "person_id",
            "person__last_name",
            "person__first_name",
            "affair__offence_category",
            "referent__staff_profile__display_name",
        )
    }
    # Their open tasks, most urgent first (a few each): the first of a file is its next
    # task; those past due, of the association, are counted as the "past due" filter does.
    day, next_task, overdue = today(), {}, Counter()
    for task in (
        Task.objects.filter(case_file_id__in=ids, status=TaskStatus.OPEN)
        .order_by("due_on", "id")
        .values(*TASK_FIELDS)
    ):
        file_id = task["case_file_id"]
        next_task.setdefault(file_id, task)
        if task["due_on"] < day and task["organisation_id"] == actor.organisation_id:
            overdue[file_id] += 1
    # What the template would work out for each of the 50 rows, worked out once a page:
    # words and dates in the reader's language, one `reverse` with the id put in for each.
    labels = {value: str(label) for value, label in OffenceCategory.choices}
    dates = _Dates()
    next_tasks = {
        file_id: f"{dates[task['due_on']]}: {_task(task).label}"
        for file_id, task in next_task.items()
    }
    url = reverse("cases:file", args=[0]).removesuffix("/0/") + "/{}/"
    rows = [
        CaseloadRow(
            pk=row["id"],
            number=row["number"],
            status=row["status"],
            opened_on=row["opened_on"],
            opened=dates[row["opened_on"]],
            organisation_id=row["organisation_id"],
            person_id=row["person_id"],
            person=f"{row['person__last_name'].upper()} {row['person__first_name']}".strip(),
            offence=labels.get(row["affair__offence_category"], ""),
            referent=row["referent__staff_profile__display_name"] or "",
            overdue_tasks=overdue[row["id"]],
            next_task=next_tasks.get(row["id"], ""),
            url=url.format(row["id"]),
        )
        for row in (found[pk] for pk in ids if pk in found)
    ]
    page.object_list = rows
    record_caseload_read(actor, rows)
    return page


def record_caseload_read(actor: Actor, files) -> None:
    """A list of files shows people's names: one read line per file listed, flagged when
    exceptional (as the intake queue's)."""
    if not files:
        return
    with transaction.atomic():
        audit.record_many(
            [
                audit.event(
                    actor,
                    A.VIEW,
                    T.FILE,
                    file.pk,
                    file_id=file.pk,
                    person_id=file.person_id,
                    organisation_id=file.organisation_id,
                    exceptional=policies.is_exceptional(actor, file.organisation_id),
                )
                for file in files
            ]
        )


# --- the day's page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    """What waits for a professional (or her team) today."""

    tasks: TaskLists
    waiting: list[CaseFile]  # each with `late` (an open task past due) and `interviewed`
    more_waiting: bool
    open_files: int
    new_intakes: int | None  # None: her role does not take intakes
    new_intakes_in_danger: int


def day_of(actor: Actor, *, team: bool = False) -> Day:
    """The home page's content in four queries: the counts, the overdue tasks, the tasks of
    the week, and the open files waiting (a task past due, or no interview yet), the oldest
    first. Files are named by their number only: the page shows no one's name."""
    require(actor, P.TASKS)
    day = today()
    week = day + dt.timedelta(days=7)
    tasks = open_tasks(actor, team=team)
    files = policies.files(actor).filter(
        organisation_id=actor.organisation_id, status=FileStatus.OPEN
    )
    if not team:
        files = files.filter(referent_id=actor.user_id)
    counts = {
        "overdue": _Count(tasks.filter(due_on__lt=day)),
        "this_week": _Count(tasks.filter(due_on__gte=day, due_on__lte=week)),
        "later": _Count(tasks.filter(due_on__gt=week)),
        "open_files": _Count(files),
    }
    takes_intakes = policies.allows(actor, P.INTAKE_QUEUE) and policies.allows(actor, P.FILE_CREATE)
    if takes_intakes:
        queue = policies.intakes(actor).filter(status=IntakeStatus.NEW)
        counts["new_intakes"] = _Count(queue)
        counts["in_danger"] = _Count(queue.filter(danger_now=True))
    figures = Organisation.objects.filter(pk=actor.organisation_id).values(**counts).first() or {}
    overdue, this_week = (
        first_tasks(tasks.filter(due_on__lt=day), with_assignee=team),
        first_tasks(tasks.filter(due_on__gte=day, due_on__lte=week), with_assignee=team),
    )
    # Each task in the reader's words and its due date, worked out once (the row shows the
    # words twice), the dates once a day.
    dates = _Dates()
    for task in (*overdue, *this_week):
        task.label_text, task.due_text = task.label, dates[task.due_on]
    # The files waiting longest first, walked in the order of the (association, referent,
    # status, opening) index: the walk stops at the 21st, whatever her number of files.
    waiting = list(
        files.annotate(
            # Per file, not hashed: the walk looks at a few dozen files.
            late=Exists(
                Task.objects.filter(
                    case_file=OuterRef("pk"), status=TaskStatus.OPEN, due_on__lt=day
                )
            ),
            offence=Subquery(
                Affair.objects.filter(pk=OuterRef("affair_id")).values("offence_category")[:1]
            ),
        )
        # No interview yet: no discipline's bit, read from the index (cases.0012).
        .filter(Q(late=True) | Q(disciplines=0))
        .only("id", "number", "opened_on", "disciplines")
        .order_by("opened_on", "id")[: WAITING_SHOWN + 1]
    )
    labels = dict(OffenceCategory.choices)
    for file in waiting:
        file.offence_label = labels.get(file.offence, file.offence)
        file.interviewed = file.disciplines != 0
    return Day(
        tasks=TaskLists(
            overdue=overdue,
            overdue_count=figures.get("overdue", 0),
            this_week=this_week,
            this_week_count=figures.get("this_week", 0),
            later_count=figures.get("later", 0),
        ),
        waiting=waiting[:WAITING_SHOWN],
        more_waiting=len(waiting) > WAITING_SHOWN,
        open_files=figures.get("open_files", 0),
        new_intakes=figures.get("new_intakes") if takes_intakes else None,
        new_intakes_in_danger=figures.get("in_danger", 0),
    )
