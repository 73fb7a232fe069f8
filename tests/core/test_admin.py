"""The administration at /admin/: a password and an authenticator code, least privilege, CSP."""

import re
from base64 import b32decode
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils.html import escape
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from appui.core import services as core
from appui.directory import services as directory
from appui.directory.apps import DirectoryConfig
from appui.directory.models import Closure, Coverage, CoverageLevel, Service

LOGIN = "/admin/login/"
SERVICES = "/admin/directory/service/"
EDITORS = "Federation directory editors"
WRONG = escape("L'adresse électronique, le mot de passe ou le code est erroné.")


def code_for(key: bytes) -> str:
    """The authenticator app's current 6-digit code for a secret key."""
    return f"{totp(key):06d}"


def code_of(username: str) -> str:
    return code_for(TOTPDevice.objects.get(user__username=username).bin_key)


def log_in(client, username, password, code="", next_page="/admin/"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "otp_token": code, "next": next_page},
    )


@pytest.fixture
def bav(db):
    report = directory.import_file(
        '{"format": "appui-directory", "version": 1, "services": [{"slug": "bav-nancy", '
        '"kind": "bav", "name": "BAV de Nancy", "coverage": {"departements": ["54"]}}]}',
        "json",
    )
    assert report.ok, report.errors
    return Service.objects.get(slug="bav-nancy")


@pytest.fixture
def superuser(db):
    return core.create_staff("chef@example.org", superuser=True)


@pytest.fixture
def editor(db):
    return core.create_staff("redaction@example.org", groups=["directory"])


# --- who gets in -----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/", SERVICES, "/admin/auth/user/"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN + "?next=")


