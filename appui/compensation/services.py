"""Every write of the compensation files: one transaction each, with its audit lines, its
anonymous counters, and the stage, next date and tasks brought up to date.

The procedure's dates come from the rights engine's timeline (`appui.rights.timeline`):
an event is accepted only when the timeline accepts it, so a compensation file never holds
an impossible story (an offer before the fund received the request, a payment before any
decision), and its tasks follow the timeline's dates (`tasks.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as NumberInvalid

from appui.cases import services as case_services
from appui.cases.rights import assessment_for
from appui.cases.services import departement_of
from appui.claims.checklists import checklist as route_checklist
from appui.core import audit
from appui.core.access import Actor
from appui.core.models import AuditAction as A
from appui.rights import timeline as engine_timeline
from appui.rights.messages import date as long_date

from . import counters
from .audit_targets import CompensationTarget as T
from .models import (
    EVENTS,
    SENDING,
    WITH_AMOUNT,
    ChecklistEntry,
    CompensationFile,
    CountMeasure,
    DamageHead,
    Event,
    EventType,
    ItemStatus,
    Route,
    SumReceived,
)
from .permissions import CompensationPermission as P
from .policies import require

ACTIONABLE = {"eligible", "unknown"}
# Stages after which nothing more is awaited.
FINAL_STAGES = {"closed", "refused", "heard", "answered"}


class Invalid(Exception):
    """Field errors (field → message, "" for the whole form): nothing was saved."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def today() -> dt.date:
    return timezone.localdate()


def _audit(actor: Actor, action, target, comp: CompensationFile, target_id=None) -> None:
    audit.record(
        actor,
        action,
        target,
        target_id if target_id is not None else comp.pk,
        file_id=comp.case_file_id,
        organisation_id=comp.organisation_id,
    )


# ---------------------------------------------------------------------------- routes


def routes_open(file) -> list[Route]:
    """The routes the rights engine finds open, or open if facts are confirmed, on the
    case file: those a compensation file may be opened for."""
    result, _errors = assessment_for(file, "fr")
    if result is None:
        return []
    return [
        Route(remedy.id)
        for remedy in result.remedies
        if remedy.id in Route.values and remedy.status.value in ACTIONABLE
    ]


def remedy_of(comp: CompensationFile, lang: str = "fr"):
    """The engine's answer for this route on the case file (its cap, the SARVI amount)."""
    result, _errors = assessment_for(comp.case_file, lang)
    if result is None:
        return None
    return next((r for r in result.remedies if r.id == comp.route), None)


# -------------------------------------------------------------------------- timeline


def timeline_input(
    comp: CompensationFile, events: list[Event], as_of: dt.date | None = None
) -> dict | None:
    """The timeline's input (procedures-contract.md) from the recorded events; None for a
    route the contract does not cover."""
    procedure = comp.procedure
    if procedure is None:
        return None
    payload = {
        "procedure": procedure,
        "as_of": (as_of or today()).isoformat(),
        "events": [event_input(e) for e in events],
    }
    department = departement_of(comp.case_file.affair.commune_code)
    if department:
        payload["department"] = department
    return payload


def event_input(event: Event) -> dict:
    item: dict = {"type": event.type, "date": event.date.isoformat()}
    if event.type in WITH_AMOUNT and event.amount is not None:
        item["amount"] = float(event.amount)
    if event.type == EventType.HEARING_SET and event.hearing is not None:
        item["hearing"] = event.hearing.isoformat()
    if event.type == EventType.COMPLAINT_SENT:
        if event.offence_class:
            item["class"] = event.offence_class
        item["press"] = bool(event.press)
    return item


def compute(comp: CompensationFile, events=None, as_of=None, lang: str = "fr"):
    """The timeline as a dict, and the engine's field errors ([] when accepted)."""
    events = list(comp.events.all()) if events is None else events
    payload = timeline_input(comp, events, as_of)
    if payload is None:
        return None, []
    try:
        return engine_timeline(payload, lang).to_dict(), []
    except Exception as error:  # the engine's field errors; anything else is a defect
        errors = getattr(error, "errors", None)
        if errors is None:
            raise
        return None, errors


