"""Tasks on a file: each comes from a source, and a source's sync touches only its own."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from appui.core import audit
from appui.core.access import Actor, Permission

from .. import task_sources
from ..models import CaseFile, Task, TaskKind, TaskSource, TaskStatus
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


def add_task(actor: Actor, file: CaseFile, data: dict[str, Any]) -> Task:
    """A task written down by hand: a title, a due date, someone of the association."""
    require(actor, Permission.TASKS, file)
    assignee = data.get("assignee")
    if assignee is not None and not _is_colleague(assignee, file.organisation_id):
        raise PermissionDenied
    with transaction.atomic():
        task = Task.objects.create(
            organisation_id=file.organisation_id,
            case_file=file,
            kind=TaskKind.MANUAL,
            source=TaskSource.MANUAL,
            key=secrets.token_hex(8),
            title=data["title"].strip()[:200],
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


def _is_colleague(user, organisation_id: int) -> bool:
    profile = getattr(user, "staff_profile", None)
    return profile is not None and profile.organisation_id == organisation_id and user.is_active


def complete_task(actor: Actor, task_id: int) -> Task:
    require(actor, Permission.TASKS)
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


def task_lists(actor: Actor, *, team: bool = False) -> TaskLists:
    """Open tasks past due and due within seven days (the first 50 of each, and how many in
    all): the user's own, or the team's."""
    require(actor, Permission.TASKS)
    day = today()
    week = day + dt.timedelta(days=7)
    tasks = Task.objects.filter(organisation_id=actor.organisation_id, status=TaskStatus.OPEN)
    if not team:
        tasks = tasks.filter(assignee_id=actor.user_id)

    def first(queryset) -> list[Task]:
        return list(
            queryset.select_related("case_file")
            .only(
                "id",
                "key",
                "title",
                "due_on",
                "kind",
                "legal_basis",
                "assignee_id",
                "case_file__id",
                "case_file__number",
            )
            .order_by("due_on", "id")[:TASKS_SHOWN]
        )

    overdue, this_week = (
        tasks.filter(due_on__lt=day),
        tasks.filter(due_on__gte=day, due_on__lte=week),
    )
    overdue_list, week_list = first(overdue), first(this_week)
    return TaskLists(
        overdue=overdue_list,
        overdue_count=len(overdue_list) if len(overdue_list) < TASKS_SHOWN else overdue.count(),
        this_week=week_list,
        this_week_count=len(week_list) if len(week_list) < TASKS_SHOWN else this_week.count(),
        later_count=tasks.filter(due_on__gt=week).count(),
    )
