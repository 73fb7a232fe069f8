"""The helpline's anonymous counters, kept in the transaction that closes a record.

A call is counted once: when its record is closed by the listener, or when the switchboard
reports it missed. One INSERT … ON CONFLICT (SQLite and PostgreSQL alike): two processes
counting the first call of an hour never collide. What is counted names nobody: the hour,
the département of the town given, the channel, the kind of call, the main situation, the
outcome, and the seconds waited and talked.
"""

from __future__ import annotations

from django.db import connection

from appui.directory.hours import PARIS

from .models import Call, CallState, HelplineCount

KEY = ("day", "hour", "departement", "channel", "kind", "category", "outcome")
SUMS = ("calls", "answered", "missed", "wait_seconds", "talk_seconds")


def _departement(commune_code: str) -> str:
    if not commune_code:
        return ""
    from appui.territory.services import get_commune

    commune = get_commune(commune_code)
    return commune.departement_code if commune is not None else ""


def _seconds(start, end) -> int:
    if start is None or end is None:
        return 0
    return max(0, int((end - start).total_seconds()))


def count_call(call: Call) -> None:
    """Add one call to its counters (its record closed, or missed)."""
    local = call.ringing_at.astimezone(PARIS)
    missed = call.state == CallState.MISSED
    key = (
        local.date(),
        local.hour,
        _departement(call.home_commune_code if call.abroad else call.commune_code),
        call.channel,
        call.non_data or call.caller_type,
        (call.situations or [""])[0],
        call.outcome,
    )
    sums = (
        1,
        0 if missed or call.answered_at is None else 1,
        1 if missed else 0,
        _seconds(call.ringing_at, call.answered_at),
        _seconds(call.answered_at, call.ended_at or call.closed_at),
    )
    q = connection.ops.quote_name
    table = q(HelplineCount._meta.db_table)
    keys = ", ".join(q(c) for c in KEY)
    sets = ", ".join(f"{q(c)} = {table}.{q(c)} + %s" for c in SUMS)
    placeholders = ", ".join(["%s"] * (len(KEY) + len(SUMS)))
    sql = (  # identifiers from the model, values bound
        f"INSERT INTO {table} ({keys}, {', '.join(q(c) for c in SUMS)}) "  # noqa: S608
        f"VALUES ({placeholders}) ON CONFLICT ({keys}) DO UPDATE SET {sets}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*key, *sums, *sums])
