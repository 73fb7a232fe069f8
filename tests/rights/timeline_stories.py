"""Valid procedures drawn as stories that can happen (hypothesis strategies).

Each event comes after the ones it needs, on the same day or later, none after `as_of` (a
hearing itself may lie after it), across départements with and without Alsace-Moselle's
holidays. Shared by the engine's property tests and the API's schema checks.
"""

import datetime as dt

from hypothesis import strategies as st

DEPARTMENTS = [None, "54", "57", "67", "68", "75", "88", "971", "974", "2A"]
FIRST, LAST = dt.date(2019, 1, 1), dt.date(2027, 12, 31)


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
