"""The listener's console through its pages: a call from Verdun taken by hand, what she says,
the plan with the Meuse association, a transfer with consent acknowledged by the
association, the silent call logged in two clicks, and the screen pop's small answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appui.cases import policies as case_policies
from appui.cases import services as cases
from appui.cases.models import Channel as IntakeChannel
from appui.cases.models import Intake
from appui.core.models import AuditAction, AuditEvent, Role
from appui.helpline.audit_targets import HelplineTarget
from appui.helpline.models import (
    Call,
    CallState,
    Channel,
    HelplineCount,
    Listener,
    ListenerStatus,
    NonData,
    Outcome,
)
from tests.helpline.conftest import VERDUN, actor, make_staff

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
CONSOLE = reverse("helpline:console")


def _once(page) -> str:
    return page.context["once"]


def take(client) -> Call:
    page = client.get(CONSOLE, **EN)
    response = client.post(reverse("helpline:take"), {"once": _once(page)})
    assert response.status_code == 302
    call = Call.objects.latest("pk")
    assert response["Location"] == reverse("helpline:call", args=[call.pk])
    return call


FACTS = {
    "caller_type": "victim",
    "situations": ["hit"],
    "facts_date": "",
    "commune_code": VERDUN,
    "author": "stranger",
    "danger_now": "no",
    "language": "",
    "note": "",
}


def post_record(client, call, data, *, close=False):
    button = {"close": "1"} if close else {"save": "1"}
    return client.post(reverse("helpline:call", args=[call.pk]), {**data, **button}, **EN)


def test_a_call_from_verdun_transferred_with_consent_and_acknowledged(listener, meuse, as_user):
    user = listener()
    client = as_user(user)
    home = client.get(CONSOLE, **EN)
    assert home.status_code == 200
    assert "Take a call" in home.content.decode()

    call = take(client)
    assert call.state == CallState.ACTIVE and call.channel == Channel.PHONE
    assert call.listener_id == user.pk and call.answered_at is not None
    assert call.number_key == "" and call.caller_id is None  # anonymous
    page = client.get(reverse("helpline:call", args=[call.pk]), **EN)
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="call-timer"' in text and "answered at" in text
    assert page.context["plan"] is None and "Filing a complaint" not in text  # nothing said yet

    saved = post_record(client, call, FACTS)
    assert saved.status_code == 200
    text = saved.content.decode()
    assert "Saved" in text
    assert "France Victimes 55 (test)" in text  # the guide's plan: the association near her
    assert "Filing a complaint" in text
    call.refresh_from_db()
    assert call.situations == ["hit"] and call.commune_code == VERDUN
    assert call.state == CallState.ACTIVE and call.danger_now is False
    # The association covering Verdun is offered for the orientation and the transfer.
    assert saved.context["association"] == meuse

    closed = post_record(
        client,
        call,
        {
            **FACTS,
            "outcome": Outcome.TRANSFERRED,
            "association": str(meuse.pk),
            "consent": "on",
            "summary": "Frappée dans la rue à Verdun hier soir, souhaite être accompagnée.",
            "contact_phone": "06 12 34 56 78",
            "preferred_time": "le matin",
        },
        close=True,
    )
    assert closed.status_code == 302 and closed["Location"] == CONSOLE
    call.refresh_from_db()
    assert call.state == CallState.CLOSED and call.outcome == Outcome.TRANSFERRED
    assert call.closed_at is not None and call.ended_at is not None
    intake = call.transfer
    assert intake is not None and intake.organisation_id == meuse.pk
    assert intake.channel == IntakeChannel.HELPLINE
    assert intake.commune_code == VERDUN and intake.offence_category == "violence"
    assert intake.summary.startswith("Frappée") and intake.contact_phone == "06 12 34 56 78"

    # In the Meuse association's queue; its receptionist acknowledges it.
    receptionist = make_staff(meuse, Role.RECEPTIONIST)
    assert case_policies.intakes(actor(receptionist)).filter(pk=intake.pk).exists()
    record = reverse("helpline:call", args=[call.pk])
    assert "Waiting for the acknowledgement of" in client.get(record, **EN).content.decode()
    assert "Waiting for the acknowledgement of" in client.get(CONSOLE, **EN).content.decode()
    cases.acknowledge_intake(actor(receptionist), intake)
    intake.refresh_from_db()
    text = client.get(record, **EN).content.decode()
    assert f"Acknowledged at {timezone.localtime(intake.acknowledged_at):%H:%M}" in text
    assert "France Victimes 55 (test)" in text

    # Counted once, anonymously: the hour, the département, the kind, the situation, the outcome.
    count = HelplineCount.objects.get()
    assert (count.departement, count.channel, count.kind, count.category, count.outcome) == (
        "55",
        Channel.PHONE,
        "victim",
        "hit",
        Outcome.TRANSFERRED,
    )
    assert (count.calls, count.answered, count.missed) == (1, 1, 0)


def test_a_silent_call_is_logged_in_two_clicks_from_the_console(listener, as_user):
    client = as_user(listener())
    home = client.get(CONSOLE, **EN)
    text = home.content.decode()
    # First click: the list of calls with nothing to record; second: the kind.
    assert "<summary>Call with nothing to record</summary>" in text
    assert f'name="kind" value="{NonData.SILENT}"' in text
    response = client.post(
        reverse("helpline:non_data"), {"kind": NonData.SILENT, "once": _once(home)}
    )
    assert response.status_code == 302
    call = Call.objects.get()
    assert (call.state, call.non_data, call.outcome) == (CallState.CLOSED, NonData.SILENT, "")
    assert call.closed_at and call.answered_at and call.ended_at
    assert HelplineCount.objects.get().kind == NonData.SILENT
    # The same form sent again (a double click) logs nothing twice.
    client.post(reverse("helpline:non_data"), {"kind": NonData.SILENT, "once": _once(home)})
    assert Call.objects.count() == 1 and HelplineCount.objects.get().calls == 1


def test_a_record_in_progress_closes_as_a_wrong_number_in_two_clicks(listener, as_user):
    client = as_user(listener())
    call = take(client)
    text = client.get(reverse("helpline:call", args=[call.pk]), **EN).content.decode()
    assert "<summary>Call with nothing to record</summary>" in text
    url = reverse("helpline:call_non_data", args=[call.pk])
    assert client.post(url, {"kind": NonData.WRONG_NUMBER}).status_code == 302
    call.refresh_from_db()
    assert call.state == CallState.CLOSED and call.non_data == NonData.WRONG_NUMBER
    # Closed: a second click changes nothing, and counts nothing.
    client.post(url, {"kind": NonData.SILENT})
    call.refresh_from_db()
    assert call.non_data == NonData.WRONG_NUMBER and HelplineCount.objects.get().calls == 1


def test_a_transfer_without_her_consent_saves_nothing(listener, meuse, as_user):
    client = as_user(listener())
    call = take(client)
    response = post_record(
        client,
        call,
        {**FACTS, "outcome": Outcome.TRANSFERRED, "association": str(meuse.pk), "summary": ""},
        close=True,
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "consent" in errors and "summary" in errors
    assert "Without her agreement nothing is sent" in response.content.decode()
    call.refresh_from_db()
    assert call.state == CallState.ACTIVE and call.situations == [] and call.transfer is None
    assert not Intake.objects.exists() and not HelplineCount.objects.exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"facts_date": "2999-01-01"}, "facts_date"),
        ({"facts_date": "0001-01-01"}, "facts_date"),
        ({"facts_date": "hier"}, "facts_date"),
        ({"commune_code": "Zzyzx-les-Bains"}, "commune_code"),
        ({"commune_code": "", "abroad": "on", "abroad_country": ""}, "abroad_country"),
        ({"situations": ["not-a-situation"]}, "situations"),
        ({"caller_type": "alien"}, "caller_type"),
        ({"danger_now": "maybe"}, "danger_now"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_bad_facts_are_field_errors_and_nothing_is_saved(listener, territory, as_user, data, field):
    client = as_user(listener())
    call = take(client)
    response = post_record(client, call, {**FACTS, **data})
    assert response.status_code == 422
    assert field in response.context["form"].errors
    call.refresh_from_db()
    assert call.situations == [] and call.commune_code == ""


@pytest.mark.parametrize(
    "data, field",
    [
        ({}, "outcome"),
        ({"caller_type": "", "outcome": Outcome.INFORMED}, "caller_type"),
        ({"outcome": Outcome.ORIENTED, "oriented_to": ""}, "oriented_to"),
        ({"outcome": Outcome.ESCALATED}, "escalated_to"),
        ({"outcome": Outcome.ESCALATED, "escalated_to": "18"}, "escalated_to"),
        ({"outcome": Outcome.CALLBACK, "callback_number": ""}, "callback_number"),
        ({"outcome": Outcome.CALLBACK, "callback_number": "12"}, "callback_number"),
        ({"outcome": Outcome.TRANSFERRED, "consent": "on", "summary": "s"}, "association"),
        ({"outcome": "solved"}, "outcome"),
    ],
)
def test_a_record_closes_only_with_a_complete_outcome(listener, territory, as_user, data, field):
    client = as_user(listener())
    call = take(client)
    response = post_record(client, call, {**FACTS, **data}, close=True)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    call.refresh_from_db()
    assert call.state == CallState.ACTIVE and call.outcome == ""
    assert not HelplineCount.objects.exists()


def test_outcomes_informed_oriented_escalated_and_callback(listener, meuse, as_user):
    client = as_user(listener())
    expected = {
        Outcome.INFORMED: {},
        Outcome.ORIENTED: {"oriented_to": "France Victimes 55 (test)"},
        Outcome.ESCALATED: {"escalated_to": "17"},
        Outcome.CALLBACK: {"callback_number": "06 12 34 56 78", "callback_when": "demain 10 h"},
    }
    for outcome, extra in expected.items():
        call = take(client)
        response = post_record(client, call, {**FACTS, "outcome": outcome, **extra}, close=True)
        assert response.status_code == 302, response.context and response.context["form"].errors
        call.refresh_from_db()
        assert call.state == CallState.CLOSED and call.outcome == outcome
    assert Call.objects.get(outcome=Outcome.ORIENTED).oriented_to == "France Victimes 55 (test)"
    assert Call.objects.get(outcome=Outcome.ESCALATED).escalated_to == "17"
    promised = Call.objects.get(outcome=Outcome.CALLBACK)
    scheduled = promised.callback  # a request in the federation's own queue
    assert scheduled is not None and scheduled.organisation_id == promised.organisation_id
    assert scheduled.contact_phone == "06 12 34 56 78" and scheduled.preferred_time == "demain 10 h"
    page = client.get(reverse("helpline:call", args=[promised.pk]), **EN).content.decode()
    assert f'href="{reverse("helpline:callback", args=[scheduled.pk])}"' in page
    assert sum(HelplineCount.objects.values_list("calls", flat=True)) == 4


def test_a_closed_record_changes_no_more(listener, territory, as_user):
    client = as_user(listener())
    call = take(client)
    post_record(client, call, {**FACTS, "outcome": Outcome.INFORMED}, close=True)
    response = post_record(client, call, {**FACTS, "caller_type": "witness"}, close=True)
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.caller_type == "victim" and HelplineCount.objects.get().calls == 1
    page = client.get(reverse("helpline:call", args=[call.pk]), **EN).content.decode()
    assert "Update the plan" not in page and "Informed of her rights" in page


def test_danger_terrorism_and_collective_accident_on_the_record(listener, meuse, as_user):
    client = as_user(listener())
    call = take(client)
    response = post_record(
        client,
        call,
        {**FACTS, "situations": ["terrorism"], "danger_now": "yes", "collective_accident": "on"},
    )
    text = response.content.decode()
    assert 'class="callout callout--danger call-danger" role="alert"' in text
    assert 'href="tel:17"' in text and 'href="tel:112"' in text
    assert "Terrorism referent" in text
    assert "interministerial delegate for victim support (DIAV)" in text
    assert "Décret n° 2017-1240" in text


def test_the_line_closed_stops_the_timer(listener, territory, as_user):
    client = as_user(listener())
    call = take(client)
    client.post(reverse("helpline:hang_up", args=[call.pk]))
    call.refresh_from_db()
    assert call.state == CallState.WRAP_UP and call.ended_at is not None
    text = client.get(reverse("helpline:call", args=[call.pk]), **EN).content.decode()
    assert "data-end=" in text and "Update the plan" in text


def test_presence_follows_her_choice_and_her_calls(listener, territory, as_user):
    user = listener()
    client = as_user(user)
    client.post(reverse("helpline:presence"), {"status": ListenerStatus.PAUSED})
    assert Listener.objects.get(user=user).status == ListenerStatus.PAUSED
    assert client.post(reverse("helpline:presence"), {"status": "on_call"}).status_code == 422
    assert client.post(reverse("helpline:presence"), {"status": "bored"}).status_code == 422
    client.post(reverse("helpline:presence"), {"status": ListenerStatus.AVAILABLE})
    call = take(client)
    assert Listener.objects.get(user=user).status == ListenerStatus.ON_CALL
    post_record(client, call, {**FACTS, "outcome": Outcome.INFORMED}, close=True)
    assert Listener.objects.get(user=user).status == ListenerStatus.AVAILABLE


def test_a_supervisor_without_a_listener_row_sets_her_presence(supervisor, as_user):
    client = as_user(supervisor)
    client.post(reverse("helpline:presence"), {"status": ListenerStatus.AVAILABLE})
    assert Listener.objects.get(user=supervisor).status == ListenerStatus.AVAILABLE


def test_the_console_shows_the_116006_hours_from_the_directory(listener, as_user):
    from appui.directory.models import Kind, Service

    Service.objects.create(
        slug="numero-116006",
        kind=Kind.NATIONAL_NUMBER,
        name="Numéro d'aide aux victimes (116 006)",
        phones=[{"number": "116 006"}],
        opening_hours="Mo-Su 09:00-19:00",
    )
    text = as_user(listener()).get(CONSOLE, **EN).content.decode()
    assert "Today: 9 am – 7 pm" in text
    assert "Open now" in text or "Closed now" in text


def test_the_console_links_to_the_callback_queue(listener, as_user):
    text = as_user(listener()).get(CONSOLE, **EN).content.decode()
    assert f'href="{reverse("helpline:callbacks")}"' in text


# --- the screen pop ---------------------------------------------------------------------------


def answered_for(user, **fields) -> Call:
    """A call the switchboard reports answered by her (what the webhook does)."""
    now = timezone.now()
    return Call.objects.create(
        organisation_id=user.staff_profile.organisation_id,
        channel=Channel.PHONE,
        state=CallState.ACTIVE,
        listener=user,
        ringing_at=now - dt.timedelta(seconds=8),
        answered_at=now,
        **fields,
    )


def test_the_console_opens_a_call_answered_for_her(
    listener, as_user, django_assert_max_num_queries
):
    user, other = listener(), listener("1002")
    client = as_user(user)
    url = reverse("helpline:console_state")
    first = client.get(url, {"since": "0"})
    assert first.status_code == 204
    answered_for(other)  # another listener's call: nothing for her
    assert client.get(url, {"since": "0"}).status_code == 204
    call = answered_for(user)
    lines = AuditEvent.objects.count()
    with django_assert_max_num_queries(8):  # session, user, device, profile + ours
        found = client.get(url, {"since": "0"})
    assert found.status_code == 200
    assert found.json() == {
        "stamp": str(call.pk),
        "call": call.pk,
        "url": reverse("helpline:call", args=[call.pk]),
    }
    assert client.get(url, {"since": str(call.pk)}).status_code == 204
    assert AuditEvent.objects.count() == lines  # polls name nobody: no audit line
    # Opening the record is a read, audited.
    client.get(found.json()["url"])
    assert AuditEvent.objects.filter(
        target=HelplineTarget.CALL, target_id=call.pk, action=AuditAction.VIEW
    ).exists()
    # Closed, it is no longer news.
    Call.objects.filter(pk=call.pk).update(state=CallState.CLOSED)
    assert client.get(url, {"since": str(call.pk)}).json()["call"] is None


def test_the_poll_says_she_is_there_at_most_every_30_seconds(listener, as_user):
    user = listener()
    client = as_user(user)
    url = reverse("helpline:console_state")
    client.get(url, {"since": "0"})
    seen = Listener.objects.get(user=user).seen_at
    assert seen is not None
    client.get(url, {"since": "0"})
    assert Listener.objects.get(user=user).seen_at == seen
    Listener.objects.filter(user=user).update(seen_at=seen - dt.timedelta(seconds=31))
    client.get(url, {"since": "0"})
    assert Listener.objects.get(user=user).seen_at > seen - dt.timedelta(seconds=31)


def test_the_pages_name_the_script_and_work_without_it(listener, as_user):
    client = as_user(listener())
    home = client.get(CONSOLE, **EN).content.decode()
    assert "helpline/console.js" in home and "<script>" not in home
    assert f'data-state-url="{reverse("helpline:console_state")}"' in home
    call = take(client)
    record = client.get(reverse("helpline:call", args=[call.pk]), **EN).content.decode()
    assert "helpline/console.js" in record and 'data-pop="notice"' in record


def test_reading_the_console_and_a_record_is_audited(listener, territory, as_user):
    user = listener()
    client = as_user(user)
    call = take(client)
    created = AuditEvent.objects.filter(
        target=HelplineTarget.CALL, target_id=call.pk, action=AuditAction.CREATE
    )
    assert created.count() == 1 and created.get().actor_id == user.pk
    reads = AuditEvent.objects.filter(
        target=HelplineTarget.CALL, target_id=call.pk, action=AuditAction.VIEW
    )
    client.get(CONSOLE)
    assert reads.count() == 1  # listed among her records in progress
    client.get(reverse("helpline:call", args=[call.pk]))
    assert reads.count() == 2
    post_record(client, call, FACTS)
    assert AuditEvent.objects.filter(
        target=HelplineTarget.CALL, target_id=call.pk, action=AuditAction.UPDATE
    ).exists()
