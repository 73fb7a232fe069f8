"""From the answers to a personal plan: safety, complaint, local help, protection, money.

This module only turns a victim's answers into the rights engine's facts; the advice
itself (plain summaries, steps, documents, legal detail) and the local help come from
`appui.advice`, which the case files and the helpline read too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse

from appui.advice import help as local
from appui.advice.plan import Advice, advise
from appui.rights.facts import today_in_paris
from appui.rights.remedies import ONLINE_DISCRIMINATION, ONLINE_PROPERTY

from . import steps
from .questions import (
    CARD,
    KILLED_SITUATIONS,
    OFFENCES,
    PRESS,
    VEHICLE,
    Author,
    Insurance,
    Situation,
    any_of,
    situations_of,
    tri,
)

# The pre-complaint online (décret 2008-1109): property offences, and
# discrimination, defamation, insult or individual incitement to hatred, author unknown.
# The rights engine's online-complaint lists, less extortion: threats to a person are not a
# matter for a form, she is sent to the police or gendarmerie.
PRE_COMPLAINT_CATEGORIES = (ONLINE_PROPERTY | ONLINE_DISCRIMINATION) - {"extortion"}


@dataclass(frozen=True)
class BavBooking:
    """A victim bureau of her court that takes appointments, and where to book one."""

    name: str
    url: str


@dataclass
class Plan:
    answers: dict
    as_of: dt.date
    situations: list[str]
    situation_labels: list[str]
    danger: bool
    partner: bool
    terrorism: bool
    abroad: bool
    minor: bool
    lives_abroad: bool
    commune: Any  # where it happened
    home: Any  # where she lives, when it happened abroad
    advice: Advice
    services: list
    helpline: Any
    national_numbers: list
    facts: dict
    # Where to declare the facts online and choose the day to sign (None when they do not
    # fit the pre-complaint), and the victim bureaus of her court she can book a session at.
    pre_complaint: str | None = None
    bav_bookings: list[BavBooking] = field(default_factory=list)

    @property
    def error(self) -> dict | None:
        return self.advice.error

    @property
    def offence_date(self) -> dt.date | None:
        value = self.answers.get("date")
        return dt.date.fromisoformat(value) if value else None

    @property
    def help_place(self):
        return self.home if self.abroad else self.commune

    @property
    def situation_label(self) -> str:
        return ", ".join(self.situation_labels)

    @property
    def press(self) -> bool:
        return any_of(self.answers, PRESS)


def facts_from(answers: dict, as_of: dt.date, commune=None) -> dict:
    """The rights engine's facts from the guide's answers (absent answer = unknown fact)."""
    given = situations_of(answers) or [Situation.OTHER]
    category, offence_class = OFFENCES[given[0]]
    offence: dict[str, Any] = {"category": category}
    others = []
    for situation in given[1:]:
        other = OFFENCES[situation][0]
        if other != category and other not in others:
            others.append(other)
    if others:
        offence["other_categories"] = others
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
    if any_of(answers, PRESS):
        for name in ("public", "discriminatory"):
            if tri(answers.get(name)) is not None:
                offence[name] = tri(answers.get(name))
    killed = any_of(answers, KILLED_SITUATIONS)
    victim: dict[str, Any] = {"natural_person": True, "indirect": killed}
    if answers.get("birth_date"):
        victim["birth_date"] = answers["birth_date"]
    if killed and answers.get("direct_victim_birth_date"):
        victim["direct_victim_birth_date"] = answers["direct_victim_birth_date"]
    if answers.get("french_national") in ("yes", "no"):
        victim["french_national"] = answers["french_national"] == "yes"
    harm: dict[str, Any] = {}
    if killed:
        harm["death"] = True
    if steps.applies("harm", answers) and answers.get("injured"):
        if answers["injured"] == "no":
            harm.update(itt_days=0, permanent_incapacity=False)
        else:
            if answers.get("itt_days") is not None:
                harm["itt_days"] = answers["itt_days"]
            harm["permanent_incapacity"] = tri(answers.get("permanent"))
        if not killed:
            harm["death"] = False
    money: dict[str, Any] = {
        "serious_situation": tri(answers.get("serious_situation")),
        "other_compensation": tri(answers.get("other_compensation")),
    }
    if answers.get("annual_income") not in (None, ""):
        money["annual_income"] = float(answers["annual_income"])
    if answers.get("household_extra_persons") is not None:
        money["household_extra_persons"] = answers["household_extra_persons"]
    vehicle: dict[str, Any] = {}
    if any_of(answers, VEHICLE):
        vehicle = {
            "registered": tri(answers.get("registered")),
            "inspection_ok": tri(answers.get("inspection_ok")),
            "insured": tri(answers.get("insured")),
        }
    insurance: dict[str, Any] = {}
    if steps.applies("losses", answers):
        for kind in answers.get("insurances") or ():
            if kind in Insurance.values:
                insurance[kind] = True
        if answers.get("loss_known_on"):
            insurance["loss_known_on"] = answers["loss_known_on"]
        if any_of(answers, CARD) and answers.get("card_debit_date"):
            insurance["card_debit_date"] = answers["card_debit_date"]
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
    facts = {
        "as_of": as_of.isoformat(),
        "offence": offence,
        "victim": victim,
        "harm": _known(harm),
        "situation": _known(money),
        "vehicle": _known(vehicle),
        "procedure": procedure,
        "danger": _known(danger),
    }
    if insurance:
        facts["insurance"] = insurance
    return facts


def fits_pre_complaint(answers: dict, facts: dict) -> bool:
    """Whether every offence she named is one the pre-complaint takes, by an author she does
    not know, in France, with no danger now and no complaint filed yet."""
    offence = facts["offence"]
    categories = [offence["category"], *offence.get("other_categories", ())]
    return (
        all(category in PRE_COMPLAINT_CATEGORIES for category in categories)
        and offence.get("author_known") is False
        and offence.get("in_france") is not False
        and answers.get("danger") != "yes"
        and facts["procedure"].get("complaint_filed") is not True
    )


def _url(name: str, args: list, fallback: str) -> str:
    """The address of a page another module serves; its known path while it is not wired."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def pre_complaint_url() -> str:
    return _url("complaints:start", [], "/pre-plainte/")


