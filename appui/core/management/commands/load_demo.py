"""`appui load_demo`: make the local site ready to explore. Safe to run again."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from appui.core import demo


class Command(BaseCommand):
    help = (
        "Prepare a local site for exploring Appui (idempotent): communes, the seed's "
        "directory, and outside production the demo network with its accounts."
    )

    def handle(self, *args, **options) -> None:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", interactive=False, verbosity=0)
            self.stdout.write("Database migrated.")
        # By command name, so that core imports no feature app.
        call_command("territory", "load", stdout=self.stdout)
        call_command("directory", "load-seed", stdout=self.stdout)
        if settings.IS_PRODUCTION:
            self.stdout.write(
                f"Database ready ({connection.vendor}). Production: no demo account created."
            )
            return
        accounts = demo.load()
        call_command("demo_agendas", stdout=self.stdout)
        call_command("demo_files", stdout=self.stdout)
        call_command("demo_compensation", stdout=self.stdout)
        call_command("demo_helpline", stdout=self.stdout)
        self.stdout.write(
            f"Database ready ({connection.vendor}): the communes of France, the seed's "
            f"directory of the Nancy court-of-appeal area, and {len(accounts)} demo accounts "
            f"(password {demo.DEMO_PASSWORD!r}; `appui demo_codes` shows their codes) at "
            "http://127.0.0.1:8000/pro/."
        )
