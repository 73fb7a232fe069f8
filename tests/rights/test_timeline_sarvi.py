"""The SARVI request's timeline: the window exactly as `assess` gives it, the fund's two
months never moved, a month to ask the court's president after a refusal."""

import pytest

from appui.rights import messages

from .conftest import (
    assess_dict,
    build_facts,
    dated,
    event,
    find_deadline,
    find_remedy,
    procedure,
    timeline_dict,
)

P = pytest.param


def sarvi(as_of, *events, department=None):
    return procedure("sarvi", as_of, *events, department=department)


FINAL = event("decision_final", "2024-03-15")


def assessed_window(final, as_of, department, inadmissible=None):
    facts = build_facts(
        "sarvi",
        {
            "as_of": as_of,
            "procedure.decision_final_date": final,
            "procedure.civi_inadmissible_notified": inadmissible,
            "offence.department": department,
        },
    )
    remedy = find_remedy(assess_dict(facts), "sarvi")
    return find_deadline(remedy, "sarvi_opens"), find_deadline(remedy, "sarvi_closes")


@pytest.mark.parametrize(
    ("final", "department", "inadmissible"),
    [
        P("2024-03-15", "88", None, id="plain"),
        # A year after 26 December 2024 is Friday 26 December 2025: a holiday in Moselle.
        P("2024-12-26", "57", None, id="moselle-26-december"),
        P("2024-12-26", "54", None, id="meurthe-26-december"),
        # 31 December 2023 + 2 months: 29 February 2024.
        P("2023-12-31", "88", None, id="leap-february"),
        P("2024-01-10", "88", "2024-05-04", id="after-a-civi-inadmissibility"),
    ],
)
def test_the_window_is_the_one_assess_gives(final, department, inadmissible):
    as_of = "2025-06-01"
    events = [event("decision_final", final)]
    if inadmissible:
        events.append(event("civi_inadmissible_notified", inadmissible))
    answer = timeline_dict(sarvi(as_of, *events, department=department))
    for assessed in assessed_window(final, as_of, department, inadmissible):
        ours = dated(answer, assessed["id"])
        assert (ours["date"], ours["extended"], ours["legal_basis"]) == (
            assessed["date"],
            assessed["extended"],
            assessed["legal_basis"],
        )


def test_26_december_in_moselle():
    answer = timeline_dict(
        sarvi("2025-03-01", event("decision_final", "2024-12-26"), department="57")
    )
    closes = dated(answer, "sarvi_closes")
    assert (closes["date"], closes["extended"]) == ("2025-12-29", True)
    assert dated(answer, "sarvi_opens")["date"] == "2025-02-26"
    assert any(u.startswith("law.md §6: CPP 801") for u in answer["uncertain"])


@pytest.mark.parametrize(
    ("as_of", "stage", "opens", "closes", "following"),
    [
        P("2024-05-14", "waiting_window", "upcoming", "open", "sarvi_opens", id="before"),
        P("2024-05-15", "window_open", "open", "open", "sarvi_opens", id="opens"),
        P("2024-05-16", "window_open", "open", "open", "sarvi_closes", id="open"),
        P("2025-03-17", "window_open", "open", "open", "sarvi_closes", id="last-day"),
        P("2025-03-18", "window_open", "open", "passed", None, id="closed"),
    ],
)
def test_the_window_before_a_request(as_of, stage, opens, closes, following):
    # A year after 15 March 2024 is Saturday 15 March 2025: Monday 17 March.
    answer = timeline_dict(sarvi(as_of, FINAL), lang="en")
    assert answer["stage"] == stage
    assert dated(answer, "sarvi_opens")["state"] == opens
    assert dated(answer, "sarvi_closes")["state"] == closes
    assert dated(answer, "sarvi_closes")["date"] == "2025-03-17"
    assert answer["next"] == following
    late = messages.text("timeline.sarvi.window_over", "en", day="17 March 2025")
    assert (late in answer["reasons"]) is (closes == "passed")


def test_the_payment_deadline_is_never_moved():
    # 1 May 2025 is a public holiday (a Thursday): the insurance code's date stays.
    answer = timeline_dict(sarvi("2025-03-02", FINAL, event("request_filed", "2025-03-01")))
    payment = dated(answer, "sarvi_payment_due")
    assert (payment["date"], payment["extended"], payment["state"], payment["parties"]) == (
        "2025-05-01",
        False,
        "open",
        ["fund"],
    )
    assert payment["legal_basis"] == ["C. assur. art. L422-7"]
    assert dated(answer, "sarvi_closes")["state"] == "done"
    assert answer["stage"] == "filed"
    assert answer["next"] == "sarvi_payment_due"


def test_a_refusal_opens_a_month_to_ask_the_president():
    # Refusal on 10 April 2025: 10 May is a Saturday, so Monday 12 May.
    events = (FINAL, event("request_filed", "2025-03-01"), event("refusal_notified", "2025-04-10"))
    answer = timeline_dict(sarvi("2025-04-11", *events))
    president = dated(answer, "president_request_due")
    assert (president["date"], president["extended"], president["state"]) == (
        "2025-05-12",
        True,
        "open",
    )
    assert "CPP art. 801" in president["legal_basis"]
    assert dated(answer, "sarvi_payment_due")["state"] == "done"
    assert answer["stage"] == "refused"
    assert answer["next"] == "president_request_due"
    assert any(u.startswith("law.md §2") for u in answer["uncertain"])
    later = timeline_dict(sarvi("2025-05-13", *events))
    assert dated(later, "president_request_due")["state"] == "passed"  # nothing records it


@pytest.mark.parametrize(
    ("more", "stage"),
    [
        P((event("paid", "2025-04-01", amount=1000),), "closed", id="paid"),
        P(
            (event("refusal_notified", "2025-04-01"), event("paid", "2025-06-01", amount=1000)),
            "closed",
            id="paid-after-the-president-ruled",
        ),
    ],
)
def test_paid_closes_the_request(more, stage):
    answer = timeline_dict(sarvi("2025-06-02", FINAL, event("request_filed", "2025-03-01"), *more))
    assert answer["stage"] == stage
    assert dated(answer, "sarvi_payment_due")["state"] == "done"


def test_a_request_before_the_window_opens_is_said():
    answer = timeline_dict(sarvi("2024-04-02", FINAL, event("request_filed", "2024-04-01")), "en")
    assert answer["stage"] == "filed"
    said = messages.text("timeline.sarvi.early", "en", day="15 May 2024")
    assert said in answer["reasons"]


def test_the_fund_late_to_pay_is_said():
    answer = timeline_dict(sarvi("2025-05-02", FINAL, event("request_filed", "2025-03-01")), "en")
    assert dated(answer, "sarvi_payment_due")["state"] == "passed"
    said = messages.text("timeline.sarvi.pay_late", "en", day="1 May 2025")
    assert said in answer["reasons"]
