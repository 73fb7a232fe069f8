"""Loading successive vintages into an empty database: idempotent, and search follows.

No module fixture here: each test starts from an empty territory, as a new site does.
"""

import gzip
import json

import pytest

from appui.territory import datafile, services
from appui.territory.choices import CourtKind
from appui.territory.models import Commune, Court, CourtArea, Dataset, Departement, Postcode

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db


def subset(tmp_path, departements: set[str]):
    """A data file holding only the communes of some départements (a smaller vintage)."""
    document = json.loads(gzip.decompress(datafile.DATA_FILE.read_bytes()))
    columns = document["communes"]
    keep = [i for i, dep in enumerate(columns["dep"]) if dep in departements]
    document["communes"] = {key: [values[i] for i in keep] for key, values in columns.items()}
    document["departements"] = [d for d in document["departements"] if d[0] in departements]
    path = tmp_path / "subset.json.gz"
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    return path, len(keep)


def snapshot():
    return (
        list(Commune.objects.order_by("code").values_list()),
        list(Postcode.objects.order_by("code", "commune").values_list("code", "commune")),
    )


def test_load_all_of_france_then_skip_when_current(france_data):
    services.unload()
    first = services.load()
    assert first.status == "loaded"
    assert first.communes == Commune.objects.count() == len(france_data.communes)
    assert first.departements == Departement.objects.count() == len(france_data.departements)
    assert first.postcodes == Postcode.objects.count()
    assert first.seconds < 15
    token, before = Dataset.objects.get().token, snapshot()

    second = services.load()
    assert second.status == "current"
    assert second.communes == first.communes
    assert Dataset.objects.get().token == token
    assert snapshot() == before


def test_search_follows_the_database(tmp_path):
    services.unload()
    assert services.search("epinal") == []
    assert services.get_commune("88160") is None
    path, count = subset(tmp_path, {"88"})
    assert services.load(path).communes == count
    assert [hit.code for hit in services.search("epinal")] == ["88160"]
    assert services.search("nancy") == []  # Meurthe-et-Moselle is not loaded
    services.load()
    assert services.search("nancy")[0].code == "54395"
    assert services.get_commune("54395").name == "Nancy"
    assert services.get_commune(" 2a004 ").name == "Ajaccio"


def test_a_new_vintage_removes_communes_that_left_and_keeps_court_areas(tmp_path):
    services.unload()
    services.load()
    assert services.import_courts(FIXTURES / "courts.csv").ok
    path, count = subset(tmp_path, {"88", "54"})
    services.load(path)
    assert Commune.objects.count() == count
    assert not Commune.objects.filter(departement_id="55").exists()
    assert not Departement.objects.filter(code="55").exists()
    assert services.court_for("88413").name == "Épinal"  # kept
    assert services.court_for("54395").name == "Nancy"
    assert services.court_for("55545") is None  # Verdun left with its commune
    assert not CourtArea.objects.filter(commune_id="55545").exists()
    assert Court.objects.filter(kind=CourtKind.TRIBUNAL_JUDICIAIRE, name="Verdun").exists()
