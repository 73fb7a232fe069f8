"""Case files and their affairs: opening, reading, facts, closing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from appui.core import audit
from appui.core.access import Actor
from appui.core.models import (
    AuditTarget,
    Organisation,
)

from .. import policies
from ..models import (
    AFFAIR_FIELDS,
    FILE_FACT_FIELDS,
    Affair,
    CaseFile,
    FileStatus,
    Intake,
    Measure,
    Person,
    TaskStatus,
)
from ..permissions import CasePermission as P
from ..policies import require
from ._common import A, T, _count, _set, today
from .intake import mark_done
from .tasks import _sync_tasks


def _next_number(organisation: Organisation, day: dt.date) -> str:
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    prefix = f"{organisation.file_prefix}-{day.year}-"
    last = (
        CaseFile.objects.filter(organisation=organisation, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:06d}"


class DuplicateFile(Exception):
    """This person already has a file in this affair (one file per person per affair)."""

    def __init__(self, existing: CaseFile):
        super().__init__(existing.number)
        self.existing = existing


def open_file(
    actor: Actor,
    *,
    person: Person,
    role: str,
    channel: str,
    affair: Affair | None = None,
    affair_data: dict[str, Any] | None = None,
    intake: Intake | None = None,
    mandate_reference: str = "",
    mandate_due: dt.date | None = None,
) -> CaseFile:
    """Open the file of `person` in an affair (a new one from `affair_data`, or a known one)."""
    require(actor, P.FILE_CREATE, person)
    with transaction.atomic():
        organisation = Organisation.objects.get(pk=actor.organisation_id)
        if affair is None:
            affair = Affair(organisation=organisation)
            _set(affair, AFFAIR_FIELDS, affair_data or {})
            affair.save()
            audit.record(actor, A.CREATE, T.AFFAIR, affair.pk, organisation_id=organisation.pk)
        else:
            require(actor, P.FILE_CREATE, affair)
            existing = CaseFile.objects.filter(person=person, affair=affair).first()
            if existing is not None:
                raise DuplicateFile(existing)
        if intake is not None:
            require(actor, P.FILE_CREATE, intake)
            mandate_reference = mandate_reference or intake.mandate_reference
            mandate_due = mandate_due or intake.mandate_due
        day = today()
        file = CaseFile.objects.create(
            organisation=organisation,
            number=_next_number(organisation, day),
            person=person,
            affair=affair,
            role=role,
            channel=channel,
            opened_on=day,
            referent_id=actor.user_id,
            mandate_reference=mandate_reference,
            mandate_due=mandate_due,
        )
        if intake is not None:
            mark_done(actor, intake, file, organisation_id=organisation.pk)
        audit.record(
            actor,
            A.CREATE,
            T.FILE,
            file.pk,
            file_id=file.pk,
            person_id=person.pk,
            organisation_id=organisation.pk,
        )
        _count(organisation, day, Measure.NEW_FILES)
        _count(organisation, day, Measure.CHANNEL, channel)
        _count(organisation, day, Measure.OFFENCE, affair.offence_category)
        _sync_tasks(file)
    return file


def read_file(actor: Actor, pk: int) -> CaseFile:
    """The file, for its page: the read is recorded (flagged when exceptional)."""
    with transaction.atomic():
        file = policies.get_file(actor, pk)
        audit.record(
            actor,
            A.VIEW,
            T.FILE,
            file.pk,
            file_id=file.pk,
            person_id=file.person_id,
            organisation_id=file.organisation_id,
            exceptional=policies.is_exceptional(actor, file.organisation_id),
        )
    return file


def record_form_read(actor: Actor, file: CaseFile, *, affair: bool = False) -> None:
    """A form that shows what a file holds (the affair's, or the file's own facts): the read
    is recorded, flagged when exceptional."""
    with transaction.atomic():
        audit.record(
            actor,
            A.VIEW,
            T.AFFAIR if affair else T.FILE,
            file.affair_id if affair else file.pk,
            file_id=file.pk,
            person_id=file.person_id,
            organisation_id=file.organisation_id,
            exceptional=policies.is_exceptional(actor, file.organisation_id),
        )


def update_affair(actor: Actor, file: CaseFile, data: dict[str, Any]) -> Affair:
    require(actor, P.FILE_EDIT, file)
    with transaction.atomic():
        affair = Affair.objects.select_for_update().get(pk=file.affair_id)
        _set(affair, AFFAIR_FIELDS, data)
        affair.save()
        audit.record(
            actor,
            A.UPDATE,
            T.AFFAIR,
            affair.pk,
            file_id=file.pk,
            organisation_id=file.organisation_id,
        )
        for other in affair.files.all():
            _sync_tasks(other)
    return affair


def update_facts(actor: Actor, file: CaseFile, data: dict[str, Any]) -> CaseFile:
    require(actor, P.FILE_EDIT, file)
    with transaction.atomic():
        _set(file, FILE_FACT_FIELDS, data)
        file.save()
        audit.record(
            actor, A.UPDATE, T.FILE, file.pk, file_id=file.pk, organisation_id=file.organisation_id
        )
        _sync_tasks(file)
    return file


def close_file(actor: Actor, file: CaseFile) -> CaseFile:
    require(actor, P.FILE_EDIT, file)
    with transaction.atomic():
        file.status, file.closed_on = FileStatus.CLOSED, today()
        file.save(update_fields=["status", "closed_on", "updated_at"])
        file.tasks.filter(status=TaskStatus.OPEN).update(status=TaskStatus.CANCELLED)
        audit.record(
            actor, A.UPDATE, T.FILE, file.pk, file_id=file.pk, organisation_id=file.organisation_id
        )
    return file


def hand_off(actor: Actor, file: CaseFile, new_referent) -> CaseFile:
    """Give the file to a colleague of its association who follows files; the open tasks
    the former referent held on it (or nobody held) go with it.

    The audit log has no field for two accounts, so the change leaves, in this order, one
    line naming the former referent (the account, `target_id` None when there was none),
    one naming the new one, the file's own line, and one line per task moved: the chain
    keeps that order.
    """
    from django.core.exceptions import PermissionDenied

    from ..models import Task
    from .tasks import is_colleague

    require(actor, P.FILE_EDIT, file)
    if not is_colleague(new_referent, file.organisation_id):
        raise PermissionDenied
    with transaction.atomic():
        locked = CaseFile.objects.select_for_update().get(pk=file.pk)
        former = locked.referent_id
        if former == new_referent.pk:
            return locked
        locked.referent_id = new_referent.pk
        locked.save(update_fields=["referent", "updated_at"])
        moved = list(
            locked.tasks.filter(status=TaskStatus.OPEN, assignee_id=former).values_list(
                "pk", flat=True
            )
        )
        Task.objects.filter(pk__in=moved).update(assignee_id=new_referent.pk)
        ids = {"file_id": locked.pk, "organisation_id": locked.organisation_id}
        audit.record_many(
            [
                audit.event(actor, A.UPDATE, AuditTarget.ACCOUNT, former, **ids),
                audit.event(actor, A.UPDATE, AuditTarget.ACCOUNT, new_referent.pk, **ids),
                audit.event(actor, A.UPDATE, T.FILE, locked.pk, person_id=locked.person_id, **ids),
                *(audit.event(actor, A.UPDATE, T.TASK, pk, **ids) for pk in moved),
            ]
        )
    file.referent_id = locked.referent_id
    file.referent = new_referent
    return file
