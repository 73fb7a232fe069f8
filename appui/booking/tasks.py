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
