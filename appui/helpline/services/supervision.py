"""What a supervisor watches: the lines, the listeners, the callbacks and the transfers.

`board(actor)` reads it all in a few queries, for the supervision page and the wallboard.
Nothing of a caller is read: calls are shown by their place in the queue and their times,
callback requests by their channel and times, transfers by the association's name. The
wallboard's JSON (`Board.state`) carries counts and listeners' display names only, and a
stamp: the page asks every two seconds and gets 204 while the stamp is the same, so the
timers tick in the browser from the instants the state gives, not from new answers.

A page view leaves one audit line (`record_view`); the polls and the refreshes they trigger
leave none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from appui.cases.models import Channel as IntakeChannel
from appui.cases.models import Intake, IntakeStatus
from appui.core import audit
from appui.core.access import Actor
from appui.core.models import AuditAction
from appui.directory.hours import PARIS

from ..audit_targets import HelplineTarget
from ..models import (
    OPEN_STATES,
    Call,
    CallbackFollowUp,
    CallState,
    Channel,
    HelplineCount,
    Listener,
    ListenerStatus,
)
from ..permissions import HelplinePermission as P
from ..policies import require
from . import presence

# The federation's queue holds at most a few hundred requests; beyond that the board names
# the oldest ones and counts the rest.
QUEUE_READ = 500
# Calls and callbacks listed on the page (the counts cover them all).
LISTED = 100
# Statuses shown with names on the wallboard; offline listeners are only counted.
NAMED_STATUSES = (ListenerStatus.AVAILABLE, ListenerStatus.ON_CALL, ListenerStatus.PAUSED)


def clock(seconds: float) -> str:
    """A duration as a clock reads: '0:07', '4:05', '1:02:03' (hours, minutes, seconds)."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def iso_duration(seconds: float) -> str:
    """The same duration for a `<time datetime>` attribute: 'PT4M5S'."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"PT{hours}H{minutes}M{secs}S" if hours else f"PT{minutes}M{secs}S"


@dataclass(frozen=True)
class Timed:
    """Something shown with the time since an instant (waiting, talking, late by)."""

    since: dt.datetime
    now: dt.datetime

    @property
    def seconds(self) -> int:
        return max(0, int((self.now - self.since).total_seconds()))

    @property
    def clock(self) -> str:
        return clock(self.seconds)

    @property
    def iso(self) -> str:
        return iso_duration(self.seconds)

    @property
    def epoch(self) -> float:
        return round(self.since.timestamp(), 3)


@dataclass(frozen=True)
class WaitingCall(Timed):
    pk: int
    channel: str
    queue_position: int | None


@dataclass(frozen=True)
class CallInProgress(Timed):
    pk: int
    channel: str
    state: str
    state_label: str
    listener: str


@dataclass(frozen=True)
class Presence(Timed):
    name: str
    status: str


@dataclass(frozen=True)
class CallbackRequest(Timed):
    """A request of the federation's queue; `since` is when it was due (overdue) or when it
    was escalated."""

    intake_id: int
    channel: str
    received_at: dt.datetime
    due_at: dt.datetime | None
    escalated_at: dt.datetime | None


@dataclass(frozen=True)
class Transfer(Timed):
    """A transfer with consent the association has not acknowledged; `since` is when it was
    made."""

    call_id: int
    intake_id: int
    association: str
    listener: str
    handled: bool  # the association handled the intake without acknowledging it


@dataclass
class Board:
    now: dt.datetime
    waiting: list[WaitingCall] = field(default_factory=list)
    in_progress: list[CallInProgress] = field(default_factory=list)
    listeners: list[Presence] = field(default_factory=list)
    overdue: list[CallbackRequest] = field(default_factory=list)
    escalated: list[CallbackRequest] = field(default_factory=list)
    unacknowledged: list[Transfer] = field(default_factory=list)
    today: dict[str, int] = field(default_factory=dict)
    # How many of each list there are, when more were found than listed.
    totals: dict[str, int] = field(default_factory=dict)

    def total(self, name: str) -> int:
        return self.totals.get(name, len(getattr(self, name)))

    def by_status(self, status: str) -> list[Presence]:
        return [p for p in self.listeners if p.status == status]

    @property
    def presence(self) -> list[tuple[str, list[Presence]]]:
        """(status, listeners in it) for every status, in the order of `ListenerStatus`."""
        return [(status, self.by_status(status)) for status in ListenerStatus.values]

    @property
    def longest_wait(self) -> WaitingCall | None:
        return min(self.waiting, key=lambda c: c.since, default=None)

    def counts(self) -> dict[str, int]:
        found = {
            "waiting": self.total("waiting"),
            "in_progress": self.total("in_progress"),
            "overdue": self.total("overdue"),
            "escalated": self.total("escalated"),
            "unacknowledged": self.total("unacknowledged"),
            "answered_today": self.today.get("answered", 0),
            "missed_today": self.today.get("missed", 0),
        }
        for status in ListenerStatus.values:
            found[status] = len(self.by_status(status))
        return found

    def state(self) -> dict:
        """What the wallboard shows, as JSON: counts, listeners' display names, the instant
        the longest wait began, and a stamp of it all (the current time aside)."""
        longest = self.longest_wait
        body = {
            "counts": self.counts(),
            "longest_wait_since": longest.epoch if longest else None,
            "listeners": {
                status: sorted(p.name for p in self.by_status(status)) for status in NAMED_STATUSES
            },
        }
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        return {"stamp": digest[:16], "now": round(self.now.timestamp(), 3), **body}


# Each list is read as plain values (no model instances, nothing encrypted): the wallboard
# asks every two seconds.
NAME = "listener__staff_profile__display_name"
CALL_CHANNELS = dict(Channel.choices)
CALL_STATES = dict(CallState.choices)
INTAKE_CHANNELS = dict(IntakeChannel.choices)


def _callbacks(board: Board, organisation_id: int) -> None:
    intakes = list(
        Intake.objects.filter(organisation_id=organisation_id, status=IntakeStatus.NEW)
        .order_by("received_at")
        .values_list("pk", "channel", "received_at")[:QUEUE_READ]
    )
    follow = {
        intake_id: (due, escalated)
        for intake_id, due, escalated in CallbackFollowUp.objects.filter(
            intake_id__in=[pk for pk, _c, _r in intakes]
        ).values_list("intake_id", "due_at", "escalated_at")
    }
    # A request without its own follow-up yet (the guide's, say: the callback queue makes
    # it when a listener first lists it) is due by the callbacks' response target.
    from .callbacks import due_at, helpline_hours

    hours = helpline_hours() if any(pk not in follow for pk, _c, _r in intakes) else None
    for pk, channel, received_at in intakes:
        due, escalated = follow.get(pk) or (due_at(received_at, hours), None)
        item = {
            "intake_id": pk,
            "channel": str(INTAKE_CHANNELS.get(channel, channel)),
            "received_at": received_at,
            "due_at": due,
            "escalated_at": escalated,
            "now": board.now,
        }
        if escalated is not None:
            board.escalated.append(CallbackRequest(since=escalated, **item))
        elif due is not None and due < board.now:
            board.overdue.append(CallbackRequest(since=due, **item))
    board.overdue.sort(key=lambda c: c.since)
    board.escalated.sort(key=lambda c: c.since)
    for name in ("overdue", "escalated"):
        items = getattr(board, name)
        if len(items) > LISTED:
            board.totals[name] = len(items)
            setattr(board, name, items[:LISTED])


def _calls(board: Board, organisation_id: int) -> None:
    rows = (
        Call.objects.filter(organisation_id=organisation_id, state__in=OPEN_STATES)
        .order_by("ringing_at")
        .values_list("pk", "channel", "state", "queue_position", "ringing_at", "answered_at", NAME)
    )
    for pk, channel, state, position, ringing_at, answered_at, name in rows:
        if state == CallState.RINGING:
            board.waiting.append(
                WaitingCall(
                    since=ringing_at,
                    now=board.now,
                    pk=pk,
                    channel=str(CALL_CHANNELS.get(channel, channel)),
                    queue_position=position,
                )
            )
        else:
            board.in_progress.append(
                CallInProgress(
                    since=answered_at or ringing_at,
                    now=board.now,
                    pk=pk,
                    channel=str(CALL_CHANNELS.get(channel, channel)),
                    state=state,
                    state_label=str(CALL_STATES.get(state, state)),
                    listener=name or "",
                )
            )
    # Who waits longest first: the switchboard's order when it gave one.
    board.waiting.sort(key=lambda c: (c.queue_position is None, c.queue_position or 0, c.since))


def _listeners(board: Board, organisation_id: int) -> None:
    rows = Listener.objects.filter(
        user__staff_profile__organisation_id=organisation_id,
        user__staff_profile__active=True,
        user__is_active=True,
    ).values_list("status", "status_since", "seen_at", "user__staff_profile__display_name")
    shown = (
        (presence.shown(status, since, seen_at, board.now), name)
        for status, since, seen_at, name in rows
    )
    board.listeners = sorted(
        (
            Presence(since=since, now=board.now, name=name or "", status=status)
            for (status, since), name in shown
        ),
        key=lambda p: (p.status, p.name.casefold()),
    )


def _transfers(board: Board, organisation_id: int) -> None:
    calls = Call.objects.filter(
        organisation_id=organisation_id,
        transfer__isnull=False,
        transfer__acknowledged_at__isnull=True,
    )
    rows = list(
        calls.order_by("transfer__received_at").values_list(
            "pk",
            "transfer_id",
            "transfer__received_at",
            "transfer__status",
            "transfer__organisation__name",
            NAME,
        )[: LISTED + 1]
    )
    if len(rows) > LISTED:
        board.totals["unacknowledged"] = calls.count()
        rows = rows[:LISTED]
    board.unacknowledged = [
        Transfer(
            since=received_at,
            now=board.now,
            call_id=pk,
            intake_id=intake_id,
            association=association,
            listener=name or "",
            handled=status != IntakeStatus.NEW,
        )
        for pk, intake_id, received_at, status, association, name in rows
    ]


def _today(board: Board) -> None:
    day = board.now.astimezone(PARIS).date()
    sums = HelplineCount.objects.filter(day=day).aggregate(
        answered=Sum("answered"), missed=Sum("missed")
    )
    board.today = {key: value or 0 for key, value in sums.items()}


def board(actor: Actor, *, now: dt.datetime | None = None) -> Board:
    """The supervisor's view of her organisation's helpline at `now`."""
    require(actor, P.SUPERVISE)
    found = Board(now=now or timezone.now())
    _calls(found, actor.organisation_id)
    _listeners(found, actor.organisation_id)
    _callbacks(found, actor.organisation_id)
    _transfers(found, actor.organisation_id)
    _today(found)
    return found


def record_view(actor: Actor) -> None:
    """One audit line for a view of the supervision page or the wallboard (not its polls)."""
    require(actor, P.SUPERVISE)
    with transaction.atomic():
        audit.record(
            actor, AuditAction.VIEW, HelplineTarget.CALL, organisation_id=actor.organisation_id
        )
