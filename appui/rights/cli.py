"""`appui rights assess FILE|-` and `appui rights timeline FILE|-`: JSON in, JSON out.

Facts in, the assessment out; or a procedure's events in, its timeline out.

Kept free of Django so it can be run and tested on its own; the `rights`
management command only hands it its arguments and streams.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from . import jsonio, messages

EXIT_OK = 0
EXIT_INVALID = 2


ACTIONS = {"assess": jsonio.assess_document, "timeline": jsonio.timeline_document}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="{assess,timeline}")
    assess = sub.add_parser(
        "assess", help="Assess the remedies for the facts in FILE (- for stdin)."
    )
    assess.add_argument("file", metavar="FILE", help="JSON facts, or - to read standard input")
    assess.add_argument("--lang", choices=messages.LANGUAGES, default="fr")
    timeline = sub.add_parser(
        "timeline",
        help="Where the procedure in FILE (- for stdin) stands: its stage, dates and next step.",
    )
    timeline.add_argument(
        "file", metavar="FILE", help="JSON procedure and events, or - to read standard input"
    )
    timeline.add_argument("--lang", choices=messages.LANGUAGES, default="fr")


def run(
    file: str,
    lang: str = "fr",
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    action: str = "assess",
) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        if file == "-":
            raw: bytes | str = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read()
        else:
            with open(file, "rb") as handle:
                raw = handle.read(jsonio.MAX_BYTES + 1)
    except OSError as exc:
        key = {
            FileNotFoundError: "error.file_not_found",
            PermissionError: "error.file_permission",
            IsADirectoryError: "error.file_directory",
        }.get(type(exc), "error.file")
        message = messages.text(key, lang)
        stdout.write(jsonio.dumps({"errors": [{"field": "FILE", "message": message}]}) + "\n")
        return EXIT_INVALID
    status, payload = ACTIONS[action](raw, lang)
    stdout.write(jsonio.dumps(payload) + "\n")
    return EXIT_OK if status == jsonio.OK else EXIT_INVALID


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="appui rights")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(args.file, args.lang, action=args.action)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
