"""The audit log records which system actor wrote a line (`system`: blank for people), and
its record kinds are the ones the apps register (`core.audit.register_targets`), so
`target` has no fixed choices any more: the stored values do not change.

`system` is hashed only when not blank (`core.audit.OPTIONAL_HASHED_FIELDS`): every line
written before keeps its hash, and the chains stay valid. The append-only triggers are
lifted around the new column (SQLite rebuilds the table to add it) and set again at the
end, in the same transaction, on SQLite and PostgreSQL alike.
"""

from django.db import migrations, models

from appui.core.audit import APPEND_ONLY_SQL

DROP_APPEND_ONLY = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS core_auditevent_no_update",
        "DROP TRIGGER IF EXISTS core_auditevent_no_delete",
    ],
    "postgresql": ["DROP TRIGGER IF EXISTS core_auditevent_no_change ON core_auditevent"],
}


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("core", "0007_network_administrators_see_access_changes")]

    operations = [
        migrations.RunPython(run(DROP_APPEND_ONLY), run(APPEND_ONLY_SQL)),
        migrations.AddField(
            model_name="auditevent",
            name="system",
            field=models.CharField(
                blank=True,
                choices=[
                    ("guide", "public guide"),
                    ("telephony", "telephony webhook"),
                    ("worker", "background worker"),
                    ("command", "command on the server"),
                ],
                db_default="",
                default="",
                max_length=16,
                verbose_name="written by",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="target",
            field=models.CharField(max_length=24, verbose_name="record kind"),
        ),
        migrations.RunPython(run(APPEND_ONLY_SQL), run(DROP_APPEND_ONLY)),
    ]
