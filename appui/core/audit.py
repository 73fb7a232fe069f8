"""The one audit helper: every read and write of a file's data leaves a line here.

Call it inside the transaction of the action it records, so that an action is never
saved without its line, nor a line without its action.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from .models import AuditAction, AuditEvent, AuditTarget


def event(
    actor,
    action: AuditAction,
    target: AuditTarget,
    target_id: int | None = None,
    *,
    file_id: int | None = None,
    person_id: int | None = None,
    organisation_id: int | None = None,
    exceptional: bool = False,
) -> AuditEvent:
    """One event, unsaved. `actor` is an `access.Actor` or None (the public, the system)."""
    return AuditEvent(
        at=timezone.now(),
        actor_id=getattr(actor, "user_id", None),
        actor_organisation_id=getattr(actor, "organisation_id", None),
        action=action,
        target=target,
        target_id=target_id,
        file_id=file_id,
        person_id=person_id,
        organisation_id=organisation_id,
        ip=getattr(actor, "ip", None),
        exceptional=exceptional,
    )


def _in_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("the audit log is written inside the transaction of the action.")


def record(actor, action: AuditAction, target: AuditTarget, target_id=None, **ids) -> AuditEvent:
    """Append one event (arguments as `event`)."""
    _in_transaction()
    line = event(actor, action, target, target_id, **ids)
    line.save()
    return line


def record_many(events: list[AuditEvent]) -> None:
    """Append several events made by `event`, in one statement."""
    _in_transaction()
    AuditEvent.objects.bulk_create(events)


# Database triggers that make the log append-only (created by a migration). TRUNCATE, which
# only the table's owner may run, is left to the database administrator (and to test flushes).
APPEND_ONLY_SQL = {
    "sqlite": [
        """CREATE TRIGGER IF NOT EXISTS core_auditevent_no_update BEFORE UPDATE ON core_auditevent
           BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        """CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete BEFORE DELETE ON core_auditevent
           BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    ],
    "postgresql": [
        """CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER core_auditevent_no_change BEFORE UPDATE OR DELETE ON core_auditevent
           FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only()""",
    ],
}
