"""The telephony webhook's contract: signatures, replays, order, listeners, bad input."""

from __future__ import annotations

import base64
import datetime as dt
import json
import time

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from appui.cases.models import Channel as IntakeChannel
from appui.cases.models import Intake
from appui.core.models import AuditEvent, Organisation, OrganisationKind, Role
from appui.helpline import numbers
from appui.helpline.models import (
    Call,
    Caller,
    CallState,
    Channel,
    EndCause,
    EventStatus,
    HelplineCount,
    Listener,
    ListenerStatus,
    Switchboard,
    TelephonyEvent,
)
from tests.cases.conftest import make_staff
from tests.helpline.conftest import SECRET, event, sign

NUMBER = "+33 6 39 98 00 42"  # a number set aside for fiction (ARCEP)
URL = "/api/telephony/test/events"


def post_raw(client, body: bytes, headers: dict, url: str = URL):
    return client.post(url, data=body, content_type="application/json", **headers)


def telephony_lines(target="call"):
    return AuditEvent.objects.filter(system="telephony", target=target)


# --- the signature -------------------------------------------------------------------------


def test_a_signed_ringing_makes_a_ringing_call_of_the_federation(post_event, federation):
    answer = post_event(event("ringing", caller=NUMBER))
    assert answer.status_code == 202, answer.content
    assert answer.json() == {"status": "applied"}
    call = Call.objects.get()
    assert call.organisation == federation
    assert (call.channel, call.state, call.external_id) == (Channel.PHONE, "ringing", "call-1")
    assert call.number_key == numbers.number_key(NUMBER)
    assert telephony_lines().filter(action="create", target_id=call.pk).count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(lambda body: sign(body, "another secret"), id="wrong-secret"),
        pytest.param(lambda body: sign(body, timestamp=int(time.time()) - 301), id="stale"),
        pytest.param(lambda body: sign(body, timestamp=int(time.time()) + 301), id="future"),
        pytest.param(lambda body: {}, id="absent"),
        pytest.param(
            lambda body: {**sign(body), "HTTP_X_APPUI_SIGNATURE": "not base64!"}, id="garbled"
        ),
        pytest.param(
            lambda body: {**sign(body), "HTTP_X_APPUI_TIMESTAMP": "yesterday"}, id="bad-stamp"
        ),
        pytest.param(lambda body: sign(body + b" "), id="other-body"),
    ],
)
def test_a_post_not_signed_now_by_the_switchboard_is_refused_and_changes_nothing(
    client, switchboard, federation, headers, caplog
):
    body = json.dumps(event("ringing", caller=NUMBER)).encode()
    answer = post_raw(client, body, headers(body))
    assert answer.status_code == 401
    assert answer.json()["status"] == "refused"
    assert not Call.objects.exists()
    assert not TelephonyEvent.objects.exists()
    assert "telephony post refused" in caplog.text


def test_a_signature_a_few_minutes_old_or_padded_is_accepted(client, switchboard, federation):
    body = json.dumps(event("ringing")).encode()
    headers = sign(body, timestamp=int(time.time()) - 290)
    digest = headers["HTTP_X_APPUI_SIGNATURE"]
    headers["HTTP_X_APPUI_SIGNATURE"] = digest + "=" * (-len(digest) % 4)
    assert post_raw(client, body, headers).status_code == 202


def test_unknown_and_inactive_switchboards_get_the_same_answer_as_a_wrong_signature(
    client, switchboard, federation
):
    body = json.dumps(event("ringing")).encode()
    wrong = post_raw(client, body, sign(body, "wrong"))
    unknown = post_raw(client, body, sign(body), url="/api/telephony/nobody/events")
    switchboard.active = False
    switchboard.save()  # as its administration page does: seen at once
    inactive = post_raw(client, body, sign(body))
    assert wrong.status_code == unknown.status_code == inactive.status_code == 401
    assert wrong.content == unknown.content == inactive.content


def test_a_switchboard_switched_off_by_another_process_is_refused_within_seconds(
    client, switchboard, federation, monkeypatch
):
    from appui.helpline.services import telephony

    body = json.dumps(event("ringing")).encode()
    assert post_raw(client, body, sign(body)).status_code == 202  # this process keeps it
    Switchboard.objects.filter(pk=switchboard.pk).update(active=False)  # no signal here
    monkeypatch.setattr(telephony, "KEPT_SECONDS", 0.0)  # those seconds have passed
    second = json.dumps(event("ended")).encode()
    assert post_raw(client, second, sign(second)).status_code == 401


