"""The app's PostgreSQL role owns no table (`appui db_grants --role`).

The role that owns the tables (the one `appui migrate` runs as) may empty the audit log
with TRUNCATE, which its append-only triggers do not see, or lift those triggers. The web
and worker processes connect as another role, which owns nothing: DML on the ordinary
tables, SELECT and INSERT on the audit log, and no way to empty it, change its lines, lift
its triggers or change the schema.

These tests create a NOLOGIN role in the test database's cluster (roles are cluster-wide: a
unique name, dropped at the end), grant it with the command and `SET ROLE` to it.
"""

import uuid
from contextlib import contextmanager
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from appui.cases import services
from appui.cases.audit_targets import CaseTarget as T
from appui.cases.models import CaseFile, Channel
from appui.core import audit
from appui.core.access import SystemActor
from appui.core.models import AuditAction as A
from appui.core.models import AuditEvent, Role, SystemKind
from appui.core.tasks import purge_expired_sessions
from tests.cases.conftest import OrganisationFactory, actor, make_staff

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles are PostgreSQL's"
)
pytestmark = pytest.mark.django_db

AUDIT = "core_auditevent"  # AuditEvent._meta.db_table, checked below
# What the app's role must never do: empty the log, lift its triggers (directly, or for the
# session), change or delete its lines, change the schema.
TAMPERING = {
    "truncate": "TRUNCATE core_auditevent",
    "disable triggers": "ALTER TABLE core_auditevent DISABLE TRIGGER ALL",
    "replica mode": "SET session_replication_role = replica",
    "update": "UPDATE core_auditevent SET action = 'export'",
    "delete": "DELETE FROM core_auditevent",
    "create table": "CREATE TABLE public.appui_intruder (id integer)",
}
INSUFFICIENT_PRIVILEGE = "42501"
TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def one(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def app_role(db):
    """A fresh NOLOGIN role that owns nothing, dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user")
        superuser, createrole = cursor.fetchone()
    if not (superuser or createrole):
        pytest.skip("the test database's user may not create roles")
    name = f"appui_test_app_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {quote(name)} NOLOGIN")
        if not superuser:  # SET ROLE needs membership
            cursor.execute(f"GRANT {quote(name)} TO CURRENT_USER")
    yield name
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute(f"DROP OWNED BY {quote(name)}")
        cursor.execute(f"DROP ROLE {quote(name)}")


@contextmanager
def acting_as(role: str):
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {quote(role)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def attempt(sql: str) -> DatabaseError | None:
    """Run `sql` in a savepoint: the error it raised, or None (and it is undone)."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql)
            transaction.set_rollback(True)
    except DatabaseError as error:
        return error
    return None


def sqlstate(error: DatabaseError | None) -> str | None:
    return getattr(error.__cause__, "sqlstate", None) if error else None


def grants(role: str) -> str:
    out = StringIO()
    call_command("db_grants", "--role", role, stdout=out)
    return out.getvalue()


def write_a_line() -> AuditEvent:
    with transaction.atomic():
        return audit.record(
            SystemActor(SystemKind.COMMAND), A.VIEW, T.FILE, 1, file_id=1, organisation_id=1
        )


def privileges(role: str) -> dict[str, set[str]]:
    """Every table's and sequence's privileges `role` holds, by name."""
    held: dict[str, set[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relkind FROM pg_class c"
            " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'S')"
        )
        for name, kind in cursor.fetchall():
            if kind == "S":
                checks, function = ("USAGE", "SELECT", "UPDATE"), "has_sequence_privilege"
            else:
                checks, function = TABLE_PRIVILEGES, "has_table_privilege"
            held[name] = set()
            for privilege in checks:
                cursor.execute(f"SELECT {function}(%s, %s::regclass, %s)", [role, name, privilege])
                if cursor.fetchone()[0]:
                    held[name].add(privilege)
    return held


@postgresql_only
def test_the_owner_can_empty_the_audit_log_and_lift_its_triggers():
    """Why the app must not run as the owner: the triggers stop the owner's UPDATE and
    DELETE, but not its TRUNCATE, nor its lifting them."""
    assert one(
        "SELECT relowner::regrole::text FROM pg_class WHERE oid = %s::regclass", [AUDIT]
    ) == one("SELECT current_user")
    assert AuditEvent._meta.db_table == AUDIT
    write_a_line()
    assert sqlstate(attempt(TAMPERING["delete"])) == "P0001"  # the trigger
    assert attempt(TAMPERING["truncate"]) is None
    assert attempt(TAMPERING["create table"]) is None
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(TAMPERING["disable triggers"])
            cursor.execute(TAMPERING["update"])
            cursor.execute(TAMPERING["delete"])
            assert cursor.rowcount == 1
        transaction.set_rollback(True)
    assert AuditEvent.objects.count() == 1


@postgresql_only
def test_the_app_role_writes_and_reads_but_cannot_tamper_with_the_audit_log(
    app_role, fast_passwords
):
    assert "core_auditevent" in grants(app_role)
    existing = write_a_line()
    with acting_as(app_role):
        assert one("SELECT current_user") == app_role
        # Ordinary writes: staff, a person and a file (each with its audit lines).
        organisation = OrganisationFactory()
        who = actor(make_staff(organisation, Role.DIRECTION))
        person = services.create_person(who, {"last_name": "Martin", "first_name": "Lou"})
        file = services.open_file(
            who,
            person=person,
            role="direct",
            channel=Channel.OWN_REQUEST,
            affair_data={"offence_category": "fraud"},
        )
        assert CaseFile.objects.filter(pk=file.pk).update(mandate_reference="M-1") == 1
        with transaction.atomic():
            line = audit.record(
                who, A.VIEW, T.FILE, file.pk, file_id=file.pk, organisation_id=organisation.pk
            )
        assert AuditEvent.objects.get(pk=line.pk).hash == line.hash
        assert (
            line.previous_hash
            == AuditEvent.objects.filter(chain=organisation.pk, pk__lt=line.pk).latest("id").hash
        )
        # Django's and the libraries' tables: sessions, the task queue.
        session = SessionStore()
        session["answers"] = {"step": 1}
        session.create()
        session.delete()
        purge_expired_sessions.enqueue()
        out = StringIO()
        call_command("audit", "verify", stdout=out)
        assert out.getvalue().startswith("ok: ")
        # Tampering: refused by privileges, before any trigger.
        for what, sql in TAMPERING.items():
            error = attempt(sql)
            assert sqlstate(error) == INSUFFICIENT_PRIVILEGE, (what, error)
    assert AuditEvent.objects.filter(pk__in=[existing.pk, line.pk]).count() == 2


@postgresql_only
def test_grants_are_exactly_the_needed_ones_and_idempotent(app_role):
    first = grants(app_role)
    held = privileges(app_role)
    assert grants(app_role) == first
    assert privileges(app_role) == held
    dml = {"SELECT", "INSERT", "UPDATE", "DELETE"}
    assert held.pop(AUDIT) == {"SELECT", "INSERT"}
    assert held.pop("django_migrations") == {"SELECT"}
    for name in (
        "django_session",
        "axes_accessattempt",
        "otp_totp_totpdevice",
        "django_tasks_database_dbtaskresult",
    ):
        assert held[name] == dml
    sequences = {name for name in held if name.endswith("_seq")}
    assert sequences
    for name, privileges_held in held.items():
        assert privileges_held == ({"USAGE", "SELECT"} if name in sequences else dml), name
    assert one(
        "SELECT has_function_privilege(%s, 'core_auditevent_head(bigint)', 'EXECUTE')",
        [app_role],
    )
    assert not one("SELECT has_schema_privilege(%s, current_schema(), 'CREATE')", [app_role])


@postgresql_only
def test_tables_made_by_later_migrations_get_the_same_privileges(app_role):
    grants(app_role)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE appui_later (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY)"
        )
    held = privileges(app_role)
    assert held["appui_later"] == {"SELECT", "INSERT", "UPDATE", "DELETE"}
    assert held["appui_later_id_seq"] == {"USAGE", "SELECT"}


@postgresql_only
def test_roles_that_could_tamper_are_refused(app_role):
    with pytest.raises(CommandError, match="no role"):
        grants(f"{app_role}_missing")
    with pytest.raises(CommandError, match="owns the tables"):
        grants(one("SELECT current_user"))
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER ROLE {quote(app_role)} CREATEROLE")
    with pytest.raises(CommandError, match="CREATEROLE"):
        grants(app_role)


def test_sqlite_has_nothing_to_grant():
    if connection.vendor != "sqlite":
        pytest.skip("runs on SQLite")
    out = StringIO()
    call_command("db_grants", "--role", "appui_app", stdout=out)
    assert "nothing to do" in out.getvalue()
