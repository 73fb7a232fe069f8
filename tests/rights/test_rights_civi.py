"""CIVI routes (CPP 706-3, 706-14, 706-14-1, 706-14-3) and the guarantee funds.

Legal reference: law.md §1.1 to §1.4 and §1.7.
"""

import pytest

P = pytest.param

ADULT_STRANGER = {"offence.author_is_partner": False, "victim.birth_date": "1980-04-02"}


def _uncertain_in(remedy_dict, section):
    return [u for u in remedy_dict["uncertain"] if u.startswith(f"law.md {section}")]


# ---------------------------------------------------------------------------
# civi_full — art. 706-3 CPP (law.md §1.1)
# ---------------------------------------------------------------------------

CIVI_FULL = [
    P("violence", {}, "eligible", id="itt-40-days"),
    P("violence", {"harm.itt_days": 30}, "eligible", id="itt-30-days-is-one-month"),
    P("violence", {"harm.itt_days": 29}, "not_eligible", id="itt-29-days-below-one-month"),
    P("violence", {"harm.itt_days": 0, "harm.death": True}, "eligible", id="death"),
    P(
        "violence",
        {"harm.itt_days": 0, "harm.permanent_incapacity": True},
        "eligible",
        id="permanent-incapacity",
    ),
    P(
        "violence",
        {
            "offence.category": "homicide",
            "offence.class": "crime",
            "harm.death": True,
            "harm.itt_days": 0,
            "victim.indirect": True,
            "victim.direct_victim_birth_date": "1975-05-05",
        },
        "eligible",
        id="homicide-relative-of-deceased",
    ),
    P(
        "violence",
        {"offence.category": "sexual_violence", "offence.class": "crime", "harm.itt_days": 0},
        "eligible",
        id="sexual-violence-without-itt",
    ),
    P(
        "violence",
        {"offence.category": "trafficking", "harm.itt_days": 0},
        "eligible",
        id="trafficking-without-itt",
    ),
    P(
        "violence",
        {
            "offence.category": "sexual_offence_on_minor",
            "harm.itt_days": 0,
            "victim.birth_date": "2010-01-15",
        },
        "eligible",
        id="sexual-offence-on-minor-without-itt",
    ),
    P("terrorism", {}, "not_eligible", id="terrorism-excluded-fgti"),
    P("terrorism", {"harm.death": True}, "not_eligible", id="terrorism-death-excluded"),
    P(
        "violence",
        {"offence.category": "traffic_accident", "offence.author_known": False},
        "not_eligible",
        id="traffic-accident-excluded",
    ),
    P(
        "violence",
        {"offence.category": "hunting_accident"},
        "not_eligible",
        id="hunting-accident-excluded",
    ),
    P("theft", {}, "not_eligible", id="theft-no-harm-to-person"),
    P(
        "violence",
        {"offence.category": "harassment", "harm.itt_days": 0},
        "not_eligible",
        id="harassment-without-itt",
    ),
    P(
        "violence",
        {"offence.in_france": False, "victim.french_national": True},
        "eligible",
        id="abroad-french-victim",
    ),
    P(
        "violence",
        {"offence.in_france": True, "victim.french_national": False},
        "eligible",
        id="in-france-foreign-victim",
    ),
    P(
        "violence",
        {"offence.in_france": False, "victim.french_national": False},
        "not_eligible",
        id="abroad-foreign-victim",
    ),
    P(
        "violence",
        {**ADULT_STRANGER, "harm.itt_days": 15},
        "not_eligible",
        id="adult-stranger-itt-15",
    ),
]


@pytest.mark.parametrize("preset,changes,expected", CIVI_FULL)
def test_civi_full_status(status, preset, changes, expected):
    assert status(preset, changes, "civi_full") == expected


def test_civi_full_has_no_cap_for_serious_harm(run, make_facts, remedy):
    civi = remedy(run(make_facts("violence")), "civi_full")
    assert civi["status"] == "eligible"
    assert civi["cap"] is None
    assert civi["amount"] is None
    assert "CPP art. 706-3" in civi["legal_basis"]


