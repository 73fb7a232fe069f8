"""Messages to the 116 006: the public web form and the e-mail box, answered by e-mail.

A message becomes a request in the federation's intake queue, as a missed call does
(`callbacks.py`): channel "web message" or "e-mail", the address to answer to, the phone
if she gave one, what she wrote as the intake's summary (encrypted), and a response target.
A listener answers it from the callback queue: the reply is sent by e-mail (Django's mail,
`EMAIL_*` settings) and kept, encrypted, on a call record of channel "e-mail" or "web
message", whose outcome she then chooses on the console's record page like a call's; the
request is closed.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import re
from dataclasses import dataclass
from email.message import EmailMessage as ParsedMessage
from email.parser import BytesParser
from email.utils import getaddresses

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from appui.booking import limits
from appui.cases.audit_targets import CaseTarget
from appui.cases.models import Channel as IntakeChannel
from appui.cases.models import Intake, IntakeStatus
from appui.core import audit
from appui.core.access import Actor, SystemActor
from appui.core.models import AuditAction, Organisation, OrganisationKind, SystemKind

from ..audit_targets import HelplineTarget
from ..models import Call, CallState, Channel
from . import callbacks

A = AuditAction
PUBLIC = SystemActor(SystemKind.PUBLIC)  # the web form
MAILBOX = SystemActor(SystemKind.COMMAND)  # the mail server's pipe runs a command
MESSAGE_MAX = 5000  # what the web form takes
SUMMARY_MAX = 20000  # what is kept of an e-mail's text
REPLY_MAX = 5000  # Call.reply
# The call record's channel for each kind of message.
CALL_CHANNEL = {IntakeChannel.EMAIL: Channel.EMAIL, IntakeChannel.WEB_MESSAGE: Channel.WEB}


class NotSent(Exception):
    """The reply could not be sent (the mail server refused it): nothing was recorded."""


class NotAMessage(Exception):
    """The request has no address to answer to."""


def _federation() -> Organisation:
    federation = Organisation.objects.filter(kind=OrganisationKind.FEDERATION).first()
    if federation is None:
        raise Organisation.DoesNotExist("No federation organisation: run `appui load_demo`.")
    return federation


def _helpline_address() -> str:
    return settings.APPUI_HELPLINE_EMAIL or settings.DEFAULT_FROM_EMAIL


def _receive(by: SystemActor, channel: str, **fields) -> Intake:
    intake = Intake.objects.create(
        organisation=_federation(), channel=channel, received_at=timezone.now(), **fields
    )
    audit.record(by, A.CREATE, CaseTarget.INTAKE, intake.pk, organisation_id=intake.organisation_id)
    callbacks.start_follow_up(intake, by)
    return intake


# --- the web form --------------------------------------------------------------------------


def receive_web_message(
    *,
    message: str,
    email: str,
    phone: str = "",
    language: str = "",
    client_address: str | None = None,
) -> Intake:
    """A message written on the public page: a request in the federation's queue.

    Limited like every public form (`appui.booking.limits`: per client address, per e-mail
    address, and per phone number when she gives one); beyond, `limits.TooMany` and nothing
    is saved."""
    with transaction.atomic():
        limits.check_and_count(client_address, phone, email=email)
        return _receive(
            PUBLIC,
            IntakeChannel.WEB_MESSAGE,
            summary=message[:MESSAGE_MAX],
            contact_email=email,
            contact_phone=phone[:30],
            language=language[:8],
        )


# --- the e-mail box --------------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    """What became of an e-mail: the request made, or why none was (`ignored`)."""

    intake: Intake | None
    ignored: str = ""
    attachments: tuple[str, ...] = ()
    joined: bool = False  # added to her request still waiting


class Unreadable(ValueError):
    """Not a message we can answer: no sender address."""


def _sender(message: ParsedMessage) -> str:
    """The address to answer to: Reply-To when it is a valid address, else From."""
    for header in ("reply-to", "from"):
        for _name, address in getaddresses([str(v) for v in message.get_all(header, [])]):
            address = address.strip()
            try:
                validate_email(address)
            except ValidationError:
                continue
            if len(address) <= 254:
                return address
    raise Unreadable("no sender address")


def _automatic(message: ParsedMessage) -> str:
    """Why a message is automatic (an absence notice, a bounce, a list), else ""."""
    submitted = str(message.get("auto-submitted", "no")).strip().lower()
    if submitted and submitted != "no":
        return f"Auto-Submitted: {submitted}"
    precedence = str(message.get("precedence", "")).strip().lower()
    if precedence in {"bulk", "junk", "list", "auto_reply"}:
        return f"Precedence: {precedence}"
    if message.get_content_type() == "multipart/report":
        return "delivery report"
    return ""


def _text(message: ParsedMessage) -> str:
    """The message's text: its plain part, else its HTML part without the markup."""
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        content = body.get_content()
    except (LookupError, ValueError):  # an unknown charset: read what can be read
        content = (body.get_payload(decode=True) or b"").decode("utf-8", "replace")
    if not isinstance(content, str):
        return ""
    if body.get_content_type() == "text/html":
        content = strip_tags(re.sub(r"(?i)<(br|/p|/div)\b[^>]*>", "\n", content))
        content = re.sub(r"\n{3,}", "\n\n", content)
    return content.replace("\r\n", "\n").strip()


