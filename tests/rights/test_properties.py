"""Properties of the rights engine over any valid facts (hypothesis).

Facts are drawn across the whole contract: every category (and other categories of the
same story), consistent dates (offence ≤ decision ≤ as_of, as_of from 2019 to 2026),
amounts ≥ 0, the insurance facts, and any field possibly absent.
"""

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appui.rights.facts import Category

CATEGORIES = [c.value for c in Category]
CLASSES = ["crime", "delit", "contravention"]
DEPARTMENTS = ["01", "13", "2A", "57", "67", "68", "75", "88", "971"]

FIRST_AS_OF = dt.date(2019, 1, 18)
LAST_AS_OF = dt.date(2026, 12, 31)

OPENING_DEADLINES = {"sarvi_opens", "investigating_judge_from"}
FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}

PROPERTY_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

ABSENT = object()


def _iso(day):
    return day.isoformat()


def _money(max_value):
    cents = st.integers(min_value=0, max_value=int(max_value * 100))
    return st.one_of(
        st.integers(min_value=0, max_value=int(max_value)), cents.map(lambda c: c / 100)
    )


@st.composite
def valid_facts(draw, modes=(ABSENT, "as_of", "offence")):
    as_of = draw(st.dates(min_value=FIRST_AS_OF, max_value=LAST_AS_OF))
    mode = draw(st.sampled_from(modes))
    earliest = FIRST_AS_OF if mode == "offence" else dt.date(2000, 1, 1)
    offence_date = draw(st.dates(min_value=earliest, max_value=as_of))

    def maybe(strategy):
        return draw(st.one_of(st.just(ABSENT), strategy))

    def section(**fields):
        return {k: v for k, v in fields.items() if v is not ABSENT}

    def day_between(lo, hi):
        return st.dates(min_value=lo, max_value=hi).map(_iso)

    decision = draw(st.one_of(st.none(), st.dates(min_value=offence_date, max_value=as_of)))
    notified_from = decision or offence_date

    category = draw(st.sampled_from(CATEGORIES))
    others = [c for c in CATEGORIES if c != category]
    facts = {
        "as_of": _iso(as_of),
        "offence": section(
            category=category,
            other_categories=maybe(st.lists(st.sampled_from(others), max_size=2, unique=True)),
            public=maybe(st.booleans()),
            discriminatory=maybe(st.booleans()),
            date=_iso(offence_date),
            **{"class": maybe(st.sampled_from(CLASSES))},
            in_france=maybe(st.booleans()),
            department=maybe(st.sampled_from(DEPARTMENTS)),
            author_known=maybe(st.booleans()),
            author_is_partner=maybe(st.booleans()),
        ),
        "victim": section(
            natural_person=maybe(st.booleans()),
            french_national=maybe(st.booleans()),
            birth_date=maybe(day_between(dt.date(1930, 1, 1), offence_date)),
            indirect=maybe(st.booleans()),
            direct_victim_birth_date=maybe(day_between(dt.date(1930, 1, 1), offence_date)),
        ),
        "harm": section(
            death=maybe(st.booleans()),
            permanent_incapacity=maybe(st.booleans()),
            itt_days=maybe(st.integers(min_value=0, max_value=400)),
        ),
        "situation": section(
            annual_income=maybe(_money(80000)),
            household_extra_persons=maybe(st.integers(min_value=0, max_value=6)),
            serious_situation=maybe(st.booleans()),
            other_compensation=maybe(st.booleans()),
            claim_amount=maybe(st.one_of(st.none(), _money(100000))),
        ),
        "vehicle": section(
            registered=maybe(st.booleans()),
            inspection_ok=maybe(st.booleans()),
            insured=maybe(st.booleans()),
        ),
        "procedure": section(
            complaint_filed=maybe(st.booleans()),
            complaint_date=maybe(day_between(offence_date, as_of)),
            hearing_date=maybe(
                st.one_of(
                    st.none(),
                    day_between(
                        offence_date + dt.timedelta(days=1), as_of + dt.timedelta(days=730)
                    ),
                )
            ),
            decision_final_date=_iso(decision) if decision else ABSENT,
            damages_awarded=maybe(st.one_of(st.none(), _money(50000))),
            civi_inadmissible_notified=maybe(
                st.one_of(st.none(), day_between(notified_from, as_of))
            ),
        ),
        "danger": section(
            grave_danger=maybe(st.booleans()),
            cohabiting_with_author=maybe(st.booleans()),
            no_contact_ban=maybe(st.booleans()),
            imminent_danger=maybe(st.booleans()),
            consent=maybe(st.booleans()),
            tgd_granted_on=maybe(st.one_of(st.none(), day_between(offence_date, as_of))),
        ),
        "insurance": section(
            home=maybe(st.booleans()),
            vehicle=maybe(st.booleans()),
            payment_card=maybe(st.booleans()),
            legal_protection=maybe(st.booleans()),
            loss_known_on=maybe(day_between(offence_date, as_of)),
            card_debit_date=maybe(day_between(offence_date, as_of)),
        ),
    }
    if mode is not ABSENT:
        facts["parameters_date"] = mode
    return facts


