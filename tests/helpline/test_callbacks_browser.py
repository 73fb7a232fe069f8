"""In a real browser: a missed call of last night is called back the next morning from the
callback queue; the public page to write to the 116 006. Each page passes axe and fits a
320 px screen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from appui.core import demo
from tests.browser.conftest import guide_data  # noqa: F401  (fixture)

NUMBER = "06 12 34 56 78"


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


@pytest.fixture
def network(guide_data, settings):  # noqa: F811
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load()


def test_a_missed_call_of_last_night_is_called_back_the_next_morning(
    page, live_server, network, assert_accessible, page_errors
):
    from appui.cases.models import IntakeStatus
    from appui.core.models import Organisation, OrganisationKind
    from appui.directory.hours import PARIS
    from appui.helpline.models import Call, CallbackFollowUp, CallbackTry, CallState, Channel
    from appui.helpline.services import callbacks

    yesterday = timezone.now().astimezone(PARIS).date() - dt.timedelta(days=1)
    night = dt.datetime.combine(yesterday, dt.time(22, 0), tzinfo=PARIS)
    federation = Organisation.objects.get(kind=OrganisationKind.FEDERATION)
    missed = Call.objects.create(
        organisation=federation,
        channel=Channel.PHONE,
        state=CallState.MISSED,
        external_id="night-1",
        ringing_at=night,
        ended_at=night + dt.timedelta(seconds=30),
    )
    with transaction.atomic():
        intake = callbacks.from_missed_call(missed, NUMBER)
    # The shipped directory's 116 006 opens at 9:00: due at 11:00 this morning.
    due = CallbackFollowUp.objects.get(intake=intake).due_at
    assert due == dt.datetime.combine(yesterday + dt.timedelta(days=1), dt.time(11), tzinfo=PARIS)
    url = live_server.url
    _log_in(page, url, "ecoutante@federation.example")
    page.goto(url + "/pro/ecoute/rappels/")
    table = page.locator("main table").inner_text()
    assert "•• •• •• •• 78" in table and NUMBER not in table
    assert "11:00" in table
    _fits(page, assert_accessible)
    page.locator(f"main a[href='/pro/ecoute/rappels/{intake.pk}/']").click()
    assert NUMBER in page.locator("main").inner_text()
    _fits(page, assert_accessible)
    page.check("#id_try-result_0")
    with page.expect_navigation():
        page.locator("main button[value=try]").click()
    assert CallbackTry.objects.filter(intake=intake).count() == 1
    with page.expect_navigation():
        page.locator("main button[value=call_back]").click()
    call = Call.objects.get(channel=Channel.CALLBACK)
    assert page.url.endswith(f"/pro/ecoute/appel/{call.pk}/")
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.CLOSED
    assert not page_errors


def test_anyone_writes_to_the_116006(page, live_server, network, assert_accessible, page_errors):
    from appui.cases.models import Channel as IntakeChannel
    from appui.cases.models import Intake

    url = live_server.url
    page.goto(url + "/116006/ecrire/")
    assert page.locator("#quick-exit").is_visible()
    _fits(page, assert_accessible)
    page.fill("#id_message", "Mon ancien compagnon me menace. Que puis-je faire ?")
    page.fill("#id_email", "pas une adresse")
    with page.expect_navigation():
        page.locator("main form.question button[type=submit]").click()
    assert page.locator("#id_email_error").is_visible()
    _fits(page, assert_accessible)
    page.fill("#id_email", "camille@example.org")
    with page.expect_navigation():
        page.locator("main form.question button[type=submit]").click()
    assert page.url.endswith("/116006/ecrire/envoye/")
    _fits(page, assert_accessible)
    intake = Intake.objects.get()
    assert intake.channel == IntakeChannel.WEB_MESSAGE
    assert intake.contact_email == "camille@example.org"
    assert [e for e in page_errors if "422" not in e] == []  # the page with the field error
