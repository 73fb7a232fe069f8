"""Shared helpers for the rights-engine tests.

The engine is tested as a black box through its public contract:
``assess(facts, lang).to_dict()`` and ``InvalidFacts.errors``.

Facts are built from a named preset plus dotted-path changes, e.g.
``make_facts("theft", {"situation.annual_income": 19289.99})``. A change whose
value is ``...`` (Ellipsis) removes the field, so the engine sees it as absent.
"""

import copy

import pytest

REMEDY_IDS = (
    "civi_full",
    "civi_capped",
    "civi_vehicle",
    "civi_squat",
    "guarantee_fund_direct",
    "sarvi",
    "civil_party",
    "civil_court",
    "insurance",
    "legal_aid",
    "complaint",
    "online_complaint",
    "letter_to_prosecutor",
    "protection_order",
    "tgd",
    "bar",
)

STATUSES = ("eligible", "not_eligible", "unknown")

DEADLINE_IDS = (
    "civi_request",
    "civi_complement",
    "sarvi_opens",
    "sarvi_closes",
    "civil_party_by",
    "investigating_judge_from",
    "tgd_renewal",
    "prosecution_limit",
    # Growth: insurer and bank deadlines (C. assur. L113-2; C. monét. fin. L133-24).
    "insurance_declaration",
    "bank_dispute",
)

# Deadlines CPP 801 may move to the next working day (contract).
EXTENSIBLE_DEADLINES = ("civi_request", "civi_complement", "sarvi_closes")

# Every input field of the contract, as dot paths.
FIELD_PATHS = frozenset(
    {
        "as_of",
        "parameters_date",
        "offence.category",
        "offence.class",
        "offence.date",
        "offence.in_france",
        "offence.department",
        "offence.author_known",
        "offence.author_is_partner",
        # Growth of the contract: whether the responsible driver or hunter was insured.
        "offence.author_insured",
        # Growth: several offences in one story; press offences.
        "offence.other_categories",
        "offence.public",
        "offence.discriminatory",
        "victim.natural_person",
        "victim.french_national",
        "victim.birth_date",
        "victim.indirect",
        "victim.direct_victim_birth_date",
        "harm.death",
        "harm.permanent_incapacity",
        "harm.itt_days",
        "situation.annual_income",
        "situation.household_extra_persons",
        "situation.serious_situation",
        "situation.other_compensation",
        "situation.claim_amount",
        "vehicle.registered",
        "vehicle.inspection_ok",
        "vehicle.insured",
        "procedure.complaint_filed",
        "procedure.complaint_date",
        "procedure.hearing_date",
        "procedure.decision_final_date",
        "procedure.damages_awarded",
        "procedure.civi_inadmissible_notified",
        "danger.grave_danger",
        "danger.cohabiting_with_author",
        "danger.no_contact_ban",
        "danger.imminent_danger",
        "danger.consent",
        "danger.tgd_granted_on",
        # Growth: her contracts, and the dates the insurer and bank deadlines run from.
        "insurance.home",
        "insurance.vehicle",
        "insurance.payment_card",
        "insurance.legal_protection",
        "insurance.loss_known_on",
        "insurance.card_debit_date",
    }
)

