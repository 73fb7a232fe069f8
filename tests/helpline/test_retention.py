"""The helpline's retention: time moves forward, the records are gone, the counters stay."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from appui.cases.models import IntakeStatus
from appui.core.models import AuditAction, AuditEvent, SystemKind
from appui.helpline import counters, tasks
from appui.helpline.models import (
    CALLER_KEPT,
    EVENT_KEPT,
    RECORD_KEPT,
    Call,
    Caller,
    CallerFlag,
    CallState,
    Channel,
    EventStatus,
    FlagKind,
    HelplineCount,
    QualityReview,
    TelephonyEvent,
)
from appui.helpline.services import callbacks, retention

DAY = dt.timedelta(days=1)


@pytest.fixture
def now():
    return timezone.now()


def closed_call(federation, at, **fields) -> Call:
    call = Call.objects.create(
        organisation=federation,
        channel=Channel.PHONE,
        state=CallState.CLOSED,
        ringing_at=at,
        answered_at=at,
        ended_at=at + dt.timedelta(minutes=5),
        closed_at=at + dt.timedelta(minutes=8),
        outcome="informed",
        caller_type="victim",
        **fields,
    )
    with transaction.atomic():
        counters.count_call(call)
    return call


def missed_call(federation, at, number="", external_id="") -> Call:
    call = Call.objects.create(
        organisation=federation,
        channel=Channel.PHONE,
        state=CallState.MISSED,
        ringing_at=at,
        ended_at=at,
        external_id=external_id,
    )
    with transaction.atomic():
        counters.count_call(call)
        if number:
            callbacks.from_missed_call(call, number)
    call.refresh_from_db()
    return call


def test_time_moves_forward_and_the_records_go_while_counters_stay(
    federation, switchboard, supervisor, now
):
    old = now - RECORD_KEPT - DAY
    recent = now - RECORD_KEPT + DAY
    gone = closed_call(federation, old)
    QualityReview.objects.create(
        call=gone,
        reviewer=supervisor,
        at=old,
        welcome=3,
        listening=3,
        information=3,
        orientation=3,
        record=3,
    )
    kept = closed_call(federation, recent)
    open_record = Call.objects.create(
        organisation=federation, channel=Channel.PHONE, state=CallState.WRAP_UP, ringing_at=old
    )
    unknown_number = missed_call(federation, old, external_id="a")
    handled = missed_call(federation, old, "0611111111", external_id="b")
    waiting = missed_call(federation, old, "0622222222", external_id="c")
    handled.callback.status = IntakeStatus.CLOSED
    handled.callback.save(update_fields=["status"])
    TelephonyEvent.objects.create(
        switchboard=switchboard,
        event_id="old",
        kind="ringing",
        received_at=now - EVENT_KEPT - DAY,
        status=EventStatus.APPLIED,
    )
    TelephonyEvent.objects.create(
        switchboard=switchboard,
        event_id="new",
        kind="ringing",
        received_at=now - EVENT_KEPT + DAY,
        status=EventStatus.APPLIED,
    )
    lapsed = Caller.objects.create(
        number_key="k1", number="0633333333", consented_at=old, last_call_at=now - CALLER_KEPT - DAY
    )
    CallerFlag.objects.create(caller=lapsed, kind=FlagKind.PREFERS_WOMAN, expires_on=now.date())
    known = Caller.objects.create(
        number_key="k2", number="0644444444", consented_at=old, last_call_at=now - DAY
    )
    expired_flag = CallerFlag.objects.create(
        caller=known, kind=FlagKind.LANGUAGE, expires_on=now.date() - 2 * DAY
    )
    current_flag = CallerFlag.objects.create(
        caller=known, kind=FlagKind.HEARING, expires_on=now.date() + DAY
    )
    figures = list(HelplineCount.objects.order_by("pk").values())

    report = retention.apply(now)

    assert (report.calls, report.missed, report.events, report.callers, report.flags) == (
        1,
        2,
        1,
        1,
        1,
    )
    remaining = set(Call.objects.values_list("pk", flat=True))
    assert remaining == {kept.pk, open_record.pk, waiting.pk}
    assert not {gone.pk, unknown_number.pk, handled.pk} & remaining
    assert not QualityReview.objects.exists()
    assert list(TelephonyEvent.objects.values_list("event_id", flat=True)) == ["new"]
    assert list(Caller.objects.values_list("pk", flat=True)) == [known.pk]
    assert list(CallerFlag.objects.values_list("pk", flat=True)) == [current_flag.pk]
    assert expired_flag.pk != current_flag.pk
    assert list(HelplineCount.objects.order_by("pk").values()) == figures  # untouched
    lines = AuditEvent.objects.filter(action=AuditAction.RETENTION, system=SystemKind.WORKER)
    assert sorted(lines.values_list("target", flat=True)) == [
        "call",
        "call",
        "caller",
        "caller_flag",
        "telephony_event",
    ]
    # The request still waiting keeps its missed call; once handled, it goes too.
    assert retention.apply(now) == retention.Report()
    waiting.callback.status = IntakeStatus.CLOSED
    waiting.callback.save(update_fields=["status"])
    assert retention.apply(now).missed == 1
    assert list(Call.objects.values_list("pk", flat=True).order_by("pk")) == sorted(
        [kept.pk, open_record.pk]
    )


def test_the_worker_task_applies_it(federation, now):
    closed_call(federation, now - RECORD_KEPT - DAY)
    tasks.apply_retention.call()
    assert not Call.objects.exists()
    assert HelplineCount.objects.get().calls == 1


def test_the_command_applies_it_as_a_command(federation, now):
    from io import StringIO

    from django.core.management import call_command

    closed_call(federation, now - RECORD_KEPT - DAY)
    out = StringIO()
    call_command("helpline", "retention", stdout=out)
    assert "1 closed call records" in out.getvalue()
    assert AuditEvent.objects.filter(
        action=AuditAction.RETENTION, system=SystemKind.COMMAND
    ).exists()
