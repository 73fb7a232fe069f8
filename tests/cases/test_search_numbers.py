"""The people search finds a file by its number ("FV54-2026-000123", or "123" within one's
own association) and by its affair's prosecutor's number (n° de parquet), whatever the case
and spacing, among the files the searcher may see only; each search is audited."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appui.cases import search, services
from appui.cases.models import Channel
from appui.core.models import AuditEvent, ExceptionalAccess, Role

from .conftest import actor, login


def _file(user, last_name, prosecutor_reference=""):
    who = actor(user)
    person = services.create_person(who, {"last_name": last_name, "first_name": "Lou"})
    return services.open_file(
        who,
        person=person,
        role="direct",
        channel=Channel.OWN_REQUEST,
        affair_data={"offence_category": "theft", "prosecutor_reference": prosecutor_reference},
    )


def _found(client, number):
    response = client.get(reverse("cases:search"), {"number": number})
    assert response.status_code == 200, response.content.decode()[:2000]
    return [m.file for m in response.context["files"]]


@pytest.fixture
def files(staff):
    ours, theirs = staff(Role.LEGAL_ADVISER), staff(Role.LEGAL_ADVISER, "other")
    return {
        "user": ours,
        "first": _file(ours, "Bernard", "26 045 000123"),
        "second": _file(ours, "Moreau", "parq-26/777"),
        "theirs": _file(theirs, "Petit", "26045000999"),
    }


def test_a_file_is_found_by_its_number_in_any_case_and_spacing(client, files):
    first, second = files["first"], files["second"]
    assert first.number.startswith("FV54-") and first.number.endswith("-000001")
    login(client, files["user"])
    year = first.number.split("-")[1]
    for typed in (
        first.number,
        first.number.lower(),
        f"  fv54 - {year} - 000001 ",
        f"FV54-{year}-1",
        f"{year}-1",
        "1",
        "000001",
    ):
        assert _found(client, typed) == [first], typed
    assert _found(client, "2") == [second]
    assert _found(client, "3") == []
    page = client.get(reverse("cases:search"), {"number": "1"}).content.decode()
    assert reverse("cases:file", args=[first.pk]) in page and "BERNARD" in page


def test_a_file_is_found_by_its_prosecutors_number(client, files):
    first, second = files["first"], files["second"]
    login(client, files["user"])
    for typed in ("26045000123", "26 045 000 123", " 26045 000123 "):
        assert _found(client, typed) == [first], typed
    assert _found(client, "PARQ-26/777") == [second]
    assert _found(client, "parq - 26/777") == [second]
    assert _found(client, "26045000") == []  # a number, not its beginning
    page = client.get(reverse("cases:search"), {"number": "26045000123"}).content.decode()
    assert "<td>numéro de parquet</td>" in page  # why it was found, in French


def test_another_associations_files_stay_out_of_reach(client, files):
    theirs = files["theirs"]
    login(client, files["user"])
    assert theirs.number.startswith("FV88-") and theirs.number.endswith("-000001")
    assert _found(client, theirs.number) == []
    assert _found(client, "26045000999") == []
    assert _found(client, "1") == [files["first"]]  # our file 1, not theirs


def test_under_an_exceptional_access_the_whole_number_finds_it_flagged(client, staff, files, other):
    admin = staff(Role.FEDERATION_ADMIN, "federation")
    now = timezone.now()
    ExceptionalAccess.objects.create(
        user=admin,
        organisation=other,
        reason="Request from the prosecutor about a victim who moved away.",
        granted_at=now,
        expires_at=now + dt.timedelta(hours=4),
    )
    login(client, admin)
    assert _found(client, files["theirs"].number) == [files["theirs"]]
    assert _found(client, "1") == []  # short numbers belong to one's own association
    lines = AuditEvent.objects.filter(actor_id=admin.pk, action="search", target="file")
    assert {(line.organisation_id, line.exceptional) for line in lines} == {(other.pk, True)}


def test_every_number_search_is_audited_without_the_number(client, files, own):
    user = files["user"]
    login(client, user)
    _found(client, "26045000123")
    _found(client, "nothing-like-it")
    lines = AuditEvent.objects.filter(actor_id=user.pk, action="search").order_by("pk")
    assert [(line.target, line.organisation_id, line.exceptional) for line in lines] == [
        ("file", own.pk, False),
        ("file", own.pk, False),
    ]


def test_a_name_and_a_number_together_search_both(client, files):
    login(client, files["user"])
    response = client.get(reverse("cases:search"), {"name": "moreau", "number": "1"})
    assert [m.file for m in response.context["files"]] == [files["first"]]
    assert [m.person for m in response.context["matches"]] == [files["second"].person]


def test_an_empty_or_too_long_search_is_a_field_error(client, files):
    login(client, files["user"])
    response = client.get(reverse("cases:search"), {"number": "  "})
    assert response.status_code == 422 and response.context["form"].errors["__all__"]
    response = client.get(reverse("cases:search"), {"number": "9" * 41})
    assert response.status_code == 422 and "number" in response.context["form"].errors


@pytest.mark.parametrize(
    ("typed", "key"),
    [("fv54 - 2026 - 000123", "FV54-2026-000123"), ("\t26 045\u00a0000123 ", "26045000123")],
)
def test_numbers_are_compared_without_case_or_spaces(typed, key):
    assert search.number_key(typed) == key
