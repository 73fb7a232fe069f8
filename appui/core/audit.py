"""The one audit helper: every read and write of a file's data leaves a line here.

Call it inside the transaction of the action it records, so that an action is never
saved without its line, nor a line without its action.

Lines are chained, one chain per organisation (`chain`: the line's organisation_id, 0 for
lines without one): each line stores the hash of the previous line of its chain and its own
hash (SHA-256 of `canonical(line)`, which includes that previous hash). Writers of one
chain are serialised within their transaction (PostgreSQL: a transaction-level advisory
lock per chain, taken by `core_auditevent_head()`; SQLite serialises every write), so
associations never wait on each other. `appui audit verify` walks the chains.

A line is written by a staff member (`access.Actor`) or by the system (`access.SystemActor`,
whose kind the line records in `system`); never by nobody. The kinds of record (`target`)
are registered by the apps (`register_targets`): core knows only its own.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import json
from datetime import UTC

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

from .access import Actor, SystemActor
from .models import AuditAction, AuditEvent, AuditTarget

_targets: dict[str, tuple[type[models.TextChoices], str]] = {}
TARGET_MAX_LENGTH = AuditEvent._meta.get_field("target").max_length


def register_targets(targets: type[models.TextChoices]) -> None:
    """Make an app's kinds of record known to the log, with their labels. The stored values
    are the lines' `target`: never change one (old lines keep it). Registering the same enum
    again changes nothing; a value another enum registered is refused."""
    for value, _label in targets.choices:
        known = _targets.get(value)
        if known is not None and known[0] is not targets:
            raise ImproperlyConfigured(
                f"The audit target {value!r} of {targets.__qualname__} is already registered "
                f"by {known[0].__qualname__}."
            )
        if len(value) > TARGET_MAX_LENGTH:
            raise ImproperlyConfigured(f"The audit target {value!r} is too long.")
    for member in targets:
        _targets[member.value] = (targets, member.label)


def targets() -> dict[str, str]:
    """Every registered target: value → label."""
    return {value: str(label) for value, (_enum, label) in _targets.items()}


def target_label(value: str) -> str:
    """A target in words; an unknown one (its app is gone) as stored."""
    known = _targets.get(value)
    return str(known[1]) if known else value


register_targets(AuditTarget)


def event(
    actor: Actor | SystemActor,
    action: AuditAction,
    target: str,
    target_id: int | None = None,
    *,
    file_id: int | None = None,
    person_id: int | None = None,
    organisation_id: int | None = None,
    exceptional: bool = False,
) -> AuditEvent:
    """One event, unsaved. `actor`: a staff member (`access.Actor`) or the system
    (`access.SystemActor`); `target`: a registered target (`register_targets`)."""
    if isinstance(actor, SystemActor):
        person, system = None, actor.kind
    elif isinstance(actor, Actor):
        person, system = actor, ""
    else:
        raise TypeError(
            f"An audit line is written by an Actor or a SystemActor, not {actor!r}: "
            "the public, the worker and commands are SystemActors."
        )
    if target not in _targets:
        raise LookupError(f"{target!r} is not a registered audit target (register_targets).")
    return AuditEvent(
        at=timezone.now(),
        actor_id=person.user_id if person else None,
        actor_organisation_id=person.organisation_id if person else None,
        system=system,
        action=action,
        target=target,
        target_id=target_id,
        file_id=file_id,
        person_id=person_id,
        organisation_id=organisation_id,
        ip=person.ip if person else None,
        exceptional=exceptional,
    )


def _in_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("the audit log is written inside the transaction of the action.")


# The fields a line's hash covers, in this order. Changing them or `canonical` breaks
# every existing chain: never do it without a migration that re-chains.
HASHED_FIELDS = (
    "at",
    "actor_id",
    "actor_organisation_id",
    "action",
    "target",
    "target_id",
    "file_id",
    "person_id",
    "organisation_id",
    "ip",
    "exceptional",
    "chain",
    "previous_hash",
)
# Fields added since, hashed only when not blank: the lines written before they existed
# (blank) keep their hash, and a value set or changed later breaks it.
OPTIONAL_HASHED_FIELDS = ("system",)


def chain_of(organisation_id: int | None) -> int:
    """The chain of a line: its organisation, or 0 (the system chain)."""
    return organisation_id or 0


@functools.lru_cache(maxsize=1024)
def _compressed(ip: str) -> str:
    """An address as the hash covers it (a list's lines all come from one address)."""
    return ipaddress.ip_address(ip).compressed


def canonical(values: dict) -> bytes:
    """The bytes a line's hash covers, the same before and after a database round trip."""
    at = values["at"]
    if isinstance(at, str):  # a raw SQLite value
        at = timezone.datetime.fromisoformat(at)
    if timezone.is_naive(at):
        at = at.replace(tzinfo=UTC)
    ip = values["ip"]
    data = {name: values[name] for name in HASHED_FIELDS}
    data["at"] = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    data["ip"] = _compressed(str(ip)) if ip else None
    data["exceptional"] = bool(values["exceptional"])
    for name in ("actor_id", "actor_organisation_id", "target_id", "file_id", "person_id"):
        data[name] = None if data[name] is None else int(data[name])
    data["organisation_id"] = (
        None if data["organisation_id"] is None else int(data["organisation_id"])
    )
    data["chain"] = int(data["chain"])
    data["action"], data["target"] = str(data["action"]), str(data["target"])
    for name in OPTIONAL_HASHED_FIELDS:
        if values.get(name):
            data[name] = str(values[name])
    return json.dumps(data, separators=(",", ":"), sort_keys=True).encode()


def line_hash(values: dict) -> str:
    """Hex SHA-256 of the line's canonical form (`values`: the HASHED_FIELDS and the
    OPTIONAL_HASHED_FIELDS)."""
    return hashlib.sha256(canonical(values)).hexdigest()


def _values(line: AuditEvent) -> dict:
    return {name: getattr(line, name) for name in (*HASHED_FIELDS, *OPTIONAL_HASHED_FIELDS)}


def _head(chain: int) -> str:
    """The hash of the chain's last line ("" for a new chain), holding the chain's lock on
    PostgreSQL until the transaction ends. One query."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT core_auditevent_head(%s)", [chain])
        else:
            cursor.execute(
                "SELECT hash FROM core_auditevent WHERE chain = %s ORDER BY id DESC LIMIT 1",
                [chain],
            )
        row = cursor.fetchone()
    return (row[0] if row else None) or ""


def _link(lines: list[AuditEvent], previous: str) -> None:
    for line in lines:
        line.chain = chain_of(line.organisation_id)
        line.previous_hash = previous
        line.hash = previous = line_hash(_values(line))


def record(
    actor: Actor | SystemActor, action: AuditAction, target: str, target_id=None, **ids
) -> AuditEvent:
    """Append one event (arguments as `event`), linked to the head of its chain."""
    _in_transaction()
    line = event(actor, action, target, target_id, **ids)
    _link([line], _head(chain_of(line.organisation_id)))
    _insert_one(line)
    return line


def record_many(events: list[AuditEvent]) -> None:
    """Append several events made by `event`, in one statement, each linked in order to the
    previous line of its chain. Chains are locked in increasing order (no deadlock between
    two calls of this function). The events are saved without their ids (PostgreSQL)."""
    _in_transaction()
    by_chain: dict[int, list[AuditEvent]] = {}
    for line in events:
        by_chain.setdefault(chain_of(line.organisation_id), []).append(line)
    for chain in sorted(by_chain):
        _link(by_chain[chain], _head(chain))
    _insert(events)


# What a COPY writes: every column but the id, which the table's sequence gives in order.
_COPIED = [field for field in AuditEvent._meta.concrete_fields if not field.primary_key]


@functools.cache
def _insert_one_sql(vendor: str) -> str:
    q = connection.ops.quote_name
    columns = ", ".join(q(field.column) for field in _COPIED)
    marks = ", ".join(["%s"] * len(_COPIED))
    return (  # identifiers from the model, values bound
        f"INSERT INTO {q(AuditEvent._meta.db_table)} ({columns}) "  # noqa: S608
        f"VALUES ({marks}) RETURNING {q(AuditEvent._meta.pk.column)}"
    )


def _insert_one(line: AuditEvent) -> None:
    """One line, by one prepared INSERT rather than the ORM's `save()`: a line is written
    with almost every request, and this costs 0.2 ms less each time (benchmarks/README.md,
    "Helpline telephony webhook")."""
    values = [field.get_db_prep_save(getattr(line, field.attname), connection) for field in _COPIED]
    with connection.cursor() as cursor:
        cursor.execute(_insert_one_sql(connection.vendor), values)
        line.pk = cursor.fetchone()[0]
    line._state.adding, line._state.db = False, connection.alias


def _insert(lines: list[AuditEvent]) -> None:
    """One statement for all the lines. PostgreSQL: COPY, of the values as `event` and
    `_link` made them (psycopg adapts them as for an INSERT), whose CPU is a fraction of the
    ORM's bulk INSERT (see benchmarks/README.md, "Case files at national scale")."""
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not its per-thread proxy
    if db.vendor != "postgresql":
        AuditEvent.objects.bulk_create(lines)
        return
    columns = ", ".join(db.ops.quote_name(field.column) for field in _COPIED)
    names = [field.attname for field in _COPIED]
    sql = f"COPY {AuditEvent._meta.db_table} ({columns}) FROM STDIN"
    with db.wrap_database_errors, db.cursor() as cursor, cursor.copy(sql) as copy:
        for line in lines:
            copy.write_row([getattr(line, name) for name in names])


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

# PostgreSQL: lock a chain for the rest of the transaction, then read its head. In one
# VOLATILE function, so that the SELECT takes its snapshot after the lock is granted (in
# READ COMMITTED) and a write costs one round trip more, not two. The lock's first key
# (0x417564 "Aud") keeps these locks apart from any other advisory lock of the database.
CHAIN_HEAD_SQL = {
    "postgresql": [
        """CREATE OR REPLACE FUNCTION core_auditevent_head(chain_id bigint) RETURNS varchar AS $$
           BEGIN
             PERFORM pg_advisory_xact_lock(4290916, mod(chain_id, 2147483647)::integer);
             RETURN (SELECT hash FROM core_auditevent WHERE chain = chain_id
                     ORDER BY id DESC LIMIT 1);
           END $$ LANGUAGE plpgsql VOLATILE""",
    ],
}
