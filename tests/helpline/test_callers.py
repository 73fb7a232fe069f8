"""Callers recognised only with their consent: her number kept as a keyed hash and encrypted,
shown masked; her next call names her with her previous calls and her flags still running;
flags with an expiry, each change audited; her consent withdrawn deletes her."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from appui.core.models import AuditAction, AuditEvent
from appui.helpline import numbers
from appui.helpline.audit_targets import HelplineTarget
from appui.helpline.models import Call, Caller, CallerFlag, CallState, Channel, FlagKind
from appui.helpline.services import callers, calls
from tests.helpline.conftest import actor

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NUMBER = "06 12 34 56 78"


def record(call) -> str:
    return reverse("helpline:call", args=[call.pk])


def recognise(client, call, **data):
    return client.post(reverse("helpline:caller_recognise", args=[call.pk]), data, **EN)


def lines(target, action):
    return AuditEvent.objects.filter(target=target, action=action)


def test_she_is_recognised_only_when_she_agrees(listener, territory, as_user):
    user = listener()
    client = as_user(user)
    call = calls.take_call(actor(user))

    refused = recognise(client, call, **{"caller-number": NUMBER})
    assert refused.status_code == 422
    assert "tick the box if she agrees" in refused.content.decode()
    assert not Caller.objects.exists()

    bad = recognise(client, call, **{"caller-number": "12", "caller-consent": "on"})
    assert bad.status_code == 422 and "number" in bad.context["recognise_form"].errors

    agreed = recognise(client, call, **{"caller-number": NUMBER, "caller-consent": "on"})
    assert agreed.status_code == 302
    caller = Caller.objects.get()
    assert caller.number_key == numbers.number_key(NUMBER) and caller.consented_by_id == user.pk
    call.refresh_from_db()
    assert call.caller_id == caller.pk and call.number_key == caller.number_key
    # Encrypted in the database: the digits appear nowhere in clear.
    with connection.cursor() as cursor:
        cursor.execute("SELECT number FROM helpline_caller WHERE id = %s", [caller.pk])
        stored = cursor.fetchone()[0]
    assert "0612345678" not in stored and "12 34" not in stored
    page = client.get(record(call), **EN).content.decode()
    assert "•• •• •• •• 78" in page
    assert "0612345678" not in page and NUMBER not in page
    assert lines(HelplineTarget.CALLER, AuditAction.CREATE).filter(target_id=caller.pk).exists()
    assert lines(HelplineTarget.CALLER, AuditAction.VIEW).filter(target_id=caller.pk).exists()


def switchboard_call(user, number: str, **fields) -> Call:
    """A call the switchboard reported answered by her, with the caller's number's key."""
    now = timezone.now()
    return Call.objects.create(
        organisation_id=user.staff_profile.organisation_id,
        channel=Channel.PHONE,
        state=CallState.ACTIVE,
        listener=user,
        ringing_at=now,
        answered_at=now,
        number_key=numbers.number_key(number),
        **fields,
    )


@pytest.fixture
def known(listener, territory):
    """A caller who agreed last month, with a flag still running and one expired."""
    first = listener("1005")
    old = calls.take_call(actor(first))
    caller = callers.recognise(actor(first), old, NUMBER, consent=True)
    CallerFlag.objects.create(
        caller=caller,
        kind=FlagKind.PREFERS_WOMAN,
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    )
    CallerFlag.objects.create(
        caller=caller,
        kind=FlagKind.HEARING,
        detail="Parle fort",
        expires_on=timezone.localdate() - dt.timedelta(days=1),
    )
    return caller


def test_her_next_call_names_her_with_her_previous_calls_and_running_flags(
    known, listener, as_user
):
    user = listener("1006")
    client = as_user(user)
    call = switchboard_call(user, "+33612345678")
    page = client.get(record(call), **EN)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Known caller" in text and "1 previous call" in text
    assert "Prefers a woman listener" in text
    assert "Hard of hearing" not in text and "Parle fort" not in text  # expired
    call.refresh_from_db()
    assert call.caller_id == known.pk
    flag = known.flags.get(kind=FlagKind.PREFERS_WOMAN)
    assert lines(HelplineTarget.CALLER_FLAG, AuditAction.VIEW).filter(target_id=flag.pk).exists()


def test_a_hand_taken_call_names_her_when_her_number_is_typed(known, listener, as_user):
    user = listener("1007")
    client = as_user(user)
    call = calls.take_call(actor(user))
    assert recognise(client, call, **{"caller-number": "0033612345678"}).status_code == 302
    call.refresh_from_db()
    assert call.caller_id == known.pk
    assert "1 previous call" in client.get(record(call), **EN).content.decode()


def test_flags_are_added_with_an_expiry_and_removed_each_change_audited(known, listener, as_user):
    user = listener("1008")
    client = as_user(user)
    call = switchboard_call(user, NUMBER, caller=known)
    add = reverse("helpline:caller_flag_add", args=[call.pk])
    today = timezone.localdate()
    for expires, error in [
        (today - dt.timedelta(days=1), "This day has passed."),
        (today + dt.timedelta(days=400), "A flag lasts a year at most"),
        ("", "This field is required."),
    ]:
        response = client.post(
            add, {"flag-kind": FlagKind.LANGUAGE, "flag-expires_on": str(expires)}, **EN
        )
        assert response.status_code == 422 and error in response.content.decode()
    response = client.post(add, {"flag-kind": "unknown-kind", "flag-expires_on": str(today)}, **EN)
    assert response.status_code == 422
    assert known.flags.count() == 2

    response = client.post(
        add,
        {
            "flag-kind": FlagKind.LANGUAGE,
            "flag-detail": "Parle portugais",
            "flag-expires_on": str(today + dt.timedelta(days=90)),
        },
    )
    assert response.status_code == 302
    flag = known.flags.get(kind=FlagKind.LANGUAGE)
    assert flag.detail == "Parle portugais" and flag.created_by_id == user.pk
    assert lines(HelplineTarget.CALLER_FLAG, AuditAction.CREATE).filter(target_id=flag.pk).exists()
    assert "Parle portugais" in client.get(record(call), **EN).content.decode()

    remove = reverse("helpline:caller_flag_remove", args=[call.pk, flag.pk])
    assert client.post(remove).status_code == 302
    assert not CallerFlag.objects.filter(pk=flag.pk).exists()
    assert lines(HelplineTarget.CALLER_FLAG, AuditAction.DELETE).filter(target_id=flag.pk).exists()
    assert client.post(remove).status_code == 404  # gone already


def test_a_flag_of_another_caller_cannot_be_removed_through_her_record(known, listener, as_user):
    user = listener("1009")
    client = as_user(user)
    stranger = calls.take_call(actor(user))
    other = callers.recognise(actor(user), stranger, "07 00 00 00 01", consent=True)
    call = switchboard_call(user, "07 00 00 00 01", caller=other)
    flag = known.flags.first()
    url = reverse("helpline:caller_flag_remove", args=[call.pk, flag.pk])
    assert client.post(url).status_code == 404
    assert CallerFlag.objects.filter(pk=flag.pk).exists()


def test_withdrawing_her_consent_deletes_her_and_her_flags(known, listener, as_user):
    user = listener("1010")
    client = as_user(user)
    call = switchboard_call(user, NUMBER, caller=known)
    flags = list(known.flags.values_list("pk", flat=True))
    response = client.post(reverse("helpline:caller_withdraw", args=[call.pk]))
    assert response.status_code == 302
    assert not Caller.objects.exists() and not CallerFlag.objects.exists()
    call.refresh_from_db()
    assert call.caller_id is None
    assert lines(HelplineTarget.CALLER, AuditAction.DELETE).filter(target_id=known.pk).exists()
    for pk in flags:
        assert lines(HelplineTarget.CALLER_FLAG, AuditAction.DELETE).filter(target_id=pk).exists()
    text = client.get(record(call), **EN).content.decode()
    assert "Known caller" not in text and "Recognise her" in text


def test_a_closed_record_no_longer_changes_her_recognition(known, listener, as_user):
    user = listener("1011")
    client = as_user(user)
    call = switchboard_call(user, NUMBER, caller=known)
    Call.objects.filter(pk=call.pk).update(state=CallState.CLOSED)
    assert client.post(reverse("helpline:caller_withdraw", args=[call.pk])).status_code == 403
    assert Caller.objects.filter(pk=known.pk).exists()
