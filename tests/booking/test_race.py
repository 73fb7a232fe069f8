"""No double booking, ever: people racing for the last places of a slot, each on their own
database connection at the same instant, as web requests would be. Exactly `capacity` of
them get a place, the others are told the slot is full, and the slot's count equals the
appointments holding it.

On PostgreSQL the racers are threads of the test process, each with its own connection to
the test database. The SQLite test database lives in memory, shared between connections
by SQLite's shared cache, whose table locks do not wait (the racers would fail with
"database table is locked" instead of queueing): there the test copies the database into
a file and runs the race in a subprocess of Appui on that file, with the settings a server
runs with (IMMEDIATE transactions, WAL, a busy timeout).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from appui.booking.models import (
    HOLDING,
    Agenda,
    AgendaCapacity,
    Booking,
    BookingState,
    Motive,
    SlotLoad,
)
from appui.core.models import Organisation, OrganisationKind
from appui.directory.hours import PARIS
from appui.directory.models import Kind, Service
from tests.helpers import appui_environment

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2025, 11, 28, 10, 0, tzinfo=PARIS)  # a Friday
TARGET = dt.datetime(2025, 12, 3, 9, 0, tzinfo=PARIS)  # Wednesday 9:00
WON = "won"
ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]


# --- the race itself: runs in this process (PostgreSQL) or in a subprocess (SQLite) ----


def race(plan: dict) -> dict:
    """Start one thread per racer, each with its own connection, released together by a
    barrier once connected and ready; then read back what the slots hold.

    `plan`: {"agenda": id, "motive": ..., "target": iso instant, "now": iso instant,
    "racers": n} to book, or with "moves": [booking ids] to move those into the target
    (or each into its own of "targets").
    Returns each racer's outcome ("won", or the reason it was refused) and, for every slot
    of the agenda, its count and the appointments holding it."""
    from django.db import connection as thread_connection

    from appui.booking import services

    target = dt.datetime.fromisoformat(plan["target"])
    now = dt.datetime.fromisoformat(plan["now"])
    moves = plan.get("moves")
    targets = [dt.datetime.fromisoformat(t) for t in plan["targets"]] if "targets" in plan else None
    count = len(moves) if moves else plan["racers"]
    barrier = threading.Barrier(count)
    outcomes: list[str | None] = [None] * count

    def racer(i: int) -> None:
        try:
            agenda = Agenda.objects.select_related("service").get(pk=plan["agenda"])
            booking = Booking.objects.get(pk=moves[i]) if moves else None
            barrier.wait(timeout=30)
            try:
                if booking is not None:
                    services.move(booking, targets[i] if targets else target, now=now)
                else:
                    contact = services.Contact(name=f"Racer {i}", phone=f"06{i:08d}")
                    services.book(agenda, plan["motive"], target, contact, now=now)
                outcomes[i] = WON
            except services.Unavailable as refused:
                outcomes[i] = refused.reason
        except Exception as error:  # reported, and the test fails on it
            outcomes[i] = f"error: {error!r}"
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=racer, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return {"outcomes": outcomes, "slots": slot_counts(plan["agenda"], plan["motive"])}


def slot_counts(agenda_id: int, motive: str) -> list[list]:
    """[start, the slot's count, appointments holding it] for each slot with either."""
    counts = {
        utc(start): [taken, 0]
        for start, taken in SlotLoad.objects.filter(agenda_id=agenda_id, motive=motive).values_list(
            "start", "taken"
        )
    }
    for start in Booking.objects.filter(
        agenda_id=agenda_id, motive=motive, state__in=HOLDING
    ).values_list("start", flat=True):
        counts.setdefault(utc(start), [0, 0])[1] += 1
    return sorted([start, taken, held] for start, (taken, held) in counts.items())


def utc(instant: dt.datetime) -> str:
    return instant.astimezone(dt.UTC).isoformat()


def main() -> None:
    """The SQLite subprocess's work (Django set up first): the plan on stdin, the result
    on stdout."""
    print(json.dumps(race(json.load(sys.stdin))))


SUBPROCESS = "import django; django.setup(); from tests.booking.test_race import main; main()"


# --- running it --------------------------------------------------------------------------


def run_race(plan: dict, tmp_path: Path) -> dict:
    plan = {"now": NOW.isoformat(), "target": TARGET.isoformat(), **plan}
    if connection.vendor != "sqlite":
        return race(plan)
    connection.ensure_connection()
    if connection.settings_dict["NAME"] == str(tmp_path / "race.sqlite3"):  # pragma: no cover
        raise RuntimeError("already on the file")
    copy = tmp_path / "race.sqlite3"
    with sqlite3.connect(copy) as target:
        connection.connection.backup(target)
    # In WAL mode before the racers connect, as a server's file is after its first
    # connection: eight connections switching a fresh file to WAL at once may find it
    # locked, which a busy timeout does not wait out.
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    done = subprocess.run(
        [sys.executable, "-c", SUBPROCESS],
        input=json.dumps(plan),
        cwd=ROOT,
        env=appui_environment(
            tmp_path / "var",
            {
                "DATABASE_URL": f"sqlite:///{copy}",
                "DJANGO_SETTINGS_MODULE": "appui.settings",
                # The copied rows' names are encrypted with this process's key.
                "APPUI_ENCRYPTION_KEYS": b",".join(settings.APPUI_ENCRYPTION_KEYS).decode(),
            },
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def agenda_of(db):
    unit = Organisation.objects.create(
        kind=OrganisationKind.UNIT, code="police-epinal", name="Police d'Épinal", file_prefix="PE"
    )

    def make(capacity: int) -> Agenda:
        service = Service.objects.create(
            slug=f"unit-{capacity}",
            kind=Kind.POLICE,
            name="Commissariat",
            commune_code="88160",
            opening_hours="Mo-Fr 08:00-18:00; PH off",
            organisation=unit,
        )
        agenda = Agenda.objects.create(service=service, slot_minutes=30)
        AgendaCapacity.objects.create(agenda=agenda, motive=Motive.PRE_COMPLAINT, capacity=capacity)
        return agenda

    return make


def assert_counts_match(result: dict) -> None:
    for start, taken, held in result["slots"]:
        assert taken == held, f"slot {start}: counted {taken}, held by {held}"


@pytest.mark.parametrize(
    ("capacity", "racers", "taken_before"),
    [(1, 8, False), (1, 32, True), (3, 16, False), (3, 32, True)],
    ids=["1-of-8", "1-of-32-slot-taken-before", "3-of-16", "3-of-32-slot-taken-before"],
)
def test_exactly_capacity_racers_get_a_place(agenda_of, tmp_path, capacity, racers, taken_before):
    """A slot never booked yet has no count row: the first racers also race to create it
    (on PostgreSQL the others then wait for its insert); a slot booked then freed has one."""
    from appui.booking import services

    agenda = agenda_of(capacity)
    if taken_before:
        booking, _ = services.book(
            agenda, Motive.PRE_COMPLAINT, TARGET, services.Contact(name="Gone"), now=NOW
        )
        services.cancel(booking)
    result = run_race(
        {"agenda": agenda.pk, "motive": Motive.PRE_COMPLAINT, "racers": racers}, tmp_path
    )
    outcomes = result["outcomes"]
    assert outcomes.count(WON) == capacity, outcomes
    assert outcomes.count("full") == racers - capacity, outcomes
    assert result["slots"] == [[utc(TARGET), capacity, capacity]]


def test_racing_for_the_last_of_three_places(agenda_of, tmp_path):
    from appui.booking import services

    agenda = agenda_of(3)
    for name in ("First", "Second"):
        services.book(agenda, Motive.PRE_COMPLAINT, TARGET, services.Contact(name=name), now=NOW)
    result = run_race({"agenda": agenda.pk, "motive": Motive.PRE_COMPLAINT, "racers": 24}, tmp_path)
    assert result["outcomes"].count(WON) == 1, result["outcomes"]
    assert result["outcomes"].count("full") == 23
    assert result["slots"] == [[utc(TARGET), 3, 3]]


def test_racing_moves_into_the_last_place(agenda_of, tmp_path):
    """Sixteen appointments elsewhere in the week all move to the slot with one place
    left: one of them gets it; the others stay where they were, their places still held."""
    from appui.booking import services

    agenda = agenda_of(3)
    for name in ("First", "Second"):
        services.book(agenda, Motive.PRE_COMPLAINT, TARGET, services.Contact(name=name), now=NOW)
    elsewhere = [
        dt.datetime(2025, 12, day, hour, 0, tzinfo=PARIS) for day in (2, 4) for hour in (9, 10, 14)
    ]
    movers = [
        services.book(
            agenda, Motive.PRE_COMPLAINT, elsewhere[i % 6], services.Contact(name=f"M{i}"), now=NOW
        )[0]
        for i in range(16)
    ]
    before = {b.pk: b.start for b in movers}
    result = run_race(
        {"agenda": agenda.pk, "motive": Motive.PRE_COMPLAINT, "moves": list(before)}, tmp_path
    )
    outcomes = result["outcomes"]
    assert outcomes.count(WON) == 1, outcomes
    assert outcomes.count("full") == 15, outcomes
    assert_counts_match(result)
    by_start = {start: taken for start, taken, _held in result["slots"]}
    assert by_start[utc(TARGET)] == 3
    assert sum(by_start.values()) == 2 + 16  # every appointment holds exactly one place
    if connection.vendor != "sqlite":  # the subprocess's writes are in its own file
        winner = movers[outcomes.index(WON)]
        assert Booking.objects.get(pk=winner.pk).start == TARGET
        for mover, outcome in zip(movers, outcomes, strict=True):
            if outcome != WON:
                stored = Booking.objects.get(pk=mover.pk)
                assert (stored.start, stored.state) == (before[mover.pk], BookingState.BOOKED)


# `move` locks both slots' rows in the order of their starts before taking one and
# giving the other back: two moves crossing between the same two slots wait, never deadlock.
def test_crossing_moves_all_succeed(agenda_of, tmp_path):
    """Four people move from Tuesday to Thursday while four others move from Thursday to
    Tuesday, with room for all: every move succeeds (none is lost to a deadlock between
    two moves each holding the slot the other one leaves)."""
    from appui.booking import services

    agenda = agenda_of(16)
    tuesday = dt.datetime(2025, 12, 2, 9, 0, tzinfo=PARIS)
    thursday = dt.datetime(2025, 12, 4, 9, 0, tzinfo=PARIS)
    movers, targets = [], []
    for i in range(8):
        start, target = (tuesday, thursday) if i % 2 else (thursday, tuesday)
        contact = services.Contact(name=f"M{i}")
        movers.append(services.book(agenda, Motive.PRE_COMPLAINT, start, contact, now=NOW)[0].pk)
        targets.append(target.isoformat())
    result = run_race(
        {"agenda": agenda.pk, "motive": Motive.PRE_COMPLAINT, "moves": movers, "targets": targets},
        tmp_path,
    )
    assert result["outcomes"] == [WON] * 8, result["outcomes"]
    assert_counts_match(result)
    assert sorted(taken for _start, taken, _held in result["slots"]) == [4, 4]
