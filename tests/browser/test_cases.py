"""The association's journey in a real browser: a callback request left in the guide,
taken from the intake queue to a file, interviews by two disciplines, a referral and the
CIVI deadline task; another association's user sees none of it. Bad input on the way."""

import re

import pytest
from playwright.sync_api import expect

from appui.booking import demo as booking_demo
from appui.core import demo


@pytest.fixture
def network(guide_data, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load()
    booking_demo.load()  # which association runs which place


def log_in(page, url, email, code=None):
    page.goto(url + "/pro/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.fill("#id_code", code or demo.current_code(email))
    page.locator("main button[type=submit]").click()


def log_out(page):
    page.locator(".staff-nav form button").click()


def submit(page):
    page.locator("main form").first.locator("button[type=submit]").last.click()


def test_callback_to_file_interviews_referral_and_task(
    page, live_server, network, assert_accessible, page_errors, external_requests
):
    url = live_server.url
    # The victim, in Nancy, answers the guide and asks to be called back.
    page.goto(url + "/guide/danger/")
    page.get_by_label("Non", exact=True).check()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Non", exact=True).check()  # not under 18
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("On m'a frappé·e ou blessé·e").check()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Quand est-ce arrivé ?").fill("2026-10-01")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Commune ou code postal où c'est arrivé").fill("54000")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_label("Nancy (54000)", exact=False).first.check()
    page.get_by_role("button", name="Continuer").click()
    page.goto(url + "/guide/plan/")
    page.locator("a[href='/guide/callback/']").click()
    assert_accessible(page)
    page.fill("#id_name", "Marie")
    page.fill("#id_phone", "not a phone")
    submit(page)  # no consent, bad phone: told on the same screen
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_phone_error").is_visible()
    assert_accessible(page)
    page.fill("#id_phone", "06 12 34 56 78")
    page.check("#id_consent")
    submit(page)
    assert "Grand Nancy Aide aux Victimes" in page.content()

    # The receptionist: a wrong code is refused without saying which field was wrong.
    log_in(page, url, "accueil@fv54.example", code="000000")
    assert page.locator(".error-summary").is_visible()
    page.wait_for_timeout(1100)  # the authenticator's throttle: one second after a failure
    log_in(page, url, "accueil@fv54.example")
    page.goto(url + "/pro/intakes/")
    assert_accessible(page)
    with page.expect_navigation():  # the list refreshes itself: wait for the intake's page
        page.locator("main table a").first.click()
    expect(page.locator("main")).to_contain_text("06 12 34 56 78")
    page.locator("a[href*='/pro/people/new/']").first.click()
    page.fill("#id_last_name", "Dupont")
    page.fill("#id_birth_date", "2090-01-01")
    submit(page)
    assert page.locator("#id_birth_date_error").is_visible()  # a birth date in the future
    assert_accessible(page)
    page.fill("#id_birth_date", "1990-04-02")
    submit(page)
    # The file of this affair.
    assert "/files/new/" in page.url
    page.select_option("#id_offence_category", "violence")
    page.select_option("#id_offence_class", "delit")
    page.fill("#id_offence_date", "2026-10-01")
    page.fill("#id_commune_code", "54395")
    page.select_option("#id_author_relationship", "former_partner")
    page.fill("#id_circumstances", "Coups au domicile, ancien conjoint.")
    assert_accessible(page)
    submit(page)
    assert re.search(r"/pro/files/\d+/$", page.url)
    file_url = page.url
    assert_accessible(page)
    # The harm: 45 days of ITT open full compensation by the CIVI, with its deadline task.
    page.locator("a[href$='/facts/']").click()
    page.fill("#id_itt_days", "45")
    page.check("#id_french_national_1")
    submit(page)
    tasks = page.locator("#tasks").inner_text()
    assert "CIVI" in tasks and "2029" in tasks
    # A reception interview.
    page.locator("a[href$='/interviews/new/']").click()
    page.select_option("#id_discipline", "reception")
    page.fill("#id_duration_minutes", "0")
    submit(page)
    assert page.locator("#id_duration_minutes_error").is_visible()
    page.fill("#id_duration_minutes", "30")
    page.select_option("#id_mode", "phone")
    page.fill("#id_note", "Premier appel, orientation vers la juriste.")
    submit(page)
    assert "Premier appel" in page.content()
    log_out(page)

    # The legal adviser: a legal interview and a referral to a partner from the directory.
    log_in(page, url, "juriste@fv54.example")
    page.goto(file_url)
    page.locator("a[href$='/interviews/new/']").click()
    page.select_option("#id_discipline", "legal")
    page.fill("#id_duration_minutes", "45")
    page.select_option("#id_mode", "in_person")
    page.fill("#id_note", "Droits expliqués : CIVI, partie civile.")
    submit(page)
    page.locator("a[href$='/referrals/new/']").click()
    page.locator("main form[method=post] button[type=submit]").click()  # no partner: a message
    assert page.locator(".error-summary").is_visible()
    page.select_option("#id_kind", "cidff")
    page.locator("main form[method=get] button[type=submit]").click()
    page.locator("label", has_text="CIDFF de Val de Briey").locator("input").check()
    page.fill("#id_reason", "Accompagnement social")
    page.locator("main form[method=post] button[type=submit]").click()
    page_text = page.locator("#referrals").inner_text()
    assert "CIDFF de Val de Briey" in page_text
    assert page.locator("#interviews article").count() == 2
    log_out(page)

    # Another association sees none of it.
    log_in(page, url, "direction@fv88.example")
    response = page.goto(file_url)
    assert response.status == 404
    page.goto(url + "/pro/people/?name=dupont")
    assert "Dupont" not in page.locator("main").inner_text()
    page.goto(url + "/pro/intakes/")
    assert "06 12 34 56 78" not in page.content()
    # Statuses 422 (bad input) and 404 (another association) are expected; nothing else.
    assert [e for e in page_errors if "Failed to load resource" not in e] == []
    assert external_requests == []
