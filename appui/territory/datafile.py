"""The committed territory file: where it lives, its layout, and how to read it.

`data/communes.json.gz` is gzip-compressed JSON built by `build.py`:

    {"format": 1, "vintage": "2026", "built": "YYYY-MM-DD", "sources": {package: version},
     "regions": [[code, name], ...],
     "departements": [[code, name, region_code], ...],
     "communes": {"code": [...], "name": [...], "kind": ["c" | "a", ...],
                  "dep": [...], "parent": ["" | parent code, ...],
                  "lat": [float | null, ...], "lon": [...], "centre": [CentreSource, ...],
                  "pop": [int | null, ...], "pc": [[[postcode, libellé d'acheminement], ...], ...]}}

Columns rather than one object per commune keep the file small (keys are written once).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .choices import CentreSource, CommuneKind

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILE = DATA_DIR / "communes.json.gz"
FORMAT = 1
KINDS = {"c": CommuneKind.COMMUNE.value, "a": CommuneKind.ARRONDISSEMENT.value}

__all__ = ["DATA_FILE", "FORMAT", "CentreSource", "CommuneRecord", "TerritoryData", "read"]


@dataclass(frozen=True, slots=True)
class CommuneRecord:
    code: str
    name: str
    kind: str
    departement: str
    parent: str
    latitude: float | None
    longitude: float | None
    centre_source: str
    population: int | None
    postcodes: tuple[tuple[str, str], ...]  # (postcode, libellé d'acheminement)


@dataclass(frozen=True, slots=True)
class TerritoryData:
    vintage: str
    built: str
    sources: dict[str, str]
    checksum: str
    regions: list[tuple[str, str]]
    departements: list[tuple[str, str, str]]
    communes: list[CommuneRecord]


def checksum(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def parse(raw: bytes) -> TerritoryData:
    document = json.loads(gzip.decompress(raw))
    if document.get("format") != FORMAT:
        raise ValueError(f"unsupported territory file format {document.get('format')!r}")
    c = document["communes"]
    communes = [
        CommuneRecord(
            code=code,
            name=name,
            kind=KINDS[kind],
            departement=dep,
            parent=parent,
            latitude=None if lat is None else float(lat),
            longitude=None if lon is None else float(lon),
            centre_source=centre,
            population=pop,
            postcodes=tuple((pc, label) for pc, label in pcs),
        )
        for code, name, kind, dep, parent, lat, lon, centre, pop, pcs in zip(
            c["code"],
            c["name"],
            c["kind"],
            c["dep"],
            c["parent"],
            c["lat"],
            c["lon"],
            c["centre"],
            c["pop"],
            c["pc"],
            strict=True,
        )
    ]
    return TerritoryData(
        vintage=document["vintage"],
        built=document["built"],
        sources=document["sources"],
        checksum=checksum(raw),
        regions=[tuple(r) for r in document["regions"]],
        departements=[tuple(d) for d in document["departements"]],
        communes=communes,
    )


def read(path: Path = DATA_FILE) -> TerritoryData:
    return parse(Path(path).read_bytes())
