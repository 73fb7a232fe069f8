"""A listener's presence on the console: available, paused or offline, and on a call while a
record of hers is open; when her console last asked for news (`seen_at`).

The status is hers to set (available, paused, offline); "on a call" is set when she takes a
call and lifted when her last open record closes, back to "available". The console's poll
says she is still there, at most every `SEEN_EVERY` (one conditional UPDATE, so a poll every
second writes twice a minute at most). Presence names no caller: no audit line.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from appui.core.access import Actor

from ..models import OPEN_STATES, Call, CallState, Listener, ListenerStatus
from ..permissions import HelplinePermission as P

SEEN_EVERY = dt.timedelta(seconds=30)
# Her console says she is there at least every SEEN_EVERY; one silent for GONE_AFTER was
# closed, or its computer was: the board shows her offline, whatever status she left.
GONE_AFTER = dt.timedelta(minutes=2)
# What she may choose; "on a call" follows her records.
CHOSEN = (ListenerStatus.AVAILABLE, ListenerStatus.PAUSED, ListenerStatus.OFFLINE)


def listener_of(actor: Actor) -> Listener | None:
    return Listener.objects.filter(user_id=actor.user_id).first()


def _ensure(user_id: int, now: dt.datetime) -> Listener:
    listener, _made = Listener.objects.get_or_create(
        user_id=user_id,
        defaults={"status": ListenerStatus.OFFLINE, "status_since": now},
    )
    return listener


def set_status(actor: Actor, status: str) -> Listener:
    """She says she is available, paused or offline (her console makes her row if need be)."""
    if not actor.can(P.CONSOLE):
        raise PermissionDenied
    if status not in CHOSEN:
        raise ValueError(status)
    now = timezone.now()
    with transaction.atomic():
        listener = _ensure(actor.user_id, now)
        if listener.status != status:
            Listener.objects.filter(pk=listener.pk).update(
                status=status, status_since=now, seen_at=now
            )
        listener.refresh_from_db()
    return listener


def on_call(user_id: int, now: dt.datetime) -> None:
    """She took a call (by hand, or answered through the switchboard): unless offline or
    paused by her own choice, she is on a call. Inside the caller's transaction."""
    Listener.objects.filter(user_id=user_id, status=ListenerStatus.AVAILABLE).update(
        status=ListenerStatus.ON_CALL, status_since=now
    )


def after_call(user_id: int, now: dt.datetime) -> None:
    """A record of hers closed: with no other call in progress, she is available again.
    Inside the caller's transaction."""
    busy = Call.objects.filter(
        listener_id=user_id, state__in=(CallState.ACTIVE, CallState.WRAP_UP)
    ).exists()
    if not busy:
        Listener.objects.filter(user_id=user_id, status=ListenerStatus.ON_CALL).update(
            status=ListenerStatus.AVAILABLE, status_since=now
        )


def shown(
    status: str, since: dt.datetime, seen_at: dt.datetime | None, now: dt.datetime
) -> tuple[str, dt.datetime]:
    """(status, since when) as the supervisors see it: available or paused but not seen for
    `GONE_AFTER` is offline, since she was last seen. "On a call" stays: her record is open
    and the switchboard may still be putting calls through to her."""
    if status in (ListenerStatus.AVAILABLE, ListenerStatus.PAUSED) and (
        seen_at is None or now - seen_at >= GONE_AFTER
    ):
        return ListenerStatus.OFFLINE, seen_at or since
    return status, since


def seen(user_id: int, now: dt.datetime | None = None) -> int:
    """Her console asked for news: `seen_at` moves when it is older than `SEEN_EVERY`.
    One UPDATE on her row (by its unique user id); returns the rows changed (0 or 1)."""
    now = now or timezone.now()
    return Listener.objects.filter(
        Q(seen_at__isnull=True) | Q(seen_at__lt=now - SEEN_EVERY), user_id=user_id
    ).update(seen_at=now)


def open_records(user_id: int):
    """Her records not closed yet (ringing for her, in progress, line closed), newest first."""
    return Call.objects.filter(listener_id=user_id, state__in=OPEN_STATES).order_by("-ringing_at")
