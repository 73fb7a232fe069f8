"""The territory app's public API: commune search, courts, and the only writes.

Other apps code against `search`, `resolve`, `get_commune`, `distance_km`, `normalise`,
`CommuneHit` and `court_for`. Searches run on an in-memory index (see `index.py`) built
once per process from the database; each search compares the loaded dataset's token with
the index's, so an index is rebuilt after any `load`, in this process or another one.
Within one web request the token is read once (`begin_request`), however many towns a page
labels.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections import defaultdict
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from . import courts as court_file
from . import datafile
from .choices import CommuneKind, CourtKind
from .index import CommuneHit, CommuneIndex, Resolution, distance_km, normalise
from .models import Commune, Court, CourtArea, Dataset, Departement, Postcode, Region

__all__ = [
    "CommuneHit",
    "CourtImport",
    "LoadResult",
    "Resolution",
    "court_for",
    "current_index",
    "distance_km",
    "get_commune",
    "import_courts",
    "load",
    "normalise",
    "resolve",
    "search",
    "unload",
]

BATCH = 2000
_DELETE_BATCH = 500  # SQLite allows few parameters per query
_TOKEN_SQL = f"SELECT token FROM {Dataset._meta.db_table} ORDER BY id LIMIT 1"  # noqa: S608


# Search ----------------------------------------------------------------------------------


def search(query: str, limit: int = 10) -> list[CommuneHit]:
    """Communes matching a name or postcode prefix, best first (see `index.py` for the order)."""
    return current_index().search(query, limit)


def resolve(text: str, *, codes: bool = True) -> Resolution:
    """The commune someone typed ("Nancy", "54000", "Nancy (54)", with `codes` an INSEE code),
    else the candidates to choose from (see `CommuneIndex.resolve`)."""
    return current_index().resolve(text, codes=codes)


def get_commune(code: str) -> CommuneHit | None:
    """The commune (or municipal arrondissement) with this INSEE code, if loaded."""
    return current_index().get(code.strip().upper())


class _IndexCache:
    def __init__(self) -> None:
        self.token: str | None = None
        self.index = CommuneIndex(())
        self.lock = threading.Lock()

    def get(self) -> CommuneIndex:
        token = _loaded_token()
        if token != self.token:
            with self.lock:
                if token != self.token:
                    self.index = _index_from_database()
                    self.token = token
        return self.index


_cache = _IndexCache()
# The index a web request has checked, so that labelling a list of towns asks the database
# once, not once per town; None outside requests (commands, the worker), which check each time.
_request: ContextVar[dict | None] = ContextVar("territory_request", default=None)


def current_index() -> CommuneIndex:
    """This process's index, rebuilt first if the database holds another load."""
    scope = _request.get()
    if scope is None:
        return _cache.get()
    index = scope.get("index")
    if index is None:
        index = scope["index"] = _cache.get()
    return index


def begin_request(**_signal) -> None:
    """Django's `request_started`: the request's first search checks the loaded dataset."""
    _request.set({})


def end_request(**_signal) -> None:
    """Django's `request_finished`."""
    _request.set(None)


def _forget_request_index() -> None:
    scope = _request.get()
    if scope is not None:
        scope.clear()


def _loaded_token() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(_TOKEN_SQL)
        row = cursor.fetchone()
    return row[0] if row else None


def _index_from_database() -> CommuneIndex:
    departements = dict(Departement.objects.values_list("code", "name"))
    postcodes: dict[str, list[str]] = defaultdict(list)
    for commune, code in Postcode.objects.order_by("commune_id", "code").values_list(
        "commune_id", "code"
    ):
        postcodes[commune].append(code)
    rows = Commune.objects.order_by().values_list(
        "code", "name", "departement_id", "latitude", "longitude", "kind", "population"
    )
    return CommuneIndex(
        CommuneHit(
            code=code,
            name=name,
            postcodes=tuple(postcodes[code]),
            departement_code=dep,
            departement_name=departements[dep],
            latitude=lat,
            longitude=lon,
            kind=kind,
            population=population,
        )
        for code, name, dep, lat, lon, kind, population in rows
    )


# Loading the committed data file ---------------------------------------------------------


