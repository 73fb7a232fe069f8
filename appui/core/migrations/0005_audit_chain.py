"""Chain the audit lines: one chain per organisation, each line holding the hash of the
previous line of its chain and its own (`core.audit`).

The append-only triggers are lifted around the change (SQLite rebuilds the table to add a
column, and the existing lines are hashed in place) and set again at the end, in the same
transaction, on SQLite and PostgreSQL alike.
"""

from django.db import migrations, models

from appui.core.audit import APPEND_ONLY_SQL, CHAIN_HEAD_SQL, HASHED_FIELDS, chain_of, line_hash

DROP_APPEND_ONLY = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS core_auditevent_no_update",
        "DROP TRIGGER IF EXISTS core_auditevent_no_delete",
    ],
    "postgresql": ["DROP TRIGGER IF EXISTS core_auditevent_no_change ON core_auditevent"],
}
DROP_CHAIN_HEAD = {"postgresql": ["DROP FUNCTION IF EXISTS core_auditevent_head(bigint)"]}
BATCH = 2000


def run(*sets):
    def apply(apps, schema_editor):
        for statements in sets:
            for sql in statements.get(schema_editor.connection.vendor, []):
                schema_editor.execute(sql)

    return apply


def chain_existing_lines(apps, schema_editor):
    """Hash every existing line, chain by chain, in id order."""
    connection = schema_editor.connection
    columns = ", ".join(f for f in HASHED_FIELDS if f not in ("chain", "previous_hash"))
    heads: dict[int, str] = {}
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT id, {columns} FROM core_auditevent WHERE id > %s ORDER BY id LIMIT {BATCH}",  # noqa: S608
                [last],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            updates = []
            for row in rows:
                values = dict(zip(["id", *columns.split(", ")], row, strict=True))
                if connection.vendor == "sqlite":
                    values["at"] = connection.ops.convert_datetimefield_value(
                        values["at"], None, connection
                    )
                values["chain"] = chain = chain_of(values["organisation_id"])
                values["previous_hash"] = heads.get(chain, "")
                heads[chain] = line_hash(values)
                updates.append([chain, values["previous_hash"], heads[chain], values["id"]])
            cursor.executemany(
                "UPDATE core_auditevent SET chain = %s, previous_hash = %s, hash = %s WHERE id = %s",
                updates,
            )
            last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [("core", "0004_federation_network_administrators_group")]

    operations = [
        migrations.RunPython(run(DROP_APPEND_ONLY), run(APPEND_ONLY_SQL)),
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["chain", "id"], name="audit_chain"),
        ),
        migrations.RunPython(chain_existing_lines, migrations.RunPython.noop),
        migrations.RunPython(
            run(APPEND_ONLY_SQL, CHAIN_HEAD_SQL), run(DROP_APPEND_ONLY, DROP_CHAIN_HEAD)
        ),
    ]
