"""Settings read from the environment, and Appui's refusal of an unsafe production setup."""

import secrets

import pytest
from cryptography.fernet import Fernet
from django.core import checks
from django.test import override_settings

from appui.core.deployment import production_problems

STRONG_KEY = secrets.token_urlsafe(50)
# Nothing listens on port 1: anything that tried to connect would fail.
POSTGRES_URL = "postgres://appui:secret@127.0.0.1:1/appui"
PRODUCTION = {
    "APPUI_ENV": "production",
    "SECRET_KEY": STRONG_KEY,
    "DATABASE_URL": POSTGRES_URL,
    "ALLOWED_HOSTS": "appui.example.org",
    "APPUI_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
}


def test_check_deploy_is_clean_in_production(run_appui):
    result = run_appui("check", "--deploy", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert result.stderr == ""


def test_check_deploy_warns_in_development(run_appui):
    result = run_appui("check", "--deploy")
    assert "security.W018" in result.stderr  # DEBUG on: development is not production


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"DEBUG": "true"}, "DEBUG is on"),
        ({"DATABASE_URL": ""}, "The database is SQLite"),
        ({"DATABASE_URL": "sqlite:////tmp/appui.sqlite3"}, "The database is SQLite"),
        ({"SECRET_KEY": ""}, "SECRET_KEY is missing or weak"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY is missing or weak"),
        ({"SECRET_KEY": "django-insecure-" + STRONG_KEY}, "SECRET_KEY is missing or weak"),
        ({"SECRET_KEY": "ab" * 40}, "SECRET_KEY is missing or weak"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is empty"),
        ({"APPUI_ENCRYPTION_KEYS": ""}, "APPUI_ENCRYPTION_KEYS is empty"),
    ],
)
def test_production_refuses_unsafe_settings(run_appui, override, expected):
    result = run_appui("check", env={**PRODUCTION, **override})
    assert result.returncode == 1
    assert "Appui refuses to start in production" in result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_production_lists_every_problem_at_once(run_appui):
    result = run_appui("check", env={"APPUI_ENV": "production"})
    assert result.returncode == 1
    for expected in ("SQLite", "SECRET_KEY", "ALLOWED_HOSTS", "APPUI_ENCRYPTION_KEYS"):
        assert expected in result.stderr


def test_unknown_environment_is_refused(run_appui):
    result = run_appui("check", env={"APPUI_ENV": "staging"})
    assert result.returncode == 1
    assert "APPUI_ENV='staging' must be one of development, production" in result.stderr


def test_invalid_boolean_is_refused(run_appui):
    result = run_appui("check", env={"DEBUG": "maybe"})
    assert result.returncode == 1
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_production_redirects_to_https_except_health_probe(run_appui):
    code = (
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='appui.example.org')\n"
        "print(client.get('/').status_code, client.get('/healthz').status_code)\n"
    )
    result = run_appui("shell", "--no-imports", "-c", code, env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    # The home page redirects to HTTPS; the probe answers over HTTP (503: no database here).
    assert result.stdout.split() == ["301", "503"]


def appui_errors():
    return [message.id for message in checks.run_checks() if message.id.startswith("appui.")]


def test_system_check_is_silent_in_development():
    assert appui_errors() == []


@override_settings(
    APPUI_ENV="production",
    DEBUG=True,
    SECRET_KEY="short",
    ALLOWED_HOSTS=[],
)
def test_system_check_reports_unsafe_production_settings(settings):
    # The test database is SQLite or PostgreSQL; only the former is refused.
    sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
    expected = ["appui.E001", "appui.E002", "appui.E003", "appui.E004"]
    if not sqlite:
        expected.remove("appui.E002")
    assert appui_errors() == expected


def test_production_problems_for_a_safe_configuration():
    assert (
        production_problems(
            debug=False,
            database_engine="django.db.backends.postgresql",
            secret_key=STRONG_KEY,
            allowed_hosts=["appui.example.org"],
        )
        == []
    )
