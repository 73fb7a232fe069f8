"""Legal deadlines: dates, CPP 801 extension, states.

Legal reference: law.md §1.5, §2, §3, §4 (limitation of prosecution), §5, §6.
"""

import pytest

P = pytest.param


def _offence(date, **more):
    return {"offence.date": date, "procedure.complaint_date": date, **more}


# civi_request (706-5): offence + 3 years (minor: majority + 3 years since
# 2023-11-22), or decision_final_date + 1 year when later; CPP 801 extends a
# deadline falling on a Saturday, Sunday or public holiday.
CIVI_REQUEST = [
    P(_offence("2022-07-14"), "2025-07-15", True, id="14-july-holiday-monday"),
    P(_offence("2021-03-20"), "2024-03-20", False, id="wednesday-working-day"),
    P(_offence("2022-03-15"), "2025-03-17", True, id="saturday-to-monday"),
    P(_offence("2022-11-01"), "2025-11-03", True, id="all-saints-saturday-to-monday"),
    P(
        _offence("2022-12-25", **{"offence.department": "75"}),
        "2025-12-26",
        True,
        id="christmas-paris-to-26-december",
    ),
    P(
        _offence("2022-12-25", **{"offence.department": "57"}),
        "2025-12-29",
        True,
        id="christmas-moselle-skips-26-december",
    ),
    P(
        _offence("2020-12-26", **{"offence.department": "57"}),
        "2023-12-27",
        True,
        id="26-december-moselle-holiday",
    ),
    P(
        _offence("2020-12-26", **{"offence.department": "88"}),
        "2023-12-26",
        False,
        id="26-december-vosges-working-day",
    ),
    P(
        _offence("2021-03-29", **{"offence.department": "67"}),
        "2024-04-02",
        True,
        id="good-friday-bas-rhin-then-easter-monday",
    ),
    P(
        _offence("2021-03-29", **{"offence.department": "75"}),
        "2024-03-29",
        False,
        id="good-friday-paris-working-day",
    ),
    P(
        _offence("2022-04-18", **{"offence.department": "68"}),
        "2025-04-22",
        True,
        id="good-friday-haut-rhin-2025",
    ),
    P(
        _offence("2022-04-18", **{"offence.department": "13"}),
        "2025-04-18",
        False,
        id="good-friday-bouches-du-rhone-2025",
    ),
    P(
        _offence("2020-12-26", **{"offence.department": ...}),
        "2023-12-26",
        False,
        id="26-december-no-department-national-calendar",
    ),
    P(
        _offence("2023-04-03", **{"offence.department": "57"}),
        "2026-04-07",
        True,
        id="good-friday-moselle-2026-then-easter-monday",
    ),
    P(
        _offence("2023-04-03", **{"offence.department": "75"}),
        "2026-04-03",
        False,
        id="good-friday-paris-2026-working-day",
    ),
    P(
        _offence("2024-05-01", **{"as_of": "2025-03-01"}),
        "2027-05-03",
        True,
        id="1-may-saturday-then-sunday",
    ),
    P(_offence("2022-05-08"), "2025-05-09", True, id="8-may-thursday"),
    P(_offence("2022-05-29"), "2025-05-30", True, id="ascension-thursday"),
    P(_offence("2022-06-09"), "2025-06-10", True, id="whit-monday"),
    P(_offence("2022-08-15"), "2025-08-18", True, id="assumption-friday-to-monday"),
    P(_offence("2022-11-11"), "2025-11-12", True, id="armistice-tuesday"),
    P(_offence("2023-01-01"), "2026-01-02", True, id="new-year-thursday"),
    P(_offence("2020-02-29"), "2023-02-28", False, id="29-february-clamp"),
    P(
        _offence("2020-01-10", **{"procedure.decision_final_date": "2022-06-15"}),
        "2023-06-15",
        False,
        id="decision-plus-one-year-later",
    ),
    P(
        _offence("2022-01-10", **{"procedure.decision_final_date": "2022-06-01"}),
        "2025-01-10",
        False,
        id="offence-plus-three-years-later",
    ),
    P(
        _offence("2022-01-03", **{"procedure.decision_final_date": "2024-05-01"}),
        "2025-05-02",
        True,
        id="decision-plus-one-year-on-1-may",
    ),
    P(
        _offence("2024-03-10", **{"victim.birth_date": "2010-05-20"}),
        "2031-05-20",
        False,
        id="minor-runs-from-majority",
    ),
    P(
        _offence(
            "2024-03-10",
            **{"victim.birth_date": "2010-05-20", "procedure.decision_final_date": "2024-12-01"},
        ),
        "2031-05-20",
        False,
        id="minor-majority-later-than-decision",
    ),
    P(
        _offence("2023-06-01", **{"victim.birth_date": "2010-05-20", "as_of": "2023-11-21"}),
        "2026-06-01",
        False,
        id="minor-before-loi-2023-1059",
    ),
]