CIVI_FULL_MISSING = [
    P(
        "violence",
        {"harm.itt_days": ...},
        "harm.itt_days",
        id="itt-absent",
    ),
    P(
        "violence",
        {"offence.in_france": False, "victim.french_national": ...},
        "victim.french_national",
        id="abroad-nationality-absent",
    ),
    P(
        "violence",
        {"offence.in_france": ..., "victim.french_national": False},
        "offence.in_france",
        id="foreign-place-absent",
    ),
    P(
        "violence",
        {"harm.itt_days": 15, "offence.author_is_partner": ...},
        "offence.author_is_partner",
        id="itt-15-partner-link-absent",
    ),
    P(
        "violence",
        {"harm.itt_days": 15, "offence.author_is_partner": False, "victim.birth_date": ...},
        "victim.birth_date",
        id="itt-15-age-absent",
    ),
]


@pytest.mark.parametrize("preset,changes,missing", CIVI_FULL_MISSING)
def test_civi_full_missing_fact(run, make_facts, remedy, preset, changes, missing):
    civi = remedy(run(make_facts(preset, changes)), "civi_full")
    assert civi["status"] == "unknown"
    assert missing in civi["missing"]


# Third tiret of 706-3 2° (loi 2023-1059, in force 2023-11-22): violence on a
# minor or by a (former) partner; 5 000 € cap when ITT < 1 month, published by
# the arrêté in force 2024-12-02.
PARTNER_OR_MINOR = [
    P("partner_violence", {}, "eligible", 5000, id="partner-itt-15-2025"),
    P(
        "partner_violence",
        {"as_of": "2024-12-02"},
        "eligible",
        5000,
        id="partner-itt-15-cap-first-day-2024-12-02",
    ),
    P(
        "partner_violence",
        {"as_of": "2024-12-01"},
        "eligible",
        None,
        id="partner-itt-15-cap-not-yet-published-2024-12-01",
    ),
    P(
        "partner_violence",
        {
            "as_of": "2023-11-22",
            "offence.date": "2023-11-22",
            "procedure.complaint_date": "2023-11-22",
        },
        "eligible",
        None,
        id="partner-itt-15-rule-first-day-2023-11-22",
    ),
    P("partner_violence", {"harm.itt_days": 9}, "eligible", 5000, id="partner-itt-9-days"),
    P("partner_violence", {"harm.itt_days": 29}, "eligible", 5000, id="partner-itt-29-days"),
    P(
        "partner_violence",
        {"harm.itt_days": 30},
        "eligible",
        None,
        id="partner-itt-30-days-uncapped",
    ),
    P(
        "violence",
        {"harm.itt_days": 15, "victim.birth_date": "2010-01-15"},
        "eligible",
        5000,
        id="minor-victim-stranger-itt-15",
    ),
]


@pytest.mark.parametrize("preset,changes,expected,cap", PARTNER_OR_MINOR)
def test_civi_full_partner_or_minor_violence(
    run, make_facts, remedy, preset, changes, expected, cap
):
    civi = remedy(run(make_facts(preset, changes)), "civi_full")
    assert civi["status"] == expected
    if cap is None:
        assert civi["cap"] is None
    else:
        assert civi["cap"] == pytest.approx(cap)


@pytest.mark.parametrize(
    "as_of",
    [P("2024-12-01", id="day-before-arrete"), P("2024-01-10", id="early-2024")],
)
def test_civi_full_5000_cap_unpublished_is_flagged(run, make_facts, remedy, as_of):
    civi = remedy(
        run(
            make_facts(
                "partner_violence",
                {
                    "as_of": as_of,
                    "offence.date": "2023-12-01",
                    "procedure.complaint_date": "2023-12-02",
                },
            )
        ),
        "civi_full",
    )
    assert civi["status"] == "eligible"
    assert civi["cap"] is None
    assert _uncertain_in(civi, "§1.1"), civi["uncertain"]


