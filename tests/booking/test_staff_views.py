"""The agenda's staff pages, through the test client: the day and the week of the
organisation's places (filters, one audit line per page listing names), an appointment
confirmed with a message, marked, cancelled and moved (the person told when she agreed),
another organisation's agenda answering 404, and the private calendar feed."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from appui.booking import services
from appui.booking.models import Agenda, AgendaCapacity, Booking, BookingState, Motive, SlotLoad
from appui.booking.services import Contact
from appui.booking.sms import MemoryBackend
from appui.core import services as core_services
from appui.core.models import AuditAction, AuditEvent, OrganisationKind, Role
from appui.directory.hours import PARIS
from appui.directory.models import Kind, Service
from tests.booking.test_views import at, wednesday
from tests.cases.conftest import OrganisationFactory, _fast_passwords, login, make_staff

__all__ = ["_fast_passwords"]
pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _messages_in_memory(settings):
    settings.APPUI_SMS_BACKEND = "appui.booking.sms.MemoryBackend"
    MemoryBackend.outbox.clear()


def _agenda(slug, organisation, kind=Kind.BAV, motive=Motive.BAV, hours="We 13:45-16:45; PH off"):
    service = Service.objects.create(
        slug=slug,
        kind=kind,
        name=slug.replace("-", " ").title(),
        city="Verdun",
        commune_code="55545",
        opening_hours=hours,
        organisation=organisation,
    )
    agenda = Agenda.objects.create(service=service, slot_minutes=30)
    AgendaCapacity.objects.create(agenda=agenda, motive=motive, capacity=1)
    return agenda


@pytest.fixture
def fv55(db):
    return OrganisationFactory(code="fv55", name="France Victimes 55", departement="55")


@pytest.fixture
def fv54(db):
    return OrganisationFactory(code="fv54", name="France Victimes 54")


@pytest.fixture
def verdun(fv55):
    return _agenda("bav-verdun", fv55)


@pytest.fixture
def bar(fv55):
    return _agenda("bav-bar-le-duc", fv55)


@pytest.fixture
def nancy(fv54):
    return _agenda("bav-nancy", fv54)


@pytest.fixture
def receptionist(fv55):
    return make_staff(fv55, Role.RECEPTIONIST, "Accueil Verdun")


def book(agenda, start, name="Camille Durand", **options):
    contact = Contact(name=name, phone="06 12 34 56 78", reminders=True)
    return services.book(agenda, Motive.BAV, start, contact, source="bav", **options)[0]


def day_url(day, **query):
    from django.utils.http import urlencode

    return reverse("agenda:day") + "?" + urlencode({"day": day.isoformat(), **query})


def reads():
    return AuditEvent.objects.filter(action=AuditAction.VIEW)


# --- the day and the week --------------------------------------------------------------


def test_the_day_lists_the_organisations_places_and_records_one_read(
    client, verdun, bar, nancy, receptionist, fv55
):
    day = wednesday()
    mine = book(verdun, at(day, 13, 45), staff_user_id=receptionist.pk)
    other = book(verdun, at(day, 14, 15), name="Dominique Petit")
    elsewhere = book(nancy, at(day, 13, 45), name="Nora Nancy")
    login(client, receptionist)
    response = client.get(day_url(day), **EN)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Camille Durand" in page and "Dominique Petit" in page
    assert "Nora Nancy" not in page and elsewhere.reference not in page
    assert mine.reference in page and other.reference in page
    line = reads().get()
    assert (line.target, line.target_id, line.organisation_id, line.actor_id) == (
        "agenda",
        None,
        fv55.pk,
        receptionist.pk,
    )
    # One place, then "mine": one more line each, naming the place when one is chosen.
    page = client.get(day_url(day, place=verdun.pk, mine="1"), **EN).content.decode()
    assert "Camille Durand" in page and "Dominique Petit" not in page
    assert reads().order_by("-id").first().target_id == verdun.pk
    # A day with nobody: no name shown, no read recorded.
    client.get(day_url(day + dt.timedelta(days=1)), **EN)
    assert reads().count() == 2
    # Previous and next days, and today by default.
    assert client.get(reverse("agenda:day")).status_code == 200
    assert f"?day={(day - dt.timedelta(days=1)).isoformat()}" in page


def test_the_week_shows_seven_days(client, verdun, receptionist):
    day = wednesday()
    booking = book(verdun, at(day, 13, 45))
    login(client, receptionist)
    response = client.get(reverse("agenda:week") + f"?week={day.isoformat()}", **EN)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="week__day') == 7
    assert booking.reference in page and "Camille Durand" in page
    assert reads().count() == 1
    assert client.get(reverse("agenda:week") + "?week=nonsense").status_code == 200


def test_another_organisations_agenda_answers_not_found(client, verdun, nancy, fv54):
    booking = book(verdun, at(wednesday(), 13, 45))
    stranger = make_staff(fv54, Role.DIRECTION)
    login(client, stranger)
    page = client.get(day_url(wednesday()), **EN).content.decode()
    assert "Camille Durand" not in page and booking.reference not in page
    assert client.get(day_url(wednesday(), place=verdun.pk)).status_code == 404
    assert client.get(day_url(wednesday(), place="x")).status_code == 404
    for name in ("agenda:appointment", "agenda:move"):
        assert client.get(reverse(name, args=[booking.pk])).status_code == 404
    for name in ("agenda:confirm", "agenda:cancel", "agenda:move", "agenda:mark"):
        assert (
            client.post(reverse(name, args=[booking.pk]), {"state": "honoured"}).status_code == 404
        )
    booking.refresh_from_db()
    assert booking.state == BookingState.BOOKED
    assert not reads().exists()


def test_the_federation_sees_no_agenda(client, verdun):
    federation = OrganisationFactory(kind=OrganisationKind.FEDERATION, code="federation")
    login(client, make_staff(federation, Role.FEDERATION_ADMIN))
    assert client.get(reverse("agenda:day")).status_code == 403
    assert client.get(reverse("agenda:feed")).status_code == 403


def test_the_menu_offers_the_agenda(client, verdun, receptionist):
    login(client, receptionist)
    page = client.get(reverse("agenda:day"), **EN).content.decode()
    assert f'href="{reverse("agenda:day")}" aria-current="page"' in page


# --- what the place does with an appointment --------------------------------------------


def test_an_appointment_is_read_and_confirmed_with_a_message(client, verdun, receptionist, fv55):
    booking = book(verdun, at(wednesday(), 13, 45))
    MemoryBackend.outbox.clear()
    login(client, receptionist)
    response = client.get(reverse("agenda:appointment", args=[booking.pk]), **EN)
    assert response.status_code == 200 and "Camille Durand" in response.content.decode()
    line = reads().get()
    assert (line.target, line.target_id, line.organisation_id) == ("booking", booking.pk, fv55.pk)
    response = client.post(
        reverse("agenda:confirm", args=[booking.pk]),
        {"note": "Bring your identity document."},
        **EN,
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.state == BookingState.CONFIRMED
    assert booking.note == "Bring your identity document."
    ((phone, text),) = MemoryBackend.outbox
    assert booking.reference in text and "identity" not in text  # the message stays on her page
    update = AuditEvent.objects.get(action=AuditAction.UPDATE, target="booking")
    assert update.actor_id == receptionist.pk
    page = client.get(response["Location"], **EN).content.decode()
    assert "The person was told by text message or e-mail." in page


def test_marked_honoured_or_missed_only_once_its_time_has_come(client, verdun, receptionist):
    booking = book(verdun, at(wednesday(), 13, 45))
    login(client, receptionist)
    url = reverse("agenda:mark", args=[booking.pk])
    response = client.post(url, {"state": "honoured"}, **EN)
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.state == BookingState.BOOKED
    assert "has not started yet" in client.get(response["Location"], **EN).content.decode()
    past = timezone.now() - dt.timedelta(hours=2)
    Booking.objects.filter(pk=booking.pk).update(start=past, end=past + dt.timedelta(minutes=30))
    client.post(url, {"state": "missed"})
    booking.refresh_from_db()
    assert booking.state == BookingState.MISSED
    client.post(url, {"state": "booked"})  # not a choice here
    booking.refresh_from_db()
    assert booking.state == BookingState.MISSED


def test_cancelled_by_the_place_the_person_is_told(client, verdun, receptionist):
    start = at(wednesday(), 13, 45)
    booking = book(verdun, start)
    MemoryBackend.outbox.clear()
    login(client, receptionist)
    assert client.post(reverse("agenda:cancel", args=[booking.pk])).status_code == 302
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    assert SlotLoad.objects.get(agenda=verdun, start=start).taken == 0
    ((phone, text),) = MemoryBackend.outbox
    assert "cancel" in text.lower() or "annul" in text.lower()
    # Twice: nothing more, nobody told again.
    client.post(reverse("agenda:cancel", args=[booking.pk]))
    assert len(MemoryBackend.outbox) == 1


def test_moved_by_the_place_to_a_free_time_never_past_its_last_day(client, verdun, receptionist):
    first = at(wednesday(), 13, 45)
    booking = book(verdun, first, latest_day=wednesday() + dt.timedelta(days=1))
    taken = book(verdun, at(wednesday(), 14, 15), name="Someone")
    MemoryBackend.outbox.clear()
    login(client, receptionist)
    url = reverse("agenda:move", args=[booking.pk])
    response = client.get(url, **EN)
    assert response.status_code == 200
    page = response.content.decode()
    assert at(wednesday(), 14, 45).isoformat() in page
    assert at(wednesday(weeks=1), 13, 45).isoformat() not in page  # after its last day
    response = client.post(url, {"start": taken.start.astimezone(PARIS).isoformat()}, **EN)
    assert response.status_code == 409 and "Someone has just taken" in response.content.decode()
    response = client.post(url, {"start": at(wednesday(weeks=1), 13, 45).isoformat()}, **EN)
    assert response.status_code == 409 and "This day is too late" in response.content.decode()
    booking.refresh_from_db()
    assert booking.start == first and MemoryBackend.outbox == []
    assert client.post(url, {"start": at(wednesday(), 15, 45).isoformat()}).status_code == 302
    booking.refresh_from_db()
    assert booking.start == at(wednesday(), 15, 45)
    assert len(MemoryBackend.outbox) == 1


# --- the private calendar feed ----------------------------------------------------------


def _feed_url(client):
    response = client.post(reverse("agenda:feed"))
    assert response.status_code == 200
    url = response.context["url"]
    assert url and url in response.content.decode()
    return url


def test_the_calendar_feed_shows_ones_own_appointments_without_names(
    client, verdun, receptionist, fv55
):
    mine = book(verdun, at(wednesday(), 13, 45), staff_user_id=receptionist.pk)
    other = book(verdun, at(wednesday(), 14, 15), name="Dominique Petit")
    login(client, receptionist)
    assert client.get(reverse("agenda:feed")).status_code == 200
    url = _feed_url(client)
    assert url.startswith("http://testserver/pro/agenda/flux/")
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert mine.reference in body and other.reference not in body
    assert "Camille" not in body and "Durand" not in body
    line = reads().get()
    assert (line.actor_id, line.target, line.organisation_id) == (
        receptionist.pk,
        "agenda",
        fv55.pk,
    )
    # A new address replaces the old one; an inactive account's stops working.
    login(client, receptionist)
    newer = _feed_url(client)
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(newer).status_code == 200
    profile = receptionist.staff_profile
    profile.active = False
    profile.save(update_fields=["active"])
    assert client.get(newer).status_code == 404
    assert client.get(reverse("agenda:feed_ics", args=["forged"])).status_code == 404


def test_a_unit_agents_feed_holds_the_units_appointments(client):
    unit = OrganisationFactory(kind=OrganisationKind.UNIT, code="gendarmerie-verdun")
    agenda = _agenda(
        "demo-gendarmerie-verdun",
        unit,
        kind=Kind.GENDARMERIE,
        motive=Motive.PRE_COMPLAINT,
        hours="Mo-Sa 08:00-12:00,14:00-18:00; PH off",
    )
    contact = Contact(name="Alex Martin")
    booking, _token = services.book(
        agenda, Motive.PRE_COMPLAINT, at(wednesday(), 9, 0), contact, source="complaints"
    )
    agent = make_staff(unit, Role.UNIT_AGENT)
    login(client, agent)
    url = _feed_url(client)
    body = client.get(url).content.decode()
    assert booking.reference in body and "Alex" not in body


# --- the administration of the agendas -------------------------------------------------


def test_an_agenda_is_set_up_in_the_administration(client):
    OrganisationFactory(kind=OrganisationKind.FEDERATION, code="federation")
    core_services.create_staff(
        "admin@federation.example",
        superuser=True,
        organisation="federation",
        role=Role.FEDERATION_ADMIN,
    )
    login(client, get_user_model().objects.get(username="admin@federation.example"))
    service = Service.objects.create(
        slug="bav-verdun", kind=Kind.BAV, name="BAV de Verdun", opening_hours="We 13:45-16:45"
    )
    add = reverse("admin:booking_agenda_add")
    assert client.get(add).status_code == 200
    data = {
        "service": service.pk,
        "slot_minutes": 30,
        "horizon_days": 30,
        "notice_minutes": 60,
        "active": "on",
        "capacities-TOTAL_FORMS": 1,
        "capacities-INITIAL_FORMS": 0,
        "capacities-MIN_NUM_FORMS": 1,
        "capacities-MAX_NUM_FORMS": 1000,
        "capacities-0-motive": Motive.BAV,
        "capacities-0-capacity": 2,
    }
    response = client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    agenda = Agenda.objects.get(service=service)
    assert list(agenda.capacities.values_list("motive", "capacity")) == [(Motive.BAV, 2)]
    page = client.get(reverse("admin:booking_agenda_change", args=[agenda.pk])).content.decode()
    assert "13 h 45" in page  # the directory's hours, read back in words
    assert client.get(reverse("admin:booking_agenda_changelist")).status_code == 200
    data["slot_minutes"] = 3  # below five minutes: refused on the page
    response = client.post(add, data)
    assert response.status_code == 200 and Agenda.objects.count() == 1


def test_every_change_of_an_agenda_in_the_administration_leaves_its_audit_line(client):
    OrganisationFactory(kind=OrganisationKind.FEDERATION, code="federation")
    core_services.create_staff(
        "admin@federation.example",
        superuser=True,
        organisation="federation",
        role=Role.FEDERATION_ADMIN,
    )
    admin = get_user_model().objects.get(username="admin@federation.example")
    login(client, admin)
    service = Service.objects.create(slug="bav-verdun", kind=Kind.BAV, name="BAV de Verdun")
    data = {
        "service": service.pk,
        "slot_minutes": 30,
        "horizon_days": 30,
        "notice_minutes": 60,
        "active": "on",
        "capacities-TOTAL_FORMS": 1,
        "capacities-INITIAL_FORMS": 0,
        "capacities-MIN_NUM_FORMS": 1,
        "capacities-MAX_NUM_FORMS": 1000,
        "capacities-0-motive": Motive.BAV,
        "capacities-0-capacity": 2,
    }
    assert client.post(reverse("admin:booking_agenda_add"), data).status_code == 302
    agenda = Agenda.objects.get(service=service)

    def lines():
        return list(
            AuditEvent.objects.filter(target="agenda", target_id=agenda.pk)
            .order_by("id")
            .values_list("action", "actor_id")
        )

    assert lines() == [(AuditAction.CREATE, admin.pk), (AuditAction.UPDATE, admin.pk)]
    refused = {**data, "slot_minutes": 3}  # refused: nothing saved, nothing written
    change = reverse("admin:booking_agenda_change", args=[agenda.pk])
    assert client.post(change, refused).status_code == 200
    assert len(lines()) == 2
    delete = reverse("admin:booking_agenda_delete", args=[agenda.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Agenda.objects.filter(pk=agenda.pk).exists()
    assert lines()[-1] == (AuditAction.DELETE, admin.pk)


def test_other_apps_add_their_links_to_an_appointment(client, verdun, receptionist, monkeypatch):
    from appui.booking import staff_views

    booking = book(verdun, at(wednesday(), 13, 45))
    monkeypatch.setattr(staff_views, "_actions", [])
    staff_views.register_action(
        lambda actor, b: (
            (f"/pro/intakes/new/?booking={b.pk}", "Make it an intake")
            if b.source == "bav"
            else None
        )
    )
    login(client, receptionist)
    page = client.get(reverse("agenda:appointment", args=[booking.pk])).content.decode()
    assert f'href="/pro/intakes/new/?booking={booking.pk}">Make it an intake' in page