def refresh(comp: CompensationFile) -> None:
    """Copy the timeline's stage and next date onto the file, and bring its tasks in line."""
    events = list(comp.events.all())
    answer, _errors = compute(comp, events)
    hearings = [e.hearing for e in events if e.type == EventType.HEARING_SET and e.hearing]
    comp.hearing_date = hearings[-1] if hearings else None
    comp.payment_due = None
    if answer is None:
        comp.stage = _plain_stage(events)
        comp.next_id, comp.next_date, comp.next_parties = "", None, ""
    else:
        comp.payment_due = next(
            (
                dt.date.fromisoformat(d["date"])
                for d in answer["dates"]
                if d["id"] in ("payment_due", "sarvi_payment_due") and d["state"] != "done"
            ),
            None,
        )
        comp.stage = answer["stage"]
        comp.next_id = answer["next"] or ""
        nxt = next((d for d in answer["dates"] if d["id"] == answer["next"]), None)
        comp.next_date = dt.date.fromisoformat(nxt["date"]) if nxt else None
        comp.next_parties = ",".join(nxt["parties"]) if nxt else ""
    comp.closed_on = (
        (events[-1].date if events else today()) if comp.stage in FINAL_STAGES else None
    )
    comp.save(
        update_fields=[
            "stage",
            "next_id",
            "next_date",
            "next_parties",
            "hearing_date",
            "payment_due",
            "closed_on",
            "updated_at",
        ]
    )
    from . import tasks

    case_services.sync_tasks(comp.case_file, tasks.SOURCE)


def _plain_stage(events: list[Event]) -> str:
    """A route without a timeline: its stage is the last step written down."""
    if not events:
        return "preparing"
    if any(e.type == EventType.PAID for e in events):
        return "closed"
    return events[-1].type


# ----------------------------------------------------------------------------- opening


def open_compensation(actor: Actor, file, route: str) -> CompensationFile:
    require(actor, P.MANAGE, file)
    if route not in {r.value for r in routes_open(file)}:
        raise Invalid({"route": _("This route is not open on the facts of the file.")})
    affair = type(file.affair).objects.get(pk=file.affair_id)  # as stored, not as cached
    with transaction.atomic():
        comp = CompensationFile.objects.create(
            organisation_id=file.organisation_id,
            case_file=file,
            route=route,
            opened_on=today(),
            opened_by_id=actor.user_id,
        )
        indirect = file.role == "relative"
        ChecklistEntry.objects.bulk_create(
            ChecklistEntry(compensation=comp, key=item.key)
            for item in route_checklist(route, indirect=indirect)
        )
        # What the file already knows of the procedure starts its story.
        if route == Route.SARVI and affair.decision_final_date:
            Event.objects.create(
                compensation=comp,
                type=EventType.DECISION_FINAL,
                date=affair.decision_final_date,
                recorded_by_id=actor.user_id,
            )
        if (
            route == Route.CIVIL_PARTY
            and affair.next_hearing_date
            and (affair.offence_date is None or affair.next_hearing_date >= affair.offence_date)
        ):
            Event.objects.create(
                compensation=comp,
                type=EventType.HEARING_SET,
                date=min(today(), affair.next_hearing_date),
                hearing=affair.next_hearing_date,
                recorded_by_id=actor.user_id,
            )
        counters.add(comp.organisation_id, comp.opened_on, route, CountMeasure.OPENED)
        _audit(actor, A.CREATE, T.COMPENSATION, comp)
        refresh(comp)
    return comp


def read(actor: Actor, comp: CompensationFile) -> None:
    """A compensation file was shown, amounts and all: audited."""
    require(actor, P.MANAGE, comp)
    with transaction.atomic():
        _audit(actor, A.VIEW, T.COMPENSATION, comp)


# ---------------------------------------------------------------------------- the claim


