"""Tasks on a file: each comes from a source, and a source's sync touches only its own."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from appui.core import audit
from appui.core.access import Actor, roles_holding

from .. import task_sources
from ..models import CaseFile, FileStatus, Task, TaskKind, TaskSource, TaskStatus
from ..permissions import CasePermission as P
from ..policies import require
from ._common import A, T, today


def sync_tasks(file: CaseFile, source: str) -> None:
    """Bring the open tasks of one `source` in line with what it asks for now: new ones
    created (for the file's referent), changed dates updated, those no longer asked for
    cancelled. Tasks of other sources, and tasks done, are left alone."""
    wanted = {t.key: t for t in task_sources.provider(source)(file)}
    existing = {t.key: t for t in file.tasks.filter(source=source)}
    for key, task in wanted.items():
        current = existing.get(key)
        if task.status == TaskStatus.DONE:
            # Its source says it is done (the awaited event was recorded): close it as
            # done; never create a task only to close it.
            if current is not None and current.status == TaskStatus.OPEN:
                current.status, current.done_at = TaskStatus.DONE, timezone.now()
                current.save(update_fields=["status", "done_at"])
            continue
        if current is None:
            task.organisation_id, task.case_file = file.organisation_id, file
            task.source = source
            task.assignee_id = file.referent_id
            task.save()
        elif current.status == TaskStatus.OPEN and (
            current.due_on != task.due_on or current.title != task.title
        ):
            current.due_on, current.title, current.legal_basis = (
                task.due_on,
                task.title,
                task.legal_basis,
            )
            current.save(update_fields=["due_on", "title", "legal_basis"])
    stale = [
        current.pk
        for key, current in existing.items()
        if key not in wanted and current.status == TaskStatus.OPEN
    ]
    if stale:
        Task.objects.filter(pk__in=stale).update(status=TaskStatus.CANCELLED)


def _sync_tasks(file: CaseFile) -> None:
    """The law's deadlines after a change of the file's facts."""
    sync_tasks(file, TaskSource.RIGHTS)


# Roles that open and follow files: who may hold a file or be given one of its tasks.
FILE_ROLES = roles_holding(P.FILE_CREATE)


def colleagues(actor: Actor):
    """Active staff of the actor's association whose role opens files, by name: those a
    file may be handed to, or a task given to."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            staff_profile__organisation_id=actor.organisation_id,
            staff_profile__role__in=FILE_ROLES,
            staff_profile__active=True,
        )
        .select_related("staff_profile")
        .order_by("staff_profile__display_name", "pk")
    )


def is_colleague(user, organisation_id: int) -> bool:
    """Whether `user` may hold a file of `organisation_id`, or be given one of its tasks."""
    profile = getattr(user, "staff_profile", None)
    return (
        profile is not None
        and profile.organisation_id == organisation_id
        and profile.role in FILE_ROLES
        and profile.active
        and user.is_active
    )


class FileClosed(Exception):
    """Nothing is planned on a closed file (closing it cancelled its tasks)."""


def add_task(actor: Actor, file: CaseFile, data: dict[str, Any]) -> Task:
    """A task written down by hand: a title, a due date, a colleague who follows files (the
    actor when none is given). The due date's range is the form's (`ranges.PLANNED`)."""
    require(actor, P.TASKS, file)
    assignee = data.get("assignee")
    if assignee is not None and not is_colleague(assignee, file.organisation_id):
        raise PermissionDenied
    title = (data.get("title") or "").strip()[:200]
    if not title or data.get("due_on") is None:
        raise ValueError("A task needs a title and a due date.")
    with transaction.atomic():
        if CaseFile.objects.filter(pk=file.pk, status=FileStatus.CLOSED).exists():
            raise FileClosed
        task = Task.objects.create(
            organisation_id=file.organisation_id,
            case_file=file,
            kind=TaskKind.MANUAL,
            source=TaskSource.MANUAL,
            key=secrets.token_hex(8),
            title=title,
            due_on=data["due_on"],
            assignee_id=assignee.pk if assignee is not None else actor.user_id,
            created_by_id=actor.user_id,
        )
        audit.record(
            actor,
            A.CREATE,
            T.TASK,
            task.pk,
            file_id=file.pk,
            organisation_id=file.organisation_id,
        )
    return task


def complete_task(actor: Actor, task_id: int) -> Task:
    require(actor, P.TASKS)
    with transaction.atomic():
        task = (
            Task.objects.select_for_update()
            .filter(pk=task_id, organisation_id=actor.organisation_id)
            .first()
        )
        if task is None:
            raise PermissionDenied
        if task.status == TaskStatus.OPEN:
            task.status, task.done_at = TaskStatus.DONE, timezone.now()
            task.save(update_fields=["status", "done_at"])
            audit.record(
                actor,
                A.UPDATE,
                T.TASK,
                task.pk,
                file_id=task.case_file_id,
                organisation_id=task.organisation_id,
            )
    return task


TASKS_SHOWN = 50


@dataclass(frozen=True)
class TaskLists:
    overdue: list[Task]
    overdue_count: int
    this_week: list[Task]
    this_week_count: int
    later_count: int


def open_tasks(actor: Actor, *, team: bool = False):
    """The open tasks of the actor, or of her whole association (`team`)."""
    tasks = Task.objects.filter(organisation_id=actor.organisation_id, status=TaskStatus.OPEN)
    return tasks if team else tasks.filter(assignee_id=actor.user_id)


def first_tasks(queryset, *, with_assignee: bool = False) -> list[Task]:
    """The `TASKS_SHOWN` most urgent tasks of `queryset`, with their file's number (and the
    name of whom each is assigned to, for a team's list)."""
    fields = [
        "id",
        "source",  # a task of another app is worded by its source (`task_sources.label`)
        "key",
        "title",
        "due_on",
        "kind",
        "legal_basis",
        "assignee_id",
        "case_file__id",
        "case_file__number",
    ]
    related = ["case_file"]
    if with_assignee:
        related.append("assignee__staff_profile")
        fields += ["assignee__id", "assignee__staff_profile__id"]
        fields.append("assignee__staff_profile__display_name")
    tasks = list(
        queryset.select_related(*related).only(*fields).order_by("due_on", "id")[:TASKS_SHOWN]
    )
    # Two links a row: one `reverse` each for the list, the ids put in (a hundred rows).
    file_url = reverse("cases:file", args=[0]).removesuffix("/0/") + "/{}/"
    done_url = reverse("cases:task_done", args=[0]).removesuffix("/0/done/") + "/{}/done/"
    for task in tasks:
        task.file_url = file_url.format(task.case_file_id)
        task.done_url = done_url.format(task.pk)
    return tasks


def task_lists(actor: Actor, *, team: bool = False) -> TaskLists:
    """Open tasks past due and due within seven days (the first 50 of each, and how many in
    all): the user's own, or the team's. Three queries: the counts, then each list."""
    require(actor, P.TASKS)
    day = today()
    week = day + dt.timedelta(days=7)
    tasks = open_tasks(actor, team=team)
    counts = tasks.aggregate(
        overdue=Count("id", filter=Q(due_on__lt=day)),
        this_week=Count("id", filter=Q(due_on__gte=day, due_on__lte=week)),
        later=Count("id", filter=Q(due_on__gt=week)),
    )
    return TaskLists(
        overdue=first_tasks(tasks.filter(due_on__lt=day), with_assignee=team),
        overdue_count=counts["overdue"],
        this_week=first_tasks(tasks.filter(due_on__gte=day, due_on__lte=week), with_assignee=team),
        this_week_count=counts["this_week"],
        later_count=counts["later"],
    )
