"""Insurer and bank deadlines (growth): C. assur. L113-2 4° and last paragraph;
C. monét. fin. L133-18 and L133-24; legal-protection insurance and legal aid (loi 91-647
art. 2). Working days skip weekends and the legal public holidays of the place."""

import pytest

P = pytest.param


def _facts(make_facts, preset="theft", **changes):
    return make_facts(preset, changes)


# insurance_declaration: the n-th working day after the day the loss became known (else the
# date of the offence); 2 working days for a theft, 5 otherwise.
DECLARATION = [
    P("theft", "2025-03-03", None, "88", "2025-03-05", id="theft-monday-to-wednesday"),
    P("theft", "2025-03-06", None, "88", "2025-03-10", id="theft-thursday-over-weekend"),
    P("property_damage", "2025-03-03", None, "88", "2025-03-10", id="damage-5-days"),
    P("property_damage", "2025-03-07", None, "88", "2025-03-14", id="damage-friday"),
    P("fraud", "2025-02-20", "2025-03-03", "88", "2025-03-10", id="counted-from-loss-known"),
    # 1 and 8 May 2025 are Thursdays; Ascension is 29 May 2025.
    P("theft", "2025-04-30", None, "75", "2025-05-05", id="theft-over-1-may"),
    P("property_damage", "2025-05-05", None, "75", "2025-05-13", id="damage-over-8-may"),
    P("theft", "2025-05-28", None, "75", "2025-06-02", id="theft-over-ascension"),
    # Wednesday 24 December 2025: 25 December everywhere, 26 in Alsace-Moselle only.
    P("theft", "2025-12-24", None, "57", "2025-12-30", id="theft-moselle-26-december"),
    P("theft", "2025-12-24", None, "88", "2025-12-29", id="theft-vosges-26-december"),
    # La Réunion's 20 December (abolition of slavery), a Friday in 2024.
    P("theft", "2024-12-18", None, "974", "2024-12-23", id="theft-reunion-20-december"),
    P("theft", "2024-12-18", None, "75", "2024-12-20", id="theft-paris-20-december"),
]


@pytest.mark.parametrize("category,offence,known,department,date", DECLARATION)
def test_insurance_declaration(
    run, make_facts, remedy, deadline, category, offence, known, department, date
):
    facts = make_facts(
        "theft",
        {
            "as_of": "2025-12-31",
            "offence.category": category,
            "offence.date": offence,
            "offence.department": department,
            "procedure.complaint_date": offence,
            "insurance.loss_known_on": known if known else ...,
        },
    )
    got = remedy(run(facts), "insurance")
    assert got["status"] == "eligible"
    declare = deadline(got, "insurance_declaration")
    assert declare["date"] == date
    assert declare["indicative"] is True
    assert declare["extended"] is False
    assert declare["relief_possible"] is True
    assert declare["legal_basis"] == ["C. assur. art. L113-2"]


@pytest.mark.parametrize(
    "as_of,state",
    [P("2025-03-05", "open", id="last-day"), P("2025-03-06", "passed", id="day-after")],
)
def test_a_passed_declaration_is_not_too_late(run, make_facts, remedy, deadline, as_of, state):
    facts = make_facts(
        "theft", {"as_of": as_of, "offence.date": "2025-03-03", "procedure.complaint_date": ...}
    )
    got = remedy(run(facts, "en"), "insurance")
    assert got["status"] == "eligible"
    assert deadline(got, "insurance_declaration")["state"] == state
    late = any("insurer shows the delay harmed it" in r for r in got["reasons"])
    assert late is (state == "passed")


def test_no_declaration_deadline_without_a_date(run, make_facts, remedy, deadline):
    got = remedy(
        run(make_facts("theft", {"offence.date": ..., "procedure.complaint_date": ...})),
        "insurance",
    )
    assert got["status"] == "eligible"
    assert deadline(got, "insurance_declaration") is None


def test_no_contract_involved_no_declaration(run, make_facts, remedy, deadline):
    facts = make_facts(
        "theft",
        {"insurance.home": False, "insurance.vehicle": False, "insurance.payment_card": False},
    )
    got = remedy(run(facts), "insurance")
    assert got["status"] == "eligible"  # other contracts may exist
    assert deadline(got, "insurance_declaration") is None


def test_the_contracts_held_are_named(run, make_facts, remedy):
    facts = make_facts("theft", {"insurance.home": True, "insurance.payment_card": True})
    reasons = remedy(run(facts, "en"), "insurance")["reasons"]
    assert any("home insurer" in r for r in reasons)
    assert any("bank that issued the card" in r for r in reasons)
    assert not any("vehicle insurer" in r for r in reasons)