def save_head(actor: Actor, comp: CompensationFile, data: dict, head: DamageHead | None = None):
    require(actor, P.MANAGE, comp)
    documents = data.pop("documents", None)
    if documents is not None:
        foreign = [d for d in documents if d.case_file_id != comp.case_file_id]
        if foreign:
            raise Invalid({"documents": _("Choose documents of this file.")})
    with transaction.atomic():
        if head is None:
            head = DamageHead.objects.create(compensation=comp, **data)
        else:
            for name, value in data.items():
                setattr(head, name, value)
            head.save()
        if documents is not None:
            head.documents.set(documents)
        _audit(actor, A.UPDATE, T.COMPENSATION, comp)
    return head


def delete_head(actor: Actor, comp: CompensationFile, head: DamageHead) -> None:
    require(actor, P.MANAGE, comp)
    with transaction.atomic():
        head.delete()
        _audit(actor, A.UPDATE, T.COMPENSATION, comp)


def add_received(actor: Actor, comp: CompensationFile, data: dict) -> SumReceived:
    require(actor, P.MANAGE, comp)
    with transaction.atomic():
        line = SumReceived.objects.create(compensation=comp, **data)
        _audit(actor, A.UPDATE, T.COMPENSATION, comp)
    return line


def delete_received(actor: Actor, comp: CompensationFile, line: SumReceived) -> None:
    require(actor, P.MANAGE, comp)
    with transaction.atomic():
        line.delete()
        _audit(actor, A.UPDATE, T.COMPENSATION, comp)


def set_legal_costs(actor: Actor, comp: CompensationFile, amount: Decimal | None) -> None:
    require(actor, P.MANAGE, comp)
    with transaction.atomic():
        comp.legal_costs = amount
        comp.save(update_fields=["legal_costs", "updated_at"])
        _audit(actor, A.UPDATE, T.COMPENSATION, comp)


def claimed_total(comp: CompensationFile) -> Decimal:
    return sum((h.amount for h in comp.heads.all()), Decimal(0))


def received_total(comp: CompensationFile) -> Decimal:
    return sum((r.amount for r in comp.received.all()), Decimal(0))


# ---------------------------------------------------------------------------- documents


def update_checklist(actor: Actor, comp: CompensationFile, entries: dict[str, dict]) -> None:
    """`entries`: key → {"status": …, "document": Document | None}."""
    require(actor, P.MANAGE, comp)
    current = {e.key: e for e in comp.checklist.all()}
    errors = {}
    for key, values in entries.items():
        document = values.get("document")
        if key not in current:
            errors[key] = _("This document is not on the list.")
        elif document is not None and document.case_file_id != comp.case_file_id:
            errors[key] = _("Choose documents of this file.")
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        for key, values in entries.items():
            entry = current[key]
            entry.status = values["status"]
            entry.document = values.get("document")
            if entry.document is not None and entry.status == ItemStatus.REQUESTED:
                entry.status = ItemStatus.RECEIVED  # a linked document is a received one
            entry.save(update_fields=["status", "document"])
        _audit(actor, A.UPDATE, T.COMPENSATION, comp)


def missing_required(comp: CompensationFile) -> list[str]:
    """Keys of the required documents neither received nor set aside as not applicable."""
    required = {
        i.key
        for i in route_checklist(comp.route, indirect=comp.case_file.role == "relative")
        if i.required
    }
    return [
        e.key
        for e in comp.checklist.all()
        if e.key in required and e.status == ItemStatus.REQUESTED
    ]


# ------------------------------------------------------------------------------ events


