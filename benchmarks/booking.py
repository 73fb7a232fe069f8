"""Booking at national scale: the free slots of the nearest units, clients racing for the
last places of a slot, and a steady flow of public bookings against the running server.

Run from the repository root against a throwaway PostgreSQL database (see README.md):

    DATABASE_URL=postgres://…/appui_bench_booking .venv/bin/python benchmarks/booking.py

It first adds, once, `--units` synthetic police and gendarmerie units (default 2,000) in
random communes of France, each with its own organisation and an agenda taking
pre-complaints (1 to 3 people a slot), a few with a closure, and a share of their slots
over the next 30 days already booked; then a unit to race on and `--bavs` victim bureaus
for the public flow. Every row it makes is marked (`dataset` "bench-booking", bookings'
`source` "bench"); names say they are benchmark data.

1. **Free slots** (in process): for `--rounds` random communes, what the pre-complaint's
   unit chooser does (`complaints.services.nearest_units`: every receiving unit ranked by
   distance, then the free slots of the 10 nearest until the last day her data are kept),
   and `booking.slots.free_slots` alone for those 10 agendas. Target: p95 ≤ 50 ms.
2. **Race** (in process): each round, `--racers` threads (default 32), each with its own
   database connection, released together by a barrier, book the last places of one slot
   through `booking.services.book`; half the rounds a 1-place slot, half the last 2 places
   of a 3-place slot. Counts the places given beyond capacity (must be 0) and any slot
   whose count differs from the appointments holding it; latency of `book`.
3. **Public flow** (HTTP): bookings offered at `--rate` a second (default 50) for
   `--seconds` (default 60) to the victim bureaus' public page (`booking:bav`), open loop:
   each visitor has a fixed instant on the clock and posts the form then, whatever the
   server did for the others; latency runs from that instant to the answer, so a slow
   server cannot slow the arrivals down and hide its backlog (no coordinated omission).
   Each visitor takes a different free place, read beforehand; with `--journey` she loads
   the page a second before her instant and picks a time on it instead (twice the
   requests; the page's time counts too). The form needs no CSRF token (the page is
   guarded by Fetch Metadata, `core.security`): the visitors send `Sec-Fetch-Site:
   same-origin` as a browser does. Target: POST p95 ≤ 100 ms. Starts its own gunicorn as
   `make run` does (3 workers, 2 threads, DEBUG off) unless `--url` is given; each visitor
   comes from her own address (`X-Forwarded-For` behind one trusted proxy) with her own
   phone number, and the per-address limit is raised. With the server's pid (its own, or
   `--server-pid`), the CPU time of its workers and their PostgreSQL backends.

Each part prints p50, p95, p99 and max, the CPU time where it is in process, and the
machine's load average and busy share of its cores while it ran.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import gc
import http.client
import os
import pstats
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import pin_one_core  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATASET = "bench-booking"
SOURCE = "bench"
# Opening hours of the synthetic units, as the public administration's directory gives them.
UNIT_HOURS = [
    "Mo-Fr 08:30-12:00,13:30-18:00; PH off",
    "Mo-Fr 08:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off",
    "Mo-Sa 08:00-12:00,14:00-18:00; PH off",
    "Mo,We,Fr 09:00-12:00,14:00-17:00; PH off",
    "Tu-Sa 08:30-12:30,13:30-17:30; PH off",
    "Mo-Su 08:00-20:00",
]
BAV_HOURS = "Mo-Fr 08:30-12:00,13:30-17:00; PH off"
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TIMING = re.compile(r"app;dur=([\d.]+)")
RADIO = re.compile(r'name="start" value="([^"]+)"')


# --- figures -----------------------------------------------------------------------------


def figures(samples: list[float]) -> dict:
    """p50, p95, p99 and max of milliseconds (nearest-rank percentiles)."""
    if not samples:
        return {"n": 0}
    ordered = sorted(samples)

    def rank(fraction: float) -> float:
        return round(ordered[max(int(len(ordered) * fraction + 0.5) - 1, 0)], 2)

    return {
        "p50_ms": rank(0.50),
        "p95_ms": rank(0.95),
        "p99_ms": rank(0.99),
        "max_ms": round(ordered[-1], 2),
        "n": len(ordered),
    }


def verdict(result: dict, target_ms: float) -> str:
    return f"{'OK' if result['p95_ms'] <= target_ms else 'MISSED'} (target p95 ≤ {target_ms:g} ms)"


class Machine:
    """The load average and how busy the machine's cores were between `start` and `stop`."""

    @staticmethod
    def _ticks() -> tuple[int, int]:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        idle = values[3] + values[4]  # idle + iowait
        return sum(values) - idle, sum(values)

    def __enter__(self) -> Machine:
        self.load_before = os.getloadavg()
        self.busy, self.total = self._ticks()
        return self

    def __exit__(self, *_exc) -> None:
        busy, total = self._ticks()
        self.share = (busy - self.busy) / max(total - self.total, 1)
        self.load_after = os.getloadavg()

    def __str__(self) -> str:
        before = "/".join(f"{v:.2f}" for v in self.load_before)
        after = "/".join(f"{v:.2f}" for v in self.load_after)
        return (
            f"machine: {os.cpu_count()} cores {self.share:.0%} busy; load average "
            f"(1/5/15 min) {before} before, {after} after"
        )


