"""The guide's answers become the rights engine's facts, and the engine accepts them."""

import datetime as dt

import pytest

from appui.guide.plan import facts_from
from appui.rights import assess

AS_OF = dt.date(2025, 3, 3)


class Commune:
    departement_code = "88"


def test_a_burnt_car_in_the_vosges():
    answers = {
        "danger": "no",
        "situation": "car_burnt",
        "date": "2025-02-01",
        "commune": "88160",
        "author": "unknown",
        "other_compensation": "no",
        "serious_situation": "yes",
        "registered": "yes",
        "inspection_ok": "yes",
        "insured": "yes",
        "complaint": "yes",
        "complaint_date": "2025-02-02",
        "annual_income": "15000.00",
        "household_extra_persons": 1,
    }
    facts = facts_from(answers, AS_OF, Commune())
    assert facts["offence"] == {
        "category": "vehicle_arson",
        "class": "delit",
        "date": "2025-02-01",
        "in_france": True,
        "department": "88",
        "author_known": False,
        "author_is_partner": False,
    }
    assert facts["vehicle"] == {"registered": True, "inspection_ok": True, "insured": True}
    assert facts["situation"]["annual_income"] == 15000.0
    remedies = {r["id"]: r for r in assess(facts).to_dict()["remedies"]}
    assert remedies["civi_vehicle"]["status"] == "eligible"
    assert remedies["civi_vehicle"]["cap"] == 4822.5


def test_partner_violence_with_danger():
    answers = {
        "danger": "yes",
        "situation": "hit",
        "date": "2025-02-20",
        "commune": "54395",
        "author": "partner",
        "cohabiting": "no",
        "ban": "unknown",
        "grave_danger": "yes",
        "injured": "yes",
        "itt_days": 10,
        "permanent": "unknown",
    }
    facts = facts_from(answers, AS_OF, Commune())
    assert facts["offence"]["author_is_partner"] is True
    assert facts["danger"] == {
        "imminent_danger": True,
        "grave_danger": True,
        "cohabiting_with_author": False,
    }
    assert facts["harm"] == {"itt_days": 10, "death": False}
    remedies = {r["id"]: r for r in assess(facts).to_dict()["remedies"]}
    assert remedies["protection_order"]["status"] == "eligible"
    assert remedies["tgd"]["status"] == "unknown"  # her express consent is asked for
    assert "danger.consent" in remedies["tgd"]["missing"]


@pytest.mark.parametrize(
    ("situation", "category", "offence_class"),
    [("rape", "sexual_violence", "crime"), ("insults", "defamation_insult", None)],
)
def test_situations_map_to_categories(situation, category, offence_class):
    facts = facts_from({"situation": situation}, AS_OF)
    assert facts["offence"]["category"] == category
    assert facts["offence"].get("class") == offence_class


def test_an_unanswered_question_is_an_unknown_fact():
    facts = facts_from({"situations": ["theft"]}, AS_OF)
    assert "other_compensation" not in facts["situation"]
    assert "author_known" not in facts["offence"]
    assessment = assess(facts).to_dict()
    capped = next(r for r in assessment["remedies"] if r["id"] == "civi_capped")
    assert capped["status"] == "unknown"
    assert "situation.annual_income" in capped["missing"]


def test_a_whole_story_gives_every_situation_to_the_engine():
    """A bag snatched and a fall: theft first-hand, the injuries asked and kept."""
    answers = {"situations": ["theft", "hit"], "injured": "yes", "itt_days": 10}
    facts = facts_from(answers, AS_OF)
    assert facts["offence"]["category"] == "violence"  # the list's order: the person first
    assert facts["offence"]["other_categories"] == ["theft"]
    assert facts["harm"]["itt_days"] == 10
    remedies = {r["id"]: r for r in assess(facts).to_dict()["remedies"]}
    assert remedies["insurance"]["status"] == "eligible"  # through the theft
    assert remedies["insurance"]["category"] == "theft"


def test_injuries_are_kept_for_a_theft():
    facts = facts_from({"situations": ["theft"], "injured": "yes", "itt_days": 10}, AS_OF)
    assert facts["harm"]["itt_days"] == 10


def test_vehicle_and_card_answers_count_only_where_they_apply():
    answers = {
        "situations": ["hit"],
        "registered": "yes",
        "card_debit_date": "2025-02-01",
        "insurances": ["home"],
    }
    facts = facts_from(answers, AS_OF)
    assert facts["vehicle"] == {}
    assert "insurance" not in facts  # no loss asked for a blow alone


def test_press_answers_and_the_direct_victims_age():
    facts = facts_from({"situations": ["insults"], "public": "yes", "discriminatory": "no"}, AS_OF)
    assert facts["offence"]["public"] is True and facts["offence"]["discriminatory"] is False
    killed = facts_from({"situations": ["killed"], "direct_victim_birth_date": "2010-01-01"}, AS_OF)
    assert killed["victim"] == {
        "natural_person": True,
        "indirect": True,
        "direct_victim_birth_date": "2010-01-01",
    }
    assess(killed)  # the engine takes it


def test_insurance_facts_for_a_theft():
    facts = facts_from(
        {
            "situations": ["theft"],
            "insurances": ["home", "payment_card"],
            "loss_known_on": "2025-02-02",
            "card_debit_date": "2025-02-03",
            "date": "2025-02-01",
        },
        AS_OF,
    )
    assert facts["insurance"] == {
        "home": True,
        "payment_card": True,
        "loss_known_on": "2025-02-02",
        "card_debit_date": "2025-02-03",
    }
    insurance = next(r for r in assess(facts).to_dict()["remedies"] if r["id"] == "insurance")
    assert {d["id"] for d in insurance["deadlines"]} == {"insurance_declaration", "bank_dispute"}
