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

DEPARTMENTS = [None, "54", "57", "67", "68", "75", "88", "971", "974", "2A"]
FIRST, LAST = dt.date(2019, 1, 1), dt.date(2027, 12, 31)
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


def iso(day):
    return day.isoformat()


@st.composite
def days(draw, after, before):
    return draw(st.dates(min_value=after, max_value=max(after, before)))


@st.composite
def civi_events(draw, as_of):
    start = draw(days(FIRST, as_of))
    events = [{"type": "request_filed", "date": iso(start)}]
    last = start

    def then(kind, **fields):
        nonlocal last
        day = draw(days(last, as_of))
        events.append({"type": kind, "date": iso(day), **fields})
        last = day
        return day

    amount = st.integers(0, 50_000) | st.floats(0, 1e6, allow_nan=False).map(lambda x: round(x, 2))
    provisions = draw(st.integers(0, 2))
    for _ in range(provisions):
        day = draw(days(start, as_of))
        events.append({"type": "provisional_payment", "date": iso(day), "amount": draw(amount)})
    path = draw(st.sampled_from(["filed", "offer", "fund_refused", "late", "direct"]))
    to_hearing = path in ("fund_refused", "late", "direct")
    if path != "filed" and path != "direct":
        then("forwarded_to_fund")
        if path == "offer":
            then("offer_received", amount=draw(amount))
            answer = draw(st.sampled_from(["none", "accepted", "refused"]))
            if answer == "accepted":
                then("offer_accepted")
                if draw(st.booleans()):
                    then("homologation_notified")
                    if draw(st.booleans()):
                        then("paid", amount=draw(amount))
            elif answer == "refused":
                then("offer_refused")
                to_hearing = True
            else:
                to_hearing = draw(st.booleans())
        elif path == "fund_refused":
            then("fund_refused")
    if to_hearing and draw(st.booleans()):
        hearing = None
        for _ in range(draw(st.integers(1, 3))):
            set_on = draw(days(last, as_of))
            if set_on == last and events[-1]["type"] == "hearing_set":
                break  # two hearings set the same day is an error
            # Often held already (a decision may follow), sometimes still to come.
            later = set_on + dt.timedelta(days=400)
            hearing = draw(days(set_on, as_of) | days(set_on, later))
            events.append({"type": "hearing_set", "date": iso(set_on), "hearing": iso(hearing)})
            last = set_on
        if hearing is not None and hearing <= as_of and draw(st.integers(0, 3)):
            last = max(last, hearing)
            awarded = draw(st.sampled_from([0, 1500, 12_000.5]))
            then("decision_notified", amount=awarded)
            decision_day = last
            if awarded and draw(st.booleans()):
                then("paid", amount=awarded)
            if draw(st.booleans()):
                day = draw(days(decision_day, as_of))
                events.append({"type": "appeal_filed", "date": iso(day)})
    # Provisions before any final payment only.
    paid = [e["date"] for e in events if e["type"] == "paid"]
    if paid:
        events = [e for e in events if e["type"] != "provisional_payment" or e["date"] < paid[0]]
    return events


@st.composite
def sarvi_events(draw, as_of):
    final = draw(days(FIRST, as_of))
    events = [{"type": "decision_final", "date": iso(final)}]
    if draw(st.booleans()):
        day = draw(days(FIRST, as_of))
        events.append({"type": "civi_inadmissible_notified", "date": iso(day)})
    if draw(st.booleans()):
        request = draw(days(final, as_of))
        events.append({"type": "request_filed", "date": iso(request)})
        outcome = draw(st.sampled_from(["none", "paid", "refused", "refused_then_paid"]))
        if outcome in ("refused", "refused_then_paid"):
            refusal = draw(days(request, as_of))
            events.append({"type": "refusal_notified", "date": iso(refusal)})
            if outcome == "refused_then_paid" and refusal < as_of:
                paid = draw(days(refusal + dt.timedelta(days=1), as_of))
                events.append({"type": "paid", "date": iso(paid), "amount": 1000})
        elif outcome == "paid":
            paid = draw(days(request, as_of))
            events.append({"type": "paid", "date": iso(paid), "amount": 3000})
    return events


@st.composite
def civil_party_events(draw, as_of):
    events = []
    set_on = FIRST
    used = set()
    for _ in range(draw(st.integers(1, 3))):
        set_on = draw(days(set_on, as_of))
        if set_on in used:
            break
        used.add(set_on)
        hearing = draw(days(set_on, set_on + dt.timedelta(days=300)))
        events.append({"type": "hearing_set", "date": iso(set_on), "hearing": iso(hearing)})
    first_set = min(used)
    if draw(st.booleans()):
        sent = draw(days(first_set, as_of))
        events.append({"type": "letter_sent", "date": iso(sent)})
        if draw(st.booleans()):
            received = draw(days(sent, as_of))
            events.append({"type": "letter_received", "date": iso(received)})
    return events


@st.composite
def complaint_events(draw, as_of):
    sent = draw(days(FIRST, as_of))
    complaint = {"type": "complaint_sent", "date": iso(sent)}
    complaint["class"] = draw(st.sampled_from(["crime", "delit", "contravention"]))
    if draw(st.booleans()):
        complaint["press"] = draw(st.booleans())
    events = [complaint]
    for kind in ("answer_received", "dismissal_notified"):
        if draw(st.booleans()):
            events.append({"type": kind, "date": iso(draw(days(sent, as_of)))})
    return events


EVENTS = {
    "civi": civi_events,
    "sarvi": sarvi_events,
    "civil_party": civil_party_events,
    "prosecutor_complaint": complaint_events,
}


@st.composite
def procedures(draw, names=tuple(EVENTS)):
    name = draw(st.sampled_from(names))
    as_of = draw(st.dates(min_value=dt.date(2019, 6, 1), max_value=LAST))
    events = draw(EVENTS[name](as_of))
    body = {"procedure": name, "as_of": iso(as_of), "events": draw(st.permutations(events))}
    department = draw(st.sampled_from(DEPARTMENTS))
    if department is not None:
        body["department"] = department
    return body


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
