"""The helpline's journey in a real browser: a call from Verdun reported by the switchboard
pops up on the listener's console, the caller's situation is entered, the plan names the
Meuse association, she agrees to a transfer, the association's queue shows it without a
reload and acknowledges it, and the listener sees the acknowledgement. A silent call is
logged in two clicks. Each page passes axe and fits a 320 px screen."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from appui.core import demo
from tests.browser.conftest import guide_data  # noqa: F401  (fixture)

from .conftest import SECRET, event, sign

CALL_PAGE = re.compile(r"/pro/ecoute/appel/(\d+)/$")


def _log_in(page, url, email):
    page.goto(url + "/pro/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.fill("#id_code", demo.current_code(email))
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def _fits(page, assert_accessible):
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert width <= 320, (page.url, width)


def _post(url, payload):
    """What the switchboard sends: a signed event."""
    body = json.dumps(payload).encode()
    headers = {
        "Content-Type": "application/json",
        **{
            name.removeprefix("HTTP_").replace("_", "-").title(): value
            for name, value in sign(body).items()
        },
    }
    request = urllib.request.Request(  # noqa: S310  (our own live server)
        url + "/api/telephony/standard-test/events", data=body, headers=headers, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  (our server)
        return response.status


@pytest.fixture
def network(guide_data, settings):  # noqa: F811
    """The demo's accounts, the Meuse association covering Verdun, a switchboard, and the
    listener known to it by extension 1001."""
    from django.utils import timezone

    from appui.booking import demo as places
    from appui.helpline.models import Listener, ListenerStatus, Switchboard

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load()
    places.load()
    Switchboard.objects.create(name="Standard (test)", slug="standard-test", secret=SECRET)
    from django.contrib.auth import get_user_model

    Listener.objects.create(
        user=get_user_model().objects.get(username="ecoutant@federation.example"),
        extension="1001",
        status=ListenerStatus.AVAILABLE,
        status_since=timezone.now(),
    )


def test_a_call_from_verdun_is_transferred_to_the_meuse_association_and_acknowledged(
    page, chromium, live_server, network, assert_accessible, page_errors
):
    from appui.cases.models import Intake
    from appui.helpline.models import Call, CallState, Outcome

    url = live_server.url
    _log_in(page, url, "ecoutant@federation.example")
    page.goto(url + "/pro/ecoute/")
    _fits(page, assert_accessible)

    # The Meuse association's receptionist has her queue open, in her own browser.
    association = chromium.new_context(locale="fr-FR", viewport={"width": 1280, "height": 800})
    queue = association.new_page()
    _log_in(queue, url, "accueil@fv55.example")
    queue.goto(url + "/pro/intakes/")

    # The switchboard: a call rings, extension 1001 answers; her console opens the record.
    assert _post(url, event("ringing", "sip-verdun-1", caller="+33 6 11 22 33 44")) == 202
    assert _post(url, event("answered", "sip-verdun-1", listener="1001")) == 202
    page.wait_for_url(CALL_PAGE, timeout=5000)
    call = Call.objects.get(external_id="sip-verdun-1")
    assert page.url.endswith(f"/pro/ecoute/appel/{call.pk}/")
    assert call.state == CallState.ACTIVE and "611223344" not in call.number_key

    # What she says: she was hit, in Verdun, she is not in danger now.
    page.check("input[name=caller_type][value=victim]")
    page.check("input[name=situations][value=hit]")
    page.fill("#id_commune_code", "Verdun (55)")
    page.check("input[name=danger_now][value=no]")
    with page.expect_navigation():
        page.locator("main button[name=save]").click()
    plan = page.locator("main").inner_text()
    assert "Association d'aide aux victimes de la Meuse" in plan
    _fits(page, assert_accessible)

    # She agrees to be put in touch: the transfer, with what she agreed to share.
    page.check("input[name=outcome][value=transferred]")
    page.check("input[name=consent]")
    page.fill("#id_summary", "Frappée hier soir à Verdun ; souhaite être accompagnée.")
    page.fill("#id_contact_phone", "06 11 22 33 44")
    with page.expect_navigation():
        page.locator("main button[name=close]").click()
    call.refresh_from_db()
    errors = page.locator("main .field-error, main .errorlist, main [id$=_error]").all_inner_texts()
    assert call.state == CallState.CLOSED and call.outcome == Outcome.TRANSFERRED, errors
    intake = Intake.objects.get(pk=call.transfer_id)
    assert intake.organisation.code == "fv55" and intake.acknowledged_at is None

    # Her queue shows it within a few seconds, without a reload; she acknowledges it.
    link = queue.locator(f"main a[href='/pro/intakes/{intake.pk}/']")
    link.wait_for(timeout=5000)
    _fits(queue, assert_accessible)
    with queue.expect_navigation():
        link.click()
    assert "Verdun" in queue.locator("main").inner_text()
    with queue.expect_navigation():
        queue.locator("main button[name=acknowledge]").click()
    intake.refresh_from_db()
    assert intake.acknowledged_at is not None
    association.close()

    # The listener sees the acknowledgement on her record.
    page.goto(url + f"/pro/ecoute/appel/{call.pk}/")
    when = intake.acknowledged_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Paris"))
    assert f"{when:%H:%M}" in page.locator("main").inner_text()
    _fits(page, assert_accessible)
    assert not [e for e in page_errors if "422" not in e]


def test_a_silent_call_is_logged_in_two_clicks(
    page, live_server, network, assert_accessible, page_errors
):
    from appui.helpline.models import Call, CallState, NonData

    url = live_server.url
    _log_in(page, url, "ecoutant@federation.example")
    page.goto(url + "/pro/ecoute/")
    page.locator("main details.non-data summary").click()  # one: "nothing to record"
    with page.expect_navigation():  # two: "silent call"
        page.locator(f"main button[name=kind][value={NonData.SILENT}]").click()
    call = Call.objects.get()
    assert call.non_data == NonData.SILENT and call.state == CallState.CLOSED
    _fits(page, assert_accessible)
    assert not page_errors