def test_the_declaration_rests_on_good_friday_in_moselle(run, make_facts, remedy, deadline):
    # Thursday 2 April 2026, theft: Good Friday (local) and Easter Monday are skipped.
    facts = make_facts(
        "theft",
        {
            "as_of": "2026-04-02",
            "offence.date": "2026-04-02",
            "offence.department": "57",
            "procedure.complaint_date": ...,
        },
    )
    got = remedy(run(facts), "insurance")
    assert deadline(got, "insurance_declaration")["date"] == "2026-04-08"
    assert any("L3134-13" in u for u in got["uncertain"])
    assert len(got["uncertain_text"]) == len(got["uncertain"])


# bank_dispute: 13 months after the debit (L133-24), when a card debit is reported with a
# fraud- or theft-like offence, or with payment_card true.
BANK = [
    P("fraud", {}, "2025-07-12", id="fraud"),
    P("theft", {}, "2025-07-12", id="theft"),
    P("breach_of_trust", {}, "2025-07-12", id="breach-of-trust"),
    P("extortion", {}, "2025-07-12", id="extortion"),
    P("property_damage", {"insurance.payment_card": True}, "2025-07-12", id="card-said"),
    P("violence", {"insurance.payment_card": True}, "2025-07-12", id="violence-card-stolen"),
    P("fraud", {"insurance.card_debit_date": "2024-01-31"}, "2025-02-28", id="31-january-clamp"),
    P("property_damage", {}, None, id="no-card-no-fraud"),
    P("violence", {"insurance.payment_card": False}, None, id="violence-no-card"),
    P("fraud", {"insurance.card_debit_date": ...}, None, id="no-debit-date"),
]


@pytest.mark.parametrize("category,changes,date", BANK)
def test_bank_dispute(run, make_facts, remedy, deadline, category, changes, date):
    facts = make_facts(
        "theft",
        {
            "offence.category": category,
            "offence.date": "2024-01-10",
            "procedure.complaint_date": "2024-01-11",
            "insurance.card_debit_date": "2024-06-12",
            **changes,
        },
    )
    got = remedy(run(facts, "en"), "insurance")
    dispute = deadline(got, "bank_dispute")
    if date is None:
        assert dispute is None
        return
    assert got["status"] == "eligible"
    assert dispute["date"] == date
    assert dispute["state"] == ("open" if date >= "2025-03-01" else "passed")
    assert dispute["legal_basis"] == ["C. monét. fin. art. L133-24"]
    assert (dispute["indicative"], dispute["extended"]) == (False, False)
    assert "C. monét. fin. art. L133-18" in got["legal_basis"]
    assert any("refund at once" in r for r in got["reasons"])


def test_bank_dispute_passed_keeps_the_status(run, make_facts, remedy, deadline):
    common = {"offence.category": "fraud", "insurance.card_debit_date": "2024-06-12"}
    before = remedy(run(make_facts("theft", {**common, "as_of": "2025-07-12"})), "insurance")
    after = remedy(run(make_facts("theft", {**common, "as_of": "2025-07-13"})), "insurance")
    assert deadline(before, "bank_dispute")["state"] == "open"
    assert deadline(after, "bank_dispute")["state"] == "passed"
    assert before["status"] == after["status"] == "eligible"


@pytest.mark.parametrize(
    "value,expected",
    [
        P(True, "legal_protection", id="held"),
        P(False, None, id="none"),
        P(..., "generic", id="unsaid"),
    ],
)
def test_legal_protection_on_legal_aid(run, make_facts, remedy, value, expected):
    got = remedy(run(make_facts("theft", {"insurance.legal_protection": value}), "en"), "legal_aid")
    said = " ".join(got["reasons"])
    assert ("legal aid is not granted for the costs that contract covers" in said) is (
        expected == "legal_protection"
    )
    assert ("may also pay the lawyer" in said) is (expected == "generic")
    assert ("C. assur. art. L127-1" in got["legal_basis"]) is (expected == "legal_protection")
    assert got["status"] == "eligible"


@pytest.mark.parametrize(
    "changes,field",
    [
        P({"insurance.loss_known_on": "2025-03-02"}, "insurance.loss_known_on", id="known-future"),
        P({"insurance.loss_known_on": "2024-06-09"}, "insurance.loss_known_on", id="known-before"),
        P(
            {"insurance.card_debit_date": "2025-03-02"},
            "insurance.card_debit_date",
            id="debit-future",
        ),
        P(
            {"insurance.card_debit_date": "2024-06-01"},
            "insurance.card_debit_date",
            id="debit-before",
        ),
        P({"insurance.home": "yes"}, "insurance.home", id="home-yes"),
        P({"insurance.legal_protection": 1}, "insurance.legal_protection", id="protection-1"),
        P({"insurance.pet": True}, "insurance.pet", id="unknown-field"),
        P({"insurance": []}, "insurance", id="not-an-object"),
    ],
)
def test_insurance_field_errors(run_errors, make_facts, changes, field):
    errors = run_errors(make_facts("theft", changes), "es")
    assert field in [e["field"] for e in errors], errors
