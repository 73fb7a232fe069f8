"""Invalid facts raise InvalidFacts with field paths (contract, "Facts")."""

import pytest

P = pytest.param

INVALID = [
    P({"offence.category": ...}, "offence.category", id="category-absent"),
    P({"offence": ...}, ("offence", "offence.category"), id="offence-absent"),
    P({"offence.category": "burglary"}, "offence.category", id="category-unknown"),
    P({"offence.category": None}, "offence.category", id="category-null"),
    P({"offence.class": "felony"}, "offence.class", id="class-unknown"),
    P({"harm.itt_days": "ten"}, "harm.itt_days", id="itt-word"),
    P({"harm.itt_days": "10"}, "harm.itt_days", id="itt-numeric-string"),
    P({"harm.itt_days": -3}, "harm.itt_days", id="itt-negative"),
    P({"offence.in_france": "yes"}, "offence.in_france", id="bool-as-yes"),
    P({"victim.natural_person": "true"}, "victim.natural_person", id="bool-as-string"),
    P({"situation.annual_income": -1}, "situation.annual_income", id="income-negative"),
    P({"situation.annual_income": "15000"}, "situation.annual_income", id="income-string"),
    P({"situation.claim_amount": -0.01}, "situation.claim_amount", id="claim-negative"),
    P({"situation.annual_income": float("nan")}, "situation.annual_income", id="income-nan"),
    P({"situation.annual_income": float("inf")}, "situation.annual_income", id="income-infinite"),
    P({"situation.annual_income": True}, "situation.annual_income", id="income-as-bool"),
    P({"harm.itt_days": True}, "harm.itt_days", id="itt-as-bool"),
    P(
        {"situation.household_extra_persons": 1.5},
        "situation.household_extra_persons",
        id="extra-persons-fraction",
    ),
    P({"offence.department": "ABC"}, "offence.department", id="department-not-insee"),
    P(
        {"situation.household_extra_persons": -1},
        "situation.household_extra_persons",
        id="extra-persons-negative",
    ),
    P({"procedure.damages_awarded": -5}, "procedure.damages_awarded", id="damages-negative"),
    P({"offence.date": "2025-03-02"}, "offence.date", id="offence-after-as-of"),
    P({"offence.date": "2024-13-01"}, "offence.date", id="date-month-13"),
    P({"offence.date": "2023-02-29"}, "offence.date", id="date-29-february-non-leap"),
    P({"offence.date": "10/06/2024"}, "offence.date", id="date-french-format"),
    P({"offence.date": 20240610}, "offence.date", id="date-as-number"),
    P({"as_of": "2025-3-1"}, "as_of", id="as-of-malformed"),
    P(
        {"procedure.hearing_date": "tomorrow"},
        "procedure.hearing_date",
        id="hearing-date-malformed",
    ),
    P(
        {"procedure.decision_final_date": "2024-06-09"},
        "procedure.decision_final_date",
        id="decision-before-offence",
    ),
    P({"parameters_date": "decision"}, "parameters_date", id="parameters-date-unknown"),
    P({"offence.colour": "red"}, "offence.colour", id="unknown-field-in-offence"),
    P({"situation.anual_income": 15000}, "situation.anual_income", id="typo-in-situation"),
    P(
        {"victime.natural_person": True},
        ("victime", "victime.natural_person"),
        id="unknown-section",
    ),
    P({"asof": "2025-03-01"}, "asof", id="unknown-top-level-field"),
    # Ranges: amounts up to 1,000,000,000 €; dates from 1900-01-01; births before the facts.
    P({"situation.annual_income": 1e307}, "situation.annual_income", id="income-1e307"),
    P({"situation.annual_income": 1e9 + 0.01}, "situation.annual_income", id="income-over-1e9"),
    P({"situation.claim_amount": 2e9}, "situation.claim_amount", id="claim-over-1e9"),
    P({"procedure.damages_awarded": 1e10}, "procedure.damages_awarded", id="damages-over-1e9"),
    P({"offence.date": "0201-01-01"}, "offence.date", id="year-0201"),
    P({"offence.date": "1899-12-31"}, "offence.date", id="offence-before-1900"),
    P({"victim.birth_date": "1899-12-31"}, "victim.birth_date", id="birth-before-1900"),
    P({"as_of": "0201-01-01"}, "as_of", id="as-of-year-0201"),
    P({"procedure.hearing_date": "0999-01-01"}, "procedure.hearing_date", id="hearing-year-999"),
    P({"danger.tgd_granted_on": "1000-01-01"}, "danger.tgd_granted_on", id="tgd-year-1000"),
    P({"victim.birth_date": "2024-06-11"}, "victim.birth_date", id="born-after-the-facts"),
]


