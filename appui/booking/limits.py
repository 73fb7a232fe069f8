"""How many bookings (and pre-complaints) one client address, and one phone number, may send
from the public pages: the guide's callback rule, applied to every public form that books.

Only keyed hashes are counted (HMAC-SHA256 with SECRET_KEY), with the time, and forgotten
after a day: the count stops a flood without keeping who booked. A form calls
`check_and_count` once it is valid and before it books, so a refused request saves nothing.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import AttemptKind, PublicAttempt

ADDRESS_WINDOW = dt.timedelta(hours=1)
PHONE_WINDOW = dt.timedelta(days=1)
KEPT = dt.timedelta(days=1)
# A refused request may be sent again after (seconds): the window of the limit it hit.
RETRY_AFTER = {
    AttemptKind.ADDRESS: int(ADDRESS_WINDOW.total_seconds()),
    AttemptKind.PHONE: int(PHONE_WINDOW.total_seconds()),
    AttemptKind.EMAIL: int(PHONE_WINDOW.total_seconds()),
}


class TooMany(Exception):
    """Refused: too many requests from this client address, or for this phone number.
    `kind` is an `AttemptKind`."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind

    @property
    def retry_after(self) -> int:
        return RETRY_AFTER[self.kind]


def normalise_phone(value: str) -> str:
    """A phone number as digits only, a French international prefix (+33, 0033) as 0, so
    that "+33 6 12 34 56 78" and "06.12.34.56.78" count as one number."""
    raw = (value or "").strip()
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("0033"):
        digits = digits[4:]
    elif digits.startswith("33") and (raw.startswith("+") or len(digits) == 11):
        digits = digits[2:]
    else:
        return digits
    return digits if digits.startswith("0") else "0" + digits


def _key(kind: str, value: str) -> str:
    return salted_hmac(f"appui.booking.public.{kind}", value, algorithm="sha256").hexdigest()


def _serialise(keys: list[str]) -> None:
    """Count and add under a lock held until the transaction ends: SQLite's IMMEDIATE
    transactions write one at a time already; PostgreSQL takes an advisory lock per key."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(keys):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(key[:15], 16)])


def check_and_count(
    client_address: str | None,
    phone: str,
    now: dt.datetime | None = None,
    *,
    email: str = "",
) -> None:
    """Count one request from `client_address` (and for `phone` and `email`, when given), or
    raise `TooMany` and count nothing: at most `APPUI_PUBLIC_LIMIT_PER_ADDRESS_HOUR` an hour
    from one address, `APPUI_PUBLIC_LIMIT_PER_PHONE_DAY` a day for one number, and
    `APPUI_PUBLIC_LIMIT_PER_EMAIL_DAY` a day for one e-mail address."""
    now = now or timezone.now()
    limits = []
    if client_address:
        limits.append(
            (
                AttemptKind.ADDRESS,
                client_address,
                ADDRESS_WINDOW,
                settings.APPUI_PUBLIC_LIMIT_PER_ADDRESS_HOUR,
            )
        )
    number = normalise_phone(phone)
    if number:
        limits.append(
            (AttemptKind.PHONE, number, PHONE_WINDOW, settings.APPUI_PUBLIC_LIMIT_PER_PHONE_DAY)
        )
    address = (email or "").strip().lower()
    if address:
        limits.append(
            (AttemptKind.EMAIL, address, PHONE_WINDOW, settings.APPUI_PUBLIC_LIMIT_PER_EMAIL_DAY)
        )
    if not limits:
        return
    keyed = [(kind, _key(kind, value), window, limit) for kind, value, window, limit in limits]
    with transaction.atomic():
        _serialise([key for _, key, _, _ in keyed])
        for kind, key, window, limit in keyed:
            recent = PublicAttempt.objects.filter(kind=kind, key=key, at__gt=now - window)
            if recent.count() >= limit:
                raise TooMany(kind)
        PublicAttempt.objects.bulk_create(
            [PublicAttempt(kind=kind, key=key, at=now) for kind, key, _, _ in keyed]
        )


def purge(now: dt.datetime | None = None) -> int:
    """Forget the counts older than a day (the worker runs this every hour)."""
    cutoff = (now or timezone.now()) - KEPT
    deleted, _ = PublicAttempt.objects.filter(at__lt=cutoff).delete()
    return deleted
