"""Import from the public administration's own directory (DILA, "Annuaire de l'administration").

Service-public.gouv.fr publishes its local directory ("Base de données locales") as one JSON
file, `{"service": [record, …]}`, inside `all_latest.tar.bz2` (README.md beside this file says
where and which fields are read). Police stations, gendarmerie units and the few
victim-support kinds it lists are converted into the directory's `Entry` and stored through
`services.import_entries`: the whole file is checked first, and one error anywhere means
nothing is written. Records of other types (town halls, tax offices…) are counted as skipped.

Nothing is guessed: no `plage_ouverture`, no hours; no list of communes in the pivot, no
coverage. The source says nothing about public holidays, so they are stored as unknown
("PH unknown": the site says "call" on those days) rather than open or closed.
"""

from __future__ import annotations

import json
import math
import re
import tarfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models

from . import messages, services
from .formats import TEXT_LIMITS, Entry, Phone
from .models import Kind
from .validators import COMMUNE_CODE, PHONE, POSTCODE, SLUG, opening_hours_message

DEFAULT_DATASET = "annuaire"
SLUG_PREFIX = "dila-"
SOURCE = "Annuaire de l'administration (DILA), id {id}"
# The member of the published archive that holds the records.
ARCHIVE_MEMBER_SUFFIX = "data.gouv_local.json"
# The record list: "service" in the published file, "results" in the API's answers.
LIST_KEYS = ("service", "results")
# The source gives no hours for public holidays: the site says "call" on those days.
HOLIDAYS_RULE = "PH unknown"
DATASET_MAX_LENGTH = 50


class DilaType(models.TextChoices):
    """The values of `pivot[].type_service_local` this import takes."""

    COMMISSARIAT_POLICE = "commissariat_police", "Commissariat de police"
    GENDARMERIE = "gendarmerie", "Brigade de gendarmerie"
    BAV = "bav", "Bureau d'aide aux victimes"
    CIVI = "civi", "Commission d'indemnisation des victimes d'infraction"
    CIDF = "cidf", "Centre d'information sur les droits des femmes et des familles"
    MJD = "mjd", "Maison de justice et du droit"
    PERMANENCE_JURIDIQUE = "permanence_juridique", "Point d'accès au droit"


KIND_OF: dict[str, Kind] = {
    DilaType.COMMISSARIAT_POLICE: Kind.POLICE,
    DilaType.GENDARMERIE: Kind.GENDARMERIE,
    DilaType.BAV: Kind.BAV,
    DilaType.CIVI: Kind.CIVI,
    DilaType.CIDF: Kind.CIDFF,
    DilaType.MJD: Kind.MJD,
    # The DILA's "permanence juridique" is the point d'accès au droit, a point-justice since 2020.
    DilaType.PERMANENCE_JURIDIQUE: Kind.POINT_JUSTICE,
}