NOT_YET_IN_FORCE = [
    P(
        "partner_violence",
        {
            "as_of": "2023-11-21",
            "offence.date": "2023-11-01",
            "procedure.complaint_date": "2023-11-02",
        },
        id="partner-itt-15-day-before-loi-2023-1059",
    ),
    P("partner_violence", {"harm.itt_days": 8}, id="partner-itt-8-days-not-222-12"),
    P(
        "violence",
        {
            "harm.itt_days": 15,
            "victim.birth_date": "2010-01-15",
            "as_of": "2023-11-21",
            "offence.date": "2023-11-01",
            "procedure.complaint_date": "2023-11-02",
        },
        id="minor-itt-15-day-before-loi-2023-1059",
    ),
]


@pytest.mark.parametrize("preset,changes", NOT_YET_IN_FORCE)
def test_civi_full_partner_or_minor_case_limits(status, preset, changes):
    assert status(preset, changes, "civi_full") != "eligible"


# ---------------------------------------------------------------------------
# civi_capped — art. 706-14 CPP (law.md §1.2, ceilings §1.7)
# ---------------------------------------------------------------------------

CIVI_CAPPED = [
    P("theft", {}, "eligible", id="theft"),
    P("theft", {"offence.category": "fraud"}, "eligible", id="fraud"),
    P("theft", {"offence.category": "breach_of_trust"}, "eligible", id="breach-of-trust"),
    P("theft", {"offence.category": "extortion"}, "eligible", id="extortion"),
    P("theft", {"offence.category": "property_damage"}, "eligible", id="property-damage"),
    P("violence", {"harm.itt_days": 10}, "eligible", id="violence-itt-10"),
    P("violence", {"harm.itt_days": 29}, "eligible", id="violence-itt-29"),
    P("violence", {"harm.itt_days": 45}, "not_eligible", id="violence-itt-45-is-706-3"),
    P("theft", {"situation.other_compensation": True}, "not_eligible", id="other-compensation"),
    P("theft", {"situation.serious_situation": False}, "not_eligible", id="no-serious-situation"),
    P(
        "theft",
        {"offence.in_france": False, "victim.french_national": False},
        "not_eligible",
        id="abroad-foreign-victim",
    ),
    P(
        "theft",
        {"offence.in_france": False, "victim.french_national": True},
        "eligible",
        id="abroad-french-victim",
    ),
    P("terrorism", {"harm.itt_days": 10}, "not_eligible", id="terrorism-excluded"),
    P(
        "violence",
        {
            "offence.category": "traffic_accident",
            "offence.author_known": False,
            "harm.itt_days": 10,
        },
        "not_eligible",
        id="traffic-accident-excluded",
    ),
    P(
        "violence",
        {"offence.category": "hunting_accident", "harm.itt_days": 10},
        "not_eligible",
        id="hunting-accident-excluded",
    ),
    P("theft", {"situation.annual_income": 0}, "eligible", id="no-income"),
]


@pytest.mark.parametrize("preset,changes,expected", CIVI_CAPPED)
def test_civi_capped_status(status, preset, changes, expected):
    assert status(preset, changes, "civi_capped") == expected


def _income_case(as_of, offence, income, extra=0, mode=None):
    changes = {
        "as_of": as_of,
        "offence.date": offence,
        "procedure.complaint_date": offence,
        "situation.annual_income": income,
        "situation.household_extra_persons": extra,
    }
    if mode:
        changes["parameters_date"] = mode
    return changes


