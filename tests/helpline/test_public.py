"""The public page to write to the 116 006: no login, field errors, limits, a honeypot."""

from __future__ import annotations

import pytest

from appui.booking.models import PublicAttempt
from appui.cases.models import Channel as IntakeChannel
from appui.cases.models import Intake, IntakeStatus
from appui.core.models import AuditEvent, SystemKind
from appui.helpline.models import CallbackFollowUp

URL = "/116006/ecrire/"
GOOD = {
    "message": "Mon voisin me menace depuis des semaines. Que puis-je faire ?",
    "email": "camille@example.org",
    "phone": "",
}


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.APPUI_PUBLIC_LIMIT_PER_ADDRESS_HOUR = 10
    settings.APPUI_PUBLIC_LIMIT_PER_PHONE_DAY = 3
    settings.APPUI_PUBLIC_LIMIT_PER_EMAIL_DAY = 3


def test_the_page_needs_no_login_and_has_the_quick_exit(client, federation):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="quick-exit"' in html
    assert 'name="website"' in html  # the honeypot
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_a_message_lands_in_the_federation_queue_with_a_target(client, federation):
    response = client.post(URL, {**GOOD, "phone": "06 12 34 56 78"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302 and response["Location"] == "/116006/ecrire/envoye/"
    intake = Intake.objects.get()
    assert intake.organisation == federation
    assert intake.channel == IntakeChannel.WEB_MESSAGE
    assert intake.status == IntakeStatus.NEW
    assert intake.summary == GOOD["message"]
    assert intake.contact_email == "camille@example.org"
    assert intake.contact_phone == "06 12 34 56 78"
    assert CallbackFollowUp.objects.filter(intake=intake).exists()
    assert AuditEvent.objects.filter(system=SystemKind.PUBLIC, target="intake").count() == 1
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**GOOD, "message": "   "}, "message"),
        ({**GOOD, "email": ""}, "email"),
        ({**GOOD, "email": "not an address"}, "email"),
        ({**GOOD, "phone": "12"}, "phone"),
        ({**GOOD, "phone": "06 12 34 56 78 <b>"}, "phone"),
        ({**GOOD, "message": "x" * 5001}, "message"),
    ],
)
def test_bad_input_is_shown_beside_its_field_and_nothing_is_saved(client, federation, data, field):
    response = client.post(URL, data)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Intake.objects.exists()
    assert not PublicAttempt.objects.exists()


def test_field_errors_in_the_readers_language(client, federation):
    response = client.post(URL, {**GOOD, "email": ""}, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 422
    html = response.content.decode()
    assert 'lang="es"' in html and "Este campo es obligatorio" in html


def test_a_robot_filling_the_honeypot_is_told_sent_and_nothing_is_kept(client, federation):
    response = client.post(URL, {**GOOD, "website": "https://spam.example"})
    assert response.status_code == 302
    assert not Intake.objects.exists()
    assert not PublicAttempt.objects.exists()


def test_limits_per_email_address(client, federation):
    for n in range(3):
        response = client.post(URL, GOOD, REMOTE_ADDR=f"192.0.2.{n + 1}")
        assert response.status_code == 302
    response = client.post(URL, GOOD, REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 24 * 60 * 60
    assert Intake.objects.count() == 3
    other = client.post(URL, {**GOOD, "email": "dominique@example.org"}, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 302


def test_limits_per_phone_and_per_client_address(client, federation, settings):
    for n in range(3):
        data = {**GOOD, "email": f"p{n}@example.org", "phone": "+33 6 12 34 56 78"}
        assert client.post(URL, data, REMOTE_ADDR=f"192.0.2.{n + 1}").status_code == 302
    data = {**GOOD, "email": "p9@example.org", "phone": "06.12.34.56.78"}
    assert client.post(URL, data, REMOTE_ADDR="192.0.2.50").status_code == 429
    settings.APPUI_PUBLIC_LIMIT_PER_ADDRESS_HOUR = 2
    for n in range(2):
        data = {**GOOD, "email": f"a{n}@example.org"}
        assert client.post(URL, data, REMOTE_ADDR="198.51.100.7").status_code == 302
    refused = client.post(URL, {**GOOD, "email": "a9@example.org"}, REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 60 * 60
    assert refused.context["refused"] == "address"