def setup_django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "appui.settings")
    django.setup()
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a throwaway PostgreSQL database (see README.md).")
    if settings.IS_PRODUCTION:
        raise SystemExit("Never in production: this script writes synthetic units and bookings.")


# --- synthetic data ------------------------------------------------------------------------


def _reference(rng: random.Random) -> str:
    return "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))


def seed_units(count: int, taken_share: float, rng: random.Random) -> None:
    """`count` units across France with their agendas, a few closures and some bookings
    (idempotent: tops up the units; books only when no bench booking lies ahead)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from appui.booking.models import Agenda, AgendaCapacity, Booking, Motive, SlotLoad
    from appui.booking.slots import free_slots
    from appui.core.models import Organisation, OrganisationKind
    from appui.directory.hours import PARIS
    from appui.directory.models import Closure, Coverage, CoverageLevel, Kind, Service
    from appui.territory import services as territory

    started = time.perf_counter()
    have = Service.objects.filter(dataset=DATASET, slug__startswith="bench-unit-").count()
    if have < count:
        communes = [h for h in territory.current_index().hits if h.latitude is not None]
        with transaction.atomic():
            orgs = Organisation.objects.bulk_create(
                Organisation(
                    kind=OrganisationKind.UNIT,
                    code=f"bench-unit-{n:05d}",
                    name=f"Unité de banc d'essai {n}",
                    file_prefix=f"BU{n}",
                )
                for n in range(have, count)
            )
            units = []
            for n, org in zip(range(have, count), orgs, strict=True):
                commune = rng.choice(communes)
                units.append(
                    Service(
                        slug=f"bench-unit-{n:05d}",
                        kind=Kind.GENDARMERIE if rng.random() < 0.6 else Kind.POLICE,
                        name=f"Unité de banc d'essai {n} ({commune.name})",
                        commune_code=commune.code,
                        latitude=commune.latitude + rng.uniform(-0.01, 0.01),
                        longitude=commune.longitude + rng.uniform(-0.01, 0.01),
                        opening_hours=rng.choice(UNIT_HOURS),
                        organisation=org,
                        dataset=DATASET,
                        notes_fr="Données de banc d'essai : ce n'est pas une unité réelle.",
                        source="benchmarks/booking.py",
                    )
                )
            units = Service.objects.bulk_create(units)
            Coverage.objects.bulk_create(
                Coverage(
                    service=unit,
                    level=CoverageLevel.DEPARTEMENT,
                    code=territory.get_commune(unit.commune_code).departement_code,
                )
                for unit in units
            )
            agendas = Agenda.objects.bulk_create(Agenda(service=unit) for unit in units)
            AgendaCapacity.objects.bulk_create(
                AgendaCapacity(
                    agenda=agenda, motive=Motive.PRE_COMPLAINT, capacity=rng.choice((1, 2, 2, 3))
                )
                for agenda in agendas
            )
            today = timezone.localdate()
            closures = []
            for unit in units:
                if rng.random() < 0.05:  # one unit in twenty closes for a few days
                    first = today + dt.timedelta(days=rng.randint(0, 25))
                    closures.append(
                        Closure(
                            service=unit,
                            start=first,
                            end=first + dt.timedelta(days=rng.randint(2, 9)),
                            reason="banc d'essai",
                        )
                    )
            Closure.objects.bulk_create(closures)
        print(f"  {count - have:,} units made ({time.perf_counter() - started:.0f} s)")

    now = timezone.now()
    if Booking.objects.filter(
        source=SOURCE, start__gt=now, agenda__service__slug__startswith="bench-unit-"
    ).exists():
        return
    agendas = list(
        Agenda.objects.filter(service__dataset=DATASET, service__slug__startswith="bench-unit-")
        .select_related("service")
        .order_by("pk")
    )
    today = now.astimezone(PARIS).date()
    loads, bookings = [], []
    for chunk in range(0, len(agendas), 200):
        part = agendas[chunk : chunk + 200]
        found = free_slots(
            part, Motive.PRE_COMPLAINT, today, today + dt.timedelta(days=30), now=now
        )
        for agenda in part:
            for slot in found[agenda.pk]:
                if rng.random() >= taken_share:
                    continue
                taken = rng.randint(1, slot.capacity)
                loads.append(
                    SlotLoad(
                        agenda=agenda, motive=Motive.PRE_COMPLAINT, start=slot.start, taken=taken
                    )
                )
                for _ in range(taken):
                    bookings.append(
                        Booking(
                            agenda=agenda,
                            motive=Motive.PRE_COMPLAINT,
                            start=slot.start,
                            end=slot.end,
                            state=rng.choice(("booked", "booked", "confirmed")),
                            reference=_reference(rng),
                            token_hash=secrets.token_hex(32),
                            source=SOURCE,
                        )
                    )
    references = set()
    for booking in bookings:  # unique references, as the service draws them
        while booking.reference in references:
            booking.reference = _reference(rng)
        references.add(booking.reference)
    with transaction.atomic():
        SlotLoad.objects.bulk_create(loads, batch_size=5000, ignore_conflicts=True)
        Booking.objects.bulk_create(bookings, batch_size=5000)
    with connection.cursor() as cursor:  # statistics for the planner, as autovacuum would
        for table in ("booking_slotload", "booking_booking", "directory_service", "booking_agenda"):
            cursor.execute(f"ANALYZE {table}")
    print(
        f"  {len(loads):,} slots of the next 30 days partly booked, {len(bookings):,} bookings "
        f"({time.perf_counter() - started:.0f} s)"
    )


def bench_place(slug: str, kind: str, hours: str, capacities: dict, *, minutes=30, notice=60):
    """One synthetic place with its organisation and agenda (idempotent)."""
    from appui.booking.models import Agenda, AgendaCapacity
    from appui.core.models import Organisation, OrganisationKind
    from appui.directory.models import Kind, Service

    org, _ = Organisation.objects.get_or_create(
        code=slug,
        defaults={
            "kind": OrganisationKind.ASSOCIATION if kind == Kind.BAV else OrganisationKind.UNIT,
            "name": f"Banc d'essai {slug}",
            "file_prefix": slug[-8:].upper(),
        },
    )
    service, _ = Service.objects.update_or_create(
        slug=slug,
        defaults={
            "kind": kind,
            "name": f"Banc d'essai {slug}",
            "commune_code": "88160",
            "opening_hours": hours,
            "organisation": org,
            "dataset": DATASET,
            "notes_fr": "Données de banc d'essai : ce n'est pas un lieu réel.",
        },
    )
    agenda, _ = Agenda.objects.update_or_create(
        service=service, defaults={"slot_minutes": minutes, "notice_minutes": notice}
    )
    for motive, capacity in capacities.items():
        AgendaCapacity.objects.update_or_create(
            agenda=agenda, motive=motive, defaults={"capacity": capacity}
        )
    return agenda


# --- 1. free slots of the nearest units ----------------------------------------------------


def slots_benchmark(rounds: int, rng: random.Random, profile: bool) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from appui.booking.models import Agenda, Motive
    from appui.booking.slots import free_slots
    from appui.directory.hours import PARIS
    from appui.territory import services as territory

    try:
        from appui.complaints.services import latest_day, nearest_units
    except ImportError:  # the pre-complaint is not there yet: free slots only
        nearest_units = None
        latest_day = None

    communes = [h.code for h in territory.current_index().hits if h.latitude is not None]
    sample = rng.sample(communes, rounds + 20)
    units = Agenda.objects.filter(service__dataset=DATASET, service__slug__startswith="bench-unit-")
    print(f"## 1. free slots of the 10 nearest units ({units.count():,} units; {rounds} communes)")
    now = timezone.now()
    today = now.astimezone(PARIS).date()
    last = latest_day(now) if latest_day else today + dt.timedelta(days=29)

    def nearest_agendas(code: str) -> list:
        if nearest_units is not None:
            return [near.unit.agenda for near in nearest_units(code, now=now)]
        hit = territory.get_commune(code)
        ranked = sorted(
            units.select_related("service"),
            key=lambda a: territory.distance_km(hit, a.service.latitude, a.service.longitude),
        )
        return ranked[:10]

    chosen = {code: nearest_agendas(code) for code in sample}
    for code in sample[:20]:  # warm-up: the process's caches, the database's buffers
        free_slots(chosen[code], Motive.PRE_COMPLAINT, today, last, now=now)
        if nearest_units is not None:
            nearest_units(code, now=now)
    sample = sample[20:]
    counts = [
        sum(map(len, free_slots(chosen[c], Motive.PRE_COMPLAINT, today, last, now=now).values()))
        for c in sample[:20]
    ]
    print(f"free slots shown per commune: {min(counts)} to {max(counts)} (first 20 communes)")
    gc.collect()  # as a web process does once warm (appui/wsgi.py)
    gc.freeze()

    with CaptureQueriesContext(connection) as queries:
        free_slots(chosen[sample[0]], Motive.PRE_COMPLAINT, today, last, now=now)
    print(f"free_slots for 10 agendas: {len(queries)} queries")
    if nearest_units is not None:
        with CaptureQueriesContext(connection) as queries:
            nearest_units(sample[0], now=now)
        print(f"nearest_units: {len(queries)} queries")

    def timed(call) -> tuple[list[float], list[float]]:
        wall, cpu = [], []
        for code in sample:
            begin, begin_cpu = time.perf_counter(), time.process_time()
            call(code)
            wall.append((time.perf_counter() - begin) * 1e3)
            cpu.append((time.process_time() - begin_cpu) * 1e3)
        return wall, cpu

    with Machine() as machine:
        wall, cpu = timed(
            lambda code: free_slots(chosen[code], Motive.PRE_COMPLAINT, today, last, now=now)
        )
    result = figures(wall)
    print(f"free_slots(10 agendas, {(last - today).days + 1} days): {result} {verdict(result, 50)}")
    print(f"  CPU: {figures(cpu)}")
    print(f"  {machine}")
    if nearest_units is not None:
        with Machine() as machine:
            wall, cpu = timed(lambda code: nearest_units(code, now=now))
        result = figures(wall)
        print(f"nearest_units(commune) — the unit chooser's work: {result} {verdict(result, 50)}")
        print(f"  CPU: {figures(cpu)}")
        print(f"  {machine}")
    if profile:
        calls = [("free_slots", lambda c: free_slots(chosen[c], Motive.PRE_COMPLAINT, today,
                                                       last, now=now))]  # fmt: skip
        if nearest_units is not None:
            calls.append(("nearest_units", lambda c: nearest_units(c, now=now)))
        for name, call in calls:
            profiler = cProfile.Profile()
            profiler.enable()
            for code in sample[:50]:
                call(code)
            profiler.disable()
            print(f"profile of 50 calls of {name} (own time):")
            pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


# --- 2. racing for the last places --------------------------------------------------------


def race_benchmark(rounds: int, racers: int) -> None:
    from django.db import connection as main_connection
    from django.utils import timezone

    from appui.booking import services
    from appui.booking.models import HOLDING, Booking, Motive, SlotLoad
    from appui.booking.slots import free_slots
    from appui.directory.hours import PARIS
    from appui.directory.models import Kind

    agenda = bench_place(
        "bench-race-unit",
        Kind.POLICE,
        "Mo-Su 08:00-20:00",
        {Motive.PRE_COMPLAINT: 3, Motive.BAV: 1},
        minutes=15,
        notice=0,
    )
    now = timezone.now()
    today = now.astimezone(PARIS).date()
    # Fresh slots, never booked, alternately a 1-place slot (BAV) and a 3-place one.
    used = set(SlotLoad.objects.filter(agenda=agenda).values_list("start", flat=True))
    fresh = [
        s.start
        for s in free_slots(
            [agenda],
            Motive.BAV,
            today + dt.timedelta(days=1),
            today + dt.timedelta(days=29),
            now=now,
        )[agenda.pk]
        if s.start not in used
    ]
    if len(fresh) < rounds:
        raise SystemExit(f"only {len(fresh)} fresh slots left on bench-race-unit: fewer --rounds")
    plan = []
    for n in range(rounds):
        motive, capacity, before = (
            (Motive.BAV, 1, 0) if n % 2 == 0 else (Motive.PRE_COMPLAINT, 3, 1)
        )
        plan.append((fresh[n], motive, capacity, before))
    print(
        f"## 2. {racers} clients racing for the last places of a slot, {rounds} rounds "
        "(1 place of 1, or the last 2 of 3)"
    )
    start_line = threading.Barrier(racers + 1)
    finish_line = threading.Barrier(racers + 1)
    latencies: dict[str, list[float]] = {"won": [], "full": [], "other": []}
    errors: list[str] = []
    lock = threading.Lock()
    current: dict = {}

    def racer(i: int) -> None:
        from django.db import connection

        try:
            connection.ensure_connection()
            for _round in range(rounds):
                start_line.wait()
                start, motive = current["start"], current["motive"]
                contact = services.Contact(name=f"Racer {i}", phone=f"06{i:08d}")
                begin = time.perf_counter()
                try:
                    services.book(agenda, motive, start, contact, source=SOURCE, now=now)
                    outcome = "won"
                except services.Unavailable as refused:
                    outcome = "full" if refused.reason == "full" else "other"
                except Exception as error:  # counted and shown
                    outcome = "other"
                    with lock:
                        errors.append(repr(error))
                elapsed = (time.perf_counter() - begin) * 1e3
                with lock:
                    latencies[outcome].append(elapsed)
                finish_line.wait()
        finally:
            connection.close()

    threads = [threading.Thread(target=racer, args=(i,), daemon=True) for i in range(racers)]
    for thread in threads:
        thread.start()
    overbooked = mismatched = places = winners = 0
    with Machine() as machine:
        for start, motive, capacity, before in plan:
            for k in range(before):
                services.book(
                    agenda,
                    motive,
                    start,
                    services.Contact(name=f"Early {k}"),
                    source=SOURCE,
                    now=now,
                )
            current.update(start=start, motive=motive)
            won_before = len(latencies["won"])
            start_line.wait()
            finish_line.wait()
            winners += len(latencies["won"]) - won_before
            places += capacity - before
            holding = Booking.objects.filter(
                agenda=agenda, motive=motive, start=start, state__in=HOLDING
            ).count()
            taken = SlotLoad.objects.get(agenda=agenda, motive=motive, start=start).taken
            overbooked += max(holding - capacity, 0)
            mismatched += holding != taken
    for thread in threads:
        thread.join()
    main_connection.close()
    print(
        f"places offered {places}, won {winners}; places given beyond capacity "
        f"(double bookings): {overbooked}; slots whose count differs from their "
        f"appointments: {mismatched}; errors: {len(errors)} {errors[:3]}"
    )
    print(f"book() that won: {figures(latencies['won'])}")
    print(f"book() told full: {figures(latencies['full'])}")
    if latencies["other"]:
        print(f"book() otherwise: {figures(latencies['other'])}")
    print(f"  {machine}")
    if overbooked or mismatched or winners != places:
        print("FAILED: a place was given twice, lost, or miscounted")


# --- 3. the public flow -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(workers: int, threads: int):
    """gunicorn as `make run` starts it (DEBUG off), on a free port, with a per-address
    limit no flow of this benchmark reaches, behind one trusted proxy (this script)."""
    port = free_port()
    binary = Path(sys.executable).with_name("gunicorn")
    command = [
        str(binary), "appui.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--threads", str(threads),
    ]  # fmt: skip
    help_text = subprocess.run([str(binary), "--help"], capture_output=True, text=True).stdout
    if "--no-control-socket" in help_text:
        command.append("--no-control-socket")
    env = {
        **os.environ,
        "DEBUG": "0",
        "APPUI_PUBLIC_LIMIT_PER_ADDRESS_HOUR": "1000000",
        "APPUI_TRUSTED_PROXIES": "1",
    }
    log_path = Path(tempfile.gettempdir()) / f"bench-booking-gunicorn-{port}.log"
    log = open(log_path, "w")  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/")
                conn.getresponse().read()
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start: see {log_path}")
            time.sleep(0.2)
        print(f"gunicorn pid {process.pid}, {workers} workers × {threads} threads, log {log_path}")
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def prepare_bavs(count: int, needed: int) -> list[str]:
    """`count` victim bureaus taking bookings; earlier runs' bench bookings erased first so
    that their places are free again."""
    from appui.booking import services
    from appui.booking.models import Booking, Motive
    from appui.directory.models import Kind

    slugs = [f"bench-bav-{n:02d}" for n in range(count)]
    for slug in slugs:
        bench_place(slug, Kind.BAV, BAV_HOURS, {Motive.BAV: 3})
    earlier = list(
        Booking.objects.filter(
            agenda__service__slug__in=slugs, state__in=("booked", "confirmed")
        ).values_list("pk", flat=True)
    )
    for chunk in range(0, len(earlier), 2000):
        services.erase_personal_data(earlier[chunk : chunk + 2000])
    places = count * 3 * 14 * 21  # 14 slots a day, about 21 working days in 30
    if places < needed * 2:
        print(f"  warning: about {places:,} places for {needed:,} bookings: add --bavs")
    return slugs


def free_places(slugs: list[str], rng: random.Random) -> list[tuple[str, str]]:
    """Every free place of these bureaus over the days their page offers, as (slug, the
    time's radio value), shuffled: visitor i takes place i, so no two ask for the same."""
    from django.utils import timezone

    from appui.booking.models import Agenda, Motive
    from appui.booking.slots import free_slots
    from appui.directory.hours import PARIS

    agendas = list(Agenda.objects.filter(service__slug__in=slugs).select_related("service"))
    now = timezone.now() + dt.timedelta(minutes=5)  # still bookable when the run starts
    today = now.astimezone(PARIS).date()
    found = free_slots(agendas, Motive.BAV, today, today + dt.timedelta(days=29), now=now)
    places = [
        (agenda.service.slug, slot.start.isoformat())
        for agenda in agendas
        for slot in found[agenda.pk]
        for _ in range(slot.free)
    ]
    rng.shuffle(places)
    return places


def flow_benchmark(
    base: str,
    server_pid: int | None,
    slugs: list[str],
    rate: float,
    seconds: float,
    seed: int,
    journey: bool,
) -> None:
    """Open loop: visitor i posts at t0 + i / rate; with `journey`, having loaded the page a
    second before and picked a free time on it; else at a free place read beforehand."""
    lead = 1.0 if journey else 0.0
    total = int(rate * seconds)
    parts = urllib.parse.urlsplit(base)
    rng = random.Random(seed)
    places = [] if journey else free_places(slugs, rng)
    if not journey and len(places) < total:
        raise SystemExit(f"{len(places):,} free places for {total:,} bookings: add --bavs")
    from cases import CpuClock

    clock = CpuClock(server_pid) if server_pid else None
    if clock is not None and not clock.available:
        clock = None
    visitors = [
        {
            "slug": places[i][0] if places else rng.choice(slugs),
            "start": places[i][1] if places else None,
            "address": f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}",
            # A new number each run: one number may book 3 times a day (booking.limits).
            "phone": f"07 {secrets.randbelow(10**8):08d}",
            "email": f"visiteuse{i}@example.org" if rng.random() < 0.3 else "",
            "reminders": rng.random() < 0.6,
            "pick": rng.random(),
        }
        for i in range(total)
    ]
    results: list[dict] = []
    lock = threading.Lock()

    def headers(visitor: dict) -> dict:
        return {
            "X-Forwarded-For": visitor["address"],
            "Accept-Language": "fr",
            "Sec-Fetch-Site": "same-origin",
            "Connection": "keep-alive",
        }

    def visit(i: int, post_at: float) -> None:
        visitor = visitors[i]
        path = f"/rendez-vous/bav/{visitor['slug']}/"
        record: dict = {"status": None}
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            start = visitor["start"]
            if journey:
                get_at = post_at - lead
                conn.request("GET", path, headers=headers(visitor))
                response = conn.getresponse()
                page = response.read().decode()
                record["get_ms"] = (time.perf_counter() - get_at) * 1e3
                times = RADIO.findall(page)
                if response.status != 200 or not times:
                    record["status"] = f"GET {response.status}" if times else "no free time"
                    return
                start = times[int(visitor["pick"] * len(times))]
            # A phone or an e-mail only with her consent to messages (the form's rule).
            form = {"start": start, "name": f"Visiteuse {i}", "phone": "", "email": "",
                    "website": ""}  # fmt: skip
            if visitor["reminders"]:
                form.update(phone=visitor["phone"], email=visitor["email"], reminders="on")
            body = urllib.parse.urlencode(form).encode()
            pause = post_at - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            record["late_ms"] = max(-pause, 0) * 1e3  # how late the post left
            conn.request(
                "POST",
                path,
                body=body,
                headers={
                    **headers(visitor),
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": base,
                },
            )
            response = conn.getresponse()
            response.read()
            record["post_ms"] = (time.perf_counter() - post_at) * 1e3
            match = TIMING.search(response.getheader("Server-Timing", ""))
            record["server_ms"] = float(match.group(1)) if match else None
            record["status"] = response.status
        except Exception as error:  # counted and shown
            record["status"] = repr(error)
        finally:
            conn.close()
            with lock:
                results.append(record)

    what = "each loads the page 1 s before" if journey else "times read beforehand, posts only"
    print(
        f"## 3. public flow: {rate:g} bookings a second for {seconds:g} s, open loop "
        f"({what}), {len(slugs)} victim bureaus, against {base}"
    )
    for slug in slugs:  # warm-up: each page once per worker or so
        for _ in range(3):
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            conn.request("GET", f"/rendez-vous/bav/{slug}/", headers={"Accept-Language": "fr"})
            conn.getresponse().read()
            conn.close()
    pool = ThreadPoolExecutor(max_workers=max(64, int(rate * 4)))
    t0 = time.perf_counter() + lead + 0.5
    server_cpu = clock.read() if clock else None
    client_cpu = time.process_time()
    with Machine() as machine:
        for i in range(total):
            post_at = t0 + i / rate
            pause = post_at - lead - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            pool.submit(visit, i, post_at)
        pool.shutdown(wait=True)
    elapsed = time.perf_counter() - t0
    client_cpu = time.process_time() - client_cpu
    if clock is not None:
        server_cpu = (clock.read() - server_cpu) / 1e9
    statuses: dict = {}
    for record in results:
        statuses[record["status"]] = statuses.get(record["status"], 0) + 1
    posts = [r["post_ms"] for r in results if "post_ms" in r]
    booked = [r["post_ms"] for r in results if r["status"] == 302]
    server = [r["server_ms"] for r in results if r.get("server_ms") is not None]
    late = [r["late_ms"] for r in results if "late_ms" in r]
    print(
        f"answers: {statuses} (302: booked; 409: the time was taken meanwhile; 422: form refused)"
    )
    post = figures(posts)
    print(f"POST, from its scheduled instant to the answer: {post} {verdict(post, 100)}")
    print(f"  of which booked (302): {figures(booked)}")
    print(f"  server's own time (Server-Timing): {figures(server)}")
    print(f"  how late the posts left (the client's own lag): {figures(late)}")
    if journey:
        pages = figures([r["get_ms"] for r in results if "get_ms" in r])
        print(f"GET of the page, from its scheduled instant: {pages}")
    print(f"achieved: {len(posts) / max(elapsed, 1e-9):.1f} posts a second over {elapsed:.1f} s")
    if clock is not None:
        print(
            f"server's CPU (web workers and their PostgreSQL backends): {server_cpu:.1f} s, "
            f"{server_cpu / elapsed:.2f} cores on average, "
            f"{server_cpu * 1e3 / max(len(results), 1):.1f} ms per visitor"
        )
    print(f"this script's own CPU (the visitors): {client_cpu / elapsed:.2f} cores on average")
    print(f"  {machine}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000, help="synthetic units to have")
    parser.add_argument("--taken", type=float, default=0.25, help="share of slots booked")
    parser.add_argument("--rounds", type=int, default=300, help="communes timed (part 1)")
    parser.add_argument("--profile", action="store_true", help="profile part 1")
    parser.add_argument("--race-rounds", type=int, default=100)
    parser.add_argument("--racers", type=int, default=32)
    parser.add_argument("--url", help="a running server for part 3 (else one is started)")
    parser.add_argument("--server-pid", type=int, help="with --url: its master, for CPU time")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rate", type=float, default=50, help="bookings offered a second")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--bavs", type=int, default=20, help="victim bureaus of part 3")
    parser.add_argument(
        "--journey",
        action="store_true",
        help="part 3: each visitor loads the page before posting (twice the requests)",
    )
    parser.add_argument("--only", default="slots,race,flow", help="parts: slots,race,flow")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    only = set(args.only.split(","))
    rng = random.Random(args.seed)
    setup_django()
    print(f"# booking benchmark, {os.cpu_count()} cores")
    seed_units(args.units, args.taken, rng)
    if "slots" in only:
        cores = os.sched_getaffinity(0)
        print(pin_one_core())
        slots_benchmark(args.rounds, rng, args.profile)
        os.sched_setaffinity(0, cores)
    if "race" in only:
        race_benchmark(args.race_rounds, args.racers)
    if "flow" in only:
        from django.db import connection

        slugs = prepare_bavs(args.bavs, int(args.rate * args.seconds))
        connection.close()
        flow = (slugs, args.rate, args.seconds, args.seed, args.journey)
        if args.url:
            flow_benchmark(args.url.rstrip("/"), args.server_pid, *flow)
        else:
            with gunicorn(args.workers, args.threads) as (base, pid):
                flow_benchmark(base, pid, *flow)


if __name__ == "__main__":
    main()
