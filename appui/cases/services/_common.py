"""What every service module shares: the date, counters, field copying, the one check."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from appui.core.models import (
    AuditAction,
    Organisation,
)

from ..audit_targets import CaseTarget
from ..models import (
    Measure,
    MonthlyCount,
)

# T: the case files' records; AuditTarget: core's (accounts, organisations).
A, T = AuditAction, CaseTarget


def today() -> dt.date:
    return timezone.localdate()


def departement_of(commune_code: str) -> str:
    code = (commune_code or "").upper()
    if not code:
        return ""
    return code[:3] if code.startswith("97") else code[:2]


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _count(organisation: Organisation, day: dt.date, measure: Measure, key: str = "") -> None:
    """Add one to an anonymous monthly counter (statistics never read the files).

    One INSERT … ON CONFLICT statement (SQLite and PostgreSQL alike), so two processes
    counting the first event of a month never collide on the unique constraint.
    """
    q = connection.ops.quote_name
    table = q(MonthlyCount._meta.db_table)
    columns = ("organisation_id", "departement", "month", "measure", "key")
    keys = ", ".join(q(c) for c in columns)
    sql = (  # identifiers from the model, values bound
        f"INSERT INTO {table} ({keys}, {q('count')}) VALUES (%s, %s, %s, %s, %s, 1) "  # noqa: S608
        f"ON CONFLICT ({keys}) DO UPDATE SET {q('count')} = {table}.{q('count')} + 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [organisation.pk, organisation.departement or "", _month(day), measure, key]
        )


def _set(instance, fields, data) -> None:
    for name in fields:
        if name in data:
            value = data[name]
            field = instance._meta.get_field(name)
            if value is None and not field.null:
                value = ""
            setattr(instance, name, value)
