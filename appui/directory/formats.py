"""The directory's exchange formats, CSV and JSON (documented in README.md beside this file).

Reading never writes: it returns either the entries of a whole file or every error found in it,
each with its line and field, so that an import is all or nothing. Both formats carry the
same fields and round-trip through `write_csv` / `write_json`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models

from . import messages
from .models import Kind, PhoneUse
from .validators import (
    COMMUNE_CODE,
    DEPARTEMENT_CODE,
    PHONE,
    POSTCODE,
    SLUG,
    opening_hours_message,
)

FORMAT_NAME = "appui-directory"
FORMAT_VERSIONS = (1,)


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    JSON = "json", "JSON"


@dataclass(frozen=True)
class Phone:
    number: str
    use: str = PhoneUse.MAIN.value


@dataclass(frozen=True)
class ClosureEntry:
    start: dt.date
    end: dt.date
    reason: str = ""


@dataclass(frozen=True)
class Entry:
    """One service as the files carry it (and as `services.import_entries` stores it)."""

    slug: str
    kind: str
    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""
    commune_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    phones: tuple[Phone, ...] = ()
    fax: str = ""
    emails: tuple[str, ...] = ()
    website: str = ""
    opening_hours: str = ""
    terrorism_referent: bool = False
    coverage_national: bool = False
    coverage_departements: tuple[str, ...] = ()
    coverage_communes: tuple[str, ...] = ()
    closures: tuple[ClosureEntry, ...] = ()
    notes_fr: str = ""
    notes_en: str = ""
    notes_es: str = ""
    source: str = ""


@dataclass(frozen=True)
class RowError:
    """What is wrong, where: `line` in the file (1-based) and `field` (a column or a path)."""

    line: int
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "message": self.message}


@dataclass
class ReadResult:
    entries: list[Entry] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


# The CSV columns, in order; the JSON keys are the same but for the coverage, nested.
CSV_COLUMNS = (
    "slug",
    "kind",
    "name",
    "street",
    "postcode",
    "city",
    "commune_code",
    "latitude",
    "longitude",
    "phones",
    "fax",
    "emails",
    "website",
    "opening_hours",
    "terrorism_referent",
    "coverage_national",
    "coverage_departements",
    "coverage_communes",
    "closures",
    "notes_fr",
    "notes_en",
    "notes_es",
    "source",
)
REQUIRED = ("slug", "kind", "name")
TEXT_LIMITS = {
    "name": 200,
    "street": 200,
    "city": 100,
    "source": 300,
    "website": 300,
    "fax": 30,
    "notes_fr": 4000,
    "notes_en": 4000,
    "notes_es": 4000,
    "opening_hours": 1000,
}
JSON_KEYS = tuple(c for c in CSV_COLUMNS if not c.startswith("coverage_")) + ("coverage",)
COVERAGE_KEYS = ("national", "departements", "communes")
CELL_SEPARATOR = "|"
_CLOSURE_CELL = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})(?:\s+(.*))?$")
_PHONE_CELL = re.compile(r"^([a-z]+)\s*:\s*(.*)$")
_TRUE = {"true", "1", "yes", "oui", "sí", "si"}
_FALSE = {"false", "0", "no", "non", ""}
_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])


class _Problems:
    """Collects one entry's errors at its line."""

    def __init__(self, line: int, lang: str, errors: list[RowError]):
        self.line, self.lang, self.errors = line, lang, errors
        self.count = 0

    def add(self, field_name: str, key: str, **kw: Any) -> None:
        self.count += 1
        self.errors.append(RowError(self.line, field_name, messages.text(key, self.lang, **kw)))


# --- cleaning (shared by both formats) -------------------------------------------------


def _text(raw: dict, key: str, problems: _Problems, path: str | None = None) -> str:
    value = raw.get(key)
    path = path or key
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.add(path, "error.string")
        return ""
    value = value.strip()
    limit = TEXT_LIMITS.get(key)
    if limit and len(value) > limit:
        problems.add(path, "error.too_long", limit=limit)
    return value


def _bool(value: Any, path: str, problems: _Problems) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        problems.add(path, "error.bool")
        return False
    return value


def _list(value: Any, path: str, problems: _Problems) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(path, "error.list")
        return []
    return value


