"""The callback queue's pages (/pro/ecoute/rappels/): listed masked, opened with the number
(an audited read), called back into a call record, tried, closed, escalated, answered;
refused to whoever is not a helpline listener."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from appui.cases.models import Intake, IntakeStatus
from appui.core.models import AuditAction, AuditEvent, Role
from appui.helpline.models import Call, CallbackFollowUp, CallbackTry, CallState, Channel
from appui.helpline.services import callbacks, messages
from tests.cases.conftest import make_staff

NUMBER = "06 12 34 56 78"
QUEUE = "/pro/ecoute/rappels/"


@pytest.fixture
def missed_request(federation):
    call = Call.objects.create(
        organisation=federation,
        channel=Channel.PHONE,
        state=CallState.MISSED,
        external_id="m1",
        ringing_at=timezone.now() - dt.timedelta(days=2),
    )
    with transaction.atomic():
        return callbacks.from_missed_call(call, NUMBER)


@pytest.fixture
def me(listener, as_user):
    user = listener()
    as_user(user)
    return user


def page(pk: int) -> str:
    return reverse("helpline:callback", args=[pk])


def test_the_queue_lists_requests_masked_and_overdue(me, client, missed_request):
    assert reverse("helpline:callbacks") == QUEUE
    response = client.get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "•• •• •• •• 78" in html and NUMBER not in html
    assert "overdue" in html or "en retard" in html
    assert page(missed_request.pk) in html
    assert AuditEvent.objects.filter(
        actor_id=me.pk, action=AuditAction.VIEW, target="intake", target_id=missed_request.pk
    ).exists()


def test_the_request_page_shows_the_number_and_is_audited(me, client, missed_request):
    before = AuditEvent.objects.filter(actor_id=me.pk, action=AuditAction.VIEW).count()
    response = client.get(page(missed_request.pk))
    assert response.status_code == 200
    assert NUMBER in response.content.decode()
    after = AuditEvent.objects.filter(actor_id=me.pk, action=AuditAction.VIEW).count()
    assert after == before + 1


def test_call_back_now_opens_the_call_record(me, client, missed_request):
    response = client.post(page(missed_request.pk), {"action": "call_back"})
    call = Call.objects.get(channel=Channel.CALLBACK)
    assert response.status_code == 302
    assert response["Location"] == reverse("helpline:call", args=[call.pk])
    assert call.listener_id == me.pk and call.callback_id == missed_request.pk
    missed_request.refresh_from_db()
    assert missed_request.status == IntakeStatus.CLOSED
    again = client.post(page(missed_request.pk), {"action": "call_back"})
    assert again.status_code == 302 and Call.objects.filter(channel=Channel.CALLBACK).count() == 1


def test_a_try_without_its_result_is_a_field_error(me, client, missed_request):
    response = client.post(page(missed_request.pk), {"action": "try"})
    assert response.status_code == 422
    assert "result" in response.context["try_form"].errors
    response = client.post(page(missed_request.pk), {"action": "try", "try-result": "reached"})
    assert response.status_code == 422  # reached is "Call back now"
    response = client.post(page(missed_request.pk), {"action": "try", "try-result": "no_answer"})
    assert response.status_code == 302
    assert CallbackTry.objects.get(intake=missed_request).result == "no_answer"
    assert [row.tries for row in client.get(QUEUE).context["rows"]] == [1]


def test_escalate_then_close(me, client, missed_request):
    assert client.post(page(missed_request.pk), {"action": "escalate"}).status_code == 302
    follow = CallbackFollowUp.objects.get(intake=missed_request)
    assert follow.escalated_by_id == me.pk
    response = client.post(page(missed_request.pk), {"action": "close"})
    assert response.status_code == 422 and "reason" in response.context["close_form"].errors
    response = client.post(
        page(missed_request.pk), {"action": "close", "close-reason": "She called again"}
    )
    assert response.status_code == 302 and response["Location"] == QUEUE
    missed_request.refresh_from_db()
    assert missed_request.status == IntakeStatus.CLOSED
    assert missed_request.closing_reason == "She called again"
    assert client.get(page(missed_request.pk)).status_code == 200  # still readable, closed


def test_a_message_is_answered_from_its_page(me, client, federation, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    intake = messages.receive_web_message(message="Que faire ?", email="camille@example.org")
    empty = client.post(page(intake.pk), {"action": "reply", "reply-text": "  "})
    assert empty.status_code == 422 and "text" in empty.context["reply_form"].errors
    assert mail.outbox == []
    response = client.post(page(intake.pk), {"action": "reply", "reply-text": "Bonjour…"})
    call = Call.objects.get(channel=Channel.WEB)
    assert response["Location"] == reverse("helpline:call", args=[call.pk])
    assert mail.outbox[0].to == ["camille@example.org"] and "Bonjour…" in mail.outbox[0].body
    assert Intake.objects.get(pk=intake.pk).status == IntakeStatus.CLOSED


@pytest.mark.parametrize(
    "role", [Role.DIRECTION, Role.RECEPTIONIST, Role.LEGAL_ADVISER, Role.PSYCHOLOGIST]
)
def test_association_staff_are_refused(role, meuse, as_user, client, missed_request):
    as_user(make_staff(meuse, role))
    assert client.get(QUEUE).status_code == 403
    assert client.get(page(missed_request.pk)).status_code == 403
    assert client.post(page(missed_request.pk), {"action": "call_back"}).status_code == 403
    assert not Call.objects.filter(channel=Channel.CALLBACK).exists()


def test_the_federation_administrator_reads_figures_not_callbacks(
    federation, as_user, client, missed_request
):
    as_user(make_staff(federation, Role.FEDERATION_ADMIN))
    assert client.get(QUEUE).status_code == 403


def test_an_associations_intake_is_not_found(me, client, meuse):
    theirs = Intake.objects.create(
        organisation=meuse, channel="helpline", received_at=timezone.now(), contact_phone=NUMBER
    )
    assert client.get(page(theirs.pk)).status_code == 404
    assert client.post(page(theirs.pk), {"action": "escalate"}).status_code == 404
    assert client.get(page(999999)).status_code == 404


def test_a_supervisor_works_the_queue_too(supervisor, as_user, client, missed_request):
    as_user(supervisor)
    assert client.get(QUEUE).status_code == 200
    assert client.post(page(missed_request.pk), {"action": "escalate"}).status_code == 302


def test_anonymous_visitors_are_sent_to_the_login(client, missed_request):
    response = client.get(QUEUE)
    assert response.status_code == 302 and "/pro/login/" in response["Location"]


def test_the_stamp_answers_204_while_nothing_changed(me, client, missed_request):
    url = reverse("helpline:callbacks_stamp")
    stamp = client.get(url).json()["stamp"]
    assert client.get(url, {"since": stamp}).status_code == 204
