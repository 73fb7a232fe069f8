"""Indexes for a national network's volume, measured by benchmarks/cases.py on a million
people (see benchmarks/README.md).

- Name search within an association (PostgreSQL): one GIN index on (association, trigrams
  of the name), with btree_gin (a trusted extension), so that a search reads only the
  entries of the association searched instead of everyone's; it replaces the trigram index
  of 0002, which it also serves when no association is given.
- "My tasks": (organisation, assignee, status, due date, id) is the page's filter and order,
  so it reads the first 200 tasks in order and counts the later ones from the index alone.

Raw SQL, as in 0002: the indexes are not in the models' state, which stays as it is.
"""

from django.db import migrations

TASK_INDEX = (
    "CREATE INDEX IF NOT EXISTS task_assignee_due ON cases_task "
    "(organisation_id, assignee_id, status, due_on, id)"
)


def forward(apps, schema_editor):
    schema_editor.execute(TASK_INDEX)
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_organisation_name_trgm ON cases_person "
        "USING gin (organisation_id, search_name gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS person_search_name_trgm")


def backward(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS task_assignee_due")
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_search_name_trgm ON cases_person "
        "USING gin (search_name gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS person_organisation_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_vehicle_and_danger_facts")]

    operations = [migrations.RunPython(forward, backward)]