# Resources strictly below the partial-AJ ceiling, dependants included.
CIVI_CAPPED_INCOME = [
    # 2025 (19 290 €), strict comparison at the exact ceiling.
    P(_income_case("2025-03-01", "2024-06-10", 19289.99), "eligible", id="2025-single-19289.99"),
    P(
        _income_case("2025-03-01", "2024-06-10", 19290),
        "not_eligible",
        id="2025-single-19290-strict",
    ),
    P(_income_case("2025-03-01", "2024-06-10", 21605, 1), "eligible", id="2025-one-extra-21605"),
    P(
        _income_case("2025-03-01", "2024-06-10", 21606, 1),
        "not_eligible",
        id="2025-one-extra-21606",
    ),
    P(_income_case("2025-03-01", "2024-06-10", 25382, 3), "eligible", id="2025-three-extra-25382"),
    P(
        _income_case("2025-03-01", "2024-06-10", 25383, 3),
        "not_eligible",
        id="2025-three-extra-25383",
    ),
    # service-public 2024 table: 19 066 → 21 354 → 23 643 → 25 088 → 26 533 (±1 €).
    P(_income_case("2024-06-01", "2024-03-01", 19065), "eligible", id="2024-sp-0-extra-19065"),
    P(
        _income_case("2024-06-01", "2024-03-01", 19066),
        "not_eligible",
        id="2024-sp-0-extra-19066-strict",
    ),
    P(_income_case("2024-06-01", "2024-03-01", 21353, 1), "eligible", id="2024-sp-1-extra-21353"),
    P(
        _income_case("2024-06-01", "2024-03-01", 21355, 1),
        "not_eligible",
        id="2024-sp-1-extra-21355",
    ),
    P(_income_case("2024-06-01", "2024-03-01", 23642, 2), "eligible", id="2024-sp-2-extra-23642"),
    P(
        _income_case("2024-06-01", "2024-03-01", 23644, 2),
        "not_eligible",
        id="2024-sp-2-extra-23644",
    ),
    P(_income_case("2024-06-01", "2024-03-01", 25087, 3), "eligible", id="2024-sp-3-extra-25087"),
    P(
        _income_case("2024-06-01", "2024-03-01", 25089, 3),
        "not_eligible",
        id="2024-sp-3-extra-25089",
    ),
    P(_income_case("2024-06-01", "2024-03-01", 26532, 4), "eligible", id="2024-sp-4-extra-26532"),
    P(
        _income_case("2024-06-01", "2024-03-01", 26534, 4),
        "not_eligible",
        id="2024-sp-4-extra-26534",
    ),
    # Dates the ceilings change, and the day before each.
    P(_income_case("2020-12-31", "2020-10-01", 17000), "eligible", id="2020-12-31-monthly-1564"),
    P(_income_case("2021-01-01", "2020-10-01", 17000), "not_eligible", id="2021-01-01-rfr-16890"),
    P(_income_case("2020-12-31", "2020-10-01", 1563 * 12), "eligible", id="2020-monthly-1563"),
    P(
        _income_case("2020-12-31", "2020-10-01", 1564 * 12),
        "not_eligible",
        id="2020-monthly-1564-strict",
    ),
    P(_income_case("2021-06-01", "2021-03-01", 16889.99), "eligible", id="2021-16889.99"),
    P(_income_case("2021-06-01", "2021-03-01", 16890), "not_eligible", id="2021-16890-strict"),
    P(_income_case("2022-01-20", "2021-10-01", 17000), "not_eligible", id="2022-01-20-still-16890"),
    P(_income_case("2022-01-21", "2021-10-01", 17000), "eligible", id="2022-01-21-17367"),
    P(_income_case("2023-01-17", "2022-10-01", 18000), "not_eligible", id="2023-01-17-still-17367"),
    P(_income_case("2023-01-18", "2022-10-01", 18000), "eligible", id="2023-01-18-18404"),
    P(_income_case("2024-01-17", "2023-10-01", 18500), "not_eligible", id="2024-01-17-still-18404"),
    P(_income_case("2024-01-18", "2023-10-01", 18500), "eligible", id="2024-01-18-19066"),
    P(_income_case("2025-01-22", "2024-10-01", 19100), "not_eligible", id="2025-01-22-still-19066"),
    P(_income_case("2025-01-23", "2024-10-01", 19100), "eligible", id="2025-01-23-19290"),
    P(_income_case("2026-06-01", "2025-10-01", 19289), "eligible", id="2026-uses-2025-values"),
    P(
        _income_case("2026-06-01", "2025-10-01", 19290),
        "not_eligible",
        id="2026-uses-2025-values-strict",
    ),
    # Seed (2019): 1 546 / 1 732 / 1 917 €/month for 0 / 1 / 2 dependants.
    P(_income_case("2019-06-01", "2019-03-01", 1545 * 12), "eligible", id="2019-seed-0-dep-1545"),
    P(
        _income_case("2019-06-01", "2019-03-01", 1546 * 12),
        "not_eligible",
        id="2019-seed-0-dep-1546-strict",
    ),
    P(
        _income_case("2019-06-01", "2019-03-01", 1731 * 12, 1),
        "eligible",
        id="2019-seed-1-dep-1731",
    ),
    P(
        _income_case("2019-06-01", "2019-03-01", 1733 * 12, 1),
        "not_eligible",
        id="2019-seed-1-dep-1733",
    ),
    P(
        _income_case("2019-06-01", "2019-03-01", 1916 * 12, 2),
        "eligible",
        id="2019-seed-2-dep-1916",
    ),
    P(
        _income_case("2019-06-01", "2019-03-01", 1918 * 12, 2),
        "not_eligible",
        id="2019-seed-2-dep-1918",
    ),
    P(_income_case("2019-06-01", "2019-03-01", 2034 * 12, 3), "eligible", id="2019-3-dep-2034"),
    P(_income_case("2019-06-01", "2019-03-01", 2035 * 12, 3), "not_eligible", id="2019-3-dep-2035"),
    # parameters_date "offence": the offence date selects the 2019 values.
    P(
        _income_case("2025-03-01", "2019-06-01", 1545 * 12, 0, "offence"),
        "eligible",
        id="offence-date-2019-0-dep-1545",
    ),
    P(
        _income_case("2025-03-01", "2019-06-01", 1547 * 12, 0, "offence"),
        "not_eligible",
        id="offence-date-2019-0-dep-1547",
    ),
    P(
        _income_case("2025-03-01", "2019-06-01", 1731 * 12, 1, "offence"),
        "eligible",
        id="offence-date-2019-1-dep-1731",
    ),
    P(
        _income_case("2025-03-01", "2019-06-01", 1733 * 12, 1, "offence"),
        "not_eligible",
        id="offence-date-2019-1-dep-1733",
    ),
    P(
        _income_case("2025-03-01", "2019-06-01", 1916 * 12, 2, "offence"),
        "eligible",
        id="offence-date-2019-2-dep-1916",
    ),
    P(
        _income_case("2025-03-01", "2019-06-01", 1918 * 12, 2, "offence"),
        "not_eligible",
        id="offence-date-2019-2-dep-1918",
    ),
    # Same facts, default parameters date (as_of 2025): 21 605.16 € ceiling.
    P(
        _income_case("2025-03-01", "2019-06-01", 1733 * 12, 1),
        "eligible",
        id="as-of-date-2025-1-dep-1733",
    ),
    P(
        _income_case("2025-03-01", "2019-06-01", 1733 * 12, 1, "as_of"),
        "eligible",
        id="explicit-as-of-2025-1-dep-1733",
    ),
]