# This import's own words, side by side like `messages.CATALOGUE` (which holds the rest).
CATALOGUE: dict[str, tuple[str, str, str]] = {
    "annuaire.no_list": (
        "Le fichier doit contenir la liste « service » de l'annuaire (ou « results » pour une "
        "réponse de l'API), ou être une liste d'enregistrements.",
        "The file must hold the directory's “service” list (or “results” for an answer of the "
        "API), or be a list of records.",
        "El archivo debe contener la lista «service» del directorio (o «results» para una "
        "respuesta de la API), o ser una lista de registros.",
    ),
    "annuaire.no_member": (
        "L'archive ne contient aucun fichier « …-data.gouv_local.json ».",
        "The archive holds no “…-data.gouv_local.json” file.",
        "El archivo comprimido no contiene ningún fichero «…-data.gouv_local.json».",
    ),
    "annuaire.embedded_json": (
        "Valeur JSON illisible dans ce champ ({detail}).",
        "Unreadable JSON value in this field ({detail}).",
        "Valor JSON ilegible en este campo ({detail}).",
    ),
    "annuaire.duplicate": (
        "Identifiant déjà utilisé par l'enregistrement n° {record} de ce fichier.",
        "Identifier already used by record no. {record} of this file.",
        "Identificador ya utilizado por el registro n.º {record} de este archivo.",
    ),
    "annuaire.id": (
        "Identifiant inutilisable : lettres sans accent, chiffres et tirets, "
        "{limit} caractères au plus.",
        "Unusable identifier: unaccented letters, digits and hyphens, at most {limit} characters.",
        "Identificador inutilizable: letras sin tilde, cifras y guiones, "
        "como máximo {limit} caracteres.",
    ),
    "annuaire.day": (
        "Jour non reconnu : écrivez-le en toutes lettres, de « Lundi » à « Dimanche ».",
        "Day not recognised: write it in full, from “Lundi” (Monday) to “Dimanche” (Sunday).",
        "Día no reconocido: escríbalo entero, de «Lundi» (lunes) a «Dimanche» (domingo).",
    ),
    "annuaire.time": (
        "Heure invalide : écrivez-la HH:MM ou HH:MM:SS, de 00:00 à 24:00.",
        "Invalid time: write it HH:MM or HH:MM:SS, from 00:00 to 24:00.",
        "Hora no válida: escríbala HH:MM o HH:MM:SS, de 00:00 a 24:00.",
    ),
    "annuaire.time_pair": (
        "Donnez l'heure de début et l'heure de fin de cette plage, ou aucune des deux.",
        "Give both the start and the end of this time range, or neither.",
        "Indique la hora de inicio y la de fin de este tramo, o ninguna de las dos.",
    ),
    "annuaire.time_order": (
        "L'heure de fin doit venir après l'heure de début.",
        "The end time must come after the start time.",
        "La hora de fin debe ser posterior a la de inicio.",
    ),
    "annuaire.dataset": (
        "Nom de jeu de données invalide : lettres minuscules sans accent, chiffres et tirets, "
        "{limit} caractères au plus.",
        "Invalid dataset name: lower-case unaccented letters, digits and hyphens, "
        "at most {limit} characters.",
        "Nombre de conjunto de datos no válido: minúsculas sin tilde, cifras y guiones, "
        "como máximo {limit} caracteres.",
    ),
}


def text(key: str, lang: str, **kw: Any) -> str:
    """A message of this import, else of the directory's catalogue, in `lang`."""
    if key not in CATALOGUE:
        return messages.text(key, lang, **kw)
    template = CATALOGUE[key][messages.LANGUAGES.index(messages.language(lang))]
    return template.format(**kw) if kw else template


@dataclass(frozen=True)
class RecordError:
    """What is wrong, where: the record's position in the list (1 = the first; 0 for the
    file as a whole), the line of the file where it starts, its DILA id, and the field's path
    in the DILA's own names (`adresse[0].code_postal`)."""

    record: int
    line: int
    id: str
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "record": self.record,
            "line": self.line,
            "id": self.id,
            "field": self.field,
            "message": self.message,
        }


@dataclass
class ReadResult:
    entries: list[Entry] = field(default_factory=list)
    skipped: int = 0
    errors: list[RecordError] = field(default_factory=list)


