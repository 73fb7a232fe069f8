"""What `services.load` stores, and how a forced load and `unload` behave."""

import pytest

from appui.territory import datafile, services
from appui.territory.models import Commune, Court, CourtArea, Dataset, Departement, Postcode

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db


def test_what_is_stored(france):
    dijon = Commune.objects.get(code="21231")
    assert (dijon.name, dijon.search_name, dijon.departement.region.name) == (
        "Dijon",
        "dijon",
        "Bourgogne-Franche-Comté",
    )
    assert dijon.centre_source == "commune"
    assert list(dijon.postcodes.values_list("code", "delivery_label")) == [
        ("21000", "DIJON"),
    ]
    arrondissement = Commune.objects.get(code="69383")
    assert (arrondissement.kind, arrondissement.parent_id) == ("arrondissement", "69123")
    assert arrondissement.centre_source == "parent"
    assert Commune.objects.get(code="69123").arrondissements.count() == 9
    dataset = Dataset.objects.get()
    assert dataset.checksum == datafile.read().checksum
    assert dataset.vintage == "2026"


def test_a_forced_load_repairs_edited_rows(france):
    Commune.objects.filter(code="88160").update(name="Épinal (edited)", latitude=0)
    Postcode.objects.filter(commune_id="88160").delete()
    assert services.load().status == "current"  # same file: nothing to do
    assert services.load(force=True).status == "loaded"
    epinal = Commune.objects.get(code="88160")
    assert epinal.name == "Épinal"
    assert epinal.latitude == pytest.approx(48.16, abs=0.05)
    assert list(epinal.postcodes.values_list("code", flat=True)) == ["88000"]


def test_unload_removes_everything(france):
    services.import_courts(FIXTURES / "courts.csv")
    services.unload()
    for model in (Commune, Postcode, Departement, Dataset, Court, CourtArea):
        assert not model.objects.exists()