def test_login_page_asks_for_the_authenticator_code(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="otp_token"' in page and 'autocomplete="one-time-code"' in page
    assert escape("Code de l'application d'authentification") in page
    assert "<title>Connexion | " + escape("Administration d'Appui") + "</title>" in page


def test_password_without_code_is_refused(client, superuser):
    response = log_in(client, superuser.username, superuser.password)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'value="' + superuser.password not in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_password_with_a_wrong_code_is_refused(client, superuser):
    good = code_of(superuser.username)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = log_in(client, superuser.username, superuser.password, wrong)
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_password_and_code_open_the_service_list(client, superuser, bav):
    response = log_in(client, superuser.username, superuser.password, code_of(superuser.username))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    response = client.get(SERVICES)
    assert response.status_code == 200
    assert "BAV de Nancy" in response.content.decode()


def test_a_code_works_only_once(client, superuser):
    code = code_of(superuser.username)
    assert log_in(client, superuser.username, superuser.password, code).status_code == 302
    client.logout()
    assert log_in(client, superuser.username, superuser.password, code).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_wrong_password_with_right_code_is_refused(client, superuser):
    response = log_in(client, superuser.username, "not-the-password", code_of(superuser.username))
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def wrong_code_for(username: str) -> str:
    return f"{(int(code_of(username)) + 1) % 1_000_000:06d}"


def test_every_failure_says_the_same_thing(client, superuser, db):
    """Nothing on the page tells a right password from a wrong one, nor a known address."""
    get_user_model().objects.create_user(
        "visiteur@example.org", password="a long enough password", is_staff=False
    )
    attempts = {
        "unknown address": ("personne@example.org", superuser.password, "123456"),
        "wrong password": (superuser.username, "not-the-password", code_of(superuser.username)),
        "right password, wrong code": (
            superuser.username,
            superuser.password,
            wrong_code_for(superuser.username),
        ),
        "right password, no code": (superuser.username, superuser.password, ""),
        "right password, not a code": (superuser.username, superuser.password, "abc"),
        "right password, not staff": ("visiteur@example.org", "a long enough password", "1"),
    }
    errors = {}
    for name, (username, password, code) in attempts.items():
        response = log_in(client, username, password, code)
        assert response.status_code == 200, name
        form = response.context["form"]
        assert not form.get_user(), name
        errors[name] = (form.errors.as_data(), response.content.decode())
    messages = {name: form_errors for name, (form_errors, _) in errors.items()}
    assert all(list(e) == ["__all__"] and len(e["__all__"]) == 1 for e in messages.values())
    assert len({e["__all__"][0].messages[0] for e in messages.values()}) == 1
    for name, (_, page) in errors.items():
        assert WRONG in page, name
        assert 'name="otp_device"' not in page, name
        assert "Ce code est faux" not in page, name


@pytest.mark.parametrize("password", ["right", "wrong"])
def test_five_failures_lock_the_account_whatever_was_wrong(client, superuser, password):
    given = superuser.password if password == "right" else "not-the-password"
    for attempt in range(5):
        response = log_in(client, superuser.username, given, wrong_code_for(superuser.username))
        assert attempt == 4 or response.status_code == 200
    # The authenticator's own throttle is not what refuses the sixth attempt.
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = log_in(client, superuser.username, superuser.password, code_of(superuser.username))
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_success_resets_the_count(client, superuser):
    for _ in range(4):
        log_in(client, superuser.username, superuser.password, wrong_code_for(superuser.username))
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = log_in(client, superuser.username, superuser.password, code_of(superuser.username))
    assert response.status_code == 302
    client.logout()
    log_in(client, superuser.username, superuser.password, wrong_code_for(superuser.username))
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = log_in(client, superuser.username, superuser.password, code_of(superuser.username))
    assert response.status_code in (200, 302)
    assert response.status_code not in (403, 429)


def test_staff_without_authenticator_cannot_reach_any_admin_page(client, db):
    user = get_user_model().objects.create_user(
        "ancien@example.org", password="a long enough password", is_staff=True, is_superuser=True
    )
    response = log_in(client, user.username, "a long enough password", "123456")
    assert response.status_code == 200
    # Even a session logged in by password alone (another door, a stolen cookie) is refused.
    client.force_login(user)
    for path in ("/admin/", SERVICES, "/admin/auth/user/", "/admin/password_change/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(LOGIN)


def test_unconfirmed_device_does_not_count(client, superuser):
    TOTPDevice.objects.filter(user__username=superuser.username).update(confirmed=False)
    code = f"{totp(TOTPDevice.objects.get().bin_key):06d}"
    assert log_in(client, superuser.username, superuser.password, code).status_code == 200
    assert client.get("/admin/").status_code == 302


# --- least privilege -------------------------------------------------------------------


def test_editors_group_holds_every_directory_permission_and_no_other(db):
    assert DirectoryConfig.staff_groups == {"directory": EDITORS}
    group = Group.objects.get(name=EDITORS)
    # The directory's models, and the agendas that take appointments at its places.
    assert set(group.permissions.all()) == set(
        Permission.objects.filter(content_type__app_label="directory")
    ) | set(
        Permission.objects.filter(
            content_type__app_label="booking", content_type__model__in=["agenda", "agendacapacity"]
        )
    )
    assert group.permissions.count() == 20  # add, change, delete, view × 5 models


def test_directory_editor_sees_services_but_not_accounts(client, editor, bav):
    log_in(client, editor.username, editor.password, code_of(editor.username))
    index = client.get("/admin/").content.decode()
    assert SERVICES in index
    assert "/admin/auth/" not in index and "/admin/otp_totp/" not in index
    assert "/admin/django_tasks_database/" not in index
    assert client.get(SERVICES).status_code == 200
    assert client.get(f"{SERVICES}{bav.pk}/change/").status_code == 200
    for path in (
        "/admin/auth/user/",
        "/admin/auth/group/",
        "/admin/otp_totp/totpdevice/",
        "/admin/django_tasks_database/dbtaskresult/",
    ):
        assert client.get(path).status_code == 403, path


def change_form_data(service, **changes):
    data = {
        "kind": service.kind,
        "name": service.name,
        "slug": service.slug,
        "phones_text": "",
        "emails_text": "",
        "opening_hours": "Tu 08:45-11:45; PH off",
        "coverage-TOTAL_FORMS": "2",
        "coverage-INITIAL_FORMS": "1",
        "coverage-0-id": str(service.coverage.get().pk),
        "coverage-0-service": str(service.pk),
        "coverage-0-level": CoverageLevel.DEPARTEMENT,
        "coverage-0-code": "54",
        "coverage-0-DELETE": "on",
        "coverage-1-service": str(service.pk),
        "coverage-1-level": CoverageLevel.DEPARTEMENT,
        "coverage-1-code": "55",
        "closures-TOTAL_FORMS": "1",
        "closures-INITIAL_FORMS": "0",
        "closures-0-service": str(service.pk),
        "closures-0-start": "2030-08-01",
        "closures-0-end": "2030-08-15",
        "closures-0-reason": "Congés",
    }
    data.update(changes)
    return data


def test_editor_saves_a_service_and_its_rows_through_the_directory_services(
    client, editor, bav, monkeypatch
):
    calls = []
    for name in ("save_service", "save_service_parts"):
        original = getattr(directory, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(directory, name, spy)
    log_in(client, editor.username, editor.password, code_of(editor.username))

    response = client.post(
        f"{SERVICES}{bav.pk}/change/", change_form_data(bav, name="BAV de Nancy (TJ)")
    )
    assert response.status_code == 302, response.context["errors"]
    assert calls == ["save_service", "save_service_parts", "save_service_parts"]
    bav.refresh_from_db()
    assert bav.name == "BAV de Nancy (TJ)"
    assert [(c.level, c.code) for c in Coverage.objects.filter(service=bav)] == [
        (CoverageLevel.DEPARTEMENT, "55")
    ]
    assert Closure.objects.get(service=bav).reason == "Congés"


def test_editor_deletes_services_through_the_directory_services(client, editor, bav, monkeypatch):
    deleted = []
    monkeypatch.setattr(directory, "delete_services", lambda qs: deleted.extend(qs) or len(qs))
    log_in(client, editor.username, editor.password, code_of(editor.username))
    response = client.post(
        SERVICES,
        {"action": "delete_selected", "_selected_action": [bav.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert deleted == [bav]


# --- create_staff ----------------------------------------------------------------------


def run_create_staff(*args):
    out = StringIO()
    call_command("create_staff", *args, stdout=out)
    return out.getvalue()


def secret_of(output: str) -> bytes:
    [uri] = re.findall(r"otpauth://\S+", output)
    parts = urlsplit(uri)
    assert parts.scheme == "otpauth" and parts.netloc == "totp"
    query = parse_qs(parts.query)
    assert query["issuer"] == ["Appui"] and query["digits"] == ["6"]
    return b32decode(query["secret"][0])


def password_of(output: str) -> str:
    return re.search(r"Password:\s+(\S+)", output).group(1)


def test_create_staff_prints_an_otpauth_uri_the_person_can_log_in_with(client, db):
    output = run_create_staff("Camille.Martin@Example.org", "--group", "directory")
    assert "otpauth://totp/Appui%3Acamille.martin%40example.org?secret=" in output
    user = get_user_model().objects.get(username="camille.martin@example.org")
    assert user.is_staff and not user.is_superuser
    assert [g.name for g in user.groups.all()] == [EDITORS]
    assert TOTPDevice.objects.get(user=user).confirmed
    password = password_of(output)
    assert len(password) >= 32 and user.check_password(password)

    response = log_in(client, user.username, password, code_for(secret_of(output)))
    assert response.status_code == 302
    assert client.get(SERVICES).status_code == 200


def test_create_staff_again_renews_password_and_key_and_keeps_rights(db):
    first = run_create_staff("chef@example.org", "--superuser")
    second = run_create_staff("chef@example.org", "--group", "directory")
    assert "Renewed" in second and "no longer work" in second
    user = get_user_model().objects.get()
    assert user.is_superuser and user.groups.get().name == EDITORS
    assert not user.check_password(password_of(first)) and user.check_password(password_of(second))
    assert secret_of(first) != secret_of(second)
    assert TOTPDevice.objects.get(user=user).bin_key == secret_of(second)


def test_create_staff_stores_no_password_in_clear(db):
    output = run_create_staff("chef@example.org")
    user = get_user_model().objects.get()
    assert password_of(output) not in user.password
    assert user.password.startswith(("pbkdf2_", "argon2", "bcrypt", "scrypt"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["not-an-email"], "'not-an-email' is not an email address."),
        (["a@example.org", "--group", "accounts"], "invalid choice: 'accounts'"),
        ([], "the following arguments are required: email"),
    ],
)
def test_create_staff_reports_bad_input_with_status_2(run_appui, args, message):
    result = run_appui("create_staff", *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "otpauth" not in result.stdout and "Password" not in result.stdout


def test_create_staff_needs_the_groups_migrations_create(db):
    Group.objects.filter(name=EDITORS).delete()
    with pytest.raises(core.StaffError, match="run `appui migrate` first"):
        core.create_staff("a@example.org", groups=["directory"])
    assert not get_user_model().objects.exists()


# --- headers ---------------------------------------------------------------------------


def test_admin_pages_carry_the_strict_content_security_policy(client, superuser, bav):
    log_in(client, superuser.username, superuser.password, code_of(superuser.username))
    for path in (LOGIN, "/admin/", SERVICES, f"{SERVICES}{bav.pk}/change/", f"{SERVICES}add/"):
        response = client.get(path)
        assert response.status_code in (200, 302), path
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, path
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, path
        assert response["X-Frame-Options"] == "DENY"


def test_service_admin_is_registered_on_the_two_factor_site():
    from django.contrib import admin
    from django_otp.admin import OTPAdminSite

    assert isinstance(admin.site, OTPAdminSite)
    assert admin.site.name == "admin"
    assert Service in admin.site._registry