@pytest.mark.parametrize("changes,expected", CIVI_CAPPED_INCOME)
def test_civi_capped_resources(status, changes, expected):
    assert status("theft", changes, "civi_capped") == expected


CIVI_CAPPED_MISSING = [
    P({"situation.annual_income": ...}, "situation.annual_income", id="income-absent"),
    P({"situation.annual_income": None}, "situation.annual_income", id="income-null"),
    P(
        {"situation.serious_situation": ...},
        "situation.serious_situation",
        id="serious-situation-absent",
    ),
    P(
        {"situation.other_compensation": ...},
        "situation.other_compensation",
        id="other-compensation-absent",
    ),
    P(
        {"offence.in_france": False, "victim.french_national": ...},
        "victim.french_national",
        id="abroad-nationality-absent",
    ),
]


@pytest.mark.parametrize("changes,missing", CIVI_CAPPED_MISSING)
def test_civi_capped_missing_fact(run, make_facts, remedy, changes, missing):
    civi = remedy(run(make_facts("theft", changes)), "civi_capped")
    assert civi["status"] == "unknown"
    assert missing in civi["missing"]


def test_civi_capped_failing_condition_is_not_eligible_despite_missing_income(status):
    changes = {"situation.annual_income": ..., "situation.other_compensation": True}
    assert status("theft", changes, "civi_capped") != "eligible"


