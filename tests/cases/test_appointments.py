"""Appointments from the file page, and the day of the victim bureaus an association runs.

Through the pages: an appointment given to a person of a file at one of the association's
places, with her link sent only when she agreed to be contacted; a slot taken meanwhile is
refused on the same screen with nothing saved; another association sees and books nothing;
a place without hours offers no time. The BAV day lists the bureau's appointments and turns
one into an intake, or an interview on her file, in one step. Every read and write leaves
its audit line.
"""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from appui.booking import services as booking
from appui.booking.models import Agenda, AgendaCapacity, Booking, BookingState, Motive
from appui.booking.slots import free_slots
from appui.booking.sms import MemoryBackend
from appui.cases import services
from appui.cases.models import Channel, Intake, Interview
from appui.core.models import AuditEvent, Role
from appui.directory.models import Kind, Service

from .conftest import actor, login

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
EVERY_DAY = "Mo-Su 09:00-17:00"


@pytest.fixture(autouse=True)
def _messages(settings):
    settings.APPUI_SMS_BACKEND = "appui.booking.sms.MemoryBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    MemoryBackend.outbox.clear()
    yield
    MemoryBackend.outbox.clear()


def agenda_at(service, motive, *, hours=EVERY_DAY, capacity=1, minutes=30):
    service.opening_hours = hours
    service.save(update_fields=["opening_hours"])
    agenda = Agenda.objects.create(service=service, slot_minutes=minutes)
    AgendaCapacity.objects.create(agenda=agenda, motive=motive, capacity=capacity)
    return agenda


@pytest.fixture
def office(own):
    """Our association's office, taking appointments every day from 9:00 to 17:00."""
    return agenda_at(Service.objects.get(slug="gnav-france-victimes-54"), Motive.ASSOCIATION)


@pytest.fixture
def adviser(staff):
    return staff(Role.LEGAL_ADVISER)


def make_file(user, **person):
    who = actor(user)
    person = services.create_person(
        who, {"last_name": "Martin", "first_name": "Léa", "language": "fr", **person}
    )
    return services.open_file(
        who,
        person=person,
        role="direct",
        channel=Channel.OWN_REQUEST,
        affair_data={"offence_category": "theft"},
    )


@pytest.fixture
def file(adviser):
    return make_file(adviser, phone="06 12 34 56 78", email="lea@example.org")


def first_slots(agenda, motive, count=2):
    """The first free slots of the next days, as the booking engine offers them."""
    today = timezone.localdate()
    slots = free_slots([agenda], motive, today, today + dt.timedelta(days=14))[agenda.pk]
    return slots[:count]


def new_url(file, agenda=None):
    url = reverse("cases:appointment_new", args=[file.pk])
    return url + (f"?place={agenda.pk}" if agenda else "")


def give(client, file, agenda, when, **extra):
    page = client.get(new_url(file, agenda))
    assert page.status_code == 200
    data = {
        "once": page.context["once"],
        "place": agenda.pk,
        "start": when.isoformat(),
        "staff": page.context["form"]["staff"].value(),
        "note": "Sonnez à l'interphone « Accueil ».",
        **extra,
    }
    return client.post(new_url(file), data, **EN)


def test_an_appointment_is_given_from_the_file_page(client, adviser, file, office):
    login(client, adviser)
    page = client.get(reverse("cases:file", args=[file.pk]), **EN).content.decode()
    assert 'id="appointments"' in page and "No appointment yet." in page
    assert reverse("cases:appointment_new", args=[file.pk]) in page
    slot = first_slots(office, Motive.ASSOCIATION)[0]
    form = client.get(new_url(file, office), **EN)
    assert slot.start.isoformat() in form.content.decode()
    response = give(client, file, office, slot.start, reminders="on")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/pro/files/{file.pk}/#appointments")
    made = Booking.objects.get()
    assert (made.source, made.source_id, made.motive) == ("cases", file.pk, Motive.ASSOCIATION)
    assert made.start == slot.start and made.staff_id == adviser.pk
    assert (made.name, made.phone, made.email) == (
        "Léa Martin",
        "06 12 34 56 78",
        "lea@example.org",
    )
    assert made.reminders and made.state == BookingState.BOOKED
    # She agreed: the time, her reference and her link, by text message and e-mail.
    [(phone, text)] = MemoryBackend.outbox
    assert phone == "06 12 34 56 78" and made.reference in text
    assert "http://testserver/rendez-vous/" in text
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lea@example.org"]
    assert "Léa" not in text and "Martin" not in text  # neutral words
    # Audited on the file, and by booking itself.
    lines = AuditEvent.objects.filter(target="booking", target_id=made.pk, action="create")
    assert sorted(lines.values_list("file_id", flat=True), key=str) == [file.pk, None]
    assert lines.get(file_id=file.pk).person_id == file.person_id
    # The panel lists it, with its place and who receives her.
    page = client.get(reverse("cases:file", args=[file.pk]), **EN).content.decode()
    assert made.reference in page and "received by" in page
    assert reverse("cases:appointment_move", args=[file.pk, made.pk]) in page