def test_the_webhook_needs_no_session_nor_csrf_token_and_sets_no_cookie(switchboard, federation):
    client = Client(enforce_csrf_checks=True)
    body = json.dumps(event("ringing")).encode()
    answer = post_raw(client, body, sign(body))
    assert answer.status_code == 202
    assert not answer.cookies


def test_only_post_is_allowed(client, switchboard):
    assert client.get(URL).status_code == 405


def test_a_switchboard_posts_to_the_endpoint_of_its_adapter(client, switchboard, federation):
    body = json.dumps(event("ringing")).encode()
    answer = post_raw(client, body, sign(body), url="/api/telephony/test/asterisk")
    assert answer.status_code == 422
    assert "/test/events" in answer.json()["errors"][0]["message"]
    assert not Call.objects.exists()


# --- a call from ringing to its end --------------------------------------------------------


def test_an_answered_call_opens_for_its_listener_then_waits_for_her_record(
    post_event, listener, federation
):
    user = listener("1001")
    post_event(event("ringing", caller=NUMBER))
    post_event(event("queued", queue_position=2))
    assert Call.objects.get().queue_position == 2
    answer = post_event(event("answered", listener="1001"))
    assert answer.status_code == 202, answer.content
    call = Call.objects.get()
    assert (call.state, call.listener, call.queue_position) == (CallState.ACTIVE, user, None)
    assert call.answered_at is not None
    assert call.number == ""  # she is on the line: no number kept
    assert Listener.objects.get(user=user).status == ListenerStatus.ON_CALL

    assert post_event(event("ended", cause="completed")).status_code == 202
    call.refresh_from_db()
    assert (call.state, call.end_cause) == (CallState.WRAP_UP, EndCause.COMPLETED)
    assert call.ended_at >= call.answered_at >= call.ringing_at
    assert not HelplineCount.objects.exists()  # counted when the listener closes the record
    assert telephony_lines().filter(target_id=call.pk).count() == 4


def test_a_call_nobody_answered_is_missed_counted_and_called_back(post_event, federation):
    post_event(event("ringing", caller=NUMBER))
    assert Call.objects.get().number == NUMBER  # encrypted at rest until it is known whom
    assert post_event(event("ended", cause="abandoned")).status_code == 202
    call = Call.objects.get()
    assert (call.state, call.end_cause) == (CallState.MISSED, EndCause.ABANDONED)
    assert call.closed_at == call.ended_at
    assert call.number == ""
    assert HelplineCount.objects.get().missed == 1
    intake = Intake.objects.get()
    assert call.callback == intake
    assert (intake.organisation, intake.channel) == (federation, IntakeChannel.MISSED_CALL)
    assert numbers.normalise(intake.contact_phone) == numbers.normalise(NUMBER)


def test_the_number_waiting_on_a_ringing_call_is_encrypted_at_rest(post_event, federation):
    post_event(event("ringing", caller=NUMBER))
    with connection.cursor() as cursor:
        cursor.execute("SELECT number FROM helpline_call")
        stored = cursor.fetchone()[0]
    assert stored and "639980042" not in stored.replace(" ", "")


def test_a_withheld_number_missed_makes_no_callback(post_event, federation):
    post_event(event("ringing", caller="anonymous"))
    post_event(event("ended"))
    call = Call.objects.get()
    assert (call.state, call.end_cause, call.number_key) == ("missed", "abandoned", "")
    assert not Intake.objects.exists()


def test_a_recognised_caller_is_found_by_her_number(post_event, federation):
    long_ago = timezone.now() - dt.timedelta(days=100)
    caller = Caller.objects.create(
        number_key=numbers.number_key("0639980042"),
        number="0639980042",
        consented_at=long_ago,
        last_call_at=long_ago,
    )
    post_event(event("ringing", caller=NUMBER))
    assert Call.objects.get().caller == caller
    caller.refresh_from_db()
    assert caller.last_call_at > long_ago
    assert telephony_lines("caller").filter(target_id=caller.pk).count() == 1


