"""The whole day of an association, through its pages: intake → file → interviews →
referral → deadline task; and another association sees none of it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appui.cases.models import CaseFile, Intake, IntakeStatus, Interview, Person, Referral, Task
from appui.core.models import AuditEvent, Role

from .conftest import login


@pytest.fixture
def directory(db):
    from appui.directory import services as directory
    from appui.territory import services as territory

    territory.load(force=True)
    assert directory.load_seed().ok


def test_callback_to_civi_task_and_isolation(client, staff, directory, own, django_user_model):
    # A victim in Nancy asks the guide to call her back.
    session = client.session
    session["guide"] = {
        "danger": "no",
        "situation": "hit",
        "date": "2026-10-01",
        "commune": "54395",
    }
    session.save()
    response = client.post(
        reverse("guide:callback"),
        {
            "name": "Marie Dupont",
            "phone": "06 12 34 56 78",
            "preferred_time": "after 6 pm",
            "consent": "on",
        },
    )
    assert response.status_code == 302  # to the "sent" page: a reload sends nothing again
    intake = Intake.objects.get()
    assert intake.organisation == own and intake.channel == "guide_callback"

    receptionist = staff(Role.RECEPTIONIST)
    login(client, receptionist)
    queue = client.get(reverse("cases:intake_queue"))
    assert "Marie Dupont" in queue.content.decode()
    detail = client.get(reverse("cases:intake", args=[intake.pk]))
    assert detail.status_code == 200

    # Create the person, then the file with its affair.
    page = client.get(reverse("cases:person_new") + f"?intake={intake.pk}")
    once = page.context["once"]
    response = client.post(
        reverse("cases:person_new"),
        {
            "intake": intake.pk,
            "once": once,
            "last_name": "Dupont",
            "first_name": "Marie",
            "birth_date": "1990-04-02",
            "phone": "06 12 34 56 78",
            "commune_code": "54395",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get()
    page = client.get(reverse("cases:file_new", args=[person.pk]) + f"?intake={intake.pk}")
    once = page.context["once"]
    response = client.post(
        reverse("cases:file_new", args=[person.pk]),
        {
            "intake": intake.pk,
            "once": once,
            "role": "direct",
            "channel": "guide_callback",
            "offence_category": "violence",
            "offence_class": "delit",
            "offence_date": "2026-10-01",
            "commune_code": "54395",
            "in_france": "true",
            "author_known": "true",
            "author_relationship": "former_partner",
            "complaint_filed": "true",
            "complaint_date": "2026-10-02",
            "circumstances": "Coups au domicile.",
            "author_known_": "",
            "complaint_filed_": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    file = CaseFile.objects.get()
    assert Intake.objects.get().status == IntakeStatus.DONE

    # Facts that open the CIVI (ITT of 45 days) give a dated CIVI task.
    response = client.post(
        reverse("cases:facts_edit", args=[file.pk]),
        {
            "itt_days": "45",
            "french_national": "true",
            "death": "false",
            "permanent_incapacity": "false",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    task = Task.objects.get(key="civi_full:civi_request")
    assert task.due_on >= dt.date(2029, 10, 1)

    # Two interviews by two disciplines.
    page = client.get(reverse("cases:interview_new", args=[file.pk]))
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("cases:interview_new", args=[file.pk]),
        {
            "once": page.context["once"],
            "discipline": "reception",
            "held_at": now,
            "duration_minutes": "30",
            "mode": "phone",
            "note": "Premier appel.",
        },
    )
    assert response.status_code == 302
    psychologist = staff(Role.PSYCHOLOGIST)
    login(client, psychologist)
    page = client.get(reverse("cases:interview_new", args=[file.pk]))
    response = client.post(
        reverse("cases:interview_new", args=[file.pk]),
        {
            "once": page.context["once"],
            "discipline": "psychological",
            "held_at": now,
            "duration_minutes": "45",
            "mode": "in_person",
            "note": "Note du psychologue.",
        },
    )
    assert response.status_code == 302
    assert Interview.objects.count() == 2
    assert (
        "Note du psychologue." in client.get(reverse("cases:file", args=[file.pk])).content.decode()
    )

    # The receptionist sees that it happened, not what was said.
    login(client, receptionist)
    page = client.get(reverse("cases:file", args=[file.pk])).content.decode()
    assert "Premier appel." in page and "Note du psychologue." not in page

    # A referral to a partner from the directory.
    page = client.get(reverse("cases:referral_new", args=[file.pk]))
    from appui.directory.models import Service

    cidff = Service.objects.get(slug="cidff-val-de-briey")
    response = client.post(
        reverse("cases:referral_new", args=[file.pk]),
        {
            "once": page.context["once"],
            "partner": cidff.pk,
            "reason": "Accompagnement",
            "status": "proposed",
        },
    )
    assert response.status_code == 302
    assert Referral.objects.get().partner_name == cidff.name

    # My tasks lists the CIVI deadline only when it is due soon: it is due in 2029.
    home = client.get(reverse("cases:home"))
    assert home.status_code == 200

    # Another association's user sees none of it.
    stranger = staff(Role.DIRECTION, "other")
    login(client, stranger)
    for url in [
        reverse("cases:file", args=[file.pk]),
        reverse("cases:person", args=[person.pk]),
        reverse("cases:intake", args=[intake.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("cases:search") + "?name=dupont").context["matches"] == []
    assert AuditEvent.objects.filter(file_id=file.pk, action="view").exists()


def test_a_relative_joins_the_affair_with_a_file_of_their_own(client, staff):
    from appui.cases import services

    from .conftest import actor

    receptionist = staff(Role.RECEPTIONIST)
    who = actor(receptionist)
    victim = services.create_person(who, {"last_name": "Roux", "first_name": "Emma"})
    file = services.open_file(
        who,
        person=victim,
        role="direct",
        channel="own_request",
        affair_data={"offence_category": "homicide"},
    )
    login(client, receptionist)
    page = client.get(reverse("cases:file", args=[file.pk])).content.decode()
    assert f"?affair={file.affair_id}" in page
    new = client.get(reverse("cases:person_new") + f"?affair={file.affair_id}")
    response = client.post(
        reverse("cases:person_new"),
        {
            "once": new.context["once"],
            "affair": file.affair_id,
            "last_name": "Roux",
            "first_name": "Hugo",
            "confirm": "1",
        },
    )
    assert response["Location"].endswith(f"?affair={file.affair_id}")
    relative = Person.objects.get(first_name="Hugo")
    url = reverse("cases:file_new", args=[relative.pk]) + f"?affair={file.affair_id}"
    once = client.get(url).context["once"]
    response = client.post(
        url, {"once": once, "affair": file.affair_id, "role": "relative", "channel": "own_request"}
    )
    assert response.status_code == 302
    assert CaseFile.objects.filter(affair_id=file.affair_id).count() == 2
    # One file per person per affair: a second one for Hugo goes to the first.
    once = client.get(url).context["once"]
    response = client.post(
        url, {"once": once, "affair": file.affair_id, "role": "relative", "channel": "own_request"}
    )
    assert CaseFile.objects.filter(affair_id=file.affair_id).count() == 2
    # Another association's affair cannot be joined.
    stranger = staff(Role.DIRECTION, "other")
    login(client, stranger)
    other_person = services.create_person(actor(stranger), {"last_name": "Autre"})
    url = reverse("cases:file_new", args=[other_person.pk]) + f"?affair={file.affair_id}"
    assert client.get(url).status_code == 404
