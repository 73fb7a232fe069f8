"""The contracts' own examples (docs/rights.md): facts of a theft in the Vosges in 2024, and a
CIVI request's events.

Shown in the API documentation, used by the benchmark and the API tests, so the
example a reader sees is the one that is measured and checked.
"""

CONTRACT_EXAMPLE: dict = {
    "as_of": "2025-03-01",
    "parameters_date": "as_of",
    "offence": {
        "category": "theft",
        "class": "delit",
        "date": "2024-06-10",
        "in_france": True,
        "department": "88",
        "author_known": False,
        "author_is_partner": False,
    },
    "victim": {
        "natural_person": True,
        "french_national": True,
        "birth_date": "1990-04-02",
        "indirect": False,
    },
    "harm": {"death": False, "permanent_incapacity": False, "itt_days": 0},
    "situation": {
        "annual_income": 15000,
        "household_extra_persons": 0,
        "serious_situation": True,
        "other_compensation": False,
        "claim_amount": None,
    },
    "vehicle": {"registered": True, "inspection_ok": True, "insured": True},
    "procedure": {
        "complaint_filed": True,
        "complaint_date": "2024-06-11",
        "hearing_date": None,
        "decision_final_date": None,
        "damages_awarded": None,
        "civi_inadmissible_notified": None,
    },
    "danger": {
        "grave_danger": False,
        "cohabiting_with_author": False,
        "no_contact_ban": False,
        "imminent_danger": False,
        "consent": True,
        "tgd_granted_on": None,
    },
}

# The procedure timelines contract's own example: a CIVI request in Meurthe-et-Moselle, the
# fund's offer received three days before the answer is asked for.
TIMELINE_EXAMPLE: dict = {
    "procedure": "civi",
    "as_of": "2026-03-05",
    "department": "54",
    "events": [
        {"type": "request_filed", "date": "2026-01-05"},
        {"type": "forwarded_to_fund", "date": "2026-01-12"},
        {"type": "offer_received", "date": "2026-03-02", "amount": 4200},
    ],
}