def bav_bookings(services: list, place) -> list[BavBooking]:
    """The victim bureaus (BAV) among her local help that take appointments (an agenda
    offering the BAV motive, on opening hours of the directory): the one of her court when
    it is known (the court's table, else a bureau in her own town, whose court it is), else
    every such bureau listed, nearest first."""
    from appui.booking.models import Agenda, Motive
    from appui.directory.models import Kind
    from appui.territory import services as territory

    listed = [service.id for service in services if service.kind == Kind.BAV]
    if not listed or place is None:
        return []
    bookable = {
        agenda.service.slug: agenda.service
        for agenda in Agenda.objects.filter(
            service__slug__in=listed, active=True, capacities__motive=Motive.BAV
        )
        .exclude(service__opening_hours="")
        .select_related("service")
    }
    bureaus = [bookable[slug] for slug in listed if slug in bookable]
    if not bureaus:
        return []
    court = territory.court_for(place.code)
    if court is not None:
        city = territory.normalise(court.name)
        ours = [b for b in bureaus if territory.normalise(b.name).endswith(" " + city)]
    else:
        ours = [b for b in bureaus if b.commune_code == place.code]
    return [
        BavBooking(
            name=bureau.name,
            url=_url("booking:bav", [bureau.slug], f"/rendez-vous/bav/{bureau.slug}/"),
        )
        for bureau in ours or bureaus
    ]


def _known(part: dict) -> dict:
    return {key: value for key, value in part.items() if value is not None}


def build(answers: dict, lang: str, now: dt.datetime | None = None) -> Plan:
    """The plan for these answers; an inconsistency the engine finds is reported, not raised."""
    from appui.territory.services import get_commune

    as_of = today_in_paris()
    commune = get_commune(answers["commune"]) if answers.get("commune") else None
    home = get_commune(answers["home_commune"]) if answers.get("home_commune") else None
    facts = facts_from(answers, as_of, commune)
    given = situations_of(answers) or [Situation.OTHER]
    abroad = bool(answers.get("abroad"))
    help_place = home if abroad else commune
    numbers = local.national_numbers(lang, now)
    services = local.local_help(help_place.code if help_place else None, lang, now)
    return Plan(
        answers=answers,
        as_of=as_of,
        situations=given,
        situation_labels=[str(Situation(s).label) for s in given],
        danger=answers.get("danger") == "yes",
        partner=answers.get("author") == Author.PARTNER,
        terrorism=Situation.TERRORISM in given,
        abroad=abroad,
        minor=answers.get("minor") == "yes",
        lives_abroad=bool(answers.get("lives_abroad")),
        commune=commune,
        home=home,
        advice=advise(facts, lang),
        services=services,
        helpline=local.helpline(numbers),
        national_numbers=numbers,
        facts=facts,
        pre_complaint=pre_complaint_url() if fits_pre_complaint(answers, facts) else None,
        bav_bookings=bav_bookings(services, help_place),
    )