def test_a_transferred_call_ends_for_the_helpline(post_event, listener, federation):
    listener("1001")
    post_event(event("ringing", caller=NUMBER))
    post_event(event("answered", listener="1001"))
    assert post_event(event("transferred")).status_code == 202
    call = Call.objects.get()
    assert (call.state, call.end_cause) == (CallState.WRAP_UP, EndCause.TRANSFERRED)
    # The transferred line ends later: nothing new, and not an error.
    assert post_event(event("ended", cause="completed")).status_code == 202
    call.refresh_from_db()
    assert call.end_cause == EndCause.TRANSFERRED


def test_a_call_put_through_to_another_listener_is_hers_from_then_on(
    post_event, listener, federation
):
    first, second = listener("1001"), listener("1002")
    post_event(event("ringing"))
    post_event(event("answered", listener="1001"))
    assert post_event(event("transferred", listener="1002")).status_code == 202
    call = Call.objects.get()
    assert (call.state, call.listener, call.end_cause) == (CallState.ACTIVE, second, "")
    statuses = dict(Listener.objects.values_list("user_id", "status"))
    assert statuses == {first.pk: ListenerStatus.AVAILABLE, second.pk: ListenerStatus.ON_CALL}
    unknown = post_event(event("transferred", listener="9999", event_id="t2"))
    assert (unknown.status_code, Call.objects.get().listener) == (422, second)


def test_a_call_put_through_elsewhere_while_ringing_is_missed_without_callback(
    post_event, federation
):
    post_event(event("ringing", caller=NUMBER))
    post_event(event("transferred"))
    call = Call.objects.get()
    assert (call.state, call.end_cause) == (CallState.MISSED, EndCause.TRANSFERRED)
    assert not Intake.objects.exists()
    assert HelplineCount.objects.get().missed == 1


def test_the_end_of_the_line_of_a_record_already_closed_is_noted(post_event, listener, federation):
    listener("1001")
    post_event(event("ringing"))
    post_event(event("answered", listener="1001"))
    Call.objects.update(state=CallState.CLOSED, closed_at=timezone.now())  # by the console
    assert post_event(event("ended", cause="completed")).status_code == 202
    call = Call.objects.get()
    assert (call.state, call.end_cause) == (CallState.CLOSED, EndCause.COMPLETED)
    assert call.ended_at is not None


# --- replays ---------------------------------------------------------------------------------


def test_an_event_posted_again_is_received_once(post_event, listener, federation):
    listener("1001")
    first = post_event(event("ringing", caller=NUMBER))
    again = post_event(event("ringing", caller=NUMBER))
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json() == {"status": "already received"}
    post_event(event("ringing", caller=NUMBER))
    post_event(event("ended"))
    assert post_event(event("ended")).status_code == 200
    assert Call.objects.count() == 1
    assert Intake.objects.count() == 1
    assert HelplineCount.objects.get().missed == 1
    assert TelephonyEvent.objects.filter(status=EventStatus.APPLIED).count() == 2
    assert telephony_lines().count() == 2 + 1  # created, missed; and the callback's link


def test_two_hundred_events_are_applied_once_each_even_when_all_are_posted_twice(
    post_event, listener, federation
):
    user = listener("1001")
    stream = []
    for n in range(50):
        call_id = f"bulk-{n}"
        stream += [
            event("ringing", call_id, caller=f"+33 6 39 98 {n // 100:02d} {n % 100:02d}"),
            event("queued", call_id, queue_position=1),
            event("answered", call_id, listener="1001"),
            event("ended", call_id, cause="completed"),
        ]
    assert len(stream) == 200
    assert [post_event(e).status_code for e in stream] == [202] * 200
    assert [post_event(e).status_code for e in stream] == [200] * 200
    assert Call.objects.filter(state=CallState.WRAP_UP, listener=user).count() == 50
    assert TelephonyEvent.objects.filter(status=EventStatus.APPLIED).count() == 200
    assert telephony_lines().count() == 200


# --- order -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["answered", "ended", "queued", "transferred"])
def test_an_event_for_a_call_that_never_rang_is_out_of_order(post_event, listener, kind):
    listener("1001")
    fields = {"answered": {"listener": "1001"}, "queued": {"queue_position": 1}}
    answer = post_event(event(kind, **fields.get(kind, {})))
    assert answer.status_code == 409
    assert answer.json()["status"] == "refused"
    assert not Call.objects.exists()
    refused = TelephonyEvent.objects.get()
    assert (refused.status, refused.kind) == (EventStatus.REFUSED, kind)
    assert refused.error.startswith("409")


