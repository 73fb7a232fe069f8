"""`appui db_grants --role APP_ROLE`: the privileges of the role the app runs as (PostgreSQL).

In production the tables belong to one role, the owner, which runs `appui migrate`; the web
and the worker connect as another role that owns nothing. The owner could empty the audit
log with TRUNCATE (which its append-only triggers do not see) or lift those triggers
(ALTER TABLE ... DISABLE TRIGGER); the app's role can do neither. Run this command as the
owner after every `appui migrate`; it is idempotent. In the schema of the tables it sets
exactly, for APP_ROLE:

- the ordinary tables: SELECT, INSERT, UPDATE, DELETE (Django's and the libraries' own
  tables included: sessions, django-axes, django-otp, the django-tasks-db queue);
- the audit log (`core_auditevent`): SELECT and INSERT only; UPDATE, DELETE and TRUNCATE
  revoked explicitly. No job deletes audit lines: retention erases files and people but
  keeps the log (`appui.cases.retention`);
- `django_migrations`: SELECT only (the app reads the migration plan, never writes it);
- the sequences: USAGE, SELECT;
- `core_auditevent_head(bigint)`, which locks a chain and reads its last hash: EXECUTE. It
  stays SECURITY INVOKER: it reads with the caller's SELECT on the log, which the app has;
- the same privileges by default on the tables and sequences the owner creates later
  (ALTER DEFAULT PRIVILEGES); run the command again after each migration all the same;
- CONNECT on the database and USAGE on the schema where missing; never CREATE on the schema.

Everything else on those tables and sequences is revoked. The command then checks what the
role really holds (through PUBLIC and the roles it belongs to as well) and fails, changing
nothing, when it holds more or less; and it refuses a role that could become the owner: a
superuser, a role with CREATEROLE or a member of the owner's role. On SQLite there is one
file and no roles: it has nothing to do.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from appui.core.models import AuditEvent

MIGRATIONS_TABLE = "django_migrations"
CHAIN_HEAD_FUNCTION = "core_auditevent_head(bigint)"
DML = ("SELECT", "INSERT", "UPDATE", "DELETE")
AUDIT_PRIVILEGES = ("SELECT", "INSERT")
SEQUENCE_PRIVILEGES = ("USAGE", "SELECT")
TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
# Relations that GRANT ... ON TABLE covers: tables, partitioned tables, views, materialised
# views, foreign tables.
TABLE_KINDS = ("r", "p", "v", "m", "f")


def quote(name: str) -> str:
    """A PostgreSQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