@pytest.mark.parametrize("changes,date,extended", CIVI_REQUEST)
def test_civi_request_date(run, make_facts, remedy, deadline, changes, date, extended):
    civi = remedy(run(make_facts("violence", changes)), "civi_full")
    assert civi["status"] == "eligible"
    request = deadline(civi, "civi_request")
    assert request is not None
    assert request["date"] == date
    assert request["extended"] is extended
    assert ("CPP art. 801" in request["legal_basis"]) is extended
    assert "CPP art. 706-5" in request["legal_basis"]
    assert request["relief_possible"] is True
    assert request["indicative"] is False


def test_civi_request_on_capped_route(run, make_facts, remedy, deadline):
    civi = remedy(run(make_facts("theft")), "civi_capped")
    request = deadline(civi, "civi_request")
    assert request["date"] == "2027-06-10"
    assert request["state"] == "open"
    assert request["extended"] is False


def test_civi_request_minor_before_loi_2023_1059_flags_transitional_rule(
    run, make_facts, remedy, deadline
):
    facts = make_facts("violence", _offence("2023-06-01", **{"victim.birth_date": "2010-05-20"}))
    civi = remedy(run(facts), "civi_full")
    assert deadline(civi, "civi_request")["date"] in ("2026-06-01", "2031-05-20")
    assert any(u.startswith("law.md §1.5") for u in civi["uncertain"]), civi["uncertain"]


def test_civi_request_extension_flagged_uncertain(run, make_facts, remedy):
    civi = remedy(run(make_facts("violence", _offence("2022-07-14"))), "civi_full")
    assert any("801" in u for u in civi["uncertain"]), civi["uncertain"]
    assert all(u.startswith("law.md §") for u in civi["uncertain"])


# civi_complement (706-8): 1 year after the final decision on civil interests.
CIVI_COMPLEMENT = [
    P(
        _offence("2022-01-03", **{"procedure.decision_final_date": "2024-05-01"}),
        "2025-05-02",
        True,
        id="on-1-may-extended",
    ),
    P(
        _offence("2020-01-10", **{"procedure.decision_final_date": "2022-06-15"}),
        "2023-06-15",
        False,
        id="thursday",
    ),
    P(
        _offence("2023-01-10", **{"procedure.decision_final_date": "2024-02-29"}),
        "2025-02-28",
        False,
        id="29-february-clamp",
    ),
]


@pytest.mark.parametrize("changes,date,extended", CIVI_COMPLEMENT)
def test_civi_complement(run, make_facts, all_deadlines, changes, date, extended):
    found = all_deadlines(run(make_facts("violence", changes)), "civi_complement")
    assert found, "no civi_complement deadline although a final decision is known"
    for complement in found:
        assert complement["date"] == date
        assert complement["extended"] is extended
        assert ("CPP art. 801" in complement["legal_basis"]) is extended
        assert complement["indicative"] is False


CIVI_REQUEST_STATES = [
    P("2022-07-14", "2025-07-14", "open", id="extended-day-before-original"),
    P("2022-07-14", "2025-07-15", "open", id="extended-last-day"),
    P("2022-07-14", "2025-07-16", "passed", id="extended-day-after"),
    P("2021-03-20", "2024-03-20", "open", id="last-day-still-open"),
    P("2021-03-20", "2024-03-21", "passed", id="day-after-passed"),
]


@pytest.mark.parametrize("offence,as_of,state", CIVI_REQUEST_STATES)
def test_civi_request_state(run, make_facts, remedy, deadline, offence, as_of, state):
    civi = remedy(run(make_facts("violence", {**_offence(offence), "as_of": as_of})), "civi_full")
    assert civi["status"] == "eligible"
    request = deadline(civi, "civi_request")
    assert request["state"] == state
    assert request["relief_possible"] is True


