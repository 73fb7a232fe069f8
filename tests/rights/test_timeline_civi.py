"""The CIVI request's timeline (contract: docs/rights.md, "Procedure timelines").

Each rule of the contract's table, at its boundaries: month ends, the CPP 801 move to the
next working day (Alsace-Moselle's 26 December and Good Friday for 57), dates before a
hearing never moved, silence as a refusal, the fund being late, a 0 € decision.
"""

import pytest

from appui.rights import messages

from .conftest import dated, event, procedure, timeline_dict

P = pytest.param
CPP_801 = "CPP art. 801"


def civi(as_of, *events, department=None):
    return procedure("civi", as_of, *events, department=department)


FILED = event("request_filed", "2026-01-05")
FORWARDED = event("forwarded_to_fund", "2026-01-12")


def offer(day="2026-03-02", amount=4200):
    return event("offer_received", day, amount=amount)


def hearing(set_on, day):
    return event("hearing_set", set_on, hearing=day)


def test_the_contract_example():
    answer = timeline_dict(civi("2026-03-05", FILED, FORWARDED, offer(), department="54"))
    assert answer["procedure"] == "civi"
    assert answer["as_of"] == "2026-03-05"
    assert answer["stage"] == "offer_to_answer"
    assert answer["next"] == "victim_answer_due"
    assert answer["dates"] == [
        {
            "id": "fund_offer_due",
            "date": "2026-03-12",
            "parties": ["fund"],
            "state": "done",
            "legal_basis": ["CPP art. 706-5-1"],
            "extended": False,
            "indicative": False,
        },
        {
            # 2 May 2026 is a Saturday: Monday 4 May.
            "id": "victim_answer_due",
            "date": "2026-05-04",
            "parties": ["victim"],
            "state": "open",
            "legal_basis": ["CPP art. R50-12-2", CPP_801],
            "extended": True,
            "indicative": False,
        },
    ]
    assert answer["reasons"]
    assert [u.split(":")[0] for u in answer["uncertain"]] == ["law.md §6"]
    assert len(answer["uncertain_text"]) == len(answer["uncertain"])


@pytest.mark.parametrize(
    ("forwarded", "due"),
    [
        P("2023-12-31", "2024-02-29", id="dec-31-to-feb-29-leap"),
        P("2024-12-31", "2025-02-28", id="dec-31-to-feb-28"),
        P("2025-08-31", "2025-10-31", id="aug-31-to-oct-31"),
        P("2025-10-31", "2025-12-31", id="oct-31-to-dec-31"),
        P("2025-11-30", "2026-01-30", id="nov-30-to-jan-30"),
    ],
)
def test_the_fund_has_two_calendar_months(forwarded, due):
    answer = timeline_dict(
        civi(forwarded, event("request_filed", forwarded), event("forwarded_to_fund", forwarded))
    )
    fund = dated(answer, "fund_offer_due")
    assert (fund["date"], fund["extended"], fund["state"]) == (due, False, "open")
    assert answer["stage"] == "awaiting_offer"
    assert answer["next"] == "fund_offer_due"


@pytest.mark.parametrize(
    ("forwarded", "department", "due", "extended"),
    [
        # 26 December 2025 is a Friday: a working day, except in Alsace-Moselle.
        P("2025-10-26", "54", "2025-12-26", False, id="26-dec-54"),
        P("2025-10-26", "57", "2025-12-29", True, id="26-dec-57"),
        P("2025-10-26", "67", "2025-12-29", True, id="26-dec-67"),
        P("2025-10-26", None, "2025-12-26", False, id="26-dec-no-department"),
        # 25 December (Thursday) everywhere.
        P("2025-10-25", "54", "2025-12-26", True, id="christmas-54"),
        # 1 January 2027 is a Friday: Monday 4 January.
        P("2026-11-01", "75", "2027-01-04", True, id="new-year"),
    ],
)
def test_the_fund_deadline_moves_to_the_next_working_day(forwarded, department, due, extended):
    answer = timeline_dict(
        civi(
            forwarded,
            event("request_filed", forwarded),
            event("forwarded_to_fund", forwarded),
            department=department,
        )
    )
    fund = dated(answer, "fund_offer_due")
    assert (fund["date"], fund["extended"]) == (due, extended)
    assert (CPP_801 in fund["legal_basis"]) is extended


