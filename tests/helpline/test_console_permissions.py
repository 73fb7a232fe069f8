"""Who reaches the console: the federation's listeners and supervisor only. An association's
staff get 403 on every console address; a listener reaches her own records only (another's
answers 404 and nothing changes); a supervisor reads every record."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from appui.core.models import Role
from appui.helpline.models import Call, Caller, CallerFlag, CallState, Channel, FlagKind
from tests.helpline.conftest import make_staff

# url name → (method, takes the call's id, takes a flag's id)
URLS = {
    "helpline:console": ("get", False, False),
    "helpline:console_state": ("get", False, False),
    "helpline:presence": ("post", False, False),
    "helpline:take": ("post", False, False),
    "helpline:non_data": ("post", False, False),
    "helpline:call": ("get", True, False),
    "helpline:call_non_data": ("post", True, False),
    "helpline:hang_up": ("post", True, False),
    "helpline:caller_recognise": ("post", True, False),
    "helpline:caller_withdraw": ("post", True, False),
    "helpline:caller_flag_add": ("post", True, False),
    "helpline:caller_flag_remove": ("post", True, True),
}
POSTED = {
    "helpline:presence": {"status": "paused"},
    "helpline:non_data": {"kind": "silent"},
    "helpline:call_non_data": {"kind": "silent"},
    "helpline:caller_recognise": {"caller-number": "0612345678", "caller-consent": "on"},
    "helpline:caller_flag_add": {"flag-kind": "other", "flag-expires_on": "2099-01-01"},
}


def the_console_urls():
    from appui.helpline.views import console

    return {f"helpline:{p.name}" for p in console.urlpatterns}


def test_every_console_address_is_in_this_table():
    assert the_console_urls() == set(URLS)


@pytest.fixture
def record(listener, federation):
    """A call in progress of another listener, whose caller is recognised, with a flag."""
    owner = listener("2001")
    caller = Caller.objects.create(
        number_key="k" * 64,
        number="0612345678",
        consented_at=timezone.now(),
        last_call_at=timezone.now(),
    )
    flag = CallerFlag.objects.create(
        caller=caller, kind=FlagKind.OTHER, expires_on=timezone.localdate()
    )
    call = Call.objects.create(
        organisation=federation,
        channel=Channel.PHONE,
        state=CallState.ACTIVE,
        listener=owner,
        ringing_at=timezone.now(),
        answered_at=timezone.now(),
        caller=caller,
        number_key=caller.number_key,
    )
    return call, flag


def request(client, name, call, flag):
    method, with_call, with_flag = URLS[name]
    args = [call.pk] if with_call else []
    if with_flag:
        args.append(flag.pk)
    url = reverse(name, args=args)
    if method == "get":
        return client.get(url)
    return client.post(url, POSTED.get(name, {}))


@pytest.mark.parametrize("role", [Role.RECEPTIONIST, Role.DIRECTION, Role.LEGAL_ADVISER])
def test_an_associations_staff_reach_no_console_page(client, meuse, record, role):
    from tests.cases.conftest import login

    call, flag = record
    login(client, make_staff(meuse, role))
    for name in URLS:
        assert request(client, name, call, flag).status_code == 403, name
    call.refresh_from_db()
    assert call.state == CallState.ACTIVE and not Call.objects.exclude(pk=call.pk).exists()
    assert CallerFlag.objects.filter(pk=flag.pk).exists()


def test_the_federations_administrator_reaches_no_console_page(client, federation, record):
    from tests.cases.conftest import login

    call, flag = record
    login(client, make_staff(federation, Role.FEDERATION_ADMIN))
    for name in URLS:
        assert request(client, name, call, flag).status_code == 403, name


def test_nobody_logged_in_is_sent_to_the_login(client, record):
    call, flag = record
    for name in URLS:
        response = request(client, name, call, flag)
        assert response.status_code == 302 and "/login" in response["Location"], name


def test_a_listener_cannot_open_nor_change_another_listeners_record(listener, as_user, record):
    call, flag = record
    client = as_user(listener("2002"))
    for name, (_method, with_call, _flag) in URLS.items():
        if with_call:
            assert request(client, name, call, flag).status_code == 404, name
    assert client.post(reverse("helpline:call", args=[call.pk]), {"save": "1"}).status_code == 404
    call.refresh_from_db()
    assert call.state == CallState.ACTIVE and call.caller_id is not None
    assert CallerFlag.objects.filter(pk=flag.pk).exists()
    # Her console does not list it either.
    assert call not in client.get(reverse("helpline:console")).context["open_calls"]


def test_a_supervisor_reads_every_listeners_record(supervisor, as_user, record):
    call, _flag = record
    client = as_user(supervisor)
    page = client.get(reverse("helpline:call", args=[call.pk]))
    assert page.status_code == 200 and page.context["call"] == call
    assert page.context["mine"] is False and 'data-pop=""' in page.content.decode()


def test_unknown_ids_are_404_and_post_only_addresses_refuse_a_get(listener, as_user, record):
    call, flag = record
    client = as_user(listener())
    assert client.get(reverse("helpline:call", args=[999999])).status_code == 404
    assert client.get(reverse("helpline:take")).status_code == 405
    assert client.get(reverse("helpline:hang_up", args=[call.pk])).status_code == 405
    assert client.post(reverse("helpline:console")).status_code == 405
