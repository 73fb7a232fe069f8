"""`appui helpline …`: the 116 006's mailbox and its retention policy, from the server.

    appui helpline receive-email < message.eml
    appui helpline retention

`receive-email` reads one RFC 822 message on standard input, as a mail server's pipe
delivers it (Postfix: an alias `116006: "|/path/to/appui helpline receive-email"`; Exim and
OpenSMTPD alike), and puts it in the federation's queue: its sender is the address to
answer to, its subject and text the request's summary; attachments are not kept (said in
the summary and on standard output). Exit status: 0 when received (or ignored as an
automatic message: an absence notice, a bounce, a list), 65 (EX_DATAERR) when it names no
sender, 75 (EX_TEMPFAIL, the mail server tries again later) when the database cannot take
it now (or no federation is set up yet).

`retention` applies the helpline's retention policy at once (the worker does it daily).
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from appui.core.access import SystemActor
from appui.core.models import Organisation, SystemKind
from appui.helpline.services import messages, retention

EX_DATAERR = 65
EX_TEMPFAIL = 75
MAX_BYTES = 25 * 1024 * 1024  # what common mail servers accept by default


class Command(BaseCommand):
    help = "The 116 006 helpline: receive-email (one message on stdin), retention."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "receive-email",
            help="Read one e-mail (RFC 822) on standard input: a request in the federation's "
            "queue.",
        )
        sub.add_parser("retention", help="Apply the helpline's retention policy now.")

    def handle(self, *args, action: str, **options) -> None:
        if action == "receive-email":
            self._receive(sys.stdin.buffer.read(MAX_BYTES + 1))
        else:
            report = retention.apply(by=SystemActor(SystemKind.COMMAND))
            self.stdout.write(
                f"Deleted: {report.calls} closed call records, {report.missed} missed calls, "
                f"{report.events} telephony events, {report.callers} recognised callers, "
                f"{report.flags} expired flags. Counters kept."
            )

    def _receive(self, raw: bytes) -> None:
        if len(raw) > MAX_BYTES:
            raise CommandError("message too large", returncode=EX_DATAERR)
        try:
            received = messages.receive_email(raw)
        except messages.Unreadable as error:
            raise CommandError(f"not received: {error}", returncode=EX_DATAERR) from None
        except (DatabaseError, Organisation.DoesNotExist) as error:
            raise CommandError(f"not received now: {error}", returncode=EX_TEMPFAIL) from None
        if received.intake is None:
            self.stdout.write(f"Ignored (automatic message: {received.ignored}).")
            return
        verb = "Added to request" if received.joined else "Received as request"
        self.stdout.write(f"{verb} {received.intake.pk}.")
        if received.attachments:
            self.stdout.write(
                f"{len(received.attachments)} attachment(s) not kept: "
                + ", ".join(received.attachments)
            )
