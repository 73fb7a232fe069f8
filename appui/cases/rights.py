"""A file's facts fed to the rights engine, and its legal deadlines turned into tasks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from appui.advice import wording as W
from appui.rights import InvalidFacts, assess

from .models import (
    PARTNER_RELATIONSHIPS,
    AssessmentStatus,
    CaseFile,
    MeasureKind,
    Task,
    TaskKind,
    VictimRole,
)


class _Wording(Mapping):
    """A table of `appui.advice.wording`, read in the active language at each access."""

    def __init__(self, table: dict):
        self.table = table

    def __getitem__(self, key: str) -> str:
        return W.say(self.table[key], get_language() or "fr")

    def __iter__(self):
        return iter(self.table)

    def __len__(self) -> int:
        return len(self.table)


REMEDY_TITLES = _Wording(W.TITLES)
DEADLINE_LABELS = _Wording(W.DEADLINE_LABELS)
# Routes a team acts on: their deadlines become tasks when the route is open or may be.
ACTIONABLE = {"eligible", "unknown"}
# Deadlines that are a date to act by (not the date a window opens, nor an indication).
TASK_DEADLINES = {
    "civi_request",
    "civi_complement",
    "sarvi_closes",
    "civil_party_by",
    "tgd_renewal",
}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _part(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in values.items() if v is not None and v != ""}


def facts_for(file: CaseFile) -> dict[str, Any]:
    """The engine's facts (docs/rights.md) from what the file knows; unknowns are left out."""
    affair, person = file.affair, file.person
    from .services import departement_of

    relationship = affair.author_relationship
    tgd = [m.start_on for m in file.protections.all() if m.kind == MeasureKind.TGD]
    return {
        "offence": _part(
            {
                "category": affair.offence_category,
                "other_categories": [
                    c for c in affair.other_offence_categories or () if c != affair.offence_category
                ]
                or None,
                "class": affair.offence_class,
                "date": affair.offence_date,
                "in_france": affair.in_france,
                "department": departement_of(affair.commune_code) or None,
                "author_known": affair.author_known,
                "author_is_partner": (relationship in PARTNER_RELATIONSHIPS)
                if relationship and relationship != "unknown"
                else None,
                "author_insured": affair.author_insured,
            }
        ),
        "victim": _part(
            {
                "natural_person": True,
                "french_national": file.french_national,
                "birth_date": person.birth_date,
                "indirect": file.role == VictimRole.RELATIVE,
            }
        ),
        "harm": _part(
            {
                "death": file.death,
                "permanent_incapacity": file.permanent_incapacity,
                "itt_days": file.itt_days,
            }
        ),
        "situation": _part(
            {
                "annual_income": file.annual_income,
                "household_extra_persons": file.household_extra_persons,
                "serious_situation": file.serious_situation,
                "other_compensation": file.other_compensation,
                "claim_amount": file.claim_amount,
            }
        ),
        "vehicle": _part(
            {
                "registered": file.vehicle_registered,
                "inspection_ok": file.vehicle_inspection_ok,
                "insured": file.vehicle_insured,
            }
        ),
        "procedure": _part(
            {
                "complaint_filed": affair.complaint_filed,
                "complaint_date": affair.complaint_date,
                "hearing_date": affair.next_hearing_date,
                "decision_final_date": affair.decision_final_date,
                "damages_awarded": affair.damages_awarded,
            }
        ),
        "danger": _part(
            {
                "grave_danger": file.grave_danger,
                "cohabiting_with_author": file.cohabiting_with_author,
                "no_contact_ban": file.no_contact_ban,
                "imminent_danger": file.imminent_danger,
                "consent": file.protection_consent,
                "tgd_granted_on": max(tgd) if tgd else None,
            }
        ),
    }


def assessment_for(file: CaseFile, lang: str = "fr"):
    """The engine's answer for this file, or the field errors that stop it (never raises)."""
    try:
        return assess(facts_for(file), lang), []
    except InvalidFacts as error:
        return None, error.errors


