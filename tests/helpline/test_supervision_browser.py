"""The supervisor's pages in a real browser: the wallboard and the supervision page follow
the lines without reloading, can be paused, and are axe-clean with no sideways scrolling on
a 320 px phone; so are the quality review and the figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appui.core import demo

pytestmark = pytest.mark.browser
WIDTHS = (320, 1280)
SUPERVISOR = "superviseur@federation.example"


@pytest.fixture
def network(transactional_db, settings):
    """The demo network, a listener available on the console and one closed record."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth import get_user_model

    from appui.core.models import Organisation
    from appui.helpline.counters import count_call
    from appui.helpline.models import Call, CallState, Channel, Listener, ListenerStatus
    from tests.browser.conftest import GROUP_MIGRATIONS

    for module in GROUP_MIGRATIONS:  # every table is emptied after a live-server test
        import_module(module).create_group(apps, None)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load()
    users = get_user_model().objects
    listener = users.get(username="ecoutant@federation.example")
    Listener.objects.create(
        user=listener,
        extension="1001",
        status=ListenerStatus.AVAILABLE,
        status_since=timezone.now(),
        seen_at=timezone.now(),  # her console is open (silent for 2 minutes: offline)
    )
    federation = Organisation.objects.get(code="federation")
    closed = Call.objects.create(
        organisation=federation,
        channel=Channel.PHONE,
        state=CallState.CLOSED,
        ringing_at=timezone.now() - dt.timedelta(minutes=30),
        answered_at=timezone.now() - dt.timedelta(minutes=29),
        ended_at=timezone.now() - dt.timedelta(minutes=20),
        closed_at=timezone.now() - dt.timedelta(minutes=19),
        listener=listener,
        caller_type="victim",
        situations=["hit"],
        outcome="informed",
        note="Elle rappellera demain matin.",
    )
    count_call(closed)
    return federation, closed


def ring(federation):
    from appui.helpline.models import Call, CallState, Channel

    return Call.objects.create(
        organisation=federation,
        channel=Channel.PHONE,
        state=CallState.RINGING,
        ringing_at=timezone.now() - dt.timedelta(seconds=5),
        queue_position=1,
    )


def log_in(page, url, email):
    page.context.clear_cookies()
    page.goto(url + "/pro/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.fill("#id_code", demo.current_code(email))
    with page.expect_navigation():
        page.keyboard.press("Enter")


def check_layout(page, assert_accessible):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, (page.url, width, scroll)


def test_the_wallboard_follows_the_lines(
    page, live_server, network, assert_accessible, page_errors
):
    federation, _closed = network
    log_in(page, live_server.url, SUPERVISOR)
    page.goto(live_server.url + "/pro/ecoute/supervision/tableau/")
    waiting = page.locator('[data-count="waiting"]')
    assert waiting.inner_text() == "0"
    assert page.locator('[data-names="available"] li').all_inner_texts() == ["Lou Écoutant"]
    check_layout(page, assert_accessible)
    ring(federation)
    expect(waiting).to_have_text("1", timeout=6000)
    tile = page.locator('[data-alert-when="waiting"]')
    assert "tile--alert" in tile.get_attribute("class")
    longest = page.locator("time[data-longest-wait]")
    first = longest.inner_text()
    assert first.startswith("0:")
    expect(longest).not_to_have_text(first, timeout=3000)  # it ticks
    check_layout(page, assert_accessible)  # the alert colours too
    pause = page.locator("#board-pause")
    pause.click()
    assert pause.get_attribute("aria-pressed") == "true"
    ring(federation)
    page.wait_for_timeout(2500)
    assert waiting.inner_text() == "1"  # paused: nothing moves
    pause.click()
    expect(waiting).to_have_text("2", timeout=6000)
    assert page_errors == []


def test_the_supervision_page_refreshes_its_board(
    page, live_server, network, assert_accessible, page_errors
):
    federation, _closed = network
    log_in(page, live_server.url, SUPERVISOR)
    page.goto(live_server.url + "/pro/ecoute/supervision/")
    assert page.locator("#waiting-title + p").count() == 1  # "no call waiting"
    check_layout(page, assert_accessible)
    ring(federation)
    page.wait_for_selector("#board table time[data-since]", timeout=6000)
    assert page.url.endswith("/pro/ecoute/supervision/")  # not reloaded
    check_layout(page, assert_accessible)
    assert page_errors == []


def test_the_review_and_the_figures_are_accessible(
    page, live_server, network, assert_accessible, page_errors
):
    _federation, closed = network
    log_in(page, live_server.url, SUPERVISOR)
    page.goto(live_server.url + "/pro/ecoute/supervision/appels/")
    check_layout(page, assert_accessible)
    page.goto(live_server.url + f"/pro/ecoute/supervision/appels/{closed.pk}/revue/")
    assert "Elle rappellera demain matin." in page.inner_text("main")
    check_layout(page, assert_accessible)
    for name in ("welcome", "listening", "information", "orientation", "record"):
        page.check(f'input[name="{name}"][value="3"]')
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]")
    assert "3 / 4" in page.inner_text("main")
    page.goto(live_server.url + "/pro/ecoute/chiffres/")
    assert page.locator("figure.chart svg").count() >= 3
    check_layout(page, assert_accessible)
    page.goto(live_server.url + "/pro/ecoute/chiffres/?start=2025-02-30")
    assert page.locator(".field-error").count() == 1
    check_layout(page, assert_accessible)
    # The bad date's page comes with its status, 422, which the console reports.
    assert [e for e in page_errors if "422" not in e] == []