@pytest.mark.parametrize("changes,field", INVALID)
def test_invalid_facts_name_the_field(make_facts, run_errors, changes, field):
    errors = run_errors(make_facts("theft", changes))
    assert isinstance(errors, list) and errors
    for error in errors:
        assert set(error) >= {"field", "message"}
        assert isinstance(error["message"], str) and error["message"].strip()
    fields = [e["field"] for e in errors]
    accepted = field if isinstance(field, tuple) else (field,)
    assert set(accepted) & set(fields), fields


def test_empty_facts_need_a_category(run_errors):
    errors = run_errors({"as_of": "2025-03-01"})
    assert {"offence", "offence.category"} & {e["field"] for e in errors}


def test_several_errors_reported_together(make_facts, run_errors):
    errors = run_errors(
        make_facts("theft", {"offence.category": ..., "situation.annual_income": -1})
    )
    fields = {e["field"] for e in errors}
    assert {"offence.category", "situation.annual_income"} <= fields


@pytest.mark.parametrize(
    "changes",
    [
        P({"situation.annual_income": 1e307}, id="income-1e307"),
        P({"offence.date": "0201-01-01"}, id="date-before-1900"),
        P({"victim.birth_date": "2024-06-11"}, id="born-after-the-facts"),
        P({"offence.other_categories": ["theft"]}, id="other-is-main"),
        P({"offence.category": "burglary"}, id="category-unknown"),
        P({"situation.annual_income": -1}, id="income-negative"),
        P({"offence.date": "2025-03-02"}, id="offence-after-as-of"),
        P({"offence.date": "2024-13-01"}, id="date-malformed"),
        P({"offence.colour": "red"}, id="unknown-field"),
    ],
)
def test_error_messages_follow_the_language(make_facts, run_errors, changes):
    facts = make_facts("theft", changes)
    messages = {}
    for lang in ("fr", "en", "es"):
        errors = run_errors(facts, lang)
        assert all(e["message"].strip() for e in errors)
        messages[lang] = [e["message"] for e in sorted(errors, key=lambda e: e["field"])]
    assert messages["fr"] != messages["en"]
    assert messages["fr"] != messages["es"]
    assert messages["en"] != messages["es"]


VALID_EDGES = [
    P(
        {"offence.date": "2025-03-01", "procedure.complaint_date": "2025-03-01"},
        id="offence-on-as-of",
    ),
    P({"procedure.decision_final_date": "2024-06-10"}, id="decision-on-offence-day"),
    P({"situation.annual_income": 0}, id="income-zero"),
    P({"situation.annual_income": 15000.5}, id="income-decimal"),
    P({"harm.itt_days": 0}, id="itt-zero"),
    P({"situation.claim_amount": None}, id="claim-null"),
    P({"offence.department": "2A"}, id="corsica-department"),
    P({"situation.annual_income": 1e9, "situation.claim_amount": 1e9}, id="amounts-at-1e9"),
    P({"procedure.damages_awarded": 1_000_000_000}, id="damages-at-1e9-integer"),
    P({"victim.birth_date": "1900-01-01"}, id="born-1900-01-01"),
    P({"victim.birth_date": "2024-06-10"}, id="born-on-the-day-of-the-facts"),
    P(
        {
            "victim": ...,
            "harm": ...,
            "situation": ...,
            "vehicle": ...,
            "procedure": ...,
            "danger": ...,
        },
        id="category-only",
    ),
]


@pytest.mark.parametrize("changes", VALID_EDGES)
def test_valid_edges_are_accepted(run, make_facts, changes):
    result = run(make_facts("theft", changes))
    assert len(result["remedies"]) == 16


def test_minimal_facts(run):
    result = run({"as_of": "2025-03-01", "offence": {"category": "theft"}})
    statuses = {r["id"]: r["status"] for r in result["remedies"]}
    assert len(statuses) == 16
    assert statuses["civi_capped"] == "unknown"
