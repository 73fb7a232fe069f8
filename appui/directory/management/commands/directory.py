"""`appui directory …`: import, export, load the shipped directory, find a commune's services.

    appui directory import FILE [--format csv|json] [--lang fr|en|es]   (FILE or - for stdin)
    appui directory import-annuaire FILE [--dataset NAME] [--lang fr|en|es]
    appui directory export [--format csv|json] [--output FILE]
    appui directory load-seed
    appui directory find --commune CODE [--lang fr|en|es] [--kind KIND …] [--national]
                         [--at ISO-DATETIME]

`import`, `import-annuaire`, `load-seed` and `find` print JSON; invalid input exits with
status 2 and prints `{"errors": [...]}` (for an import, each error with its line and field —
and, from the public administration's directory, its record number and id; nothing is
imported).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from appui.directory import annuaire, messages, services
from appui.directory.formats import FileFormat
from appui.directory.hours import PARIS
from appui.directory.models import Kind

EXIT_INVALID = 2


class Command(BaseCommand):
    help = "Victim support directory: import, import-annuaire, export, load-seed, find."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        do_import = sub.add_parser("import", help="Import a CSV or JSON file (all or nothing).")
        do_import.add_argument("file", metavar="FILE", help="the file, or - for standard input")
        do_import.add_argument("--format", choices=FileFormat.values, default=None)
        do_import.add_argument("--lang", choices=messages.LANGUAGES, default="fr")

        do_annuaire = sub.add_parser(
            "import-annuaire",
            help="Import police, gendarmerie and victim-support services from the public "
            "administration's directory (DILA JSON, or its all_latest.tar.bz2; all or nothing).",
        )
        do_annuaire.add_argument(
            "file", metavar="FILE", help="the JSON file or the archive, or - for standard input"
        )
        do_annuaire.add_argument(
            "--dataset",
            default=annuaire.DEFAULT_DATASET,
            help=f"the dataset the services are filed under (default {annuaire.DEFAULT_DATASET})",
        )
        do_annuaire.add_argument("--lang", choices=messages.LANGUAGES, default="fr")

        do_export = sub.add_parser("export", help="Write the whole directory as CSV or JSON.")
        do_export.add_argument("--format", choices=FileFormat.values, default=FileFormat.JSON)
        do_export.add_argument("--output", metavar="FILE", default="-")

        sub.add_parser("load-seed", help="Load the shipped directory again (idempotent).")

        find = sub.add_parser("find", help="Services covering a commune, nearest first (JSON).")
        find.add_argument("--commune", required=True, metavar="CODE", help="INSEE code")
        find.add_argument("--lang", choices=messages.LANGUAGES, default="fr")
        find.add_argument("--kind", action="append", choices=Kind.values, default=None)
        find.add_argument(
            "--national", action="store_true", help="add the services covering all France"
        )
        find.add_argument(
            "--at", metavar="DATETIME", default=None, help="the instant for the hours (ISO 8601)"
        )

    def _print(self, payload: dict) -> None:
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))

    def handle(self, *args, **options) -> None:
        action = options["action"]
        if action == "import":
            self._import(options)
        elif action == "import-annuaire":
            self._import_annuaire(options)
        elif action == "export":
            self._export(options)
        elif action == "load-seed":
            report = services.load_seed()
            self._print(report.as_dict())
            if not report.ok:
                raise SystemExit(EXIT_INVALID)
        else:
            self._find(options)

    def _import(self, options) -> None:
        name = options["file"]
        file_format = options["format"]
        if file_format is None:
            suffix = Path(name).suffix.lower().lstrip(".")
            file_format = suffix if suffix in FileFormat.values else FileFormat.JSON
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as error:
            raise CommandError(f"{name}: {error.strerror or error}") from None
        report = services.import_file(data, file_format, lang=options["lang"])
        self._print(report.as_dict())
        if not report.ok:
            raise SystemExit(EXIT_INVALID)

    def _import_annuaire(self, options) -> None:
        name, lang = options["file"], options["lang"]
        try:
            if name == "-":
                data, errors = sys.stdin.buffer.read(), []
            else:
                data, errors = annuaire.read_path(Path(name), lang)
        except OSError as error:
            raise CommandError(f"{name}: {error.strerror or error}") from None
        if errors:
            self._print({"errors": [error.as_dict() for error in errors]})
            raise SystemExit(EXIT_INVALID)
        report = annuaire.import_annuaire(data, dataset=options["dataset"], lang=lang)
        self._print(report.as_dict())
        if not report.ok:
            raise SystemExit(EXIT_INVALID)

    def _export(self, options) -> None:
        text = services.export(options["format"])
        if options["output"] == "-":
            self.stdout.write(text, ending="")
        else:
            Path(options["output"]).write_text(text, encoding="utf-8")

    def _find(self, options) -> None:
        lang = options["lang"]
        now = None
        if options["at"]:
            try:
                now = dt.datetime.fromisoformat(options["at"])
            except ValueError:
                message = messages.text("error.date", lang)
                self._print({"errors": [{"field": "at", "message": message}]})
                raise SystemExit(EXIT_INVALID) from None
            if now.tzinfo is None:
                now = now.replace(tzinfo=PARIS)
        try:
            hit = services.locate_commune(options["commune"])
            found = services.services_for_commune(
                hit.code,
                lang=lang,
                now=now,
                kinds=set(options["kind"] or ()) or None,
                include_national=options["national"],
            )
        except services.UnknownCommune as error:
            self._print({"errors": [{"field": error.field, "message": error.message(lang)}]})
            raise SystemExit(EXIT_INVALID) from None
        commune = {"code": hit.code, "name": hit.name, "departement_code": hit.departement_code}
        self._print({"commune": commune, "services": [view.as_dict() for view in found]})
