"""`appui territory load|search|commune|court|import-courts`: communes and courts, JSON out.

    appui territory load [--force] [--file PATH]     load the committed communes (idempotent)
    appui territory search QUERY [--limit N]         communes matching a name or postcode
    appui territory commune CODE                     one commune by INSEE code
    appui territory court CODE [--kind KIND]         the court serving a commune
    appui territory import-courts FILE               the Ministry's commune → court table

Every subcommand prints one JSON document. Bad input prints `{"errors": [...]}` and
exits with status 2; a missing commune or court prints `null` and exits with status 1.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from appui.territory import datafile, messages, services
from appui.territory.choices import CourtKind
from appui.territory.queries import MAX_LIMIT, validate_search

INVALID, NOT_FOUND = 2, 1


class Command(BaseCommand):
    help = "Communes, postcodes and courts: load, search, import the Ministry's court table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lang", choices=messages.LANGUAGES, default="fr")
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        load = actions.add_parser("load", help="load the committed communes (skips if current)")
        load.add_argument("--force", action="store_true", help="load even if already current")
        load.add_argument("--file", type=Path, default=datafile.DATA_FILE)

        search = actions.add_parser("search", help="communes matching a name or postcode")
        search.add_argument("query")
        search.add_argument("--limit", type=int, default=10, help=f"1 to {MAX_LIMIT}")

        commune = actions.add_parser("commune", help="one commune by INSEE code")
        commune.add_argument("code")

        court = actions.add_parser("court", help="the court whose territory holds a commune")
        court.add_argument("code")
        court.add_argument(
            "--kind", choices=CourtKind.values, default=CourtKind.TRIBUNAL_JUDICIAIRE
        )

        courts = actions.add_parser("import-courts", help="import the commune → court table")
        courts.add_argument("file", type=Path)

    def handle(self, *args, **options) -> None:
        action = options["action"]
        lang = options["lang"]
        if action == "load":
            if not options["file"].exists():
                raise CommandError(f"{options['file']}: no such file")
            result = services.load(options["file"], force=options["force"])
            self._print(result.as_dict())
        elif action == "search":
            errors = validate_search(options["query"], options["limit"], lang)
            if errors:
                self._fail({"errors": errors}, INVALID)
            hits = services.search(options["query"], options["limit"])
            self._print([hit.as_dict() for hit in hits])
        elif action == "commune":
            hit = services.get_commune(options["code"])
            self._print(hit.as_dict() if hit else None)
            if hit is None:
                raise SystemExit(NOT_FOUND)
        elif action == "court":
            court = services.court_for(options["code"], options["kind"])
            self._print(
                {"kind": court.kind, "number": court.number, "name": court.name} if court else None
            )
            if court is None:
                raise SystemExit(NOT_FOUND)
        elif action == "import-courts":
            result = services.import_courts(options["file"], lang)
            if not result.ok:
                self._fail(result.as_dict(), INVALID)
            self._print(result.as_dict())

    def _print(self, payload) -> None:
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))

    def _fail(self, payload, status: int) -> None:
        self._print(payload)
        self.stdout.flush()
        raise SystemExit(status)
