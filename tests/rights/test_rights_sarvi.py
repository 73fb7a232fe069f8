"""SARVI — aid for recovering damages (CPP 706-15-1, 706-15-2; law.md §2)."""

import pytest

P = pytest.param

SARVI_STATUS = [
    P({}, "eligible", id="final-decision-no-civi-route"),
    P({"victim.natural_person": False}, "not_eligible", id="legal-person"),
    P(
        {"situation.annual_income": 10000},
        "not_eligible",
        id="civi-capped-available",
    ),
    P(
        {"situation.annual_income": 10000, "situation.serious_situation": False},
        "eligible",
        id="civi-capped-closed-no-serious-situation",
    ),
    P(
        {"offence.category": "violence", "harm.itt_days": 40},
        "not_eligible",
        id="civi-full-available",
    ),
    P(
        {
            "offence.date": "2008-01-10",
            "procedure.complaint_date": "2008-01-11",
            "procedure.decision_final_date": "2008-09-30",
        },
        "not_eligible",
        id="decision-before-2008-10-01",
    ),
    # A passed window is shown in the deadline, never in the status.
    P({"as_of": "2025-03-18"}, "eligible", id="window-closed-status-unchanged"),
    P({"as_of": "2024-05-14"}, "eligible", id="window-not-open-yet-status-unchanged"),
]


@pytest.mark.parametrize("changes,expected", SARVI_STATUS)
def test_sarvi_status(status, changes, expected):
    assert status("sarvi", changes, "sarvi") == expected


def test_sarvi_without_damages_is_not_eligible(status):
    assert status("sarvi", {"procedure.damages_awarded": 0}, "sarvi") != "eligible"


@pytest.mark.parametrize(
    "changes,missing",
    [
        P({"procedure.damages_awarded": ...}, "procedure.damages_awarded", id="damages-absent"),
        P(
            {"procedure.decision_final_date": ...},
            "procedure.decision_final_date",
            id="final-date-absent",
        ),
        P({"victim.natural_person": ...}, "victim.natural_person", id="natural-person-absent"),
    ],
)
def test_sarvi_missing_fact(run, make_facts, remedy, changes, missing):
    sarvi = remedy(run(make_facts("sarvi", changes)), "sarvi")
    assert sarvi["status"] == "unknown"
    assert missing in sarvi["missing"]


# Total awarded ≤ 1 000 € → 100 %; above → 30 %, minimum 1 000 €, maximum 3 000 €.
SARVI_AMOUNTS = [
    P(0.01, 0.01, id="1-cent"),
    P(500, 500, id="500"),
    P(999.99, 999.99, id="999.99"),
    P(1000, 1000, id="1000-full"),
    P(1000.01, 1000, id="1000.01-minimum"),
    P(2000, 1000, id="2000-minimum"),
    P(3333.33, 1000, id="3333.33-minimum"),
    P(3333.34, 1000.002, id="3333.34-thirty-percent"),
    P(5000, 1500, id="5000"),
    P(9999.99, 2999.997, id="9999.99"),
    P(10000, 3000, id="10000-maximum"),
    P(10000.01, 3000, id="10000.01-maximum"),
    P(20000, 3000, id="20000-maximum"),
]


@pytest.mark.parametrize("damages,expected", SARVI_AMOUNTS)
def test_sarvi_amount(run, make_facts, remedy, damages, expected):
    sarvi = remedy(run(make_facts("sarvi", {"procedure.damages_awarded": damages})), "sarvi")
    assert sarvi["status"] == "eligible"
    assert sarvi["amount"] == pytest.approx(expected, abs=1e-6)
    assert sarvi["amount"] <= damages + 1e-9


def test_sarvi_legal_basis(run, make_facts, remedy):
    sarvi = remedy(run(make_facts("sarvi")), "sarvi")
    assert any("706-15-1" in b or "706-15-2" in b for b in sarvi["legal_basis"])


# Opens 2 months after the decision became final; closes 1 year after it
# (or 1 year after a CIVI inadmissibility notification); CPP 801 on the closing.
SARVI_WINDOWS = [
    P({}, "2024-05-15", "2025-03-17", True, id="closes-on-saturday-extended"),
    P(
        {"procedure.decision_final_date": "2023-12-31"},
        "2024-02-29",
        "2024-12-31",
        False,
        id="month-end-clamp-leap-year",
    ),
    P(
        {"procedure.decision_final_date": "2024-02-29"},
        "2024-04-29",
        "2025-02-28",
        False,
        id="29-february-plus-one-year",
    ),
    P(
        {"as_of": "2025-03-01", "procedure.civi_inadmissible_notified": "2025-02-10"},
        "2024-05-15",
        "2026-02-10",
        False,
        id="year-from-civi-inadmissibility",
    ),
    P(
        {
            "as_of": "2025-03-01",
            "offence.date": "2024-06-10",
            "procedure.complaint_date": "2024-06-11",
            "procedure.decision_final_date": "2024-12-26",
            "offence.department": "57",
        },
        "2025-02-26",
        "2025-12-29",
        True,
        id="moselle-26-december-extended",
    ),
    P(
        {
            "as_of": "2025-03-01",
            "offence.date": "2024-06-10",
            "procedure.complaint_date": "2024-06-11",
            "procedure.decision_final_date": "2024-12-26",
            "offence.department": "75",
        },
        "2025-02-26",
        "2025-12-26",
        False,
        id="paris-26-december-working-day",
    ),
]


@pytest.mark.parametrize("changes,opens,closes,extended", SARVI_WINDOWS)
def test_sarvi_window(run, make_facts, remedy, deadline, changes, opens, closes, extended):
    sarvi = remedy(run(make_facts("sarvi", changes)), "sarvi")
    start = deadline(sarvi, "sarvi_opens")
    end = deadline(sarvi, "sarvi_closes")
    assert start is not None and end is not None
    assert start["date"] == opens
    assert start["extended"] is False
    assert end["date"] == closes
    assert end["extended"] is extended
    assert ("CPP art. 801" in end["legal_basis"]) is extended
    assert end["relief_possible"] is True
    assert end["indicative"] is False


def test_sarvi_extension_is_flagged_uncertain(run, make_facts, remedy):
    sarvi = remedy(run(make_facts("sarvi")), "sarvi")
    assert any("801" in u for u in sarvi["uncertain"]), sarvi["uncertain"]
    assert all(u.startswith("law.md §") for u in sarvi["uncertain"])


SARVI_STATES = [
    P("2024-05-14", "upcoming", None, id="day-before-opening"),
    P("2024-05-15", "open", "open", id="opening-day"),
    P("2025-03-17", "open", "open", id="extended-closing-day"),
    P("2025-03-18", None, "passed", id="day-after-closing"),
]


@pytest.mark.parametrize("as_of,opens_state,closes_state", SARVI_STATES)
def test_sarvi_deadline_states(run, make_facts, remedy, deadline, as_of, opens_state, closes_state):
    sarvi = remedy(run(make_facts("sarvi", {"as_of": as_of})), "sarvi")
    assert sarvi["status"] == "eligible"
    if opens_state is not None:
        assert deadline(sarvi, "sarvi_opens")["state"] == opens_state
    if closes_state is not None:
        assert deadline(sarvi, "sarvi_closes")["state"] == closes_state
