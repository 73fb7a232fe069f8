"""E-mails to the 116 006 (`appui helpline receive-email`) and answers to messages: the
request lands in the federation's queue, the reply is sent by e-mail and kept on a call
record, the request is closed."""

from __future__ import annotations

import io
import sys

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext

from appui.cases.models import Channel as IntakeChannel
from appui.cases.models import Intake, IntakeStatus
from appui.cases.services import AlreadyHandled
from appui.core.models import AuditEvent, SystemKind
from appui.helpline.models import Call, CallbackFollowUp, CallState, Channel
from appui.helpline.services import messages
from tests.cases.conftest import actor

# A message as Thunderbird sends it: text and HTML alternatives, accents in quoted-printable
# and in an encoded-word subject, a PDF attached.
SAMPLE = b"""Return-Path: <camille.martin@example.org>
Received: from mail.example.org (mail.example.org [192.0.2.25])
\tby mx.appui.example (Postfix) with ESMTPS id 4Xyz
\tfor <116006@appui.example>; Tue, 11 Mar 2025 22:14:03 +0100 (CET)
Message-ID: <0f3c2a1e-5b7d-4c1e-9f0a-2d4e6f8a9b10@example.org>
Date: Tue, 11 Mar 2025 22:14:01 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: fr
To: 116006@appui.example
From: =?UTF-8?Q?Camille_Martin?= <camille.martin@example.org>
Subject: =?UTF-8?Q?Menaces_r=C3=A9p=C3=A9t=C3=A9es?=
Content-Type: multipart/mixed; boundary="------------mixed01"

This is a multi-part message in MIME format.
--------------mixed01
Content-Type: multipart/alternative; boundary="------------alt01"

--------------alt01
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: quoted-printable

Bonjour,

Mon ancien compagnon me menace par SMS depuis une semaine. J'ai peur qu'il=20
vienne chez moi. Est-ce que je peux porter plainte ?

Merci,
Camille

--------------alt01
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

<html><body><p>Bonjour,</p><p>Mon ancien compagnon me menace par SMS depuis =
une semaine.</p></body></html>

--------------alt01--
--------------mixed01
Content-Type: application/pdf; name="captures.pdf"
Content-Disposition: attachment; filename="captures.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDwvVHlwZS9DYXRhbG9nPj4KZW5kb2JqCg==
--------------mixed01--
"""

HTML_ONLY = b"""From: Dominique <dominique@example.net>
To: 116006@appui.example
Subject: Question
MIME-Version: 1.0
Content-Type: text/html; charset=ISO-8859-1
Content-Transfer-Encoding: quoted-printable

<p>J'ai =E9t=E9 cambriol=E9e.<br>Que faire&nbsp;?</p>
"""

ABSENCE = b"""From: Camille <camille.martin@example.org>
To: 116006@appui.example
Subject: Absent
Auto-Submitted: auto-replied
Content-Type: text/plain; charset=utf-8

Je suis absente jusqu'au 20 mars.
"""

NO_SENDER = b"""To: 116006@appui.example
Subject: ?
Content-Type: text/plain

hello
"""


def receive(raw: bytes, monkeypatch) -> str:
    """`appui helpline receive-email` with `raw` on standard input; what it printed."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("helpline", "receive-email", stdout=out)
    return out.getvalue()


def test_an_email_becomes_a_request_in_the_federation_queue(federation, monkeypatch):
    printed = receive(SAMPLE, monkeypatch)
    intake = Intake.objects.get()
    assert f"Received as request {intake.pk}." in printed
    assert "1 attachment(s) not kept: captures.pdf" in printed
    assert intake.organisation == federation
    assert intake.channel == IntakeChannel.EMAIL and intake.status == IntakeStatus.NEW
    assert intake.contact_email == "camille.martin@example.org"
    assert intake.contact_name == "Camille Martin"
    assert "Menaces répétées" in intake.summary
    assert "J'ai peur qu'il vienne chez moi" in intake.summary.replace(" \n", " ")
    assert "captures.pdf" in intake.summary  # said so: the attachment was not kept
    assert "<p>" not in intake.summary
    assert CallbackFollowUp.objects.filter(intake=intake).exists()
    assert AuditEvent.objects.filter(system=SystemKind.COMMAND, target="intake").exists()


def test_a_second_email_joins_the_request_still_waiting(federation, monkeypatch):
    receive(SAMPLE, monkeypatch)
    printed = receive(SAMPLE.replace(b"Est-ce que", b"Et est-ce que"), monkeypatch)
    intake = Intake.objects.get()
    assert f"Added to request {intake.pk}." in printed
    assert intake.summary.count("Menaces répétées") == 2


def test_an_html_only_email_is_read_as_text(federation, monkeypatch):
    receive(HTML_ONLY, monkeypatch)
    intake = Intake.objects.get()
    assert "J'ai été cambriolée.\nQue faire" in intake.summary
    assert "<" not in intake.summary


def test_automatic_messages_are_ignored(federation, monkeypatch):
    assert "Ignored" in receive(ABSENCE, monkeypatch)
    assert not Intake.objects.exists()


def test_a_message_without_sender_is_refused_with_a_data_error(federation, monkeypatch):
    with pytest.raises(CommandError) as refused:
        receive(NO_SENDER, monkeypatch)
    assert refused.value.returncode == 65
    assert not Intake.objects.exists()


def test_without_a_federation_the_mail_server_tries_again(db, monkeypatch):
    with pytest.raises(CommandError) as refused:
        receive(SAMPLE, monkeypatch)
    assert refused.value.returncode == 75


# --- the answer -------------------------------------------------------------------------------


@pytest.fixture
def web_message(federation):
    return messages.receive_web_message(
        message="Mon voisin me menace. Que faire ?",
        email="camille@example.org",
        language="es",
        client_address="192.0.2.1",
    )


def test_a_reply_is_sent_recorded_and_closes_the_request(web_message, listener, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = listener()
    me = actor(user)
    call = messages.reply(me, web_message, "Bonjour, vous pouvez porter plainte…")
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["camille@example.org"]
    assert "Bonjour, vous pouvez porter plainte…" in sent.body
    with translation.override("es"):
        assert sent.subject == gettext("Your message to the 116 006")  # in her language
    assert call.channel == Channel.WEB and call.state == CallState.WRAP_UP
    assert call.listener_id == user.pk and call.callback_id == web_message.pk
    assert Call.objects.get(pk=call.pk).reply == "Bonjour, vous pouvez porter plainte…"
    web_message.refresh_from_db()
    assert web_message.status == IntakeStatus.CLOSED
    with pytest.raises(AlreadyHandled):
        messages.reply(me, web_message, "again")
    assert len(mail.outbox) == 1


def test_a_refused_email_records_nothing(web_message, listener, settings, monkeypatch):
    def refuse(self, fail_silently=False):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    me = actor(listener())
    with pytest.raises(messages.NotSent):
        messages.reply(me, web_message, "Bonjour")
    web_message.refresh_from_db()
    assert web_message.status == IntakeStatus.NEW
    assert not Call.objects.exists()