def _attachments(message: ParsedMessage) -> tuple[str, ...]:
    names = []
    for part in message.iter_attachments():
        names.append(part.get_filename() or part.get_content_type())
    return tuple(names)


def read_email(raw: bytes) -> tuple[ParsedMessage, str, str, tuple[str, ...]]:
    """An RFC 822 message: (the parsed message, the sender's address, the text, the
    attachments' names). `Unreadable` when it names no sender."""
    message = BytesParser(policy=email.policy.default).parsebytes(raw)
    sender = _sender(message)
    return message, sender, _text(message), _attachments(message)


def receive_email(raw: bytes) -> Received:
    """One e-mail as the mail server pipes it: a request in the federation's queue, its
    sender the address to answer to, its subject and text the summary. Attachments are not
    kept (a line of the summary says how many, and their names). A new message from a
    sender whose earlier one still waits is added to it: one request per person, however
    many she sends. Automatic messages (absence notices, bounces, lists) and our own are
    ignored: answering them would loop. `Unreadable` when the message names no sender."""
    message, sender, text, attached = read_email(raw)
    why = _automatic(message)
    if not why and sender.lower() == _helpline_address().lower():
        why = "sent by the 116 006 itself"
    if why:
        return Received(None, why, attached)
    subject = " ".join(str(message.get("subject", "")).split())
    name = ""
    for display, address in getaddresses([str(v) for v in message.get_all("from", [])]):
        if address.strip().lower() == sender.lower():
            name = display.strip()
    with translation.override(settings.LANGUAGE_CODE):
        parts = []
        if subject:
            parts.append(_("Subject: %(subject)s") % {"subject": subject[:300]})
        if len(text) > SUMMARY_MAX:
            text = text[:SUMMARY_MAX] + "\n[" + _("message shortened") + "]"
        parts.append(text or _("(no text)"))
        if attached:
            parts.append(
                "["
                + ngettext(
                    "%(count)d attachment not kept: %(names)s",
                    "%(count)d attachments not kept: %(names)s",
                    len(attached),
                )
                % {"count": len(attached), "names": ", ".join(attached)[:500]}
                + "]"
            )
    summary = "\n\n".join(parts)
    with transaction.atomic():
        waiting = (
            Intake.objects.select_for_update()
            .filter(
                organisation=_federation(),
                channel=IntakeChannel.EMAIL,
                status=IntakeStatus.NEW,
                contact_email__iexact=sender,
            )
            .order_by("received_at")
            .first()
        )
        if waiting is not None:
            joined = f"{waiting.summary}\n\n---\n{summary}"
            waiting.summary = joined[-(SUMMARY_MAX * 3) :]
            waiting.save(update_fields=["summary"])
            audit.record(
                MAILBOX,
                A.UPDATE,
                CaseTarget.INTAKE,
                waiting.pk,
                organisation_id=waiting.organisation_id,
            )
            return Received(waiting, "", attached, joined=True)
        intake = _receive(
            MAILBOX,
            IntakeChannel.EMAIL,
            summary=summary,
            contact_email=sender,
            contact_name=name[:150],
        )
    return Received(intake, "", attached)


# --- the answer ------------------------------------------------------------------------------


def can_reply(intake: Intake) -> bool:
    return bool(intake.contact_email)


def _signature(language: str) -> tuple[str, str]:
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = _("Your message to the 116 006")
        footer = _(
            "116 006, the victim support helpline: free of charge, 7 days a week.\n"
            "In danger now: call 17 or 112, or text 114."
        )
    return subject, footer


def reply(actor: Actor, intake: Intake, text: str, now: dt.datetime | None = None) -> Call:
    """Answer a message by e-mail: the reply is sent to the address she gave, kept
    (encrypted) on a call record of the message's channel, in wrap-up (the listener chooses
    its outcome on the console's record page), and the request is closed. `NotSent` when
    the mail server refuses it: then nothing is recorded."""
    callbacks.check_access(actor, intake)
    text = (text or "").strip()
    if not can_reply(intake):
        raise NotAMessage(_("This request has no e-mail address to answer to."))
    if not text:
        raise ValueError("empty reply")
    with transaction.atomic():
        locked = callbacks.lock_waiting(intake)
        now = now or timezone.now()
        call = Call.objects.create(
            organisation_id=locked.organisation_id,
            channel=CALL_CHANNEL.get(locked.channel, Channel.EMAIL),
            state=CallState.WRAP_UP,
            listener_id=actor.user_id,
            ringing_at=locked.received_at,
            answered_at=now,
            ended_at=now,
            commune_code=locked.commune_code,
            language=locked.language,
            reply=text[:REPLY_MAX],
            callback=locked,
        )
        audit.record(
            actor, A.CREATE, HelplineTarget.CALL, call.pk, organisation_id=call.organisation_id
        )
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("Answered by e-mail: see the call record.")
        callbacks.mark_closed(actor, locked, reason)
        subject, footer = _signature(locked.language)
        mail = EmailMessage(
            subject=subject,
            body=f"{text[:REPLY_MAX]}\n\n-- \n{footer}\n",
            from_email=_helpline_address(),
            to=[locked.contact_email],
            reply_to=[_helpline_address()],
        )
        try:
            mail.send(fail_silently=False)
        except Exception as error:  # the transaction rolls back: nothing says it was sent
            raise NotSent(str(error)) from error
    intake.refresh_from_db()
    return call
