"""Anonymous counters of the compensation files, kept by the services as events happen.

Sums in cents and durations as a histogram of days (one row per number of days), so that
the statistics read no file and survive its erasure, and the median is exact.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection

from .models import CompensationCount, CountMeasure


def add(
    organisation_id: int,
    day: dt.date,
    route: str,
    measure: CountMeasure,
    *,
    amount: Decimal | None = None,
    key: str = "",
    sign: int = 1,
) -> None:
    """Add (or, with `sign=-1`, take back) one to a counter, and `amount` to its total.
    One INSERT … ON CONFLICT, as the case files' counters: two processes never collide."""
    cents = int((amount or Decimal(0)) * 100) * sign
    q = connection.ops.quote_name
    table = q(CompensationCount._meta.db_table)
    columns = ("organisation_id", "month", "route", "measure", "key")
    keys = ", ".join(q(c) for c in columns)
    count, total = q("count"), q("total")
    sql = (  # identifiers from the model, values bound
        f"INSERT INTO {table} ({keys}, {count}, {total}) "  # noqa: S608
        f"VALUES (%s, %s, %s, %s, %s, %s, %s) "
        f"ON CONFLICT ({keys}) DO UPDATE SET {count} = {table}.{count} + %s, "
        f"{total} = {table}.{total} + %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [organisation_id, day.replace(day=1), route, measure, key, sign, cents, sign, cents],
        )
