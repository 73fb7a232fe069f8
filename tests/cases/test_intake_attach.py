"""From an intake to the file, without retyping: find the person, attach the intake to the
file of an affair already known (no new person, no new file), or create the person with
what the intake says (name split into first name and surname, phone, email, language,
town)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from appui.cases import services
from appui.cases.models import (
    CaseFile,
    Channel,
    Intake,
    IntakeStatus,
    Person,
    TaskKind,
    TaskStatus,
)
from appui.core.models import AuditEvent, Role

from .conftest import actor, login


@pytest.fixture(scope="module")
def france(django_db_setup, django_db_blocker):
    from appui.territory import services as territory

    with django_db_blocker.unblock():
        territory.load(force=True)
    yield
    with django_db_blocker.unblock():
        territory.unload()


def _known(user, last_name="Lambert", first_name="Julie", phone="06 12 34 56 78"):
    """A person already helped, with the file of her affair."""
    who = actor(user)
    person = services.create_person(
        who, {"last_name": last_name, "first_name": first_name, "phone": phone}
    )
    file = services.open_file(
        who,
        person=person,
        role="direct",
        channel=Channel.OWN_REQUEST,
        affair_data={"offence_category": "violence"},
    )
    return person, file


def _intake(user, **data):
    data.setdefault("contact_name", "Julie Lambert")
    data.setdefault("contact_phone", "0612345678")
    return services.create_intake(actor(user), channel=Channel.OWN_REQUEST, data=data)


def test_an_intake_is_attached_to_the_file_of_an_affair_already_known(client, staff):
    receptionist = staff(Role.RECEPTIONIST)
    person, file = _known(receptionist)
    intake = _intake(receptionist)
    login(client, receptionist)

    # From the intake: "Find this person" carries the intake, never her name, in the address.
    page = client.get(reverse("cases:intake", args=[intake.pk])).content.decode()
    search_url = reverse("cases:search") + f"?intake={intake.pk}"
    assert f'href="{search_url}"' in page and "Lambert" not in search_url
    found = client.get(search_url)
    assert [m.person for m in found.context["matches"]] == [person]
    person_url = reverse("cases:person", args=[person.pk]) + f"?intake={intake.pk}"
    assert person_url in found.content.decode()

    # Her page offers to attach the intake to each of her files.
    page = client.get(person_url).content.decode()
    assert f'name="attach" value="{file.pk}"' in page
    assert reverse("cases:file_new", args=[person.pk]) + f"?intake={intake.pk}" in page

    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = client.post(reverse("cases:intake", args=[intake.pk]), {"attach": file.pk})
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:file", args=[file.pk]
    )
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.DONE and intake.case_file == file
    assert intake.handled_by == receptionist and intake.handled_at is not None
    line = AuditEvent.objects.get(pk__gt=before, action="update", target="intake")
    assert (line.target_id, line.file_id, line.actor_id) == (intake.pk, file.pk, receptionist.pk)
    assert Person.objects.count() == 1 and CaseFile.objects.count() == 1
    # The file page says it; the queue no longer lists it.
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert any(file.number in m for m in messages)
    assert intake not in client.get(reverse("cases:intake_queue")).context["intakes"]


def test_the_same_intake_attached_twice_changes_nothing_and_says_so(client, staff):
    receptionist = staff(Role.RECEPTIONIST)
    _, file = _known(receptionist)
    _, other_file = _known(receptionist, "Durand", "Léa", "")
    intake = _intake(receptionist)
    services.attach_intake(actor(receptionist), intake, file)
    handled_at = Intake.objects.get().handled_at
    last_line = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()

    with pytest.raises(services.AlreadyHandled):
        services.attach_intake(actor(receptionist), intake, other_file)

    login(client, receptionist)
    response = client.post(
        reverse("cases:intake", args=[intake.pk]), {"attach": other_file.pk}, follow=True
    )
    assert response.status_code == 200
    text = " ".join(str(m) for m in response.context["messages"])
    assert "déjà été traitée" in text and file.number in text  # the interface speaks French
    intake.refresh_from_db()
    assert intake.case_file == file and intake.handled_at == handled_at
    # No write line: the page shown after the refusal only reads.
    assert not AuditEvent.objects.filter(pk__gt=last_line).exclude(action="view").exists()


def test_another_associations_intake_or_file_is_refused(client, staff):
    ours, theirs = staff(Role.RECEPTIONIST), staff(Role.RECEPTIONIST, "other")
    _, our_file = _known(ours)
    _, their_file = _known(theirs)
    our_intake, their_intake = _intake(ours), _intake(theirs)

    with pytest.raises(PermissionDenied, match="autre association"):
        services.attach_intake(actor(ours), their_intake, our_file)
    with pytest.raises(PermissionDenied, match="autre association"):
        services.attach_intake(actor(ours), our_intake, their_file)

    login(client, ours)
    url = reverse("cases:intake", args=[our_intake.pk])
    assert client.post(url, {"attach": their_file.pk}).status_code == 404
    assert client.post(url, {"attach": "x"}).status_code == 404
    other_url = reverse("cases:intake", args=[their_intake.pk])
    assert client.post(other_url, {"attach": our_file.pk}).status_code == 404
    # The helpline takes calls, not files.
    login(client, staff(Role.HELPLINE_LISTENER))
    assert client.post(url, {"attach": our_file.pk}).status_code in (403, 404)
    assert not Intake.objects.filter(status=IntakeStatus.DONE).exists()


def test_a_prosecutors_mandate_comes_with_the_intake_and_its_task(staff):
    receptionist = staff(Role.RECEPTIONIST)
    _, file = _known(receptionist)
    due = timezone.localdate() + dt.timedelta(days=20)
    intake = _intake(receptionist, mandate_reference="PARQ-26-123", mandate_due=due)
    services.attach_intake(actor(receptionist), intake, file)
    file.refresh_from_db()
    assert (file.mandate_reference, file.mandate_due) == ("PARQ-26-123", due)
    task = file.tasks.get(kind=TaskKind.MANDATE_DUE)
    assert task.due_on == due and task.status == TaskStatus.OPEN


def test_an_existing_person_gets_a_new_file_for_the_intake_not_a_twin(client, staff):
    receptionist = staff(Role.RECEPTIONIST)
    person, _ = _known(receptionist)
    intake = _intake(receptionist, contact_name="LAMBERT Julie")
    login(client, receptionist)
    # Creating her again is caught: the form names her and offers her page.
    page = client.get(reverse("cases:person_new") + f"?intake={intake.pk}")
    data = {k: v for k, v in page.context["form"].initial.items() if v}
    response = client.post(
        reverse("cases:person_new") + f"?intake={intake.pk}",
        {**data, "once": page.context["once"]},
    )
    assert [m.person for m in response.context["duplicates"]] == [person]
    assert (
        reverse("cases:person", args=[person.pk]) + f"?intake={intake.pk}"
        in response.content.decode()
    )
    # A new affair: a new file for the person already known, the intake done with it.
    url = reverse("cases:file_new", args=[person.pk]) + f"?intake={intake.pk}"
    page = client.get(url)
    response = client.post(
        url,
        {
            "once": page.context["once"],
            "role": "direct",
            "channel": Channel.OWN_REQUEST,
            "offence_category": "theft",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Person.objects.count() == 1 and CaseFile.objects.filter(person=person).count() == 2
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.DONE and intake.case_file.affair.offence_category == (
        "theft"
    )


@pytest.mark.parametrize(
    ("given", "first_name", "last_name"),
    [
        ("Julie Lambert", "Julie", "Lambert"),
        ("LAMBERT Julie", "Julie", "LAMBERT"),
        ("Lambert", "", "Lambert"),
        ("  julie   lambert ", "julie", "lambert"),
        ("Marie DE LA TOUR", "Marie", "DE LA TOUR"),
        ("Marie de la Tour", "Marie", "de la Tour"),
        ("Jean-Pierre MARTIN-DUBOIS", "Jean-Pierre", "MARTIN-DUBOIS"),
        ("JULIE LAMBERT", "JULIE", "LAMBERT"),
        ("Lambert, Julie", "Julie", "Lambert"),
        ("Mme Julie Lambert", "Julie", "Lambert"),
        ("J. LAMBERT", "J.", "LAMBERT"),
        ("Fatima El Amrani", "Fatima", "El Amrani"),
        ("", "", ""),
    ],
)
def test_the_name_given_is_split_into_first_name_and_surname(given, first_name, last_name):
    assert services.split_contact_name(given) == (first_name, last_name)


def test_a_new_person_from_an_intake_starts_with_what_she_said(client, staff, france):
    receptionist = staff(Role.RECEPTIONIST)
    intake = _intake(
        receptionist,
        contact_name="LAMBERT Julie",
        contact_email="julie@example.org",
        commune_code="54395",
        language="es",
    )
    login(client, receptionist)
    client.cookies["django_language"] = "en"
    url = reverse("cases:person_new") + f"?intake={intake.pk}"
    page = client.get(url)
    form = page.context["form"]
    assert form.initial == {
        "last_name": "LAMBERT",
        "first_name": "Julie",
        "phone": "0612345678",
        "email": "julie@example.org",
        "commune_code": "54395",
        "language": "es",
    }
    html = page.content.decode()
    assert 'value="Nancy (54000)"' in html and "54395" not in html
    assert '<option value="es" selected>Spanish</option>' in html
    # Sent as shown: the person holds it all, and the new file carries the intake on.
    response = client.post(
        url,
        {
            "once": page.context["once"],
            "last_name": "LAMBERT",
            "first_name": "Julie",
            "phone": "0612345678",
            "email": "julie@example.org",
            "commune_code": "Nancy (54000)",
            "language": "es",
            "interpreter_needed": "unknown",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get()
    assert (person.last_name, person.first_name, person.phone, person.email) == (
        "LAMBERT",
        "Julie",
        "0612345678",
        "julie@example.org",
    )
    assert (person.commune_code, person.language, person.interpreter_needed) == (
        "54395",
        "es",
        None,
    )
    assert response["Location"].endswith(
        reverse("cases:file_new", args=[person.pk]) + f"?intake={intake.pk}"
    )