def record_event(actor: Actor, comp: CompensationFile, data: dict) -> Event:
    """Record what happened, if the timeline accepts it; the dates and tasks follow.

    `data`: type, date, and as the type needs amount, hearing, offence_class, press,
    missing_reason. Raises `Invalid` with field errors, nothing saved."""
    require(actor, P.MANAGE, comp)
    kind = data["type"]
    if kind not in EVENTS[comp.procedure]:
        raise Invalid({"type": _("This step does not belong to this procedure.")})
    errors: dict[str, str] = {}
    if kind in WITH_AMOUNT and data.get("amount") is None:
        errors["amount"] = _("Give the amount.")
    if kind == EventType.HEARING_SET:
        hearing = data.get("hearing")
        offence = comp.case_file.affair.offence_date
        if hearing is None:
            errors["hearing"] = _("Give the date of the hearing.")
        elif offence and hearing < offence:
            errors["hearing"] = _("The hearing cannot be before the facts.")
    if kind == EventType.COMPLAINT_SENT and not data.get("offence_class"):
        errors["offence_class"] = _(
            "Say whether the facts are a crime, a délit or a contravention."
        )
    if kind in SENDING and not (data.get("missing_reason") or "").strip():
        missing = missing_required(comp)
        if missing:
            errors["missing_reason"] = _(
                "Required documents are missing. Mark them received or not applicable, "
                "or write why the request goes without them."
            )
    if errors:
        raise Invalid(errors)
    event = Event(
        compensation=comp,
        type=kind,
        date=data["date"],
        amount=data.get("amount") if kind in WITH_AMOUNT else None,
        hearing=data.get("hearing") if kind == EventType.HEARING_SET else None,
        offence_class=data.get("offence_class") or "",
        press=bool(data.get("press")),
        missing_reason=(data.get("missing_reason") or "").strip() if kind in SENDING else "",
        recorded_by_id=actor.user_id,
    )
    events = list(comp.events.all())
    if comp.procedure is not None:
        _answer, engine_errors = compute(comp, [*events, event])
        if engine_errors:
            raise Invalid(_field_errors(engine_errors, len(events)))
    with transaction.atomic():
        event.save()
        _count(comp, events, event, sign=1)
        _audit(actor, A.UPDATE, T.COMPENSATION, comp)
        refresh(comp)
    return event


# The timeline's names of an event's fields, as the event form's.
FIELDS = {
    "date": "date",
    "amount": "amount",
    "hearing": "hearing",
    "type": "type",
    "class": "offence_class",
    "press": "press",
}


def _field_errors(engine_errors: list[dict], index: int) -> dict[str, str]:
    """The engine's errors on the new event (`events[index].field`) as the form's fields;
    an error elsewhere concerns the story as a whole."""
    out: dict[str, str] = {}
    prefix = f"events[{index}]"
    for error in engine_errors:
        field, message = error.get("field", ""), error.get("message", "")
        name = ""
        if field.startswith(prefix):
            rest = field[len(prefix) :].lstrip(".")
            name = FIELDS.get(rest, "")
        message = _readable(message)
        out[name] = f"{out[name]} {message}" if name in out else message
    return out


STEP_NAME = re.compile(r"(«\s*|\")([a-z_]+)(\s*»|\")")
ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


def _readable(message: str) -> str:
    """The engine names steps by their ids and days in ISO: the adviser reads the steps'
    names and dates as the page writes them."""

    def step(match):
        value = match.group(2)
        if value not in EventType.values:
            return match.group(0)
        return f"{match.group(1)}{EventType(value).label}{match.group(3)}"

    def day(match):
        try:
            return long_date(dt.date.fromisoformat(match.group(1)), get_language() or "fr")
        except ValueError:
            return match.group(0)

    return ISO_DATE.sub(day, STEP_NAME.sub(step, message))


def remove_last_event(actor: Actor, comp: CompensationFile) -> None:
    """Take back the latest event recorded (a slip): its counters are taken back too."""
    require(actor, P.MANAGE, comp)
    with transaction.atomic():
        last = comp.events.order_by("-recorded_at", "-id").first()
        if last is None:
            return
        earlier = [e for e in comp.events.all() if e.pk != last.pk]
        _count(comp, earlier, last, sign=-1)
        last.delete()
        _audit(actor, A.UPDATE, T.COMPENSATION, comp)
        refresh(comp)


