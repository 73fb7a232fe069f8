"""The public appointment pages, through the test client: a victim bureau's session booked,
her appointment seen, moved and cancelled by its link, the ICS file; forged and erased
links, a full slot, a time past or not offered, a day past the last possible one, the
per-address limit and the honeypot. The real clock: days are found from today."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appui.booking import services
from appui.booking.models import (
    Agenda,
    AgendaCapacity,
    Booking,
    BookingState,
    Motive,
    PublicAttempt,
)
from appui.booking.services import Contact
from appui.booking.slots import is_holiday
from appui.core.models import AuditAction, AuditEvent, Organisation, OrganisationKind, SystemKind
from appui.directory.hours import PARIS
from appui.directory.models import Kind, Service

pytestmark = pytest.mark.django_db

VERDUN = "55545"
HOURS = "We 13:45-16:45; PH off"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
WORDS_NEVER_SENT = ("victim", "police", "complaint", "bureau", "bav", "court")


def wednesday(after_days: int = 2, weeks: int = 0) -> dt.date:
    """A Wednesday at least `after_days` from today, not a public holiday; `weeks` later."""
    day = timezone.localdate() + dt.timedelta(days=after_days)
    while day.weekday() != 2 or is_holiday(day, VERDUN):
        day += dt.timedelta(days=1)
    day += dt.timedelta(weeks=weeks)
    while is_holiday(day, VERDUN):
        day += dt.timedelta(weeks=1)
    return day


def at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), PARIS)


@pytest.fixture
def fv55(db):
    return Organisation.objects.create(
        kind=OrganisationKind.ASSOCIATION,
        code="fv55",
        name="France Victimes 55",
        file_prefix="FV55",
    )


@pytest.fixture
def bav(fv55):
    service = Service.objects.create(
        slug="bav-verdun",
        kind=Kind.BAV,
        name="Bureau d'aide aux victimes du tribunal judiciaire de Verdun",
        city="Verdun",
        commune_code=VERDUN,
        opening_hours=HOURS,
        organisation=fv55,
    )
    agenda = Agenda.objects.create(service=service, slot_minutes=30)
    AgendaCapacity.objects.create(agenda=agenda, motive=Motive.BAV, capacity=1)
    return agenda


def url(slug="bav-verdun"):
    return reverse("booking:bav", args=[slug])


def form(start, **more):
    data = {"start": start.isoformat(), "name": "Camille", "phone": "", "email": ""}
    data.update(more)
    return data


def booked(agenda, start, **options):
    options.setdefault("contact", Contact(name="Camille", phone="06 12 34 56 78", reminders=True))
    contact = options.pop("contact")
    return services.book(agenda, Motive.BAV, start, contact, source="bav", **options)


def main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def private(response):
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


# --- the victim bureau's booking page ----------------------------------------------------


def test_the_page_offers_the_wednesday_session(client, bav):
    response = client.get(url(), **EN)
    assert response.status_code == 200
    private(response)
    page = response.content.decode()
    first = at(wednesday(), 13, 45)
    assert f'value="{first.isoformat()}"' in page
    assert f'value="{at(wednesday(), 16, 15).isoformat()}"' in page
    assert "Address not given" in page  # the seed gives none: never invented
    assert 'name="website"' in page  # the honeypot
    assert "<script" not in page.split("</head>")[1]  # works without JavaScript


def test_a_session_is_booked_and_her_page_shows_it(client, bav, settings):
    settings.APPUI_SMS_BACKEND = "appui.booking.sms.MemoryBackend"
    from appui.booking.sms import MemoryBackend

    MemoryBackend.outbox.clear()
    start = at(wednesday(), 14, 15)
    response = client.post(
        url(), form(start, phone="06 12 34 56 78", reminders="on"), REMOTE_ADDR="198.51.100.7", **EN
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.start, booking.source, booking.motive) == (start, "bav", Motive.BAV)
    assert booking.name == "Camille" and booking.reminders and booking.language == "en"
    assert PublicAttempt.objects.count() == 2  # the address and the phone, as keyed hashes
    assert "198.51.100.7" not in "".join(PublicAttempt.objects.values_list("key", flat=True))
    line = AuditEvent.objects.get(target="booking", action=AuditAction.CREATE)
    assert line.system == SystemKind.PUBLIC and line.target_id == booking.pk
    # The confirmation: neutral words, her link.
    ((phone, text),) = MemoryBackend.outbox
    assert phone == "06 12 34 56 78" and booking.reference in text
    assert not any(word in text.lower() for word in WORDS_NEVER_SENT)
    token = text.rsplit("/rendez-vous/", 1)[1].split("/")[0]
    assert response["Location"] == reverse("booking:done", args=[token])
    done = client.get(response["Location"], **EN)
    private(done)
    page = done.content.decode()
    assert booking.reference in page and reverse("booking:ics", args=[token]) in page
    assert "Your appointment is booked" in page
    detail = client.get(reverse("booking:detail", args=[token]), **EN)
    private(detail)
    page = detail.content.decode()
    assert booking.reference in page and "Booked" in page
    assert reverse("booking:move", args=[token]) in page
    assert reverse("booking:cancel", args=[token]) in page


def test_without_messages_no_contact_is_kept_and_none_is_sent(client, bav, settings):
    settings.APPUI_SMS_BACKEND = "appui.booking.sms.MemoryBackend"
    from appui.booking.sms import MemoryBackend

    MemoryBackend.outbox.clear()
    assert client.post(url(), form(at(wednesday(), 13, 45))).status_code == 302
    booking = Booking.objects.get()
    assert (booking.phone, booking.email, booking.reminders) == ("", "", False)
    assert MemoryBackend.outbox == []


@pytest.mark.parametrize(
    ("more", "field"),
    [
        ({"phone": "06 12 34 56 78"}, "reminders"),  # a number without agreeing to messages
        ({"reminders": "on"}, "reminders"),  # messages without a number nor an address
        ({"phone": "12", "reminders": "on"}, "phone"),
        ({"email": "not an address", "reminders": "on"}, "email"),
        ({"name": "  "}, "name"),
    ],
)
def test_bad_contact_details_are_said_on_the_same_screen(client, bav, more, field):
    response = client.post(url(), form(at(wednesday(), 13, 45), **more), **EN)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert 'id="error-summary"' in response.content.decode()
    assert not Booking.objects.exists()


def test_a_full_slot_is_said_on_the_same_screen(client, bav):
    start = at(wednesday(), 13, 45)
    booked(bav, start)
    response = client.post(url(), form(start), **EN)
    assert response.status_code == 409
    assert "Someone has just taken the last place" in response.content.decode()
    assert Booking.objects.count() == 1
    # The full time is no longer offered; the next one is.
    page = client.get(url()).content.decode()
    assert f'value="{start.isoformat()}"' not in page
    assert f'value="{at(wednesday(), 14, 15).isoformat()}"' in page


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (lambda: at(wednesday(), 13, 50), "not one of the place"),  # not a slot's start
        (lambda: at(wednesday() + dt.timedelta(days=1), 13, 45), "not one of the place"),
        (lambda: at(wednesday(after_days=-8), 13, 45), "has passed"),
        (lambda: at(wednesday(weeks=8), 13, 45), "not one of the place"),  # beyond the horizon
    ],
)
def test_a_time_that_is_no_free_slot_is_refused(client, bav, start, message):
    response = client.post(url(), form(start()), **EN)
    assert response.status_code == 409
    assert message in response.content.decode()
    assert not Booking.objects.exists()


def test_a_garbled_time_is_refused(client, bav):
    response = client.post(url(), {"start": "mercredi", "name": "Camille"}, **EN)
    assert response.status_code == 422
    assert "not one of the place" in response.content.decode()
    response = client.post(url(), {"name": "Camille"}, **EN)
    assert response.status_code == 422 and "Choose a day and a time" in response.content.decode()


def test_a_place_that_takes_no_session_online_answers_not_found(client, bav, fv55):
    assert client.get(url("bav-nowhere"), **EN).status_code == 404
    Service.objects.create(slug="bav-bar-le-duc", kind=Kind.BAV, name="BAV", opening_hours=HOURS)
    response = client.get(url("bav-bar-le-duc"), **EN)  # no agenda
    assert response.status_code == 404
    assert "This place cannot be booked here" in response.content.decode()
    private(response)
    office = Service.objects.create(
        slug="fv55-office", kind=Kind.ASSOCIATION, name="Bureau", opening_hours=HOURS
    )
    AgendaCapacity.objects.create(
        agenda=Agenda.objects.create(service=office), motive=Motive.BAV, capacity=1
    )
    assert client.get(url("fv55-office")).status_code == 404  # not a victim bureau
    AgendaCapacity.objects.filter(agenda=bav).update(motive=Motive.ASSOCIATION)
    assert client.get(url()).status_code == 404  # the bureau offers no session
    assert client.post(url(), form(at(wednesday(), 13, 45))).status_code == 404
    assert not Booking.objects.exists()


def test_a_filled_honeypot_books_nothing(client, bav):
    response = client.post(url(), form(at(wednesday(), 13, 45), website="http://spam.example"))
    assert response.status_code == 400
    assert not Booking.objects.exists() and not PublicAttempt.objects.exists()


def test_one_address_books_a_limited_number_an_hour(client, bav, settings):
    settings.APPUI_PUBLIC_LIMIT_PER_ADDRESS_HOUR = 2
    times = [at(wednesday(), 13, 45), at(wednesday(), 14, 15), at(wednesday(), 14, 45)]
    for start in times[:2]:
        assert client.post(url(), form(start), REMOTE_ADDR="203.0.113.5").status_code == 302
    response = client.post(url(), form(times[2]), REMOTE_ADDR="203.0.113.5", **EN)
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert (
        "Too many appointments have been booked from this connection" in response.content.decode()
    )
    assert Booking.objects.count() == 2
    # Another address still may; an hour later this one may again.
    assert client.post(url(), form(times[2]), REMOTE_ADDR="203.0.113.6").status_code == 302
    PublicAttempt.objects.update(at=timezone.now() - dt.timedelta(hours=25))
    from appui.booking.tasks import purge_public_attempts

    assert purge_public_attempts.call() == 3
    assert (
        client.post(url(), form(at(wednesday(), 15, 15)), REMOTE_ADDR="203.0.113.5").status_code
        == 302
    )


def test_one_phone_number_books_a_limited_number_a_day(client, bav, settings):
    settings.APPUI_PUBLIC_LIMIT_PER_PHONE_DAY = 1
    first = form(at(wednesday(), 13, 45), phone="06 12 34 56 78", reminders="on")
    assert client.post(url(), first, REMOTE_ADDR="203.0.113.5").status_code == 302
    again = form(at(wednesday(), 14, 15), phone="+33 6 12 34 56 78", reminders="on")
    response = client.post(url(), again, REMOTE_ADDR="203.0.113.9", **EN)
    assert response.status_code == 429 and response["Retry-After"] == str(24 * 3600)
    assert Booking.objects.count() == 1


# --- her appointment by its link -------------------------------------------------------


def test_a_forged_mistyped_or_erased_link_gets_the_same_kind_page(client, bav):
    booking, token = booked(bav, at(wednesday(), 13, 45))
    pages = []
    for wrong in ("A" * len(token), token[:-1], token + "x", "x" * 200):
        for name in (
            "booking:detail",
            "booking:done",
            "booking:move",
            "booking:cancel",
            "booking:ics",
        ):
            response = client.get(reverse(name, args=[wrong]), **EN)
            assert response.status_code == 404, (name, wrong)
            private(response)
            pages.append(main(response))
    assert len(set(pages)) == 1  # nothing says which part was wrong
    assert "This link does not work" in pages[0]
    assert client.post(reverse("booking:cancel", args=["A" * len(token)])).status_code == 404
    for cut in (f"/rendez-vous/{token}/deplace/", f"/rendez-vous/{token}/x/y/", "/rendez-vous/"):
        response = client.get(cut, **EN)
        assert response.status_code == 404 and main(response) == pages[0], cut
        private(response)
    services.erase_personal_data([booking.pk])
    response = client.get(reverse("booking:detail", args=[token]), **EN)
    assert response.status_code == 404
    assert main(response) == pages[0]


def test_her_page_says_the_place_its_hours_and_its_message(client, bav, fv55):
    from appui.core.access import Actor
    from appui.core.models import Role

    bav.service.street = "Palais de justice, place Saint-Paul"
    bav.service.postcode = "55100"
    bav.service.save()
    booking, token = booked(bav, at(wednesday(), 13, 45))
    staff = Actor(1, fv55.pk, OrganisationKind.ASSOCIATION, Role.RECEPTIONIST, "Accueil")
    services.confirm(booking, staff, note="Bring your identity document.")
    page = client.get(reverse("booking:detail", args=[token]), **EN).content.decode()
    assert "Palais de justice, place Saint-Paul" in page and "55100 Verdun" in page
    assert "Address not given" not in page
    assert "Wednesday" in page and "1:45 pm" in page  # day, time and hours in words
    assert "Confirmed by the place" in page and "Bring your identity document." in page
    french = client.get(reverse("booking:detail", args=[token])).content.decode()
    assert "mercredi" in french and "13 h 45" in french


def test_the_ics_file_is_hers_and_neutral(client, bav):
    booking, token = booked(bav, at(wednesday(), 13, 45))
    response = client.get(reverse("booking:ics", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="rendez-vous.ics"'
    private(response)
    body = response.content.decode()
    assert booking.reference in body and "BEGIN:VEVENT" in body
    assert "DTSTART" in body and "Camille" not in body


def test_she_moves_her_appointment(client, bav):
    booking, token = booked(bav, at(wednesday(), 13, 45))
    move = reverse("booking:move", args=[token])
    response = client.get(move, **EN)
    assert response.status_code == 200
    private(response)
    page = response.content.decode()
    assert f'value="{at(wednesday(), 13, 45).isoformat()}"' not in page  # her own time
    later = at(wednesday(weeks=1), 15, 15)
    assert f'value="{later.isoformat()}"' in page
    response = client.post(move, {"start": later.isoformat()})
    assert response.status_code == 302
    assert response["Location"] == reverse("booking:detail", args=[token]) + "?done=moved"
    booking.refresh_from_db()
    assert booking.start == later and booking.state == BookingState.BOOKED
    assert (
        "Your appointment has been moved."
        in client.get(response["Location"], **EN).content.decode()
    )


def test_a_time_taken_meanwhile_is_said_on_the_same_screen(client, bav):
    booking, token = booked(bav, at(wednesday(), 13, 45))
    other = at(wednesday(), 14, 15)
    booked(bav, other, contact=Contact(name="Someone"))
    response = client.post(
        reverse("booking:move", args=[token]), {"start": other.isoformat()}, **EN
    )
    assert response.status_code == 409
    assert "Someone has just taken the last place" in response.content.decode()
    booking.refresh_from_db()
    assert booking.start == at(wednesday(), 13, 45)


def test_she_cannot_move_it_past_its_last_day(client, bav):
    first = at(wednesday(), 13, 45)
    booking, token = booked(bav, first, latest_day=wednesday() + dt.timedelta(days=1))
    move = reverse("booking:move", args=[token])
    page = client.get(move, **EN).content.decode()
    later = at(wednesday(weeks=1), 13, 45)
    assert f'value="{later.isoformat()}"' not in page  # never offered
    response = client.post(move, {"start": later.isoformat()}, **EN)
    assert response.status_code == 409
    assert "This day is too late" in response.content.decode()
    booking.refresh_from_db()
    assert booking.start == first


def test_she_cancels_after_confirming(client, bav):
    booking, token = booked(bav, at(wednesday(), 13, 45))
    cancel = reverse("booking:cancel", args=[token])
    response = client.get(cancel, **EN)
    assert response.status_code == 200 and "Yes, cancel it" in response.content.decode()
    private(response)
    booking.refresh_from_db()
    assert booking.state == BookingState.BOOKED  # looking changes nothing
    response = client.post(cancel)
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    page = client.get(reverse("booking:detail", args=[token]), **EN).content.decode()
    assert "Cancelled" in page and reverse("booking:move", args=[token]) not in page
    # A cancelled appointment is no longer moved nor cancelled: back to her page.
    for name in ("booking:move", "booking:cancel"):
        response = client.post(
            reverse(name, args=[token]), {"start": at(wednesday(), 14, 15).isoformat()}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("booking:detail", args=[token])
    assert client.post(url(), form(at(wednesday(), 13, 45))).status_code == 302  # her time is free


def test_a_post_from_another_site_is_refused(client, bav):
    booking, token = booked(bav, at(wednesday(), 13, 45))
    response = client.post(
        reverse("booking:cancel", args=[token]), HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.state == BookingState.BOOKED
