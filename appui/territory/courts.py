"""Reading the Ministry of Justice table of courts by commune ("compétences territoriales").

Expected file: text, `;`-separated, UTF-8 (with or without BOM) or Windows-1252, one
header line then one line per commune:

    Commune;Libellé;Orig. CA;N° CA;Nom CA;Orig. TJ;N° TJ;Nom TJ;Orig. TPX;N° TPX;Nom TPX;…
    88160;Épinal;;…;Nancy;;…;Épinal;;;;…

(`EXPECTED_HEADER` below is the full header, CPH included.)

- `Commune`: the commune's INSEE code (5 characters; Corsica: 2A…, 2B…);
- `Libellé`: its name, for the reader only (not checked: names change between vintages);
- then, for each court type, three columns `Orig. X`, `N° X`, `Nom X`, where X is
  `CA` (cour d'appel), `TJ` (tribunal judiciaire), `TPX` (tribunal de proximité) or
  `CPH` (conseil de prud'hommes). The full names are accepted too ("Nom Tribunal
  judiciaire"), and any subset of the four types, in any order. `N°` identifies the
  court within its type and `Nom` names it; both are required when the commune has a court
  of that type, all three columns are left empty when it has none. `Orig.` is kept as given.

Header names are compared folded (accents, case and punctuation ignored). Reading checks
everything before anything is stored: the caller gets either the rows or every error,
each with its line number and column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Container
from dataclasses import dataclass

from . import messages
from .choices import CourtKind
from .index import normalise

COMMUNE, LABEL = "commune", "libelle"
PARTS = {"orig": "origin", "origine": "origin", "n": "number", "no": "number", "nom": "name"}
PARTS.update({"numero": "number", "num": "number"})
KIND_NAMES = {
    CourtKind.COUR_APPEL: ("ca", "cour d appel"),
    CourtKind.TRIBUNAL_JUDICIAIRE: ("tj", "tribunal judiciaire"),
    CourtKind.TRIBUNAL_PROXIMITE: ("tpx", "tp", "tribunal de proximite"),
    CourtKind.CONSEIL_PRUDHOMMES: ("cph", "conseil de prud hommes", "prud hommes"),
}
KINDS_BY_NAME = {name: kind for kind, names in KIND_NAMES.items() for name in names}
EXPECTED_HEADER = (
    "Commune;Libellé;Orig. CA;N° CA;Nom CA;Orig. TJ;N° TJ;Nom TJ;"
    "Orig. TPX;N° TPX;Nom TPX;Orig. CPH;N° CPH;Nom CPH"
)


@dataclass(frozen=True, slots=True)
class Assignment:
    kind: str
    origin: str
    number: str
    name: str


@dataclass(frozen=True, slots=True)
class CourtRow:
    line: int
    commune: str
    assignments: tuple[Assignment, ...]


class CourtFileError(Exception):
    """The file cannot be imported; `errors` lists every problem found."""

    def __init__(self, errors: list[dict]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def decode(raw: bytes) -> str:
    """The Ministry's exports are UTF-8 or Windows-1252: try the first, then the second."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="strict")


def _error(line: int | None, field: str, key: str, lang: str, **values: object) -> dict:
    return {"line": line, **messages.error(field, key, lang, **values)}


def file_error(exc: Exception, lang: str = "fr") -> dict:
    """The whole file is unreadable (no line to point at)."""
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return _error(None, "$", "courts.file", lang, reason=reason)


def no_territory(lang: str = "fr") -> dict:
    return _error(None, "$", "courts.no_territory", lang)


