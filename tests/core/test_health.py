"""/healthz: the database answers, and a worker took a heartbeat task recently.

The public learns only "ok" or "degraded"; the details go to the server log."""

import json
import logging
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from appui.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def get_health(client, caplog):
    """The response, its body, and the details the server logged."""
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="appui.core.views"):
        response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    logged = [r for r in caplog.records if r.name == "appui.core.views"]
    assert len(logged) == 1
    return response, json.loads(response.content), logged[0]


def test_database_up_worker_never_seen(client, caplog):
    response, body, logged = get_health(client, caplog)
    assert response.status_code == 200
    assert body == {"status": "degraded"}
    assert logged.levelno == logging.WARNING
    assert logged.health == {
        "status": "degraded",
        "database": {"ok": True, "vendor": connection.vendor},
        "worker": {"ok": False, "last_seen": None},
    }
    assert connection.vendor in logged.getMessage()


def test_worker_seen_recently(client, caplog):
    seen = timezone.now() - timedelta(seconds=5)
    WorkerHeartbeat.objects.create(worker_id="w1", last_seen=seen)
    response, body, logged = get_health(client, caplog)
    assert response.status_code == 200
    assert body == {"status": "ok"}
    assert logged.levelno == logging.DEBUG
    assert logged.health["worker"] == {"ok": True, "last_seen": seen.isoformat()}


def test_worker_not_seen_for_over_a_minute(client, caplog):
    seen = timezone.now() - timedelta(seconds=61)
    WorkerHeartbeat.objects.create(worker_id="w1", last_seen=seen)
    response, body, logged = get_health(client, caplog)
    assert response.status_code == 200
    assert body == {"status": "degraded"}
    assert logged.health["worker"] == {"ok": False, "last_seen": seen.isoformat()}
    assert seen.isoformat() in logged.getMessage()


def test_latest_of_several_workers_counts(client, caplog):
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="old", last_seen=now - timedelta(hours=1))
    WorkerHeartbeat.objects.create(worker_id="new", last_seen=now - timedelta(seconds=1))
    _, body, logged = get_health(client, caplog)
    assert body == {"status": "ok"}
    assert logged.health["worker"]["ok"] is True
    assert logged.health["worker"]["last_seen"] == (now - timedelta(seconds=1)).isoformat()


def test_health_is_never_cached(client, caplog):
    response, _, _ = get_health(client, caplog)
    assert "no-cache" in response["Cache-Control"]


def test_health_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


def test_database_down_answers_503(run_appui):
    code = (
        "import json\n"
        "from django.test import Client\n"
        "response = Client(HTTP_HOST='localhost').get('/healthz')\n"
        "print(response.status_code, response.content.decode())\n"
    )
    result = run_appui(
        "shell",
        "--no-imports",
        "-c",
        code,
        env={"DATABASE_URL": "postgres://appui:secret@127.0.0.1:1/appui"},
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "degraded"}
    assert "postgresql" not in body
    assert "healthz" in result.stderr and '"vendor": "postgresql"' in result.stderr
