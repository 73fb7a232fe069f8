"""From the answers to a personal plan: safety, complaint, local help, protection, money.

The legal answers come from the rights engine (`appui.rights`), the places and their
hours from the directory; this module only arranges them for a victim to read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from appui.cases.rights import DEADLINE_LABELS, REMEDY_TITLES
from appui.directory.models import Kind
from appui.rights import InvalidFacts, assess
from appui.rights.facts import today_in_paris

from . import steps
from .questions import OFFENCES, Author, Situation, tri

# The engine's missing facts, as the questions a victim can answer (or ask about).
MISSING_LABELS = {
    "offence.class": _("the exact legal qualification of the facts (an association can tell you)"),
    "offence.date": _("the date of the facts"),
    "offence.in_france": _("whether it happened in France"),
    "offence.author_known": _("whether you know who did it"),
    "offence.author_is_partner": _("whether the author is your partner or former partner"),
    "offence.author_insured": _("whether the person responsible was insured"),
    "victim.natural_person": _("whether you act for yourself or for an organisation"),
    "victim.french_national": _("your nationality"),
    "victim.birth_date": _("your date of birth"),
    "harm.itt_days": _("the days of ITT on the medical certificate"),
    "harm.permanent_incapacity": _("whether after-effects will remain"),
    "harm.death": _("whether the victim died"),
    "situation.annual_income": _("your household's income"),
    "situation.serious_situation": _("whether this left you in a serious situation"),
    "situation.other_compensation": _("whether someone has already paid for the harm"),
    "vehicle.registered": _("the registration certificate"),
    "vehicle.inspection_ok": _("the technical inspection"),
    "vehicle.insured": _("the vehicle's insurance"),
    "procedure.damages_awarded": _("the damages a court awarded you"),
    "procedure.decision_final_date": _("the date the judgment became final"),
    "danger.consent": _("your agreement: this measure is only given with your express consent"),
    "danger.grave_danger": _("whether you feel in grave danger"),
    "danger.cohabiting_with_author": _("whether you still live with the author"),
    "danger.no_contact_ban": _("whether a judge has forbidden contact"),
    "danger.imminent_danger": _("whether the danger is imminent"),
}
# Who helps first, then where to go: a victim looks for a person before a building.
KIND_ORDER = tuple(
    kind.value
    for kind in (
        Kind.ASSOCIATION,
        Kind.BAV,
        Kind.CIDFF,
        Kind.POINT_JUSTICE,
        Kind.MJD,
        Kind.BAR,
        Kind.PARTNER,
        Kind.POLICE,
        Kind.GENDARMERIE,
        Kind.CIVI,
        Kind.COURT,
        Kind.COMMISSAIRE_JUSTICE,
    )
)
STATUS_LABELS = {
    "eligible": _("Open to you"),
    "unknown": _("Possibly open to you"),
    "not_eligible": _("Not open to you"),
}
CIVI_DOCUMENTS = (
    _("The form cerfa n° 12825 (notice n° 51153), signed"),
    _("An identity document"),
    _("The complaint receipt and any court decision"),
    _("Medical certificates: the first one, and the one on consolidation"),
    _("What insurers or other bodies have paid you, and the amount you claim"),
)
CIVI_RESOURCES_DOCUMENTS = (
    _("Tax notices for the year before the facts and the year before your request"),
    _("Proof that no other compensation is available"),
)
DOCUMENTS = {
    "civi_full": CIVI_DOCUMENTS,
    "civi_capped": CIVI_DOCUMENTS
    + CIVI_RESOURCES_DOCUMENTS
    + (_("A description of your serious material or psychological situation"),),
    "civi_vehicle": CIVI_DOCUMENTS
    + CIVI_RESOURCES_DOCUMENTS
    + (_("The registration certificate, the technical inspection and the insurance"),),
    "civi_squat": CIVI_DOCUMENTS + (_("A description of your serious material situation"),),
    "sarvi": (
        _("The SARVI form, signed (one per victim)"),
        _("The criminal decision with its enforcement formula (formule exécutoire)"),
        _("The certificate that no appeal was made, with the date and mode of service"),
        _("The CIVI decision and its notification, if any"),
        _("All you know of the author's income and assets"),
        _("A valid identity document and your bank details (RIB)"),
    ),
    "civil_party": (
        _("Your claim in figures"),
        _("The documents proving each part of the harm (bills, certificates, payslips)"),
    ),
}
COMPENSATION = (
    "guarantee_fund_direct",
    "civi_full",
    "civi_capped",
    "civi_vehicle",
    "civi_squat",
    "civil_party",
    "sarvi",
    "insurance",
    "civil_court",
)
PROTECTION = ("protection_order", "tgd", "bar")
COMPLAINT = ("complaint", "online_complaint", "letter_to_prosecutor")


@dataclass(frozen=True)
class DeadlineView:
    id: str
    label: str
    date: dt.date
    state: str
    extended: bool
    indicative: bool
    relief_possible: bool
    legal_basis: tuple[str, ...]


@dataclass(frozen=True)
class RemedyView:
    id: str
    title: str
    status: str
    status_label: str
    reasons: tuple[str, ...]
    legal_basis: tuple[str, ...]
    cap: float | None
    amount: float | None
    deadlines: tuple[DeadlineView, ...]
    documents: tuple[str, ...]
    missing: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    answers: dict
    as_of: dt.date
    situation: str
    situation_label: str
    danger: bool
    partner: bool
    terrorism: bool
    abroad: bool
    commune: Any
    complaint: list[RemedyView]
    protection: list[RemedyView]
    compensation: list[RemedyView]
    legal_aid: RemedyView | None
    services: list
    national_numbers: list
    facts: dict
    error: dict | None = None

    @property
    def offence_date(self) -> dt.date | None:
        value = self.answers.get("date")
        return dt.date.fromisoformat(value) if value else None

    @property
    def open_compensation(self) -> list[RemedyView]:
        return [r for r in self.compensation if r.status != "not_eligible"]


def facts_from(answers: dict, as_of: dt.date, commune=None) -> dict:
    """The rights engine's facts from the guide's answers (absent answer = unknown fact)."""
    situation = answers.get("situation", Situation.OTHER)
    category, offence_class = OFFENCES[situation]
    offence: dict[str, Any] = {"category": category}
    if offence_class:
        offence["class"] = offence_class
    if answers.get("date"):
        offence["date"] = answers["date"]
    if answers.get("abroad"):
        offence["in_france"] = False
    elif commune is not None:
        offence["in_france"] = True
        offence["department"] = commune.departement_code
    author = answers.get("author")
    if author:
        offence["author_known"] = author != Author.UNKNOWN
        offence["author_is_partner"] = author == Author.PARTNER
    victim: dict[str, Any] = {"natural_person": True}
    if answers.get("birth_date"):
        victim["birth_date"] = answers["birth_date"]
    if answers.get("french_national") in ("yes", "no"):
        victim["french_national"] = answers["french_national"] == "yes"
    victim["indirect"] = situation == Situation.KILLED
    harm: dict[str, Any] = {}
    if situation == Situation.KILLED:
        harm["death"] = True
    if steps.applies("harm", answers) and answers.get("injured"):
        if answers["injured"] == "no":
            harm.update(itt_days=0, permanent_incapacity=False)
        else:
            if answers.get("itt_days") is not None:
                harm["itt_days"] = answers["itt_days"]
            harm["permanent_incapacity"] = tri(answers.get("permanent"))
        if situation != Situation.KILLED:
            harm["death"] = False
    money: dict[str, Any] = {
        "serious_situation": tri(answers.get("serious_situation")),
        "other_compensation": tri(answers.get("other_compensation")),
    }
    if answers.get("annual_income") not in (None, ""):
        money["annual_income"] = float(answers["annual_income"])
    if answers.get("household_extra_persons") is not None:
        money["household_extra_persons"] = answers["household_extra_persons"]
    vehicle = {
        "registered": tri(answers.get("registered")),
        "inspection_ok": tri(answers.get("inspection_ok")),
        "insured": tri(answers.get("insured")),
    }
    procedure: dict[str, Any] = {}
    if answers.get("complaint"):
        procedure["complaint_filed"] = answers["complaint"] == "yes"
        if answers["complaint"] == "yes" and answers.get("complaint_date"):
            procedure["complaint_date"] = answers["complaint_date"]
    if answers.get("hearing_date"):
        procedure["hearing_date"] = answers["hearing_date"]
    if answers.get("judgment") == "yes":
        if answers.get("decision_final_date"):
            procedure["decision_final_date"] = answers["decision_final_date"]
        if answers.get("damages_awarded") not in (None, ""):
            procedure["damages_awarded"] = float(answers["damages_awarded"])
    danger = {
        "imminent_danger": True if answers.get("danger") == "yes" else None,
        "grave_danger": tri(answers.get("grave_danger")),
        "cohabiting_with_author": tri(answers.get("cohabiting")),
        "no_contact_ban": tri(answers.get("ban")),
    }
    return {
        "as_of": as_of.isoformat(),
        "offence": offence,
        "victim": victim,
        "harm": _known(harm),
        "situation": _known(money),
        "vehicle": _known(vehicle),
        "procedure": procedure,
        "danger": _known(danger),
    }


def _known(part: dict) -> dict:
    return {key: value for key, value in part.items() if value is not None}


def _remedy_view(remedy: dict) -> RemedyView:
    reasons = remedy["reasons"]
    if remedy["status"] == "unknown":
        reasons = reasons[1:]  # the engine's "see missing": said below in plain words
    return RemedyView(
        id=remedy["id"],
        title=str(REMEDY_TITLES[remedy["id"]]),
        status=remedy["status"],
        status_label=str(STATUS_LABELS[remedy["status"]]),
        reasons=tuple(reasons),
        missing=tuple(str(MISSING_LABELS.get(path, path)) for path in remedy["missing"]),
        legal_basis=tuple(remedy["legal_basis"]),
        cap=remedy["cap"],
        amount=remedy["amount"],
        deadlines=tuple(
            DeadlineView(
                id=d["id"],
                label=str(DEADLINE_LABELS[d["id"]]),
                date=dt.date.fromisoformat(d["date"]),
                state=d["state"],
                extended=d["extended"],
                indicative=d["indicative"],
                relief_possible=d["relief_possible"],
                legal_basis=tuple(d["legal_basis"]),
            )
            for d in remedy["deadlines"]
        ),
        documents=tuple(str(doc) for doc in DOCUMENTS.get(remedy["id"], ())),
        extra={k: remedy[k] for k in ("fund", "level", "route", "lawyer_required") if k in remedy},
    )


def _by_kind(services: list) -> list:
    """Associations and victim bureaux first, then courts; nearest first within a kind."""
    order = {kind: rank for rank, kind in enumerate(KIND_ORDER)}
    return sorted(services, key=lambda s: order.get(s.kind, len(order)))


def build(answers: dict, lang: str, now: dt.datetime | None = None) -> Plan:
    """The plan for these answers; an inconsistency the engine finds is reported, not raised."""
    from appui.directory.services import national_numbers, services_for_commune
    from appui.territory.services import get_commune

    as_of = today_in_paris()
    commune = get_commune(answers["commune"]) if answers.get("commune") else None
    facts = facts_from(answers, as_of, commune)
    situation = answers.get("situation", Situation.OTHER)
    plan = Plan(
        answers=answers,
        as_of=as_of,
        situation=situation,
        situation_label=str(Situation(situation).label),
        danger=answers.get("danger") == "yes",
        partner=answers.get("author") == Author.PARTNER,
        terrorism=situation == Situation.TERRORISM,
        abroad=bool(answers.get("abroad")),
        commune=commune,
        complaint=[],
        protection=[],
        compensation=[],
        legal_aid=None,
        services=_by_kind(services_for_commune(commune.code, lang=lang, now=now))
        if commune
        else [],
        national_numbers=national_numbers(lang),
        facts=facts,
    )
    try:
        result = assess(facts, lang).to_dict()
    except InvalidFacts as exc:
        plan.error = exc.errors[0]
        return plan
    remedies = {r["id"]: _remedy_view(r) for r in result["remedies"]}
    plan.complaint = [
        remedies[i] for i in ("complaint", "online_complaint", "letter_to_prosecutor")
    ]
    plan.protection = [remedies[i] for i in PROTECTION if remedies[i].status != "not_eligible"]
    plan.compensation = [remedies[i] for i in COMPENSATION]
    plan.legal_aid = remedies["legal_aid"]
    return plan
