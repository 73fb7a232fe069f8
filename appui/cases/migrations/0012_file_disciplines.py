"""The caseload's filters from its indexes, measured by benchmarks/cases.py on a million
people (see benchmarks/README.md).

- A file's `disciplines` (one bit per discipline it has had an interview of, as
  `models.DISCIPLINE_BITS`), filled here from its interviews and kept by `add_interview`.
  "My files with a legal interview" looked into each open file's interviews for the count
  (6,797 index probes, 20 to 30 ms); with the bits in the lists' indexes, the count and the
  page are read from the index alone.
- The lists' indexes (0010) get `disciplines` as a last column, which no query orders by.
- Open tasks by (association, due date, file), partial: the "task past due" filter reads
  the files of an association's late tasks from the index alone, not from the tasks' rows.

Indexes in raw SQL, as 0005 and 0010: they are not in the models' state. Not atomic: the
fill commits (one transaction) before the indexes are built, else they would hold every
row twice, before and after the fill (four times their size at a million files). Should
the fill fail, drop the new column before migrating again. PostgreSQL's index-only scans
skip the table again once it is vacuumed (autovacuum, soon after the fill).
"""

from django.db import migrations, models

# The bits of `models.DISCIPLINE_BITS`, as they are stored: never renumber one.
BITS = {"reception": 1, "legal": 2, "psychological": 4, "social": 8, "referral": 16}
BIT_OF = " ".join(f"WHEN '{name}' THEN {bit}" for name, bit in BITS.items())
# The distinct bits of a file's interviews add up to their union (SUM: SQLite has no BIT_OR).
FILL = (
    "UPDATE cases_casefile SET disciplines = ("  # noqa: S608  (constant names)
    f"SELECT SUM(DISTINCT CASE i.discipline {BIT_OF} ELSE 0 END) FROM cases_interview i "
    "WHERE i.case_file_id = cases_casefile.id) "
    "WHERE EXISTS (SELECT 1 FROM cases_interview i WHERE i.case_file_id = cases_casefile.id)"
)

INDEXES = {
    "file_referent_disciplines": (
        "cases_casefile",
        "(organisation_id, referent_id, status, opened_on DESC, id DESC, disciplines)",
        "",
    ),
    "file_team_disciplines": (
        "cases_casefile",
        "(organisation_id, status, opened_on DESC, id DESC, disciplines)",
        "",
    ),
    "task_open_due": ("cases_task", "(organisation_id, due_on, case_file_id)", "status = 'open'"),
}
# Those of 0010, which the first two replace.
FORMER = {
    "file_referent_list": "(organisation_id, referent_id, status, opened_on DESC, id DESC)",
    "file_team_list": "(organisation_id, status, opened_on DESC, id DESC)",
}


def fill(apps, schema_editor):
    schema_editor.execute(FILL)


def forward(apps, schema_editor):
    for name, (table, columns, where) in INDEXES.items():
        partial = f" WHERE {where}" if where else ""
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns}{partial}")
    for name in FORMER:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE cases_casefile")
        schema_editor.execute("ANALYZE cases_task")


def backward(apps, schema_editor):
    for name, columns in FORMER.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON cases_casefile {columns}")
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("cases", "0010_caseload_indexes")]

    operations = [
        migrations.AddField(
            model_name="casefile",
            name="disciplines",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, atomic=True),
        migrations.RunPython(forward, backward, atomic=True),
    ]
