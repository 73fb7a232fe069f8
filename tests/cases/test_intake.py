"""Intake: the helpline routes a caller to an association's queue; bad input is refused
on the same screen with nothing saved; a handled intake cannot be handled twice; a
callback from the guide carries what she said, and danger comes first in the queue."""

import datetime as dt

import pytest
from django.urls import reverse

from appui.cases import services
from appui.cases.models import Channel, Intake, IntakeStatus
from appui.core.models import AuditEvent, Role

from .conftest import actor, login


def test_the_helpline_transfers_a_caller_to_an_association(client, staff, own):
    listener = staff(Role.HELPLINE_LISTENER, "federation")
    login(client, listener)
    page = client.get(reverse("cases:intake_new"))
    assert "organisation" in page.context["form"].fields
    response = client.post(
        reverse("cases:intake_new"),
        {
            "once": page.context["once"],
            "channel": Channel.HELPLINE,
            "organisation": own.pk,
            "contact_name": "Paul",
            "contact_phone": "0612345678",
            "summary": "Cambriolage hier.",
        },
    )
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert intake.organisation == own and intake.summary == "Cambriolage hier."
    # The listener routed it; the association's queue holds it, not the helpline's.
    assert client.get(reverse("cases:intake", args=[intake.pk])).status_code == 404
    login(client, staff(Role.RECEPTIONIST))
    assert "Paul" in client.get(reverse("cases:intake_queue")).content.decode()


def test_bad_intakes_are_refused_with_field_messages(client, staff):
    login(client, staff(Role.RECEPTIONIST))
    page = client.get(reverse("cases:intake_new"))
    response = client.post(
        reverse("cases:intake_new"),
        {
            "once": page.context["once"],
            "channel": Channel.PROSECUTOR_MANDATE,
            "commune_code": "99999",
            "mandate_due": "not a date",
        },
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert {"mandate_reference", "commune_code", "mandate_due", "__all__"} <= set(errors)
    assert not Intake.objects.exists()
    response = client.post(reverse("cases:intake_new"), {"once": "forged", "channel": "x"})
    assert response.status_code == 302 and not Intake.objects.exists()


def test_an_intake_is_handled_once(client, staff):
    receptionist = staff(Role.RECEPTIONIST)
    intake = services.create_intake(
        actor(receptionist), channel=Channel.OWN_REQUEST, data={"contact_name": "Zoé"}
    )
    login(client, receptionist)
    url = reverse("cases:intake", args=[intake.pk])
    assert client.post(url, {"reason": "Orientée vers un avocat"}).status_code == 302
    assert client.post(url, {"reason": "Encore"}).status_code == 302
    intake.refresh_from_db()
    assert (
        intake.status == IntakeStatus.CLOSED and intake.closing_reason == "Orientée vers un avocat"
    )


@pytest.fixture
def directory(db):
    from appui.directory import services as directory
    from appui.territory import services as territory

    territory.load(force=True)
    assert directory.load_seed().ok


def test_a_callback_carries_what_she_said_and_danger_comes_first(client, staff, own, directory):
    receptionist = staff(Role.RECEPTIONIST)
    older = services.create_intake(
        actor(receptionist), channel=Channel.OWN_REQUEST, data={"contact_name": "Zoé"}
    )
    # A victim in Nancy, in Spanish, in danger now, hit and threatened by her former partner.
    client.cookies["django_language"] = "es"
    session = client.session
    session["guide"] = {
        "danger": "yes",
        "situations": ["hit", "threats"],
        "date": "2026-10-01",
        "commune": "54395",
        "author": "partner",
    }
    session.save()
    page = client.get(reverse("guide:callback"))
    assert "Nancy" in page.content.decode()  # she sees what will be sent
    response = client.post(
        reverse("guide:callback"),
        {"name": "Marie", "phone": "06 12 34 56 78", "consent": "on"},
    )
    assert response.status_code == 302
    intake = Intake.objects.exclude(pk=older.pk).get()
    assert intake.organisation == own and intake.channel == Channel.GUIDE_CALLBACK
    assert intake.danger_now is True and intake.author_is_partner is True
    assert intake.offence_categories == ["violence", "threats"]
    assert intake.offence_category == "violence"
    assert intake.offence_date == dt.date(2026, 10, 1)
    assert intake.language == "es" and intake.commune_code == "54395"
    assert AuditEvent.objects.filter(target_id=intake.pk, action="create").count() == 1

    login(client, receptionist)
    client.cookies["django_language"] = "en"
    queue = client.get(reverse("cases:intake_queue"))
    rows = queue.context["intakes"]
    assert [i.pk for i in rows] == [intake.pk, older.pk]  # danger first, though newer
    text = queue.content.decode()
    assert text.index("In danger now") < text.index("Zoé")  # said in words, not colour
    detail = client.get(reverse("cases:intake", args=[intake.pk])).content.decode()
    for shown in ("In danger now", "violence", "threats", "Nancy (54)", "Spanish"):
        assert shown in detail, shown
    assert "54395" not in detail.replace('value="54395"', "")


def test_an_older_session_with_one_situation_is_accepted(client, own, directory):
    session = client.session
    session["guide"] = {"danger": "no", "situation": "theft", "commune": "54395"}
    session.save()
    response = client.post(reverse("guide:callback"), {"phone": "06 12 34 56 78", "consent": "on"})
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert intake.offence_categories == ["theft"] and intake.danger_now is False
    assert intake.author_is_partner is None and intake.offence_date is None


def test_behind_a_trusted_proxy_the_audit_log_keeps_the_client_address(client, staff, settings):
    receptionist = staff(Role.RECEPTIONIST)
    intake = services.create_intake(
        actor(receptionist), channel=Channel.OWN_REQUEST, data={"contact_name": "Zoé"}
    )
    login(client, receptionist)
    url = reverse("cases:intake", args=[intake.pk])
    client.get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1")
    settings.APPUI_TRUSTED_PROXIES = 1
    client.get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.1")
    views = AuditEvent.objects.filter(target_id=intake.pk, action="view").order_by("pk")
    assert list(views.values_list("ip", flat=True)) == ["10.0.0.2", "192.0.2.1"]
