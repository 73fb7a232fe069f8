"""The reminders of tomorrow's appointments, through the worker's task: sent once the day
before, in the day, to those who agreed and still hold a place, in neutral words, by text
message and e-mail; a second run sends nothing; a moved appointment is reminded again.
And the public pages' counts forgotten after a day."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from appui.booking import services, tasks
from appui.booking.models import Booking, Motive
from appui.booking.services import Contact
from appui.booking.sms import MemoryBackend
from tests.booking import test_views
from tests.booking.test_views import at, wednesday

# The public pages' victim bureau in Verdun, run by fv55.
bav, fv55 = test_views.bav, test_views.fv55

pytestmark = pytest.mark.django_db

NEUTRAL = ("victim", "victime", "police", "complaint", "plainte", "bureau", "tribunal", "court")


class FailingBackend:
    """A provider that refuses one number."""

    def send(self, phone: str, text: str) -> None:
        if phone.startswith("07"):
            raise ConnectionError("provider down")
        MemoryBackend.outbox.append((phone, text))


@pytest.fixture(autouse=True)
def _outboxes(settings):
    settings.APPUI_SMS_BACKEND = "appui.booking.sms.MemoryBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    MemoryBackend.outbox.clear()


def book(agenda, start, *, reminders=True, phone="06 12 34 56 78", email="", name="Camille"):
    contact = Contact(name=name, phone=phone, email=email, reminders=reminders)
    return services.book(agenda, Motive.BAV, start, contact, source="bav")[0]


def the_day_before(day: dt.date, hour: int = 10) -> dt.datetime:
    return at(day - dt.timedelta(days=1), hour, 0)


def test_tomorrows_appointments_are_reminded_once(bav):
    day = wednesday()
    booking = book(bav, at(day, 13, 45), email="camille@example.org")
    MemoryBackend.outbox.clear()
    mail.outbox.clear()
    now = the_day_before(day)
    assert tasks.send_due_reminders(now) == 1
    booking.refresh_from_db()
    assert booking.reminder_sent_at == now
    ((phone, text),) = MemoryBackend.outbox
    assert phone == "06 12 34 56 78" and booking.reference in text
    (email,) = mail.outbox
    assert email.to == ["camille@example.org"] and booking.reference in email.body
    for words in (text, email.subject, email.body):
        assert not any(word in words.lower() for word in NEUTRAL), words
    assert bav.service.name not in text
    # A second run, later that day: nothing more.
    assert tasks.send_due_reminders(now + dt.timedelta(hours=3)) == 0
    assert len(MemoryBackend.outbox) == 1 and len(mail.outbox) == 1


def test_only_those_who_agreed_and_still_hold_a_place_are_reminded(bav):
    day = wednesday()
    agreed = book(bav, at(day, 13, 45))
    book(bav, at(day, 14, 15), reminders=False)
    cancelled = book(bav, at(day, 14, 45))
    services.cancel(cancelled)
    later = book(bav, at(wednesday(weeks=1), 13, 45))
    MemoryBackend.outbox.clear()
    assert tasks.send_due_reminders(the_day_before(day)) == 1
    ((_phone, text),) = MemoryBackend.outbox
    assert agreed.reference in text
    assert Booking.objects.filter(reminder_sent_at__isnull=False).count() == 1
    later.refresh_from_db()
    assert later.reminder_sent_at is None


def test_never_in_the_night(bav):
    day = wednesday()
    book(bav, at(day, 13, 45))
    MemoryBackend.outbox.clear()
    assert tasks.send_due_reminders(the_day_before(day, hour=3)) == 0
    assert tasks.send_due_reminders(the_day_before(day, hour=22)) == 0
    assert MemoryBackend.outbox == []
    assert tasks.send_due_reminders(the_day_before(day, hour=9)) == 1


def test_a_moved_appointment_is_reminded_again(bav):
    day = wednesday()
    booking = book(bav, at(day, 13, 45))
    assert tasks.send_due_reminders(the_day_before(day)) == 1
    later = wednesday(weeks=1)
    services.move(booking, at(later, 14, 15))
    booking.refresh_from_db()
    assert booking.reminder_sent_at is None
    assert tasks.send_due_reminders(the_day_before(later)) == 1


def test_a_provider_that_fails_stops_no_other_reminder(bav, settings):
    settings.APPUI_SMS_BACKEND = "tests.booking.test_reminders.FailingBackend"
    day = wednesday()
    book(bav, at(day, 13, 45), phone="07 00 00 00 00")
    other = book(bav, at(day, 14, 15))
    MemoryBackend.outbox.clear()
    assert tasks.send_due_reminders(the_day_before(day)) == 2
    ((phone, text),) = MemoryBackend.outbox
    assert other.reference in text


def test_the_worker_runs_both_every_hour(bav):
    from appui.core.management.commands.worker import periodic_tasks

    declared = periodic_tasks()
    assert ("appui.booking.tasks.send_reminders", 3600) in declared
    assert ("appui.booking.tasks.purge_public_attempts", 3600) in declared
    assert isinstance(tasks.send_reminders.call(), int)
    assert tasks.purge_public_attempts.call() == 0


def test_appointments_are_anonymous_a_month_after_they_ended(db):
    """A victim bureau's or an association's appointment keeps her name and contact for a
    month after its end, then only the anonymous row stays; her link stops working."""
    import datetime as dt

    from django.utils import timezone

    from appui.booking import services, tasks
    from appui.booking.models import Agenda, AgendaCapacity, Booking, Motive
    from appui.directory.models import Kind, Service

    agenda = Agenda.objects.create(
        service=Service.objects.create(
            slug="bav-test", kind=Kind.BAV, name="BAV", opening_hours="Mo-Su 08:00-18:00"
        )
    )
    AgendaCapacity.objects.create(agenda=agenda, motive=Motive.BAV)
    now = timezone.now()
    made = []
    for days_ago in (40, 10):
        start = now - dt.timedelta(days=days_ago)
        made.append(
            Booking.objects.create(
                agenda=agenda,
                motive=Motive.BAV,
                start=start,
                end=start + dt.timedelta(minutes=30),
                reference=f"OLD{days_ago:05d}",
                token_hash=services.hash_token(f"token-{days_ago}"),
                name="Camille Durand",
                phone="06 11 22 33 44",
                source="bav",
            )
        )
    assert tasks.erase_past_appointments(now) == 1
    old, recent = (Booking.objects.get(pk=b.pk) for b in made)
    assert (old.name, old.phone) == ("", "") and services.by_token("token-40") is None
    assert recent.name == "Camille Durand" and services.by_token("token-10") == recent
    assert tasks.erase_past_appointments(now) == 0  # once


def test_the_places_taken_in_slots_past_a_month_are_forgotten(bav):
    from appui.booking.models import SlotLoad

    now = timezone.now()
    for days_ago in (45, 32, 2):
        SlotLoad.objects.create(
            agenda=bav, motive=Motive.BAV, start=now - dt.timedelta(days=days_ago), taken=1
        )
    tomorrow = book(bav, at(wednesday(), 13, 45))  # a slot to come keeps its row
    tasks.erase_past.call()
    left = sorted((now - load.start).days for load in SlotLoad.objects.filter(start__lt=now))
    assert left == [2]
    assert SlotLoad.objects.get(start=tomorrow.start).taken == 1