_BASE = {
    "as_of": "2025-03-01",
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
        "birth_date": "1980-04-02",
        "indirect": False,
    },
    "harm": {"death": False, "permanent_incapacity": False, "itt_days": 0},
    "situation": {
        "annual_income": 10000,
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

# Each preset is a set of changes applied to _BASE.
PRESETS = {
    # Property offence, author unknown, modest income: the 706-14 route.
    "theft": {},
    # Violence by a stranger, ITT of 40 days: the 706-3 route.
    "violence": {
        "offence.category": "violence",
        "offence.author_known": True,
        "harm.itt_days": 40,
    },
    # Violence by a (former) partner, victim no longer living with him.
    "partner_violence": {
        "offence.category": "violence",
        "offence.author_known": True,
        "offence.author_is_partner": True,
        "harm.itt_days": 15,
        "danger.grave_danger": True,
        "danger.no_contact_ban": True,
    },
    "vehicle_arson": {"offence.category": "vehicle_arson"},
    "squat": {
        "offence.category": "squat",
        "offence.author_known": True,
        "situation.annual_income": 100000,
    },
    # A final criminal decision awarding damages, and no CIVI route
    # (property offence, income far above the ceilings).
    "sarvi": {
        "as_of": "2024-06-01",
        "offence.date": "2023-09-10",
        "offence.author_known": True,
        "procedure.complaint_date": "2023-09-11",
        "procedure.decision_final_date": "2024-03-15",
        "procedure.damages_awarded": 5000,
        "situation.annual_income": 50000,
    },
    "terrorism": {
        "offence.category": "terrorism",
        "offence.class": "crime",
        "offence.author_known": True,
        "harm.itt_days": 40,
    },
}


def apply_changes(facts, changes):
    """Apply dotted-path changes to a copy of ``facts`` (``...`` deletes)."""
    facts = copy.deepcopy(facts)
    for path, value in (changes or {}).items():
        *parents, leaf = path.split(".")
        node = facts
        for key in parents:
            node = node.setdefault(key, {})
        if value is ...:
            node.pop(leaf, None)
        else:
            node[leaf] = copy.deepcopy(value)
    return facts


def build_facts(preset="theft", changes=None):
    return apply_changes(apply_changes(_BASE, PRESETS[preset]), changes)


def assess_dict(facts, lang="fr"):
    from appui.rights import assess

    return assess(copy.deepcopy(facts), lang=lang).to_dict()


def invalid_errors(facts, lang="fr"):
    """Assess facts that must be rejected; return ``InvalidFacts.errors``."""
    from appui.rights import InvalidFacts, assess

    with pytest.raises(InvalidFacts) as excinfo:
        assess(copy.deepcopy(facts), lang=lang)
    return excinfo.value.errors


def find_remedy(result, remedy_id):
    found = [r for r in result["remedies"] if r["id"] == remedy_id]
    assert len(found) == 1, f"remedy {remedy_id!r} appears {len(found)} times"
    return found[0]


def find_deadline(remedy_dict, deadline_id):
    """The deadline ``deadline_id`` of one remedy, or None when absent."""
    found = [d for d in remedy_dict["deadlines"] if d["id"] == deadline_id]
    assert len(found) <= 1, f"deadline {deadline_id!r} appears {len(found)} times"
    return found[0] if found else None


def deadlines_named(result, deadline_id):
    """Every occurrence of a deadline id across remedies (all must agree)."""
    found = [d for r in result["remedies"] for d in r["deadlines"] if d["id"] == deadline_id]
    dates = {d["date"] for d in found}
    assert len(dates) <= 1, f"{deadline_id} has several dates: {sorted(dates)}"
    return found


def one_deadline(result, deadline_id):
    """The deadline as given by the assessment, whichever remedy carries it."""
    found = deadlines_named(result, deadline_id)
    assert found, f"no deadline {deadline_id!r} in the assessment"
    return found[0]


def parameter(result, name):
    found = [p for p in result["parameters"] if p["name"] == name]
    assert found, f"no parameter {name!r} in {[p['name'] for p in result['parameters']]}"
    values = {(p["value"], p["in_force_from"]) for p in found}
    assert len(values) == 1, f"parameter {name!r} given with several values: {values}"
    return found[0]


@pytest.fixture(scope="session")
def make_facts():
    return build_facts


@pytest.fixture(scope="session")
def run():
    return assess_dict


@pytest.fixture(scope="session")
def run_errors():
    return invalid_errors


@pytest.fixture(scope="session")
def remedy():
    return find_remedy


@pytest.fixture(scope="session")
def deadline():
    return find_deadline


@pytest.fixture(scope="session")
def any_deadline():
    return one_deadline


@pytest.fixture(scope="session")
def all_deadlines():
    return deadlines_named


@pytest.fixture(scope="session")
def param():
    return parameter


@pytest.fixture(scope="session")
def status():
    """``status(preset, changes, remedy_id)`` → the remedy's status."""

    def _status(preset, changes, remedy_id, lang="fr"):
        result = assess_dict(build_facts(preset, changes), lang=lang)
        return find_remedy(result, remedy_id)["status"]

    return _status


@pytest.fixture(scope="session")
def contract():
    """The closed lists of the contract: remedy ids, statuses, deadline ids, fields."""

    class Contract:
        remedy_ids = REMEDY_IDS
        statuses = STATUSES
        deadline_ids = DEADLINE_IDS
        extensible_deadlines = EXTENSIBLE_DEADLINES
        field_paths = FIELD_PATHS

    return Contract


# --- procedure timelines ------------------------------------------------------------------
# Tested through `timeline(procedure, lang).to_dict()` and `InvalidProcedure.errors`.


def event(type, date, **fields):
    """One event of a procedure; `class_` stands for the `class` field."""
    if "class_" in fields:
        fields["class"] = fields.pop("class_")
    return {"type": type, "date": date, **fields}


def procedure(name, as_of, *events, department=None):
    body = {"procedure": name, "as_of": as_of, "events": list(events)}
    if department is not None:
        body["department"] = department
    return body


def timeline_dict(body, lang="fr"):
    from appui.rights import timeline

    return timeline(copy.deepcopy(body), lang=lang).to_dict()


def timeline_errors(body, lang="fr"):
    """Follow a procedure that must be refused; return ``InvalidProcedure.errors``."""
    from appui.rights import InvalidProcedure, timeline

    with pytest.raises(InvalidProcedure) as excinfo:
        timeline(copy.deepcopy(body), lang=lang)
    return excinfo.value.errors


def dated(answer, date_id):
    """The date ``date_id`` of a timeline answer, or None when the events give none."""
    found = [d for d in answer["dates"] if d["id"] == date_id]
    assert len(found) <= 1, f"date {date_id!r} appears {len(found)} times"
    return found[0] if found else None