# Cap = 3 × monthly single-person partial-AJ ceiling, exact; published ±1 €.
CAPS = [
    P("2019-01-18", "2019-01-10", 4638, 4639, id="2019-first-day"),
    P("2019-06-01", "2019-03-01", 4638, 4639, id="2019"),
    P("2020-06-01", "2020-03-01", 4692, 4693, id="2020"),
    P("2020-12-31", "2020-10-01", 4692, 4693, id="2020-12-31"),
    P("2021-01-01", "2020-10-01", 4222.5, None, id="2021-01-01"),
    P("2021-06-01", "2021-03-01", 4222.5, None, id="2021"),
    P("2022-01-20", "2021-10-01", 4222.5, None, id="2022-01-20"),
    P("2022-01-21", "2021-10-01", 4341.75, 4342, id="2022-01-21"),
    P("2023-01-17", "2022-10-01", 4341.75, 4342, id="2023-01-17"),
    P("2023-01-18", "2022-10-01", 4601.0, 4601, id="2023-01-18"),
    P("2024-01-17", "2023-10-01", 4601.0, 4601, id="2024-01-17"),
    P("2024-01-18", "2023-10-01", 4766.5, 4767, id="2024-01-18"),
    P("2025-01-22", "2024-10-01", 4766.5, 4767, id="2025-01-22"),
    P("2025-01-23", "2024-10-01", 4822.5, 4823, id="2025-01-23"),
    P("2026-06-01", "2025-10-01", 4822.5, 4823, id="2026-uses-2025"),
]


@pytest.mark.parametrize("as_of,offence,exact,published", CAPS)
def test_civi_capped_cap(run, make_facts, remedy, as_of, offence, exact, published):
    facts = make_facts(
        "theft",
        {
            "as_of": as_of,
            "offence.date": offence,
            "procedure.complaint_date": offence,
            "situation.annual_income": 0,
        },
    )
    civi = remedy(run(facts), "civi_capped")
    assert civi["status"] == "eligible"
    assert civi["cap"] == pytest.approx(exact, abs=1e-6)
    if published is not None:
        assert abs(civi["cap"] - published) <= 1


def test_civi_capped_cap_with_offence_date_parameters(run, make_facts, remedy):
    facts = make_facts(
        "theft",
        _income_case("2025-03-01", "2019-06-01", 1000 * 12, 0, "offence"),
    )
    civi = remedy(run(facts), "civi_capped")
    assert civi["status"] == "eligible"
    assert civi["cap"] == pytest.approx(4638, abs=1e-6)


@pytest.mark.parametrize(
    "extra", [P(1, id="one-extra"), P(2, id="two-extra"), P(5, id="five-extra")]
)
def test_civi_capped_cap_uses_single_person_ceiling(run, make_facts, remedy, extra):
    facts = make_facts("theft", {"situation.household_extra_persons": extra})
    civi = remedy(run(facts), "civi_capped")
    assert civi["status"] == "eligible"
    assert civi["cap"] == pytest.approx(4822.5, abs=1e-6)
    assert _uncertain_in(civi, "§1.2"), civi["uncertain"]


def test_civi_capped_legal_basis_and_no_amount(run, make_facts, remedy):
    civi = remedy(run(make_facts("theft")), "civi_capped")
    assert "CPP art. 706-14" in civi["legal_basis"]
    assert civi["amount"] is None
    assert civi["missing"] == []


def test_civi_capped_says_which_date_selects_the_ceilings(run, make_facts, remedy):
    civi = remedy(run(make_facts("theft")), "civi_capped")
    assert any(u.startswith("law.md §1.7") for u in civi["uncertain"]), civi["uncertain"]