@pytest.mark.parametrize(
    ("department", "due", "good_friday"),
    [
        # 3 April 2026 is Good Friday; 6 April Easter Monday (everywhere).
        P("57", "2026-04-07", True, id="57-good-friday-then-easter-monday"),
        P("68", "2026-04-07", True, id="68"),
        P("54", "2026-04-03", False, id="54-an-ordinary-friday"),
    ],
)
def test_payment_after_homologation_and_good_friday(department, due, good_friday):
    answer = timeline_dict(
        civi(
            "2026-03-04",
            event("request_filed", "2026-01-02"),
            event("forwarded_to_fund", "2026-01-05"),
            offer("2026-02-02", 3000),
            event("offer_accepted", "2026-02-10"),
            event("homologation_notified", "2026-03-03"),
            department=department,
        )
    )
    payment = dated(answer, "payment_due")
    assert payment["date"] == due
    assert payment["parties"] == ["fund"]
    assert payment["legal_basis"][0] == "CPP art. R50-24"
    assert answer["stage"] == "awaiting_payment"
    assert answer["next"] == "payment_due"
    assert any("Good Friday" in u for u in answer["uncertain"]) is good_friday


@pytest.mark.parametrize(
    ("as_of", "stage", "state"),
    [
        # 15 March 2026 is a Sunday: she may answer until Monday 16 March.
        P("2026-03-16", "offer_to_answer", "open", id="last-day"),
        P("2026-03-17", "awaiting_hearing", "passed", id="silence-is-refusal"),
    ],
)
def test_her_silence_past_two_months_counts_as_a_refusal(as_of, stage, state):
    answer = timeline_dict(
        civi(as_of, event("request_filed", "2026-01-02"), FORWARDED, offer("2026-01-15"))
    )
    due = dated(answer, "victim_answer_due")
    assert (due["date"], due["state"], due["extended"]) == ("2026-03-16", state, True)
    assert answer["stage"] == stage
    if stage == "awaiting_hearing":
        said = messages.text("timeline.civi.silence", "en", day="16 March 2026")
        assert (
            said
            in timeline_dict(
                civi(as_of, event("request_filed", "2026-01-02"), FORWARDED, offer("2026-01-15")),
                lang="en",
            )["reasons"]
        )


@pytest.mark.parametrize(
    ("as_of", "state", "late"),
    [
        P("2026-03-12", "open", False, id="last-day"),
        P("2026-03-13", "passed", True, id="late"),
    ],
)
def test_the_fund_being_late(as_of, state, late):
    answer = timeline_dict(civi(as_of, FILED, FORWARDED), lang="en")
    assert dated(answer, "fund_offer_due")["state"] == state
    assert answer["stage"] == "awaiting_offer"  # the stage stays: no guess at what follows
    late_reason = messages.text("timeline.civi.fund_late", "en", day="12 March 2026")
    assert (late_reason in answer["reasons"]) is late
    assert any(u.startswith("law.md §1.6") for u in answer["uncertain"]) is late
    assert answer["next"] == (None if late else "fund_offer_due")


@pytest.mark.parametrize(
    ("answer_event", "stage"),
    [
        P(event("offer_accepted", "2026-03-10"), "awaiting_homologation", id="accepted"),
        P(event("offer_refused", "2026-03-10"), "awaiting_hearing", id="refused"),
    ],
)
def test_her_answer_is_done_whatever_follows(answer_event, stage):
    answer = timeline_dict(civi("2026-06-01", FILED, FORWARDED, offer(), answer_event))
    assert dated(answer, "victim_answer_due")["state"] == "done"
    assert dated(answer, "fund_offer_due")["state"] == "done"
    assert answer["stage"] == stage


def test_the_fund_refusal_leads_to_the_hearing():
    answer = timeline_dict(
        civi("2026-06-01", FILED, FORWARDED, event("fund_refused", "2026-02-20")), lang="en"
    )
    assert dated(answer, "fund_offer_due")["state"] == "done"
    assert dated(answer, "victim_answer_due") is None
    assert answer["stage"] == "awaiting_hearing"
    assert messages.text("timeline.civi.fund_refused", "en") in answer["reasons"]


def test_a_late_acceptance_is_recorded_and_said():
    answer = timeline_dict(
        civi("2026-06-01", FILED, FORWARDED, offer(), event("offer_accepted", "2026-05-20")),
        lang="en",
    )
    assert dated(answer, "victim_answer_due")["state"] == "done"
    assert messages.text("timeline.civi.late_answer", "en", day="4 May 2026") in answer["reasons"]