class Command(BaseCommand):
    help = (
        "PostgreSQL: give the app's role (owning nothing) DML on the tables, only SELECT and "
        "INSERT on the audit log, and default privileges for future tables. Run as the "
        "tables' owner after `appui migrate`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--role", required=True, help="the role the web and worker use")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Django's alias")

    def handle(self, *args, role: str, database: str, **options) -> None:
        connection = connections[database]
        if connection.vendor == "sqlite":
            self.stdout.write("SQLite: one file and no database roles, nothing to do.")
            return
        if connection.vendor != "postgresql":
            raise CommandError(f"db_grants knows PostgreSQL only, not {connection.vendor}.")
        with transaction.atomic(using=database), connection.cursor() as cursor:
            self.cursor = cursor
            self.role = role
            self.grant()
            problems = self.differences()
            if problems:
                raise CommandError(
                    f"{role} does not hold exactly the app's privileges, counting those it"
                    " has through PUBLIC and the roles it belongs to (nothing changed):\n"
                    + "\n".join(f"- {p}" for p in problems)
                )
        self.report()

    # Queries ---------------------------------------------------------------------------

    def one(self, sql: str, params=()):
        self.cursor.execute(sql, params)
        row = self.cursor.fetchone()
        return row[0] if row and len(row) == 1 else row

    def run(self, sql: str) -> None:
        self.cursor.execute(sql)

    def names(self, kinds: tuple[str, ...], *, owned: bool = True) -> list[str]:
        """Relations of these kinds in the schema, owned by the owner (or by others)."""
        self.cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relkind = ANY(%s)"
            " AND (pg_get_userbyid(c.relowner) = %s) = %s ORDER BY c.relname",
            [self.schema, list(kinds), self.owner, owned],
        )
        return [name for (name,) in self.cursor.fetchall()]

    # Who is who --------------------------------------------------------------------------

    def find_roles(self) -> None:
        found = self.one(
            "SELECT n.nspname, pg_get_userbyid(c.relowner) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(%s)",
            [MIGRATIONS_TABLE],
        )
        if not found:
            raise CommandError("No django_migrations table: run `appui migrate` first.")
        self.schema, self.owner = found
        self.database = self.one("SELECT current_database()")
        attributes = self.one(
            "SELECT rolsuper, rolcreaterole, pg_has_role(oid, %s, 'MEMBER')"
            " FROM pg_roles WHERE rolname = %s",
            [self.owner, self.role],
        )
        if attributes is None:
            raise CommandError(f"There is no role {self.role!r}: create it first (LOGIN).")
        if self.role == self.owner:
            raise CommandError(
                f"{self.role} owns the tables: the app must connect as another role."
            )
        superuser, createrole, member_of_owner = attributes
        if superuser:
            raise CommandError(f"{self.role} is a superuser: no privilege would bind it.")
        if createrole:
            raise CommandError(
                f"{self.role} has CREATEROLE: it could grant itself the owner's role"
                f" (ALTER ROLE {quote(self.role)} NOCREATEROLE)."
            )
        if member_of_owner:
            raise CommandError(
                f"{self.role} is a member of {self.owner}, which owns the tables: it could"
                f" SET ROLE to it (REVOKE {quote(self.owner)} FROM {quote(self.role)})."
            )
        me, i_am_superuser = self.one(
            "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user"
        )
        if me != self.owner and not i_am_superuser:
            raise CommandError(
                f"Run db_grants as {self.owner}, who owns the tables (the role that ran"
                f" `appui migrate`), not as {me}."
            )
        owned = self.one(
            "SELECT string_agg(relname, ', ' ORDER BY relname) FROM pg_class"
            " WHERE pg_get_userbyid(relowner) = %s",
            [self.role],
        )
        if owned:
            raise CommandError(
                f"{self.role} owns relations of this database ({owned}): the app's role must"
                f" own nothing (REASSIGN OWNED BY {quote(self.role)} TO {quote(self.owner)})."
            )
        strangers = self.names(TABLE_KINDS + ("S",), owned=False)
        if strangers:
            raise CommandError(
                f"In schema {self.schema}, not owned by {self.owner}: {', '.join(strangers)}."
                " Migrations must run as one role, which owns every table."
            )

    # Grants ------------------------------------------------------------------------------

    def grant(self) -> None:
        self.find_roles()
        role, schema, owner = quote(self.role), quote(self.schema), quote(self.owner)
        audit_table = AuditEvent._meta.db_table
        self.tables = self.names(TABLE_KINDS)
        self.sequences = self.names(("S",))
        if audit_table not in self.tables:
            raise CommandError(f"No {audit_table} table in schema {self.schema}: migrate first.")
        self.audit_table = audit_table
        self.ordinary = [t for t in self.tables if t not in (audit_table, MIGRATIONS_TABLE)]

        def on(names):
            return ", ".join(f"{schema}.{quote(n)}" for n in names)

        if not self.one(
            "SELECT has_database_privilege(%s, %s, 'CONNECT')", [self.role, self.database]
        ):
            self.run(f"GRANT CONNECT ON DATABASE {quote(self.database)} TO {role}")
        if not self.one("SELECT has_schema_privilege(%s, %s, 'USAGE')", [self.role, self.schema]):
            self.run(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        if self.one("SELECT has_schema_privilege(%s, %s, 'CREATE')", [self.role, self.schema]):
            self.run(f"REVOKE CREATE ON SCHEMA {schema} FROM {role}")

        self.run(f"REVOKE ALL ON TABLE {on(self.tables)} FROM {role}")
        if self.ordinary:
            self.run(f"GRANT {', '.join(DML)} ON TABLE {on(self.ordinary)} TO {role}")
        self.run(f"GRANT {', '.join(AUDIT_PRIVILEGES)} ON TABLE {on([audit_table])} TO {role}")
        self.run(
            f"REVOKE UPDATE, DELETE, TRUNCATE ON TABLE {on([audit_table])} FROM {role}, PUBLIC"
        )
        self.run(f"GRANT SELECT ON TABLE {on([MIGRATIONS_TABLE])} TO {role}")
        if self.sequences:
            self.run(f"REVOKE ALL ON SEQUENCE {on(self.sequences)} FROM {role}")
            self.run(
                f"GRANT {', '.join(SEQUENCE_PRIVILEGES)} ON SEQUENCE {on(self.sequences)} TO {role}"
            )
        self.head = self.one(
            "SELECT to_regprocedure(%s)::text", [f"{self.schema}.{CHAIN_HEAD_FUNCTION}"]
        )
        if self.head:
            self.run(f"GRANT EXECUTE ON FUNCTION {schema}.{CHAIN_HEAD_FUNCTION} TO {role}")

        defaults = f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema}"
        self.run(f"{defaults} REVOKE ALL ON TABLES FROM {role}")
        self.run(f"{defaults} GRANT {', '.join(DML)} ON TABLES TO {role}")
        self.run(f"{defaults} REVOKE ALL ON SEQUENCES FROM {role}")
        self.run(f"{defaults} GRANT {', '.join(SEQUENCE_PRIVILEGES)} ON SEQUENCES TO {role}")

    # What the role really holds ----------------------------------------------------------

    def differences(self) -> list[str]:
        """Differences between what the role holds (directly, through PUBLIC or the roles it
        belongs to) and what it should."""
        expected = dict.fromkeys(self.ordinary, set(DML))
        expected[self.audit_table] = set(AUDIT_PRIVILEGES)
        expected[MIGRATIONS_TABLE] = {"SELECT"}
        checks = list(TABLE_PRIVILEGES)
        if self.one("SELECT current_setting('server_version_num')::int") >= 170000:
            checks.append("MAINTAIN")  # VACUUM, LOCK TABLE...: never the app's
        problems = []
        for table, wanted in expected.items():
            held = set()
            for privilege in checks:
                if self.one(
                    "SELECT has_table_privilege(%s, %s::regclass, %s)",
                    [self.role, f"{quote(self.schema)}.{quote(table)}", privilege],
                ):
                    held.add(privilege)
            if held != wanted:
                problems.append(f"{table}: holds {sorted(held)}, should hold {sorted(wanted)}")
        for privilege in ("UPDATE", "REFERENCES"):  # column privileges count too
            if self.one(
                "SELECT has_any_column_privilege(%s, %s::regclass, %s)",
                [self.role, f"{quote(self.schema)}.{quote(self.audit_table)}", privilege],
            ):
                problems.append(f"{self.audit_table}: {privilege} on some column")
        for sequence in self.sequences:
            qualified = f"{quote(self.schema)}.{quote(sequence)}"
            held = {
                privilege
                for privilege in ("USAGE", "SELECT", "UPDATE")
                if self.one(
                    "SELECT has_sequence_privilege(%s, %s::regclass, %s)",
                    [self.role, qualified, privilege],
                )
            }
            if held != set(SEQUENCE_PRIVILEGES):
                problems.append(f"sequence {sequence}: holds {sorted(held)}")
        if self.head and not self.one(
            "SELECT has_function_privilege(%s, %s::regprocedure, 'EXECUTE')",
            [self.role, self.head],
        ):
            problems.append(f"{CHAIN_HEAD_FUNCTION}: no EXECUTE")
        if self.one("SELECT has_schema_privilege(%s, %s, 'CREATE')", [self.role, self.schema]):
            problems.append(
                f"schema {self.schema}: CREATE, through PUBLIC (PostgreSQL 14 and older grant"
                " it): as the schema's owner or a superuser, REVOKE CREATE ON SCHEMA"
                f" {quote(self.schema)} FROM PUBLIC and ALTER SCHEMA {quote(self.schema)}"
                f" OWNER TO {quote(self.owner)}"
            )
        if not self.one("SELECT has_schema_privilege(%s, %s, 'USAGE')", [self.role, self.schema]):
            problems.append(f"schema {self.schema}: no USAGE")
        if not self.one(
            "SELECT has_database_privilege(%s, %s, 'CONNECT')", [self.role, self.database]
        ):
            problems.append(f"database {self.database}: no CONNECT (GRANT it as its owner)")
        return problems

    def report(self) -> None:
        where = f"database {self.database}, schema {self.schema}, tables of {self.owner}"
        lines = [
            f"Privileges of {self.role} ({where}):",
            f"  {len(self.ordinary)} tables: {', '.join(DML)}",
            f"  {self.audit_table}: {', '.join(AUDIT_PRIVILEGES)} only"
            " (UPDATE, DELETE, TRUNCATE revoked)",
            f"  {MIGRATIONS_TABLE}: SELECT only",
            f"  {len(self.sequences)} sequences: {', '.join(SEQUENCE_PRIVILEGES)}",
        ]
        if self.head:
            lines.append(f"  {CHAIN_HEAD_FUNCTION}: EXECUTE")
        lines.append(
            f"  tables and sequences {self.owner} creates later in {self.schema}: the same"
            " by default (run db_grants again after each migration all the same)"
        )
        lines.append(
            f"Checked: {self.role} owns nothing, cannot create in {self.schema}, and holds no"
            f" other privilege on these tables and sequences."
        )
        self.stdout.write("\n".join(lines))
