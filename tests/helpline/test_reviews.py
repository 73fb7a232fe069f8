"""The quality review: a supervisor reads a closed record (read-only, each read audited),
marks the grid, and finds the records to review by listener and by day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from appui.core.models import AuditEvent, Role
from appui.directory.hours import PARIS
from appui.guide.questions import Situation
from appui.helpline.models import Call, CallState, Channel, Outcome, QualityReview
from tests.cases.conftest import login, make_staff

GRID = {"welcome": 4, "listening": 3, "information": 4, "orientation": 2, "record": 3}


def closed(
    organisation, user, *, closed_at=None, note="Elle a peur de rentrer chez elle.", **fields
):
    closed_at = closed_at or timezone.now() - dt.timedelta(minutes=5)
    return Call.objects.create(
        organisation=organisation,
        channel=Channel.PHONE,
        state=fields.pop("state", CallState.CLOSED),
        ringing_at=closed_at - dt.timedelta(minutes=20),
        answered_at=closed_at - dt.timedelta(minutes=19),
        ended_at=closed_at - dt.timedelta(minutes=2),
        closed_at=closed_at,
        listener=user,
        caller_type="victim",
        situations=["hit"],
        outcome=Outcome.INFORMED,
        note=note,
        **fields,
    )


@pytest.fixture
def anne(listener):
    user = listener("1001")
    user.staff_profile.display_name = "Anne"
    user.staff_profile.save()
    return user


@pytest.fixture
def call(federation, anne):
    return closed(federation, anne)


def review_url(call):
    return reverse("helpline:review", args=[call.pk])


def test_the_supervisor_reads_the_record_and_the_read_is_audited(
    client, federation, supervisor, call
):
    login(client, supervisor)
    response = client.get(review_url(call))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Elle a peur de rentrer chez elle." in html
    assert "Anne" in html
    with translation.override("fr"):  # the page speaks French first
        assert str(escape(Situation.HIT.label)) in html
    assert 'name="welcome"' in html and 'type="radio"' in html
    line = AuditEvent.objects.get(target="call", action="view", target_id=call.pk)
    assert (line.actor_id, line.organisation_id) == (supervisor.pk, federation.pk)
    client.get(review_url(call))
    assert AuditEvent.objects.filter(target="call", action="view", target_id=call.pk).count() == 2


def test_a_review_is_saved_audited_and_changed_not_repeated(client, supervisor, call):
    login(client, supervisor)
    response = client.post(review_url(call), {**GRID, "comment": "Bonne reformulation."})
    assert response.status_code == 302
    review = QualityReview.objects.get()
    assert (review.welcome, review.orientation, review.reviewer_id) == (4, 2, supervisor.pk)
    assert review.comment == "Bonne reformulation."
    assert AuditEvent.objects.filter(
        target="quality_review", action="create", target_id=review.pk
    ).exists()
    with connection.cursor() as cursor:  # the comment is encrypted at rest
        cursor.execute("SELECT comment FROM helpline_qualityreview")
        assert "reformulation" not in cursor.fetchone()[0]
    client.post(review_url(call), {**GRID, "orientation": 4, "comment": ""})
    review = QualityReview.objects.get()
    assert (review.orientation, review.comment) == (4, "")
    assert AuditEvent.objects.filter(
        target="quality_review", action="update", target_id=review.pk
    ).exists()
    # Reading the record again shows the review, and reading it is audited too.
    page = client.get(review_url(call)).content.decode()
    assert "4 / 4" in page
    assert AuditEvent.objects.filter(
        target="quality_review", action="view", target_id=review.pk
    ).exists()


@pytest.mark.parametrize(
    "bad",
    [
        {**GRID, "welcome": "5"},
        {**GRID, "listening": "0"},
        {**GRID, "record": "x"},
        {k: v for k, v in GRID.items() if k != "information"},
        {**GRID, "comment": "x" * 1001},
    ],
)
def test_a_bad_grid_gives_field_errors_and_saves_nothing(client, supervisor, call, bad):
    login(client, supervisor)
    response = client.post(review_url(call), bad)
    assert response.status_code == 422
    assert "field-error" in response.content.decode()
    assert not QualityReview.objects.exists()
    assert not AuditEvent.objects.filter(target="quality_review").exists()


def test_a_supervisor_does_not_review_her_own_call(client, federation, supervisor):
    own_call = closed(federation, supervisor)
    login(client, supervisor)
    page = client.get(review_url(own_call))
    assert page.status_code == 200
    assert 'name="welcome"' not in page.content.decode()
    assert client.post(review_url(own_call), GRID).status_code == 403
    assert not QualityReview.objects.exists()


def test_only_closed_records_of_the_federation_are_reviewed(
    client, federation, own, supervisor, anne
):
    login(client, supervisor)
    open_call = closed(federation, anne, state=CallState.WRAP_UP)
    elsewhere = closed(own, make_staff(own, Role.RECEPTIONIST))
    for found in (open_call, elsewhere):
        assert client.get(review_url(found)).status_code == 404
        assert client.post(review_url(found), GRID).status_code == 404
    assert client.get(reverse("helpline:review", args=[999999])).status_code == 404
    assert not AuditEvent.objects.filter(target="call", target_id__isnull=False).exists()


@pytest.mark.parametrize("name", ["helpline:review_list", "helpline:review"])
def test_listeners_admins_and_associations_may_not_review(
    client, federation, meuse, listener, call, name
):
    url = reverse(name, args=[call.pk] if name == "helpline:review" else [])
    for user in (
        listener("1009"),
        make_staff(federation, Role.FEDERATION_ADMIN),
        make_staff(meuse, Role.DIRECTION),
    ):
        client.logout()
        login(client, user)
        assert client.get(url).status_code == 403
        assert client.post(url, GRID).status_code == 403
    assert not QualityReview.objects.exists()


def test_the_list_of_records_to_review_filters_by_listener_and_day(
    client, federation, supervisor, anne, listener
):
    bruno = listener("1002")
    bruno.staff_profile.display_name = "Bruno"
    bruno.staff_profile.save()
    yesterday = timezone.now() - dt.timedelta(days=1)
    a = closed(federation, anne)
    b = closed(federation, bruno, closed_at=yesterday)
    closed(federation, anne, state=CallState.ACTIVE)  # not closed: not listed
    login(client, supervisor)
    url = reverse("helpline:review_list")

    def listed(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return {c.pk for c in response.context["calls"]}

    assert listed() == {a.pk, b.pk}
    assert listed(listener=anne.pk) == {a.pk}
    assert listed(day=yesterday.astimezone(PARIS).date().isoformat()) == {b.pk}
    assert listed(listener=anne.pk, day=yesterday.astimezone(PARIS).date().isoformat()) == set()
    line = AuditEvent.objects.filter(target="call", action="view").latest("pk")
    assert line.target_id is None


@pytest.mark.parametrize(
    "query", [{"day": "2024-02-30"}, {"day": "1850-01-01"}, {"listener": "abc"}, {"listener": "0"}]
)
def test_a_bad_filter_gives_field_errors(client, supervisor, call, query):
    login(client, supervisor)
    response = client.get(reverse("helpline:review_list"), query)
    assert response.status_code == 422
    assert "field-error" in response.content.decode()


def test_the_list_offers_only_the_federations_helpline_staff(
    client, federation, own, supervisor, anne
):
    stranger = make_staff(own, Role.RECEPTIONIST)
    login(client, supervisor)
    response = client.get(reverse("helpline:review_list"), {"listener": stranger.pk})
    assert response.status_code == 422
    choices = dict(response.context["form"].fields["listener"].choices)
    assert anne.pk in choices and stranger.pk not in choices
