"""The adapters, with what switchboards really post (tests/helpline/payloads/)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from appui.cases.models import Intake
from appui.helpline.models import (
    Adapter,
    Call,
    CallState,
    EndCause,
    EventStatus,
    Switchboard,
    TelephonyEvent,
)
from appui.helpline.telephony import adapters, events
from appui.helpline.telephony.adapters import asterisk, generic
from tests.helpline.conftest import SECRET, sign

PAYLOADS = Path(__file__).resolve().parent / "payloads"
CALLER = "1745335704.8974"


def payload(name: str) -> list[dict]:
    return json.loads((PAYLOADS / name).read_text())


def translated(items: list[dict]) -> list[tuple[int, dict]]:
    """(index, event) of each ARI event that means something for the helpline."""
    found = []
    for index, item in enumerate(items):
        translation = asterisk.translate(item)
        assert len(translation.events) <= 1
        if translation.events:
            found.append((index, translation.events[0]))
        else:
            assert translation.ignored
    return found


@pytest.fixture
def ari_switchboard(db):
    return Switchboard.objects.create(
        name="Asterisk", slug="asterisk-test", adapter=Adapter.ASTERISK, secret=SECRET
    )


@pytest.fixture
def post_all(client):
    def post(items: list[dict], slug: str, endpoint: str) -> list[tuple[int, str]]:
        answers = []
        for item in items:
            body = json.dumps(item).encode()
            answer = client.post(
                f"/api/telephony/{slug}/{endpoint}",
                data=body,
                content_type="application/json",
                **sign(body),
            )
            answers.append((answer.status_code, answer.json()["status"]))
        return answers

    return post


# --- Asterisk: translation alone -----------------------------------------------------------


def test_an_answered_asterisk_call_reads_as_ringing_queued_answered_ended():
    found = translated(payload("asterisk_answered_call.json"))
    kinds = [(index, event["type"]) for index, event in found]
    assert kinds == [
        (0, "ringing"),
        (3, "queued"),
        (6, "queued"),
        (10, "answered"),  # the listener's leg goes Up
        (11, "answered"),  # Dial ANSWER
        (16, "answered"),  # the leg enters the caller's bridge
        (20, "ended"),  # she hangs up
        (22, "ended"),  # her channel leaves Stasis
        (23, "ended"),  # her channel is destroyed
    ]
    by_index = dict(found)
    assert by_index[0]["caller"] == "+33639980042"
    assert {event["call_id"] for _, event in found} == {CALLER}
    assert [by_index[i]["queue_position"] for i in (3, 6)] == [2, 1]
    assert {by_index[i]["listener"] for i in (10, 11, 16)} == {"1001"}
    # One fact, one id: the several ARI events reporting it are applied once.
    assert len({by_index[i]["event_id"] for i in (10, 11, 16)}) == 1
    assert len({by_index[i]["event_id"] for i in (20, 22, 23)}) == 1
    assert by_index[3]["event_id"] != by_index[6]["event_id"]
    assert by_index[20]["cause"] == by_index[23]["cause"] == "completed"
    assert "cause" not in by_index[22]  # StasisEnd carries none
    for _, event in found:
        events.parse(event)  # every translation is a valid event


def test_the_end_of_a_listener_s_leg_and_media_channels_are_no_call():
    found = translated(payload("asterisk_missed_call.json"))
    assert [event["type"] for _, event in found] == ["ringing", "queued", "ended", "ended", "ended"]
    assert translated(payload("asterisk_not_calls.json")) == []


def test_the_same_ari_event_always_gets_the_same_id():
    item = payload("asterisk_answered_call.json")[0]
    first = asterisk.translate(item).events[0]["event_id"]
    assert asterisk.translate(copy.deepcopy(item)).events[0]["event_id"] == first
    assert first == f"{CALLER}:ringing"
    long = asterisk.event_id("f" * 60, "queued", "2025-04-22T17:28:27.903+0200")
    assert long.startswith("ari-") and len(long) == 64


@pytest.mark.parametrize(
    "code, cause",
    [
        (16, EndCause.COMPLETED),
        (17, EndCause.BUSY),
        (18, EndCause.NO_ANSWER),
        (19, EndCause.NO_ANSWER),
        (21, EndCause.BUSY),
        (34, EndCause.FAILED),
        (127, EndCause.FAILED),
        (0, None),
        (None, None),
        ("16", None),
        (True, None),
    ],
)
def test_q850_causes_are_worded_as_the_helpline_words_them(code, cause):
    assert asterisk.cause_of(code) == cause


@pytest.mark.parametrize(
    "name, variables, extension",
    [
        ("PJSIP/1001-0000002a", {}, "1001"),
        ("SIP/1001-0000000a", {}, "1001"),
        ("Local/1001@listeners-00000001;2", {}, "1001"),
        ("PJSIP/poste-1001-0000051f", {}, "poste-1001"),
        ("PJSIP/poste-1001-0000051f", {"APPUI_LISTENER": "1001"}, "1001"),
        ("PJSIP/x-1", {"APPUI_LISTENER": {"value": "1007", "report_events": True}}, "1007"),
    ],
)
def test_the_listener_s_extension_is_read_from_her_leg(name, variables, extension):
    assert asterisk.extension({"id": "1.1", "name": name, "channelvars": variables}) == extension


@pytest.mark.parametrize(
    "item, field",
    [
        ([], "$"),
        ({"timestamp": "2025-04-22T17:28:24.282+0200"}, "type"),
        ({"type": "StasisStart", "timestamp": "x", "channel": "PJSIP/1"}, "channel"),
        ({"type": "StasisStart", "channel": {"id": "1.1", "name": "PJSIP/a-1"}}, "timestamp"),
        (
            {"type": "StasisStart", "timestamp": "now", "channel": {"id": "1.1", "name": "P/a-1"}},
            "timestamp",
        ),
        (
            {
                "type": "ChannelVarset",
                "timestamp": "2025-04-22T17:28:24.282+0200",
                "variable": "APPUI_QUEUE_POSITION",
                "value": "two",
                "channel": {"id": "1.1", "name": "PJSIP/a-1"},
            },
            "value",
        ),
    ],
)
def test_what_is_no_ari_event_is_refused_naming_its_field(item, field):
    with pytest.raises(adapters.AdapterError) as refused:
        asterisk.translate(item)
    assert refused.value.errors[0]["field"] == field


def test_the_generic_adapter_passes_events_as_they_are():
    item = payload("generic_kamailio_calls.json")[0]
    assert generic.translate(item).events == (item,)


# --- Asterisk: through the webhook ---------------------------------------------------------


def test_an_answered_asterisk_call_opens_for_its_listener(
    ari_switchboard, post_all, listener, federation
):
    user = listener("1001")
    items = payload("asterisk_answered_call.json")
    answers = post_all(items, ari_switchboard.slug, "asterisk")
    applied = [i for i, (status, _) in enumerate(answers) if status == 202]
    assert applied == [0, 3, 6, 10, 20]
    assert {status for status, _ in answers} == {200, 202}
    assert answers[11] == answers[16] == answers[22] == (200, "already received")
    assert answers[1] == (200, "ignored")
    call = Call.objects.get()
    assert (call.state, call.listener, call.end_cause) == (
        CallState.WRAP_UP,
        user,
        EndCause.COMPLETED,
    )
    assert (call.external_id, call.queue_position) == (CALLER, None)
    utc = dt.UTC
    assert call.ringing_at == dt.datetime(2025, 4, 22, 15, 28, 24, 282000, tzinfo=utc)
    assert call.answered_at == dt.datetime(2025, 4, 22, 15, 28, 33, 265000, tzinfo=utc)
    assert call.ended_at == dt.datetime(2025, 4, 22, 15, 31, 2, 118000, tzinfo=utc)
    assert TelephonyEvent.objects.filter(status=EventStatus.APPLIED).count() == 5

    # The relay sends it all again (it reconnected): nothing changes.
    again = post_all(items, ari_switchboard.slug, "asterisk")
    assert {status for status, _ in again} == {200}
    assert TelephonyEvent.objects.count() == 5


def test_a_missed_asterisk_call_becomes_a_callback_request(
    ari_switchboard, post_all, listener, federation
):
    listener("1002")
    answers = post_all(payload("asterisk_missed_call.json"), ari_switchboard.slug, "asterisk")
    assert [status for status, _ in answers].count(202) == 3  # ringing, queued, ended
    call = Call.objects.get()
    assert (call.state, call.end_cause, call.listener) == (
        CallState.MISSED,
        EndCause.ABANDONED,  # she hung up while waiting
        None,
    )
    assert call.callback == Intake.objects.get()
    assert call.callback.contact_phone == "0639980017"


def test_a_transferred_asterisk_call_ends_for_the_helpline(
    ari_switchboard, post_all, listener, federation
):
    user = listener("1003")
    answers = post_all(payload("asterisk_transferred_call.json"), ari_switchboard.slug, "asterisk")
    assert [status for status, _ in answers] == [202, 202, 200, 202, 202, 200]
    call = Call.objects.get()
    assert (call.state, call.end_cause, call.listener) == (
        CallState.WRAP_UP,
        EndCause.TRANSFERRED,
        user,
    )
    assert call.number_key == ""  # withheld
    assert not Intake.objects.exists()


def test_what_is_no_call_changes_nothing(ari_switchboard, post_all, federation):
    answers = post_all(payload("asterisk_not_calls.json"), ari_switchboard.slug, "asterisk")
    assert set(answers) == {(200, "ignored")}
    assert not Call.objects.exists()
    assert not TelephonyEvent.objects.exists()


# --- generic: what the Kamailio switchboard posts --------------------------------------------


def test_the_kamailio_switchboard_s_events_make_an_answered_and_a_missed_call(
    switchboard, post_all, listener, federation
):
    user = listener("1001")
    answers = post_all(payload("generic_kamailio_calls.json"), switchboard.slug, "events")
    assert answers == [(202, "applied")] * 5
    answered, missed = Call.objects.order_by("ringing_at")
    assert (answered.state, answered.listener) == (CallState.WRAP_UP, user)
    assert (missed.state, missed.end_cause) == (CallState.MISSED, EndCause.ABANDONED)
    assert missed.callback is not None
