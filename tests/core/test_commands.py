"""The `appui` command and the commands Appui adds to it."""

import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from appui.core.models import WorkerHeartbeat


def test_console_script_runs_django_with_appui_settings(run_appui):
    script = Path(sys.executable).with_name("appui")
    assert script.exists(), "pip install -e . installs the `appui` command"
    result = run_appui("help")
    assert result.returncode == 0, result.stderr
    for command in ("worker", "load_demo", "db_worker", "migrate", "runserver"):
        assert command in result.stdout


def test_worker_help_lists_heartbeat_option(run_appui):
    result = run_appui("worker", "--help")
    assert result.returncode == 0, result.stderr
    assert "--heartbeat-interval" in result.stdout
    assert "--batch" in result.stdout


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_creates_the_demo_network(settings):
    from django.contrib.auth import get_user_model

    from appui.core import demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for _ in range(2):
        out = StringIO()
        call_command("load_demo", stdout=out)
        assert "Database ready" in out.getvalue()
    assert get_user_model().objects.count() == len(demo.ACCOUNTS)
    assert WorkerHeartbeat.objects.count() == 0
    user = get_user_model().objects.get(username="accueil@fv54.example")
    assert user.check_password(demo.DEMO_PASSWORD)
    assert user.staff_profile.organisation.code == "fv54"


@pytest.mark.django_db
def test_load_demo_creates_no_account_in_production(settings):
    from django.contrib.auth import get_user_model

    settings.IS_PRODUCTION = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "no demo account" in out.getvalue()
    assert get_user_model().objects.count() == 0


@pytest.mark.django_db
def test_migrations_are_up_to_date():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
