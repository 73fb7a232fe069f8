"""The caseload at a national network's volume, measured by benchmarks/cases.py on a million
people (see benchmarks/README.md).

- "My files": (association, referent, status, opening date, id) is the list's filter and
  order, so a page's ids, the count and the files waiting on the home page are read from
  the index alone, in order, stopping at the page's end.
- "My team's files": the same without the referent; `file_list` (0001) lacks the id, which
  orders files opened the same day.
- PostgreSQL: a referent belongs to one association, so (association, referent) are not
  independent; without saying so (extended statistics), the planner multiplies their
  selectivities, expects a few rows where a referent has thousands, and joins every file
  of hers before keeping a page of 50.

Numbered 0010 but applied after 0011 (written at the same time on 0009). Raw SQL, as 0005
and 0011: the indexes are not in the models' state, which stays as it is.
"""

from django.db import migrations

INDEXES = {
    "file_referent_list": "(organisation_id, referent_id, status, opened_on DESC, id DESC)",
    "file_team_list": "(organisation_id, status, opened_on DESC, id DESC)",
}
STATISTICS = (
    "CREATE STATISTICS IF NOT EXISTS casefile_referent_stats (dependencies, mcv) "
    "ON organisation_id, referent_id, status FROM cases_casefile"
)


def forward(apps, schema_editor):
    for name, columns in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON cases_casefile {columns}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(STATISTICS)
        schema_editor.execute("ANALYZE cases_casefile")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP STATISTICS IF EXISTS casefile_referent_stats")
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_search_numbers")]

    operations = [migrations.RunPython(forward, backward)]