def tasks_for(file: CaseFile) -> list[Task]:
    """The dated tasks a file calls for now (unsaved): legal deadlines of open routes, the
    prosecutor's mandate, individual assessments due, grave-danger phone renewals."""
    tasks: list[Task] = []
    with override("fr"):
        result, _errors = assessment_for(file, "fr")
        if result is not None:
            for remedy in result.remedies:
                if remedy.status.value not in ACTIONABLE:
                    continue
                for deadline in remedy.deadlines:
                    if deadline.id not in TASK_DEADLINES or deadline.state.value == "passed":
                        continue
                    if deadline.id == "tgd_renewal":
                        continue  # comes from the measure itself, below
                    title = f"{DEADLINE_LABELS[deadline.id]} — {REMEDY_TITLES[remedy.id]}"
                    tasks.append(
                        Task(
                            kind=TaskKind.RIGHTS_DEADLINE,
                            key=f"{remedy.id}:{deadline.id}",
                            title=str(title)[:200],
                            due_on=deadline.date,
                            legal_basis=", ".join(deadline.legal_basis)[:200],
                        )
                    )
        if file.mandate_due:
            tasks.append(
                Task(
                    kind=TaskKind.MANDATE_DUE,
                    key="mandate",
                    title=str(KIND_TITLES[TaskKind.MANDATE_DUE]),
                    due_on=file.mandate_due,
                    legal_basis="CPP art. 41",
                )
            )
        for assessment in file.assessments.all():
            if assessment.due_on and assessment.status == AssessmentStatus.REQUESTED:
                tasks.append(
                    Task(
                        kind=TaskKind.ASSESSMENT_DUE,
                        key=f"evvi:{assessment.pk}",
                        title=str(KIND_TITLES[TaskKind.ASSESSMENT_DUE]),
                        due_on=assessment.due_on,
                        legal_basis="CPP art. 10-5",
                    )
                )
        for measure in file.protections.all():
            if measure.kind == MeasureKind.TGD and measure.renewal_due:
                tasks.append(
                    Task(
                        kind=TaskKind.TGD_RENEWAL,
                        key=f"tgd:{measure.pk}",
                        title=str(KIND_TITLES[TaskKind.TGD_RENEWAL]),
                        due_on=measure.renewal_due,
                        legal_basis="CPP art. 41-3-1",
                    )
                )
    return tasks


KIND_TITLES = {
    TaskKind.MANDATE_DUE: _("Report to the prosecutor on the mandate"),
    TaskKind.ASSESSMENT_DUE: _("Send the individual assessment (EVVI) to the prosecutor"),
    TaskKind.TGD_RENEWAL: _("Prepare the renewal of the grave-danger phone"),
}


def task_label(task: Task) -> str:
    from . import task_sources

    worded = task_sources.label(task)
    if worded is not None:
        return worded
    if task.kind == TaskKind.RIGHTS_DEADLINE and ":" in task.key:
        remedy, deadline = task.key.split(":", 1)
        if remedy in REMEDY_TITLES and deadline in DEADLINE_LABELS:
            # "Apply to the CIVI by 02/11/2029 — Full compensation by the CIVI"
            day = date_format(task.due_on, "SHORT_DATE_FORMAT")
            return f"{DEADLINE_LABELS[deadline]} {day} — {REMEDY_TITLES[remedy]}"
    return str(KIND_TITLES.get(task.kind, task.title))


# The engine's fact paths, as the fields of the file where they are entered.
FACT_FIELDS = {
    "offence.class": ("affair", "offence_class"),
    "offence.date": ("affair", "offence_date"),
    "offence.in_france": ("affair", "in_france"),
    "offence.author_known": ("affair", "author_known"),
    "offence.author_is_partner": ("affair", "author_relationship"),
    "offence.author_insured": ("affair", "author_insured"),
    "victim.french_national": ("file", "french_national"),
    "victim.birth_date": ("person", "birth_date"),
    "harm.itt_days": ("file", "itt_days"),
    "harm.permanent_incapacity": ("file", "permanent_incapacity"),
    "harm.death": ("file", "death"),
    "situation.annual_income": ("file", "annual_income"),
    "situation.household_extra_persons": ("file", "household_extra_persons"),
    "situation.serious_situation": ("file", "serious_situation"),
    "situation.other_compensation": ("file", "other_compensation"),
    "situation.claim_amount": ("file", "claim_amount"),
    "vehicle.registered": ("file", "vehicle_registered"),
    "vehicle.inspection_ok": ("file", "vehicle_inspection_ok"),
    "vehicle.insured": ("file", "vehicle_insured"),
    "procedure.complaint_filed": ("affair", "complaint_filed"),
    "procedure.complaint_date": ("affair", "complaint_date"),
    "procedure.hearing_date": ("affair", "next_hearing_date"),
    "procedure.decision_final_date": ("affair", "decision_final_date"),
    "procedure.damages_awarded": ("affair", "damages_awarded"),
    "danger.grave_danger": ("file", "grave_danger"),
    "danger.cohabiting_with_author": ("file", "cohabiting_with_author"),
    "danger.no_contact_ban": ("file", "no_contact_ban"),
    "danger.imminent_danger": ("file", "imminent_danger"),
    "danger.consent": ("file", "protection_consent"),
}


def missing_label(path: str) -> str:
    """A missing fact as the name of the field that answers it."""
    from .models import Affair, Person

    model = {"affair": Affair, "file": CaseFile, "person": Person}
    where = FACT_FIELDS.get(path)
    if where is None:  # a fact the file has no field for yet: the question to ask
        return W.missing_question(path, get_language() or "fr")
    return str(model[where[0]]._meta.get_field(where[1]).verbose_name)
