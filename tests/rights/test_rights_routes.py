"""Civil party, civil court, insurance, legal aid and complaint routes.

Legal reference: law.md §3, §4 and §5 bis.
"""

import pytest

P = pytest.param

# ---------------------------------------------------------------------------
# civil_party — CPP 418 to 421 (law.md §3)
# ---------------------------------------------------------------------------

CIVIL_PARTY = [
    P(
        "theft",
        {"offence.author_known": True, "procedure.hearing_date": "2025-04-10"},
        id="theft-hearing-set",
    ),
    P("violence", {"procedure.hearing_date": "2025-04-10"}, id="violence-hearing-set"),
    P("violence", {}, id="violence-no-hearing-yet"),
]


@pytest.mark.parametrize("preset,changes", CIVIL_PARTY)
def test_civil_party_open_to_victim(status, preset, changes):
    assert status(preset, changes, "civil_party") == "eligible"


# ---------------------------------------------------------------------------
# civil_court — lawyer mandatory above 10 000 € (law.md §3)
# ---------------------------------------------------------------------------

CIVIL_COURT = [
    P(5000, id="claim-5000"),
    P(10000, id="claim-10000-no-lawyer-needed"),
    P(10000.01, id="claim-10000.01-lawyer-needed"),
    P(250000, id="claim-250000"),
]


@pytest.mark.parametrize("claim", CIVIL_COURT)
def test_civil_court_open_whatever_the_claim(status, claim):
    changes = {"offence.author_known": True, "situation.claim_amount": claim}
    assert status("theft", changes, "civil_court") == "eligible"


# ---------------------------------------------------------------------------
# insurance — home, car, payment-means contracts (law.md §3)
# ---------------------------------------------------------------------------

INSURANCE = [
    P("theft", {}, id="theft"),
    P("theft", {"offence.category": "fraud"}, id="fraud"),
    P("theft", {"offence.category": "property_damage"}, id="property-damage"),
    P("vehicle_arson", {}, id="vehicle-arson"),
    P(
        "violence",
        {"offence.category": "traffic_accident", "offence.author_known": True},
        id="traffic-accident",
    ),
]


@pytest.mark.parametrize("preset,changes", INSURANCE)
def test_insurance_may_pay(status, preset, changes):
    assert status(preset, changes, "insurance") == "eligible"


# ---------------------------------------------------------------------------
# legal_aid — loi 91-647 (law.md §5 bis, ceilings §1.7): RFR ≤ ceiling
# ---------------------------------------------------------------------------


def _aid(as_of, offence, income, extra=0, category="theft", cls="delit"):
    return {
        "as_of": as_of,
        "offence.date": offence,
        "offence.category": category,
        "offence.class": cls,
        "offence.author_known": True,
        "procedure.complaint_date": offence,
        "situation.annual_income": income,
        "situation.household_extra_persons": extra,
    }


