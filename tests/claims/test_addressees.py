"""Who a document goes to, from territory's courts and the seed's directory; never guessed."""

from pathlib import Path

import pytest

from appui.claims import addressees
from appui.claims.letters import Addressee

pytestmark = pytest.mark.django_db

COURTS = Path(__file__).resolve().parents[1] / "territory" / "fixtures" / "courts.csv"
CIVI = "Commission d'indemnisation des victimes d'infractions"


@pytest.fixture
def courts(territory):
    from appui.territory import services

    result = services.import_courts(COURTS)
    assert result.ok, result.errors


@pytest.mark.parametrize(
    ("city", "name"),
    [
        ("Nancy", "Tribunal judiciaire de Nancy"),
        ("Épinal", "Tribunal judiciaire d'Épinal"),
        ("Le Mans", "Tribunal judiciaire du Mans"),
        ("Les Sables-d'Olonne", "Tribunal judiciaire des Sables-d'Olonne"),
        ("La Rochelle", "Tribunal judiciaire de La Rochelle"),
    ],
)
def test_a_court_is_named_the_french_way(city, name):
    assert addressees.court_name(city) == name


def test_the_civi_of_a_home_the_directory_places_alone(directory):
    """Épinal: the Vosges have one tribunal judiciaire in the seed, its CIVI at its address."""
    found = addressees.civi("88160")
    assert found.name == f"{CIVI} – Tribunal judiciaire d'Épinal"
    assert "7 place Edmond Henry" in found.address


def test_two_courts_covering_the_same_home_are_not_a_guess(directory):
    """Meurthe-et-Moselle: Nancy and Val de Briey both cover the département in the seed."""
    assert addressees.civi("54395") == Addressee()
    assert not addressees.prosecutor("54395")


def test_the_court_table_decides_when_it_was_imported(directory, courts):
    found = addressees.civi("54395")
    assert found.name == f"{CIVI} – Tribunal judiciaire de Nancy"
    assert addressees.civi("54099").name == f"{CIVI} – Tribunal judiciaire de Val de Briey"
    assert addressees.tribunal("88413") == "Tribunal judiciaire d'Épinal"  # Saint-Dié


def test_a_resident_abroad_goes_to_the_paris_civi(directory):
    found = addressees.civi(None, lives_abroad=True)
    assert found.name == f"{CIVI} – Tribunal judiciaire de Paris"
    assert found.address == ""  # the seed does not list Paris: a blank, not an invention


def test_the_prosecutor_and_the_dean_of_the_place_of_the_offence(directory):
    assert addressees.prosecutor("88160").name == (
        "Procureur de la République – Tribunal judiciaire d'Épinal"
    )
    dean = addressees.dean_of_investigating_judges("88160")
    assert dean.name == "Doyen des juges d'instruction – Tribunal judiciaire d'Épinal"
    assert "7 place Edmond Henry" in dean.address


@pytest.mark.parametrize("code", ["", None, "99999", "abc", "75056"])
def test_an_unknown_place_gives_an_empty_addressee(directory, code):
    assert addressees.civi(code) == Addressee()
    assert addressees.prosecutor(code) == Addressee()
    assert addressees.tribunal(code) == ""
