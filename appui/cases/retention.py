"""How long each kind of data is kept, and the job that applies it (`appui retention`).

Closed files are first reduced to anonymous figures (`ArchivedFile`), then erased
everywhere like an erasure request. The audit log is kept: it holds ids only, and is the
proof of who accessed what.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from appui.core import audit
from appui.core.access import SystemActor
from appui.core.models import AuditAction, SystemKind

from .audit_targets import CaseTarget
from .gdpr import erase
from .models import ArchivedFile, CaseFile, FileStatus, Intake, IntakeStatus, Person

# The association's retention policy, by data category (in days).
POLICY = {
    # A closed file: five years after closing, for a victim's later questions or appeal.
    "closed_files": 5 * 365,
    # An intake closed without a file: one year after it was handled.
    "closed_intakes": 365,
    # A request never handled (a callback nobody took): one year after it arrived.
    "stale_intakes": 365,
}


@dataclass
class Report:
    dry_run: bool
    files: int = 0
    people: int = 0
    intakes: int = 0
    by_organisation: Counter = field(default_factory=Counter)


def _month(day: dt.date | None) -> dt.date | None:
    return day.replace(day=1) if day else None


def _archive(file: CaseFile) -> ArchivedFile:
    disciplines = Counter(file.interviews.values_list("discipline", flat=True))
    return ArchivedFile(
        organisation_id=file.organisation_id,
        departement=file.organisation.departement,
        opened_month=_month(file.opened_on),
        closed_month=_month(file.closed_on),
        channel=file.channel,
        offence_category=file.affair.offence_category,
        role=file.role,
        interviews=dict(disciplines),
        referrals=file.referrals.count(),
        protection=file.protections.exists(),
        archived_at=timezone.now(),
    )


WORKER = SystemActor(SystemKind.WORKER)


def apply(
    *, dry_run: bool = True, today: dt.date | None = None, by: SystemActor = WORKER
) -> Report:
    """Apply the policy; with `dry_run`, count what would go and change nothing. `by`:
    who the audit lines name (the worker's daily task, or a command on the server)."""
    today = today or timezone.localdate()
    report = Report(dry_run=dry_run)
    closed_before = today - dt.timedelta(days=POLICY["closed_files"])
    expired = CaseFile.objects.filter(status=FileStatus.CLOSED, closed_on__lt=closed_before)
    # A person goes only when every one of their files has expired.
    people = (
        Person.objects.filter(files__in=expired)
        .distinct()
        .exclude(files__in=CaseFile.objects.exclude(pk__in=expired.values("pk")))
    )
    intake_cutoff = timezone.now() - dt.timedelta(days=POLICY["closed_intakes"])
    stale_cutoff = timezone.now() - dt.timedelta(days=POLICY["stale_intakes"])
    intakes = Intake.objects.filter(
        case_file__isnull=True, status=IntakeStatus.CLOSED, handled_at__lt=intake_cutoff
    ) | Intake.objects.filter(
        case_file__isnull=True, status=IntakeStatus.NEW, received_at__lt=stale_cutoff
    )
    for person in people.iterator(chunk_size=200):
        with transaction.atomic():
            files = list(
                CaseFile.objects.filter(person=person).select_related("affair", "organisation")
            )
            report.files += len(files)
            report.people += 1
            for file in files:
                report.by_organisation[file.organisation_id] += 1
            if not dry_run:
                ArchivedFile.objects.bulk_create([_archive(f) for f in files])
                erase(person)
                audit.record(
                    by,
                    AuditAction.RETENTION,
                    CaseTarget.PERSON,
                    person.pk,
                    person_id=person.pk,
                    organisation_id=person.organisation_id,
                )
    report.intakes = intakes.count()
    if not dry_run and report.intakes:
        with transaction.atomic():
            ids = list(intakes.values_list("pk", flat=True))
            Intake.objects.filter(pk__in=ids).delete()
            audit.record(by, AuditAction.RETENTION, CaseTarget.INTAKE)
    return report
