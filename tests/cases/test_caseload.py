"""The caseload ("my files", "my team's files"), the day's page, and tasks written by hand."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from appui.cases import services
from appui.cases.models import CaseFile, Channel, Intake, Task, TaskSource, TaskStatus
from appui.core.models import AuditEvent, ExceptionalAccess, Role

from .conftest import actor, login

TODAY = services.today()
CASELOAD = reverse("cases:caseload")


def open_file(user, last_name, offence="theft", **kwargs):
    who = actor(user)
    person = services.create_person(who, {"last_name": last_name, "first_name": "Lou"})
    return services.open_file(
        who,
        person=person,
        role="direct",
        channel=Channel.OWN_REQUEST,
        affair_data={"offence_category": offence},
        **kwargs,
    )


def interview(user, file, discipline):
    services.add_interview(
        actor(user),
        file,
        {
            "discipline": discipline,
            "held_at": timezone.now(),
            "duration_minutes": 30,
            "mode": "in_person",
        },
    )


def overdue_task(user, file, days=3):
    return services.add_task(
        actor(user),
        file,
        {"title": "Call her back", "due_on": TODAY - dt.timedelta(days=days)},
    )


def listed(response) -> list[str]:
    """The file numbers of the list, in order."""
    return re.findall(r'href="/pro/files/\d+/">([A-Z0-9-]+)</a>', response.content.decode())


@pytest.fixture(autouse=True)
def _english(client):
    """Pages in English, so that the words checked here do not depend on the catalogues."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def team(staff):
    return {
        "adviser": staff(Role.LEGAL_ADVISER),
        "psychologist": staff(Role.PSYCHOLOGIST),
        "direction": staff(Role.DIRECTION),
    }


# --- filters ---------------------------------------------------------------------------


def test_my_files_are_those_i_follow_and_the_team_sees_all_of_the_association(client, team):
    mine = open_file(team["adviser"], "Arnaud")
    theirs = open_file(team["psychologist"], "Blanc")
    login(client, team["adviser"])
    assert listed(client.get(CASELOAD)) == [mine.number]
    assert set(listed(client.get(CASELOAD + "?team=1"))) == {mine.number, theirs.number}


def test_filters_status_discipline_referent_and_overdue(client, team):
    adviser, psychologist = team["adviser"], team["psychologist"]
    legal = open_file(adviser, "Arnaud")
    interview(adviser, legal, "legal")
    late = open_file(adviser, "Barre")
    overdue_task(adviser, late)
    closed = open_file(adviser, "Caron")
    services.close_file(actor(adviser), closed)
    psy = open_file(psychologist, "Dumas")
    interview(psychologist, psy, "psychological")
    orphan = open_file(adviser, "Lefort")
    orphan.referent = None
    orphan.save()
    login(client, adviser)

    assert set(listed(client.get(CASELOAD))) == {legal.number, late.number}
    assert listed(client.get(CASELOAD + "?status=closed")) == [closed.number]
    assert listed(client.get(CASELOAD + "?discipline=legal")) == [legal.number]
    assert listed(client.get(CASELOAD + "?overdue=on")) == [late.number]
    team_url = CASELOAD + "?team=1"
    assert listed(client.get(team_url + "&discipline=psychological")) == [psy.number]
    assert listed(client.get(team_url + f"&referent={psychologist.pk}")) == [psy.number]
    assert listed(client.get(team_url + "&referent=none")) == [orphan.number]
    page = client.get(team_url + "&overdue=on&discipline=psychological")
    assert listed(page) == [] and "No file of the association matches" in page.content.decode()
    # The filters stay in the form (a GET form: the address keeps them, no script needed).
    html = client.get(team_url + "&discipline=legal&overdue=on").content.decode()
    assert '<form method="get"' in html
    assert (
        '<option value="legal" selected>' in html
        and 'name="overdue" id="id_overdue" checked' in html
    )


