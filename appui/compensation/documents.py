"""Generated requests and letters: a compensation file's facts into `appui.claims.letters`,
the PDF kept as a new version among the case file's documents, its generation audited.

Every field the file knows is filled; what it does not know is left for the letters to
print as a visible blank. Psychological notes never enter a document: nothing here reads
an interview.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import override

from appui.cases.services import documents as case_documents
from appui.claims import addressees
from appui.claims import letters as L
from appui.claims.checklists import checklist as route_checklist
from appui.core import audit
from appui.core.access import Actor
from appui.core.models import AuditAction as A
from appui.territory.templatetags.territory import commune_label

from . import services
from .audit_targets import CompensationTarget as T
from .models import (
    CompensationFile,
    EventType,
    GeneratedDocument,
    ItemStatus,
    LetterKind,
)
from .permissions import CompensationPermission as P
from .policies import require


def letter_for(comp: CompensationFile, kind: LetterKind) -> L.Letter:
    file, person, affair = comp.case_file, comp.case_file.person, comp.case_file.affair
    events = list(comp.events.all())

    def last(kind_):
        found = [e for e in events if e.type == kind_]
        return found[-1] if found else None

    with override("fr"):
        claims = [
            L.ClaimLine(
                label=str(h.get_head_display()) + (f" — {h.description}" if h.description else ""),
                amount=h.amount,
                basis=h.basis,
                documents=[d.title for d in h.documents.all()],
            )
            for h in comp.heads.prefetch_related("documents")
        ]
        received = [
            L.Received(payer=str(r.get_payer_display()), amount=r.amount, note=r.name)
            for r in comp.received.all()
        ]
        entries = {e.key: e for e in comp.checklist.select_related("document")}
        enclosed = [
            str(item.label)
            for item in route_checklist(comp.route, indirect=file.role == "relative")
            if item.key in entries and entries[item.key].status == ItemStatus.RECEIVED
        ]
        place = commune_label(affair.commune_code) if affair.commune_code else ""
        home = commune_label(person.commune_code) if person.commune_code else ""
    remedy = services.remedy_of(comp, "fr")
    hearing = last(EventType.HEARING_SET)
    complaint = last(EventType.COMPLAINT_SENT)
    dismissal = last(EventType.DISMISSAL_NOTIFIED)
    answer, _errors = services.compute(comp, events)
    letter_by = None
    if answer:
        by = next((d for d in answer["dates"] if d["id"] == "civil_party_letter_by"), None)
        if by:
            import datetime as dt

            letter_by = dt.date.fromisoformat(by["date"])
    return L.Letter(
        kind=L.LetterKind(kind.value),
        applicant=L.Person(
            last_name=person.last_name,
            first_names=person.first_name,
            birth_date=person.birth_date,
            address=home,
            phone=person.phone,
            email=person.email,
        ),
        addressee=_addressee(comp, kind, person.commune_code, affair.commune_code),
        route=comp.route,
        indirect=file.role == "relative",
        offence_date=affair.offence_date,
        offence_place=place,
        circumstances=affair.circumstances,
        court=affair.court,
        case_number=affair.prosecutor_reference,
        hearing_date=hearing.hearing if hearing else affair.next_hearing_date,
        letter_by=letter_by,
        claims=claims,
        cap=None if remedy is None or remedy.cap is None else _decimal(remedy.cap),
        received=received,
        legal_costs_475_1=comp.legal_costs,
        documents=enclosed,
        decision_date=affair.judgment_date,
        decision_final_date=affair.decision_final_date,
        damages_awarded=affair.damages_awarded,
        sarvi_amount=None
        if remedy is None or remedy.amount is None or comp.route != "sarvi"
        else _decimal(remedy.amount),
        iban=comp.iban,
        bic=comp.bic,
        account_holder=comp.account_holder,
        complaint_date=complaint.date if complaint else affair.complaint_date,
        dismissal_date=dismissal.date if dismissal else None,
        offence_class=(complaint.offence_class if complaint else "") or affair.offence_class or "",
    )


def _addressee(comp, kind, home: str, place: str) -> L.Addressee:
    """The recipient the adviser wrote down, else the competent one the directory knows
    (the CIVI of her home court, the prosecutor or the dean of the court of the facts),
    else a blank."""
    if comp.addressee_name:
        return L.Addressee(name=comp.addressee_name, address=comp.addressee_address)
    if kind == LetterKind.CIVI_REQUEST:
        return addressees.civi(home or None)
    if kind == LetterKind.PROSECUTOR_LETTER:
        return addressees.prosecutor(place or None)
    if kind == LetterKind.JUDGE_COMPLAINT:
        return addressees.dean_of_investigating_judges(place or None)
    return L.Addressee()


def _decimal(value):
    from decimal import Decimal

    return Decimal(str(value)).quantize(Decimal("0.01"))


def generate(actor: Actor, comp: CompensationFile, kind: LetterKind) -> GeneratedDocument:
    """Render the document and keep it as the next version among the file's documents."""
    require(actor, P.MANAGE, comp)
    letter = letter_for(comp, kind)
    pdf = L.render_pdf(letter)
    with transaction.atomic():
        version = (comp.generated.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0) + 1
        title = f"{LetterKind(kind).label} — v{version}"
        with override("fr"):
            title = f"{LetterKind(kind).label} — v{version}"
        document = case_documents.add_document(
            actor,
            comp.case_file,
            title=title,
            name=L.filename(letter),
            content_type="application/pdf",
            data=pdf,
        )
        generated = GeneratedDocument.objects.create(
            compensation=comp,
            kind=kind,
            version=version,
            document=document,
            generated_at=timezone.now(),
            generated_by_id=actor.user_id,
        )
        audit.record(
            actor,
            A.CREATE,
            T.GENERATED,
            generated.pk,
            file_id=comp.case_file_id,
            organisation_id=comp.organisation_id,
        )
    return generated
