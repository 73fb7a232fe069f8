"""What the helpline keeps, and for how long (`models.py`: RECORD_KEPT, EVENT_KEPT,
CALLER_KEPT): the worker's daily task (`tasks.apply_retention`) deletes the rest.

- A closed call record, `RECORD_KEPT` (90 days) after it was closed, with its quality
  reviews: long enough for supervision, a review and the caller's follow-up.
- A missed call, `RECORD_KEPT` after it rang, once its callback request was handled (or
  when there was none, the number being unknown): a request still waiting keeps its call.
- A switchboard's event, `EVENT_KEPT` (30 days) after it was received: to investigate a
  fault, never to trace a caller (it holds no number).
- A recognised caller (her keyed number, her encrypted number, her flags), `CALLER_KEPT`
  (a year) after her last call: her consent lapses with it.
- A caller's flag, the day after its end date.

The anonymous counters (`HelplineCount`), written when each record closed, are never
touched: the figures outlive the records. The callback requests themselves are intakes,
kept by the case files' retention (`appui.cases.retention`). One audit line per kind of
record deleted, written by the worker, says how the policy was applied (ids are gone).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from appui.cases.models import IntakeStatus
from appui.core import audit
from appui.core.access import SystemActor
from appui.core.models import AuditAction, SystemKind
from appui.directory.hours import PARIS

from ..audit_targets import HelplineTarget
from ..models import (
    CALLER_KEPT,
    EVENT_KEPT,
    RECORD_KEPT,
    Call,
    Caller,
    CallerFlag,
    CallState,
    TelephonyEvent,
)

WORKER = SystemActor(SystemKind.WORKER)
BATCH = 2000  # rows deleted per statement: a long backlog never holds one huge transaction


@dataclass
class Report:
    calls: int = 0
    missed: int = 0
    events: int = 0
    callers: int = 0
    flags: int = 0


def expired_calls(now: dt.datetime):
    return Call.objects.filter(state=CallState.CLOSED, closed_at__lt=now - RECORD_KEPT)


def expired_missed(now: dt.datetime):
    handled = Q(callback__isnull=True) | ~Q(callback__status=IntakeStatus.NEW)
    return Call.objects.filter(handled, state=CallState.MISSED, ringing_at__lt=now - RECORD_KEPT)


def _delete(queryset, by: SystemActor, target: str) -> int:
    """Delete in batches, one transaction each; then one audit line for the kind."""
    total = 0
    while True:
        with transaction.atomic():
            ids = list(queryset.values_list("pk", flat=True)[:BATCH])
            if not ids:
                break
            queryset.model.objects.filter(pk__in=ids).delete()
            total += len(ids)
    if total:
        with transaction.atomic():
            audit.record(by, AuditAction.RETENTION, target)
    return total


def apply(now: dt.datetime | None = None, *, by: SystemActor = WORKER) -> Report:
    """Delete what the policy no longer keeps (see the module's text); counters stay.
    `by`: who the audit lines name (the worker's task, or a command on the server)."""
    now = now or timezone.now()
    today = now.astimezone(PARIS).date()
    return Report(
        calls=_delete(expired_calls(now), by, HelplineTarget.CALL),
        missed=_delete(expired_missed(now), by, HelplineTarget.CALL),
        events=_delete(
            TelephonyEvent.objects.filter(received_at__lt=now - EVENT_KEPT),
            by,
            HelplineTarget.TELEPHONY_EVENT,
        ),
        callers=_delete(
            Caller.objects.filter(last_call_at__lt=now - CALLER_KEPT), by, HelplineTarget.CALLER
        ),
        flags=_delete(
            CallerFlag.objects.filter(expires_on__lt=today), by, HelplineTarget.CALLER_FLAG
        ),
    )
