"""The helpline's figures: read from the anonymous counters only, by hour, day, kind,
situation, outcome and département; answer rate, time to answer and call length; a period
filter whose bad input gives field errors; charts, CSV, audit and who may read them."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from appui.core import charts
from appui.core.models import AuditEvent, Role
from appui.directory.hours import PARIS
from appui.helpline.counters import count_call
from appui.helpline.models import (
    Call,
    CallerType,
    CallState,
    Channel,
    HelplineCount,
    NonData,
    Outcome,
)
from appui.helpline.services import figures
from tests.cases.conftest import actor, login, make_staff
from tests.helpline.conftest import VERDUN

MONDAY = dt.date(2025, 3, 10)


def at(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=PARIS)


def counted(federation, ringing_at, *, wait=None, talk=0, state=CallState.CLOSED, **fields):
    """A call as the console closes it (or the switchboard misses it), counted once."""
    answered = ringing_at + dt.timedelta(seconds=wait) if wait is not None else None
    ended = (answered or ringing_at) + dt.timedelta(seconds=talk)
    call = Call.objects.create(
        organisation=federation,
        channel=fields.pop("channel", Channel.PHONE),
        state=state,
        ringing_at=ringing_at,
        answered_at=answered,
        ended_at=ended,
        closed_at=ended if state == CallState.CLOSED else None,
        **fields,
    )
    count_call(call)
    return call


@pytest.fixture
def calls(federation, territory):
    """On Monday 10 March 2025: two victims from Verdun answered at 10 h (after 20 s and
    40 s, 5 and 15 minutes), a silent call at 10 h, a missed call at 22 h; an e-mail on
    Tuesday; a witness's call a month earlier."""
    counted(
        federation,
        at(MONDAY, 10, 5),
        wait=20,
        talk=300,
        caller_type=CallerType.VICTIM,
        situations=["hit", "threats"],
        commune_code=VERDUN,
        outcome=Outcome.TRANSFERRED,
    )
    counted(
        federation,
        at(MONDAY, 10, 40),
        wait=40,
        talk=900,
        caller_type=CallerType.VICTIM,
        situations=["hit"],
        commune_code=VERDUN,
        outcome=Outcome.INFORMED,
    )
    counted(federation, at(MONDAY, 10, 50), wait=5, talk=10, non_data=NonData.SILENT)
    counted(federation, at(MONDAY, 22, 1), state=CallState.MISSED)
    counted(
        federation,
        at(MONDAY + dt.timedelta(days=1), 9),
        wait=3600,
        channel=Channel.EMAIL,
        caller_type=CallerType.RELATIVE,
        situations=["fraud"],
        outcome=Outcome.ORIENTED,
    )
    counted(
        federation,
        at(MONDAY - dt.timedelta(days=30), 15),
        wait=10,
        talk=60,
        caller_type=CallerType.WITNESS,
        outcome=Outcome.INFORMED,
    )


def week(admin):
    return figures.figures(actor(admin), MONDAY, MONDAY + dt.timedelta(days=6))


@pytest.fixture
def admin(federation):
    return make_staff(federation, Role.FEDERATION_ADMIN)


def test_the_contract_measures_of_phone_calls(calls, admin):
    found = week(admin)
    assert found.calls == 5  # four phone calls and an e-mail
    assert (found.phone_calls, found.answered, found.missed) == (4, 3, 1)
    assert found.answer_rate == pytest.approx(3 / 4)
    assert found.mean_wait == pytest.approx((20 + 40 + 5) / 3)  # the e-mail's hour aside
    assert found.mean_talk == pytest.approx((300 + 900 + 10) / 3)


def test_the_breakdowns(calls, admin):
    found = week(admin)
    assert found.by_hour[10] == 3 and found.by_hour[22] == 1 and found.by_hour[9] == 1
    assert sum(found.by_hour) == 5
    assert found.by_weekday[0] == 4 and found.by_weekday[1] == 1
    assert found.series_unit == "day" and len(found.series) == 7
    assert found.series[0] == (MONDAY, 4)
    kinds = {line.code: line.calls for line in found.by_kind}
    assert kinds == {"victim": 2, "silent": 1, "": 1, "relative": 1}
    # The main situation is the first one she named.
    assert {line.code: line.calls for line in found.by_category} == {"hit": 2, "": 2, "fraud": 1}
    outcomes = {line.code: line.calls for line in found.by_outcome}
    assert outcomes == {"transferred": 1, "informed": 1, "oriented": 1, "": 2}
    departements = {line.code: line for line in found.by_departement}
    assert departements["55"].calls == 2 and "Meuse" in departements["55"].label
    assert departements[""].calls == 3
    assert found.by_category[0].code == "hit"  # biggest first


