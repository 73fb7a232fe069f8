"""The directory's public API: what the guide reads, and the only functions that write.

Each write is one transaction. Reads return frozen views already in the reader's language,
so the guide never touches the models. The territory app is imported inside the functions
that need it (to place a commune), which keeps the two apps loadable on their own.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from . import formats, messages
from .formats import ClosureEntry, Entry, FileFormat, Phone, RowError
from .hours import HoursStatus, describe, local_time, status
from .models import Closure, Coverage, CoverageLevel, Kind, PhoneUse, Service
from .validators import COMMUNE_CODE

SEED_PATH = Path(__file__).resolve().parent / "data" / "seed_nancy.json"
SEED_DATASET = "seed-nancy"


# --- views -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PhoneView:
    number: str
    use: str
    label: str  # "Depuis l'étranger", "By text message (SMS)"…
    href: str  # tel: link

    def __str__(self) -> str:
        return self.number


@dataclass(frozen=True)
class ServiceView:
    """A service as a reader sees it, in one language, at one instant."""

    id: str  # the stable slug
    kind: str
    kind_label: str
    name: str
    address_lines: tuple[str, ...]
    phones: tuple[PhoneView, ...]
    emails: tuple[str, ...]
    website: str
    hours_status: HoursStatus
    hours_lines: tuple[str, ...]
    distance_km: float | None
    terrorism_referent: bool
    notes: str
    fax: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "name": self.name,
            "address_lines": list(self.address_lines),
            "phones": [
                {"number": p.number, "use": p.use, "label": p.label, "href": p.href}
                for p in self.phones
            ],
            "fax": self.fax,
            "emails": list(self.emails),
            "website": self.website,
            "hours_status": {"open": self.hours_status.open, "text": self.hours_status.text},
            "hours_lines": list(self.hours_lines),
            "distance_km": self.distance_km,
            "terrorism_referent": self.terrorism_referent,
            "notes": self.notes,
        }


class UnknownCommune(ValueError):
    """The commune code is malformed or names no commune: a field error, never a 500."""

    field = "commune"

    def __init__(self, code: str, key: str):
        super().__init__(code)
        self.code, self.key = code, key

    def message(self, lang: str) -> str:
        return messages.text(self.key, lang)


def _tel(number: str) -> str:
    return "tel:" + re.sub(r"[^\d+]", "", number)


def _view(
    service: Service, lang: str, now: dt.datetime, distance: float | None = None
) -> ServiceView:
    city_line = " ".join(part for part in (service.postcode, service.city) if part)
    phones = tuple(
        PhoneView(
            number=phone["number"],
            use=phone.get("use", PhoneUse.MAIN),
            label=messages.text(f"phone.{phone.get('use', PhoneUse.MAIN)}", lang),
            href=_tel(phone["number"]),
        )
        for phone in service.phones
    )
    closures = list(service.closures.all())
    return ServiceView(
        id=service.slug,
        kind=service.kind,
        kind_label=Kind(service.kind).label_in(lang),
        name=service.name,
        address_lines=tuple(line for line in (service.street, city_line) if line),
        phones=phones,
        emails=tuple(service.emails),
        website=service.website,
        hours_status=status(service.opening_hours, closures, now, lang),
        hours_lines=tuple(describe(service.opening_hours, lang)),
        distance_km=distance,
        terrorism_referent=service.terrorism_referent,
        notes=service.notes(lang),
        fax=service.fax,
    )


class _Recent:
    """Directory reads kept for a minute per process: every plan page asks the same things.

    A write in this process clears it at once; other processes see a change within
    `SECONDS`. Only database rows are kept: hours are worked out again for each request.
    """

    SECONDS = 60.0

    def __init__(self) -> None:
        self._entries: dict[tuple, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple, load: Callable[[], Any]) -> Any:
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and now - entry[0] < self.SECONDS:
            return entry[1]
        value = load()
        with self._lock:
            if len(self._entries) > 4096:
                self._entries.clear()
            self._entries[key] = (now, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_recent = _Recent()


def forget_cached_reads() -> None:
    """Drop this process's recent directory reads (after a write, and between tests)."""
    _recent.clear()


def _writes(function):
    """A write clears the recent reads now, and again once its transaction commits."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        _recent.clear()
        transaction.on_commit(_recent.clear)
        return function(*args, **kwargs)

    return wrapper


def _territory():
    """appui.territory's search functions, imported when first needed."""
    from appui.territory import services as territory

    return territory


def _upcoming_closures(now: dt.datetime) -> Prefetch:
    today = local_time(now).date()
    return Prefetch("closures", queryset=Closure.objects.filter(end__gte=today))


def locate_commune(code: str) -> Any:
    """The territory's `CommuneHit` for an INSEE code; UnknownCommune when there is none."""
    code = (code or "").strip().upper()
    if not COMMUNE_CODE.match(code):
        raise UnknownCommune(code, "error.commune")
    hit = _territory().get_commune(code)
    if hit is None:
        raise UnknownCommune(code, "error.unknown_commune")
    return hit


