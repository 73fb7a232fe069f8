"""The civil-party claim's timeline (CPP 420-1) and the complaint to the prosecutor's
(CPP 85 al. 2)."""

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


def claim(as_of, *events, department=None):
    return procedure("civil_party", as_of, *events, department=department)


def hearing(set_on, day):
    return event("hearing_set", set_on, hearing=day)


# --- civil party ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "department"),
    [
        P("2026-06-15", "54", id="monday-hearing-sunday-eve"),
        P("2026-06-16", "54", id="tuesday-hearing"),
        P("2026-12-27", "57", id="sunday-after-26-december-57"),
        P("2026-03-01", "88", id="month-start"),
    ],
)
def test_the_letter_date_is_the_one_assess_gives(day, department):
    answer = timeline_dict(claim("2026-01-02", hearing("2026-01-02", day), department=department))
    facts = build_facts(
        "theft",
        {
            "as_of": "2026-01-02",
            "offence.date": "2025-12-01",
            "procedure.complaint_date": "2025-12-02",
            "procedure.hearing_date": day,
            "offence.department": department,
        },
    )
    assessed = find_deadline(find_remedy(assess_dict(facts), "civil_party"), "civil_party_by")
    ours = dated(answer, "civil_party_letter_by")
    assert (ours["date"], ours["extended"]) == (assessed["date"], False)
    assert ours["parties"] == ["victim"]
    assert ours["legal_basis"] == ["CPP art. 420-1"]


def test_a_sunday_eve_is_not_moved_and_she_is_told_to_send_early():
    # Hearing on Monday 15 June 2026: the letter must arrive by Sunday 14 June, never later.
    answer = timeline_dict(claim("2026-06-01", hearing("2026-05-01", "2026-06-15")), lang="en")
    by = dated(answer, "civil_party_letter_by")
    assert (by["date"], by["extended"], by["state"]) == ("2026-06-14", False, "open")
    assert messages.text("civil_party.send_early", "en") in answer["reasons"]
    assert any(u.startswith("law.md §3") for u in answer["uncertain"])
    assert answer["stage"] == "before_hearing"
    assert answer["next"] == "civil_party_letter_by"


def test_a_working_eve_needs_no_warning():
    answer = timeline_dict(claim("2026-06-01", hearing("2026-05-01", "2026-06-16")), lang="en")
    assert dated(answer, "civil_party_letter_by")["date"] == "2026-06-15"
    assert messages.text("civil_party.send_early", "en") not in answer["reasons"]
    assert any(u.startswith("law.md §3") for u in answer["uncertain"])  # the stricter reading


@pytest.mark.parametrize(
    ("as_of", "received", "state", "stage"),
    [
        P("2026-06-15", None, "passed", "before_hearing", id="eve-passed-hearing-day"),
        P("2026-06-16", None, "passed", "heard", id="after-the-hearing"),
        P("2026-06-10", "2026-06-10", "done", "before_hearing", id="received"),
        P("2026-06-16", "2026-06-15", "done", "heard", id="received-late"),
    ],
)
def test_the_letter_states(as_of, received, state, stage):
    events = [hearing("2026-05-01", "2026-06-15"), event("letter_sent", "2026-06-05")]
    if received:
        events.append(event("letter_received", received))
    answer = timeline_dict(claim(as_of, *events), lang="en")
    assert dated(answer, "civil_party_letter_by")["state"] == state
    assert answer["stage"] == stage
    late = messages.text("timeline.civil_party.late", "en", day="14 June 2026")
    assert (late in answer["reasons"]) is (received == "2026-06-15")


def test_a_postponed_hearing_moves_the_letter_date():
    first, postponed = hearing("2026-05-01", "2026-06-15"), hearing("2026-06-01", "2026-09-15")
    for events in ((first, postponed), (postponed, first)):
        answer = timeline_dict(claim("2026-06-20", *events))
        assert dated(answer, "civil_party_letter_by")["date"] == "2026-09-14"
        assert answer["stage"] == "before_hearing"


# --- complaint to the prosecutor -----------------------------------------------------------