def _sarvi_expected(total):
    return total if total <= 1000 else min(max(0.3 * total, 1000), 3000)


LANGS = st.sampled_from(["fr", "en", "es"])


@PROPERTY_SETTINGS
@given(facts=valid_facts(), lang=LANGS)
def test_any_valid_facts_give_a_complete_assessment(run, contract, facts, lang):
    result = run(facts, lang)
    assert json.loads(json.dumps(result)) == result
    assert result["as_of"] == facts["as_of"]
    assert result["lang"] == lang
    selector = (
        facts["offence"]["date"] if facts.get("parameters_date") == "offence" else facts["as_of"]
    )
    assert result["parameters_date"] == selector
    ids = [r["id"] for r in result["remedies"]]
    assert sorted(ids) == sorted(contract.remedy_ids)
    for r in result["remedies"]:
        assert r["status"] in contract.statuses, r
        assert r["cap"] is None or r["cap"] >= 0, r
        if r["id"] != "sarvi":
            assert r["amount"] is None, r
    fund = next(r for r in result["remedies"] if r["id"] == "guarantee_fund_direct")
    assert "fund" in fund


@PROPERTY_SETTINGS
@given(facts=valid_facts(), lang=LANGS)
def test_missing_facts_are_named_by_contract_paths(run, contract, facts, lang):
    for r in run(facts, lang)["remedies"]:
        if r["status"] == "unknown":
            assert r["missing"], r
        assert set(r["missing"]) <= contract.field_paths, r["missing"]


@PROPERTY_SETTINGS
@given(facts=valid_facts(), lang=LANGS)
def test_uncertain_points_cite_law_md(run, facts, lang):
    for r in run(facts, lang)["remedies"]:
        for point in r["uncertain"]:
            assert isinstance(point, str) and point.startswith("law.md §"), (r["id"], point)
        # Growth: the same points, same order, in plain words (each with its own sentence).
        assert len(r["uncertain_text"]) == len(r["uncertain"]), r["id"]
        for point, text in zip(r["uncertain"], r["uncertain_text"], strict=True):
            assert text and text != point and "law.md" not in text, (point, text)


@PROPERTY_SETTINGS
@given(facts=valid_facts(), lang=LANGS)
def test_deadlines_are_consistent(run, contract, facts, lang):
    result = run(facts, lang)
    as_of = dt.date.fromisoformat(facts["as_of"])
    offence_date = dt.date.fromisoformat(facts["offence"]["date"])
    for r in result["remedies"]:
        seen = [d["id"] for d in r["deadlines"]]
        assert len(seen) == len(set(seen)), seen
        for d in r["deadlines"]:
            assert d["id"] in contract.deadline_ids, d
            assert d["state"] in ("upcoming", "open", "passed"), d
            day = dt.date.fromisoformat(d["date"])
            if d["id"] != "civil_party_by":
                assert day >= offence_date, (r["id"], d)
            if d["extended"]:
                assert d["id"] in contract.extensible_deadlines, d
                assert "CPP art. 801" in d["legal_basis"], d
            if d["id"] in contract.extensible_deadlines:
                assert day.weekday() < 5, d
                assert (day.month, day.day) not in FIXED_HOLIDAYS, d
            if d["id"] == "prosecution_limit":
                assert d["indicative"] is True and d["extended"] is False, d
            if d["id"] in OPENING_DEADLINES:
                assert (d["state"] == "upcoming") is (as_of < day), (as_of, d)
            else:
                assert (d["state"] == "passed") is (as_of > day), (as_of, d)


@PROPERTY_SETTINGS
@given(facts=valid_facts())
def test_sarvi_amount_follows_the_awarded_total(run, facts):
    sarvi = next(r for r in run(facts)["remedies"] if r["id"] == "sarvi")
    if sarvi["status"] == "eligible":
        total = facts["procedure"].get("damages_awarded")
        assert total is not None and sarvi["amount"] is not None
        assert min(total, 1000) - 1e-6 <= sarvi["amount"] <= 3000 + 1e-6
        assert sarvi["amount"] <= total + 1e-6
        assert sarvi["amount"] == pytest.approx(_sarvi_expected(total), abs=1e-6)


