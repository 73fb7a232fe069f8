"""`appui demo_files`: the demo association's day, made through the services, idempotent,
never in production; every file it makes opens."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from appui.booking import demo as booking_demo
from appui.cases import services
from appui.cases.models import (
    CaseFile,
    FileStatus,
    Intake,
    IntakeStatus,
    Interview,
    Person,
    Referral,
    Task,
    TaskStatus,
)
from appui.core import demo as core_demo
from appui.core.models import AuditEvent, Organisation, StaffProfile

from .conftest import login


@pytest.fixture
def demo_network(db, settings):
    from appui.directory import services as directory
    from appui.territory import services as territory

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    territory.load(force=True)
    assert directory.load_seed().ok
    core_demo.load()
    booking_demo.load()  # which association runs which place
    return Organisation.objects.get(code="fv54")


def run() -> str:
    out = StringIO()
    call_command("demo_files", stdout=out)
    return out.getvalue()


def snapshot():
    return {
        "people": sorted(Person.objects.values_list("first_name", "last_name")),
        "files": sorted(CaseFile.objects.values_list("number", "status", "opened_on")),
        "intakes": Intake.objects.count(),
        "interviews": Interview.objects.count(),
        "tasks": sorted(Task.objects.values_list("case_file__number", "key", "status")),
        "audit": AuditEvent.objects.count(),
    }


def test_a_day_of_files_at_every_stage_made_once(demo_network):
    assert "13 stories made, 0 already there" in run()
    first = snapshot()
    assert "0 stories made, 13 already there" in run()
    assert snapshot() == first  # run twice, same data

    org = demo_network
    people = Person.objects.filter(organisation=org)
    assert people.count() == 11 and set(people.values_list("last_name", flat=True)) == {"EXEMPLE"}
    assert all(re.fullmatch(r"06 00 00 00 \d\d", p.phone) for p in people)
    assert all(p.email.endswith(".exemple@example.org") for p in people)
    queue = Intake.objects.filter(organisation=org, status=IntakeStatus.NEW)
    assert queue.count() == 2
    assert queue.filter(channel="guide_callback", danger_now=True).count() == 1
    files = CaseFile.objects.filter(organisation=org)
    assert files.filter(status=FileStatus.CLOSED).count() == 1
    assert len({f.opened_on for f in files}) >= 8  # opened on different days
    nadia = files.get(person__first_name="Nadia")
    assert set(nadia.interviews.values_list("discipline", flat=True)) == {
        "reception",
        "legal",
        "psychological",
        "social",
    }
    today = services.today()
    louis = files.get(person__first_name="Louis")
    assert louis.tasks.filter(status=TaskStatus.OPEN, due_on__lt=today).count() >= 2
    assert Referral.objects.filter(case_file__organisation=org, status="proposed").exists()
    assert files.get(person__first_name="Hugo").assessments.filter(status="requested").exists()
    assert files.get(person__first_name="Léa").protections.filter(kind="tgd").exists()
    assert files.get(person__first_name="Léa").tasks.filter(kind="tgd_renewal").exists()
    # The team view has several referents; the hand-off moved Zoé's file to the adviser.
    assert files.filter(status=FileStatus.OPEN).values("referent").distinct().count() >= 5
    adviser = get_user_model().objects.get(username="juriste@fv54.example")
    zoe = files.get(person__first_name="Zoé")
    assert zoe.referent == adviser and not zoe.interviews.exists()
    assert AuditEvent.objects.filter(file_id=zoe.pk, target="account", target_id=adviser.pk)
    # Real work: audit lines by the demo accounts, tasks from the law's deadlines.
    assert AuditEvent.objects.filter(actor_id=adviser.pk, action="create").exists()
    assert Task.objects.filter(case_file__organisation=org, source="rights").exists()


def test_every_demo_file_opens_and_the_day_shows(client, demo_network):
    run()
    adviser = get_user_model().objects.get(username="juriste@fv54.example")
    login(client, adviser)
    for file in CaseFile.objects.filter(organisation=demo_network):
        response = client.get(reverse("cases:file", args=[file.pk]))
        assert response.status_code == 200, file.number
    home = client.get(reverse("cases:home")).content.decode()
    waiting = home.split('id="waiting"')[1].split("</section>")[0]
    numbers = dict(
        CaseFile.objects.filter(organisation=demo_network).values_list(
            "person__first_name", "number"
        )
    )
    assert numbers["Louis"] in waiting and numbers["Zoé"] in waiting  # late; no interview
    assert reverse("cases:intake_queue") in waiting
    files = CaseFile.objects.filter(organisation=demo_network, status=FileStatus.OPEN)
    mine = client.get(reverse("cases:caseload")).content.decode()
    team = client.get(reverse("cases:caseload") + "?team=1").content.decode()
    for file in files.select_related("person"):
        assert (file.number in mine) == (file.referent_id == adviser.pk), file.number
        assert file.number in team and str(file.person) in team
    assert client.get(reverse("cases:intake_queue")).status_code == 200


def test_never_in_production(demo_network, settings):
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="Production"):
        run()
    assert not Person.objects.exists()


def test_it_says_what_is_missing(db):
    with pytest.raises(CommandError, match="load_demo"):
        run()


def test_an_account_that_may_not_act_is_named(demo_network):
    StaffProfile.objects.filter(user__username="psy@fv54.example").update(active=False)
    with pytest.raises(CommandError, match="psy@fv54.example"):
        run()
    assert not Person.objects.exists()