@pytest.mark.parametrize(
    "preset",
    [
        P("violence", id="violence"),
        P("theft", id="theft"),
        P("partner_violence", id="partner-violence"),
    ],
)
def test_passed_deadline_never_changes_status(run, make_facts, preset):
    before = run(make_facts(preset, {**_offence("2021-03-20"), "as_of": "2024-03-20"}))
    after = run(make_facts(preset, {**_offence("2021-03-20"), "as_of": "2024-03-21"}))
    assert {r["id"]: r["status"] for r in before["remedies"]} == {
        r["id"]: r["status"] for r in after["remedies"]
    }


# prosecution_limit (CPP 7 to 9-3): indicative, never extended.
PROSECUTION = [
    P(
        {"offence.category": "property_damage", "offence.class": "contravention"},
        "2025-03-10",
        id="contravention-1-year",
    ),
    P({"offence.class": "delit"}, "2030-03-10", id="delit-6-years-sunday-not-extended"),
    P(
        {"offence.category": "violence", "offence.class": "crime"},
        "2044-03-10",
        id="crime-20-years",
    ),
    P(
        {"offence.category": "homicide", "offence.class": "crime", "harm.death": True},
        "2044-03-10",
        id="homicide-20-years",
    ),
    P(
        {"offence.category": "sexual_violence", "offence.class": "crime"},
        "2044-03-10",
        id="rape-adult-20-years",
    ),
    P(
        {"offence.category": "terrorism", "offence.class": "crime"},
        "2054-03-10",
        id="terrorism-crime-30-years",
    ),
    P(
        {"offence.category": "terrorism", "offence.class": "delit"},
        "2044-03-10",
        id="terrorism-delit-20-years",
    ),
    P(
        {
            "offence.category": "sexual_violence",
            "offence.class": "crime",
            "victim.birth_date": "2010-05-20",
        },
        "2058-05-20",
        id="rape-minor-30-years-from-majority",
    ),
]


@pytest.mark.parametrize("changes,date", PROSECUTION)
def test_prosecution_limit(run, make_facts, any_deadline, changes, date):
    facts = make_facts("theft", {**_offence("2024-03-10"), "offence.author_known": True, **changes})
    limit = any_deadline(run(facts), "prosecution_limit")
    assert limit["date"] == date
    assert limit["indicative"] is True
    assert limit["extended"] is False
    assert "CPP art. 801" not in limit["legal_basis"]


@pytest.mark.parametrize(
    "category",
    [
        P("sexual_violence", id="sexual-assault-on-minor"),
        P("sexual_offence_on_minor", id="sexual-offence-on-minor"),
    ],
)
def test_prosecution_limit_minor_delit_runs_from_majority(run, make_facts, any_deadline, category):
    facts = make_facts(
        "theft",
        {
            **_offence("2024-03-10"),
            "offence.category": category,
            "offence.class": "delit",
            "offence.author_known": True,
            "victim.birth_date": "2010-05-20",
        },
    )
    limit = any_deadline(run(facts), "prosecution_limit")
    assert limit["date"] in ("2038-05-20", "2048-05-20")
    assert limit["indicative"] is True


PROSECUTION_STATES = [
    P("2024-04-01", "open", id="easter-monday-last-day-open"),
    P("2024-04-02", "passed", id="not-extended-passed-next-day"),
]


@pytest.mark.parametrize("as_of,state", PROSECUTION_STATES)
def test_prosecution_limit_contravention_on_holiday(run, make_facts, any_deadline, as_of, state):
    facts = make_facts(
        "theft",
        {
            **_offence("2023-04-01"),
            "as_of": as_of,
            "offence.category": "property_damage",
            "offence.class": "contravention",
        },
    )
    limit = any_deadline(run(facts), "prosecution_limit")
    assert limit["date"] == "2024-04-01"
    assert limit["extended"] is False
    assert limit["state"] == state


# civil_party_by (CPP 420-1): hearing date minus one day, never extended.
CIVIL_PARTY_BY = [
    P("2025-03-17", "2025-03-16", id="sunday-not-extended"),
    P("2025-07-15", "2025-07-14", id="holiday-not-extended"),
    P("2025-04-10", "2025-04-09", id="weekday"),
    P("2024-03-01", "2024-02-29", id="leap-day"),
]