def test_civi_capped_extortion_flags_extortion_like_categories(run, make_facts, remedy):
    theft = remedy(run(make_facts("theft")), "civi_capped")
    extortion = remedy(run(make_facts("theft", {"offence.category": "extortion"})), "civi_capped")
    assert extortion["status"] == "eligible"
    extra = set(extortion["uncertain"]) - set(theft["uncertain"])
    assert any(u.startswith("law.md §1.2") for u in extra), extortion["uncertain"]


# ---------------------------------------------------------------------------
# civi_vehicle — art. 706-14-1 CPP (law.md §1.3)
# ---------------------------------------------------------------------------

CIVI_VEHICLE = [
    P({}, "eligible", id="all-conditions"),
    P({"situation.serious_situation": False}, "eligible", id="no-serious-situation-needed"),
    P({"vehicle.registered": False}, "not_eligible", id="not-registered"),
    P({"vehicle.inspection_ok": False}, "not_eligible", id="no-technical-inspection"),
    P({"vehicle.insured": False}, "not_eligible", id="not-insured"),
    P(
        {"offence.in_france": False, "victim.french_national": True},
        "not_eligible",
        id="abroad-even-french-victim",
    ),
    P({"offence.category": "theft"}, "not_eligible", id="theft-not-arson"),
    # ≤ 1.5 × ceiling with dependants.
    P(_income_case("2024-06-01", "2024-03-01", 28599), "eligible", id="2024-single-28599-le"),
    P(
        _income_case("2024-06-01", "2024-03-01", 28599.01),
        "not_eligible",
        id="2024-single-28599.01",
    ),
    P(_income_case("2025-03-01", "2024-06-10", 28935), "eligible", id="2025-single-28935-le"),
    P(
        _income_case("2025-03-01", "2024-06-10", 28935.01),
        "not_eligible",
        id="2025-single-28935.01",
    ),
    P(_income_case("2025-03-01", "2024-06-10", 32407, 1), "eligible", id="2025-one-extra-32407"),
    P(
        _income_case("2025-03-01", "2024-06-10", 32409, 1),
        "not_eligible",
        id="2025-one-extra-32409",
    ),
    P(_income_case("2019-06-01", "2019-03-01", 2319 * 12), "eligible", id="2019-monthly-2319-le"),
    P(
        _income_case("2019-06-01", "2019-03-01", 2319 * 12 + 1),
        "not_eligible",
        id="2019-monthly-above",
    ),
]


@pytest.mark.parametrize("changes,expected", CIVI_VEHICLE)
def test_civi_vehicle_status(status, changes, expected):
    assert status("vehicle_arson", changes, "civi_vehicle") == expected


@pytest.mark.parametrize(
    "changes,missing",
    [
        P({"vehicle.registered": ...}, "vehicle.registered", id="registration-absent"),
        P({"vehicle.inspection_ok": ...}, "vehicle.inspection_ok", id="inspection-absent"),
        P({"vehicle.insured": ...}, "vehicle.insured", id="insurance-absent"),
        P({"situation.annual_income": ...}, "situation.annual_income", id="income-absent"),
        P({"offence.in_france": ...}, "offence.in_france", id="place-absent"),
    ],
)
def test_civi_vehicle_missing_fact(run, make_facts, remedy, changes, missing):
    civi = remedy(run(make_facts("vehicle_arson", changes)), "civi_vehicle")
    assert civi["status"] == "unknown"
    assert missing in civi["missing"]


def test_civi_vehicle_cap_is_the_706_14_cap(run, make_facts, remedy):
    civi = remedy(run(make_facts("vehicle_arson")), "civi_vehicle")
    assert civi["cap"] == pytest.approx(4822.5, abs=1e-6)
    assert "CPP art. 706-14-1" in civi["legal_basis"]


# ---------------------------------------------------------------------------
# civi_squat — art. 706-14-3 CPP (law.md §1.4)
# ---------------------------------------------------------------------------

SQUAT_BEFORE_RULE = {"offence.date": "2023-11-01", "procedure.complaint_date": "2023-11-02"}
SQUAT_RULE_START = {"offence.date": "2023-11-22", "procedure.complaint_date": "2023-11-22"}

