"""`appui load_demo`: make the local site ready to explore. Safe to run again."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = "Prepare a local site for exploring Appui (idempotent; creates no account)."

    def handle(self, *args, **options) -> None:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", interactive=False, verbosity=0)
            self.stdout.write("Database migrated.")
        # By command name, so that core imports no feature app.
        call_command("territory", "load", stdout=self.stdout)
        call_command("directory", "load-seed", stdout=self.stdout)
        self.stdout.write(
            f"Database ready ({connection.vendor}): the communes of France and the seed's "
            "directory of the Nancy court-of-appeal area. No account is created: the public "
            "pages and the API need none."
        )