@PROPERTY_SETTINGS
@given(facts=valid_facts())
def test_parameters_are_dated(run, facts):
    result = run(facts)
    for p in result["parameters"]:
        assert isinstance(p["stale"], bool)
        assert isinstance(p["source"], str) and p["source"], p
        dt.date.fromisoformat(p["in_force_from"])
        if p["name"] in ("aj_partial_ceiling", "aj_full_ceiling"):
            assert p["in_force_from"] <= result["parameters_date"], p


@PROPERTY_SETTINGS
@given(
    totals=st.lists(
        st.integers(min_value=1, max_value=5_000_000).map(lambda c: c / 100), min_size=2, max_size=2
    )
)
def test_sarvi_amount_monotonic_and_bounded(run, make_facts, remedy, totals):
    low, high = sorted(totals)
    amounts = []
    for total in (low, high):
        sarvi = remedy(run(make_facts("sarvi", {"procedure.damages_awarded": total})), "sarvi")
        assert sarvi["status"] == "eligible"
        amount = sarvi["amount"]
        assert min(total, 1000) - 1e-6 <= amount <= 3000 + 1e-6
        assert amount <= total + 1e-6
        assert amount == pytest.approx(_sarvi_expected(total), abs=1e-6)
        amounts.append(amount)
    assert amounts[0] <= amounts[1] + 1e-9


@PROPERTY_SETTINGS
@given(facts=valid_facts(), share=st.integers(min_value=0, max_value=100))
def test_lower_income_never_closes_a_means_tested_route(run, facts, share):
    income = facts["situation"].get("annual_income")
    if income is None:
        facts["situation"]["annual_income"] = income = 30000
    poorer = json.loads(json.dumps(facts))
    poorer["situation"]["annual_income"] = round(income * share / 100, 2)
    before = {r["id"]: r["status"] for r in run(facts)["remedies"]}
    after = {r["id"]: r["status"] for r in run(poorer)["remedies"]}
    for remedy_id in ("civi_capped", "civi_vehicle", "legal_aid"):
        if before[remedy_id] == "eligible":
            assert after[remedy_id] == "eligible", remedy_id


@PROPERTY_SETTINGS
@given(facts=valid_facts())
def test_language_never_changes_the_decision(run, facts):
    def skeleton(result):
        return sorted(
            (
                r["id"],
                r["status"],
                tuple(sorted(r["missing"])),
                r["cap"],
                r["amount"],
                tuple(
                    sorted((d["id"], d["date"], d["state"], d["extended"]) for d in r["deadlines"])
                ),
            )
            for r in result["remedies"]
        )

    assert skeleton(run(facts, "fr")) == skeleton(run(facts, "en")) == skeleton(run(facts, "es"))


@PROPERTY_SETTINGS
@given(facts=valid_facts(), more=st.integers(min_value=1, max_value=3))
def test_more_dependants_never_close_a_means_tested_route(run, facts, more):
    extra = facts["situation"].get("household_extra_persons", 0)
    if "annual_income" not in facts["situation"]:
        facts["situation"]["annual_income"] = 21000
    larger = json.loads(json.dumps(facts))
    facts["situation"]["household_extra_persons"] = extra
    larger["situation"]["household_extra_persons"] = extra + more
    before = {r["id"]: r["status"] for r in run(facts)["remedies"]}
    after = {r["id"]: r["status"] for r in run(larger)["remedies"]}
    for remedy_id in ("civi_capped", "civi_vehicle", "legal_aid"):
        if before[remedy_id] == "eligible":
            assert after[remedy_id] == "eligible", remedy_id


@PROPERTY_SETTINGS
@given(facts=valid_facts(modes=("offence",)), later=st.integers(min_value=1, max_value=3000))
def test_time_passing_never_changes_a_status_when_the_offence_date_selects(run, facts, later):
    """With parameters_date "offence", as_of only moves deadline states."""
    moved = json.loads(json.dumps(facts))
    moved["as_of"] = _iso(
        min(dt.date.fromisoformat(facts["as_of"]) + dt.timedelta(days=later), LAST_AS_OF)
    )
    before = {r["id"]: r["status"] for r in run(facts)["remedies"]}
    after = {r["id"]: r["status"] for r in run(moved)["remedies"]}
    assert before == after