def test_each_row_shows_the_person_the_offence_the_referent_and_the_next_task(client, team):
    adviser = team["adviser"]
    file = open_file(adviser, "Arnaud", offence="fraud")
    overdue_task(adviser, file, days=5)
    overdue_task(adviser, file, days=2)
    login(client, adviser)
    row = re.search(r"<tr class=\"overdue\">.*?</tr>", client.get(CASELOAD).content.decode(), re.S)
    cells = [
        re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in re.findall(r"<td>(.*?)</td>", row[0], re.S)
    ]
    assert cells[0] == file.number
    assert cells[1] == "ARNAUD Lou"
    assert cells[2] == "fraud"
    assert cells[4] == team["adviser"].staff_profile.display_name
    with translation.override("en"):
        due = formats.date_format(TODAY - dt.timedelta(days=5), "SHORT_DATE_FORMAT")
    assert cells[5] == f"{due}: Call her back"
    assert cells[6] == "2"


def test_a_bad_filter_is_a_field_error_and_lists_nothing(client, team):
    open_file(team["adviser"], "Arnaud")
    login(client, team["adviser"])
    before = AuditEvent.objects.count()
    for query in ("?status=archived", "?discipline=astrology", "?team=1&referent=999999"):
        response = client.get(CASELOAD + query)
        assert response.status_code == 422, query
        assert 'class="field-error"' in response.content.decode()
        assert listed(response) == []
    assert AuditEvent.objects.count() == before


def test_another_associations_files_are_never_listed(client, staff, own, other):
    ours = open_file(staff(Role.LEGAL_ADVISER), "Arnaud")
    stranger = staff(Role.DIRECTION, "other")
    theirs = open_file(stranger, "Barre")
    # Even with an exceptional access to our association: the caseload is a working list
    # of one's own association, never a way to browse another's.
    ExceptionalAccess.objects.create(
        user=stranger,
        organisation=own,
        reason="A prosecutor's request about a victim who moved away.",
        granted_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(hours=4),
    )
    login(client, stranger)
    for query in ("?team=1", "?team=1&status=closed", "", f"?team=1&referent={ours.referent_id}"):
        response = client.get(CASELOAD + query)
        assert ours.number not in response.content.decode(), query
    assert listed(client.get(CASELOAD + "?team=1")) == [theirs.number]
    assert not AuditEvent.objects.filter(actor_id=stranger.pk, file_id=ours.pk).exists()


# --- pagination and audit ----------------------------------------------------------------


def test_fifty_files_a_page_each_listed_file_leaves_its_read_line(client, team):
    adviser = team["adviser"]
    files = [open_file(adviser, f"Nom{i:02d}") for i in range(53)]
    for file in files:
        overdue_task(adviser, file)
    login(client, adviser)
    start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    first = client.get(CASELOAD + "?overdue=on")
    shown = listed(first)
    assert len(shown) == 50
    assert shown[0] == files[-1].number  # newest first
    lines = AuditEvent.objects.filter(pk__gt=start, actor_id=adviser.pk)
    assert lines.count() == 50
    assert {(line.action, line.target, line.exceptional) for line in lines} == {
        ("view", "file", False)
    }
    by_number = {f.number: f for f in files}
    assert {line.file_id for line in lines} == {by_number[n].pk for n in shown}
    assert {line.person_id for line in lines} == {by_number[n].person_id for n in shown}
    html = first.content.decode()
    assert "Page 1 of 2" in html
    assert 'href="?overdue=on&amp;page=2"' in html  # the filters follow the pages
    second = client.get(CASELOAD + "?overdue=on&page=2")
    assert listed(second) == [f.number for f in reversed(files[:3])]
    # A page out of range gives the nearest one, never an error.
    assert listed(client.get(CASELOAD + "?overdue=on&page=99")) == listed(second)
    assert client.get(CASELOAD + "?page=abc").status_code == 200


def test_the_list_reads_a_bounded_number_of_queries(client, team):
    adviser = team["adviser"]
    login(client, adviser)

    def queries():
        client.get(CASELOAD + "?team=1")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CASELOAD + "?team=1").status_code == 200
        return len(captured)

    for i in range(3):
        overdue_task(adviser, open_file(adviser, f"Petit{i}"))
    few = queries()
    for i in range(30):
        file = open_file(team["psychologist"], f"Grand{i}")
        overdue_task(adviser, file)
    assert queries() == few