def services_for_commune(
    code: str,
    *,
    lang: str = "fr",
    now: dt.datetime | None = None,
    kinds: set[str] | None = None,
    include_national: bool = False,
) -> list[ServiceView]:
    """The services covering a commune (by its code or its département), nearest first.

    Services covering all France (a ministry's delegation, the national numbers) are not
    "near" anyone: they come only with `include_national`, after the local ones. National
    numbers are left to `national_numbers` unless `kinds` asks for them too.
    Distance runs from the commune's centre to the service's coordinates, else to the centre
    of the service's own commune; services that cannot be placed come last of their group.
    """
    lang = messages.language(lang)
    now = now or timezone.now()
    territory = _territory()
    hit = locate_commune(code)
    covering = Q(coverage__level=CoverageLevel.COMMUNE, coverage__code=hit.code) | Q(
        coverage__level=CoverageLevel.DEPARTEMENT, coverage__code=hit.departement_code
    )
    if include_national:
        covering |= Q(coverage__level=CoverageLevel.NATIONAL)
    today = local_time(now).date()
    key = ("commune", hit.code, include_national, frozenset(kinds or ()), today)
    ranked = _recent.get(key, lambda: _ranked(hit, covering, kinds, now, territory))
    return [_view(service, lang, now, km) for service, km in ranked]


def _ranked(hit, covering: Q, kinds: set[str] | None, now: dt.datetime, territory) -> list:
    """The covering services with their distance, nearest first (a database read)."""
    queryset = Service.objects.filter(covering).distinct()
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    else:
        queryset = queryset.exclude(kind=Kind.NATIONAL_NUMBER)
    queryset = queryset.prefetch_related(_upcoming_closures(now), "coverage")

    centres: dict[str, Any] = {}

    def distance(service: Service) -> float | None:
        if service.latitude is not None and service.longitude is not None:
            found = territory.distance_km(hit, service.latitude, service.longitude)
        elif service.commune_code:
            if service.commune_code not in centres:
                centres[service.commune_code] = territory.get_commune(service.commune_code)
            place = centres[service.commune_code]
            if place is None or place.latitude is None or place.longitude is None:
                return None
            found = territory.distance_km(hit, place.latitude, place.longitude)
        else:
            return None
        return None if found is None else round(found, 1)

    ranked = []
    for service in queryset:
        local = any(area.level != CoverageLevel.NATIONAL for area in service.coverage.all())
        km = distance(service)
        ranked.append(((not local, km is None, km or 0.0, service.name), service, km))
    ranked.sort(key=lambda item: item[0])
    return [(service, km) for _key, service, km in ranked]


def national_numbers(lang: str = "fr", *, now: dt.datetime | None = None) -> list[ServiceView]:
    """The free national numbers (17, 112, 114, 116 006, 3919, 119), in the order entered."""
    lang = messages.language(lang)
    now = now or timezone.now()
    rows = _recent.get(
        ("national", local_time(now).date()),
        lambda: list(
            Service.objects.filter(kind=Kind.NATIONAL_NUMBER)
            .order_by("pk")
            .prefetch_related(_upcoming_closures(now))
        ),
    )
    return [_view(service, lang, now) for service in rows]


# --- import and export -----------------------------------------------------------------


