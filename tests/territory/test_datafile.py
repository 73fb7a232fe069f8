"""The committed data file: complete, coherent, and documented."""

import re
from collections import Counter

from appui.territory import datafile
from appui.territory.build import PACKAGES, VINTAGE
from appui.territory.choices import CentreSource, CommuneKind

# (south, north, west, east), generous: a centre outside is a swapped or broken coordinate.
BOXES = {
    "metropolitan": (41.3, 51.2, -5.3, 9.6),  # Corsica included
    "971": (15.8, 16.6, -61.9, -60.9),  # Guadeloupe
    "972": (14.3, 14.95, -61.3, -60.75),  # Martinique
    "973": (2.1, 5.8, -54.7, -51.5),  # Guyane
    "974": (-21.45, -20.85, 55.2, 55.85),  # La Réunion
    "976": (-13.05, -12.6, 44.95, 45.35),  # Mayotte
}
# The Terres australes et antarctiques françaises districts have no postcode in any source.
WITHOUT_POSTCODE = {"98411", "98412", "98413", "98414", "98415"}


def test_every_commune_of_france(france_data):
    communes = france_data.communes
    assert len(communes) >= 34_000
    codes = [c.code for c in communes]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"(?:[0-9]{2}|2A|2B)[0-9]{3}", code) for code in codes)
    kinds = Counter(c.kind for c in communes)
    assert set(kinds) == {CommuneKind.COMMUNE, CommuneKind.ARRONDISSEMENT}
    assert kinds[CommuneKind.ARRONDISSEMENT] == 45  # Paris 20, Marseille 16, Lyon 9


def test_every_departement_and_region_is_present(france_data):
    departements = {code for code, _, _ in france_data.departements}
    assert len(departements) >= 101
    assert {"01", "2A", "2B", "55", "54", "88", "95", "971", "972", "973", "974", "976"} <= (
        departements
    )
    assert {c.departement for c in france_data.communes} == departements
    regions = {code for code, _ in france_data.regions}
    assert {region for _, _, region in france_data.departements} <= regions
    assert len(regions) >= 18


def test_every_commune_has_a_postcode(france_data):
    without = {c.code for c in france_data.communes if not c.postcodes}
    assert without == WITHOUT_POSTCODE
    for commune in france_data.communes:
        for postcode, _label in commune.postcodes:
            assert re.fullmatch(r"[0-9]{5}", postcode), (commune.code, postcode)
    labelled = sum(1 for c in france_data.communes for _, label in c.postcodes if label)
    assert labelled / sum(len(c.postcodes) for c in france_data.communes) > 0.99


def test_arrondissements_belong_to_their_city(france_data):
    by_code = {c.code: c for c in france_data.communes}
    parents = Counter(
        c.parent for c in france_data.communes if c.kind == CommuneKind.ARRONDISSEMENT
    )
    assert parents == {"75056": 20, "13055": 16, "69123": 9}
    assert all(by_code[p].kind == CommuneKind.COMMUNE for p in parents)
    assert all(not c.parent for c in france_data.communes if c.kind == CommuneKind.COMMUNE)
    # The city carries every postcode of its arrondissements.
    for parent in parents:
        own = {pc for pc, _ in by_code[parent].postcodes}
        children = {pc for c in france_data.communes if c.parent == parent for pc, _ in c.postcodes}
        assert children <= own


def test_centres_lie_within_france(france_data):
    placed = 0
    for commune in france_data.communes:
        if commune.latitude is None:
            assert commune.longitude is None
            assert commune.centre_source == CentreSource.NONE
            continue
        placed += 1
        box = BOXES.get(commune.departement, BOXES["metropolitan"])
        south, north, west, east = box
        assert south <= commune.latitude <= north, commune
        assert west <= commune.longitude <= east, commune
    assert placed / len(france_data.communes) > 0.99
    # In the départements (metropolitan and overseas), only a few recent communes lack one.
    missing = [
        c.code
        for c in france_data.communes
        if c.latitude is None and (len(c.departement) == 2 or c.departement in BOXES)
    ]
    assert len(missing) < 20


def test_populations(france_data):
    by_code = {c.code: c for c in france_data.communes}
    assert by_code["75056"].population > 2_000_000
    assert all(c.population is None or c.population >= 0 for c in france_data.communes)


def test_licence_names_sources_versions_and_vintage(france_data):
    licence = (datafile.DATA_DIR / "LICENCE.md").read_text(encoding="utf-8")
    assert france_data.sources == {name: version for name, version in PACKAGES.values()}
    for name, version in PACKAGES.values():
        assert f"`{name}` {version}" in licence
    assert "Licence Ouverte" in licence and "MIT" in licence
    assert france_data.vintage == VINTAGE
    assert f"Built: {france_data.built}." in licence
    assert f"{len(france_data.communes)} communes" in licence


def test_the_file_stays_compact():
    assert 200_000 < datafile.DATA_FILE.stat().st_size < 1_500_000
