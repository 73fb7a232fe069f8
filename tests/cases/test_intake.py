"""Intake: the helpline routes a caller to an association's queue; bad input is refused
on the same screen with nothing saved; a handled intake cannot be handled twice."""

from django.urls import reverse

from appui.cases import services
from appui.cases.models import Channel, Intake, IntakeStatus
from appui.core.models import Role

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
