"""Law corrections: press offences (loi du 29 juillet 1881, art. 65 and 65-3; CPP 85 al. 2)
and the minors' rules read the direct victim's age for an indirect victim."""

import pytest

P = pytest.param

PRESS = {
    "offence.category": "defamation_insult",
    "offence.date": "2025-01-10",
    "procedure.complaint_date": "2025-01-12",
    "offence.author_known": True,
}

# (changes, limit, basis, missing)
PRESS_LIMITS = [
    P(
        {"offence.public": True, "offence.discriminatory": False},
        "2025-04-10",
        ["Loi du 29 juillet 1881 art. 65"],
        [],
        id="public-3-months",
    ),
    P(
        {
            "offence.public": False,
            "offence.discriminatory": False,
            "offence.class": "contravention",
        },
        "2025-04-10",
        ["Loi du 29 juillet 1881 art. 65"],
        [],
        id="non-public-3-months",
    ),
    P(
        {"offence.public": True, "offence.discriminatory": True},
        "2026-01-10",
        ["Loi du 29 juillet 1881 art. 65-3", "Loi du 29 juillet 1881 art. 65"],
        [],
        id="public-discriminatory-1-year",
    ),
    # Non-public discriminatory words are contraventions: art. 65-3 lists only délits.
    P(
        {"offence.public": False, "offence.discriminatory": True},
        "2025-04-10",
        ["Loi du 29 juillet 1881 art. 65"],
        [],
        id="non-public-discriminatory-3-months",
    ),
    P(
        {"offence.public": ..., "offence.discriminatory": ...},
        "2025-04-10",
        ["Loi du 29 juillet 1881 art. 65"],
        ["offence.discriminatory", "offence.public"],
        id="both-unknown-shortest",
    ),
    P(
        {"offence.public": True},
        "2025-04-10",
        ["Loi du 29 juillet 1881 art. 65"],
        ["offence.discriminatory"],
        id="discriminatory-unknown-shortest",
    ),
    P(
        {"offence.discriminatory": True},
        "2025-04-10",
        ["Loi du 29 juillet 1881 art. 65"],
        ["offence.public"],
        id="public-unknown-shortest",
    ),
    P(
        {"offence.discriminatory": False},
        "2025-04-10",
        ["Loi du 29 juillet 1881 art. 65"],
        [],
        id="not-discriminatory-public-unsaid",
    ),
    P(
        {"offence.public": False},
        "2025-04-10",
        ["Loi du 29 juillet 1881 art. 65"],
        [],
        id="not-public-discriminatory-unsaid",
    ),
    # 30 November + 3 months: the last day of February.
    P(
        {"offence.date": "2024-11-30", "procedure.complaint_date": ..., "offence.public": False},
        "2025-02-28",
        ["Loi du 29 juillet 1881 art. 65"],
        [],
        id="end-of-february-clamp",
    ),
    # A holiday is not skipped: the limit is indicative and never extended.
    P(
        {"offence.date": "2024-10-14", "procedure.complaint_date": ..., "offence.public": False},
        "2025-01-14",
        ["Loi du 29 juillet 1881 art. 65"],
        [],
        id="three-calendar-months",
    ),
]


@pytest.mark.parametrize("changes,limit,basis,missing", PRESS_LIMITS)
def test_press_prosecution_limit(run, make_facts, remedy, deadline, changes, limit, basis, missing):
    got = remedy(run(make_facts("theft", {**PRESS, **changes}), "en"), "complaint")
    found = deadline(got, "prosecution_limit")
    assert found["date"] == limit
    assert found["legal_basis"] == basis
    assert (found["indicative"], found["extended"]) == (True, False)
    assert got["missing"] == missing
    assert got["status"] == ("unknown" if missing else "eligible")
    said = " ".join(got["reasons"])
    assert "a plain complaint does not stop this clock" in said
    assert ("the shortest period (3 months)" in said) is bool(missing)