LEGAL_AID = [
    P(_aid("2025-03-01", "2024-06-10", 0), "eligible", id="2025-no-income"),
    P(_aid("2025-03-01", "2024-06-10", 12862), "eligible", id="2025-full-ceiling"),
    P(_aid("2025-03-01", "2024-06-10", 19290), "eligible", id="2025-partial-ceiling-le"),
    P(_aid("2025-03-01", "2024-06-10", 19290.01), "not_eligible", id="2025-above-partial-ceiling"),
    P(_aid("2025-03-01", "2024-06-10", 21605, 1), "eligible", id="2025-one-extra-21605"),
    P(_aid("2025-03-01", "2024-06-10", 21606, 1), "not_eligible", id="2025-one-extra-21606"),
    # service-public 2024 table, ±1 €.
    P(_aid("2024-06-01", "2024-03-01", 19066), "eligible", id="2024-sp-0-extra-19066-le"),
    P(_aid("2024-06-01", "2024-03-01", 19067), "not_eligible", id="2024-sp-0-extra-19067"),
    P(_aid("2024-06-01", "2024-03-01", 21353, 1), "eligible", id="2024-sp-1-extra-21353"),
    P(_aid("2024-06-01", "2024-03-01", 21355, 1), "not_eligible", id="2024-sp-1-extra-21355"),
    P(_aid("2024-06-01", "2024-03-01", 23642, 2), "eligible", id="2024-sp-2-extra-23642"),
    P(_aid("2024-06-01", "2024-03-01", 23644, 2), "not_eligible", id="2024-sp-2-extra-23644"),
    P(_aid("2024-06-01", "2024-03-01", 25087, 3), "eligible", id="2024-sp-3-extra-25087"),
    P(_aid("2024-06-01", "2024-03-01", 25089, 3), "not_eligible", id="2024-sp-3-extra-25089"),
    P(_aid("2024-06-01", "2024-03-01", 26532, 4), "eligible", id="2024-sp-4-extra-26532"),
    P(_aid("2024-06-01", "2024-03-01", 26534, 4), "not_eligible", id="2024-sp-4-extra-26534"),
    # Monthly resources before 2021.
    P(_aid("2020-06-01", "2020-03-01", 1564 * 12), "eligible", id="2020-monthly-1564-le"),
    P(_aid("2020-06-01", "2020-03-01", 1564 * 12 + 1), "not_eligible", id="2020-monthly-above"),
    P(_aid("2019-06-01", "2019-03-01", 1546 * 12), "eligible", id="2019-monthly-1546-le"),
    P(_aid("2019-06-01", "2019-03-01", 1732 * 12, 1), "not_eligible", id="2019-seed-1-dep-1732"),
    P(_aid("2019-06-01", "2019-03-01", 1731 * 12, 1), "eligible", id="2019-seed-1-dep-1731"),
    # Dates the ceilings change.
    P(_aid("2020-12-31", "2020-10-01", 17000), "eligible", id="2020-12-31-monthly"),
    P(_aid("2021-01-01", "2020-10-01", 17000), "not_eligible", id="2021-01-01-16890"),
    P(_aid("2022-01-20", "2021-10-01", 17000), "not_eligible", id="2022-01-20-16890"),
    P(_aid("2022-01-21", "2021-10-01", 17000), "eligible", id="2022-01-21-17367"),
    P(_aid("2023-01-17", "2022-10-01", 18000), "not_eligible", id="2023-01-17-17367"),
    P(_aid("2023-01-18", "2022-10-01", 18000), "eligible", id="2023-01-18-18404"),
    P(_aid("2024-01-17", "2023-10-01", 18500), "not_eligible", id="2024-01-17-18404"),
    P(_aid("2024-01-18", "2023-10-01", 18500), "eligible", id="2024-01-18-19066"),
    P(_aid("2025-01-22", "2024-10-01", 19200), "not_eligible", id="2025-01-22-19066"),
    P(_aid("2025-01-23", "2024-10-01", 19200), "eligible", id="2025-01-23-19290"),
    # Art. 9-2: no resource condition for victims of the gravest crimes.
    P(
        _aid("2025-03-01", "2024-06-10", 250000, 0, "homicide", "crime"),
        "eligible",
        id="homicide-any-income",
    ),
    P(
        _aid("2025-03-01", "2024-06-10", 250000, 0, "sexual_violence", "crime"),
        "eligible",
        id="rape-any-income",
    ),
    P(
        _aid("2025-03-01", "2024-06-10", 250000, 0, "terrorism", "crime"),
        "eligible",
        id="terrorism-any-income",
    ),
    P(
        {
            **_aid("2025-03-01", "2024-06-10", 250000, 0, "homicide", "crime"),
            "victim.indirect": True,
            "harm.death": True,
        },
        "eligible",
        id="homicide-heir-any-income",
    ),
    P(_aid("2025-03-01", "2024-06-10", 250000), "not_eligible", id="theft-high-income"),
    P(
        _aid("2025-03-01", "2024-06-10", 250000, 0, "violence"),
        "not_eligible",
        id="violence-high-income",
    ),
]


@pytest.mark.parametrize("changes,expected", LEGAL_AID)
def test_legal_aid_status(status, changes, expected):
    assert status("theft", changes, "legal_aid") == expected


@pytest.mark.parametrize(
    "category,cls,expected",
    [
        P("homicide", "crime", "eligible", id="homicide-income-not-needed"),
        P("sexual_violence", "crime", "eligible", id="rape-income-not-needed"),
        P("terrorism", "crime", "eligible", id="terrorism-income-not-needed"),
        P("theft", "delit", "unknown", id="theft-income-needed"),
    ],
)
def test_legal_aid_without_income(run, make_facts, remedy, category, cls, expected):
    facts = make_facts(
        "theft",
        {"offence.category": category, "offence.class": cls, "situation.annual_income": ...},
    )
    aid = remedy(run(facts), "legal_aid")
    assert aid["status"] == expected
    if expected == "unknown":
        assert "situation.annual_income" in aid["missing"]


