"""A list's read lines, written in one statement (COPY on PostgreSQL, a bulk INSERT on
SQLite): the same values as one line saved at a time, chained after the lines before them."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from appui.cases import services
from appui.cases.audit_targets import CaseTarget
from appui.cases.models import Channel
from appui.core import audit
from appui.core.models import AuditAction, AuditEvent, Role

from .conftest import actor, login


def verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def test_the_lines_of_a_list_hold_what_one_line_at_a_time_would(client, staff, own):
    adviser = staff(Role.LEGAL_ADVISER)
    who = actor(adviser)
    files = []
    for name in ("Arnaud", "Barre", "Caron"):
        person = services.create_person(who, {"last_name": name, "first_name": "Lou"})
        files.append(
            services.open_file(
                who,
                person=person,
                role="direct",
                channel=Channel.OWN_REQUEST,
                affair_data={"offence_category": "theft"},
            )
        )
    login(client, adviser)
    start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    before = timezone.now()
    # From an IPv6 address written in capitals: stored and hashed in its short form.
    assert client.get(reverse("cases:caseload"), REMOTE_ADDR="2001:DB8:0:0::7").status_code == 200
    lines = list(AuditEvent.objects.filter(pk__gt=start, target="file").order_by("pk"))
    assert [line.file_id for line in lines] == [f.pk for f in reversed(files)]  # as listed
    for line, file in zip(lines, reversed(files), strict=True):
        assert (line.action, line.target_id, line.person_id) == ("view", file.pk, file.person_id)
        assert (line.organisation_id, line.chain) == (own.pk, own.pk)
        assert (line.actor_id, line.actor_organisation_id) == (adviser.pk, own.pk)
        assert (line.system, line.exceptional) == ("", False)
        assert str(line.ip) == "2001:db8::7"
        assert before <= line.at <= timezone.now()
        assert line.hash == audit.line_hash(audit._values(line))
    # Chained in order, after the lines the files' opening wrote, and before the next one.
    previous = AuditEvent.objects.filter(chain=own.pk, pk__lt=lines[0].pk).order_by("-pk")[0]
    assert lines[0].previous_hash == previous.hash
    assert [line.previous_hash for line in lines[1:]] == [line.hash for line in lines[:-1]]
    with transaction.atomic():
        after = audit.record(
            who, AuditAction.VIEW, CaseTarget.FILE, files[0].pk, organisation_id=own.pk
        )
    assert after.previous_hash == lines[-1].hash
    assert verify().startswith("ok:")


def test_an_exceptional_read_is_flagged_in_the_lines_written_together(staff, own):
    adviser = staff(Role.LEGAL_ADVISER)
    who = actor(adviser)
    events = [
        audit.event(who, AuditAction.VIEW, CaseTarget.FILE, n, organisation_id=own.pk)
        for n in range(3)
    ]
    events[1].exceptional = True
    events[2].at = events[2].at + dt.timedelta(microseconds=1)
    with transaction.atomic():
        audit.record_many(events)
    stored = list(AuditEvent.objects.filter(target_id__in=[0, 1, 2]).order_by("pk"))
    assert [line.exceptional for line in stored] == [False, True, False]
    assert [line.at for line in stored] == [e.at for e in events]  # to the microsecond
    assert verify().startswith("ok:")
