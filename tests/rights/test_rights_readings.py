"""Readings a legal adviser checks: minors, unknown harm, aggravations, transitions, wording."""

import pytest

from .conftest import build_facts


def test_sexual_offence_on_a_minor_without_birth_date_gets_no_adult_deadline(run, remedy):
    facts = build_facts(
        "theft",
        {
            "offence.category": "sexual_offence_on_minor",
            "offence.date": "2020-01-10",
            "victim.birth_date": ...,
        },
    )
    result = run(facts)
    deadlines = {d["id"] for r in result["remedies"] for d in r["deadlines"]}
    assert "civi_request" not in deadlines
    assert "prosecution_limit" not in deadlines


def test_sexual_offence_on_a_minor_runs_from_majority(run, remedy, deadline):
    facts = build_facts(
        "theft",
        {
            "offence.category": "sexual_offence_on_minor",
            "offence.date": "2020-01-10",
            "victim.birth_date": "2006-05-01",
        },
    )
    result = run(facts)
    assert deadline(remedy(result, "civi_full"), "civi_request")["date"] == "2027-05-03"
    assert deadline(remedy(result, "complaint"), "prosecution_limit")["date"] == "2034-05-01"


def test_vehicle_arson_already_compensated_is_not_the_civi(run, remedy):
    facts = build_facts("vehicle_arson", {"situation.other_compensation": True})
    assert remedy(run(facts), "civi_vehicle")["status"] == "not_eligible"
    facts = build_facts("vehicle_arson", {"situation.other_compensation": ...})
    got = remedy(run(facts), "civi_vehicle")
    assert got["status"] == "unknown"
    assert got["missing"] == ["situation.other_compensation"]


@pytest.mark.parametrize("remedy_id", ["civi_full", "civi_capped"])
def test_other_offence_without_itt_is_unknown_not_refused(run, remedy, remedy_id):
    facts = build_facts("theft", {"offence.category": "other", "harm.itt_days": ...})
    got = remedy(run(facts), remedy_id)
    assert got["status"] == "unknown"
    assert "harm.itt_days" in got["missing"]


def test_unknown_permanent_incapacity_leaves_full_compensation_open(run, remedy):
    base = {"harm.itt_days": 5, "offence.author_is_partner": False}
    unknown = remedy(
        run(build_facts("violence", {**base, "harm.permanent_incapacity": ...})), "civi_full"
    )
    assert unknown["status"] == "unknown"
    assert unknown["missing"] == ["harm.permanent_incapacity"]
    refused = remedy(run(build_facts("violence", base)), "civi_full")
    assert refused["status"] == "not_eligible"


@pytest.mark.parametrize(
    ("changes", "limit"),
    [
        # 16 years old, ITT 5: CP 222-11/222-13, ordinary 6 years from the offence.
        ({"victim.birth_date": "2008-03-01", "harm.itt_days": 5}, "2030-10-01"),
        # 12 years old, ITT 10: CP 222-12 on a minor under 15, 20 years from majority.
        ({"victim.birth_date": "2012-03-01", "harm.itt_days": 10}, "2050-03-01"),
        # Homicide involontaire of a 14-year-old: not a 706-47 offence.
        ({"offence.category": "homicide", "victim.birth_date": "2010-03-01"}, "2030-10-01"),
    ],
    ids=["16y-itt5", "12y-itt10", "involuntary-homicide"],
)
def test_prosecution_limit_for_minors_follows_706_47(run, remedy, deadline, changes, limit):
    facts = build_facts(
        "violence",
        {
            "offence.class": "delit",
            "offence.date": "2024-10-01",
            "procedure.complaint_date": "2024-10-02",
            **changes,
        },
    )
    assert deadline(remedy(run(facts), "complaint"), "prosecution_limit")["date"] == limit


@pytest.mark.parametrize(("partner", "level"), [(False, None), (True, "no_resource_condition")])
def test_mutilation_crime_is_without_resource_condition_only_when_aggravated(
    run, remedy, partner, level
):
    facts = build_facts(
        "violence",
        {
            "offence.class": "crime",
            "offence.author_is_partner": partner,
            "harm.permanent_incapacity": True,
            "situation.annual_income": 80000,
        },
    )
    got = remedy(run(facts), "legal_aid")
    assert got["level"] == level
    assert got["status"] == ("eligible" if partner else "not_eligible")