def test_a_long_period_is_drawn_by_month(calls, admin):
    found = figures.figures(actor(admin), dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert found.series_unit == "month" and len(found.series) == 12
    assert dict(found.series)[dt.date(2025, 3, 1)] == 5
    assert dict(found.series)[dt.date(2025, 2, 1)] == 1
    assert figures.series_unit(dt.date(2020, 1, 1), dt.date(2025, 1, 1)) == "year"


def test_the_page_draws_charts_with_tables_and_is_audited(client, calls, admin, federation):
    login(client, admin)
    response = client.get(reverse("helpline:stats"), {"start": "2025-03-10", "end": "2025-03-16"})
    assert response.status_code == 200
    html = response.content.decode()
    # By day, hour, day of the week, channel, kind, situation, outcome and département.
    assert html.count('role="img"') == 8
    assert "75,0" in html  # the answer rate, in French
    assert "0:22" in html  # mean time to answer (65 s / 3)
    assert "6:43" in html  # mean call length (1210 s / 3)
    with translation.override("fr"):
        from appui.guide.questions import Situation

        assert str(escape(Situation.HIT.label)) in html
    line = AuditEvent.objects.get(target="helpline_figures", action="view")
    assert (line.actor_id, line.organisation_id) == (admin.pk, federation.pk)


def test_the_default_period_is_the_last_thirty_days(client, admin):
    login(client, admin)
    response = client.get(reverse("helpline:stats"))
    assert response.status_code == 200
    found = response.context["figures"]
    assert (found.end - found.start).days == 29
    with translation.override("fr"):
        assert charts.empty_sentence() in response.content.decode()


@pytest.mark.parametrize(
    "query, field",
    [
        ({"start": "2025-02-30"}, "start"),
        ({"start": "hier"}, "start"),
        ({"end": "1850-01-01"}, "end"),
        ({"end": "2999-01-01"}, "end"),
        ({"start": "2025-03-16", "end": "2025-03-10"}, "end"),
    ],
)
def test_bad_dates_give_field_errors(client, admin, query, field):
    login(client, admin, password_confirmed=True)
    for name in ("helpline:stats", "helpline:stats_csv"):
        response = client.get(reverse(name), query)
        assert response.status_code == 422, name
        assert response.context["form"].errors[field]
        assert "field-error" in response.content.decode()
    assert not AuditEvent.objects.filter(target="helpline_figures").exists()


def test_the_csv_holds_the_counters_of_the_period(client, calls, admin, federation):
    login(client, admin, password_confirmed=True)
    response = client.get(
        reverse("helpline:stats_csv"), {"start": "2025-03-10", "end": "2025-03-16"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "appui-116006-2025-03-10-2025-03-16.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode()), delimiter=";"))
    assert list(rows[0]) == list(figures.CSV_COLUMNS)
    assert sum(int(r["calls"]) for r in rows) == 5
    assert sum(int(r["missed"]) for r in rows) == 1
    verdun = [r for r in rows if r["departement"] == "55"]
    assert {(r["day"], r["hour"], r["kind"], r["category"]) for r in verdun} == {
        ("2025-03-10", "10", "victim", "hit")
    }
    assert sum(int(r["talk_seconds"]) for r in verdun) == 1200
    assert not [r for r in rows if r["day"] < "2025-03-10"]
    line = AuditEvent.objects.get(target="helpline_figures", action="export")
    assert (line.actor_id, line.organisation_id) == (admin.pk, federation.pk)


def test_the_csv_asks_the_password_again(client, admin):
    login(client, admin)
    response = client.get(reverse("helpline:stats_csv"))
    assert response.status_code == 302
    assert reverse("staff:reauthenticate") in response["Location"]


def test_the_figures_read_counters_only(calls, admin):
    """No call record is read: deleting them all changes nothing."""
    before = week(admin)
    Call.objects.all().delete()
    assert HelplineCount.objects.exists()
    after = week(admin)
    assert (after.calls, after.answered, after.by_hour) == (
        before.calls,
        before.answered,
        before.by_hour,
    )


@pytest.mark.parametrize("name", ["helpline:stats", "helpline:stats_csv"])
def test_who_reads_the_figures(client, federation, meuse, listener, supervisor, name):
    url = reverse(name)
    for user in (listener("1009"), make_staff(meuse, Role.DIRECTION)):
        client.logout()
        login(client, user, password_confirmed=True)
        assert client.get(url).status_code == 403
    for user in (supervisor, make_staff(federation, Role.FEDERATION_ADMIN)):
        client.logout()
        login(client, user, password_confirmed=True)
        assert client.get(url).status_code == 200
