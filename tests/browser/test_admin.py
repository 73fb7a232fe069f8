"""The administration in a real browser, under the site's strict Content-Security-Policy.

Django's admin loads only static scripts and styles; these tests make sure no CSP
violation (a console error) stops the login, the service list or the edit forms and
their scripts: inline rows, date shortcuts, the slug filled from the name, the theme.
"""

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from appui.core import services as core
from appui.directory import services as directory
from appui.directory.models import Closure, Coverage, Service

SEED = (
    '{"format": "appui-directory", "version": 1, "services": [{"slug": "bav-nancy", '
    '"kind": "bav", "name": "BAV de Nancy", "coverage": {"departements": ["54"]}}]}'
)


@pytest.fixture
def staff(transactional_db):
    assert directory.import_file(SEED, "json").ok
    return core.create_staff("chef@example.org", superuser=True)


def log_in(page, live_server, staff):
    page.goto(live_server.url + "/admin/")
    assert "/admin/login/" in page.url
    page.fill("#id_username", staff.username)
    page.fill("#id_password", staff.password)
    device = TOTPDevice.objects.get(user__username=staff.username)
    page.fill("#id_otp_token", f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_load_state("load")


def test_login_page_passes_axe(page, live_server, staff, assert_accessible, page_errors):
    page.goto(live_server.url + "/admin/login/")
    assert page.get_by_label("Code de l'application d'authentification").is_visible()
    assert_accessible(page)
    assert page_errors == []


def test_staff_logs_in_and_edits_a_service(
    page, live_server, staff, page_errors, external_requests
):
    log_in(page, live_server, staff)
    assert page.get_by_role("heading", name="Administration de la fédération").is_visible()
    page.locator("button.theme-toggle").first.click()

    page.get_by_role("link", name="Services").first.click()
    page.fill("#searchbar", "Nancy")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="BAV de Nancy").click()
    assert "/change/" in page.url

    page.fill("#id_name", "BAV du tribunal de Nancy")
    page.fill("#id_opening_hours", "Tu 08:45-11:45; PH off")
    page.locator("#coverage-group .add-row a").click()
    page.select_option("select[name=coverage-1-level]", "commune")
    page.fill("input[name=coverage-1-code]", "54395")
    page.locator("#closures-group .add-row a").click()
    page.locator("#closures-group .datetimeshortcuts a").first.click()  # "Aujourd'hui"
    page.fill("input[name=closures-0-end]", "31/12/2099")
    page.fill("input[name=closures-0-reason]", "Travaux")
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state("load")

    assert page.locator(".messagelist .success").is_visible(), page.content()
    assert "mardi : 8 h 45 – 11 h 45" in page.locator(".field-hours_in_words").inner_text()
    service = Service.objects.get(slug="bav-nancy")
    assert service.name == "BAV du tribunal de Nancy"
    assert sorted(Coverage.objects.filter(service=service).values_list("code", flat=True)) == [
        "54",
        "54395",
    ]
    closure = Closure.objects.get(service=service)
    assert closure.start == timezone.localdate() and closure.reason == "Travaux"

    page.goto(live_server.url + "/admin/directory/service/add/")
    page.locator("#id_name").press_sequentially("Point-justice de Toul")
    assert page.input_value("#id_slug") == "point-justice-de-toul"

    # The account pages of a superuser: the two-list selectors for groups and permissions.
    page.goto(live_server.url + "/admin/auth/user/")
    page.get_by_role("link", name=staff.username).click()
    expect(page.locator("#id_groups_from")).to_be_visible()

    page.locator("#logout-form button").click()
    page.wait_for_load_state("load")
    page.goto(live_server.url + "/admin/directory/service/")
    assert "/admin/login/" in page.url
    assert page_errors == []
    assert external_requests == []


def test_password_alone_tells_nothing_of_the_password(page, live_server, staff, page_errors):
    """A right password without a code gets the one message every failure gets."""
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", staff.password)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_load_state("load")
    assert "/admin/login/" in page.url
    assert page.locator(".errornote").inner_text() == (
        "L'adresse électronique, le mot de passe ou le code est erroné."
    )
    assert page.input_value("#id_password") == ""
    assert page_errors == []