def _columns(header: list[str], lang: str) -> tuple[dict[str, tuple[int, int, int]], list[dict]]:
    """Position of each court type's (origin, number, name) columns, and header errors."""
    errors = []
    folded = [normalise(column) for column in header]
    for required, shown in ((COMMUNE, "Commune"), (LABEL, "Libellé")):
        if required not in folded:
            errors.append(_error(1, shown, "courts.header_missing", lang, column=shown))
    positions: dict[str, dict[str, int]] = {}
    for index, (column, name) in enumerate(zip(header, folded, strict=True)):
        if name in (COMMUNE, LABEL) or not name:
            continue
        part, _, rest = name.partition(" ")
        kind = KINDS_BY_NAME.get(rest)
        if part not in PARTS or kind is None:
            errors.append(
                _error(
                    1,
                    column,
                    "courts.header_unknown",
                    lang,
                    column=column,
                    expected=EXPECTED_HEADER,
                )
            )
            continue
        slots = positions.setdefault(kind, {})
        if PARTS[part] in slots:
            errors.append(_error(1, column, "courts.header_duplicate", lang, column=column))
        slots[PARTS[part]] = index
    courts = {}
    for kind, slots in positions.items():
        for part, shown in (("origin", "Orig."), ("number", "N°"), ("name", "Nom")):
            if part not in slots:
                column = f"{shown} {KIND_NAMES[kind][0].upper()}"
                errors.append(_error(1, column, "courts.header_missing", lang, column=column))
        if len(slots) == 3:
            courts[kind] = (slots["origin"], slots["number"], slots["name"])
    return courts, errors


def parse(text: str, communes: Container[str], lang: str = "fr") -> list[CourtRow]:
    """Every row of the file, or `CourtFileError` listing every bad line and column."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    try:
        lines = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise CourtFileError(
            [_error(reader.line_num, "$", "courts.file", lang, reason=str(exc))]
        ) from None
    lines = [(n, row) for n, row in lines if any(cell.strip() for cell in row)]
    if not lines:
        raise CourtFileError([_error(None, "$", "courts.empty", lang)])
    _, header = lines[0]
    header = [column.strip() for column in header]
    courts, errors = _columns(header, lang)
    if errors:
        raise CourtFileError(errors)
    commune_at = _index_of(header, COMMUNE)
    rows: list[CourtRow] = []
    seen_communes: dict[str, int] = {}
    seen_courts: dict[tuple[str, str], tuple[str, int]] = {}
    width = len(header)
    for line, row in lines[1:]:
        cells = [cell.strip() for cell in row]
        if len(cells) < width:
            errors.append(
                _error(
                    line,
                    header[len(cells)],
                    "courts.column_missing",
                    lang,
                    found=len(cells),
                    expected=width,
                )
            )
            continue
        if len(cells) > width and any(cells[width:]):
            errors.append(
                _error(line, "$", "courts.column_extra", lang, found=len(cells), expected=width)
            )
            continue
        code = cells[commune_at].upper()
        if code not in communes:
            errors.append(
                _error(line, header[commune_at], "courts.commune_unknown", lang, code=code)
            )
        elif code in seen_communes:
            errors.append(
                _error(
                    line,
                    header[commune_at],
                    "courts.commune_duplicate",
                    lang,
                    code=code,
                    first_line=seen_communes[code],
                )
            )
        else:
            seen_communes[code] = line
        assignments = []
        for kind, (origin_at, number_at, name_at) in courts.items():
            origin, number, name = cells[origin_at], cells[number_at], cells[name_at]
            if not (origin or number or name):
                continue
            missing = [at for at, value in ((number_at, number), (name_at, name)) if not value]
            for at in missing:
                errors.append(_error(line, header[at], "courts.value_missing", lang))
            if missing:
                continue
            first = seen_courts.setdefault((kind, number), (name, line))
            if first[0] != name:
                errors.append(
                    _error(
                        line,
                        header[name_at],
                        "courts.court_conflict",
                        lang,
                        number=number,
                        name=first[0],
                        first_line=first[1],
                    )
                )
                continue
            assignments.append(Assignment(kind, origin, number, name))
        rows.append(CourtRow(line, code, tuple(assignments)))
    if errors:
        raise CourtFileError(errors)
    if not rows:
        raise CourtFileError([_error(None, "$", "courts.empty", lang)])
    return rows


def _index_of(header: list[str], folded_name: str) -> int:
    return next(i for i, column in enumerate(header) if normalise(column) == folded_name)
