"""A file's `disciplines` (the bits of the disciplines it has had an interview of), which the
caseload's discipline filter and the home's "no interview yet" read instead of the
interviews: it must always say what the interviews say.

Interviews are only ever added (`services.add_interview`); none is corrected or removed
but with its whole file (erasure, retention), so those are the paths checked here.
"""

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from appui.cases import gdpr, retention, services
from appui.cases.models import (
    DISCIPLINE_BITS,
    CaseFile,
    Channel,
    Discipline,
    FileStatus,
    Interview,
    discipline_bits,
)
from appui.core.models import Role

from .conftest import actor, login

CASELOAD = reverse("cases:caseload")


def open_file(user, last_name, affair=None, role="direct"):
    who = actor(user)
    person = services.create_person(who, {"last_name": last_name, "first_name": "Lou"})
    return services.open_file(
        who,
        person=person,
        role=role,
        channel=Channel.OWN_REQUEST,
        affair=affair,
        affair_data=None if affair else {"offence_category": "theft"},
    )


def interview(user, file, discipline, when=None):
    services.add_interview(
        actor(user),
        file,
        {
            "discipline": discipline,
            "held_at": when or timezone.now(),
            "duration_minutes": 30,
            "mode": "in_person",
        },
    )


def stored(file) -> int:
    return CaseFile.objects.values_list("disciplines", flat=True).get(pk=file.pk)


def assert_every_file_agrees_with_its_interviews():
    for file in CaseFile.objects.all():
        expected = discipline_bits(file.interviews.values_list("discipline", flat=True))
        assert file.disciplines == expected, file.number


def listed(response) -> set[str]:
    return set(re.findall(r'href="/pro/files/\d+/">([A-Z0-9-]+)</a>', response.content.decode()))


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def team(staff):
    return {
        "adviser": staff(Role.LEGAL_ADVISER),
        "psychologist": staff(Role.PSYCHOLOGIST),
        "social": staff(Role.SOCIAL_WORKER),
    }


def test_each_discipline_has_its_own_bit_and_values_never_change():
    # Stored values: a renumbered bit would silently change every file's meaning.
    assert {str(d): bit for d, bit in DISCIPLINE_BITS.items()} == {
        "reception": 1,
        "legal": 2,
        "psychological": 4,
        "social": 8,
        "referral": 16,
    }
    assert set(DISCIPLINE_BITS) == set(Discipline)
    assert discipline_bits([]) == 0
    assert discipline_bits(["legal", "legal", "social"]) == 2 | 8


def test_an_interview_adds_its_discipline_to_its_file_only(team):
    adviser, psychologist = team["adviser"], team["psychologist"]
    file = open_file(adviser, "Arnaud")
    other = open_file(adviser, "Barre")
    assert stored(file) == 0
    interview(adviser, file, "legal")
    assert stored(file) == DISCIPLINE_BITS["legal"]
    interview(adviser, file, "legal")  # the same discipline again: the same bits
    assert stored(file) == DISCIPLINE_BITS["legal"]
    interview(psychologist, file, "psychological")
    interview(adviser, file, "reception")
    assert stored(file) == discipline_bits(["legal", "psychological", "reception"])
    assert file.disciplines == stored(file)  # the caller's copy follows
    assert stored(other) == 0
    assert_every_file_agrees_with_its_interviews()


def test_a_refused_interview_adds_no_bit(team):
    adviser = team["adviser"]
    file = open_file(adviser, "Arnaud")
    with pytest.raises(PermissionDenied):  # psychological support: psychologists only
        interview(adviser, file, "psychological")
    assert stored(file) == 0 and not Interview.objects.exists()


def test_a_copy_of_the_file_read_before_an_interview_does_not_take_its_bit_back(team):
    adviser = team["adviser"]
    file = open_file(adviser, "Arnaud")
    earlier = CaseFile.objects.get(pk=file.pk)  # another request's copy, read before
    interview(adviser, file, "legal")
    services.update_facts(actor(adviser), earlier, {"itt_days": 12})
    earlier.refresh_from_db()
    assert earlier.itt_days == 12
    assert earlier.disciplines == DISCIPLINE_BITS["legal"]
    # Handing off and closing save a few fields only: the bits stay too.
    services.close_file(actor(adviser), earlier)
    assert stored(file) == DISCIPLINE_BITS["legal"]


