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
    _groups()
    core.create_staff("redaction@example.org", groups=["directory"])
    return core.create_staff("chef@example.org", superuser=True)


def _groups():
    """The staff groups the migrations made, emptied with every table after a live-server
    test: made again."""
    from importlib import import_module

    from django.apps import apps

    for module, function in (
        ("appui.directory.migrations.0002_federation_directory_editors_group", "create_group"),
        ("appui.core.migrations.0004_federation_network_administrators_group", "create_group"),
        ("appui.core.migrations.0007_network_administrators_see_access_changes", "add_permission"),
    ):
        getattr(import_module(module), function)(apps, None)


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

    # The account pages of a superuser: the two-list selectors for groups and permissions,
    # on another account's page; one's own is read-only.
    page.goto(live_server.url + "/admin/auth/user/")
    page.get_by_role("link", name="redaction@example.org").click()
    expect(page.locator("#id_groups_from")).to_be_visible()
    page.goto(live_server.url + "/admin/auth/user/")
    page.get_by_role("link", name=staff.username).click()
    expect(page.locator("#id_groups_from")).to_have_count(0)
    expect(page.locator("#id_is_superuser")).to_have_count(0)

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


# --- staff accounts: the administration asks, the association's direction confirms ----------


@pytest.fixture
def network(transactional_db, settings):
    from appui.booking import demo as booking_demo
    from appui.core import demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _groups()
    demo.load()
    booking_demo.load()  # which association runs which place


def log_in_as(page, live_server, email, path):
    from appui.core import demo

    page.goto(live_server.url + path)
    if "/admin/" in path:
        page.fill("#id_username", email)
        page.fill("#id_password", demo.DEMO_PASSWORD)
        page.fill("#id_otp_token", demo.current_code(email))
        page.get_by_role("button", name="Connexion").click()
    else:
        page.fill("#id_email", email)
        page.fill("#id_password", demo.DEMO_PASSWORD)
        page.fill("#id_code", demo.current_code(email))
        page.get_by_role("button", name="Connexion").click()
    page.wait_for_load_state("load")


def accessible(page, assert_accessible, page_errors):
    """No console error so far, then axe. axe's own probes of some of Django's admin pages
    apply inline styles, which the Content-Security-Policy blocks and logs: those lines
    come from the test tool, not the page, and are dropped."""
    assert page_errors == []
    assert_accessible(page)
    page_errors.clear()


def test_a_change_of_role_asked_in_the_admin_is_confirmed_by_the_direction(
    page, live_server, network, assert_accessible, page_errors, external_requests
):
    from appui.core.models import StaffProfile

    camille = StaffProfile.objects.get(user__username="accueil@fv54.example")
    ada = StaffProfile.objects.get(user__username="admin@federation.example")
    log_in_as(page, live_server, "admin@federation.example", "/admin/")

    # Her own profile: read-only.
    page.goto(f"{live_server.url}/admin/core/staffprofile/{ada.pk}/change/")
    expect(page.locator("select[name=role]")).to_have_count(0)
    accessible(page, assert_accessible, page_errors)

    page.goto(f"{live_server.url}/admin/core/staffprofile/{camille.pk}/change/")
    expect(page.locator("select[name=organisation]")).to_have_count(0)
    accessible(page, assert_accessible, page_errors)
    page.select_option("select[name=role]", "legal_adviser")
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state("load")
    expect(page.locator(".messagelist .warning")).to_contain_text("direction")
    expect(page.locator(".field-pending_change")).to_contain_text("accueillant, actif → juriste")
    accessible(page, assert_accessible, page_errors)
    page.goto(f"{live_server.url}/admin/core/accesschange/")
    expect(page.locator("#result_list")).to_contain_text("Camille Accueil")
    accessible(page, assert_accessible, page_errors)
    page.locator("#logout-form button").click()
    page.wait_for_load_state("load")

    log_in_as(page, live_server, "direction@fv54.example", "/pro/accounts/")
    assert "/pro/accounts/" in page.url, page.url
    expect(page.get_by_role("heading", name="Comptes à confirmer")).to_be_visible()
    accessible(page, assert_accessible, page_errors)
    page.get_by_role("button", name="Confirmer").first.click()
    page.wait_for_load_state("load")
    expect(page.locator(".message--success")).to_contain_text("Camille Accueil")
    expect(page.get_by_text("Rien n'attend votre confirmation.")).to_be_visible()
    accessible(page, assert_accessible, page_errors)
    camille.refresh_from_db()
    assert camille.role == "legal_adviser"
    assert page_errors == []
    assert external_requests == []


def test_a_waiting_account_sees_a_plain_page(
    page, live_server, network, assert_accessible, page_errors
):
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from appui.core import demo
    from appui.core.models import Organisation

    User = get_user_model()
    email = "nouvelle@fv54.example"
    user = User.objects.create_user(email, email=email, password=demo.DEMO_PASSWORD)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True, key=demo.demo_key(email))
    core.open_account(
        user=user,
        organisation=Organisation.objects.get(code="fv54"),
        role="psychologist",
        display_name="Nouvelle",
        by=User.objects.get(username="admin@federation.example"),
    )
    log_in_as(page, live_server, email, "/pro/login/")
    assert page.url.endswith("/pro/account/waiting/"), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Votre compte est en attente de confirmation"
    )
    expect(page.get_by_role("main")).to_contain_text("direction")
    accessible(page, assert_accessible, page_errors)
    assert page_errors == []