def test_ringing_twice_and_answered_after_the_end_are_out_of_order(
    post_event, listener, federation
):
    listener("1001")
    post_event(event("ringing"))
    assert post_event(event("ringing", event_id="another-id")).status_code == 409
    post_event(event("ended"))
    late = post_event(event("answered", listener="1001"))
    assert late.status_code == 409
    assert Call.objects.get().state == CallState.MISSED
    assert TelephonyEvent.objects.filter(status=EventStatus.REFUSED).count() == 2


def test_an_event_refused_as_early_is_applied_when_posted_again_in_order(
    post_event, listener, federation, caplog
):
    user = listener("1001")
    assert post_event(event("answered", listener="1001")).status_code == 409
    assert "telephony event refused" in caplog.text
    post_event(event("ringing"))
    assert post_event(event("answered", listener="1001")).status_code == 202
    assert Call.objects.get().listener == user
    assert TelephonyEvent.objects.get(event_id="call-1-answered").status == EventStatus.APPLIED


# --- the listener ----------------------------------------------------------------------------


def test_an_unknown_extension_is_refused_and_the_call_keeps_ringing(
    post_event, listener, federation, meuse
):
    listener("1001")
    stranger = make_staff(meuse, Role.DIRECTION)  # an association's account, never a listener
    Listener.objects.create(user=stranger, extension="2002", status_since=timezone.now())
    post_event(event("ringing"))
    for extension in ("9999", "2002"):
        answer = post_event(event("answered", listener=extension, event_id=f"a-{extension}"))
        assert answer.status_code == 422
        assert answer.json()["errors"][0]["field"] == "listener"
    assert Call.objects.get().state == CallState.RINGING
    assert TelephonyEvent.objects.filter(status=EventStatus.REFUSED).count() == 2


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, field",
    [
        (b"{not json", "$"),
        (b"\xff\xfe\x00garbage", "$"),
        (b"[" * 5000 + b"]" * 5000, "$"),
        (b"[]", "$"),
        (b'"ringing"', "$"),
        (b"", "$"),
    ],
    ids=["not-json", "not-utf8", "deep", "list", "string", "empty"],
)
def test_a_body_that_is_no_json_object_is_refused_clearly(
    client, switchboard, federation, body, field
):
    answer = post_raw(client, body, sign(body))
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == field
    assert not Call.objects.exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"type": "rang"}, "type"),
        ({"call_id": 42}, "call_id"),
        ({"call_id": ""}, "call_id"),
        ({"at": "yesterday"}, "at"),
        ({"at": "2025-04-22T17:28:33"}, "at"),  # no time zone
        ({"at": 1745335713}, "at"),
        ({"at": "2999-01-01T00:00:00Z"}, "at"),
        ({"caller": 612345678}, "caller"),
        ({"caller": "0" * 41}, "caller"),
        ({"listener": "1001"}, "listener"),  # not on a ringing event
        ({"cause": "completed"}, "cause"),
        ({"surprise": True}, "surprise"),
        ({"event_id": "with space"}, "event_id"),
        ({"event_id": "x" * 65}, "event_id"),
    ],
)
def test_a_malformed_event_is_refused_naming_its_field(post_event, federation, change, field):
    answer = post_event({**event("ringing"), **change})
    assert answer.status_code == 422, answer.content
    assert field in [error["field"] for error in answer.json()["errors"]]
    assert not Call.objects.exists()


def test_types_are_not_coerced_and_required_fields_are_named(post_event, listener, federation):
    listener("1001")
    post_event(event("ringing"))
    assert post_event(event("queued", queue_position="2")).status_code == 422
    assert post_event(event("queued", queue_position=True)).status_code == 422
    answer = post_event(event("answered"))
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "listener", "message": "This field is required."}]
    missing = post_event({"type": "ended"})
    assert {e["field"] for e in missing.json()["errors"]} == {"event_id", "call_id", "at"}


