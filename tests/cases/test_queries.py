"""Every staff page runs a bounded number of queries, whatever the size of a file or list:
the count is pinned, and the same with 2 records as with 20 (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appui.cases import services
from appui.cases.models import Channel, Task, TaskKind
from appui.core.models import Role

from .conftest import actor, login

# Queries per page as measured (session, user, OTP device, profile and audit write
# included): a change that adds one must say why by raising the figure here.
# Each page that writes audit lines also reads its chain's head (one query).
CEILINGS = {
    "file": 22,  # panels: compensation files (route, stage, next date), appointments: one each
    "home": 10,
    "search": 11,
    "intake_queue": 11,  # read lines: savepoint, chain's head, insert, release; its stamp
    "person": 13,
    "stats": 6,
}
# PostgreSQL's name search also sets its similarity threshold for the transaction
# (SAVEPOINT, SET LOCAL, RELEASE).
EXTRA = {"postgresql": {"search": 3}}


def ceiling(page):
    return CEILINGS[page] + EXTRA.get(connection.vendor, {}).get(page, 0)


def fill(own, user, size):
    who = actor(user)
    person = services.create_person(who, {"last_name": "Moreau", "first_name": "Léa"})
    file = services.open_file(
        who,
        person=person,
        role="direct",
        channel=Channel.OWN_REQUEST,
        affair_data={"offence_category": "theft"},
    )
    for i in range(size):
        services.add_interview(
            who,
            file,
            {
                "discipline": "reception",
                "held_at": timezone.now(),
                "duration_minutes": 10 + i,
                "mode": "phone",
                "note": f"note {i}",
            },
        )
        services.add_referral(who, file, {"partner_name": f"Partenaire {i}"})
        Task.objects.create(
            organisation=own,
            case_file=file,
            kind=TaskKind.RIGHTS_DEADLINE,  # its label reads the key: no query per task
            key=f"civi_full:civi_request:{i}",
            title="x",
            due_on=timezone.localdate(),
            assignee=user,
        )
        services.create_intake(
            who, channel=Channel.OWN_REQUEST, data={"contact_name": f"Appelant {i}"}
        )
        services.create_person(who, {"last_name": "Moreau", "first_name": f"Autre {i}"})
    return file, person


def pages(file, person):
    return {
        "file": reverse("cases:file", args=[file.pk]),
        "home": reverse("cases:home"),
        "search": reverse("cases:search") + "?name=moreau",
        "intake_queue": reverse("cases:intake_queue"),
        "person": reverse("cases:person", args=[person.pk]),
        "stats": reverse("stats:association"),
    }


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", sorted(CEILINGS))
def test_queries_are_bounded_and_do_not_grow_with_the_data(client, staff, own, page):
    user = staff(Role.DIRECTION)
    login(client, user)
    small = pages(*fill(own, user, 2))[page]
    count(client, small)  # warm the session
    few = count(client, small)
    big = pages(*fill(own, user, 20))[page]
    many = count(client, big)
    assert few <= ceiling(page), (page, few)
    assert many == few or page == "search", (page, few, many)
    assert many <= ceiling(page), (page, many)
