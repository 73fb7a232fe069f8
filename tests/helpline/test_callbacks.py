"""Callback requests: a missed call becomes a request due when the 116 006 has been open
for two hours, tries are recorded, and the request is called back, closed or escalated."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from appui.cases.models import Channel as IntakeChannel
from appui.cases.models import Intake, IntakeStatus
from appui.cases.services import AlreadyHandled
from appui.core.models import AuditAction, AuditEvent, Role, SystemKind
from appui.directory.hours import PARIS
from appui.helpline.models import (
    Call,
    CallbackFollowUp,
    CallbackTry,
    CallState,
    Channel,
    TryResult,
)
from appui.helpline.services import callbacks
from tests.cases.conftest import actor

NUMBER = "06 12 34 56 78"


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def helpline_hours(db):
    """The 116 006 as the shipped directory lists it: open 9:00–19:00 every day, 19:00–20:00
    to be confirmed."""
    from appui.directory.models import Kind, Service
    from appui.directory.services import forget_cached_reads

    service = Service.objects.create(
        slug="numero-116006",
        kind=Kind.NATIONAL_NUMBER,
        name="116 006",
        phones=["116 006", {"number": "+33 1 80 52 33 76", "use": "abroad"}],
        opening_hours="Mo-Su 09:00-19:00, Mo-Su 19:00-20:00 unknown",
    )
    forget_cached_reads()
    return service


def missed(federation, at: dt.datetime, number: str = NUMBER, external_id="c1") -> Call:
    from appui.helpline.numbers import number_key

    return Call.objects.create(
        organisation=federation,
        channel=Channel.PHONE,
        state=CallState.MISSED,
        external_id=external_id,
        ringing_at=at,
        ended_at=at + dt.timedelta(seconds=40),
        number_key=number_key(number),
    )


def from_missed(call, number=NUMBER) -> Intake:
    with transaction.atomic():  # as the webhook calls it, inside its transaction
        return callbacks.from_missed_call(call, number)


# --- the response target ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (paris(2025, 3, 11, 22, 0), paris(2025, 3, 12, 11, 0)),  # at night: next morning
        (paris(2025, 3, 11, 18, 30), paris(2025, 3, 12, 10, 30)),  # half an hour tonight
        (paris(2025, 3, 11, 10, 0), paris(2025, 3, 11, 12, 0)),  # open: two hours
        (paris(2025, 3, 11, 19, 30), paris(2025, 3, 12, 11, 0)),  # 19–20 h is not sure
        (paris(2025, 3, 29, 23, 0), paris(2025, 3, 30, 11, 0)),  # the clocks go forward
    ],
)
def test_due_after_two_opening_hours_of_the_116006(helpline_hours, received, due):
    assert callbacks.due_at(received) == due


def test_the_number_of_hours_is_a_setting(helpline_hours, settings):
    settings.APPUI_HELPLINE_CALLBACK_HOURS = 4
    assert callbacks.due_at(paris(2025, 3, 11, 17, 0)) == paris(2025, 3, 12, 11, 0)


def test_a_closure_of_the_line_moves_the_target(helpline_hours):
    helpline_hours.closures.create(start=dt.date(2025, 3, 12), end=dt.date(2025, 3, 12))
    assert callbacks.due_at(paris(2025, 3, 11, 22, 0)) == paris(2025, 3, 13, 11, 0)


def test_without_the_116006_in_the_directory_clock_hours_count(db):
    assert callbacks.due_at(paris(2025, 3, 11, 22, 0)) == paris(2025, 3, 12, 0, 0)


# --- a missed call --------------------------------------------------------------------------


def test_a_missed_call_at_night_becomes_a_request_due_the_next_morning(federation, helpline_hours):
    call = missed(federation, paris(2025, 3, 11, 22, 0))
    intake = from_missed(call)
    assert intake.organisation == federation
    assert intake.channel == IntakeChannel.MISSED_CALL
    assert intake.status == IntakeStatus.NEW
    assert intake.received_at == paris(2025, 3, 11, 22, 0)
    assert Intake.objects.get(pk=intake.pk).contact_phone == NUMBER
    assert CallbackFollowUp.objects.get(intake=intake).due_at == paris(2025, 3, 12, 11, 0)
    call.refresh_from_db()
    assert call.callback == intake
    lines = AuditEvent.objects.filter(system=SystemKind.TELEPHONY)
    assert set(lines.values_list("target", flat=True)) == {"intake", "callback", "call"}


def test_the_number_is_stored_encrypted(federation, helpline_hours):
    from django.db import connection

    intake = from_missed(missed(federation, paris(2025, 3, 11, 22, 0)))
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM cases_intake WHERE id = %s", [intake.pk])
        stored = cursor.fetchone()[0]
    assert "12 34" not in stored and "0612345678" not in stored


def test_she_tries_three_times_in_the_night_one_request(federation, helpline_hours):
    first = from_missed(missed(federation, paris(2025, 3, 11, 22, 0), external_id="a"))
    again = from_missed(
        missed(federation, paris(2025, 3, 11, 23, 0), "+33 6 12 34 56 78", external_id="b"),
        "+33 6 12 34 56 78",
    )
    other = from_missed(
        missed(federation, paris(2025, 3, 11, 23, 5), "0699999999", "c"), "0699999999"
    )
    assert again == first and other != first
    assert Intake.objects.filter(channel=IntakeChannel.MISSED_CALL).count() == 2
    assert callbacks.from_missed_call(Call.objects.get(external_id="b"), NUMBER) == first


def test_a_voicemail_is_a_request_too(federation, helpline_hours):
    call = missed(federation, paris(2025, 3, 11, 22, 0))
    with transaction.atomic():
        intake = callbacks.from_voicemail(call, NUMBER)
    assert intake.channel == IntakeChannel.VOICEMAIL


@pytest.mark.parametrize("number", ["", "anonymous", "+"])
def test_no_number_no_request(federation, helpline_hours, number):
    call = missed(federation, paris(2025, 3, 11, 22, 0), "")
    assert from_missed(call, number) is None
    assert not Intake.objects.exists()
    call.refresh_from_db()
    assert call.callback_id is None


# --- tries, call back, close, escalate ----------------------------------------------------------


@pytest.fixture
def waiting(federation, helpline_hours):
    return from_missed(missed(federation, paris(2025, 3, 11, 22, 0)))


def test_tries_are_recorded_then_she_is_reached(waiting, listener):
    user = listener()
    me = actor(user)
    callbacks.record_try(me, waiting, TryResult.NO_ANSWER)
    callbacks.record_try(me, waiting, TryResult.BUSY)
    assert [t.result for t in callbacks.tries(waiting)] == ["no_answer", "busy"]
    rows = callbacks.queue(me)
    assert [(r.intake.pk, r.tries, r.masked) for r in rows] == [(waiting.pk, 2, "•• •• •• •• 78")]
    call = callbacks.call_back(me, waiting)
    assert call.channel == Channel.CALLBACK and call.state == CallState.ACTIVE
    assert call.listener_id == user.pk and call.callback_id == waiting.pk
    assert call.number == NUMBER
    waiting.refresh_from_db()
    assert waiting.status == IntakeStatus.CLOSED and waiting.handled_by_id == user.pk
    assert CallbackTry.objects.filter(intake=waiting).count() == 3
    assert callbacks.queue(me) == []
    with pytest.raises(AlreadyHandled):
        callbacks.record_try(me, waiting, TryResult.NO_ANSWER)


def test_close_and_escalate(waiting, listener):
    me = actor(listener())
    follow = callbacks.escalate(me, waiting)
    assert follow.escalated_at is not None and follow.escalated_by_id == me.user_id
    again = callbacks.escalate(me, waiting)
    assert again.escalated_at == follow.escalated_at
    assert callbacks.queue(me)[0].escalated
    callbacks.close_callback(me, waiting, "Wrong number after three tries")
    waiting.refresh_from_db()
    assert waiting.status == IntakeStatus.CLOSED
    assert waiting.closing_reason == "Wrong number after three tries"
    with pytest.raises(AlreadyHandled):
        callbacks.close_callback(me, waiting, "again")


def test_an_association_cannot_touch_the_federation_queue(waiting, meuse):
    from tests.cases.conftest import make_staff

    outsider = actor(make_staff(meuse, Role.DIRECTION))
    for act in (
        lambda: callbacks.record_try(outsider, waiting, TryResult.NO_ANSWER),
        lambda: callbacks.call_back(outsider, waiting),
        lambda: callbacks.escalate(outsider, waiting),
        lambda: callbacks.close_callback(outsider, waiting, "x"),
        lambda: callbacks.queue(outsider),
    ):
        with pytest.raises(PermissionDenied):
            act()


def test_the_queue_sorts_danger_then_due_time_and_gives_guide_callbacks_a_target(
    federation, helpline_hours, listener
):
    from appui.cases.services import request_callback

    night = from_missed(missed(federation, paris(2025, 3, 11, 22, 0)))
    morning = from_missed(
        missed(federation, paris(2025, 3, 11, 8, 0), "0611111111", "m"), "0611111111"
    )
    guide = request_callback(
        commune_code="", data={"contact_phone": "0622222222", "danger_now": True}
    )
    me = actor(listener())
    rows = callbacks.queue(me, now=paris(2025, 3, 12, 10, 0))
    assert [r.intake.pk for r in rows] == [guide.pk, morning.pk, night.pk]
    assert [r.overdue for r in rows][1:] == [True, False]
    assert CallbackFollowUp.objects.filter(intake=guide).exists()
    reads = AuditEvent.objects.filter(actor_id=me.user_id, action=AuditAction.VIEW)
    assert reads.count() == 3


def test_a_listener_schedules_a_callback_at_the_end_of_a_call(federation, helpline_hours, listener):
    user = listener()
    me = actor(user)
    call = Call.objects.create(
        organisation=federation,
        channel=Channel.PHONE,
        state=CallState.WRAP_UP,
        listener=user,
        ringing_at=paris(2025, 3, 11, 18, 0),
        commune_code="55545",
        language="fr",
        danger_now=False,
    )
    intake = callbacks.schedule_callback(me, call, NUMBER, "tomorrow after 17:00")
    assert intake.organisation == federation and intake.status == IntakeStatus.NEW
    assert intake.preferred_time == "tomorrow after 17:00"
    assert intake.commune_code == "55545"
    call.refresh_from_db()
    assert call.callback == intake
    assert CallbackFollowUp.objects.filter(intake=intake).exists()
    with pytest.raises(callbacks.NotACallback):
        callbacks.schedule_callback(me, call, "", "")
    colleague = actor(listener(extension="1002"))
    with pytest.raises(PermissionDenied):
        callbacks.schedule_callback(colleague, call, NUMBER, "")