def test_a_malformed_event_with_a_readable_id_is_recorded_as_refused(post_event, federation):
    post_event({**event("ringing"), "at": "soon"})
    refused = TelephonyEvent.objects.get()
    assert (refused.event_id, refused.status) == ("call-1-ringing", EventStatus.REFUSED)
    assert "at" in refused.error
    # Corrected and posted again under the same id, it is applied.
    assert post_event(event("ringing")).status_code == 202


def test_a_body_over_16_kb_is_refused_before_anything_is_read(client, switchboard, federation):
    body = json.dumps({**event("ringing"), "caller": "0" * 17000}).encode()
    answer = post_raw(client, body, sign(body))
    assert answer.status_code == 413
    assert answer.json()["status"] == "refused"


def test_refusals_name_no_caller_in_the_log(post_event, caplog, federation):
    post_event({**event("ringing", caller=NUMBER), "at": "soon"})
    assert "639980042" not in caplog.text.replace(" ", "")


# --- the OpenAPI schema ----------------------------------------------------------------------


def test_the_webhook_is_documented_in_the_openapi_schema(client):
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/telephony/{slug}/events", "/api/telephony/{slug}/asterisk"):
        operation = schema["paths"][path]["post"]
        assert operation["tags"] == ["telephony"]
        assert {"202", "200", "401", "409", "413", "422"} <= set(operation["responses"])
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert headers == {"X-Appui-Timestamp", "X-Appui-Signature"}
    body = schema["paths"]["/api/telephony/{slug}/events"]["post"]["requestBody"]
    event_schema = body["content"]["application/json"]["schema"]
    assert set(event_schema["required"]) == {"event_id", "type", "call_id", "at"}
    assert event_schema["properties"]["cause"]["anyOf"][0]["enum"] == list(EndCause.values)
    refusal = schema["components"]["schemas"]["TelephonyRefusal"]
    assert set(refusal["properties"]) == {"status", "errors"}


# --- concurrency (PostgreSQL: SQLite serialises every write) ---------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_same_event_posted_at_once_by_several_processes_is_applied_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connections

    Organisation.objects.create(
        kind=OrganisationKind.FEDERATION, code="federation", name="F", file_prefix="F"
    )
    Switchboard.objects.create(name="T", slug="test", secret=SECRET)
    body = json.dumps(event("ringing", caller=NUMBER)).encode()
    other = json.dumps(event("ringing", caller=NUMBER, event_id="other-id")).encode()
    barrier = Barrier(8)

    def post(i: int) -> int:
        try:
            payload = body if i < 4 else other
            barrier.wait()
            return post_raw(Client(), payload, sign(payload)).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(8) as pool:
        statuses = sorted(pool.map(post, range(8)))
    assert statuses.count(202) == 1
    assert statuses.count(200) == 3  # the same event id
    assert statuses.count(409) == 4  # the same call, rung again under another id
    assert Call.objects.count() == 1
    assert TelephonyEvent.objects.filter(status=EventStatus.APPLIED).count() == 1


def test_signature_headers_are_base64url(switchboard):
    headers = sign(b"{}")
    raw = headers["HTTP_X_APPUI_SIGNATURE"]
    assert "=" not in raw and "+" not in raw and "/" not in raw
    assert len(base64.urlsafe_b64decode(raw + "=")) == 32


# --- an end that never came ----------------------------------------------------------------


def test_a_call_still_ringing_hours_later_is_closed_as_missed_and_called_back(
    post_event, federation
):
    from appui.helpline.services import telephony

    post_event(event("ringing", caller=NUMBER))
    post_event(event("ringing", "call-2", caller=NUMBER))
    Call.objects.filter(external_id="call-1").update(
        ringing_at=timezone.now() - telephony.STALE_AFTER - dt.timedelta(minutes=1)
    )
    assert telephony.close_stale() == 1
    stale, fresh = Call.objects.get(external_id="call-1"), Call.objects.get(external_id="call-2")
    assert (stale.state, stale.end_cause, stale.number) == ("missed", "failed", "")
    assert stale.callback is not None
    assert fresh.state == CallState.RINGING
    assert AuditEvent.objects.filter(system="worker", target="call", target_id=stale.pk).exists()
    assert telephony.close_stale() == 0
    # The lost `ended` arriving after all is refused as out of order, and changes nothing.
    assert post_event(event("ended")).status_code == 409
