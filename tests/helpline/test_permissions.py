"""The helpline's permission matrix: every page of /pro/ecoute/ × every role.

Written by hand from the issue's rules, not read from the code: listeners take calls and
work the callback queue; the supervisor does the same, and supervises, reviews and reads
the figures; the federation's administrator reads the figures only; nobody in an
association or a unit reaches any of it. A new page without a rule here fails
`test_every_helpline_page_has_a_rule`.
"""

import datetime as dt

import pytest
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from appui.cases.models import Channel as IntakeChannel
from appui.cases.models import Intake
from appui.core.models import Role
from appui.helpline.models import (
    Call,
    Caller,
    CallerFlag,
    CallState,
    Channel,
    FlagKind,
)
from appui.helpline.numbers import number_key

from .conftest import login, make_staff

H, V, F = Role.HELPLINE_LISTENER, Role.HELPLINE_SUPERVISOR, Role.FEDERATION_ADMIN
LISTENING = {H, V}

# url name → (HTTP method, roles allowed, which record its id names)
MATRIX = {
    "helpline:console": ("get", LISTENING, None),
    "helpline:console_state": ("get", LISTENING, None),
    "helpline:presence": ("post", LISTENING, None),
    "helpline:take": ("post", LISTENING, None),
    "helpline:non_data": ("post", LISTENING, None),
    "helpline:call": ("get", LISTENING, "call"),
    "helpline:call_non_data": ("post", LISTENING, "call"),
    "helpline:hang_up": ("post", LISTENING, "call"),
    "helpline:caller_recognise": ("post", LISTENING, "call"),
    "helpline:caller_flag_add": ("post", LISTENING, "call"),
    "helpline:caller_flag_remove": ("post", LISTENING, "flag"),
    "helpline:callbacks": ("get", LISTENING, None),
    "helpline:callbacks_stamp": ("get", LISTENING, None),
    "helpline:callback": ("get", LISTENING, "callback"),
    "helpline:supervision": ("get", {V}, None),
    "helpline:wallboard": ("get", {V}, None),
    "helpline:wallboard_state": ("get", {V}, None),
    "helpline:review_list": ("get", {V}, None),
    "helpline:review": ("get", {V}, "closed"),
    "helpline:stats": ("get", {V, F}, None),
    "helpline:stats_csv": ("get", {V, F}, None),
    # Last: it deletes the recognised caller the flags' pages name.
    "helpline:caller_withdraw": ("post", LISTENING, "call"),
}


def helpline_url_names():
    resolver = get_resolver().namespace_dict["helpline"][1]
    names = set()
    for pattern in resolver.url_patterns:
        assert isinstance(pattern, URLPattern)
        names.add(f"helpline:{pattern.name}")
    return names


def test_every_helpline_page_has_a_rule():
    assert helpline_url_names() == set(MATRIX)


def test_every_helpline_page_declares_its_permission():
    resolver = get_resolver().namespace_dict["helpline"][1]
    for pattern in resolver.url_patterns:
        view = pattern.callback
        assert hasattr(view, "staff_permission"), f"helpline:{pattern.name} lacks staff_view"


def person_of(role, federation, own):
    """Helpline and federation roles in the federation; everyone else in an association
    (a unit's agent too: the rule is the same, no helpline page)."""
    if role in (H, V, F):
        return make_staff(federation, role)
    return make_staff(own, role)