def test_without_her_consent_she_gets_no_message(client, adviser, file, office):
    login(client, adviser)
    slot = first_slots(office, Motive.ASSOCIATION)[0]
    assert give(client, file, office, slot.start).status_code == 302
    made = Booking.objects.get()
    assert not made.reminders
    assert MemoryBackend.outbox == [] and mail.outbox == []


def test_a_slot_taken_meanwhile_is_refused_on_the_same_screen(client, adviser, file, office):
    login(client, adviser)
    slot = first_slots(office, Motive.ASSOCIATION)[0]
    booking.book(office, Motive.ASSOCIATION, slot.start, booking.Contact(name="Quelqu'un"))
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = give(client, file, office, slot.start, reminders="on")
    assert response.status_code == 422
    assert "Someone has just taken the last place at this time." in response.content.decode()
    assert Booking.objects.count() == 1  # the other person's only
    assert not AuditEvent.objects.filter(pk__gt=before, action="create").exists()
    assert MemoryBackend.outbox == []
    # A time that is no slot of the place, and no time at all.
    noon_past = slot.start.replace(minute=7)
    response = give(client, file, office, noon_past)
    assert response.status_code == 422 and Booking.objects.count() == 1
    response = give(client, file, office, slot.start, start="")
    assert response.status_code == 422 and "Choose a time." in response.content.decode()


def test_a_place_without_hours_offers_no_time(client, adviser, file, own):
    desk = Service.objects.create(
        slug="permanence-sans-horaires", organisation=own, kind=Kind.DESK, name="Permanence"
    )
    agenda = agenda_at(desk, Motive.ASSOCIATION, hours="")
    login(client, adviser)
    page = client.get(new_url(file, agenda), **EN)
    text = page.content.decode()
    assert "has no hours in the directory: ask the federation to add them" in text
    assert 'name="start"' not in text


def test_move_and_cancel_from_the_panel(client, adviser, file, office):
    login(client, adviser)
    first, second = first_slots(office, Motive.ASSOCIATION)
    give(client, file, office, first.start, reminders="on")
    made = Booking.objects.get()
    MemoryBackend.outbox.clear()
    move = reverse("cases:appointment_move", args=[file.pk, made.pk])
    assert second.start.isoformat() in client.get(move).content.decode()
    response = client.post(move, {"start": second.start.isoformat()})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.start == second.start
    assert len(MemoryBackend.outbox) == 1  # told the new time
    cancel = reverse("cases:appointment_cancel", args=[file.pk, made.pk])
    assert client.post(cancel).status_code == 302
    made.refresh_from_db()
    assert made.state == BookingState.CANCELLED
    lines = AuditEvent.objects.filter(target="booking", target_id=made.pk, file_id=file.pk)
    assert list(lines.order_by("pk").values_list("action", flat=True)) == [
        "create",
        "update",
        "update",
    ]
    # Cancelled: no longer changeable from the panel.
    assert move not in client.get(reverse("cases:file", args=[file.pk])).content.decode()
    assert client.get(move).status_code == 302


def test_another_association_neither_sees_nor_books(client, staff, adviser, file, office):
    login(client, adviser)
    slot = first_slots(office, Motive.ASSOCIATION)[0]
    give(client, file, office, slot.start)
    made = Booking.objects.get()
    login(client, staff(Role.DIRECTION, "other"))
    assert client.get(new_url(file, office)).status_code == 404
    assert client.post(new_url(file), {"place": office.pk}).status_code == 404
    move = reverse("cases:appointment_move", args=[file.pk, made.pk])
    assert client.get(move).status_code == 404
    cancel = reverse("cases:appointment_cancel", args=[file.pk, made.pk])
    assert client.post(cancel).status_code == 404
    made.refresh_from_db()
    assert made.state == BookingState.BOOKED
    # Nor can its own file's form book into our place.
    theirs = make_file(staff(Role.LEGAL_ADVISER, "other"))
    login(client, staff(Role.LEGAL_ADVISER, "other"))
    page = client.get(new_url(theirs, office))
    assert page.status_code == 200 and page.context["agenda"] is None
    before = Booking.objects.count()
    client.post(
        new_url(theirs),
        {"once": page.context["once"], "place": office.pk, "start": slot.start.isoformat()},
    )
    assert Booking.objects.count() == before


def test_an_appointment_of_another_file_answers_404(client, adviser, file, office):
    login(client, adviser)
    slot = first_slots(office, Motive.ASSOCIATION)[0]
    give(client, file, office, slot.start)
    made = Booking.objects.get()
    sister = make_file(adviser, last_name="Durand")
    move = reverse("cases:appointment_move", args=[sister.pk, made.pk])
    assert client.get(move).status_code == 404


# --- the victim bureau's day ----------------------------------------------------------------


@pytest.fixture
def bureau(own):
    """A victim bureau our association runs, open every morning."""
    service = Service.objects.create(
        slug="bav-essai", organisation=own, kind=Kind.BAV, name="BAV du tribunal d'essai"
    )
    return agenda_at(service, Motive.BAV, hours="Mo-Su 09:00-12:00")


