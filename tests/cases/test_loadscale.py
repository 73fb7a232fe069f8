"""`appui loadscale`: the synthetic rows are the ones the services would have written."""

import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from appui.cases import search
from appui.cases.models import (
    Affair,
    CaseFile,
    Interview,
    Measure,
    MonthlyCount,
    Person,
    Task,
    TaskStatus,
)
from appui.cases.services import departement_of
from appui.core.models import Organisation, StaffProfile


def load(*args):
    out = io.StringIO()
    call_command("loadscale", *args, stdout=out)
    return out.getvalue()


def totals(measure):
    counts = Counter()
    for row in MonthlyCount.objects.filter(measure=measure):
        counts[(row.organisation_id, row.month, row.key)] += row.count
    return counts


def misspelt(name: str) -> str:
    """The last letter but one forgotten: "Martin" → "Marin"."""
    return name[:-2] + name[-1]


@pytest.mark.django_db
def test_loaded_rows_are_consistent():
    output = load("--people", "200", "--organisations", "3", "--seed", "7", "--batch", "64")
    assert "Loaded 200 people" in output

    orgs = list(Organisation.objects.filter(code__startswith="load").order_by("code"))
    assert [o.code for o in orgs] == ["load001", "load002", "load003"]
    assert all(StaffProfile.objects.filter(organisation=o).count() == 1 for o in orgs)
    assert Person.objects.count() == Affair.objects.count() == CaseFile.objects.count() == 200
    # One file per person, each in its own affair.
    assert Person.objects.annotate(n=Count("files")).filter(n=1).count() == 200
    assert CaseFile.objects.values("affair").distinct().count() == 200

    for person in Person.objects.select_related("organisation"):
        assert person.search_name == search.search_name(person.last_name, person.first_name)
        assert person.phone_digits == search.phone_digits(person.phone)
        assert departement_of(person.commune_code) == person.organisation.departement
        assert not person.phone or re.fullmatch(r"0[67]( \d\d){4}", person.phone)

    # File numbers: {prefix}-{year of opening}-{sequence}, the sequence 1, 2, 3… by opening.
    by_org_year: dict = {}
    for file in CaseFile.objects.select_related("organisation").order_by("opened_on", "id"):
        prefix, year, sequence = file.number.rsplit("-", 2)
        assert prefix == file.organisation.file_prefix and int(year) == file.opened_on.year
        by_org_year.setdefault((file.organisation_id, year), []).append(int(sequence))
        assert file.referent.staff_profile.organisation_id == file.organisation_id
    for sequences in by_org_year.values():
        assert sequences == list(range(1, len(sequences) + 1))

    # Monthly counters: what the services would have counted, file by file.
    files = list(CaseFile.objects.select_related("affair"))
    assert sum(totals(Measure.NEW_FILES).values()) == 200
    assert totals(Measure.CHANNEL) == Counter(
        (f.organisation_id, f.opened_on.replace(day=1), f.channel) for f in files
    )
    assert totals(Measure.OFFENCE) == Counter(
        (f.organisation_id, f.opened_on.replace(day=1), f.affair.offence_category) for f in files
    )
    interviews = list(Interview.objects.select_related("case_file"))
    assert 200 <= len(interviews) <= 200 * 9
    held = [(i, timezone.localtime(i.held_at).date().replace(day=1)) for i in interviews]
    assert totals(Measure.INTERVIEWS) == Counter(
        (i.case_file.organisation_id, month, i.discipline) for i, month in held
    )
    helped = {(i.case_file.organisation_id, i.case_file_id, month) for i, month in held}
    assert totals(Measure.PEOPLE_HELPED) == Counter((o, m, "") for o, _f, m in helped)
    assert all(i.held_at.date() >= i.case_file.opened_on for i in interviews)

    # Notes are stored encrypted and read back through the field.
    noted = [i for i in interviews if i.note]
    assert noted and all(i.note.endswith(".") for i in noted)
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM cases_interview WHERE id = %s", [noted[0].pk])
        assert cursor.fetchone()[0].startswith("gAAAAA")  # a Fernet token, not the text

    # A few tasks per file, assigned to the referent; open ones only on open files.
    per_file = Counter(Task.objects.values_list("case_file_id", flat=True))
    assert len(per_file) == 200 and set(per_file.values()) <= {1, 2, 3}
    for task in Task.objects.select_related("case_file"):
        assert task.assignee_id == task.case_file.referent_id
        assert (task.status == TaskStatus.OPEN) == (task.case_file.status == "open")

    # A person is found again by a misspelt name.
    person = next(p for p in Person.objects.order_by("id") if len(p.last_name) >= 6)
    query = f"{misspelt(person.last_name)} {person.first_name}"
    matches = search.find(Person.objects.filter(organisation=person.organisation), name=query)
    assert person.pk in [m.person.pk for m in matches]


@pytest.mark.django_db
def test_a_second_load_adds_to_the_first():
    load("--people", "30", "--organisations", "2", "--seed", "1")
    load("--people", "20", "--organisations", "2", "--seed", "2")
    assert Organisation.objects.filter(code__startswith="load").count() == 2
    assert CaseFile.objects.values("number").distinct().count() == CaseFile.objects.count() == 50
    assert sum(totals(Measure.NEW_FILES).values()) == 50
    assert sum(totals(Measure.INTERVIEWS).values()) == Interview.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize("people", ["0", "-3", "many", "1.5", ""])
def test_bad_input_exits_with_status_2(people):
    with pytest.raises(CommandError, match="--people must be") as error:
        load("--people", people)
    assert error.value.returncode == 2
    assert not Person.objects.exists()


def test_bad_input_from_the_command_line(run_appui):
    result = run_appui("loadscale", "--people", "lots")
    assert result.returncode == 2
    assert "--people must be a whole number" in result.stderr


@pytest.mark.django_db
def test_refused_in_production(settings):
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="refused in production"):
        load("--people", "10")
    assert not Organisation.objects.filter(code__startswith="load").exists()
