"""Switchboards and listeners' extensions in the administration: a secret is written, never
read back; a new one is generated and shown once; every save is audited."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from appui.core import services as core
from appui.core.models import AuditEvent, Role
from appui.helpline.models import Listener, Switchboard
from tests.cases.conftest import make_staff
from tests.helpline.conftest import SECRET, event, sign

ADD = "/admin/helpline/switchboard/add/"


@pytest.fixture
def admin_client(client, federation):
    core.create_staff(
        "admin@federation.example",
        groups=("network",),
        organisation="federation",
        role=Role.FEDERATION_ADMIN,
    )
    user = get_user_model().objects.get(username="admin@federation.example")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


def change_url(switchboard):
    return reverse("admin:helpline_switchboard_change", args=[switchboard.pk])


def secret_url(switchboard):
    return reverse("admin:helpline_switchboard_secret", args=[switchboard.pk])


def lines(target):
    return AuditEvent.objects.filter(target=target, system="")


def test_a_switchboard_added_without_a_secret_gets_one_nobody_knows(admin_client):
    answer = admin_client.post(
        ADD, {"name": "Plateforme", "slug": "plateforme", "adapter": "generic", "active": "on"}
    )
    assert answer.status_code == 302, answer.content
    switchboard = Switchboard.objects.get(slug="plateforme")
    assert len(switchboard.secret) >= 32
    assert lines("switchboard").filter(action="create", target_id=switchboard.pk).exists()


def test_the_secret_is_shown_masked_and_replaced_by_one_typed_in(admin_client, switchboard):
    page = admin_client.get(change_url(switchboard)).content.decode()
    assert SECRET not in page
    assert SECRET[-4:] in page  # its end, to tell which one it is
    assert "/api/telephony/test/events" in page
    form = {"name": "Test", "slug": "test", "adapter": "generic", "active": "on"}
    short = admin_client.post(change_url(switchboard), {**form, "new_secret": "too short"})
    assert short.status_code == 200  # the form says why
    switchboard.refresh_from_db()
    assert switchboard.secret == SECRET
    typed = "t" * 40
    saved = admin_client.post(change_url(switchboard), {**form, "new_secret": typed})
    assert saved.status_code == 302
    switchboard.refresh_from_db()
    assert switchboard.secret == typed
    assert lines("switchboard").filter(action="update", target_id=switchboard.pk).exists()
    kept = admin_client.post(change_url(switchboard), {**form, "new_secret": ""})
    assert kept.status_code == 302
    switchboard.refresh_from_db()
    assert switchboard.secret == typed


def test_a_generated_secret_is_shown_once_and_replaces_the_old_one_at_once(
    admin_client, switchboard, post_event, listener
):
    asked = admin_client.get(secret_url(switchboard))
    assert asked.status_code == 200
    switchboard.refresh_from_db()
    assert switchboard.secret == SECRET  # a GET changes nothing
    made = admin_client.post(secret_url(switchboard))
    assert made.status_code == 200
    assert "no-store" in made["Cache-Control"]
    switchboard.refresh_from_db()
    new = switchboard.secret
    assert new != SECRET and new in made.content.decode()
    assert new not in admin_client.get(change_url(switchboard)).content.decode()
    assert post_event(event("ringing")).status_code == 401  # the old secret
    assert post_event(event("ringing"), secret=new).status_code == 202


def test_the_secret_page_needs_the_right_to_change_switchboards(client, switchboard, federation):
    assert client.post(secret_url(switchboard)).status_code == 302  # to the login page
    switchboard.refresh_from_db()
    assert switchboard.secret == SECRET


def test_a_listener_s_extension_is_set_for_the_helpline_s_staff_only(admin_client, federation, own):
    listener = make_staff(federation, Role.HELPLINE_LISTENER)
    stranger = make_staff(own, Role.LEGAL_ADVISER)
    page = admin_client.get("/admin/helpline/listener/add/").content.decode()
    assert f'value="{listener.pk}"' in page
    assert f'value="{stranger.pk}"' not in page
    refused = admin_client.post(
        "/admin/helpline/listener/add/", {"user": stranger.pk, "extension": "1001"}
    )
    assert refused.status_code == 200
    answer = admin_client.post(
        "/admin/helpline/listener/add/", {"user": listener.pk, "extension": "1001"}
    )
    assert answer.status_code == 302, answer.content
    assert Listener.objects.get(user=listener).extension == "1001"
    assert lines("account").filter(action="update", target_id=listener.pk).exists()
    other = make_staff(federation, Role.HELPLINE_SUPERVISOR)
    taken = admin_client.post(
        "/admin/helpline/listener/add/", {"user": other.pk, "extension": "1001"}
    )
    assert taken.status_code == 200  # one extension, one listener
    assert not Listener.objects.filter(user=other).exists()


def test_signing_by_the_switchboard_uses_the_stored_secret(client, switchboard, federation):
    body = json.dumps(event("ringing")).encode()
    answer = client.post(
        "/api/telephony/test/events", data=body, content_type="application/json", **sign(body)
    )
    assert answer.status_code == 202
