"""The demo association's compensation files: a CIVI request with an offer to answer, and a
SARVI request whose window is open. Made through the services by the demo legal adviser,
on made-up people of the case files' demo (same family name), outside production only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from appui.cases import demo as case_demo
from appui.cases import services as case_services
from appui.cases.models import Person

from . import services
from .models import ChecklistEntry, CompensationFile, ItemStatus

FIRST_NAMES = ("Inès", "Paul")


def civi_offer(team) -> None:
    """Violence with 45 days of ITT: a CIVI request sent, forwarded, and the fund's offer
    received ten days ago, which the victim has to answer."""
    who = team["juriste"]
    person = case_demo._person(team, "juriste", FIRST_NAMES[0], 31, dt.date(1990, 6, 12))
    file = case_demo._file(
        team,
        "juriste",
        person,
        {
            "offence_category": "violence",
            "offence_class": "delit",
            "offence_date": team.day(-300),
            "author_known": True,
            "author_relationship": "stranger",
            "complaint_filed": True,
            "complaint_date": team.day(-299),
        },
    )
    case_services.update_facts(who, file, {"itt_days": 45, "french_national": True})
    comp = services.open_compensation(who, file, "civi_full")
    for head, amount, basis in (
        ("dpt.DSA", "420.50", "Factures de pharmacie et de kinésithérapie"),
        ("dpt.PGPA", "2300", "Six semaines d'arrêt de travail, bulletins de salaire"),
        ("det.DFT", "1150", "Déficit temporaire, 45 jours"),
        ("det.SE", "6000", "Souffrances endurées 3/7"),
    ):
        services.save_head(who, comp, {"head": head, "amount": Decimal(amount), "basis": basis})
    services.add_received(who, comp, {"payer": "social_security", "name": "CPAM", "amount": 300})
    ChecklistEntry.objects.filter(compensation=comp).update(status=ItemStatus.RECEIVED)
    services.record_event(who, comp, {"type": "request_filed", "date": team.day(-120)})
    services.record_event(who, comp, {"type": "forwarded_to_fund", "date": team.day(-100)})
    services.record_event(
        who,
        comp,
        {"type": "offer_received", "date": team.day(-10), "amount": Decimal("8200")},
    )


def sarvi_window(team) -> None:
    """Damages of 2,500 € awarded by a final judgment three months ago: the SARVI window is
    open; the aid is 1,000 € (30 % is 750 €, raised to the minimum)."""
    who = team["juriste"]
    person = case_demo._person(team, "juriste", FIRST_NAMES[1], 32, dt.date(1978, 1, 30))
    file = case_demo._file(
        team,
        "juriste",
        person,
        {
            "offence_category": "violence",
            "offence_class": "delit",
            "offence_date": team.day(-500),
            "author_known": True,
            "author_relationship": "stranger",
            "complaint_filed": True,
            "complaint_date": team.day(-499),
            "court": "Tribunal judiciaire de Nancy",
            "judgment_date": team.day(-110),
            "decision_final_date": team.day(-90),
            "damages_awarded": Decimal("2500"),
        },
    )
    case_services.update_facts(who, file, {"itt_days": 10, "french_national": True})
    services.open_compensation(who, file, "sarvi")


STORIES = ((FIRST_NAMES[0], civi_offer), (FIRST_NAMES[1], sarvi_window))


def load() -> tuple[int, int]:
    """Make the stories missing: (made, already there)."""
    if settings.IS_PRODUCTION:
        raise case_demo.DemoNotReady("Production: no demo file is made.")
    team = case_demo._team()
    made = kept = 0
    for first_name, story in STORIES:
        with transaction.atomic():
            exists = CompensationFile.objects.filter(
                organisation=team.organisation,
                case_file__person__in=Person.objects.filter(
                    organisation=team.organisation,
                    last_name=case_demo.LAST_NAME,
                    first_name=first_name,
                ),
            ).exists()
            if exists:
                kept += 1
                continue
            story(team)
            made += 1
    return made, kept