def test_hearing_dates_are_counted_back_and_never_moved():
    # Hearing on Monday 6 July 2026: summons by Wednesday 6 May, observations by Sunday 21 June.
    answer = timeline_dict(
        civi(
            "2026-04-01",
            FILED,
            FORWARDED,
            event("fund_refused", "2026-02-20"),
            hearing("2026-03-20", "2026-07-06"),
            department="57",
        )
    )
    summons, observations = dated(answer, "summons_by"), dated(answer, "observations_by")
    assert (summons["date"], summons["extended"], summons["parties"]) == (
        "2026-05-06",
        False,
        ["court"],
    )
    assert (observations["date"], observations["extended"], observations["parties"]) == (
        "2026-06-21",
        False,
        ["prosecutor", "fund"],
    )
    assert answer["stage"] == "awaiting_hearing"
    assert answer["next"] == "summons_by"


@pytest.mark.parametrize(
    ("day", "summons"),
    [
        P("2026-04-30", "2026-02-28", id="apr-30-back-to-feb-28"),
        P("2028-04-30", "2028-02-29", id="apr-30-back-to-feb-29"),
        P("2026-03-31", "2026-01-31", id="mar-31-back-to-jan-31"),
    ],
)
def test_summons_at_month_ends(day, summons):
    answer = timeline_dict(civi("2026-01-10", FILED, hearing("2026-01-09", day)))
    assert dated(answer, "summons_by")["date"] == summons


@pytest.mark.parametrize(
    ("as_of", "summons_state", "observations_state", "following"),
    [
        P("2026-05-06", "open", "open", "summons_by", id="summons-last-day"),
        P("2026-05-07", "passed", "open", "observations_by", id="observations-next"),
        P("2026-06-22", "passed", "passed", None, id="both-passed"),
    ],
)
def test_hearing_dates_states(as_of, summons_state, observations_state, following):
    answer = timeline_dict(civi(as_of, FILED, hearing("2026-03-20", "2026-07-06")))
    assert dated(answer, "summons_by")["state"] == summons_state
    assert dated(answer, "observations_by")["state"] == observations_state
    assert answer["next"] == following


def test_a_postponed_hearing_the_latest_counts():
    first, postponed = hearing("2026-03-01", "2026-06-15"), hearing("2026-05-01", "2026-07-06")
    for events in ((first, postponed), (postponed, first)):
        answer = timeline_dict(civi("2026-05-02", FILED, *events), lang="en")
        assert dated(answer, "summons_by")["date"] == "2026-05-06"
        assert dated(answer, "observations_by")["date"] == "2026-06-21"
        said = messages.text("timeline.hearing_postponed", "en", hearing="6 July 2026")
        assert said in answer["reasons"]


def test_a_hearing_set_at_short_notice_is_said():
    answer = timeline_dict(civi("2026-05-10", FILED, hearing("2026-05-10", "2026-06-15")), "en")
    assert dated(answer, "summons_by")["state"] == "passed"
    assert messages.text("timeline.civi.short_notice", "en") in answer["reasons"]


def decided(as_of, amount, *more, decision_on="2026-10-01", department=None):
    return civi(
        as_of,
        FILED,
        hearing("2026-05-10", "2026-09-20"),
        event("decision_notified", decision_on, amount=amount),
        *more,
        department=department,
    )


def test_a_decision_awards_a_payment_and_an_appeal():
    answer = timeline_dict(decided("2026-10-05", 5000))
    # 1 November 2026 is a Sunday and a public holiday: Monday 2 November for both.
    payment, appeal = dated(answer, "payment_due"), dated(answer, "appeal_due")
    assert (payment["date"], payment["extended"], payment["legal_basis"]) == (
        "2026-11-02",
        True,
        ["CPP art. R50-24", CPP_801],
    )
    assert (appeal["date"], appeal["extended"], appeal["parties"]) == (
        "2026-11-02",
        True,
        ["victim", "fund"],
    )
    assert appeal["legal_basis"] == ["CPC art. 538", "CPC art. 642"]
    assert answer["stage"] == "decided"
    assert any(u.startswith("law.md §1.6") and "642" in u for u in answer["uncertain"])


@pytest.mark.parametrize(
    ("as_of", "stage", "appeal_state"),
    [
        P("2026-11-02", "decided", "open", id="appeal-last-day"),
        P("2026-11-03", "closed", "passed", id="closed-once-appeal-passed"),
    ],
)
def test_a_decision_of_zero_has_an_appeal_and_no_payment(as_of, stage, appeal_state):
    answer = timeline_dict(decided(as_of, 0))
    assert dated(answer, "payment_due") is None
    assert dated(answer, "appeal_due")["state"] == appeal_state
    assert answer["stage"] == stage


