"""Background tasks of the agendas, run by `appui worker`: the reminders of tomorrow's
appointments, and forgetting the public pages' counts."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from appui.directory.hours import PARIS

from . import limits, notify, services
from .models import HOLDING, Booking

# Reminders go out in the day, never in the night: from this Paris time on the day before
# (the task runs every hour, so a booking made later that day is reminded within the hour).
SEND_FROM = dt.time(9, 0)
SEND_UNTIL = dt.time(21, 0)


def send_due_reminders(now: dt.datetime | None = None) -> int:
    """Remind the people whose appointment is tomorrow (Paris time), who agreed to it and
    have not been reminded; returns how many were reminded. Idempotent."""
    now = now or timezone.now()
    local = now.astimezone(PARIS)
    if not SEND_FROM <= local.time() < SEND_UNTIL:
        return 0
    tomorrow = local.date() + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time(0), PARIS)
    end = dt.datetime.combine(tomorrow + dt.timedelta(days=1), dt.time(0), PARIS)
    due = (
        Booking.objects.filter(
            start__gte=start,
            start__lt=end,
            reminders=True,
            reminder_sent_at__isnull=True,
            state__in=HOLDING,
        )
        .select_related("agenda__service")
        .order_by("start", "pk")
    )
    sent = 0
    for booking in due:
        # Marked as sent before it is sent: of two workers, or a run and a run repeated,
        # only the one whose mark changed the row sends.
        if services.claim_reminder(booking.pk, now):
            notify.reminder(booking)
            sent += 1
    return sent


@task()
def send_reminders() -> int:
    """The day before an appointment: a reminder in neutral words (every hour)."""
    return send_due_reminders()


@task()
def purge_public_attempts() -> int:
    """Forget the keyed hashes that count the public pages' bookings, once a day old."""
    return limits.purge()


# A booked appointment's name and contact are kept this long after it ended, then erased:
# long enough for the place to settle it (honoured, missed), no longer. A pre-complaint's
# appointment is erased with the pre-complaint itself (`appui.complaints`).
KEPT_AFTER_END = dt.timedelta(days=30)
ERASE_BATCH = 2000


def erase_past_appointments(now: dt.datetime | None = None, *, limit: int = 50_000) -> int:
    """Erase the personal data of the appointments that ended more than `KEPT_AFTER_END`
    ago (the rows stay, anonymous, for the agendas' counts). Returns how many."""
    now = now or timezone.now()
    stale = (
        Booking.objects.filter(end__lt=now - KEPT_AFTER_END)
        .exclude(source="complaints")
        .exclude(token_hash__startswith="erased:")  # noqa: S106  (a marker, no secret)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    erased = 0
    while erased < limit:
        batch = list(stale[:ERASE_BATCH])
        if not batch:
            break
        erased += services.erase_personal_data(batch)
    return erased


@task()
def erase_past() -> int:
    """Erase the names and contacts of appointments a month after they ended, then forget
    the places taken in slots older than that (daily)."""
    now = timezone.now()
    erased = erase_past_appointments(now)
    # After the erasure, which gives back the places its bookings still held.
    services.forget_slot_loads(now - KEPT_AFTER_END - dt.timedelta(days=1))
    return erased