# --- the day's page ------------------------------------------------------------------------


def test_the_home_shows_what_waits_first(client, team, staff):
    adviser = team["adviser"]
    fresh = open_file(adviser, "Arnaud")  # no interview yet
    late = open_file(adviser, "Barre")
    interview(adviser, late, "legal")
    overdue_task(adviser, late)
    CaseFile.objects.filter(pk=fresh.pk).update(opened_on=TODAY - dt.timedelta(days=9))
    calm = open_file(adviser, "Caron")
    interview(adviser, calm, "legal")
    services.add_task(
        actor(adviser), calm, {"title": "Send the letter", "due_on": TODAY + dt.timedelta(days=2)}
    )
    someone_elses = open_file(team["psychologist"], "Dumas")
    services.create_intake(actor(adviser), channel=Channel.POLICE, data={"contact_name": "X Y"})
    Intake.objects.create(
        organisation_id=late.organisation_id,
        channel=Channel.GUIDE_CALLBACK,
        received_at=late.created_at,
        danger_now=True,
    )
    login(client, adviser)
    html = client.get(reverse("cases:home")).content.decode()
    waiting = html.split('id="waiting"')[1].split("</section>")[0]
    assert late.number in waiting and fresh.number in waiting
    assert waiting.index(fresh.number) < waiting.index(late.number)  # waiting longest first
    assert calm.number not in waiting and someone_elses.number not in waiting
    words = re.sub(r"<[^>]+>", "", waiting)
    assert "2 new requests in the intake queue, 1 of them in danger now." in words
    assert reverse("cases:intake_queue") in waiting
    assert "Send the letter" in html and "Call her back" in html
    # The team's page lists the psychologist's file waiting too.
    team_html = client.get(reverse("cases:home") + "?team=1").content.decode()
    assert someone_elses.number in team_html.split('id="waiting"')[1].split("</section>")[0]


def test_the_home_is_never_empty_when_she_holds_files(client, team):
    adviser = team["adviser"]
    file = open_file(adviser, "Arnaud")
    interview(adviser, file, "legal")
    login(client, adviser)
    html = client.get(reverse("cases:home")).content.decode()
    assert "Nothing is waiting on your 1 open file." in html
    assert reverse("cases:caseload") in html


@pytest.mark.parametrize(
    "role", [Role.RECEPTIONIST, Role.LEGAL_ADVISER, Role.PSYCHOLOGIST, Role.DIRECTION]
)
def test_every_link_of_the_home_opens_for_her(client, staff, role):
    user = staff(role)
    late = open_file(user, "Barre")
    overdue_task(user, late)
    services.create_intake(actor(user), channel=Channel.POLICE, data={"contact_name": "X Y"})
    login(client, user)
    for query in ("", "?team=1"):
        html = client.get(reverse("cases:home") + query).content.decode()
        main = html.split("<main")[1].split("</main>")[0]
        links = set(re.findall(r'href="([^"]+)"', main))
        assert reverse("cases:file", args=[late.pk]) in links
        for link in links:
            response = client.get(link.replace("&amp;", "&"))
            assert response.status_code == 200, (role, link, response.status_code)


def test_the_home_stays_within_its_queries(client, team):
    """Identity (5), the counts, two task lists, the files waiting, and the association
    scope of the files (exceptional accesses): whatever the number of files and tasks."""
    adviser = team["adviser"]
    login(client, adviser)

    def queries():
        client.get(reverse("cases:home"))
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("cases:home"))
        return len(captured)

    overdue_task(adviser, open_file(adviser, "Arnaud"))
    few = queries()
    for i in range(25):
        overdue_task(adviser, open_file(adviser, f"Nom{i}"))
    assert queries() == few <= 10


# --- tasks written by hand -----------------------------------------------------------------


def new_task(client, file, **data):
    url = reverse("cases:task_new", args=[file.pk])
    once = client.get(url).context["once"]
    return client.post(url, {"once": once, **data})


