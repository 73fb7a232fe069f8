"""The anonymous counters of pre-complaints: by unit, month of receipt, category and
outcome, kept in the same transaction as what they count.

One INSERT … ON CONFLICT per counter (SQLite and PostgreSQL alike), as the case files'
counters: two processes counting the first of a month never collide.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import connection

from appui.directory.hours import PARIS

from .models import ComplaintCount


def month_of(moment: dt.datetime) -> dt.date:
    return moment.astimezone(PARIS).date().replace(day=1)


def add_many(counts: Counter) -> None:
    """Add `counts[(unit_id, month, category, outcome)]` to each counter."""
    if not counts:
        return
    q = connection.ops.quote_name
    table = q(ComplaintCount._meta.db_table)
    columns = ("unit_id", "month", "category", "outcome")
    keys = ", ".join(q(c) for c in columns)
    count = q("count")
    sql = (  # identifiers from the model, values bound
        f"INSERT INTO {table} ({keys}, {count}) VALUES (%s, %s, %s, %s, %s) "  # noqa: S608
        f"ON CONFLICT ({keys}) DO UPDATE SET {count} = {table}.{count} + %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [(*key, n, n) for key, n in sorted(counts.items(), key=lambda item: str(item[0]))],
        )


def add(unit_id: int, received_at: dt.datetime, category: str, outcome: str) -> None:
    add_many(Counter({(unit_id, month_of(received_at), category, outcome): 1}))
