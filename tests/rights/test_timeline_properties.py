"""Properties of procedure timelines over any valid procedure (hypothesis).

Procedures are drawn as a story that can happen: each event after the ones it needs, on
the same day or later, none after `as_of` (a hearing itself may lie after it), across
départements with and without Alsace-Moselle's holidays.
"""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appui.rights import deadlines as D

from .conftest import (
    assess_dict,
    build_facts,
    dated,
    find_deadline,
    find_remedy,
    timeline_dict,
)
from .timeline_stories import DEPARTMENTS, iso, procedures

SETTINGS = settings(
    max_examples=250, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

# Each date id and the events it counts forward from (never before them).
FORWARD_FROM = {
    "fund_offer_due": ("forwarded_to_fund",),
    "victim_answer_due": ("offer_received",),
    "payment_due": ("homologation_notified", "decision_notified"),
    "appeal_due": ("decision_notified",),
    "sarvi_opens": ("decision_final",),
    "sarvi_closes": ("decision_final", "civi_inadmissible_notified"),
    "sarvi_payment_due": ("request_filed",),
    "president_request_due": ("refusal_notified",),
    "investigating_judge_from": ("complaint_sent",),
}
BEFORE_HEARING = ("summons_by", "observations_by", "civil_party_letter_by")
AWAITING = {
    "fund_offer_due",
    "victim_answer_due",
    "payment_due",
    "appeal_due",
    "sarvi_closes",
    "sarvi_payment_due",
    "president_request_due",
    "civil_party_letter_by",
}
OPENING = {"sarvi_opens", "investigating_judge_from"}


def of_type(body, *types):
    return [dt.date.fromisoformat(e["date"]) for e in body["events"] if e["type"] in types]


def latest_hearing(body):
    hearings = sorted(
        (e["date"], e["hearing"]) for e in body["events"] if e["type"] == "hearing_set"
    )
    return dt.date.fromisoformat(hearings[-1][1]) if hearings else None


@SETTINGS
@given(body=procedures())
def test_forward_dates_never_come_before_the_event_they_count_from(body):
    answer = timeline_dict(body)
    for entry in answer["dates"]:
        sources = FORWARD_FROM.get(entry["id"])
        if sources is None:
            continue
        starts = of_type(body, *sources)
        assert starts, entry
        day = dt.date.fromisoformat(entry["date"])
        if entry["id"] == "investigating_judge_from":
            assert day >= min(starts)  # a dismissal may bring it forward, never before
        else:
            assert day > min(starts), entry


@SETTINGS
@given(body=procedures(("civi", "civil_party")))
def test_dates_before_a_hearing_never_come_after_it_and_are_never_moved(body):
    answer = timeline_dict(body)
    hearing = latest_hearing(body)
    for date_id in BEFORE_HEARING:
        entry = dated(answer, date_id)
        if entry is None:
            continue
        assert dt.date.fromisoformat(entry["date"]) < hearing
        assert entry["extended"] is False


@SETTINGS
@given(body=procedures())
def test_next_is_the_earliest_date_still_to_come(body):
    answer = timeline_dict(body)
    as_of = answer["as_of"]
    to_come = [
        d for d in answer["dates"] if d["date"] >= as_of and d["state"] in ("open", "upcoming")
    ]
    if not to_come:
        assert answer["next"] is None
    else:
        earliest = min(d["date"] for d in to_come)
        assert answer["next"] in {d["id"] for d in to_come if d["date"] == earliest}
        # the first listed of that day (dates are listed by day)
        assert answer["next"] == next(d["id"] for d in to_come if d["date"] == earliest)
    assert [d["date"] for d in answer["dates"]] == sorted(d["date"] for d in answer["dates"])


@SETTINGS
@given(body=procedures(), data=st.data())
def test_the_order_of_the_events_does_not_matter(body, data):
    shuffled = dict(body, events=data.draw(st.permutations(body["events"])))
    assert timeline_dict(shuffled) == timeline_dict(body)


@SETTINGS
@given(body=procedures())
def test_states_and_extensions_follow_the_contract(body):
    answer = timeline_dict(body)
    as_of = answer["as_of"]
    department = body.get("department")
    assert len({d["id"] for d in answer["dates"]}) == len(answer["dates"])
    for entry in answer["dates"]:
        state, day = entry["state"], entry["date"]
        if entry["id"] in OPENING:
            assert state == ("open" if day <= as_of else "upcoming")
        elif state != "done":
            assert state == ("open" if day >= as_of else "passed")
        if entry["id"] not in AWAITING:
            assert state != "done"
        if entry["extended"]:
            assert entry["legal_basis"][-1] in ("CPP art. 801", "CPC art. 642")
            assert D.is_working_day(dt.date.fromisoformat(day), department)
        if entry["id"] == "sarvi_payment_due":
            assert entry["extended"] is False
        assert entry["indicative"] is False
        assert entry["parties"]
    assert answer["reasons"]
    assert len(answer["uncertain_text"]) == len(answer["uncertain"])
    assert all(u.startswith("law.md §") for u in answer["uncertain"])
    for point, sentence in zip(answer["uncertain"], answer["uncertain_text"], strict=True):
        assert sentence != point and "law.md" not in sentence


@SETTINGS
@given(body=procedures())
def test_every_language_gives_the_same_dates(body):
    french = timeline_dict(body, "fr")
    for lang in ("en", "es"):
        other = timeline_dict(body, lang)
        for key in ("stage", "next", "dates", "uncertain"):
            assert other[key] == french[key]
        assert len(other["reasons"]) == len(french["reasons"])


@SETTINGS
@given(
    final=st.dates(min_value=dt.date(2008, 10, 1), max_value=dt.date(2026, 12, 31)),
    inadmissible_after=st.none() | st.integers(0, 400),
    department=st.sampled_from(DEPARTMENTS),
)
def test_the_sarvi_window_is_exactly_the_one_assess_gives(final, inadmissible_after, department):
    inadmissible = (
        None if inadmissible_after is None else final + dt.timedelta(days=inadmissible_after)
    )
    as_of = max(final, inadmissible or final) + dt.timedelta(days=30)
    events = [{"type": "decision_final", "date": iso(final)}]
    if inadmissible is not None:
        events.append({"type": "civi_inadmissible_notified", "date": iso(inadmissible)})
    body = {"procedure": "sarvi", "as_of": iso(as_of), "events": events}
    if department is not None:
        body["department"] = department
    ours = timeline_dict(body)
    facts = build_facts(
        "sarvi",
        {
            "as_of": iso(as_of),
            "offence.date": iso(final - dt.timedelta(days=100)),
            "procedure.complaint_date": iso(final - dt.timedelta(days=99)),
            "procedure.decision_final_date": iso(final),
            "procedure.civi_inadmissible_notified": inadmissible and iso(inadmissible),
            "offence.department": department,
        },
    )
    remedy = find_remedy(assess_dict(facts), "sarvi")
    for date_id in ("sarvi_opens", "sarvi_closes"):
        theirs, mine = find_deadline(remedy, date_id), dated(ours, date_id)
        assert (mine["date"], mine["extended"], mine["legal_basis"]) == (
            theirs["date"],
            theirs["extended"],
            theirs["legal_basis"],
        )


@SETTINGS
@given(
    hearing=st.dates(min_value=dt.date(2019, 1, 2), max_value=dt.date(2027, 12, 31)),
    department=st.sampled_from(DEPARTMENTS),
)
def test_the_letter_date_is_exactly_the_civil_party_date_of_assess(hearing, department):
    set_on = hearing - dt.timedelta(days=1)
    body = {
        "procedure": "civil_party",
        "as_of": iso(set_on),
        "events": [{"type": "hearing_set", "date": iso(set_on), "hearing": iso(hearing)}],
    }
    if department is not None:
        body["department"] = department
    facts = build_facts(
        "theft",
        {
            "as_of": iso(set_on),
            "offence.date": iso(set_on - dt.timedelta(days=30)),
            "procedure.complaint_date": iso(set_on - dt.timedelta(days=29)),
            "procedure.hearing_date": iso(hearing),
            "offence.department": department,
        },
    )
    theirs = find_deadline(find_remedy(assess_dict(facts), "civil_party"), "civil_party_by")
    mine = dated(timeline_dict(body), "civil_party_letter_by")
    assert (mine["date"], mine["extended"]) == (theirs["date"], theirs["extended"])