@pytest.mark.parametrize("hearing,date", CIVIL_PARTY_BY)
def test_civil_party_by(run, make_facts, remedy, deadline, hearing, date):
    facts = make_facts(
        "violence",
        {**_offence("2023-09-10"), "as_of": "2024-02-01", "procedure.hearing_date": hearing},
    )
    by = deadline(remedy(run(facts), "civil_party"), "civil_party_by")
    assert by is not None
    assert by["date"] == date
    assert by["extended"] is False
    assert "CPP art. 801" not in by["legal_basis"]


@pytest.mark.parametrize(
    "as_of,state",
    [
        P("2025-03-16", "open", id="last-day-open"),
        P("2025-03-17", "passed", id="hearing-day-passed"),
    ],
)
def test_civil_party_by_state_and_status(run, make_facts, remedy, deadline, as_of, state):
    reference = remedy(
        run(
            make_facts("violence", {"as_of": "2025-03-01", "procedure.hearing_date": "2025-03-17"})
        ),
        "civil_party",
    )
    party = remedy(
        run(make_facts("violence", {"as_of": as_of, "procedure.hearing_date": "2025-03-17"})),
        "civil_party",
    )
    assert deadline(party, "civil_party_by")["state"] == state
    assert party["status"] == reference["status"]


# investigating_judge_from (CPP 85): complaint date + 3 months, délits only.
INVESTIGATING_JUDGE = [
    P("2024-11-20", "2024-11-30", "2025-02-28", id="30-november-clamp"),
    P("2024-12-01", "2024-12-15", "2025-03-15", id="saturday-not-extended"),
    P("2024-06-10", "2024-06-11", "2024-09-11", id="plain"),
]


@pytest.mark.parametrize("offence,complaint,date", INVESTIGATING_JUDGE)
def test_investigating_judge_from(run, make_facts, any_deadline, offence, complaint, date):
    facts = make_facts(
        "theft",
        {
            "offence.date": offence,
            "offence.author_known": True,
            "offence.class": "delit",
            "procedure.complaint_date": complaint,
        },
    )
    start = any_deadline(run(facts), "investigating_judge_from")
    assert start["date"] == date
    assert start["extended"] is False


@pytest.mark.parametrize(
    "changes",
    [
        P({"offence.category": "sexual_violence", "offence.class": "crime"}, id="crime"),
        P(
            {"offence.category": "defamation_insult", "offence.class": "contravention"},
            id="contravention",
        ),
    ],
)
def test_investigating_judge_from_delits_only(run, make_facts, all_deadlines, changes):
    facts = make_facts("theft", {"offence.author_known": True, **changes})
    assert all_deadlines(run(facts), "investigating_judge_from") == []


# tgd_renewal (CPP 41-3-1): granted + 6 months, calendar months, not extended.
TGD_RENEWAL = [
    P("2023-08-01", "2023-08-31", "2023-12-01", "2024-02-29", id="31-august-leap-clamp"),
    P("2024-06-10", "2024-08-31", "2025-03-01", "2025-02-28", id="31-august-clamp"),
    P("2024-06-10", "2024-09-15", "2025-03-01", "2025-03-15", id="saturday-not-extended"),
]


@pytest.mark.parametrize("offence,granted,as_of,date", TGD_RENEWAL)
def test_tgd_renewal(run, make_facts, any_deadline, offence, granted, as_of, date):
    facts = make_facts(
        "partner_violence",
        {**_offence(offence), "as_of": as_of, "danger.tgd_granted_on": granted},
    )
    renewal = any_deadline(run(facts), "tgd_renewal")
    assert renewal["date"] == date
    assert renewal["extended"] is False


def test_tgd_renewal_passed_keeps_status(run, make_facts, remedy, any_deadline):
    common = {**_offence("2024-06-10"), "danger.tgd_granted_on": "2024-08-31"}
    open_ = run(make_facts("partner_violence", {**common, "as_of": "2025-02-28"}))
    passed = run(make_facts("partner_violence", {**common, "as_of": "2025-03-01"}))
    assert any_deadline(open_, "tgd_renewal")["state"] == "open"
    assert any_deadline(passed, "tgd_renewal")["state"] == "passed"
    assert remedy(open_, "tgd")["status"] == remedy(passed, "tgd")["status"]
