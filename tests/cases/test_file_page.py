"""The file page: a compact head (number, person, status, referent, language, main actions),
the story of the file in one column and, beside it on a desktop, what happened, the facts
and the rights; urgent things first in the page's order (a phone shows it as written).
Each link is shown only to a role that may follow it."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from appui.cases import services
from appui.cases.models import Channel
from appui.core.models import ExceptionalAccess, Role

from .conftest import actor, login

CSS = Path(settings.BASE_DIR) / "appui" / "core" / "static" / "core" / "appui.css"


@pytest.fixture
def file(staff):
    direction = staff(Role.DIRECTION)
    who = actor(direction)
    person = services.create_person(
        who, {"last_name": "Martin", "first_name": "Jeanne", "language": "es"}
    )
    file = services.open_file(
        who,
        person=person,
        role="direct",
        channel=Channel.OWN_REQUEST,
        affair_data={"offence_category": "violence", "offence_date": dt.date(2026, 1, 10)},
    )
    services.update_facts(who, file, {"itt_days": 10, "grave_danger": True})
    services.add_protection(who, file, {"kind": "tgd", "start_on": timezone.localdate()})
    file.referent_name = direction.staff_profile.display_name
    return file


def page(client, user, file):
    login(client, user)
    response = client.get(reverse("cases:file", args=[file.pk]))
    assert response.status_code == 200
    return response.content.decode()


def position(html, marker):
    index = html.find(marker)
    assert index >= 0, marker
    return index


def test_two_columns_on_a_desktop_the_story_and_beside_it_the_rights(client, staff, file):
    html = page(client, staff(Role.LEGAL_ADVISER), file)
    story = position(html, 'class="file-page__story"')
    side = position(html, 'class="file-page__side"')
    assert position(html, 'class="file-page__columns"') < story < side
    for section in ("tasks", "protection", "interviews", "referrals", "assessments", "documents"):
        assert story < position(html, f'id="{section}"') < side, section
    for section in ("affair", "facts", "rights"):
        assert side < position(html, f'id="{section}"'), section
    # The stylesheet puts the columns side by side from 1,100 px on (68.75 rem), and only
    # there: below, the page is one column in the order written.
    css = CSS.read_text()
    wide = css[css.index("@media (min-width: 68.75rem)") :]
    assert ".file-page__columns" in wide and "grid-template-columns" in wide
    assert (
        "grid-template-columns"
        not in css[: css.index("@media (min-width: 68.75rem)")].split(".file-page")[-1]
    )


def test_the_head_and_the_urgent_things_come_first(client, staff, file):
    html = page(client, staff(Role.LEGAL_ADVISER), file)
    head = html[position(html, 'class="file-head"') : position(html, 'class="file-page__columns"')]
    assert file.number in head and "MARTIN Jeanne" in head
    assert "ouvert" in head  # the status
    assert file.referent_name in head  # the referent, by name
    assert "espagnol" in head.lower()  # the language she speaks
    assert reverse("cases:interview_new", args=[file.pk]) in head
    # A phone reads the page in its order: danger, open tasks, protection, then the story.
    danger = position(html, "callout--danger")
    assert danger < position(html, 'id="tasks"') < position(html, 'id="protection"')
    assert position(html, 'id="protection"') < position(html, 'id="interviews"')
    # The facts of harm and danger are shown, beside what happened.
    facts = html[position(html, 'id="facts"') : position(html, 'id="rights"')]
    assert "ITT" in facts and ">10<" in facts and "grave danger" in facts.lower()


def links(html):
    return set(re.findall(r'(?:href|action)="([^"#]+)"', html))


@pytest.mark.parametrize("role", [Role.RECEPTIONIST, Role.LEGAL_ADVISER, Role.DIRECTION])
def test_each_link_is_shown_only_to_a_role_that_may_follow_it(client, staff, file, role):
    found = links(page(client, staff(role), file))
    pk = file.pk
    always = {
        reverse("cases:person", args=[file.person_id]),
        reverse("cases:interview_new", args=[pk]),
        reverse("cases:referral_new", args=[pk]),
        reverse("cases:protection_new", args=[pk]),
        reverse("cases:document_new", args=[pk]),
        reverse("cases:affair_edit", args=[pk]),
        reverse("cases:facts_edit", args=[pk]),
        reverse("cases:file_close", args=[pk]),
        reverse("cases:task_new", args=[pk]),
        reverse("cases:handoff", args=[pk]),
    }
    assert always <= found, always - found
    assessment = reverse("cases:assessment_new", args=[pk])
    assert (assessment in found) == (role != Role.RECEPTIONIST)
    access_log = reverse("cases:access_log", args=[pk])
    assert (access_log in found) == (role == Role.DIRECTION)


def test_the_referent_reads_who_accessed_her_file(client, staff, file):
    adviser = staff(Role.LEGAL_ADVISER)
    file.referent = adviser
    file.save()
    found = links(page(client, adviser, file))
    assert reverse("cases:access_log", args=[file.pk]) in found
    assert client.get(reverse("cases:access_log", args=[file.pk])).status_code == 200


def test_an_exceptional_reader_sees_no_action(client, staff, own, file):
    reader = staff(Role.FEDERATION_ADMIN, "federation")
    now = timezone.now()
    ExceptionalAccess.objects.create(
        user=reader,
        organisation=own,
        reason="The prosecutor asks about a victim who moved away.",
        granted_at=now,
        expires_at=now + dt.timedelta(hours=4),
    )
    html = page(client, reader, file)
    assert "Accès exceptionnel" in html
    file_links = {u for u in links(html) if u.startswith(f"/pro/files/{file.pk}/")}
    assert file_links == set(), file_links
    assert 'method="post"' not in html.split('class="file-page"')[1]
