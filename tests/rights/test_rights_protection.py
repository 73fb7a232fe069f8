"""Protection measures: TGD (CPP 41-3-1), protection order (CC 515-9), BAR.

Legal reference: law.md §5.
"""

import pytest

P = pytest.param

RAPE_BY_STRANGER = {
    "offence.category": "sexual_violence",
    "offence.class": "crime",
    "offence.author_is_partner": False,
    "harm.itt_days": 0,
}

# Consent; no cohabitation; partner violence or rape; grave danger; AND a
# judicial no-contact ban OR proven imminent danger.
TGD = [
    P({}, "eligible", id="partner-violence-ban"),
    P(
        {"danger.no_contact_ban": False, "danger.imminent_danger": True},
        "eligible",
        id="partner-violence-imminent-danger",
    ),
    P(
        {"danger.no_contact_ban": True, "danger.imminent_danger": True},
        "eligible",
        id="ban-and-imminent-danger",
    ),
    P(
        {"danger.no_contact_ban": False, "danger.imminent_danger": False},
        "not_eligible",
        id="neither-ban-nor-imminent-danger",
    ),
    P({"danger.consent": False}, "not_eligible", id="no-consent"),
    P({"danger.cohabiting_with_author": True}, "not_eligible", id="still-cohabiting"),
    P({"danger.grave_danger": False}, "not_eligible", id="no-grave-danger"),
    P({"offence.author_is_partner": False}, "not_eligible", id="violence-by-stranger"),
    P(RAPE_BY_STRANGER, "eligible", id="rape-victim-stranger"),
    P({**RAPE_BY_STRANGER, "danger.consent": False}, "not_eligible", id="rape-victim-no-consent"),
    P({"harm.itt_days": 0}, "eligible", id="partner-violence-without-itt"),
]


@pytest.mark.parametrize("changes,expected", TGD)
def test_tgd_status(status, changes, expected):
    assert status("partner_violence", changes, "tgd") == expected


@pytest.mark.parametrize(
    "changes,missing",
    [
        P({"danger.consent": ...}, "danger.consent", id="consent-absent"),
        P(
            {"danger.cohabiting_with_author": ...},
            "danger.cohabiting_with_author",
            id="cohabitation-absent",
        ),
        P({"danger.grave_danger": ...}, "danger.grave_danger", id="grave-danger-absent"),
        P(
            {"danger.no_contact_ban": ..., "danger.imminent_danger": ...},
            None,
            id="ban-and-imminence-absent",
        ),
    ],
)
def test_tgd_missing_fact(run, make_facts, remedy, changes, missing):
    tgd = remedy(run(make_facts("partner_violence", changes)), "tgd")
    assert tgd["status"] == "unknown"
    if missing is None:
        assert {"danger.no_contact_ban", "danger.imminent_danger"} & set(tgd["missing"])
    else:
        assert missing in tgd["missing"]


def test_tgd_legal_basis(run, make_facts, remedy):
    tgd = remedy(run(make_facts("partner_violence")), "tgd")
    assert any("41-3-1" in b for b in tgd["legal_basis"])


PROTECTION_ORDER = [
    P("partner_violence", {}, "eligible", id="partner-violence"),
    P(
        "partner_violence",
        {"procedure.complaint_filed": False, "procedure.complaint_date": None},
        "eligible",
        id="partner-violence-no-complaint-needed",
    ),
    P("violence", {}, "not_eligible", id="violence-by-stranger"),
    P("theft", {}, "not_eligible", id="theft-by-stranger"),
]


@pytest.mark.parametrize("preset,changes,expected", PROTECTION_ORDER)
def test_protection_order_status(status, preset, changes, expected):
    assert status(preset, changes, "protection_order") == expected


BAR = [
    P("partner_violence", {}, "eligible", id="partner-violence-with-ban"),
    P("violence", {}, "not_eligible", id="violence-by-stranger"),
    P("theft", {}, "not_eligible", id="theft-by-stranger"),
]


@pytest.mark.parametrize("preset,changes,expected", BAR)
def test_bar_status(status, preset, changes, expected):
    assert status(preset, changes, "bar") == expected


def test_bar_distances_never_stale(run, make_facts):
    result = run(make_facts("partner_violence", {"as_of": "2026-06-01"}))
    for p in result["parameters"]:
        if "bar" in p["name"].lower():
            assert p["stale"] is False, p