def test_an_awarded_decision_stays_decided_when_the_appeal_passes_unpaid():
    answer = timeline_dict(decided("2026-12-01", 5000))
    assert answer["stage"] == "decided"
    assert dated(answer, "payment_due")["state"] == "passed"


@pytest.mark.parametrize(
    ("more", "stage"),
    [
        P((event("paid", "2026-10-20", amount=5000),), "closed", id="paid"),
        P((event("appeal_filed", "2026-10-20"),), "appealed", id="appealed"),
        P(
            (event("appeal_filed", "2026-10-20"), event("paid", "2026-10-25", amount=5000)),
            "appealed",
            id="paid-during-the-appeal",
        ),
        P(
            (event("paid", "2026-10-20", amount=5000), event("appeal_filed", "2026-10-25")),
            "appealed",
            id="appeal-after-payment",
        ),
    ],
)
def test_after_the_decision(more, stage):
    answer = timeline_dict(decided("2026-10-30", 5000, *more))
    assert answer["stage"] == stage
    types = {e["type"] for e in more}
    assert dated(answer, "payment_due")["state"] == ("done" if "paid" in types else "open")
    assert dated(answer, "appeal_due")["state"] == ("done" if "appeal_filed" in types else "open")


def test_the_homologated_offer_is_paid_and_closed():
    answer = timeline_dict(
        civi(
            "2026-04-20",
            FILED,
            FORWARDED,
            offer(),
            event("offer_accepted", "2026-03-10"),
            event("homologation_notified", "2026-03-20"),
            event("paid", "2026-04-15", amount=4200),
        )
    )
    assert answer["stage"] == "closed"
    assert dated(answer, "payment_due")["state"] == "done"
    assert dated(answer, "appeal_due") is None
    assert answer["next"] is None


def test_provisional_payments_may_repeat_and_are_added_up():
    answer = timeline_dict(
        civi(
            "2026-03-05",
            FILED,
            FORWARDED,
            event("provisional_payment", "2026-02-01", amount=1000),
            event("provisional_payment", "2026-02-01", amount=500.5),
            event("provisional_payment", "2026-03-01", amount=250),
        ),
        lang="en",
    )
    said = messages.text("timeline.civi.provisional", "en", amount=messages.money(1750.5, "en"))
    assert said in answer["reasons"]
    assert answer["stage"] == "awaiting_offer"  # a provision does not move the request on


def test_events_of_the_same_day_follow_the_natural_order():
    same_day = [
        event("offer_received", "2026-01-12", amount=900),
        event("forwarded_to_fund", "2026-01-12"),
        event("request_filed", "2026-01-12"),
        event("offer_accepted", "2026-01-12"),
    ]
    answer = timeline_dict(civi("2026-01-12", *same_day))
    assert answer["stage"] == "awaiting_homologation"
    assert dated(answer, "victim_answer_due")["state"] == "done"


@pytest.mark.parametrize(
    ("events", "stage"),
    [
        P((FILED,), "filed", id="filed"),
        P((FILED, FORWARDED), "awaiting_offer", id="awaiting-offer"),
        P((FILED, FORWARDED, offer()), "offer_to_answer", id="offer"),
        P(
            (FILED, FORWARDED, offer(), event("offer_accepted", "2026-03-03")),
            "awaiting_homologation",
            id="accepted",
        ),
        P(
            (
                FILED,
                FORWARDED,
                offer(),
                event("offer_accepted", "2026-03-03"),
                hearing("2026-03-04", "2026-06-01"),
            ),
            "awaiting_hearing",
            id="hearing-after-an-acceptance",
        ),
        P((FILED, hearing("2026-02-01", "2026-06-01")), "awaiting_hearing", id="hearing-only"),
    ],
)
def test_stages(events, stage):
    answer = timeline_dict(civi("2026-03-05", *events))
    assert answer["stage"] == stage
    assert answer["reasons"]


@pytest.mark.parametrize("lang", ["fr", "en", "es"])
def test_reasons_in_each_language_dates_alike(lang):
    body = civi("2026-03-05", FILED, FORWARDED, offer(), department="54")
    answer, french = timeline_dict(body, lang), timeline_dict(body, "fr")
    assert answer["dates"] == french["dates"]
    assert answer["uncertain"] == french["uncertain"]
    if lang != "fr":
        assert answer["reasons"] != french["reasons"]
        assert answer["uncertain_text"] != french["uncertain_text"]
    assert answer["reasons"] == [
        messages.text(
            "timeline.civi.offer",
            lang,
            amount=messages.money(4200, lang),
            day=messages.date(messages.dt.date(2026, 5, 4), lang),
        )
    ]
