"""`appui retention [--apply]`: the retention policy, as a dry run unless --apply."""

from django.core.management.base import BaseCommand

from appui.cases import retention
from appui.core.access import SystemActor
from appui.core.models import SystemKind


class Command(BaseCommand):
    help = (
        "Apply the retention policy: closed files are reduced to anonymous figures, then "
        "erased. Without --apply, only says what would go (dry run)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--apply", action="store_true", help="really erase (default: dry run)")

    def handle(self, *args, apply: bool, **options) -> None:
        report = retention.apply(dry_run=not apply, by=SystemActor(SystemKind.COMMAND))
        verb = "Erased" if apply else "Would erase (dry run)"
        self.stdout.write(
            f"{verb}: {report.people} people, {report.files} files, {report.intakes} intakes."
        )
        for days_name, days in retention.POLICY.items():
            self.stdout.write(f"  policy {days_name}: {days} days")