def complaint(as_of, *more, class_="delit", press=None, sent="2025-11-30"):
    fields = {"class_": class_}
    if press is not None:
        fields["press"] = press
    return procedure("prosecutor_complaint", as_of, event("complaint_sent", sent, **fields), *more)


@pytest.mark.parametrize(
    ("as_of", "state", "stage"),
    [
        # 30 November 2025 + 3 months: 28 February 2026 (a Saturday, not moved).
        P("2026-02-27", "upcoming", "waiting", id="before"),
        P("2026-02-28", "open", "judge_possible", id="from"),
    ],
)
def test_a_delit_waits_three_months(as_of, state, stage):
    answer = timeline_dict(complaint(as_of), lang="en")
    judge = dated(answer, "investigating_judge_from")
    assert (judge["date"], judge["extended"], judge["state"]) == ("2026-02-28", False, state)
    assert judge["legal_basis"] == ["CPP art. 85"]
    assert answer["stage"] == stage
    said = messages.text("timeline.prosecutor.judge_from", "en", day="28 February 2026")
    assert said in answer["reasons"]


def test_the_judge_date_is_the_one_assess_gives():
    facts = build_facts(
        "theft",
        {
            "as_of": "2026-01-02",
            "offence.date": "2025-11-29",
            "procedure.complaint_date": "2025-11-30",
        },
    )
    remedy = find_remedy(assess_dict(facts), "letter_to_prosecutor")
    assessed = find_deadline(remedy, "investigating_judge_from")
    ours = dated(timeline_dict(complaint("2026-01-02")), "investigating_judge_from")
    assert (ours["date"], ours["legal_basis"]) == (assessed["date"], assessed["legal_basis"])


@pytest.mark.parametrize(
    ("dismissal", "date", "key"),
    [
        P("2026-01-10", "2026-01-10", "timeline.prosecutor.dismissal", id="dismissal-earlier"),
        P("2026-02-28", "2026-02-28", "timeline.prosecutor.judge_from", id="same-day"),
        P("2026-03-10", "2026-02-28", "timeline.prosecutor.judge_from", id="dismissal-later"),
    ],
)
def test_a_dismissal_opens_the_route_if_earlier(dismissal, date, key):
    answer = timeline_dict(complaint("2026-03-10", event("dismissal_notified", dismissal)), "en")
    judge = dated(answer, "investigating_judge_from")
    assert (judge["date"], judge["state"]) == (date, "open")
    assert answer["stage"] == "judge_possible"
    said = messages.date(messages.dt.date.fromisoformat(date), "en")
    assert messages.text(key, "en", day=said) in answer["reasons"]


@pytest.mark.parametrize(
    ("class_", "press", "key", "stage"),
    [
        P("crime", None, "timeline.prosecutor.crime_now", "judge_possible", id="crime"),
        P("crime", True, "timeline.prosecutor.crime_now", "judge_possible", id="crime-press"),
        P("delit", True, "timeline.prosecutor.press_now", "judge_possible", id="press-delit"),
        P("contravention", None, "prosecutor.contravention", "waiting", id="contravention"),
        P("contravention", True, "prosecutor.contravention", "waiting", id="press-contravention"),
    ],
)
def test_no_wait_or_no_route(class_, press, key, stage):
    answer = timeline_dict(complaint("2025-12-01", class_=class_, press=press), "en")
    assert dated(answer, "investigating_judge_from") is None
    assert answer["dates"] == []
    assert answer["next"] is None
    assert answer["stage"] == stage
    assert messages.text(key, "en") in answer["reasons"]


@pytest.mark.parametrize("class_", ["crime", "delit", "contravention"])
def test_an_answer_is_the_last_stage(class_):
    answer = timeline_dict(
        complaint("2026-01-10", event("answer_received", "2026-01-05"), class_=class_), "en"
    )
    assert answer["stage"] == "answered"
    said = messages.text("timeline.prosecutor.answered", "en", day="5 January 2026")
    assert said in answer["reasons"]


def test_a_dismissed_contravention_is_answered():
    answer = timeline_dict(
        complaint("2026-01-10", event("dismissal_notified", "2026-01-05"), class_="contravention")
    )
    assert answer["stage"] == "answered"
    assert answer["dates"] == []