def _coordinate(raw: dict, key: str, problems: _Problems) -> float | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        problems.add(key, "error.number")
        return None
    limit = 90 if key == "latitude" else 180
    if not -limit <= value <= limit:
        problems.add(key, f"error.{key}")
        return None
    return float(value)


def _codes(value: Any, path: str, pattern: re.Pattern, key: str, problems: _Problems) -> tuple:
    codes = []
    for index, code in enumerate(_list(value, path, problems)):
        code = code.strip().upper() if isinstance(code, str) else code
        if not isinstance(code, str) or not pattern.match(code):
            problems.add(f"{path}[{index}]", key)
        elif code not in codes:
            codes.append(code)
    return tuple(codes)


def _phones(value: Any, problems: _Problems) -> tuple[Phone, ...]:
    phones = []
    for index, item in enumerate(_list(value, "phones", problems)):
        path = f"phones[{index}]"
        if isinstance(item, str):
            item = {"number": item}
        if not isinstance(item, dict):
            problems.add(path, "error.object")
            continue
        for extra in sorted(set(item) - {"number", "use"}):
            problems.add(f"{path}.{extra}", "error.unknown_field")
        number, use = item.get("number"), item.get("use") or PhoneUse.MAIN.value
        if not isinstance(number, str) or not number.strip():
            problems.add(f"{path}.number", "error.required" if not number else "error.string")
            continue
        number = number.strip()
        if len(number) > 30 or not PHONE.match(number):
            problems.add(f"{path}.number", "error.phone")
        if use not in PhoneUse.values:
            problems.add(f"{path}.use", "error.choice", choices=", ".join(PhoneUse.values))
            continue
        phones.append(Phone(number, use))
    return tuple(phones)


def _emails(value: Any, problems: _Problems) -> tuple[str, ...]:
    emails = []
    for index, item in enumerate(_list(value, "emails", problems)):
        try:
            if not isinstance(item, str):
                raise ValidationError("not a string")
            _email(item.strip())
        except ValidationError:
            problems.add(f"emails[{index}]", "error.email")
            continue
        emails.append(item.strip())
    return tuple(emails)


def _date(value: Any, path: str, problems: _Problems) -> dt.date | None:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.add(path, "error.required" if value in (None, "") else "error.date")
    return None


def _closures(value: Any, problems: _Problems) -> tuple[ClosureEntry, ...]:
    closures = []
    for index, item in enumerate(_list(value, "closures", problems)):
        path = f"closures[{index}]"
        if not isinstance(item, dict):
            problems.add(path, "error.object")
            continue
        for extra in sorted(set(item) - {"start", "end", "reason"}):
            problems.add(f"{path}.{extra}", "error.unknown_field")
        start = _date(item.get("start"), f"{path}.start", problems)
        end = _date(item.get("end"), f"{path}.end", problems)
        reason = item.get("reason") or ""
        if not isinstance(reason, str):
            problems.add(f"{path}.reason", "error.string")
            reason = ""
        elif len(reason.strip()) > 200:
            problems.add(f"{path}.reason", "error.too_long", limit=200)
        if start and end:
            if end < start:
                problems.add(f"{path}.end", "error.closure_order")
            else:
                closures.append(ClosureEntry(start, end, reason.strip()))
    return tuple(sorted(closures, key=lambda c: (c.start, c.end)))