def test_a_task_for_a_colleague_appears_on_her_home(client, team):
    adviser, psychologist = team["adviser"], team["psychologist"]
    file = open_file(adviser, "Arnaud")
    login(client, adviser)
    page = client.get(reverse("cases:task_new", args=[file.pk]))
    assert f'<option value="{adviser.pk}" selected>' in page.content.decode()  # the referent
    due = TODAY + dt.timedelta(days=3)
    response = new_task(
        client, file, title="  Call the lawyer  ", due_on=due.isoformat(), assignee=psychologist.pk
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:file", args=[file.pk]
    )
    task = Task.objects.get(source=TaskSource.MANUAL)
    assert (task.title, task.due_on, task.assignee_id, task.created_by_id) == (
        "Call the lawyer",
        due,
        psychologist.pk,
        adviser.pk,
    )
    assert AuditEvent.objects.filter(action="create", target="task", target_id=task.pk).exists()
    login(client, psychologist)
    assert "Call the lawyer" in client.get(reverse("cases:home")).content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "Call", "due_on": "1899-12-31"}, "due_on"),
        ({"title": "Call", "due_on": "0201-01-01"}, "due_on"),
        ({"title": "Call", "due_on": (TODAY + dt.timedelta(days=11 * 366)).isoformat()}, "due_on"),
        ({"title": "   ", "due_on": TODAY.isoformat()}, "title"),
        ({"title": "", "due_on": TODAY.isoformat()}, "title"),
        ({"title": "Call", "due_on": ""}, "due_on"),
        ({"title": "Call", "due_on": "31/02/2026"}, "due_on"),
        ({"title": "x" * 201, "due_on": TODAY.isoformat()}, "title"),
    ],
)
def test_a_bad_task_is_refused_field_by_field_and_nothing_is_saved(client, team, data, field):
    adviser = team["adviser"]
    file = open_file(adviser, "Arnaud")
    login(client, adviser)
    response = new_task(client, file, assignee=adviser.pk, **data)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Task.objects.filter(source=TaskSource.MANUAL).exists()


def test_a_task_for_someone_of_another_association_is_refused(client, team, staff):
    adviser = team["adviser"]
    stranger = staff(Role.LEGAL_ADVISER, "other")
    file = open_file(adviser, "Arnaud")
    login(client, adviser)
    response = new_task(client, file, title="Call", due_on=TODAY.isoformat(), assignee=stranger.pk)
    assert response.status_code == 422 and "assignee" in response.context["form"].errors
    assert not Task.objects.filter(source=TaskSource.MANUAL).exists()


def test_a_task_up_to_ten_years_ahead_and_in_the_past_is_taken(client, team):
    adviser = team["adviser"]
    file = open_file(adviser, "Arnaud")
    login(client, adviser)
    near = TODAY.replace(year=TODAY.year + 9)
    for due in (near, dt.date(1900, 1, 1), TODAY - dt.timedelta(days=1)):
        response = new_task(client, file, title="Call", due_on=due.isoformat(), assignee=adviser.pk)
        assert response.status_code == 302, due
    assert Task.objects.filter(source=TaskSource.MANUAL, status=TaskStatus.OPEN).count() == 3


def test_no_task_on_a_closed_file_and_no_second_one_from_the_same_form(client, team):
    adviser = team["adviser"]
    file = open_file(adviser, "Arnaud")
    login(client, adviser)
    url = reverse("cases:task_new", args=[file.pk])
    once = client.get(url).context["once"]
    data = {"once": once, "title": "Call", "due_on": TODAY.isoformat(), "assignee": adviser.pk}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # sent twice: saved once
    assert Task.objects.filter(source=TaskSource.MANUAL).count() == 1
    services.close_file(actor(adviser), file)
    response = new_task(client, file, title="Call", due_on=TODAY.isoformat(), assignee=adviser.pk)
    assert response.status_code == 422
    assert Task.objects.filter(source=TaskSource.MANUAL, status=TaskStatus.OPEN).count() == 0
