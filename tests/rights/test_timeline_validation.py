"""Invalid procedures raise InvalidProcedure with field paths, never a guess (contract:
"Procedure timelines", Input)."""

import math

import pytest

from appui.rights import InvalidFacts, InvalidProcedure, messages, timeline

from .conftest import event, procedure, timeline_dict, timeline_errors

P = pytest.param
AS_OF = "2026-06-01"
FILED = event("request_filed", "2026-01-05")
FORWARDED = event("forwarded_to_fund", "2026-01-12")
OFFER = event("offer_received", "2026-03-02", amount=4200)
HEARING = event("hearing_set", "2026-03-20", hearing="2026-05-20")


def civi(*events, **top):
    body = procedure("civi", AS_OF, *events)
    body.update(top)
    return body


def fields(errors):
    return [e["field"] for e in errors]


# (body, expected field paths): each case is one mistake.
INVALID = [
    # The document and its top fields.
    P([], ["$"], id="not-an-object"),
    P(civi(FILED, procedur="civi"), ["procedur"], id="unknown-top-field"),
    P({"as_of": AS_OF, "events": [FILED]}, ["procedure"], id="procedure-absent"),
    P(civi(FILED, procedure=None), ["procedure"], id="procedure-null"),
    P(civi(FILED, procedure="civ"), ["procedure"], id="procedure-unknown"),
    P(civi(FILED, procedure=["civi"]), ["procedure"], id="procedure-list"),
    P(civi(FILED, as_of="2026-6-1"), ["as_of"], id="as-of-malformed"),
    P(civi(FILED, as_of="01/06/2026"), ["as_of"], id="as-of-french"),
    P(civi(FILED, as_of=20260601), ["as_of"], id="as-of-number"),
    P(civi(FILED, as_of="0201-01-01"), ["as_of"], id="as-of-year-201"),
    P(civi(FILED, as_of="1950-01-01"), ["as_of"], id="as-of-out-of-range"),
    P(civi(FILED, department="ABC"), ["department"], id="department-not-insee"),
    P(civi(FILED, department="020"), ["department"], id="department-020"),
    P(civi(FILED, department=54), ["department"], id="department-number"),
    P(civi(FILED, department="5\u0664"), ["department"], id="department-arabic-digit"),
    P({"procedure": "civi", "as_of": AS_OF}, ["events"], id="events-absent"),
    P(civi(events={"type": "request_filed"}), ["events"], id="events-object"),
    P(
        civi(events=[FILED] + [event("provisional_payment", "2026-02-01", amount=1)] * 200),
        ["events"],
        id="too-many-events",
    ),
    # One event.
    P(civi(FILED, "request_filed"), ["events[1]"], id="event-a-string"),
    P(civi(FILED, {"date": "2026-02-01"}), ["events[1].type"], id="type-absent"),
    P(civi(FILED, event("request_filled", "2026-02-01")), ["events[1].type"], id="type-typo"),
    P(
        civi(FILED, event("letter_sent", "2026-02-01")),
        ["events[1].type"],
        id="type-of-another-procedure",
    ),
    P(civi(FILED, {"type": 3, "date": "2026-02-01"}), ["events[1].type"], id="type-number"),
    P(civi(FILED, {"type": "forwarded_to_fund"}), ["events[1].date"], id="date-absent"),
    P(civi(FILED, event("forwarded_to_fund", None)), ["events[1].date"], id="date-null"),
    P(civi(FILED, event("forwarded_to_fund", "2026-02-30")), ["events[1].date"], id="feb-30"),
    P(civi(FILED, event("forwarded_to_fund", "20260201")), ["events[1].date"], id="date-compact"),
    P(civi(event("request_filed", "1899-12-31")), ["events[0].date"], id="date-before-1900"),
    P(
        civi(FILED, event("forwarded_to_fund", "2026-06-02")),
        ["events[1].date"],
        id="event-after-as-of",
    ),
    P(
        civi(FILED, event("forwarded_to_fund", "2026-01-12", note="x")),
        ["events[1].note"],
        id="unknown-event-field",
    ),
    P(
        civi(event("request_filed", "2026-01-05", amount=10)),
        ["events[0].amount"],
        id="amount-on-a-request",
    ),
    # Amounts.
    P(
        civi(FILED, FORWARDED, event("offer_received", "2026-03-02")),
        ["events[2].amount"],
        id="amount-absent",
    ),
    P(
        civi(FILED, FORWARDED, event("offer_received", "2026-03-02", amount=-0.01)),
        ["events[2].amount"],
        id="amount-negative",
    ),
    P(
        civi(FILED, FORWARDED, event("offer_received", "2026-03-02", amount="4200")),
        ["events[2].amount"],
        id="amount-string",
    ),
    P(
        civi(FILED, FORWARDED, event("offer_received", "2026-03-02", amount=True)),
        ["events[2].amount"],
        id="amount-bool",
    ),
    P(
        civi(FILED, FORWARDED, event("offer_received", "2026-03-02", amount=math.nan)),
        ["events[2].amount"],
        id="amount-nan",
    ),
    P(
        civi(FILED, FORWARDED, event("offer_received", "2026-03-02", amount=math.inf)),
        ["events[2].amount"],
        id="amount-infinite",
    ),
    P(
        civi(FILED, FORWARDED, event("offer_received", "2026-03-02", amount=1e9 + 0.01)),
        ["events[2].amount"],
        id="amount-over-1e9",
    ),
    P(
        civi(FILED, event("provisional_payment", "2026-02-01", amount=None)),
        ["events[1].amount"],
        id="provisional-amount-null",
    ),
    # Hearings.
    P(civi(FILED, event("hearing_set", "2026-03-20")), ["events[1].hearing"], id="hearing-absent"),
    P(
        civi(FILED, event("hearing_set", "2026-03-20", hearing="2026-03-19")),
        ["events[1].hearing"],
        id="hearing-before-it-was-set",
    ),
    P(
        civi(FILED, event("hearing_set", "2026-03-20", hearing="soon")),
        ["events[1].hearing"],
        id="hearing-malformed",
    ),
    P(
        civi(FILED, HEARING, event("hearing_set", "2026-03-20", hearing="2026-05-27")),
        ["events[2].date"],
        id="two-hearings-set-the-same-day",
    ),
    # What can happen once, and the order of things (CIVI).
    P(civi(FILED, event("request_filed", "2026-01-06")), ["events[1].type"], id="request-twice"),
    P(
        civi(FILED, FORWARDED, OFFER, event("offer_received", "2026-03-03", amount=1)),
        ["events[3].type"],
        id="offer-twice",
    ),
    P(civi(FORWARDED), ["events"], id="no-request"),
    P(civi(FILED, OFFER), ["events[1].type"], id="offer-without-forwarding"),
    P(
        civi(FILED, OFFER, event("forwarded_to_fund", "2026-03-03")),
        ["events[1].date"],
        id="offer-before-forwarding",
    ),
    P(
        civi(FILED, event("fund_refused", "2026-03-01")),
        ["events[1].type"],
        id="fund-refusal-without-forwarding",
    ),
    P(
        civi(FILED, FORWARDED, OFFER, event("fund_refused", "2026-03-05")),
        ["events[3].date"],
        id="fund-refusal-after-offer",
    ),
    P(
        civi(FILED, FORWARDED, event("fund_refused", "2026-03-01"), OFFER),
        ["events[3].date"],
        id="offer-after-fund-refusal",
    ),
    P(
        civi(FILED, FORWARDED, event("offer_accepted", "2026-03-05")),
        ["events[2].type"],
        id="accepted-without-offer",
    ),
    P(
        civi(FILED, FORWARDED, event("offer_refused", "2026-03-05")),
        ["events[2].type"],
        id="refused-without-offer",
    ),
    P(
        civi(
            FILED,
            FORWARDED,
            OFFER,
            event("offer_refused", "2026-03-05"),
            event("offer_accepted", "2026-03-06"),
        ),
        ["events[4].date"],
        id="accepted-after-refused",
    ),
    P(
        civi(
            FILED,
            FORWARDED,
            OFFER,
            event("offer_accepted", "2026-03-05"),
            event("offer_refused", "2026-03-05"),
        ),
        ["events[4].date"],
        id="refused-after-accepted",
    ),
    P(
        civi(FILED, FORWARDED, OFFER, event("homologation_notified", "2026-03-05")),
        ["events[3].type"],
        id="homologation-without-acceptance",
    ),
    P(
        civi(
            FILED,
            FORWARDED,
            OFFER,
            event("offer_accepted", "2026-03-05"),
            event("homologation_notified", "2026-03-10"),
            HEARING,
        ),
        ["events[5].date"],
        id="hearing-after-homologation",
    ),
    P(
        civi(FILED, event("paid", "2026-03-05", amount=100)),
        ["events[1].type"],
        id="paid-without-decision-or-homologation",
    ),
    P(
        civi(
            FILED,
            FORWARDED,
            OFFER,
            event("offer_accepted", "2026-03-05"),
            event("paid", "2026-03-06", amount=4200),
            event("homologation_notified", "2026-03-10"),
        ),
        ["events[4].date"],
        id="paid-before-homologation",
    ),
    P(
        civi(FILED, event("decision_notified", "2026-05-25", amount=10)),
        ["events[1].type"],
        id="decision-without-hearing",
    ),
    P(
        civi(FILED, HEARING, event("decision_notified", "2026-05-19", amount=10)),
        ["events[2].date"],
        id="decision-before-the-hearing",
    ),
    P(
        civi(
            FILED,
            HEARING,
            event("decision_notified", "2026-05-25", amount=0),
            event("paid", "2026-05-28", amount=0),
        ),
        ["events[3].type"],
        id="paid-after-a-rejection",
    ),
    P(
        civi(
            FILED,
            HEARING,
            event("decision_notified", "2026-05-25", amount=10),
            event("hearing_set", "2026-05-26", hearing="2026-07-01"),
        ),
        ["events[3].date"],
        id="hearing-after-decision",
    ),
    P(
        civi(
            FILED,
            FORWARDED,
            OFFER,
            event("offer_accepted", "2026-03-05"),
            HEARING,
            event("homologation_notified", "2026-03-25"),
            event("decision_notified", "2026-05-25", amount=10),
        ),
        ["events[6].date"],
        id="decision-after-homologation",
    ),
    P(
        civi(FILED, event("appeal_filed", "2026-03-05")),
        ["events[1].type"],
        id="appeal-without-decision",
    ),
    P(
        civi(
            FILED,
            HEARING,
            event("decision_notified", "2026-05-25", amount=10),
            event("paid", "2026-05-28", amount=10),
            event("provisional_payment", "2026-05-29", amount=5),
        ),
        ["events[4].date"],
        id="provision-after-payment",
    ),
]