def clean(raw: Any, line: int, lang: str, errors: list[RowError]) -> Entry | None:
    """One entry, checked field by field; None (and errors added) when anything is wrong."""
    problems = _Problems(line, lang, errors)
    if not isinstance(raw, dict):
        problems.add("$", "error.object")
        return None
    for extra in sorted(set(raw) - set(JSON_KEYS)):
        problems.add(extra, "error.unknown_field")
    for key in REQUIRED:
        if raw.get(key) in (None, ""):
            problems.add(key, "error.required")
    slug = _text(raw, "slug", problems)
    if slug and (len(slug) > 100 or not SLUG.match(slug)):
        problems.add("slug", "error.slug")
    kind = _text(raw, "kind", problems)
    if kind and kind not in Kind.values:
        problems.add("kind", "error.choice", choices=", ".join(Kind.values))
    values: dict[str, Any] = {
        key: _text(raw, key, problems)
        for key in (
            "name",
            "street",
            "postcode",
            "city",
            "commune_code",
            "fax",
            "website",
            "opening_hours",
            "notes_fr",
            "notes_en",
            "notes_es",
            "source",
        )
    }
    values["commune_code"] = values["commune_code"].upper()
    if values["postcode"] and not POSTCODE.match(values["postcode"]):
        problems.add("postcode", "error.postcode")
    if values["commune_code"] and not COMMUNE_CODE.match(values["commune_code"]):
        problems.add("commune_code", "error.commune")
    if values["fax"] and not PHONE.match(values["fax"]):
        problems.add("fax", "error.phone")
    if values["website"]:
        try:
            _url(values["website"])
        except ValidationError:
            problems.add("website", "error.url")
    if values["opening_hours"]:
        message = opening_hours_message(values["opening_hours"], lang)
        if message:
            problems.count += 1
            errors.append(RowError(line, "opening_hours", message))
    latitude = _coordinate(raw, "latitude", problems)
    longitude = _coordinate(raw, "longitude", problems)
    if (raw.get("latitude") is None) != (raw.get("longitude") is None):
        missing = "longitude" if raw.get("longitude") is None else "latitude"
        problems.add(missing, "error.coordinates_pair")
    coverage = raw.get("coverage") or {}
    if not isinstance(coverage, dict):
        problems.add("coverage", "error.object")
        coverage = {}
    for extra in sorted(set(coverage) - set(COVERAGE_KEYS)):
        problems.add(f"coverage.{extra}", "error.unknown_field")
    entry = Entry(
        slug=slug,
        kind=kind,
        latitude=latitude,
        longitude=longitude,
        phones=_phones(raw.get("phones"), problems),
        emails=_emails(raw.get("emails"), problems),
        terrorism_referent=_bool(raw.get("terrorism_referent"), "terrorism_referent", problems),
        coverage_national=_bool(coverage.get("national"), "coverage.national", problems),
        coverage_departements=_codes(
            coverage.get("departements"),
            "coverage.departements",
            DEPARTEMENT_CODE,
            "error.departement",
            problems,
        ),
        coverage_communes=_codes(
            coverage.get("communes"), "coverage.communes", COMMUNE_CODE, "error.commune", problems
        ),
        closures=_closures(raw.get("closures"), problems),
        **values,
    )
    return None if problems.count else entry


def _slug_of(raw: Any) -> str | None:
    slug = raw.get("slug") if isinstance(raw, dict) else None
    return slug.strip() if isinstance(slug, str) and slug.strip() else None


def _finish(
    cleaned: list[Entry],
    slugs: list[tuple[int, str | None]],
    lang: str,
    errors: list[RowError],
) -> ReadResult:
    """Every entry read: refuse a slug given twice, an empty file, or any error at all."""
    seen: dict[str, int] = {}
    for line, slug in slugs:
        if slug is None:
            continue
        if slug in seen:
            message = messages.text("error.duplicate", lang, line=seen[slug])
            errors.append(RowError(line, "slug", message))
        else:
            seen[slug] = line
    if not slugs and not errors:
        errors.append(RowError(1, "$", messages.text("error.empty", lang)))
    if errors:
        return ReadResult([], sorted(errors, key=lambda e: e.line))
    return ReadResult(cleaned, [])


def _decode(data: bytes | str, lang: str) -> tuple[str | None, list[RowError]]:
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [RowError(line, "$", messages.text("error.encoding", lang))]


# --- JSON ------------------------------------------------------------------------------


def _entry_lines(text: str) -> list[int]:
    """The line where each element of the top-level `services` array starts (valid JSON only)."""
    decoder = json.JSONDecoder()
    space = re.compile(r"[ \t\n\r]*")

    def skip(i: int) -> int:
        return space.match(text, i).end()

    i = skip(0)
    if text[i : i + 1] != "{":
        return []
    i = skip(i + 1)
    while text[i : i + 1] not in ("}", ""):
        key, i = decoder.raw_decode(text, i)
        i = skip(skip(i) + 1)  # the colon
        if key == "services" and text[i : i + 1] == "[":
            lines, counted, line = [], 0, 1
            i = skip(i + 1)
            while text[i : i + 1] not in ("]", ""):
                line += text.count("\n", counted, i)
                counted = i
                lines.append(line)
                _value, i = decoder.raw_decode(text, i)
                i = skip(i)
                if text[i : i + 1] == ",":
                    i = skip(i + 1)
            return lines
        _value, i = decoder.raw_decode(text, i)
        i = skip(i)
        if text[i : i + 1] == ",":
            i = skip(i + 1)
    return []


