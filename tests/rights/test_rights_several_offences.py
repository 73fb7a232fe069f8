"""Several offences in one story: `offence.other_categories` (growth, docs/rights.md).

Each remedy is decided on the main category and on each other one; the most favourable
answer is kept (eligible > unknown > not_eligible, then the higher cap, then the main
category), with `category` naming the one it rests on. The complaint keeps the latest
prosecution limit.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appui.rights.facts import Category

from .conftest import REMEDY_IDS, build_facts

P = pytest.param

# (preset, changes, remedy, status, category) — the story is told by the changes.
STORIES = [
    # Theft and a fall with 10 days of ITT: the short ITT opens the capped CIVI route
    # (the main category, violence, wins the tie with the theft); the theft opens insurance.
    P(
        "violence",
        {"harm.itt_days": 10, "offence.other_categories": ["theft"]},
        "civi_capped",
        "eligible",
        "violence",
        id="violence-10-days-and-theft-capped-civi",
    ),
    P(
        "violence",
        {"harm.itt_days": 10, "offence.other_categories": ["theft"]},
        "insurance",
        "eligible",
        "theft",
        id="violence-10-days-and-theft-insurance",
    ),
    P(
        "violence",
        {"harm.itt_days": 10, "offence.other_categories": ["theft"]},
        "civi_full",
        "not_eligible",
        "violence",
        id="violence-10-days-and-theft-no-full-civi",
    ),
    # Burglary with violence, 40 days of ITT: full compensation.
    P(
        "theft",
        {"harm.itt_days": 40, "offence.other_categories": ["violence"]},
        "civi_full",
        "eligible",
        "theft",
        id="burglary-with-violence-40-days-full-civi",
    ),
    P(
        "theft",
        {"harm.itt_days": 40, "offence.other_categories": ["violence"]},
        "insurance",
        "eligible",
        "theft",
        id="burglary-with-violence-insurance",
    ),
    # Threats and harassment by a former partner.
    P(
        "partner_violence",
        {"offence.category": "threats", "offence.other_categories": ["harassment"]},
        "protection_order",
        "eligible",
        "threats",
        id="threats-and-harassment-protection-order",
    ),
    P(
        "partner_violence",
        {"offence.category": "threats", "offence.other_categories": ["harassment"]},
        "insurance",
        "not_eligible",
        "threats",
        id="threats-and-harassment-no-insurance",
    ),
    # A property offence with a vehicle burnt: the vehicle route comes from the arson.
    P(
        "theft",
        {"offence.other_categories": ["vehicle_arson"]},
        "civi_vehicle",
        "eligible",
        "vehicle_arson",
        id="theft-and-burnt-car-vehicle-route",
    ),
    # Theft main, a terrorist act too: the FGTI route comes from the terrorism.
    P(
        "theft",
        {"offence.other_categories": ["terrorism"], "offence.class": "crime"},
        "guarantee_fund_direct",
        "eligible",
        "terrorism",
        id="theft-and-terrorism-fgti",
    ),
    # Partner violence with 15 days of ITT (the 2023 case, capped at 5,000 €) and a theft:
    # civi_full stays the 2023 case; civi_capped is open through both (main wins).
    P(
        "partner_violence",
        {"offence.other_categories": ["theft"]},
        "civi_full",
        "eligible",
        "violence",
        id="partner-violence-and-theft-2023-case",
    ),
]


@pytest.mark.parametrize("preset,changes,remedy_id,status,category", STORIES)
def test_stories(run, remedy, preset, changes, remedy_id, status, category):
    got = remedy(run(build_facts(preset, changes)), remedy_id)
    assert got["status"] == status, got["reasons"]
    assert got["category"] == category


def test_every_remedy_says_its_category_only_with_other_categories(run, make_facts):
    alone = run(make_facts("violence", {"harm.itt_days": 10}))
    assert all("category" not in r for r in alone["remedies"])
    empty = run(make_facts("violence", {"harm.itt_days": 10, "offence.other_categories": []}))
    assert empty == alone
    several = run(
        make_facts("violence", {"harm.itt_days": 10, "offence.other_categories": ["theft"]})
    )
    assert [r["id"] for r in several["remedies"]] == list(REMEDY_IDS)
    assert all(r["category"] in ("violence", "theft") for r in several["remedies"])


def test_the_capped_civi_rests_on_the_higher_cap(run, remedy):
    # 2023 case (5,000 € cap) against the 706-14 cap (4,822.50 € in 2025): the higher is kept.
    facts = build_facts(
        "partner_violence", {"offence.category": "theft", "offence.other_categories": ["violence"]}
    )
    full = remedy(run(facts), "civi_full")
    assert (full["status"], full["cap"], full["category"]) == ("eligible", 5000, "violence")


def test_full_compensation_is_above_any_cap(run, remedy):
    # Violence with a permanent incapacity (no cap) and the 2023 partner case (5,000 € cap).
    facts = build_facts(
        "partner_violence",
        {"harm.permanent_incapacity": True, "offence.other_categories": ["threats"]},
    )
    full = remedy(run(facts), "civi_full")
    assert full["status"] == "eligible" and full["cap"] is None


def test_legal_aid_keeps_the_better_level(run, remedy):
    # A theft (income within the full ceiling) and a murder of her child (art. 9-2).
    facts = build_facts(
        "theft",
        {
            "offence.class": "crime",
            "offence.other_categories": ["homicide"],
            "harm.death": True,
            "victim.indirect": True,
            "victim.direct_victim_birth_date": "1990-01-01",
        },
    )
    aid = remedy(run(facts), "legal_aid")
    assert (aid["level"], aid["category"]) == ("no_resource_condition", "homicide")


def test_the_sarvi_reads_the_civi_routes_kept(run, remedy):
    # A final decision awarding damages: the SARVI is closed when a CIVI route is open through
    # any of the offences.
    facts = build_facts(
        "sarvi",
        {
            "situation.annual_income": 10000,
            "offence.category": "defamation_insult",
            "offence.other_categories": ["theft"],
        },
    )
    result = run(facts)
    assert remedy(result, "civi_capped")["status"] == "eligible"
    assert remedy(result, "civi_capped")["category"] == "theft"
    assert remedy(result, "sarvi")["status"] == "not_eligible"


COMPLAINTS = [
    # threats (délit, 6 years) with insults (3 months): the later limit is kept.
    P(
        "theft",
        {
            "offence.category": "defamation_insult",
            "offence.other_categories": ["threats"],
            "offence.public": True,
            "offence.discriminatory": False,
        },
        "2030-06-10",
        "threats",
        id="insults-and-threats-6-years",
    ),
    P(
        "theft",
        {"offence.category": "threats", "offence.other_categories": ["defamation_insult"]},
        "2030-06-10",
        "threats",
        id="threats-and-insults-main-first",
    ),
    # A rape of an adult (crime, 20 years) and a theft (crime class given for the story).
    P(
        "theft",
        {"offence.class": "crime", "offence.other_categories": ["sexual_violence"]},
        "2044-06-10",
        "theft",
        id="same-limit-main-wins",
    ),
    # Terrorism (30 years for a crime) with a theft.
    P(
        "theft",
        {"offence.class": "crime", "offence.other_categories": ["terrorism"]},
        "2054-06-10",
        "terrorism",
        id="terrorism-30-years",
    ),
]


@pytest.mark.parametrize("preset,changes,limit,category", COMPLAINTS)
def test_the_complaint_keeps_the_latest_prosecution_limit(
    run, remedy, deadline, preset, changes, limit, category
):
    got = remedy(run(build_facts(preset, changes)), "complaint")
    assert deadline(got, "prosecution_limit")["date"] == limit
    assert got["category"] == category


@pytest.mark.parametrize(
    "others,field",
    [
        P(["theft"], "offence.other_categories", id="main-repeated"),
        P(["fraud", "fraud"], "offence.other_categories", id="duplicate"),
        P(["burglary"], "offence.other_categories.0", id="unknown-category"),
        P("violence", "offence.other_categories", id="not-a-list"),
        P([1], "offence.other_categories.0", id="not-a-name"),
    ],
)
def test_other_categories_errors(run_errors, make_facts, others, field):
    errors = run_errors(make_facts("theft", {"offence.other_categories": others}), "en")
    assert field in [e["field"] for e in errors], errors
    assert all(e["message"] for e in errors)


CATEGORIES = [c.value for c in Category]
RANK = {"eligible": 2, "unknown": 1, "not_eligible": 0}


@settings(max_examples=60, deadline=None, database=None)
@given(
    stories=st.lists(st.sampled_from(CATEGORIES), min_size=2, max_size=3, unique=True),
    preset=st.sampled_from(["theft", "violence", "partner_violence", "sarvi"]),
)
def test_each_remedy_is_the_best_single_answer(run, stories, preset):
    main, *others = stories
    combined = run(
        build_facts(preset, {"offence.category": main, "offence.other_categories": others})
    )
    alone = {c: run(build_facts(preset, {"offence.category": c})) for c in stories}
    for got in combined["remedies"]:
        rid = got["id"]
        single = next(r for r in alone[got["category"]]["remedies"] if r["id"] == rid)
        # The SARVI reads the CIVI routes kept, the complaint keeps the latest limit, and the
        # insurer's shorter time for a theft holds whichever offence opened the route.
        if rid not in ("sarvi", "complaint", "insurance"):
            answer = {k: v for k, v in got.items() if k != "category"}
            assert answer == single, rid
        best = max(
            RANK[next(r for r in alone[c]["remedies"] if r["id"] == rid)["status"]] for c in stories
        )
        if rid not in ("sarvi", "complaint"):
            assert RANK[got["status"]] == best, rid
