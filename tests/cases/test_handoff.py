"""Handing a file to a colleague: the referent changes, her open tasks on it follow, the
change is audited with the former and the new referent; never to another association."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from appui.cases import services
from appui.cases.models import CaseFile, Task, TaskStatus
from appui.core.models import AuditEvent, Role

from .conftest import actor, login
from .test_caseload import listed, open_file

TODAY = services.today()


def task(user, file, assignee=None, days=2):
    return services.add_task(
        actor(user),
        file,
        {"title": "Call", "due_on": TODAY + dt.timedelta(days=days), "assignee": assignee},
    )


@pytest.fixture
def people(staff):
    return {
        "adviser": staff(Role.LEGAL_ADVISER),
        "colleague": staff(Role.SOCIAL_WORKER),
        "psychologist": staff(Role.PSYCHOLOGIST),
        "stranger": staff(Role.LEGAL_ADVISER, "other"),
    }


def test_the_file_and_her_open_tasks_go_to_the_colleague(client, people):
    adviser, colleague, psychologist = (
        people["adviser"],
        people["colleague"],
        people["psychologist"],
    )
    file = open_file(adviser, "Arnaud")
    other_file = open_file(adviser, "Barre")
    hers = [task(adviser, file), task(adviser, file, days=-3)]
    done = task(adviser, file)
    services.complete_task(actor(adviser), done.pk)
    psys = task(adviser, file, assignee=psychologist)
    elsewhere = task(adviser, other_file)
    login(client, adviser)
    page = client.get(reverse("cases:handoff", args=[file.pk]))
    assert page.status_code == 200
    assert f'<option value="{adviser.pk}"' not in page.content.decode()  # not to herself
    response = client.post(reverse("cases:handoff", args=[file.pk]), {"referent": colleague.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:file", args=[file.pk])
    file.refresh_from_db()
    assert file.referent_id == colleague.pk
    assignees = dict(Task.objects.values_list("pk", "assignee_id"))
    assert [assignees[t.pk] for t in hers] == [colleague.pk, colleague.pk]
    assert assignees[done.pk] == adviser.pk  # what she did stays hers
    assert assignees[psys.pk] == psychologist.pk  # a colleague's task stays the colleague's
    assert assignees[elsewhere.pk] == adviser.pk  # another file of hers is not handed over

    # Her lists and the colleague's follow.
    assert listed(client.get(reverse("cases:caseload"))) == [other_file.number]
    login(client, colleague)
    assert listed(client.get(reverse("cases:caseload"))) == [file.number]
    home = client.get(reverse("cases:home")).content.decode()
    assert home.count(f">{file.number}</a>") >= 2  # the overdue task and the week's


def test_the_hand_off_is_audited_with_the_former_and_the_new_referent(people):
    adviser, colleague = people["adviser"], people["colleague"]
    file = open_file(adviser, "Arnaud")
    moved = task(adviser, file)
    start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    services.hand_off(actor(adviser), file, colleague)
    lines = list(AuditEvent.objects.filter(pk__gt=start).order_by("pk"))
    assert [(line.action, line.target, line.target_id) for line in lines] == [
        ("update", "account", adviser.pk),  # the former referent
        ("update", "account", colleague.pk),  # the new one
        ("update", "file", file.pk),
        ("update", "task", moved.pk),
    ]
    assert {(line.actor_id, line.file_id, line.organisation_id) for line in lines} == {
        (adviser.pk, file.pk, file.organisation_id)
    }
    assert lines[2].person_id == file.person_id


def test_a_file_without_referent_is_handed_with_its_unassigned_tasks(people):
    adviser, colleague = people["adviser"], people["colleague"]
    file = open_file(adviser, "Arnaud")
    unassigned = task(adviser, file)
    Task.objects.filter(pk=unassigned.pk).update(assignee=None)
    CaseFile.objects.filter(pk=file.pk).update(referent=None)
    file.refresh_from_db()
    start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    services.hand_off(actor(people["colleague"]), file, colleague)
    unassigned.refresh_from_db()
    assert unassigned.assignee_id == colleague.pk
    first = AuditEvent.objects.filter(pk__gt=start).order_by("pk").first()
    assert (first.target, first.target_id) == ("account", None)


def test_never_to_a_colleague_of_another_association(client, people):
    adviser, stranger = people["adviser"], people["stranger"]
    file = open_file(adviser, "Arnaud")
    mine = task(adviser, file)
    before = AuditEvent.objects.count()
    login(client, adviser)
    response = client.post(reverse("cases:handoff", args=[file.pk]), {"referent": stranger.pk})
    assert response.status_code == 422
    assert "referent" in response.context["form"].errors
    with pytest.raises(PermissionDenied):
        services.hand_off(actor(adviser), file, stranger)
    file.refresh_from_db()
    mine.refresh_from_db()
    assert (file.referent_id, mine.assignee_id) == (adviser.pk, adviser.pk)
    assert AuditEvent.objects.count() == before


def test_never_to_an_inactive_account_nor_to_the_federation(people, staff):
    adviser = people["adviser"]
    file = open_file(adviser, "Arnaud")
    gone = staff(Role.LEGAL_ADVISER)
    gone.staff_profile.active = False
    gone.staff_profile.save()
    listener = staff(Role.HELPLINE_LISTENER, "federation")
    for user in (gone, listener):
        with pytest.raises(PermissionDenied):
            services.hand_off(actor(adviser), file, user)
    file.refresh_from_db()
    assert file.referent_id == adviser.pk


def test_another_association_cannot_hand_our_file(client, people):
    file = open_file(people["adviser"], "Arnaud")
    login(client, people["stranger"])
    url = reverse("cases:handoff", args=[file.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"referent": people["stranger"].pk}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.hand_off(actor(people["stranger"]), file, people["stranger"])
    file.refresh_from_db()
    assert file.referent_id == people["adviser"].pk


def test_handing_to_the_referent_herself_changes_nothing(people):
    adviser = people["adviser"]
    file = open_file(adviser, "Arnaud")
    task(adviser, file)
    before = AuditEvent.objects.count()
    services.hand_off(actor(adviser), file, adviser)
    assert AuditEvent.objects.count() == before
    assert Task.objects.filter(assignee=adviser, status=TaskStatus.OPEN).count() == 1


def test_an_empty_choice_is_a_field_error(client, people):
    file = open_file(people["adviser"], "Arnaud")
    login(client, people["adviser"])
    for data in ({}, {"referent": ""}, {"referent": "abc"}, {"referent": "999999"}):
        response = client.post(reverse("cases:handoff", args=[file.pk]), data)
        assert response.status_code == 422, data
        assert 'id="id_referent_error"' in response.content.decode()
    file.refresh_from_db()
    assert file.referent_id == people["adviser"].pk