def read_json(data: bytes | str, lang: str = "fr") -> ReadResult:
    text, errors = _decode(data, lang)
    if text is None:
        return ReadResult([], errors)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        detail = error.msg
        return ReadResult(
            [], [RowError(error.lineno, "$", messages.text("error.json", lang, detail=detail))]
        )
    if not isinstance(document, dict):
        return ReadResult([], [RowError(1, "$", messages.text("error.object", lang))])
    problems = _Problems(1, lang, errors)
    for extra in sorted(set(document) - {"format", "version", "services", "source"}):
        problems.add(extra, "error.unknown_field")
    if document.get("format", FORMAT_NAME) != FORMAT_NAME:
        problems.add("format", "error.format", expected=FORMAT_NAME)
    if document.get("version", 1) not in FORMAT_VERSIONS:
        problems.add("version", "error.version", choices=", ".join(map(str, FORMAT_VERSIONS)))
    services = document.get("services")
    if not isinstance(services, list):
        problems.add("services", "error.list" if "services" in document else "error.required")
        return ReadResult([], errors)
    lines = _entry_lines(text)
    cleaned, slugs = [], []
    for index, raw in enumerate(services):
        line = lines[index] if index < len(lines) else 1
        slugs.append((line, _slug_of(raw)))
        entry = clean(raw, line, lang, errors)
        if entry is not None:
            cleaned.append(entry)
    return _finish(cleaned, slugs, lang, errors)


def entry_to_json(entry: Entry) -> dict[str, Any]:
    data = asdict(entry)
    data["phones"] = [
        {"number": p.number, "use": p.use} if p.use != PhoneUse.MAIN else p.number
        for p in entry.phones
    ]
    data["emails"] = list(entry.emails)
    data["closures"] = [
        {"start": c.start.isoformat(), "end": c.end.isoformat(), "reason": c.reason}
        for c in entry.closures
    ]
    data["coverage"] = {
        "national": entry.coverage_national,
        "departements": list(entry.coverage_departements),
        "communes": list(entry.coverage_communes),
    }
    for key in ("coverage_national", "coverage_departements", "coverage_communes"):
        del data[key]
    return {key: data[key] for key in JSON_KEYS}


def write_json(entries: list[Entry], *, source: str = "") -> str:
    document: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSIONS[-1]}
    if source:
        document["source"] = source
    document["services"] = [entry_to_json(e) for e in entries]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- CSV -------------------------------------------------------------------------------


def _cell_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(CELL_SEPARATOR) if part.strip()]


def _csv_to_raw(row: dict[str, str], line: int, lang: str, errors: list[RowError]) -> dict:
    """A CSV row in the JSON shape; cells that cannot even be split are reported here."""
    problems = _Problems(line, lang, errors)
    raw: dict[str, Any] = {
        key: row.get(key, "")
        for key in CSV_COLUMNS
        if not key.startswith("coverage_")
        and key not in ("latitude", "longitude", "phones", "emails", "closures")
        and key != "terrorism_referent"
    }
    for key in ("latitude", "longitude"):
        value = (row.get(key) or "").strip().replace(",", ".")
        if not value:
            raw[key] = None
            continue
        try:
            raw[key] = float(value)
        except ValueError:
            problems.add(key, "error.number")
            raw[key] = None
    booleans = {}
    for key in ("terrorism_referent", "coverage_national"):
        value = (row.get(key) or "").strip().lower()
        if value not in _TRUE | _FALSE:
            problems.add(key, "error.bool")
        booleans[key] = value in _TRUE
    raw["terrorism_referent"] = booleans["terrorism_referent"]
    phones = []
    for part in _cell_list(row.get("phones") or ""):
        found = _PHONE_CELL.match(part)
        phones.append({"number": found.group(2), "use": found.group(1)} if found else part)
    raw["phones"] = phones
    raw["emails"] = _cell_list(row.get("emails") or "")
    closures = []
    for part in _cell_list(row.get("closures") or ""):
        found = _CLOSURE_CELL.match(part)
        if not found:
            problems.add("closures", "error.closure_cell")
            continue
        closures.append({"start": found[1], "end": found[2], "reason": found[3] or ""})
    raw["closures"] = closures
    raw["coverage"] = {
        "national": booleans["coverage_national"],
        "departements": _cell_list(row.get("coverage_departements") or ""),
        "communes": _cell_list(row.get("coverage_communes") or ""),
    }
    return raw