def book_bav(agenda, name="Léa Martin", phone="06 12 34 56 78"):
    slot = first_slots(agenda, Motive.BAV, 1)[0]
    made, _token = booking.book(
        agenda, Motive.BAV, slot.start, booking.Contact(name=name, phone=phone), source="bav"
    )
    return made


def day_url(made):
    from appui.directory.hours import PARIS

    return reverse("cases:bav_day") + f"?day={made.start.astimezone(PARIS).date().isoformat()}"


def test_the_bav_day_turns_an_appointment_into_an_intake_in_one_step(client, staff, bureau, own):
    made = book_bav(bureau)
    receptionist = staff(Role.RECEPTIONIST)
    login(client, receptionist)
    page = client.get(day_url(made), **EN)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Léa Martin" in text and made.reference in text
    assert AuditEvent.objects.filter(
        actor_id=receptionist.pk, action="view", target="booking", target_id=made.pk
    ).exists()
    intake_url = reverse("cases:bav_intake", args=[made.pk])
    assert intake_url in text
    response = client.post(intake_url)
    intake = Intake.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:intake", args=[intake.pk]
    )
    assert (intake.organisation, intake.channel) == (own, Channel.BAV)
    assert (intake.contact_name, intake.contact_phone) == ("Léa Martin", "06 12 34 56 78")
    made.refresh_from_db()
    assert made.state == BookingState.HONOURED
    assert AuditEvent.objects.filter(action="create", target="intake", target_id=intake.pk)
    assert AuditEvent.objects.filter(action="update", target="booking", target_id=made.pk)
    # Once only: a second click opens no second intake.
    assert client.post(intake_url).status_code == 302
    assert Intake.objects.count() == 1
    assert intake_url not in client.get(day_url(made)).content.decode()


def test_a_known_person_gets_an_interview_on_her_file(client, staff, bureau, adviser):
    known = make_file(adviser, phone="+33 6 12 34 56 78")
    made = book_bav(bureau)
    login(client, adviser)
    text = client.get(day_url(made)).content.decode()
    interview_url = reverse("cases:bav_interview", args=[made.pk, known.pk])
    assert interview_url in text and known.number in text
    assert AuditEvent.objects.filter(
        actor_id=adviser.pk, action="view", target="person", target_id=known.person_id
    ).exists()
    page = client.get(interview_url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form["place"].value() == bureau.service_id
    response = client.post(
        interview_url,
        {
            "once": page.context["once"],
            "discipline": "legal",
            "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "30",
            "mode": "in_person",
            "place": bureau.service_id,
            "note": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    interview = Interview.objects.get(case_file=known)
    assert interview.place_id == bureau.service_id
    made.refresh_from_db()
    assert made.state == BookingState.HONOURED
    # A file that is not hers answers 404.
    stranger = make_file(adviser, last_name="Autre", phone="07 00 00 00 00")
    assert (
        client.get(reverse("cases:bav_interview", args=[made.pk, stranger.pk])).status_code == 404
    )


def test_another_association_sees_no_bav_appointment(client, staff, bureau):
    made = book_bav(bureau)
    login(client, staff(Role.RECEPTIONIST, "other"))
    page = client.get(day_url(made), **EN)
    assert page.status_code == 200
    assert "Léa Martin" not in page.content.decode()
    assert client.post(reverse("cases:bav_intake", args=[made.pk])).status_code == 404
    made.refresh_from_db()
    assert made.state == BookingState.BOOKED and not Intake.objects.exists()


def test_the_bav_day_moves_from_day_to_day(client, staff, bureau):
    login(client, staff(Role.RECEPTIONIST))
    page = client.get(reverse("cases:bav_day") + "?day=2026-12-02", **EN)
    text = page.content.decode()
    assert "?day=2026-12-01" in text and "?day=2026-12-03" in text
    assert "No appointment this day." in text
    assert client.get(reverse("cases:bav_day") + "?day=tomorrow").status_code == 404


def test_erasing_the_person_erases_her_appointments_copy_of_her_contact(
    client, adviser, file, office
):
    """Her appointments carry her name and contact: erased with her, links dead."""
    from django.db import transaction

    from appui.cases import gdpr

    slot = first_slots(office, Motive.ASSOCIATION)[0]
    login(client, adviser)
    assert give(client, file, office, slot.start, reminders="on").status_code == 302
    made = Booking.objects.get()
    with transaction.atomic():
        counts = gdpr.erase(file.person, actor(adviser))
    assert counts["appointments"] == 1
    made.refresh_from_db()
    assert (made.name, made.phone, made.email) == ("", "", "")
    assert made.state == BookingState.CANCELLED


def test_a_file_found_by_name_alone_asks_to_check_it_is_hers(client, staff, bureau, adviser):
    """Her phone number recognises her; the same name alone may be a namesake's file."""
    by_phone = make_file(adviser, phone="06 12 34 56 78")
    made = book_bav(bureau)
    login(client, adviser)
    text = client.get(day_url(made), **EN).content.decode()
    assert by_phone.number in text
    assert "Same name only" not in text
    namesake = book_bav(bureau, phone="07 99 99 99 99")
    text = client.get(day_url(namesake), **EN).content.decode()
    assert "Same name only: check with her that this is her file." in text
