"""Statistics from the anonymous counters the services keep: per association and national,
by month, discipline, intake channel and offence; CSV; no personal data in them."""

import csv
import io

from django.urls import reverse
from django.utils import timezone

from appui.cases import services
from appui.cases.models import Channel
from appui.core.models import Role
from appui.stats import services as stats
from tests.cases.conftest import actor, login


def help_someone(user, channel, category, disciplines):
    who = actor(user)
    person = services.create_person(who, {"last_name": "Garcia", "first_name": "Inès"})
    file = services.open_file(
        who,
        person=person,
        role="direct",
        channel=channel,
        affair_data={"offence_category": category},
    )
    for discipline in disciplines:
        services.add_interview(
            who,
            file,
            {
                "discipline": discipline,
                "held_at": timezone.now(),
                "duration_minutes": 30,
                "mode": "phone",
            },
        )


def test_counts_by_month_channel_offence_and_discipline(staff, own, other):
    ours, theirs = staff(Role.DIRECTION), staff(Role.DIRECTION, "other")
    help_someone(ours, Channel.PROSECUTOR_MANDATE, "violence", ["reception", "legal", "legal"])
    help_someone(ours, Channel.GUIDE_CALLBACK, "theft", ["reception"])
    help_someone(theirs, Channel.GUIDE_CALLBACK, "theft", [])
    month = timezone.localdate().month - 1
    year = timezone.localdate().year
    mine = stats.table(year, organisation_id=own.pk)
    assert mine.series("new_files")[month] == 2
    assert mine.series("people_helped")[month] == 2  # one per file helped this month
    assert mine.series("interviews", "legal")[month] == 2
    assert mine.series("channel", "prosecutor_mandate")[month] == 1
    national = stats.table(year)
    assert national.series("new_files")[month] == 3
    assert national.series("offence", "theft")[month] == 2
    assert stats.table(year, departement="88").series("new_files")[month] == 1


def test_pages_and_csv_export(client, staff, own):
    direction = staff(Role.DIRECTION)
    help_someone(direction, Channel.OWN_REQUEST, "fraud", ["social"])
    login(client, direction, password_confirmed=True)
    page = client.get(reverse("stats:association"))
    assert page.status_code == 200
    response = client.get(reverse("stats:export"))
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert rows[0] == ["month", "organisation", "departement", "measure", "key", "count"]
    assert ["interviews", "social", "1"] in [r[3:] for r in rows]
    assert "Garcia" not in response.content.decode()
    admin = staff(Role.FEDERATION_ADMIN, "federation")
    login(client, admin)
    assert client.get(reverse("stats:national")).status_code == 200
