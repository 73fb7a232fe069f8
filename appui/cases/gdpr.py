"""A person's rights over their data (GDPR arts. 15, 17, 20): everything held about them,
in JSON and PDF, and erasure everywhere.

Psychological notes go into an export only when a psychologist of the person's own
association runs it; otherwise the export says that they exist. Erasure removes the
person, their files and everything in them, their intakes and their documents on disk;
the audit log keeps its lines (ids and actions, no personal data) as proof of who
accessed what, and the anonymous monthly counters stay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from appui.core import audit
from appui.core.access import Actor
from appui.core.models import AuditAction, AuditEvent

from . import policies
from .audit_targets import CaseTarget
from .models import AFFAIR_FIELDS, FILE_FACT_FIELDS, Affair, CaseFile, Intake, Person
from .permissions import CasePermission as P

A, T = AuditAction, CaseTarget


def _value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _fields(instance, names) -> dict[str, Any]:
    return {name: _value(getattr(instance, name)) for name in names}


PERSON = (
    "id",
    "last_name",
    "first_name",
    "birth_date",
    "phone",
    "email",
    "commune_code",
    "created_at",
    "updated_at",
)
AFFAIR = AFFAIR_FIELDS
FILE = (
    "number",
    "role",
    "status",
    "channel",
    "opened_on",
    "closed_on",
    "mandate_reference",
    "mandate_due",
    *FILE_FACT_FIELDS,
)
INTAKE = (
    "channel",
    "status",
    "received_at",
    "contact_name",
    "contact_phone",
    "contact_email",
    "preferred_time",
    "commune_code",
    "summary",
    "mandate_reference",
    "mandate_due",
)


# What other apps hold on a file, for the export: name → function of the file giving plain
# data (registered in their AppConfig.ready; the case files import no app).
_SECTIONS: dict[str, Callable[[CaseFile], Any]] = {}


def register_section(name: str, section: Callable[[CaseFile], Any]) -> None:
    _SECTIONS[name] = section


def export_person(actor: Actor, pk: int) -> dict[str, Any]:
    """Everything held about a person, as plain data (audited as an export)."""
    policies.require(actor, P.PERSON_EXPORT)
    with transaction.atomic():
        person = policies.get_person(actor, pk)
        # An exceptional access reads; it never exports.
        policies.require(actor, P.PERSON_EXPORT, person)
        psychologist = actor.can(P.PSYCHOLOGICAL_NOTES)
        files = []
        for file in CaseFile.objects.filter(person=person).select_related("affair").order_by("pk"):
            interviews = []
            for i in file.interviews.select_related("author__staff_profile").order_by("held_at"):
                entry = {
                    "discipline": i.discipline,
                    "held_at": _value(i.held_at),
                    "duration_minutes": i.duration_minutes,
                    "mode": i.mode,
                    "author": getattr(getattr(i.author, "staff_profile", None), "display_name", ""),
                }
                if i.is_psychological and not psychologist:
                    entry["note"] = None
                    entry["note_withheld"] = "psychologist's professional secrecy"
                else:
                    entry["note"] = i.note
                interviews.append(entry)
            files.append(
                {
                    **_fields(file, FILE),
                    "affair": _fields(file.affair, AFFAIR),
                    "interviews": interviews,
                    "referrals": [
                        {
                            "partner": r.partner_name,
                            "reason": r.reason,
                            "status": r.status,
                            "proposed_on": _value(r.proposed_on),
                        }
                        for r in file.referrals.all()
                    ],
                    "individual_assessments": [
                        {
                            "requested_on": _value(a.requested_on),
                            "requested_by": a.requested_by,
                            "due_on": _value(a.due_on),
                            "questionnaire": a.answers,
                            "opinion": a.opinion,
                            "sent_on": _value(a.sent_on),
                            "status": a.status,
                        }
                        for a in file.assessments.all()
                    ],
                    "protection_measures": [
                        {
                            "kind": m.kind,
                            "start_on": _value(m.start_on),
                            "end_on": _value(m.end_on),
                            "renewal_due": _value(m.renewal_due),
                            "notes": m.notes,
                        }
                        for m in file.protections.all()
                    ],
                    "tasks": [
                        {"title": str(t.label), "due_on": _value(t.due_on), "status": t.status}
                        for t in file.tasks.all()
                    ],
                    "documents": [
                        {
                            "title": d.title,
                            "file_name": d.original_name,
                            "type": d.content_type,
                            "size": d.size,
                            "sha256": d.sha256,
                            "uploaded_at": _value(d.uploaded_at),
                        }
                        for d in file.documents.all()
                    ],
                    "intakes": [_fields(i, INTAKE) for i in file.intakes.all()],
                    **{name: section(file) for name, section in _SECTIONS.items()},
                }
            )
        accesses = [
            {"at": _value(e.at), "user_id": e.actor_id, "action": e.action, "record": e.target}
            for e in AuditEvent.objects.filter(person_id=person.pk).order_by("at")[:5000]
        ]
        audit.record(
            actor,
            A.EXPORT,
            T.PERSON,
            person.pk,
            person_id=person.pk,
            organisation_id=person.organisation_id,
        )
    return {
        "exported_at": timezone.now().isoformat(),
        "organisation": person.organisation_id,
        "person": _fields(person, PERSON),
        "files": files,
        "accesses": accesses,
    }


def erase_person(actor: Actor, pk: int) -> dict[str, int]:
    """Erase a person everywhere; returns what was removed, by kind."""
    policies.require(actor, P.PERSON_ERASE)
    with transaction.atomic():
        person = policies.get_person(actor, pk)
        policies.require(actor, P.PERSON_ERASE, person)
        counts = erase(person, actor)
        audit.record(
            actor, A.ERASE, T.PERSON, pk, person_id=pk, organisation_id=person.organisation_id
        )
    return counts


def erase(person: Person, actor: Actor | None = None) -> dict[str, int]:
    """The erasure itself (inside the caller's transaction): files on disk go once it commits.
    `actor`: who erases (None: the worker applying the retention policy)."""
    files = list(CaseFile.objects.filter(person=person))
    affair_ids = {f.affair_id for f in files}
    stored = [d.storage_name for f in files for d in f.documents.all()]
    counts = {
        "files": len(files),
        "documents": len(stored),
        "intakes": Intake.objects.filter(case_file__in=files).delete()[0],
    }
    # Her appointments keep a copy of her name and contact: erased with her (the rows
    # stay anonymous in the agendas, her links stop working).
    from appui.booking import services as booking
    from appui.booking.models import Booking

    appointments = Booking.objects.filter(source="cases", source_id__in=[f.pk for f in files])
    counts["appointments"] = booking.erase_personal_data(
        list(appointments.values_list("pk", flat=True)), actor=actor or booking.WORKER
    )
    for file in files:
        counts["interviews"] = counts.get("interviews", 0) + file.interviews.count()
        file.delete()  # interviews, referrals, assessments, measures, tasks, documents cascade
    orphans = Affair.objects.filter(pk__in=affair_ids, files__isnull=True)
    counts["affairs"] = orphans.delete()[0]
    person.delete()
    counts["people"] = 1

    def remove_documents():
        for name in stored:
            (settings.APPUI_DOCUMENTS_DIR / name).unlink(missing_ok=True)

    transaction.on_commit(remove_documents)
    return counts