def records_for(user, federation):
    """The records the pages name: an active call of `user` (of another listener when
    `user` takes no calls), her number recognised with a flag; a closed call of another
    listener (a supervisor never reviews her own); a missed call's callback request."""
    other = make_staff(federation, H)
    now = timezone.now()
    mine = user if user.staff_profile.role in LISTENING else other
    caller = Caller.objects.create(
        number_key=number_key("0612345678"),
        number="0612345678",
        consented_at=now,
        last_call_at=now,
    )
    flag = CallerFlag.objects.create(
        caller=caller,
        kind=FlagKind.PREFERS_WOMAN,
        expires_on=timezone.localdate() + dt.timedelta(30),
    )
    call = Call.objects.create(
        organisation=federation,
        channel=Channel.PHONE,
        state=CallState.ACTIVE,
        listener=mine,
        ringing_at=now,
        answered_at=now,
        caller=caller,
        number_key=caller.number_key,
    )
    closed = Call.objects.create(
        organisation=federation,
        channel=Channel.PHONE,
        state=CallState.CLOSED,
        listener=other,
        ringing_at=now - dt.timedelta(hours=1),
        answered_at=now - dt.timedelta(hours=1),
        ended_at=now - dt.timedelta(minutes=50),
        closed_at=now - dt.timedelta(minutes=49),
        caller_type="victim",
        outcome="informed",
    )
    callback = Intake.objects.create(
        organisation=federation,
        channel=IntakeChannel.MISSED_CALL,
        received_at=now - dt.timedelta(hours=10),
        contact_phone="0612345678",
    )
    return {"call": call, "flag": flag, "closed": closed, "callback": callback}


def url_for(name, records):
    which = MATRIX[name][2]
    if which is None:
        return reverse(name)
    if which == "flag":
        return reverse(name, args=[records["call"].pk, records["flag"].pk])
    return reverse(name, args=[records[which].pk])


def allowed(response) -> bool:
    if response.status_code in (403, 404, 405):
        return False
    if response.status_code == 302:
        return "/pro/login/" not in response["Location"]
    return True


@pytest.mark.parametrize("role", list(Role))
def test_helpline_permission_matrix(client, federation, own, role):
    user = person_of(role, federation, own)
    records = records_for(user, federation)
    failures = []
    for name, (method, roles, _) in MATRIX.items():
        login(client, user, password_confirmed=True)
        response = getattr(client, method)(url_for(name, records), {})
        if allowed(response) != (role in roles):
            failures.append((name, response.status_code))
    assert failures == [], failures


def test_anonymous_visitors_are_sent_to_login(client, federation, own):
    records = records_for(make_staff(federation, H), federation)
    for name, (method, _, _) in MATRIX.items():
        response = getattr(client, method)(url_for(name, records), {})
        assert response.status_code == 302 and "/pro/login/" in response["Location"], name


def test_a_listener_never_opens_another_listeners_record(client, federation, own):
    owner = make_staff(federation, H)
    records = records_for(owner, federation)
    login(client, make_staff(federation, H))
    for name, (method, _, which) in MATRIX.items():
        if which in ("call", "flag"):
            response = getattr(client, method)(url_for(name, records), {})
            assert response.status_code == 404, name
    assert Call.objects.get(pk=records["call"].pk).state == CallState.ACTIVE


def test_tampered_ids_answer_404(client, federation, own):
    supervisor = make_staff(federation, V)
    records = records_for(supervisor, federation)
    for name, (method, _, which) in MATRIX.items():
        if which is None:
            continue
        login(client, supervisor, password_confirmed=True)
        url = url_for(name, records)
        parts = url.rstrip("/").split("/")
        index = next(i for i, part in enumerate(parts) if part.isdigit())
        parts[index] = "999999"
        response = getattr(client, method)("/".join(parts) + "/", {})
        assert response.status_code == 404, (name, response.status_code)


# The pages that show what a caller said or her number, and the record their line names.
SHOWS_PERSONAL_DATA = {
    "helpline:call": ("call", "call"),
    "helpline:callback": ("intake", "callback"),  # the request is an intake of the queue
    "helpline:review": ("call", "closed"),
}


@pytest.mark.parametrize("name", sorted(SHOWS_PERSONAL_DATA))
def test_pages_showing_a_callers_words_leave_their_audit_line(client, federation, own, name):
    from appui.core.models import AuditAction, AuditEvent

    supervisor = make_staff(federation, V)
    records = records_for(supervisor, federation)
    login(client, supervisor)
    target, key = SHOWS_PERSONAL_DATA[name]
    before = AuditEvent.objects.count()
    assert client.get(url_for(name, records)).status_code == 200
    lines = AuditEvent.objects.filter(
        action=AuditAction.VIEW,
        target=target,
        target_id=str(records[key].pk),
        actor_id=supervisor.pk,
    )
    assert AuditEvent.objects.count() > before and lines.exists(), name