@pytest.mark.parametrize(("body", "expected"), INVALID)
def test_invalid_procedures_give_field_errors(body, expected):
    assert fields(timeline_errors(body)) == expected


SARVI_FINAL = event("decision_final", "2025-01-10")
OTHER_INVALID = [
    P(
        procedure("sarvi", AS_OF, event("request_filed", "2025-03-01")),
        ["events"],
        id="sarvi-without-final-decision",
    ),
    P(
        procedure("sarvi", AS_OF, SARVI_FINAL, event("paid", "2025-04-01", amount=100)),
        ["events[1].type"],
        id="sarvi-paid-without-request",
    ),
    P(
        procedure(
            "sarvi",
            AS_OF,
            SARVI_FINAL,
            event("request_filed", "2025-03-01"),
            event("paid", "2025-04-01", amount=100),
            event("refusal_notified", "2025-04-02"),
        ),
        ["events[3].date"],
        id="sarvi-refusal-after-payment",
    ),
    P(
        procedure("sarvi", AS_OF, SARVI_FINAL, event("refusal_notified", "2025-04-02")),
        ["events[1].type"],
        id="sarvi-refusal-without-request",
    ),
    P(
        procedure("sarvi", AS_OF, SARVI_FINAL, event("decision_final", "2025-02-10")),
        ["events[1].type"],
        id="sarvi-two-final-decisions",
    ),
    P(
        procedure("civil_party", AS_OF, event("letter_sent", "2026-02-01")),
        ["events"],
        id="letter-without-hearing",
    ),
    P(
        procedure("civil_party", AS_OF, HEARING, event("letter_received", "2026-04-01")),
        ["events[1].type"],
        id="received-without-sending",
    ),
    P(
        procedure(
            "civil_party",
            AS_OF,
            HEARING,
            event("letter_sent", "2026-04-02"),
            event("letter_received", "2026-04-01"),
        ),
        ["events[2].date"],
        id="received-before-sending",
    ),
    P(
        procedure("civil_party", AS_OF, HEARING, event("offer_received", "2026-04-01", amount=1)),
        ["events[1].type"],
        id="civi-event-in-a-civil-party-claim",
    ),
    P(
        procedure("prosecutor_complaint", AS_OF, event("answer_received", "2026-02-01")),
        ["events"],
        id="answer-without-complaint",
    ),
    P(
        procedure("prosecutor_complaint", AS_OF, event("complaint_sent", "2026-02-01")),
        ["events[0].class"],
        id="class-absent",
    ),
    P(
        procedure(
            "prosecutor_complaint", AS_OF, event("complaint_sent", "2026-02-01", class_="felony")
        ),
        ["events[0].class"],
        id="class-unknown",
    ),
    P(
        procedure(
            "prosecutor_complaint",
            AS_OF,
            event("complaint_sent", "2026-02-01", class_="delit", press="yes"),
        ),
        ["events[0].press"],
        id="press-yes",
    ),
    P(
        procedure(
            "prosecutor_complaint",
            AS_OF,
            event("complaint_sent", "2026-02-01", class_="delit"),
            event("dismissal_notified", "2026-01-31"),
        ),
        ["events[1].date"],
        id="dismissal-before-complaint",
    ),
    P(
        procedure(
            "prosecutor_complaint",
            AS_OF,
            event("complaint_sent", "2026-02-01", class_="delit"),
            event("complaint_sent", "2026-02-02", class_="crime"),
        ),
        ["events[1].type"],
        id="two-complaints",
    ),
]