@dataclass(frozen=True)
class ImportReport:
    """What an import did, or why it did nothing (`errors` not empty: nothing was written).

    `without_coverage` counts the services stored with no area (their pivot lists no
    commune): a search by commune will not find them.
    """

    created: int = 0
    updated: int = 0
    skipped: int = 0
    without_coverage: int = 0
    errors: tuple[RecordError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        if self.errors:
            return {"errors": [error.as_dict() for error in self.errors]}
        return {
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "without_coverage": self.without_coverage,
        }


class _Problems:
    """Collects one record's errors."""

    def __init__(self, record: int, line: int, lang: str, errors: list[RecordError]):
        self.record, self.line, self.lang, self.errors = record, line, lang, errors
        self.id = ""
        self.count = 0

    def add(self, path: str, key: str, **kw: Any) -> None:
        self.add_message(path, text(key, self.lang, **kw))

    def add_message(self, path: str, message: str) -> None:
        self.count += 1
        self.errors.append(RecordError(self.record, self.line, self.id, path, message))


# --- reading the file, one record at a time ---------------------------------------------

_SPACE = re.compile(r"[ \t\n\r]*")


class _NoList(ValueError):
    """The document is JSON but holds no list of records."""


def _scan(text_: str) -> Iterator[tuple[int, Any]]:
    """(line, record) for each element of the record list, decoded one at a time.

    The published file weighs hundreds of megabytes: decoding it element by element lets the
    caller keep only the records it takes. Raises `json.JSONDecodeError` where the JSON breaks
    and `_NoList` when it holds no list of records.
    """
    decoder = json.JSONDecoder()
    counted, line = 0, 1

    def skip(i: int) -> int:
        return _SPACE.match(text_, i).end()

    def expect(i: int, char: str, what: str) -> None:
        if text_[i : i + 1] != char:
            raise json.JSONDecodeError(f"Expecting {what}", text_, i)

    def array(i: int) -> Iterator[tuple[int, Any]]:
        nonlocal counted, line
        i = skip(i + 1)
        if text_[i : i + 1] == "]":
            return i + 1
        while True:
            line += text_.count("\n", counted, i)
            counted = i
            value, i = decoder.raw_decode(text_, i)
            yield line, value
            i = skip(i)
            if text_[i : i + 1] == "]":
                return i + 1
            expect(i, ",", "',' delimiter")
            i = skip(i + 1)

    i = skip(0)
    found = False
    if text_[i : i + 1] == "[":
        i = yield from array(i)
        found = True
    elif text_[i : i + 1] == "{":
        i = skip(i + 1)
        while text_[i : i + 1] != "}":
            key, i = decoder.raw_decode(text_, i)
            if not isinstance(key, str):
                raise json.JSONDecodeError("Expecting property name", text_, i)
            i = skip(i)
            expect(i, ":", "':' delimiter")
            i = skip(i + 1)
            if key in LIST_KEYS and not found and text_[i : i + 1] == "[":
                i = yield from array(i)
                found = True
            else:
                _value, i = decoder.raw_decode(text_, i)
            i = skip(i)
            if text_[i : i + 1] == ",":
                i = skip(i + 1)
            else:
                expect(i, "}", "',' delimiter")
        i += 1
    else:
        _value, i = decoder.raw_decode(text_, i)  # JSON, but no list of records
    i = skip(i)
    if i != len(text_):
        raise json.JSONDecodeError("Extra data", text_, i)
    if not found:
        raise _NoList()


def _nested(raw: dict, key: str, problems: _Problems) -> Any:
    """A field as a value: the API sends lists and objects as JSON text, the file as JSON."""
    value = raw.get(key)
    if isinstance(value, str) and value.lstrip()[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except json.JSONDecodeError as error:
            problems.add(key, "annuaire.embedded_json", detail=error.msg)
            return None
    return value


def _as_list(value: Any, path: str, problems: _Problems) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, dict):
        return [value]
    if not isinstance(value, list):
        problems.add(path, "error.list")
        return []
    return value


def _string(value: Any, path: str, problems: _Problems, limit: int | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        problems.add(path, "error.string")
        return ""
    value = " ".join(value.split())  # the source's line breaks and non-breaking spaces
    if limit and len(value) > limit:
        problems.add(path, "error.too_long", limit=limit)
    return value


def _valeur(item: Any) -> Any:
    """`{"valeur": …}` objects (phones, websites) and plain strings read alike."""
    return item.get("valeur") if isinstance(item, dict) else item


# --- what a record says ------------------------------------------------------------------


def _type(pivots: list) -> tuple[int, str] | None:
    """The first pivot of a type this import takes, with its position."""
    for index, pivot in enumerate(pivots):
        if isinstance(pivot, dict) and pivot.get("type_service_local") in DilaType.values:
            return index, pivot["type_service_local"]
    return None


def _address(raw: dict, problems: _Problems) -> tuple[int, dict] | None:
    """Where one goes: the address typed "Adresse", else the first that is not postal."""
    addresses = _as_list(_nested(raw, "adresse", problems), "adresse", problems)
    candidates = [(i, a) for i, a in enumerate(addresses) if isinstance(a, dict)]
    for index, item in enumerate(addresses):
        if not isinstance(item, dict):
            problems.add(f"adresse[{index}]", "error.object")
    for index, item in candidates:
        if str(item.get("type_adresse", "")).strip().lower() == "adresse":
            return index, item
    for index, item in candidates:
        if "postal" not in str(item.get("type_adresse", "")).lower():
            return index, item
    return None


def _coordinate(value: Any, path: str, limit: int, problems: _Problems) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value.strip().replace(",", ".") if isinstance(value, str) else value)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not math.isfinite(number):
        problems.add(path, "error.number")
        return None
    if not -limit <= number <= limit:
        problems.add(path, "error.latitude" if limit == 90 else "error.longitude")
        return None
    return number


def _phone(value: Any, path: str, problems: _Problems) -> str:
    number = _string(value, path, problems)
    if number and (len(number) > 30 or not PHONE.match(number)):
        problems.add(path, "error.phone")
        return ""
    return number


_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])