@dataclass(frozen=True)
class LoadResult:
    status: str  # "loaded", or "current" when this file was already loaded
    vintage: str
    built: str
    communes: int
    departements: int
    regions: int
    postcodes: int
    seconds: float

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def load(path: Path = datafile.DATA_FILE, *, force: bool = False) -> LoadResult:
    """Load (or update to) the data file's communes; does nothing if it is already loaded.

    Communes are updated in place rather than deleted and re-created, so court areas
    survive a new vintage; communes that left the file are deleted with their areas.
    """
    started = time.perf_counter()
    raw = Path(path).read_bytes()
    current = Dataset.objects.first()
    if current and not force and current.checksum == datafile.checksum(raw):
        return LoadResult(
            status="current",
            vintage=current.vintage,
            built=current.built.isoformat(),
            communes=Commune.objects.count(),
            departements=Departement.objects.count(),
            regions=Region.objects.count(),
            postcodes=Postcode.objects.count(),
            seconds=round(time.perf_counter() - started, 3),
        )
    data = datafile.parse(raw)
    _forget_request_index()
    with transaction.atomic():
        _upsert(Region, ["code", "name"], data.regions)
        _upsert(Departement, ["code", "name", "region"], data.departements)
        # Parents come first in the file, so an arrondissement never points to a missing row.
        _upsert(
            Commune,
            [
                "code",
                "name",
                "search_name",
                "kind",
                "departement",
                "parent",
                "latitude",
                "longitude",
                "centre_source",
                "population",
            ],
            [
                (
                    c.code,
                    c.name,
                    normalise(c.name)[:100],
                    c.kind,
                    c.departement,
                    c.parent or None,
                    c.latitude,
                    c.longitude,
                    c.centre_source,
                    c.population,
                )
                for c in data.communes
            ],
        )
        Postcode.objects.all().delete()
        _delete_missing(Commune, {c.code for c in data.communes})
        _delete_missing(Departement, {d[0] for d in data.departements})
        _delete_missing(Region, {r[0] for r in data.regions})
        _insert(
            Postcode,
            ["code", "commune", "delivery_label"],
            [(pc, c.code, label) for c in data.communes for pc, label in c.postcodes],
        )
        Dataset.objects.all().delete()
        Dataset.objects.create(
            vintage=data.vintage,
            built=dt.date.fromisoformat(data.built),
            checksum=data.checksum,
            token=uuid.uuid4().hex,
            loaded_at=timezone.now(),
            sources=data.sources,
        )
    return LoadResult(
        status="loaded",
        vintage=data.vintage,
        built=data.built,
        communes=len(data.communes),
        departements=len(data.departements),
        regions=len(data.regions),
        postcodes=sum(len(c.postcodes) for c in data.communes),
        seconds=round(time.perf_counter() - started, 3),
    )


def _insert(model, fields: list[str], rows: list[tuple], upsert: bool = False) -> None:
    """Raw INSERTs: building 35,000 model instances for `bulk_create` takes seconds.

    PostgreSQL gets one array per column (`unnest`), SQLite one prepared row repeated.
    """
    # Table and column names come from the models, values go as parameters.
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name) for name in fields]
    sql = "INSERT INTO {} ({}) ".format(  # noqa: S608
        quote(model._meta.db_table), ", ".join(quote(c.column) for c in columns)
    )
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{c.db_type(connection)}[]" for c in columns)
        sql += f"SELECT * FROM unnest({arrays})"  # noqa: S608
    else:
        sql += "VALUES ({})".format(", ".join(["%s"] * len(columns)))
    if upsert:
        # Rows that did not change are left alone: a reload then writes only what changed.
        pk = model._meta.pk.column
        table = quote(model._meta.db_table)
        others = [quote(c.column) for c in columns if c.column != pk]
        differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
        sql += " ON CONFLICT ({}) DO UPDATE SET {} WHERE ({}) {} ({})".format(
            quote(pk),
            ", ".join(f"{c} = excluded.{c}" for c in others),
            ", ".join(f"{table}.{c}" for c in others),
            differs,
            ", ".join(f"excluded.{c}" for c in others),
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                sql,
                [list(values) for values in zip(*rows, strict=True)]
                if rows
                else [[]] * len(columns),
            )
        else:
            cursor.executemany(sql, rows)


def _upsert(model, fields: list[str], rows: list[tuple]) -> None:
    _insert(model, fields, rows, upsert=True)