def test_press_limit_without_a_date_says_what_gives_it(run, make_facts, remedy, deadline):
    facts = make_facts("theft", {**PRESS, "offence.date": ..., "procedure.complaint_date": ...})
    got = remedy(run(facts, "en"), "complaint")
    assert deadline(got, "prosecution_limit") is None
    assert any("said or published" in r for r in got["reasons"])


@pytest.mark.parametrize(
    "changes,reason",
    [
        P({"offence.class": "delit"}, "without waiting 3 months", id="delit"),
        P({"offence.public": True}, "without waiting 3 months", id="public"),
        P({"offence.class": ...}, "without waiting 3 months", id="class-unsaid"),
        P({"offence.public": False}, "summon the author directly", id="non-public"),
        P({"offence.class": "contravention"}, "summon the author directly", id="contravention"),
    ],
)
def test_no_three_month_wait_for_press_offences(
    run, make_facts, remedy, all_deadlines, changes, reason
):
    result = run(make_facts("theft", {**PRESS, **changes}), "en")
    assert all_deadlines(result, "investigating_judge_from") == []
    got = remedy(result, "letter_to_prosecutor")
    assert any(reason in r for r in got["reasons"]), got["reasons"]


def test_the_one_year_press_limit_is_flagged(run, make_facts, remedy):
    facts = make_facts("theft", {**PRESS, "offence.public": True, "offence.discriminatory": True})
    got = remedy(run(facts), "complaint")
    assert any(u.startswith("law.md §4 bis") for u in got["uncertain"])


@pytest.mark.parametrize(
    "changes,field",
    [
        P({"offence.public": "yes"}, "offence.public", id="public-yes"),
        P({"offence.discriminatory": 0}, "offence.discriminatory", id="discriminatory-0"),
    ],
)
def test_press_field_errors(run_errors, make_facts, changes, field):
    errors = run_errors(make_facts("theft", {**PRESS, **changes}))
    assert field in [e["field"] for e in errors]


# --- indirect victims: the direct victim's age ----------------------------------------------

ADULT_CLAIMANT = {"victim.indirect": True, "victim.birth_date": "1975-02-01"}


def test_the_claimant_birth_date_no_longer_decides(run, make_facts, remedy, deadline):
    # A mother (adult) claims for her son, 12 at the time, beaten (ITT 10 days, 222-12).
    facts = make_facts(
        "violence",
        {**ADULT_CLAIMANT, "harm.itt_days": 10, "victim.direct_victim_birth_date": "2012-03-01"},
    )
    result = run(facts)
    full = remedy(result, "civi_full")
    assert full["status"] == "eligible" and full["cap"] == 5000  # the 2023 case: on a minor
    assert deadline(full, "civi_request")["date"] == "2033-03-01"  # majority 2030 + 3 years
    assert deadline(remedy(result, "complaint"), "prosecution_limit")["date"] == "2050-03-01"


def test_an_adult_direct_victim_keeps_the_ordinary_periods(run, make_facts, remedy, deadline):
    facts = make_facts(
        "violence",
        {
            "victim.indirect": True,
            "victim.birth_date": "2010-01-01",  # the claimant is a child: it does not matter
            "victim.direct_victim_birth_date": "1970-01-01",
            "offence.class": "crime",
        },
    )
    result = run(facts)
    assert deadline(remedy(result, "civi_full"), "civi_request")["date"] == "2027-06-10"
    assert deadline(remedy(result, "complaint"), "prosecution_limit")["date"] == "2044-06-10"