def _count(comp: CompensationFile, earlier: list[Event], event: Event, sign: int) -> None:
    """The anonymous counters an event moves (taken back with `sign=-1`)."""

    def add(measure, amount=None, key=""):
        counters.add(
            comp.organisation_id, event.date, comp.route, measure, amount=amount, key=key, sign=sign
        )

    def first(kind):
        return next((e for e in earlier if e.type == kind), None)

    request = first(EventType.REQUEST_FILED) or first(EventType.LETTER_SENT)
    if event.type in (EventType.REQUEST_FILED, EventType.LETTER_SENT) and request is None:
        add(CountMeasure.CLAIMED, claimed_total(comp))
    elif event.type == EventType.OFFER_RECEIVED:
        add(CountMeasure.OFFERED, event.amount)
        if request is not None:
            add(CountMeasure.DAYS_TO_OFFER, key=str((event.date - request.date).days))
    elif event.type == EventType.DECISION_NOTIFIED:
        add(CountMeasure.AWARDED, event.amount)
    elif event.type == EventType.HOMOLOGATION_NOTIFIED:
        offers = [e for e in earlier if e.type == EventType.OFFER_RECEIVED]
        if offers:
            add(CountMeasure.AWARDED, offers[-1].amount)
    elif event.type == EventType.PAID:
        add(CountMeasure.PAID, event.amount)
        if request is not None and first(EventType.PAID) is None:
            add(CountMeasure.DAYS_TO_PAYMENT, key=str((event.date - request.date).days))


# ------------------------------------------------------------------------- bank details


def set_bank_details(actor: Actor, comp: CompensationFile, iban: str, bic: str, holder: str):
    """The IBAN checked by its check digits and the BIC by its format (python-stdnum);
    stored encrypted."""
    require(actor, P.MANAGE, comp)
    errors = {}
    iban_clean = bic_clean = ""
    if iban.strip():
        try:
            iban_clean = stdnum_iban.validate(iban)
        except NumberInvalid:
            errors["iban"] = _("This IBAN is not valid: check each character.")
    if bic.strip():
        try:
            bic_clean = stdnum_bic.validate(bic)
        except NumberInvalid:
            errors["bic"] = _("This BIC is not valid: 8 or 11 letters and digits.")
        else:
            if iban_clean and bic_clean[4:6] != iban_clean[:2]:
                errors["bic"] = _("This BIC is not of the IBAN's country.")
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        comp.iban, comp.bic, comp.account_holder = iban_clean, bic_clean, holder.strip()[:200]
        comp.save(update_fields=["iban", "bic", "account_holder", "updated_at"])
        _audit(actor, A.UPDATE, T.BANK_DETAILS, comp)


def masked_iban(iban: str) -> str:
    """ "FR76 •••• •••• •••• •••• ••01 89": the country, its check digits and the last four."""
    if not iban:
        return ""
    shown = iban[:4] + "•" * (len(iban) - 8) + iban[-4:]
    return " ".join(shown[i : i + 4] for i in range(0, len(shown), 4))


def set_addressee(actor: Actor, comp: CompensationFile, name: str, address: str) -> None:
    require(actor, P.MANAGE, comp)
    with transaction.atomic():
        comp.addressee_name, comp.addressee_address = name.strip()[:200], address.strip()
        comp.save(update_fields=["addressee_name", "addressee_address", "updated_at"])
        _audit(actor, A.UPDATE, T.COMPENSATION, comp)


# ------------------------------------------------------------------------------- export


def export(file) -> list[dict]:
    """A case file's compensation files as plain data, for the person's export (the
    case files' `gdpr.register_section`)."""

    def plain(value):
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return value

    return [
        {
            "route": comp.route,
            "opened_on": plain(comp.opened_on),
            "stage": comp.stage,
            "next_date": plain(comp.next_date),
            "heads": [
                {
                    "head": h.head,
                    "description": h.description,
                    "amount": plain(h.amount),
                    "basis": h.basis,
                }
                for h in comp.heads.all()
            ],
            "sums_received": [
                {"payer": r.payer, "name": r.name, "amount": plain(r.amount)}
                for r in comp.received.all()
            ],
            "steps": [
                {
                    "type": e.type,
                    "date": plain(e.date),
                    "amount": plain(e.amount),
                    "hearing": plain(e.hearing),
                }
                for e in comp.events.all()
            ],
            "documents": [{"key": c.key, "status": c.status} for c in comp.checklist.all()],
            "bank_details": {
                "account_holder": comp.account_holder,
                "iban": comp.iban,
                "bic": comp.bic,
            },
        }
        for comp in CompensationFile.objects.filter(case_file=file).order_by("pk")
    ]
