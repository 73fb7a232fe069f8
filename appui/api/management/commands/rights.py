"""`appui rights assess FILE|-` and `appui rights timeline FILE|-`: the rights engine on the
command line."""

from django.core.management.base import BaseCommand

from appui.rights import cli


class Command(BaseCommand):
    help = (
        "Rights engine: `assess FILE|-` prints the assessment of JSON facts as JSON; "
        "`timeline FILE|-` the timeline of a procedure's JSON events."
    )
    requires_system_checks: list = []  # pure computation: no database, no checks needed

    def add_arguments(self, parser):
        cli.add_arguments(parser)

    def execute(self, *args, **options):
        # Bypass BaseCommand's output wrapping: stdout must carry only the JSON document.
        code = cli.run(
            options["file"],
            options["lang"],
            stdout=options.get("stdout") or None,
            action=options["action"],
        )
        if code:
            raise SystemExit(code)
