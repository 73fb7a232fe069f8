"""A real SIP call reaches the console: SIPp calls through Kamailio, which posts the call's
events, signed, to the site's telephony webhook (tests/helpline/sip/)."""

from __future__ import annotations

import pytest

from appui.cases.models import Channel as IntakeChannel
from appui.cases.models import Intake
from appui.helpline import numbers, policies
from appui.helpline.models import Call, CallState, EndCause, Switchboard
from appui.helpline.telephony import signing
from tests.cases.conftest import actor
from tests.helpline.sip.harness import available, sip_call

pytestmark = [
    pytest.mark.sip,
    pytest.mark.skipif(
        not available(),
        reason="Kamailio (kamailio, kamailio-utils-modules, kamailio-tls-modules) "
        "or SIPp (sip-tester) is not installed",
    ),
]

CALLER = "+33639980042"  # a number set aside for fiction (ARCEP)


@pytest.fixture
def platform(live_server, federation):
    return Switchboard.objects.create(
        name="Plateforme 116 006", slug="plateforme-116006", secret=signing.new_secret()
    )


def test_a_real_sip_call_answered_opens_on_the_listener_s_console(live_server, platform, listener):
    user = listener("1001")
    with sip_call(
        live_server.url, platform.slug, platform.secret, scenario="answered", caller=CALLER
    ) as call:
        assert call.delivered == [("ringing", 202), ("answered", 202), ("ended", 202)], (
            call.report()
        )
    record = Call.objects.get(switchboard=platform)
    assert (record.state, record.listener, record.end_cause) == (
        CallState.WRAP_UP,  # the line closed; the listener finishes the record
        user,
        EndCause.COMPLETED,
    )
    assert record.number_key == numbers.number_key(CALLER)
    assert record.number == ""
    assert record.ringing_at <= record.answered_at <= record.ended_at
    assert record in policies.calls(actor(user))


def test_a_real_sip_call_the_caller_gives_up_on_is_a_missed_call_to_call_back(
    live_server, platform, listener, federation
):
    listener("1001")
    with sip_call(
        live_server.url, platform.slug, platform.secret, scenario="missed", caller=CALLER
    ) as call:
        assert call.delivered == [("ringing", 202), ("ended", 202)], call.report()
    record = Call.objects.get(switchboard=platform)
    assert (record.state, record.end_cause, record.listener) == (
        CallState.MISSED,
        EndCause.ABANDONED,
        None,
    )
    request = Intake.objects.get()
    assert record.callback == request
    assert (request.organisation, request.channel) == (federation, IntakeChannel.MISSED_CALL)
    assert numbers.normalise(request.contact_phone) == numbers.normalise(CALLER)


def test_a_real_switchboard_with_the_wrong_secret_changes_nothing(live_server, platform, listener):
    listener("1001")
    with sip_call(
        live_server.url, platform.slug, "not the secret", scenario="answered", caller=CALLER
    ) as call:
        assert call.delivered == [("ringing", 401), ("answered", 401), ("ended", 401)]
    assert not Call.objects.exists()
