"""The pre-complaints' erasure job over a night's backlog: a million pre-complaints whose 30
days are over, each with its appointment, erased by `complaints.services.erase_expired`
(sections blanked, the appointment's name and contact erased and its place given back,
counters by outcome, two audit lines each) as the worker runs it.

On PostgreSQL, in a database of its own (the audit lines it writes stay):

    createdb -h 127.0.0.1 -U postgres appui_bench_complaints
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/appui_bench_complaints \\
        .venv/bin/python benchmarks/complaints.py --rows 1000000

It migrates, loads `--rows` synthetic pre-complaints by COPY (skipped when they are there
already and still hold data; `--reload` makes them again), runs ANALYZE, then times the
erasure and prints rows per second, the batches' median and 95th percentile, and the hours
a million would take. It checks afterwards that no row holds data any more.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

UNITS = 200  # agendas the appointments are spread over
CAPACITY = 2


def setup_django():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "appui.settings")
    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database of its own.")


def _units():
    from appui.booking.models import Agenda, AgendaCapacity, Motive
    from appui.core.models import Organisation, OrganisationKind
    from appui.directory.models import Kind, Service

    agendas = []
    for index in range(UNITS):
        org, _ = Organisation.objects.get_or_create(
            code=f"bench-unit-{index}",
            defaults={
                "kind": OrganisationKind.UNIT,
                "name": f"Unité de banc d'essai {index}",
                "departement": "88",
                "file_prefix": f"BU{index}",
            },
        )
        service, _ = Service.objects.get_or_create(
            slug=f"bench-unit-{index}",
            defaults={
                "kind": Kind.POLICE,
                "name": f"Unité de banc d'essai {index}",
                "commune_code": "88160",
                "opening_hours": "Mo-Fr 08:30-12:00,13:30-18:00",
                "organisation": org,
                "dataset": "bench",
            },
        )
        agenda, _ = Agenda.objects.get_or_create(service=service)
        AgendaCapacity.objects.get_or_create(
            agenda=agenda, motive=Motive.PRE_COMPLAINT, defaults={"capacity": CAPACITY}
        )
        agendas.append(agenda)
    return agendas


def _tokens() -> dict[str, str]:
    """One realistic encrypted value per field, reused by every row (the erasure never
    decrypts; only their size matters)."""
    from appui.core.crypto import encrypt_bytes

    draft = {
        "declarant": {
            "on_behalf": "self",
            "first_name": "Prénom",
            "last_name": "Nom-de-famille",
            "birth_date": "1980-01-01",
            "home": "88160",
            "address": "12 rue des Tilleuls",
            "phone": "06 12 34 56 78",
            "email": "prenom.nom@example.org",
        },
        "facts": {
            "when": "date",
            "date": "2026-10-01",
            "time": "18:30",
            "commune": "88160",
            "place": "Devant la gare",
            "story": "Mon vélo bleu attaché devant la gare a disparu pendant la journée. " * 4,
        },
        "goods": {"nothing": False, "lines": [{"item": "Vélo bleu", "value": "450"}]},
        "payments": {"nothing": False, "lines": [{"kind": "card", "number": "4970101234567893"}]},
        "evidence": {"witnesses": "no", "evidence": ["receipts"]},
    }

    def enc(value) -> str:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        return encrypt_bytes(text.encode()).decode()

    tokens = {name: enc(value) for name, value in draft.items()}
    tokens.update(name=enc("Prénom Nom"), phone=enc("06 12 34 56 78"), email=enc("p@example.org"))
    return tokens


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)


def load(rows: int, now: dt.datetime) -> None:
    """`rows` pre-complaints received 31 to 40 days before `now`, each with its appointment
    (70 % still booked, 15 % missed, 15 % cancelled), and the slots' loads."""
    from django.db import connection, transaction

    from appui.booking.models import Booking, SlotLoad
    from appui.complaints.models import PreComplaint

    agendas = _units()
    tokens = _tokens()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE complaints_precomplaint, booking_booking, booking_slotload CASCADE"
        )
        base = now - dt.timedelta(days=40)
        chunk = 100_000
        loads: dict[tuple[int, dt.datetime], int] = {}
        for first in range(0, rows, chunk):
            bookings, complaints = [], []
            for i in range(first, min(first + chunk, rows)):
                pk = i + 1
                agenda = agendas[i % UNITS]
                received = base + dt.timedelta(seconds=(i * 777_600) // rows)  # over 9 days
                slot_index = (i // UNITS) // CAPACITY
                start = received.replace(hour=8, minute=30, second=0, microsecond=0) + dt.timedelta(
                    days=1 + slot_index % 20, minutes=30 * (slot_index % 7)
                )
                state = "booked" if i % 20 < 14 else ("missed" if i % 20 < 17 else "cancelled")
                if state == "booked":
                    loads[(agenda.pk, start)] = loads.get((agenda.pk, start), 0) + 1
                bookings.append(
                    (
                        pk,
                        agenda.pk,
                        "pre_complaint",
                        start.isoformat(),
                        (start + dt.timedelta(minutes=30)).isoformat(),
                        state,
                        f"B{pk:09d}",
                        f"{pk:064x}",
                        tokens["name"],
                        tokens["phone"],
                        tokens["email"],
                        "fr",
                        "t",
                        "",
                        "complaints",
                        pk,
                        (received + dt.timedelta(days=29)).date().isoformat(),
                        received.isoformat(),
                        received.isoformat(),
                    )
                )
                complaints.append(
                    (
                        pk,
                        agenda.service_id,
                        pk,
                        "theft",
                        received.isoformat(),
                        (received + dt.timedelta(days=30)).isoformat(),
                        "missed" if state == "missed" else "received",
                        "fr",
                        "self",
                        tokens["declarant"],
                        tokens["facts"],
                        tokens["goods"],
                        tokens["payments"],
                        tokens["evidence"],
                    )
                )
            _copy(
                cursor,
                Booking._meta.db_table,
                [
                    "id",
                    "agenda_id",
                    "motive",
                    "start",
                    '"end"',
                    "state",
                    "reference",
                    "token_hash",
                    "name",
                    "phone",
                    "email",
                    "language",
                    "reminders",
                    "note",
                    "source",
                    "source_id",
                    "latest_day",
                    "created_at",
                    "updated_at",
                ],
                bookings,
            )
            _copy(
                cursor,
                PreComplaint._meta.db_table,
                [
                    "id",
                    "unit_id",
                    "booking_id",
                    "category",
                    "received_at",
                    "erase_after",
                    "state",
                    "language",
                    "on_behalf",
                    "declarant",
                    "facts",
                    "goods",
                    "payments",
                    "evidence",
                ],
                complaints,
            )
            print(f"  loaded {min(first + chunk, rows):,}", flush=True)
        _copy(
            cursor,
            SlotLoad._meta.db_table,
            ["agenda_id", "motive", "start", "taken"],
            [
                (agenda_id, "pre_complaint", start.isoformat(), taken)
                for (agenda_id, start), taken in loads.items()
            ],
        )
        for table in (Booking._meta.db_table, PreComplaint._meta.db_table):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [rows])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=None, help="rows per transaction")
    parser.add_argument("--reload", action="store_true")
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.utils import timezone

    from appui.complaints import services
    from appui.complaints.models import GONE, PreComplaint

    call_command("migrate", verbosity=0)
    now = timezone.now()
    holding = PreComplaint.objects.exclude(state__in=GONE).count()
    if args.reload or holding < args.rows:
        print(f"loading {args.rows:,} pre-complaints…", flush=True)
        started = time.perf_counter()
        load(args.rows, now)
        print(f"  in {time.perf_counter() - started:.0f} s", flush=True)
    batch = args.batch or services.ERASE_BATCH
    total = PreComplaint.objects.exclude(state__in=GONE).count()
    print(f"erasing {total:,} pre-complaints, {batch} a transaction…", flush=True)
    timings, done = [], 0
    started = time.perf_counter()
    while True:
        begin = time.perf_counter()
        erased = services.erase_expired(now=now, batch=batch, limit=batch)  # one transaction
        if not erased:
            break
        timings.append((time.perf_counter() - begin) * 1e3)
        done += erased
        if len(timings) % 50 == 0:
            elapsed = time.perf_counter() - started
            print(f"  {done:,} in {elapsed:.0f} s ({done / elapsed:,.0f} rows/s)", flush=True)
    elapsed = time.perf_counter() - started
    left = PreComplaint.objects.exclude(state__in=GONE).count()
    rate = done / elapsed if elapsed else 0
    print(
        f"erased {done:,} in {elapsed:.1f} s: {rate:,.0f} rows/s; "
        f"a million in {1_000_000 / rate / 3600:.2f} h"
        if rate
        else "nothing erased"
    )
    if timings:
        ordered = sorted(timings)
        print(
            f"batch of {batch}: median {statistics.median(ordered):.0f} ms, "
            f"p95 {ordered[int(0.95 * (len(ordered) - 1))]:.0f} ms"
        )
    print(f"left holding data: {left}")
    sys.exit(1 if left else 0)


if __name__ == "__main__":
    main()
