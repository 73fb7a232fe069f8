"""The audit log refuses UPDATE and DELETE, on PostgreSQL and SQLite alike."""

from django.db import migrations

from appui.core.audit import APPEND_ONLY_SQL

DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS core_auditevent_no_update",
        "DROP TRIGGER IF EXISTS core_auditevent_no_delete",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS core_auditevent_no_change ON core_auditevent",
        "DROP FUNCTION IF EXISTS core_auditevent_append_only()",
    ],
}


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("core", "0002_organisations_staff_audit")]

    operations = [migrations.RunPython(run(APPEND_ONLY_SQL), run(DROP))]
