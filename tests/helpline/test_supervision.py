"""The supervisor's view and the wallboard: calls waiting and in progress, listeners,
callbacks overdue or escalated, transfers the association has not acknowledged; the
wallboard's JSON and its stamp; one audit line per page view; who may see it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from appui.cases import services as cases
from appui.cases.models import Channel as IntakeChannel
from appui.cases.models import Intake, IntakeStatus
from appui.core.models import AuditEvent, Role
from appui.helpline.models import (
    Call,
    CallbackFollowUp,
    CallState,
    Channel,
    Listener,
    ListenerStatus,
)
from appui.helpline.services import supervision
from tests.cases.conftest import actor, login, make_staff
from tests.helpline.conftest import VERDUN

NOW = timezone.now()


def ringing(federation, *, ago: int, position=None, number="06 12 34 56 78") -> Call:
    return Call.objects.create(
        organisation=federation,
        channel=Channel.PHONE,
        state=CallState.RINGING,
        ringing_at=timezone.now() - dt.timedelta(seconds=ago),
        queue_position=position,
        number=number,
    )


def active(federation, user, *, ago: int) -> Call:
    start = timezone.now() - dt.timedelta(seconds=ago)
    return Call.objects.create(
        organisation=federation,
        channel=Channel.PHONE,
        state=CallState.ACTIVE,
        ringing_at=start - dt.timedelta(seconds=20),
        answered_at=start,
        listener=user,
    )


def request(federation, *, hours_ago: float, due_in: float | None = None, escalated=False):
    """A callback request of the federation's queue, with its follow-up when `due_in` (hours
    from now, negative: past) is given."""
    intake = Intake.objects.create(
        organisation=federation,
        channel=IntakeChannel.MISSED_CALL,
        received_at=timezone.now() - dt.timedelta(hours=hours_ago),
        contact_phone="06 98 76 54 32",
    )
    if due_in is not None:
        CallbackFollowUp.objects.create(
            intake=intake,
            due_at=timezone.now() + dt.timedelta(hours=due_in),
            escalated_at=timezone.now() - dt.timedelta(minutes=5) if escalated else None,
        )
    return intake


def transfer(federation, meuse, listener_user) -> tuple[Call, Intake]:
    """A call whose caller agreed to be transferred to the Meuse association."""
    intake = cases.create_intake(
        actor(listener_user),
        channel=IntakeChannel.HELPLINE,
        data={"commune_code": VERDUN, "summary": "Frappée par son voisin."},
        organisation_id=meuse.pk,
    )
    call = Call.objects.create(
        organisation=federation,
        channel=Channel.PHONE,
        state=CallState.CLOSED,
        ringing_at=timezone.now() - dt.timedelta(minutes=12),
        answered_at=timezone.now() - dt.timedelta(minutes=11),
        ended_at=timezone.now() - dt.timedelta(minutes=2),
        closed_at=timezone.now() - dt.timedelta(minutes=1),
        listener=listener_user,
        transfer=intake,
    )
    return call, intake


@pytest.fixture
def anne(listener):
    user = listener("1001")
    user.staff_profile.display_name = "Anne"
    user.staff_profile.save()
    return user


@pytest.fixture
def bruno(listener):
    user = listener("1002")
    user.staff_profile.display_name = "Bruno"
    user.staff_profile.save()
    Listener.objects.filter(user=user).update(status=ListenerStatus.ON_CALL)
    return user


def test_calls_waiting_come_in_their_queue_order_with_their_wait(federation, supervisor):
    ringing(federation, ago=10, position=2)
    ringing(federation, ago=95, position=1)
    board = supervision.board(actor(supervisor))
    assert [c.queue_position for c in board.waiting] == [1, 2]
    assert board.waiting[0].seconds >= 95
    assert board.waiting[0].clock.startswith("1:3")
    assert board.longest_wait.queue_position == 1
    assert board.counts()["waiting"] == 2


def test_a_call_in_progress_names_its_listener_and_its_length(federation, supervisor, bruno):
    active(federation, bruno, ago=125)
    board = supervision.board(actor(supervisor))
    (call,) = board.in_progress
    assert call.listener == "Bruno"
    assert 125 <= call.seconds < 130
    assert call.clock.startswith("2:0")


def test_listeners_are_grouped_by_their_presence(federation, supervisor, anne, bruno, listener):
    paused = listener("1003")
    Listener.objects.filter(user=paused).update(status=ListenerStatus.PAUSED)
    gone = listener("1004")
    Listener.objects.filter(user=gone).update(status=ListenerStatus.OFFLINE)
    # An inactive account is not on the board, whatever its last status.
    left = listener("1005")
    left.staff_profile.active = False
    left.staff_profile.save()
    counts = supervision.board(actor(supervisor)).counts()
    assert (counts["available"], counts["on_call"], counts["paused"], counts["offline"]) == (
        1,
        1,
        1,
        1,
    )


def test_a_listener_whose_console_went_silent_is_shown_offline(federation, supervisor, listener):
    """Her console says she is there every 30 s: silent for 2 minutes, it was closed (or its
    computer was), and the board says offline whatever status she left; back when it asks
    again. A listener on a call stays on a call."""
    now = timezone.now()
    left_open = listener("1001")
    closed = listener("1002")
    paused = listener("1003")
    talking = listener("1004")
    Listener.objects.filter(user=closed).update(seen_at=now - dt.timedelta(minutes=2, seconds=5))
    Listener.objects.filter(user=paused).update(
        status=ListenerStatus.PAUSED, seen_at=now - dt.timedelta(hours=1)
    )
    Listener.objects.filter(user=talking).update(
        status=ListenerStatus.ON_CALL, seen_at=now - dt.timedelta(hours=1)
    )
    board = supervision.board(actor(supervisor))
    shown = {p.name: p.status for p in board.listeners}
    name = {u: u.staff_profile.display_name for u in (left_open, closed, paused, talking)}
    assert shown[name[left_open]] == ListenerStatus.AVAILABLE
    assert shown[name[closed]] == ListenerStatus.OFFLINE
    assert shown[name[paused]] == ListenerStatus.OFFLINE
    assert shown[name[talking]] == ListenerStatus.ON_CALL
    gone = next(p for p in board.listeners if p.name == name[closed])
    assert 125 <= gone.seconds < 130  # offline since she was last seen
    Listener.objects.filter(user=closed).update(seen_at=now)  # her console asks again
    shown = {p.name: p.status for p in supervision.board(actor(supervisor)).listeners}
    assert shown[name[closed]] == ListenerStatus.AVAILABLE
    assert Listener.objects.get(user=closed).status == ListenerStatus.AVAILABLE  # not written


def test_overdue_and_escalated_callbacks(federation, supervisor):
    late = request(federation, hours_ago=5, due_in=-2)
    request(federation, hours_ago=1, due_in=+3)  # not due yet
    escalated = request(federation, hours_ago=30, due_in=-20, escalated=True)
    handled = request(federation, hours_ago=9, due_in=-6)
    Intake.objects.filter(pk=handled.pk).update(status=IntakeStatus.CLOSED)
    board = supervision.board(actor(supervisor))
    assert [c.intake_id for c in board.overdue] == [late.pk]
    assert 2 * 3600 - 5 <= board.overdue[0].seconds <= 2 * 3600 + 5
    assert [c.intake_id for c in board.escalated] == [escalated.pk]


def test_a_request_without_follow_up_is_due_by_the_callbacks_target(
    federation, supervisor, settings
):
    """A request the guide made has no follow-up of its own: its due time is the callbacks'
    response target (`services.callbacks.due_at`: clock hours when the directory lists no
    116 006, as here)."""
    settings.APPUI_HELPLINE_CALLBACK_HOURS = 4
    old = request(federation, hours_ago=5)
    request(federation, hours_ago=1)
    board = supervision.board(actor(supervisor))
    assert [c.intake_id for c in board.overdue] == [old.pk]
    assert board.overdue[0].due_at == old.received_at + dt.timedelta(hours=4)
    assert not CallbackFollowUp.objects.exists()  # the board reads, it writes nothing


def test_transfers_wait_on_the_board_until_the_association_acknowledges_them(
    federation, meuse, supervisor, anne
):
    call, intake = transfer(federation, meuse, anne)
    board = supervision.board(actor(supervisor))
    (shown,) = board.unacknowledged
    assert (shown.call_id, shown.association, shown.listener) == (call.pk, meuse.name, "Anne")
    assert not shown.handled
    receptionist = make_staff(meuse, Role.RECEPTIONIST)
    cases.acknowledge_intake(actor(receptionist), intake)
    assert supervision.board(actor(supervisor)).unacknowledged == []


def test_the_page_shows_the_board_and_works_without_javascript(
    client, federation, meuse, supervisor, anne, bruno
):
    ringing(federation, ago=40, position=1)
    active(federation, bruno, ago=60)
    transfer(federation, meuse, anne)
    request(federation, hours_ago=5, due_in=-2)
    login(client, supervisor)
    response = client.get(reverse("helpline:supervision"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bruno" in html and "Anne" in html and meuse.name in html
    assert 'data-since="' in html  # timers the script ticks
    assert reverse("helpline:wallboard_state") in html
    assert 'http-equiv="refresh"' not in html  # a link refreshes, never the page itself
    assert f'href="{reverse("helpline:supervision")}"' in html
    # Nothing of the caller: neither her number nor what she said.
    assert "12 34 56" not in html and "0612345678" not in html and "voisin" not in html


def test_the_wallboard_shows_counts_and_names_only(client, federation, supervisor, anne):
    ringing(federation, ago=30, number="06 11 22 33 44")
    login(client, supervisor)
    response = client.get(reverse("helpline:wallboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-count="waiting">1<' in html
    assert "Anne" in html
    assert "11 22 33 44" not in html and "06 11" not in html


def test_the_state_answers_204_while_nothing_changes(client, federation, supervisor, anne):
    login(client, supervisor)
    url = reverse("helpline:wallboard_state")
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"].startswith("max-age=0")
    state = first.json()
    assert set(state) == {"stamp", "now", "counts", "longest_wait_since", "listeners"}
    assert state["counts"]["waiting"] == 0
    assert state["listeners"]["available"] == ["Anne"]
    assert client.get(url, {"since": state["stamp"]}).status_code == 204
    call = ringing(federation, ago=3, number="06 55 44 33 22")
    changed = client.get(url, {"since": state["stamp"]})
    assert changed.status_code == 200
    fresh = changed.json()
    assert fresh["stamp"] != state["stamp"]
    assert fresh["counts"]["waiting"] == 1
    assert fresh["longest_wait_since"] == pytest.approx(call.ringing_at.timestamp(), abs=0.01)
    assert "55 44" not in changed.content.decode()
    # Time passing changes no stamp: the browser ticks the timers itself.
    assert client.get(url, {"since": fresh["stamp"]}).status_code == 204


def test_one_audit_line_per_page_view_none_per_poll(client, federation, supervisor):
    login(client, supervisor)
    lines = AuditEvent.objects.filter(target="call", action="view", actor_id=supervisor.pk)
    client.get(reverse("helpline:supervision"))
    assert lines.count() == 1
    line = lines.get()
    assert line.target_id is None and line.organisation_id == federation.pk
    for _ in range(3):
        client.get(reverse("helpline:wallboard_state"))
        client.get(reverse("helpline:supervision"), {"partial": "1"})
    assert lines.count() == 1
    client.get(reverse("helpline:wallboard"))
    assert lines.count() == 2


def test_the_partial_board_is_the_board_alone(client, federation, supervisor):
    ringing(federation, ago=5)
    login(client, supervisor)
    response = client.get(reverse("helpline:supervision"), {"partial": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "board-counts" in html


SUPERVISION_PAGES = ("helpline:supervision", "helpline:wallboard", "helpline:wallboard_state")


@pytest.mark.parametrize("name", SUPERVISION_PAGES)
def test_only_a_supervisor_watches_the_lines(client, federation, meuse, listener, name):
    url = reverse(name)
    assert client.get(url).status_code == 302  # to the login page
    for user in (
        listener("1009"),
        make_staff(federation, Role.FEDERATION_ADMIN),
        make_staff(meuse, Role.DIRECTION),
        make_staff(meuse, Role.RECEPTIONIST),
    ):
        client.logout()
        login(client, user)
        assert client.get(url).status_code == 403, (name, user.staff_profile.role)


def test_a_supervisor_sees_her_own_organisation_only(client, federation, supervisor, own):
    other_call = Call.objects.create(
        organisation=own,
        channel=Channel.PHONE,
        state=CallState.RINGING,
        ringing_at=timezone.now(),
    )
    board = supervision.board(actor(supervisor))
    assert other_call.pk not in [c.pk for c in board.waiting]


def test_the_state_is_small_json(client, federation, supervisor, anne, bruno):
    for n in range(20):
        ringing(federation, ago=n, position=n + 1)
    login(client, supervisor)
    body = client.get(reverse("helpline:wallboard_state")).content
    assert len(body) < 1000
    assert json.loads(body)["counts"]["waiting"] == 20
