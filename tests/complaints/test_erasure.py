"""30 days after receipt, an unsigned pre-complaint's nominative data are gone from every
table and every stored file; at signature, at once. Only the anonymous counters stay.

Time is moved forward by passing `now` to the erasure; nothing of the database is mocked.
The check reads every row of every table twice: as the ORM gives each field (encrypted
fields decrypted), and raw, where any Fernet token is decrypted too; and the sessions,
decoded, with their encrypted values decrypted.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from appui.booking import services as booking
from appui.booking.models import Booking, BookingState
from appui.complaints import services, tasks
from appui.complaints.apps import ComplaintsConfig
from appui.complaints.models import ComplaintCount, PreComplaint, State
from appui.core.crypto import DecryptionError, decrypt_bytes
from appui.directory.hours import PARIS

from .conftest import ADDRESS, CARD, EMAIL, IBAN, NAME, PHONE, a_draft
from .test_flow import fill

pytestmark = pytest.mark.django_db

HER = [
    NAME[0],
    NAME[1],
    PHONE,
    PHONE.replace(" ", ""),
    EMAIL,
    CARD.replace(" ", ""),
    IBAN.replace(" ", ""),
]
SIGNER = {
    "first_name": "Bérénice",
    "last_name": "Fauconnierova",
    "phone": "07 11 22 33 44",
    "email": "berenice.fauconnierova@example.org",
    "card": "5131 4800 0000 0005",
}
SIGNER_SECRETS = [
    "Bérénice",
    "Fauconnierova",
    "07 11 22 33 44",
    "0711223344",
    "berenice.fauconnierova@example.org",
    "5131480000000005",
]


def _decrypted(value: str) -> str:
    """A stored text, and what it says once decrypted when it is a Fernet token."""
    if isinstance(value, str) and value.startswith("gAAAAA"):
        try:
            return value + " " + decrypt_bytes(value.encode()).decode(errors="replace")
        except DecryptionError:
            return value
    return value


def _text(value) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        value = value.decode(errors="replace")
    return _decrypted(str(value)) if value is not None else ""


def leftovers(secrets: list[str]) -> list[str]:
    """Where any of `secrets` is still found: ORM values, raw rows, sessions, files."""
    found = []
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model._base_manager.values_list(*fields):
            for name, value in zip(fields, row, strict=True):
                text = _text(value)
                found += [f"{model._meta.label}.{name}" for s in secrets if s in text]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                text = " ".join(_text(value) for value in row)
                found += [f"raw {table}" for s in secrets if s in text]
    for session in Session.objects.all():
        decoded = session.get_decoded()
        text = " ".join(f"{k} {_text(v)}" for k, v in decoded.items())
        found += ["session" for s in secrets if s in text]
    roots = {
        Path(settings.VAR_DIR),
        Path(settings.APPUI_DOCUMENTS_DIR),
        *([Path(settings.MEDIA_ROOT)] if getattr(settings, "MEDIA_ROOT", "") else []),
    }
    for root in roots:
        if not root.exists():
            continue
        for path in root.rglob("*"):
            if path.is_file():
                data = path.read_bytes().decode(errors="replace")
                found += [str(path) for s in secrets if s in data]
    return sorted(set(found))


def test_thirty_days_later_nothing_of_her_is_left(client, units, agent):
    """She fills and sends the pre-complaint on the site and never comes; another one signs."""
    fill(client)
    place = units["epinal"]
    start = services.unit_slots(place)[0].start.astimezone(PARIS)
    response = client.post(
        reverse("complaints:unit", args=[place.pk]),
        {"start": start.isoformat(), "day": start.date().isoformat(), "reminders": "on"},
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302
    assert client.get(reverse("complaints:sent")).status_code == 200
    hers = PreComplaint.objects.get()
    token_page = client.get(reverse("complaints:sent")).context["link"]
    token = token_page.rstrip("/").rsplit("/", 1)[-1]
    assert booking.by_token(token) == hers.booking

    # Another person signs hers at the unit: it leaves Appui at once.
    draft = a_draft()
    draft["declarant"].update({k: v for k, v in SIGNER.items() if k != "card"})
    draft["payments"] = {
        "nothing": False,
        "lines": [{"kind": "card", "number": SIGNER["card"].replace(" ", "")}],
    }
    slot = services.unit_slots(place)[1].start
    signed, _appointment, _token = services.send(draft, place, slot)
    assert leftovers(SIGNER_SECRETS)  # the check does find what is there
    from tests.cases.conftest import actor

    services.sign(actor(agent("epinal")), signed)
    assert leftovers(SIGNER_SECRETS) == []

    # Her data are all there the day before the erasure…
    assert leftovers(HER)
    day_29 = hers.received_at + dt.timedelta(days=29, hours=23)
    assert services.erase_expired(now=day_29) == 0
    assert leftovers(HER)

    # …and gone 30 days after receipt.
    later = hers.erase_after + dt.timedelta(seconds=1)
    assert services.erase_expired(now=later) == 1
    assert leftovers(HER) == []
    hers.refresh_from_db()
    assert hers.state == State.ERASED
    assert booking.by_token(token) is None  # her link no longer opens anything
    assert hers.booking.state == BookingState.CANCELLED  # her place was given back
    # The counters stay, anonymous: received twice, one signed, one erased unsigned.
    counts = {(c.outcome): c.count for c in ComplaintCount.objects.all()}
    assert counts == {"received": 2, "signed": 1, "erased": 1}
    assert all(
        c.unit_id == place.pk and c.category == "theft" for c in ComplaintCount.objects.all()
    )
    # Running again erases nothing more, counts nothing more.
    assert services.erase_expired(now=later + dt.timedelta(days=1)) == 0
    assert {(c.outcome): c.count for c in ComplaintCount.objects.all()} == counts


def test_outcomes_of_erased_pre_complaints(units, agent):
    """Erased after she cancelled, after a missed appointment, or with nothing marked."""
    from tests.cases.conftest import actor

    place = units["epinal"]
    now = timezone.now()
    slots = services.unit_slots(place, now=now)
    made = [services.send(a_draft(), place, slots[i].start, now=now)[0] for i in range(3)]
    booking.cancel(made[0].booking)
    services.mark_missed(
        actor(agent("epinal")), made[1], now=made[1].booking.start + dt.timedelta(hours=1)
    )
    assert services.erase_expired(now=now + dt.timedelta(days=30, seconds=1), batch=2) == 3
    counts = dict(
        ComplaintCount.objects.exclude(outcome="received").values_list("outcome", "count")
    )
    assert counts == {"cancelled": 1, "missed": 1, "erased": 1}
    assert set(PreComplaint.objects.values_list("state", flat=True)) == {State.ERASED}
    assert not Booking.objects.exclude(name="").exists()


def test_the_worker_runs_the_erasure_every_quarter_of_an_hour(units):
    assert ("appui.complaints.tasks.erase_expired", 15 * 60) in ComplaintsConfig.periodic_tasks
    place = units["epinal"]
    services.send(a_draft(), place, services.unit_slots(place)[0].start)
    assert tasks.erase_expired.call() == 0  # not yet 30 days


def test_an_appointment_cannot_be_moved_past_the_erasure_day(units):
    """Through the booking's own link too: its last day is the day before the erasure."""
    place = units["epinal"]
    now = timezone.now()
    pre_complaint = services.send(
        a_draft(), place, services.unit_slots(place, now=now)[0].start, now=now
    )[0]
    last = pre_complaint.booking.latest_day
    assert last == services.erase_day(pre_complaint.received_at) - dt.timedelta(days=1)
    beyond = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(9), PARIS)
    with pytest.raises(booking.Unavailable) as refusal:
        booking.move(pre_complaint.booking, beyond, now=now)
    assert refusal.value.reason in {"too_late", "not_a_slot"}