def _emails(raw: dict, problems: _Problems) -> tuple[str, ...]:
    value = _nested(raw, "adresse_courriel", problems)
    items = [value] if isinstance(value, str) else _as_list(value, "adresse_courriel", problems)
    found: list[str] = []
    for index, item in enumerate(items):
        path = "adresse_courriel" if isinstance(value, str) else f"adresse_courriel[{index}]"
        address = _string(_valeur(item), path, problems)
        if not address:
            continue
        try:
            _email(address)
        except ValidationError:
            problems.add(path, "error.email")
            continue
        if address not in found:
            found.append(address)
    return tuple(found)


def _website(raw: dict, problems: _Problems) -> str:
    value = _nested(raw, "site_internet", problems)
    items = [value] if isinstance(value, str) else _as_list(value, "site_internet", problems)
    for index, item in enumerate(items):
        path = "site_internet" if isinstance(value, str) else f"site_internet[{index}].valeur"
        url = _string(_valeur(item), path, problems, TEXT_LIMITS["website"])
        if not url:
            continue
        try:
            _url(url)
        except ValidationError:
            problems.add(path, "error.url")
            return ""
        return url
    return ""


# --- opening hours -------------------------------------------------------------------------

OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_DAY_NAMES = {
    name: index
    for names in (
        ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    )
    for index, name in enumerate(names)
}
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
END_OF_DAY = 24 * 60
# A range ending at 23:59, or at 00:00 after starting later, runs to midnight (24:00).


def _day(value: Any, path: str, problems: _Problems) -> int | None:
    if not isinstance(value, str) or not value.strip():
        problems.add(path, "error.required" if value in (None, "") else "annuaire.day")
        return None
    folded = unicodedata.normalize("NFKD", value.strip().lower())
    index = _DAY_NAMES.get("".join(c for c in folded if not unicodedata.combining(c)))
    if index is None:
        problems.add(path, "annuaire.day")
    return index


def _given(value: Any) -> bool:
    return not (value is None or (isinstance(value, str) and not value.strip()))