@pytest.mark.parametrize(("body", "expected"), OTHER_INVALID)
def test_other_procedures_invalid(body, expected):
    assert fields(timeline_errors(body)) == expected


def test_errors_come_in_the_callers_language():
    body = civi(FILED, event("forwarded_to_fund", "2026-06-02"))
    said = {lang: timeline_errors(body, lang)[0]["message"] for lang in messages.LANGUAGES}
    assert said == {
        lang: messages.text("error.after_as_of", lang, day=AS_OF) for lang in messages.LANGUAGES
    }
    assert len(set(said.values())) == 3


def test_several_mistakes_are_all_said():
    body = civi(
        FILED,
        event("forwarded_to_fund", "2026-13-01"),
        event("offer_received", "2026-03-02", amount=-1),
        department="ABC",
    )
    assert fields(timeline_errors(body)) == ["department", "events[1].date", "events[2].amount"]


def test_the_error_is_a_field_error_of_the_engine():
    with pytest.raises(InvalidFacts) as raised:  # InvalidProcedure is one
        timeline({"procedure": "civi"})
    assert isinstance(raised.value, InvalidProcedure)
    assert raised.value.errors == [
        {"field": "events", "message": messages.text("error.required", "fr")}
    ]


@pytest.mark.parametrize(
    ("amount", "accepted"),
    [(0, True), (1e9, True), (1_000_000_000, True), (4200.5, True), (1e9 + 1, False)],
)
def test_amount_bounds(amount, accepted):
    body = civi(FILED, FORWARDED, event("offer_received", "2026-03-02", amount=amount))
    if accepted:
        assert timeline_dict(body)["stage"] == "awaiting_hearing"  # silence past 4 May
    else:
        assert fields(timeline_errors(body)) == ["events[2].amount"]


def test_valid_edges_are_accepted():
    # Events on as_of itself; a hearing set the day it takes place; a null department;
    # an event dated 1900-01-01.
    body = civi(
        event("request_filed", "1900-01-01"),
        event("hearing_set", AS_OF, hearing=AS_OF),
        department=None,
    )
    answer = timeline_dict(body)
    assert answer["stage"] == "awaiting_hearing"


def test_as_of_defaults_to_today():
    from appui.rights.facts import today_in_paris

    answer = timeline_dict({"procedure": "civi", "events": [event("request_filed", "2020-01-01")]})
    assert answer["as_of"] == today_in_paris().isoformat()