UNKNOWN_WITHOUT_DIRECT_BIRTH = [
    # The 2023 ground of 706-3 (violence over 8 days on a minor): unknown without the age.
    P("violence", {"harm.itt_days": 10}, "civi_full", id="706-3-2023-ground"),
    # The CIVI deadline from majority (706-5): a homicide's relatives.
    P(
        "violence",
        {"offence.category": "homicide", "offence.class": "crime", "harm.death": True},
        "civi_full",
        id="706-5-from-majority",
    ),
    # The limitation from majority (CPP 7): a rape.
    P(
        "violence",
        {"offence.category": "sexual_violence", "offence.class": "crime"},
        "complaint",
        id="cpp-7-from-majority",
    ),
    # Legal aid without resource condition (9-2) for violence causing death on a child under 15.
    P(
        "violence",
        {
            "offence.class": "crime",
            "harm.death": True,
            "situation.annual_income": 50000,
        },
        "legal_aid",
        id="legal-aid-9-2-under-15",
    ),
]


@pytest.mark.parametrize("preset,changes,remedy_id", UNKNOWN_WITHOUT_DIRECT_BIRTH)
def test_without_the_direct_victim_birth_date_the_rule_is_unknown(
    run, make_facts, remedy, preset, changes, remedy_id
):
    facts = make_facts(preset, {**ADULT_CLAIMANT, **changes})
    got = remedy(run(facts, "en"), remedy_id)
    assert got["status"] == "unknown", got["reasons"]
    assert "victim.direct_victim_birth_date" in got["missing"]
    assert "victim.birth_date" not in got["missing"]
    assert any("direct victim" in r for r in got["reasons"]), got["reasons"]


def test_a_sexual_offence_on_a_minor_needs_the_direct_victim_birth_date(
    run, make_facts, remedy, deadline
):
    facts = make_facts("theft", {**ADULT_CLAIMANT, "offence.category": "sexual_offence_on_minor"})
    result = run(facts)
    for remedy_id, deadline_id in (
        ("civi_full", "civi_request"),
        ("complaint", "prosecution_limit"),
    ):
        got = remedy(result, remedy_id)
        assert got["missing"] == ["victim.direct_victim_birth_date"]
        assert deadline(got, deadline_id) is None


def test_a_direct_victim_still_reads_her_own_birth_date(run, make_facts, remedy, deadline):
    facts = make_facts(
        "violence",
        {
            "harm.itt_days": 10,
            "victim.birth_date": "2012-03-01",
            "victim.direct_victim_birth_date": "1970-01-01",  # ignored: she is the victim
        },
    )
    full = remedy(run(facts), "civi_full")
    assert full["cap"] == 5000
    assert deadline(full, "civi_request")["date"] == "2033-03-01"


@pytest.mark.parametrize(
    "changes,field",
    [
        P(
            {"victim.direct_victim_birth_date": "2024-06-11"},
            "victim.direct_victim_birth_date",
            id="direct-born-after-offence",
        ),
        P(
            {"victim.direct_victim_birth_date": "2025-03-02"},
            "victim.direct_victim_birth_date",
            id="direct-born-after-as-of",
        ),
        P(
            {"victim.direct_victim_birth_date": "1899-12-31"},
            "victim.direct_victim_birth_date",
            id="direct-before-1900",
        ),
        P({"victim.birth_date": "2024-06-11"}, "victim.birth_date", id="victim-born-after"),
        P(
            {"victim.indirect": True, "victim.birth_date": "2025-04-10"},
            "victim.birth_date",
            id="relative-born-after-as-of",
        ),
    ],
)
def test_birth_dates_after_the_facts_are_refused(run_errors, make_facts, changes, field):
    errors = run_errors(make_facts("violence", changes))
    assert field in [e["field"] for e in errors], errors


def test_a_child_conceived_before_the_facts_may_claim(run, run_errors, make_facts):
    # CC art. 311: born within 300 days of the facts (a father's death), the child may claim.
    base = {"as_of": "2025-06-01", "victim.indirect": True, "offence.category": "homicide"}
    run(make_facts("violence", {**base, "victim.birth_date": "2025-01-20"}))  # 224 days
    errors = run_errors(make_facts("violence", {**base, "victim.birth_date": "2025-05-01"}))
    assert [e["field"] for e in errors] == ["victim.birth_date"]