def _csv_field(path: str) -> str:
    """The CSV column a JSON path comes from: `coverage.communes[2]` → `coverage_communes`."""
    root = re.split(r"[\[]", path, maxsplit=1)[0]
    if root.startswith("coverage."):
        return "coverage_" + root.split(".")[1]
    return root.split(".")[0]


def read_csv(data: bytes | str, lang: str = "fr") -> ReadResult:
    text, errors = _decode(data, lang)
    if text is None:
        return ReadResult([], errors)
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as error:
        return ReadResult([], [RowError(1, "$", messages.text("error.csv", lang, detail=error))])
    problems = _Problems(1, lang, errors)
    for column in header:
        if column not in CSV_COLUMNS:
            problems.add(column or "$", "error.csv_columns", column=column or '""')
    for column in REQUIRED:
        if column not in header:
            problems.add(column, "error.csv_missing_column", column=column)
    if problems.count:
        return ReadResult([], errors)
    cleaned, slugs = [], []
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(RowError(line, "$", messages.text("error.csv", lang, detail=error)))
            break
        if not any(cell.strip() for cell in cells):
            line = reader.line_num + 1
            continue
        if len(cells) != len(header):
            errors.append(RowError(line, "$", messages.text("error.csv_cells", lang)))
            line = reader.line_num + 1
            continue
        row_errors: list[RowError] = []
        raw = _csv_to_raw(dict(zip(header, cells, strict=True)), line, lang, row_errors)
        slugs.append((line, _slug_of(raw)))
        entry = clean(raw, line, lang, row_errors)
        errors.extend(RowError(e.line, _csv_field(e.field), e.message) for e in row_errors)
        if entry is not None and not row_errors:
            cleaned.append(entry)
        line = reader.line_num + 1
    return _finish(cleaned, slugs, lang, errors)


def entry_to_csv(entry: Entry) -> dict[str, str]:
    def number(value: float | None) -> str:
        return "" if value is None else repr(value)

    return {
        "slug": entry.slug,
        "kind": entry.kind,
        "name": entry.name,
        "street": entry.street,
        "postcode": entry.postcode,
        "city": entry.city,
        "commune_code": entry.commune_code,
        "latitude": number(entry.latitude),
        "longitude": number(entry.longitude),
        "phones": f" {CELL_SEPARATOR} ".join(
            p.number if p.use == PhoneUse.MAIN else f"{p.use}: {p.number}" for p in entry.phones
        ),
        "fax": entry.fax,
        "emails": f" {CELL_SEPARATOR} ".join(entry.emails),
        "website": entry.website,
        "opening_hours": entry.opening_hours,
        "terrorism_referent": "true" if entry.terrorism_referent else "false",
        "coverage_national": "true" if entry.coverage_national else "false",
        "coverage_departements": f" {CELL_SEPARATOR} ".join(entry.coverage_departements),
        "coverage_communes": f" {CELL_SEPARATOR} ".join(entry.coverage_communes),
        "closures": f" {CELL_SEPARATOR} ".join(
            f"{c.start.isoformat()}/{c.end.isoformat()} {c.reason}".strip() for c in entry.closures
        ),
        "notes_fr": entry.notes_fr,
        "notes_en": entry.notes_en,
        "notes_es": entry.notes_es,
        "source": entry.source,
    }


def write_csv(entries: list[Entry]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        writer.writerow(entry_to_csv(entry))
    return out.getvalue()


def read(data: bytes | str, file_format: str, lang: str = "fr") -> ReadResult:
    lang = messages.language(lang)
    return read_csv(data, lang) if file_format == FileFormat.CSV else read_json(data, lang)
