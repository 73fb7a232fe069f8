"""The documents each compensation route needs, built from that route's own conditions.

`compensation.md`: every CIVI request carries what R50-9 asks; only the routes with a
resource condition add R50-10's proofs (706-14 and 706-14-1, not the squat route); each
route then adds the proofs of its own conditions (law.md §1.2–1.4); the SARVI has its own
list (law.md §2). Never one list for all capped routes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Item:
    key: str  # stable: stored on a compensation file's checklist
    label: Promise
    basis: str
    required: bool


CIVI_ROUTES = ("civi_full", "civi_capped", "civi_vehicle", "civi_squat")
# Routes whose CIVI request must show the applicant's resources (R50-10).
RESOURCE_CONDITION = frozenset({"civi_capped", "civi_vehicle"})
# Routes about property only: no medical certificate.
PROPERTY_ONLY = frozenset({"civi_vehicle", "civi_squat"})

LABELS = {
    "id_document": _("Proof of identity"),
    "medical_certificate": _("Initial medical certificate"),
    "consolidation": _("Consolidation documents, where the harm is consolidated"),
    "complaint_or_judgment": _("Complaint receipt or judgment"),
    "head_proofs": _("Proof of each head of damage (invoices, payslips, reports)"),
    "received_sums": _("Statements of sums already received (insurer, social security, employer)"),
    "family_link": _("Proof of the link with the direct victim"),
    "tax_notice_offence": _(
        "Tax notice, or non-taxation certificate, of the year before the offence"
    ),
    "tax_notice_request": _(
        "Tax notice, or non-taxation certificate, of the year before the request"
    ),
    "real_estate": _("List of the real estate owned"),
    "no_other_compensation": _("Proof that no other effective compensation is available"),
    "serious_situation": _("Description of the serious material or psychological situation"),
    "serious_material_situation": _("Description of the serious material situation"),
    "registration_certificate": _("Vehicle registration certificate"),
    "technical_inspection": _("Technical inspection certificate"),
    "vehicle_insurance": _("Vehicle insurance certificate"),
    "sarvi_form": _("The signed SARVI form"),
    "decision_enforceable": _("Copy of the criminal decision with its enforcement formula"),
    "no_appeal_certificate": _(
        "Certificate of no appeal, opposition or cassation, with the date and mode of service"
    ),
    "civi_decision": _("The CIVI decision and its notification, where there was one"),
    "offender_means": _("Everything known of the offender's income and assets"),
    "bank_details": _("Bank details in the victim's name (or the lawyer's CARPA account)"),
    "legal_costs": _("Invoices of the legal costs claimed (lawyer's fees)"),
    "evidence": _("Evidence of the facts (certificates, photos, messages, witnesses)"),
    "prior_complaint": _("Copy of the complaint, and the dismissal notice if there is one"),
}


def _item(key: str, basis: str, required: bool = True) -> Item:
    return Item(key, LABELS[key], basis, required)


def checklist(route: str, *, indirect: bool = False) -> list[Item]:
    """The documents a request on `route` needs; `required` ones must be received (or set
    aside with a reason) before the request is recorded as sent."""
    items: list[Item] = []
    if route in CIVI_ROUTES:
        items += [
            _item("id_document", "CPP art. R50-9"),
            _item("complaint_or_judgment", "CPP art. R50-9"),
        ]
        if route not in PROPERTY_ONLY:
            # 706-14 also covers property offences: the certificate is needed only when
            # the person was hurt.
            items.append(_item("medical_certificate", "CPP art. R50-9", route == "civi_full"))
            items.append(_item("consolidation", "CPP art. R50-9", False))
        if indirect:
            items.append(_item("family_link", "CPP art. R50-9"))
        items += [
            _item("head_proofs", "CPP art. R50-9"),
            _item("received_sums", "CPP art. R50-9", False),
        ]
        if route in RESOURCE_CONDITION:
            items += [
                _item("tax_notice_offence", "CPP art. R50-10"),
                _item("tax_notice_request", "CPP art. R50-10"),
                _item("real_estate", "CPP art. R50-10"),
            ]
        if route == "civi_capped":
            items += [
                _item("no_other_compensation", "CPP art. 706-14"),
                _item("serious_situation", "CPP art. 706-14"),
            ]
        elif route == "civi_vehicle":
            items += [
                _item("no_other_compensation", "CPP art. 706-14-1"),
                _item("registration_certificate", "CPP art. 706-14-1"),
                _item("technical_inspection", "CPP art. 706-14-1"),
                _item("vehicle_insurance", "CPP art. 706-14-1"),
            ]
        elif route == "civi_squat":
            items += [
                _item("no_other_compensation", "CPP art. 706-14-3"),
                _item("serious_material_situation", "CPP art. 706-14-3"),
            ]
    elif route == "sarvi":
        items += [
            _item("sarvi_form", "CPP art. 706-15-1"),
            _item("decision_enforceable", "CPP art. 706-15-1"),
            _item("no_appeal_certificate", "CPP art. 706-15-2"),
            _item("civi_decision", "CPP art. 706-15-2", False),
            _item("offender_means", "C. assur. art. L422-7"),
            _item("id_document", "C. assur. art. L422-7"),
            _item("bank_details", "C. assur. art. L422-7"),
        ]
    elif route in ("civil_party", "civil_court", "guarantee_fund_direct"):
        basis = {
            "civil_party": "CPP art. 420-1",
            "civil_court": "Code de procédure civile",
            "guarantee_fund_direct": "C. assur. art. L126-1, L421-1",
        }[route]
        items += [_item("head_proofs", basis)]
        if indirect:
            items.append(_item("family_link", basis))
        items += [
            _item("medical_certificate", basis, False),
            _item("received_sums", basis, False),
        ]
        if route == "civil_party":
            items.append(_item("legal_costs", "CPP art. 475-1", False))
    elif route == "letter_to_prosecutor":
        items += [
            _item("evidence", "CPP art. 40"),
            _item("medical_certificate", "CPP art. 40", False),
            _item("prior_complaint", "CPP art. 85", False),
        ]
    return items