CIVI_SQUAT = [
    P({}, "eligible", 3000, id="high-income-2025"),
    P({"situation.annual_income": 5000}, "eligible", 3000, id="low-income-2025"),
    P({"situation.annual_income": ...}, "eligible", 3000, id="income-not-needed"),
    P({"as_of": "2024-12-02"}, "eligible", 3000, id="cap-first-day-2024-12-02"),
    P({"as_of": "2024-12-01"}, "eligible", None, id="cap-not-yet-published-2024-12-01"),
    P(
        {**SQUAT_RULE_START, "as_of": "2023-11-22"},
        "eligible",
        None,
        id="rule-first-day-2023-11-22",
    ),
    P(
        {**SQUAT_BEFORE_RULE, "as_of": "2023-11-21"},
        "not_eligible",
        None,
        id="day-before-loi-2023-1059",
    ),
    P(
        {"offence.in_france": False, "victim.french_national": True},
        "not_eligible",
        None,
        id="abroad",
    ),
    P({"situation.serious_situation": False}, "not_eligible", None, id="no-serious-situation"),
    P({"situation.other_compensation": True}, "not_eligible", None, id="other-compensation"),
    P({"offence.category": "theft"}, "not_eligible", None, id="theft-not-squat"),
]


@pytest.mark.parametrize("changes,expected,cap", CIVI_SQUAT)
def test_civi_squat(run, make_facts, remedy, changes, expected, cap):
    civi = remedy(run(make_facts("squat", changes)), "civi_squat")
    assert civi["status"] == expected
    if expected == "eligible":
        if cap is None:
            assert civi["cap"] is None
            assert civi["uncertain"], "an unpublished cap must be flagged"
            assert all(u.startswith("law.md §") for u in civi["uncertain"])
        else:
            assert civi["cap"] == pytest.approx(cap)


def test_civi_squat_missing_serious_situation(run, make_facts, remedy):
    civi = remedy(run(make_facts("squat", {"situation.serious_situation": ...})), "civi_squat")
    assert civi["status"] == "unknown"
    assert "situation.serious_situation" in civi["missing"]


# ---------------------------------------------------------------------------
# guarantee_fund_direct — FGTI / FGAO (law.md §1.1 1.)
# ---------------------------------------------------------------------------

FUNDS = [
    P("terrorism", {}, "eligible", "FGTI", id="terrorism-fgti"),
    P(
        "terrorism",
        {"harm.death": True, "victim.indirect": True},
        "eligible",
        "FGTI",
        id="terrorism-death-fgti",
    ),
    P(
        "violence",
        {"offence.category": "traffic_accident", "offence.author_known": False},
        "eligible",
        "FGAO",
        id="traffic-driver-unknown-fgao",
    ),
    P(
        "violence",
        {"offence.category": "traffic_accident", "offence.author_insured": False},
        "eligible",
        "FGAO",
        id="traffic-driver-uninsured-fgao",
    ),
    P(
        "violence",
        {"offence.category": "traffic_accident", "offence.author_insured": True},
        "not_eligible",
        "FGAO",
        id="traffic-driver-insured-insurer-pays",
    ),
    P(
        "violence",
        {"offence.category": "hunting_accident", "offence.author_known": False},
        "eligible",
        "FGAO",
        id="hunting-accident-author-unknown-fgao",
    ),
    P(
        "violence",
        {"offence.category": "hunting_accident", "offence.author_insured": False},
        "eligible",
        "FGAO",
        id="hunting-accident-uninsured-fgao",
    ),
    P("theft", {}, "not_eligible", None, id="theft"),
    P("violence", {}, "not_eligible", None, id="violence"),
    P("squat", {}, "not_eligible", None, id="squat"),
]


@pytest.mark.parametrize("preset,changes,expected,fund", FUNDS)
def test_guarantee_fund_direct(run, make_facts, remedy, preset, changes, expected, fund):
    direct = remedy(run(make_facts(preset, changes)), "guarantee_fund_direct")
    assert "fund" in direct
    assert direct["status"] == expected
    if fund is not None:
        assert direct["fund"] == fund
