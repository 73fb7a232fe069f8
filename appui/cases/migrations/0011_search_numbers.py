"""A file found by its affair's prosecutor's number (n° de parquet) at a national network's
volume: an index on the very expression the search compares (capitals, no spaces, see
`search.prosecutor_key`). Without it, PostgreSQL reads every affair of the country (a
million affairs: about 330 ms); with it, a few pages (0.2 ms). Not a partial index: the
planner keeps statistics on the expression of a whole index only, and without them it
expects thousands of rows and starts parallel workers for one.

File numbers need none: the (association, number) unique index already serves them.

PostgreSQL only, in raw SQL as 0002 and 0005: SQLite, for small sites and tests, reads the
few rows it has; the index is not in the models' state, which stays as it is.
"""

from django.db import migrations

INDEX = (
    "CREATE INDEX IF NOT EXISTS affair_prosecutor_key ON cases_affair "
    "(UPPER(REPLACE(prosecutor_reference, ' ', '')))"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS affair_prosecutor_key")


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_task_sources_person_language")]

    operations = [migrations.RunPython(forward, backward)]