@dataclass(frozen=True)
class ImportReport:
    """What an import did, or why it did nothing (`errors` not empty: nothing was written)."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    errors: tuple[RowError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        if self.errors:
            return {"errors": [error.as_dict() for error in self.errors]}
        return {"created": self.created, "updated": self.updated, "deleted": self.deleted}


def _store(entry: Entry, dataset: str | None) -> bool:
    """Create or replace one service by its slug; True when it is new."""
    fields = {
        "kind": entry.kind,
        "name": entry.name,
        "street": entry.street,
        "postcode": entry.postcode,
        "city": entry.city,
        "commune_code": entry.commune_code,
        "latitude": entry.latitude,
        "longitude": entry.longitude,
        "phones": [{"number": p.number, "use": p.use} for p in entry.phones],
        "fax": entry.fax,
        "emails": list(entry.emails),
        "website": entry.website,
        "opening_hours": entry.opening_hours,
        "terrorism_referent": entry.terrorism_referent,
        "notes_fr": entry.notes_fr,
        "notes_en": entry.notes_en,
        "notes_es": entry.notes_es,
        "source": entry.source,
    }
    if dataset is not None:
        fields["dataset"] = dataset
    service, created = Service.objects.update_or_create(slug=entry.slug, defaults=fields)
    service.coverage.all().delete()
    areas = []
    if entry.coverage_national:
        areas.append(Coverage(service=service, level=CoverageLevel.NATIONAL, code=""))
    areas += [
        Coverage(service=service, level=CoverageLevel.DEPARTEMENT, code=code)
        for code in entry.coverage_departements
    ]
    areas += [
        Coverage(service=service, level=CoverageLevel.COMMUNE, code=code)
        for code in entry.coverage_communes
    ]
    Coverage.objects.bulk_create(areas)
    service.closures.all().delete()
    Closure.objects.bulk_create(
        Closure(service=service, start=c.start, end=c.end, reason=c.reason) for c in entry.closures
    )
    return created


@transaction.atomic
@_writes
def import_entries(entries: list[Entry], *, dataset: str | None = None) -> ImportReport:
    """Store checked entries, replacing those with the same slug (coverage and closures too)."""
    created = sum(_store(entry, dataset) for entry in entries)
    return ImportReport(created=created, updated=len(entries) - created)


def import_file(data: bytes | str, file_format: str, *, lang: str = "fr") -> ImportReport:
    """Check a whole file, then import all of it in one transaction, or nothing at all."""
    result = formats.read(data, file_format, lang)
    if result.errors:
        return ImportReport(errors=tuple(result.errors))
    return import_entries(result.entries)


@transaction.atomic
@_writes
def load_seed(path: Path = SEED_PATH, *, lang: str = "fr") -> ImportReport:
    """Load the shipped directory again: its entries replaced by slug, its dropped ones removed.

    Services entered by hand or imported from another file are left alone.
    """
    result = formats.read_json(path.read_bytes(), lang)
    if result.errors:
        return ImportReport(errors=tuple(result.errors))
    report = import_entries(result.entries, dataset=SEED_DATASET)
    slugs = [entry.slug for entry in result.entries]
    stale = Service.objects.filter(dataset=SEED_DATASET).exclude(slug__in=slugs)
    _total, by_model = stale.delete()
    deleted = by_model.get(Service._meta.label, 0)
    return ImportReport(created=report.created, updated=report.updated, deleted=deleted)


def entry_of(service: Service) -> Entry:
    areas = list(service.coverage.all())
    return Entry(
        slug=service.slug,
        kind=service.kind,
        name=service.name,
        street=service.street,
        postcode=service.postcode,
        city=service.city,
        commune_code=service.commune_code,
        latitude=service.latitude,
        longitude=service.longitude,
        phones=tuple(Phone(p["number"], p.get("use", PhoneUse.MAIN)) for p in service.phones),
        fax=service.fax,
        emails=tuple(service.emails),
        website=service.website,
        opening_hours=service.opening_hours,
        terrorism_referent=service.terrorism_referent,
        coverage_national=any(a.level == CoverageLevel.NATIONAL for a in areas),
        coverage_departements=tuple(a.code for a in areas if a.level == CoverageLevel.DEPARTEMENT),
        coverage_communes=tuple(a.code for a in areas if a.level == CoverageLevel.COMMUNE),
        closures=tuple(
            ClosureEntry(c.start, c.end, c.reason)
            for c in sorted(service.closures.all(), key=lambda c: (c.start, c.end))
        ),
        notes_fr=service.notes_fr,
        notes_en=service.notes_en,
        notes_es=service.notes_es,
        source=service.source,
    )


def export(file_format: str = FileFormat.JSON) -> str:
    """The whole directory in an import format, ordered by slug (stable diffs)."""
    services = Service.objects.order_by("slug").prefetch_related("coverage", "closures")
    entries = [entry_of(service) for service in services]
    if file_format == FileFormat.CSV:
        return formats.write_csv(entries)
    return formats.write_json(entries)


# --- edits from the administration -----------------------------------------------------


@transaction.atomic
@_writes
def save_service(service: Service) -> Service:
    """Check and save a service edited by hand (the admin form has already cleaned it)."""
    service.full_clean()
    service.save()
    return service


@transaction.atomic
@_writes
def save_service_parts(
    service: Service,
    *,
    saved: Iterable[Coverage | Closure] = (),
    deleted: Iterable[Coverage | Closure] = (),
) -> None:
    """Save the areas and closures edited on a service's page, after deleting those removed.

    Their fields are checked again; uniqueness is left to the page's form set, which
    compares the rows it edits with one another, and to the database's constraints.
    """
    for part in deleted:
        part.delete()
    for part in saved:
        part.service = service
        part.full_clean(validate_unique=False, validate_constraints=False)
        part.save()


@transaction.atomic
@_writes
def delete_service(service: Service) -> None:
    service.delete()


@transaction.atomic
@_writes
def delete_services(queryset) -> int:
    """Delete several services at once (their coverage and closures go with them)."""
    _total, by_model = queryset.delete()
    return by_model.get(Service._meta.label, 0)


@transaction.atomic
@_writes
def add_closure(service: Service, start: dt.date, end: dt.date, reason: str = "") -> Closure:
    """Record a temporary closure; it overrides the usual hours, both days included."""
    closure = Closure(service=service, start=start, end=end, reason=reason)
    closure.full_clean()
    closure.save()
    return closure
