"""The unit's pages: who sees what, every read audited, and the unit's actions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appui.booking.models import BookingState
from appui.complaints import services
from appui.complaints.models import ComplaintCount, PreComplaint, State
from appui.core.models import AuditEvent, Role
from appui.directory.hours import PARIS

from .conftest import CARD, NAME, a_draft, make_staff

pytestmark = pytest.mark.django_db


def send(unit, *, index=0, now=None, draft=None):
    now = now or timezone.now()
    slot = services.unit_slots(unit, now=now)[index]
    pre_complaint, _booking, _token = services.send(
        draft or a_draft(), unit, slot.start, reminders=True, now=now
    )
    return pre_complaint


@pytest.fixture
def received(units):
    return send(units["epinal"])


STAFF_URLS = ("list", "detail", "numbers", "move")
POSTS = ("confirm", "signed", "missed")


def staff_url(name, pk):
    if name == "list":
        return reverse("complaints_staff:list")
    return reverse(f"complaints_staff:{name}", args=[pk])


def test_the_units_agent_sees_the_list_and_reads_are_audited(client, received, agent, as_user):
    user = agent("epinal")
    as_user(user)
    response = client.get(staff_url("list", None))
    assert response.status_code == 200
    html = response.content.decode()
    assert received.booking.reference in html
    assert NAME[1] not in html  # no name on the list
    before = AuditEvent.objects.filter(target="pre_complaint", action="view").count()
    response = client.get(staff_url("detail", received.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert NAME[1] in html and "•••• 7893" in html and CARD.replace(" ", "") not in html
    line = AuditEvent.objects.filter(target="pre_complaint", action="view").latest("pk")
    assert AuditEvent.objects.filter(target="pre_complaint", action="view").count() == before + 1
    assert line.target_id == received.pk and line.actor_id == user.pk
    assert line.organisation_id == received.unit.organisation_id
    # The full numbers are a read of their own.
    response = client.get(staff_url("numbers", received.pk))
    assert CARD.replace(" ", "") in response.content.decode()
    assert AuditEvent.objects.filter(target="payment_numbers", target_id=received.pk).count() == 1


def test_finding_by_code(client, received, agent, as_user):
    as_user(agent("epinal"))
    response = client.get(
        staff_url("list", None), {"reference": received.booking.reference.lower()}
    )
    assert response["Location"] == staff_url("detail", received.pk)
    response = client.get(staff_url("list", None), {"reference": "ZZZZZZZZ"})
    assert response.status_code == 200 and not response.context["rows"]


def test_another_units_agent_gets_404(client, received, agent, as_user):
    as_user(agent("verdun"))
    assert received.booking.reference not in client.get(staff_url("list", None)).content.decode()
    for name in ("detail", "numbers", "move"):
        assert client.get(staff_url(name, received.pk)).status_code == 404, name
    for name in POSTS:
        assert client.post(staff_url(name, received.pk)).status_code == 404, name
    assert PreComplaint.objects.get().state == State.RECEIVED


@pytest.mark.parametrize("role", [Role.DIRECTION, Role.LEGAL_ADVISER, Role.RECEPTIONIST])
def test_association_staff_have_no_access(client, received, staff, as_user, role):
    as_user(staff(role))
    for name in STAFF_URLS:
        assert client.get(staff_url(name, received.pk)).status_code == 403, name
    for name in POSTS:
        assert client.post(staff_url(name, received.pk)).status_code == 403, name


def test_the_federation_and_the_public_have_no_access(client, received, staff, as_user):
    for name in STAFF_URLS:
        response = client.get(staff_url(name, received.pk))
        assert response.status_code == 302 and "/pro/login/" in response["Location"]
    as_user(staff(Role.FEDERATION_ADMIN, "federation"))
    for name in STAFF_URLS:
        assert client.get(staff_url(name, received.pk)).status_code == 403


def test_a_unit_agent_waiting_for_confirmation_sees_nothing(client, received, units, as_user):
    from appui.core import access

    assert access.opens_files(Role.UNIT_AGENT)
    user = make_staff(units["epinal"].organisation, Role.UNIT_AGENT)
    user.staff_profile.active = False
    user.staff_profile.save(update_fields=["active"])
    as_user(user)
    assert client.get(staff_url("detail", received.pk)).status_code == 403


def test_confirm_with_the_documents_to_bring(
    client, received, agent, as_user, mailoutbox, django_capture_on_commit_callbacks
):
    as_user(agent("epinal"))
    response = client.post(staff_url("confirm", received.pk), {"documents": [], "note": ""})
    assert response.status_code == 422
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            staff_url("confirm", received.pk),
            {"documents": ["identity", "receipts"], "note": "Venez à l'accueil."},
        )
    assert response.status_code == 302
    received.refresh_from_db()
    received.booking.refresh_from_db()
    assert received.state == State.CONFIRMED
    assert received.booking.state == BookingState.CONFIRMED
    note = received.booking.note
    assert "identit" in note and "Venez à l'accueil." in note
    assert len(mailoutbox) == 1  # "changed", in neutral words
    assert "plainte" not in mailoutbox[0].body.lower()


def test_move_never_past_the_erasure(client, units, agent, as_user):
    now = timezone.now()
    received = send(units["epinal"], now=now)
    as_user(agent("epinal"))
    response = client.get(staff_url("move", received.pk))
    assert response.status_code == 200
    days = list(response.context["days"])
    assert days and max(days) <= services.latest_day(received.received_at)
    late = dt.datetime.combine(
        received.booking.latest_day + dt.timedelta(days=1), dt.time(9), PARIS
    )
    while late.weekday() >= 5:
        late += dt.timedelta(days=1)
    response = client.post(
        staff_url("move", received.pk), {"start": late.isoformat(), "day": late.date().isoformat()}
    )
    assert response.status_code == 422
    assert "start" in response.context["form"].errors
    other = services.unit_slots(units["epinal"])[5].start.astimezone(PARIS)
    response = client.post(
        staff_url("move", received.pk),
        {"start": other.isoformat(), "day": other.date().isoformat()},
    )
    assert response.status_code == 302
    received.booking.refresh_from_db()
    assert received.booking.start == other


def test_signed_leaves_appui_at_once(client, received, agent, as_user):
    as_user(agent("epinal"))
    response = client.post(staff_url("signed", received.pk))
    assert response.status_code == 302
    received.refresh_from_db()
    assert received.state == State.SIGNED
    assert all(getattr(received, name) == "" for name in services.CONTENT)
    received.booking.refresh_from_db()
    assert received.booking.state == BookingState.HONOURED
    assert received.booking.name == "" and received.booking.phone == ""
    assert client.get(staff_url("detail", received.pk)).status_code == 200  # says it has left
    assert NAME[1] not in client.get(staff_url("detail", received.pk)).content.decode()
    counts = dict(ComplaintCount.objects.values_list("outcome", "count"))
    assert counts == {"received": 1, "signed": 1}
    # Signing again is refused, and counts nothing more.
    client.post(staff_url("signed", received.pk))
    assert dict(ComplaintCount.objects.values_list("outcome", "count")) == counts


def test_missed_only_once_the_time_has_come(client, units, agent, as_user):
    received = send(units["epinal"])
    user = agent("epinal")
    as_user(user)
    client.post(staff_url("missed", received.pk))
    received.refresh_from_db()
    assert received.state == State.RECEIVED  # not yet
    from tests.cases.conftest import actor

    services.mark_missed(actor(user), received, now=received.booking.start + dt.timedelta(hours=1))
    received.refresh_from_db()
    assert received.state == State.MISSED
    assert received.booking.state == BookingState.MISSED
    assert received.declarant  # her data stay until the 30 days are over


def test_the_agenda_reads_a_pre_complaints_appointment_and_sends_to_its_page(
    client, received, agent, as_user
):
    """Confirmed, moved, signed or missed on the pre-complaint's page only: there its data
    and counters go with it. The agenda shows it and links there."""
    as_user(agent("epinal"))
    appointment = reverse("agenda:appointment", args=[received.booking.pk])
    page = client.get(appointment).content.decode()
    assert staff_url("detail", received.pk) in page
    assert reverse("agenda:confirm", args=[received.booking.pk]) not in page
    for name in ("confirm", "cancel"):
        response = client.post(reverse(f"agenda:{name}", args=[received.booking.pk]))
        assert response.status_code == 403, name
    received.booking.refresh_from_db()
    assert received.booking.state == "booked"