def test_legal_aid_reports_both_ceilings(run, make_facts, param):
    result = run(make_facts("theft", {"situation.annual_income": 15000}))
    partial = param(result, "aj_partial_ceiling")
    full = param(result, "aj_full_ceiling")
    assert partial["value"] == pytest.approx(19290)
    assert partial["in_force_from"] == "2025-01-23"
    assert full["value"] == pytest.approx(12862)
    assert full["in_force_from"] == "2025-01-23"


# ---------------------------------------------------------------------------
# complaint and letter_to_prosecutor — CPP 15-3, 40, 85 (law.md §4)
# ---------------------------------------------------------------------------

ALWAYS_OPEN = [
    P("theft", {}, id="theft-author-unknown"),
    P("theft", {"offence.author_known": True}, id="theft-author-known"),
    P("violence", {}, id="violence"),
    P("partner_violence", {}, id="partner-violence"),
    P("violence", {"offence.category": "sexual_violence", "offence.class": "crime"}, id="rape"),
    P(
        "theft",
        {"procedure.complaint_filed": False, "procedure.complaint_date": None},
        id="no-complaint-yet",
    ),
]


@pytest.mark.parametrize("preset,changes", ALWAYS_OPEN)
def test_complaint_open(status, preset, changes):
    assert status(preset, changes, "complaint") == "eligible"


@pytest.mark.parametrize("preset,changes", ALWAYS_OPEN)
def test_letter_to_prosecutor_open(status, preset, changes):
    assert status(preset, changes, "letter_to_prosecutor") == "eligible"


# ---------------------------------------------------------------------------
# online_complaint — property or discrimination facts, author unknown (§4)
# ---------------------------------------------------------------------------

ONLINE = [
    P({"offence.category": "theft"}, "eligible", id="theft-author-unknown"),
    P({"offence.category": "fraud"}, "eligible", id="fraud-author-unknown"),
    P({"offence.category": "property_damage"}, "eligible", id="damage-author-unknown"),
    P({"offence.category": "discrimination"}, "eligible", id="discrimination-author-unknown"),
    P({"offence.category": "defamation_insult"}, "eligible", id="insult-author-unknown"),
    P(
        {"offence.category": "theft", "offence.author_known": True},
        "not_eligible",
        id="theft-author-known",
    ),
    P(
        {"offence.category": "discrimination", "offence.author_known": True},
        "not_eligible",
        id="discrimination-author-known",
    ),
    P(
        {"offence.category": "violence", "harm.itt_days": 5},
        "not_eligible",
        id="violence-author-unknown",
    ),
    P(
        {"offence.category": "sexual_violence", "offence.class": "crime"},
        "not_eligible",
        id="rape-author-unknown",
    ),
]


@pytest.mark.parametrize("changes,expected", ONLINE)
def test_online_complaint_status(status, changes, expected):
    changes = {
        "as_of": "2024-06-01",
        "offence.date": "2024-03-01",
        "procedure.complaint_filed": False,
        "procedure.complaint_date": None,
        **changes,
    }
    assert status("theft", changes, "online_complaint") == expected


def test_online_complaint_author_absent(run, make_facts, remedy):
    online = remedy(run(make_facts("theft", {"offence.author_known": ...})), "online_complaint")
    assert online["status"] == "unknown"
    assert "offence.author_known" in online["missing"]


@pytest.mark.parametrize(
    "as_of", [P("2024-10-15", id="first-day-national-service"), P("2025-03-01", id="2025")]
)
def test_online_complaint_points_to_national_service_after_2024_10_15(
    run, make_facts, remedy, as_of
):
    common = {
        "offence.date": "2024-09-01",
        "procedure.complaint_filed": False,
        "procedure.complaint_date": None,
    }
    before = remedy(run(make_facts("theft", {**common, "as_of": "2024-10-14"})), "online_complaint")
    after = remedy(run(make_facts("theft", {**common, "as_of": as_of})), "online_complaint")
    assert before["status"] == after["status"] == "eligible"
    assert (before["legal_basis"], before["reasons"]) != (after["legal_basis"], after["reasons"])


@pytest.mark.parametrize(("category", "mentioned"), [("homicide", False), ("theft", True)])
def test_assets_count_only_where_resources_do(run, make_facts, remedy, category, mentioned):
    """Art. 9-2 lifts the resource condition, assets included: never both said at once."""
    facts = make_facts(
        "theft",
        {"offence.category": category, "offence.class": "crime", "situation.annual_income": 9000},
    )
    reasons = " ".join(remedy(run(facts, "en"), "legal_aid")["reasons"])
    assert ("Assets are also taken into account" in reasons) is mentioned