def test_the_discipline_filter_lists_the_files_with_such_an_interview(client, team):
    adviser, psychologist, social = team["adviser"], team["psychologist"], team["social"]
    files = {
        "none": open_file(adviser, "Aucun"),
        "legal": open_file(adviser, "Juridique"),
        "legal+psy": open_file(adviser, "Deux"),
        "social": open_file(social, "Social"),
        "psy+social": open_file(social, "Mixte"),
    }
    interview(adviser, files["legal"], "legal")
    interview(adviser, files["legal+psy"], "legal")
    interview(psychologist, files["legal+psy"], "psychological")
    interview(social, files["social"], "social")
    interview(psychologist, files["psy+social"], "psychological")
    interview(social, files["psy+social"], "social")
    assert_every_file_agrees_with_its_interviews()
    login(client, adviser)

    def expected(discipline, referent=None):
        return {
            f.number
            for f in CaseFile.objects.filter(interviews__discipline=discipline).distinct()
            if referent is None or f.referent_id == referent.pk
        }

    for discipline in Discipline.values:
        mine = listed(client.get(f"{CASELOAD}?discipline={discipline}"))
        theirs = listed(client.get(f"{CASELOAD}?team=1&discipline={discipline}"))
        assert mine == expected(discipline, adviser), discipline
        assert theirs == expected(discipline), discipline
    assert listed(client.get(f"{CASELOAD}?team=1&discipline=psychological")) == {
        files["legal+psy"].number,
        files["psy+social"].number,
    }


def test_the_home_says_no_interview_yet_until_the_first_one(client, team):
    adviser = team["adviser"]
    file = open_file(adviser, "Arnaud")
    login(client, adviser)
    home = reverse("cases:home")

    def waiting():
        html = client.get(home).content.decode()
        return html.split('id="waiting"')[1].split("</section>")[0]

    assert file.number in waiting() and "no interview yet" in waiting()
    interview(adviser, file, "reception")
    assert file.number not in waiting()


def test_erasing_a_person_leaves_the_other_files_of_the_affair_as_they_were(client, team):
    adviser, psychologist = team["adviser"], team["psychologist"]
    victim = open_file(adviser, "Arnaud")
    relative = open_file(adviser, "Barre", affair=victim.affair, role="relative")
    interview(adviser, victim, "legal")
    interview(psychologist, relative, "psychological")
    interview(adviser, relative, "legal")
    gdpr.erase(victim.person)
    assert not CaseFile.objects.filter(pk=victim.pk).exists()
    assert stored(relative) == discipline_bits(["psychological", "legal"])
    assert_every_file_agrees_with_its_interviews()
    login(client, adviser)
    assert listed(client.get(f"{CASELOAD}?discipline=legal")) == {relative.number}


def test_retention_leaves_the_files_it_keeps_as_they_were(team):
    adviser = team["adviser"]
    old = open_file(adviser, "Ancien")
    kept = open_file(adviser, "Suivi")
    interview(adviser, old, "legal")
    interview(adviser, kept, "reception")
    long_ago = timezone.localdate() - dt.timedelta(days=retention.POLICY["closed_files"] + 30)
    CaseFile.objects.filter(pk=old.pk).update(status=FileStatus.CLOSED, closed_on=long_ago)
    report = retention.apply(dry_run=False)
    assert report.files == 1 and not CaseFile.objects.filter(pk=old.pk).exists()
    assert stored(kept) == DISCIPLINE_BITS["reception"]
    assert_every_file_agrees_with_its_interviews()


@pytest.mark.django_db
def test_loadscale_fills_the_bits_as_add_interview_would():
    call_command("loadscale", "--people", "80", "--organisations", "2", stdout=io.StringIO())
    assert CaseFile.objects.count() == 80
    assert CaseFile.objects.filter(disciplines__gt=1).exists()
    assert_every_file_agrees_with_its_interviews()


BEFORE = [("cases", "0010_caseload_indexes")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_bits_of_existing_files(staff):
    adviser, psychologist = staff(Role.LEGAL_ADVISER), staff(Role.PSYCHOLOGIST)
    files = [open_file(adviser, name) for name in ("Aucun", "Un", "Deux")]
    interview(adviser, files[1], "legal")
    interview(adviser, files[2], "reception")
    interview(psychologist, files[2], "psychological")
    interview(adviser, files[2], "reception")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        columns = [
            c.name
            for c in connection.introspection.get_table_description(
                connection.cursor(), "cases_casefile"
            )
        ]
        assert "disciplines" not in columns
    finally:
        # Forward to every app's latest migration: going back also undid the later
        # migrations of other apps that depend on this one.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert [stored(f) for f in files] == [
        0,
        DISCIPLINE_BITS["legal"],
        discipline_bits(["reception", "psychological"]),
    ]
    assert_every_file_agrees_with_its_interviews()
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "cases_casefile")
    assert indexes["file_referent_disciplines"]["columns"][-1] == "disciplines"
    assert "file_referent_list" not in indexes and "file_team_list" not in indexes