def _delete_missing(model, keep: set[str]) -> None:
    """Delete the rows whose key left the file, with their court areas.

    Plain DELETEs: Django's cascade would first load every row (seconds for 35,000).
    The callers delete the postcodes beforehand, and a parent commune never leaves
    without its arrondissements.
    """
    stale = sorted(set(model.objects.values_list("pk", flat=True)) - keep)
    for start in range(0, len(stale), _DELETE_BATCH):
        batch = stale[start : start + _DELETE_BATCH]
        if model is Commune:
            CourtArea.objects.filter(commune_id__in=batch).delete()
        _raw_delete(model, batch)


def _raw_delete(model, keys: list[str] | None = None) -> None:
    quote = connection.ops.quote_name
    sql = f"DELETE FROM {quote(model._meta.db_table)}"  # noqa: S608 (names from the model)
    params: list[str] = []
    if keys is not None:
        sql += " WHERE {} IN ({})".format(
            quote(model._meta.pk.column), ", ".join(["%s"] * len(keys))
        )
        params = keys
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def unload() -> None:
    """Remove every commune, postcode, département, région, court and court area."""
    _forget_request_index()
    with transaction.atomic():
        for model in (CourtArea, Court, Postcode, Dataset):
            model.objects.all().delete()
        for model in (Commune, Departement, Region):
            _raw_delete(model)


# Courts ----------------------------------------------------------------------------------


def court_for(commune_code: str, kind: str = CourtKind.TRIBUNAL_JUDICIAIRE) -> Court | None:
    """The court of this kind whose territory holds the commune, if the table was imported.

    A municipal arrondissement listed on its own has its own court; otherwise it shares
    its parent commune's (the Ministry lists Paris, Lyon and Marseille either way).
    """
    code = commune_code.strip().upper()
    areas = CourtArea.objects.select_related("court").filter(kind=kind)
    area = areas.filter(commune_id=code).first()
    if area is None:
        parent = (
            Commune.objects.filter(code=code, kind=CommuneKind.ARRONDISSEMENT)
            .values_list("parent_id", flat=True)
            .first()
        )
        if parent:
            area = areas.filter(commune_id=parent).first()
    return area.court if area else None


@dataclass(frozen=True)
class CourtImport:
    errors: list[dict] = field(default_factory=list)
    communes: int = 0
    courts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        if self.errors:
            return {"errors": self.errors}
        return {"communes": self.communes, "courts": self.courts}


def import_courts(source: Path | bytes, lang: str = "fr") -> CourtImport:
    """Replace the court areas with those of the Ministry's file, or change nothing.

    Any bad line (unknown commune, missing column or value, conflicting court names)
    means nothing is imported; the result lists every error with its line and column.
    """
    try:
        raw = source if isinstance(source, bytes) else Path(source).read_bytes()
        text = court_file.decode(raw)
    except (OSError, UnicodeDecodeError) as exc:
        return CourtImport(errors=[court_file.file_error(exc, lang)])
    known = set(Commune.objects.values_list("code", flat=True))
    if not known:
        return CourtImport(errors=[court_file.no_territory(lang)])
    try:
        rows = court_file.parse(text, known, lang)
    except court_file.CourtFileError as exc:
        return CourtImport(errors=exc.errors)

    names = {(a.kind, a.number): a.name for row in rows for a in row.assignments}
    with transaction.atomic():
        CourtArea.objects.all().delete()
        Court.objects.bulk_create(
            [Court(kind=k, number=n, name=name) for (k, n), name in names.items()],
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["kind", "number"],
            update_fields=["name"],
        )
        ids = {(k, n): pk for pk, k, n in Court.objects.values_list("pk", "kind", "number")}
        CourtArea.objects.bulk_create(
            (
                CourtArea(
                    commune_id=row.commune,
                    court_id=ids[(a.kind, a.number)],
                    kind=a.kind,
                    origin=a.origin,
                )
                for row in rows
                for a in row.assignments
            ),
            batch_size=BATCH,
        )
        Court.objects.filter(areas__isnull=True).delete()
    counts: dict[str, int] = defaultdict(int)
    for kind, _ in names:
        counts[kind] += 1
    return CourtImport(communes=len(rows), courts=dict(sorted(counts.items())))