def _minutes(value: Any, path: str, problems: _Problems) -> int | None:
    """Minutes after midnight (24:00 is 1440); None, and an error, when unreadable."""
    found = _CLOCK.match(value.strip()) if isinstance(value, str) else None
    minutes = int(found.group(1)) * 60 + int(found.group(2)) if found else -1
    if not found or int(found.group(2)) > 59 or not 0 <= minutes <= END_OF_DAY:
        problems.add(path, "annuaire.time")
        return None
    return minutes


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _merged(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """A day's ranges in order, overlapping or touching ones joined (same times, fewer rules)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(ranges)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _day_list(days: list[int]) -> str:
    """Days in OSM's words: runs of three or more as "Mo-Fr", the rest listed ("Sa,Su")."""
    parts, run = [], [days[0]]
    for day in days[1:]:
        if day == run[-1] + 1:
            run.append(day)
            continue
        parts.append(run)
        run = [day]
    parts.append(run)
    words = []
    for run in parts:
        if len(run) >= 3:
            words.append(f"{OSM_DAYS[run[0]]}-{OSM_DAYS[run[-1]]}")
        else:
            words.extend(OSM_DAYS[day] for day in run)
    return ",".join(words)


def _span(first: int, last: int) -> list[int]:
    """The days from `first` to `last`, going round the week (Samedi → Lundi)."""
    return [(first + step) % 7 for step in range((last - first) % 7 + 1)]


def _days_note(first: int, last: int) -> str:
    names = messages.WEEKDAYS["fr"]
    if first == last:
        return f"du {names[first]}"
    return messages.text("hours.range_days", "fr", first=names[first], last=names[last])


def _hours(plages: list, problems: _Problems) -> tuple[str, list[str]]:
    """`plage_ouverture` as an OSM `opening_hours` expression, and its comments as notes.

    Each day gets the union of the ranges every plage gives it. A day a plage names with a
    comment but no time is stored as unknown (the site says "call"); a day no plage names is
    closed. The source's comments go to the notes, with their days.
    """
    week: list[list[tuple[int, int]]] = [[] for _ in OSM_DAYS]
    unknown = [False] * len(OSM_DAYS)
    notes: list[str] = []
    for index, plage in enumerate(plages):
        path = f"plage_ouverture[{index}]"
        if not isinstance(plage, dict):
            problems.add(path, "error.object")
            continue
        if not any(_given(value) for value in plage.values()):
            continue  # an empty item says nothing
        first = _day(plage.get("nom_jour_debut"), f"{path}.nom_jour_debut", problems)
        last = first
        if plage.get("nom_jour_fin") not in (None, ""):
            last = _day(plage.get("nom_jour_fin"), f"{path}.nom_jour_fin", problems)
        ranges = []
        for n in (1, 2):
            start_key, end_key = f"valeur_heure_debut_{n}", f"valeur_heure_fin_{n}"
            given = (_given(plage.get(start_key)), _given(plage.get(end_key)))
            if not any(given):
                continue
            if not all(given):
                missing = end_key if given[0] else start_key
                problems.add(f"{path}.{missing}", "annuaire.time_pair")
                continue
            start = _minutes(plage.get(start_key), f"{path}.{start_key}", problems)
            end = _minutes(plage.get(end_key), f"{path}.{end_key}", problems)
            if start is None or end is None:
                continue
            if (end == END_OF_DAY - 1 and start < end) or (end == 0 and start > 0):
                end = END_OF_DAY
            if end <= start:
                problems.add(f"{path}.{end_key}", "annuaire.time_order")
                continue
            ranges.append((start, end))
        comment = _string(plage.get("commentaire"), f"{path}.commentaire", problems)
        if first is None or last is None:
            continue
        for day in _span(first, last):
            week[day].extend(ranges)
            unknown[day] = unknown[day] or (not ranges and bool(comment))
        if comment:
            note = f"Horaires {_days_note(first, last)} : {comment}"
            if note not in notes:
                notes.append(note)

    days = [_merged(ranges) for ranges in week]
    if all(ranges == ((0, END_OF_DAY),) for ranges in days):
        return "24/7", notes
    groups: dict[Any, list[int]] = {}
    for day, ranges in enumerate(days):
        if ranges:
            groups.setdefault(ranges, []).append(day)
        elif unknown[day]:
            groups.setdefault("unknown", []).append(day)
    rules = []
    for key, members in groups.items():
        if key == "unknown":
            rules.append(f"{_day_list(members)} unknown")
        else:
            spans = ",".join(f"{_clock(start)}-{_clock(end)}" for start, end in key)
            rules.append(f"{_day_list(members)} {spans}")
    if not rules:
        return "", notes
    return "; ".join([*rules, HOLIDAYS_RULE]), notes


def osm_hours(plages: list) -> str:
    """The OSM expression for a `plage_ouverture` list; ValueError saying why if unreadable."""
    errors: list[RecordError] = []
    expression, _notes = _hours(plages, _Problems(1, 1, "fr", errors))
    if errors:
        raise ValueError("; ".join(f"{e.field}: {e.message}" for e in errors))
    return expression


# --- one record --------------------------------------------------------------------------


class _Skip:
    """A record of a type this import does not take."""


SKIP = _Skip()


def convert(raw: Any, problems: _Problems) -> Entry | _Skip | None:
    """One DILA record as an `Entry`; SKIP for a type not taken; None (errors added) if wrong."""
    if not isinstance(raw, dict):
        problems.add("$", "error.object")
        return None
    identifier = raw.get("id")
    if isinstance(identifier, int) and not isinstance(identifier, bool):
        identifier = str(identifier)
    problems.id = identifier.strip() if isinstance(identifier, str) else ""
    pivots = _as_list(_nested(raw, "pivot", problems), "pivot", problems)
    found = _type(pivots)
    if found is None or str(raw.get("statut_de_diffusion", "true")).lower() == "false":
        return SKIP if not problems.count else None
    pivot_index, dila_type = found

    identifier = problems.id
    if not identifier:
        problems.add("id", "error.required" if raw.get("id") in (None, "") else "error.string")
    slug = SLUG_PREFIX + identifier.lower()
    if identifier and (len(slug) > 100 or not SLUG.match(slug)):
        problems.add("id", "annuaire.id", limit=100 - len(SLUG_PREFIX))

    name = _string(raw.get("nom"), "nom", problems, TEXT_LIMITS["name"])
    if not name:
        problems.add("nom", "error.required")

    street = postcode = city = ""
    latitude = longitude = None
    chosen = _address(raw, problems)
    if chosen is not None:
        index, address = chosen
        path = f"adresse[{index}]"
        parts = [
            _string(address.get(key), f"{path}.{key}", problems)
            for key in ("complement1", "complement2", "numero_voie")
        ]
        street = ", ".join(part for part in parts if part)
        if len(street) > TEXT_LIMITS["street"]:
            problems.add(f"{path}.numero_voie", "error.too_long", limit=TEXT_LIMITS["street"])
        postcode = _string(address.get("code_postal"), f"{path}.code_postal", problems)
        if postcode and not POSTCODE.match(postcode):
            problems.add(f"{path}.code_postal", "error.postcode")
        city = _string(
            address.get("nom_commune"), f"{path}.nom_commune", problems, TEXT_LIMITS["city"]
        )
        latitude = _coordinate(address.get("latitude"), f"{path}.latitude", 90, problems)
        longitude = _coordinate(address.get("longitude"), f"{path}.longitude", 180, problems)
        if (latitude is None) != (longitude is None):
            missing = "longitude" if longitude is None else "latitude"
            problems.add(f"{path}.{missing}", "error.coordinates_pair")

    commune_code = _string(raw.get("code_insee_commune"), "code_insee_commune", problems).upper()
    if commune_code and not COMMUNE_CODE.match(commune_code):
        problems.add("code_insee_commune", "error.commune")

    phones: list[Phone] = []
    telephones = _as_list(_nested(raw, "telephone", problems), "telephone", problems)
    for index, item in enumerate(telephones):
        path = f"telephone[{index}].valeur" if isinstance(item, dict) else f"telephone[{index}]"
        number = _phone(_valeur(item), path, problems)
        if number and all(p.number != number for p in phones):
            phones.append(Phone(number))
    fax = ""
    faxes = _as_list(_nested(raw, "telecopie", problems), "telecopie", problems)
    for index, item in enumerate(faxes):
        fax = _phone(_valeur(item), f"telecopie[{index}]", problems)
        if fax:
            break

    plages = _as_list(_nested(raw, "plage_ouverture", problems), "plage_ouverture", problems)
    opening_hours, notes = _hours(plages, problems)
    if opening_hours:
        message = opening_hours_message(opening_hours, problems.lang)
        if message:  # a conversion this module cannot write: say so rather than store it
            problems.add_message("plage_ouverture", message)
    general = _string(
        raw.get("commentaire_plage_ouverture"), "commentaire_plage_ouverture", problems
    )
    if general:
        notes.insert(0, f"Horaires : {general}")
    notes_fr = "\n".join(notes)
    if len(notes_fr) > TEXT_LIMITS["notes_fr"]:
        problems.add("plage_ouverture", "error.too_long", limit=TEXT_LIMITS["notes_fr"])

    communes: list[str] = []
    pivot = pivots[pivot_index]
    codes = pivot.get("code_insee_commune")
    codes = [codes] if isinstance(codes, str) else codes
    path = f"pivot[{pivot_index}].code_insee_commune"
    for index, code in enumerate(_as_list(codes, path, problems)):
        code = code.strip().upper() if isinstance(code, str) else code
        if not isinstance(code, str) or not COMMUNE_CODE.match(code):
            problems.add(f"{path}[{index}]", "error.commune")
        elif code not in communes:
            communes.append(code)

    emails, website = _emails(raw, problems), _website(raw, problems)
    if problems.count:
        return None
    return Entry(
        slug=slug,
        kind=KIND_OF[dila_type].value,
        name=name,
        street=street,
        postcode=postcode,
        city=city,
        commune_code=commune_code,
        latitude=latitude,
        longitude=longitude,
        phones=tuple(phones),
        fax=fax,
        emails=emails,
        website=website,
        opening_hours=opening_hours,
        coverage_communes=tuple(communes),
        notes_fr=notes_fr,
        source=SOURCE.format(id=identifier),
    )


# --- the whole file ------------------------------------------------------------------------


def _decode(data: bytes | str, lang: str) -> tuple[str | None, list[RecordError]]:
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [RecordError(0, line, "", "$", text("error.encoding", lang))]


def read(data: bytes | str, lang: str = "fr") -> ReadResult:
    """Every record checked and converted; nothing kept if any record is wrong."""
    source, errors = _decode(data, lang)
    if source is None:
        return ReadResult(errors=errors)
    result = ReadResult()
    seen: dict[str, int] = {}
    count = 0
    try:
        for count, (line, raw) in enumerate(_scan(source), start=1):
            problems = _Problems(count, line, lang, result.errors)
            entry = convert(raw, problems)
            if entry is SKIP:
                result.skipped += 1
                continue
            if problems.id in seen:
                problems.add("id", "annuaire.duplicate", record=seen[problems.id])
            elif problems.id:
                seen[problems.id] = count
            if isinstance(entry, Entry) and not problems.count:
                result.entries.append(entry)
    except json.JSONDecodeError as error:
        message = text("error.json", lang, detail=error.msg)
        return ReadResult(errors=[RecordError(0, error.lineno, "", "$", message)])
    except _NoList:
        return ReadResult(errors=[RecordError(0, 1, "", "$", text("annuaire.no_list", lang))])
    if count == 0 and not result.errors:
        result.errors.append(RecordError(0, 1, "", "$", text("error.empty", lang)))
    if result.errors:
        return ReadResult(errors=sorted(result.errors, key=lambda e: e.record))
    return result


def archive_member(path: Path) -> bytes | None:
    """The records file inside the published archive (`all_latest.tar.bz2`); None if absent."""
    with tarfile.open(path) as archive:
        for member in archive:
            if member.isfile() and member.name.endswith(ARCHIVE_MEMBER_SUFFIX):
                stream = archive.extractfile(member)
                return stream.read() if stream is not None else None
    return None


def read_path(path: Path, lang: str = "fr") -> tuple[bytes | None, list[RecordError]]:
    """A file's bytes: the JSON itself, or the records file of the published archive.

    OSError goes to the caller (a missing or unreadable file is not a data error)."""
    if tarfile.is_tarfile(path):
        data = archive_member(path)
        if data is None:
            return None, [RecordError(0, 0, "", "$", text("annuaire.no_member", lang))]
        return data, []
    return path.read_bytes(), []


def check_dataset(dataset: str, lang: str = "fr") -> list[RecordError]:
    if len(dataset) <= DATASET_MAX_LENGTH and SLUG.match(dataset):
        return []
    message = text("annuaire.dataset", lang, limit=DATASET_MAX_LENGTH)
    return [RecordError(0, 0, "", "dataset", message)]


def import_annuaire(
    data: bytes | str, *, dataset: str = DEFAULT_DATASET, lang: str = "fr"
) -> ImportReport:
    """Check a whole DILA file, then store its services in one transaction, or nothing at all.

    Services are replaced by slug (`dila-<id>`), their coverage too; other services are left
    alone, and so are services of the dataset the file no longer lists.
    """
    errors = check_dataset(dataset, lang)
    if errors:
        return ImportReport(errors=tuple(errors))
    result = read(data, lang)
    if result.errors:
        return ImportReport(errors=tuple(result.errors))
    report = services.import_entries(result.entries, dataset=dataset)
    return ImportReport(
        created=report.created,
        updated=report.updated,
        skipped=result.skipped,
        without_coverage=sum(1 for entry in result.entries if not entry.coverage_communes),
    )