@pytest.mark.parametrize(
    ("birth", "status"), [("2010-06-01", "eligible"), ("2008-06-01", "not_eligible")]
)
def test_2023_case_covers_a_minor_under_15_not_an_older_one_by_a_stranger(
    run, remedy, birth, status
):
    facts = build_facts(
        "violence",
        {"harm.itt_days": 10, "offence.author_is_partner": False, "victim.birth_date": birth},
    )
    got = remedy(run(facts), "civi_full")
    assert got["status"] == status
    if status == "eligible":
        assert got["cap"] == 5000


def test_protection_order_does_not_need_grave_danger(run, remedy):
    facts = build_facts(
        "partner_violence",
        {"offence.category": "harassment", "danger.grave_danger": False},
    )
    assert remedy(run(facts), "protection_order")["status"] == "eligible"
    assert remedy(run(facts), "tgd")["status"] == "not_eligible"


def test_squat_damage_before_2023_can_go_to_the_capped_civi(run, remedy):
    facts = build_facts(
        "squat",
        {
            "as_of": "2023-06-01",
            "offence.date": "2023-03-01",
            "situation.annual_income": 9000,
            "procedure.complaint_date": "2023-03-02",
        },
    )
    result = run(facts)
    assert remedy(result, "civi_squat")["status"] == "not_eligible"
    assert remedy(result, "civi_capped")["status"] == "eligible"


def test_bracelet_notice_only_for_partner_violence(run, remedy):
    theft = run(build_facts("theft", {"offence.author_is_partner": True}))
    assert "CPP art. 15-3-2" not in remedy(theft, "complaint")["legal_basis"]
    violence = run(build_facts("partner_violence"))
    assert "CPP art. 15-3-2" in remedy(violence, "complaint")["legal_basis"]


def test_a_closed_sarvi_route_pays_nothing(run, remedy):
    facts = build_facts("sarvi", {"situation.annual_income": 9000})  # the CIVI is open
    result = run(facts)
    assert remedy(result, "civi_capped")["status"] == "eligible"
    got = remedy(result, "sarvi")
    assert (got["status"], got["amount"], got["deadlines"]) == ("not_eligible", None, [])


def test_2023_law_applied_to_earlier_facts_is_flagged(run, remedy):
    facts = build_facts("partner_violence", {"offence.date": "2023-06-01"})
    got = remedy(run(facts), "civi_full")
    assert got["status"] == "eligible"
    assert any(u.startswith("law.md §1.5") and "2023-1059" in u for u in got["uncertain"])


def test_a_year_without_published_ceilings_is_flagged(run, remedy):
    facts = build_facts("theft", {"as_of": "2026-01-10"})
    got = remedy(run(facts), "civi_capped")
    assert any("2026" in u and u.startswith("law.md §1.7") for u in got["uncertain"])
    facts = build_facts("theft", {"as_of": "2025-06-10"})
    assert not any("published for" in u for u in remedy(run(facts), "civi_capped")["uncertain"])


def test_offence_date_rules_are_said_on_routes_filed_today(run, remedy):
    facts = build_facts(
        "partner_violence", {"parameters_date": "offence", "offence.date": "2019-06-01"}
    )
    got = remedy(run(facts, "en"), "legal_aid")
    assert any("a request made today follows today's rules" in r for r in got["reasons"])
    today = remedy(run(build_facts("partner_violence"), "en"), "legal_aid")
    assert not any("today's rules" in r for r in today["reasons"])


def test_a_civil_party_date_on_a_sunday_asks_to_send_early(run, remedy):
    facts = build_facts("violence", {"procedure.hearing_date": "2025-03-10"})  # a Monday
    got = remedy(run(facts, "en"), "civil_party")
    assert got["deadlines"][0]["date"] == "2025-03-09"
    assert got["deadlines"][0]["extended"] is False
    assert any("not a working day" in r for r in got["reasons"])
