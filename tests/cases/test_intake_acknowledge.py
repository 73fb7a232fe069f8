"""A transfer from the 116 006: the association acknowledges it once, and its queue page
learns of a new intake without reloading (a stamp asked every second)."""

from django.urls import reverse

from appui.cases import services
from appui.cases.models import Channel, Intake
from appui.core.models import AuditAction, AuditEvent, Role

from .conftest import actor, login

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _transfer(staff, own):
    listener = staff(Role.HELPLINE_LISTENER, "federation")
    return services.create_intake(
        actor(listener),
        channel=Channel.HELPLINE,
        data={"summary": "Agressée hier à Nancy, accepte d'être rappelée."},
        organisation_id=own.pk,
    )


def test_the_association_acknowledges_a_transfer_once(client, staff, own):
    intake = _transfer(staff, own)
    receptionist = staff(Role.RECEPTIONIST)
    login(client, receptionist)
    queue = client.get(reverse("cases:intake_queue"), **EN).content.decode()
    assert "to acknowledge" in queue
    page = client.get(reverse("cases:intake", args=[intake.pk]), **EN).content.decode()
    assert "Acknowledge receipt" in page
    url = reverse("cases:intake", args=[intake.pk])
    response = client.post(url, {"acknowledge": "1"}, follow=True, **EN)
    assert "Receipt acknowledged" in response.content.decode()
    intake.refresh_from_db()
    first = intake.acknowledged_at
    assert first is not None and intake.acknowledged_by_id == receptionist.pk
    lines = AuditEvent.objects.filter(target_id=str(intake.pk), action=AuditAction.UPDATE)
    assert lines.count() == 1
    client.post(url, {"acknowledge": "1"}, **EN)  # a second click changes nothing
    intake.refresh_from_db()
    assert intake.acknowledged_at == first and lines.count() == 1
    assert "to acknowledge" not in client.get(reverse("cases:intake_queue"), **EN).content.decode()


def test_another_association_cannot_acknowledge(client, staff, own):
    intake = _transfer(staff, own)
    login(client, staff(Role.RECEPTIONIST, "other"))
    response = client.post(reverse("cases:intake", args=[intake.pk]), {"acknowledge": "1"})
    assert response.status_code == 404
    assert Intake.objects.get(pk=intake.pk).acknowledged_at is None


def test_the_queue_stamp_changes_when_an_intake_arrives(client, staff, own):
    login(client, staff(Role.RECEPTIONIST))
    url = reverse("cases:intake_queue_stamp")
    stamp = client.get(url).json()["stamp"]
    assert client.get(url, {"since": stamp}).status_code == 204
    _transfer(staff, own)
    fresh = client.get(url, {"since": stamp})
    assert fresh.status_code == 200 and fresh.json()["stamp"] != stamp
    # Another association's arrival does not change ours.
    mine = fresh.json()["stamp"]
    services.create_intake(
        actor(staff(Role.HELPLINE_LISTENER, "federation")),
        channel=Channel.HELPLINE,
        data={"summary": "x"},
        organisation_id=staff(Role.RECEPTIONIST, "other").staff_profile.organisation_id,
    )
    assert client.get(url, {"since": mine}).status_code == 204
