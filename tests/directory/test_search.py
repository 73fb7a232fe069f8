"""Services covering a commune, nearest first, through Python, HTTP and the command line.

These tests place communes with appui.territory, loaded here from its committed data file.
"""

import datetime as dt
import json

import pytest

from appui.directory import services
from appui.directory.models import Kind, Service

from .conftest import needs_territory, paris

pytestmark = [needs_territory, pytest.mark.django_db]

TUESDAY_ARMISTICE = paris(2025, 11, 11, 9, 0)
TUESDAY = paris(2025, 11, 18, 9, 0)


@pytest.fixture(scope="module")
def communes(django_db_setup, django_db_blocker):
    from appui.territory import services as territory

    with django_db_blocker.unblock():
        territory.load()
    yield territory
    with django_db_blocker.unblock():
        territory.unload()


@pytest.fixture
def directory(communes, seeded):
    return services


def slugs(views):
    return [view.id for view in views]


def test_epinal_gets_the_vosges_services_nearest_first(directory):
    views = directory.services_for_commune("88160", now=TUESDAY)
    found = slugs(views)
    in_epinal = {"bav-epinal", "cidff-88", "civi-epinal", "tribunal-judiciaire-epinal"}
    assert set(found[:4]) == in_epinal
    assert found[4:] == ["france-victimes-88-saint-die"]
    assert {v.distance_km for v in views[:4]} == {0.0}
    assert 30 < views[4].distance_km < 60


def test_services_covering_all_france_come_only_when_asked_and_last(directory):
    views = directory.services_for_commune("88160", now=TUESDAY, include_national=True)
    assert slugs(views)[-1] == "diav"
    assert len(views) == 6
    assert not any(v.kind == Kind.NATIONAL_NUMBER for v in views)


def test_saint_die_puts_its_own_association_first(directory):
    views = directory.services_for_commune("88413", now=TUESDAY)
    assert views[0].id == "france-victimes-88-saint-die"
    assert views[0].distance_km == 0.0
    assert views[0].terrorism_referent is True
    assert [v.distance_km for v in views[:-1]] == sorted(v.distance_km for v in views[:-1])


def test_a_commune_without_a_service_of_its_own_gets_its_departement(directory):
    """Toul (54528) has no service of its own: the Meurthe-et-Moselle ones, nearest first."""
    views = directory.services_for_commune("54528", now=TUESDAY)
    found = slugs(views)
    assert found[:3] == sorted(
        ["gnav-france-victimes-54", "civi-nancy", "tribunal-judiciaire-nancy"],
        key=lambda slug: next(v.name for v in views if v.id == slug),
    )
    assert "bav-val-de-briey" in found and "bav-epinal" not in found
    distances = [v.distance_km for v in views]
    assert distances == sorted(distances)


def test_kinds_narrow_the_search(directory):
    views = directory.services_for_commune("55545", kinds={"bav"}, now=TUESDAY)
    assert slugs(views) == ["bav-verdun", "bav-bar-le-duc"]
    numbers = directory.services_for_commune(
        "55545", kinds={"national_number"}, include_national=True
    )
    assert len(numbers) == 6
    assert directory.services_for_commune("55545", kinds={"national_number"}) == []


def test_a_commune_outside_the_seeded_area_gets_only_national_services(directory):
    assert directory.services_for_commune("13055") == []
    assert slugs(directory.services_for_commune("13055", include_national=True)) == ["diav"]


def test_commune_level_coverage(directory):
    service = Service.objects.create(slug="point-justice-toul", kind=Kind.POINT_JUSTICE, name="PJ")
    service.coverage.create(level="commune", code="54528")
    assert "point-justice-toul" in slugs(directory.services_for_commune("54528"))
    assert "point-justice-toul" not in slugs(directory.services_for_commune("54395"))


def test_hours_status_in_each_language(directory):
    views = {v.id: v for v in directory.services_for_commune("55029", now=TUESDAY_ARMISTICE)}
    assert views["bav-bar-le-duc"].hours_status.text == "Ouvre le mardi 18 novembre à 8 h 45"
    assert views["bav-bar-le-duc"].hours_lines == (
        "mardi : 8 h 45 – 11 h 45",
        "jours fériés : fermé",
    )
    assert views["tribunal-judiciaire-bar-le-duc"].hours_status.text == "Horaires : appeler"
    english = {v.id: v for v in directory.services_for_commune("55029", lang="en", now=TUESDAY)}
    bav = english["bav-bar-le-duc"]
    assert bav.hours_status.text == "Open now, until 11:45 am"
    assert bav.kind_label == "Victim support office at the court (BAV)"
    spanish = directory.services_for_commune("54099", lang="es", now=TUESDAY)
    briey = next(v for v in spanish if v.id == "bav-val-de-briey")
    assert briey.hours_status.text == "Horario: llame"
    assert briey.notes.startswith("La fuente no indica horario")


def test_a_closure_shows_in_the_search(directory):
    bav = Service.objects.get(slug="bav-epinal")
    services.add_closure(bav, dt.date(2025, 11, 17), dt.date(2025, 11, 21), "Travaux")
    view = next(v for v in directory.services_for_commune("88160", now=TUESDAY) if v.id == bav.slug)
    assert view.hours_status.open is False
    assert view.hours_status.text == (
        "Fermé exceptionnellement jusqu'au 21 novembre inclus. Ouvre le mardi 25 novembre à 13 h 15"
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("99999", "Commune inconnue : vérifiez le code INSEE."),
        (
            "abc",
            "Indiquez un code de commune INSEE à cinq caractères (par exemple 88160 ou 2A004).",
        ),
    ],
)
def test_unknown_commune_is_a_field_error(directory, code, message):
    with pytest.raises(services.UnknownCommune) as caught:
        directory.services_for_commune(code)
    assert (caught.value.field, caught.value.message("fr")) == ("commune", message)


# --- HTTP ------------------------------------------------------------------------------


def test_api_lists_the_services_of_a_commune(client, directory):
    response = client.get("/api/directory/services", {"commune": "88160", "lang": "en"})
    assert response.status_code == 200
    body = response.json()
    assert body["commune"] == {
        "code": "88160",
        "name": "Épinal",
        "departement_code": "88",
        "label": "Épinal (88000)",
    }
    first = next(s for s in body["services"] if s["id"] == "bav-epinal")
    assert first["phones"] == [
        {"number": "03 29 34 92 91", "use": "main", "label": "Phone", "href": "tel:0329349291"}
    ]
    assert first["hours_lines"][0] == "Tuesday: 1:15 pm – 4 pm"
    assert set(first["hours_status"]) == {"open", "text"}
    assert first["distance_km"] == 0.0
    kinds = client.get("/api/directory/services", {"commune": "88160", "kind": "bav,cidff"})
    assert [s["id"] for s in kinds.json()["services"]] == ["bav-epinal", "cidff-88"]
    national = client.get("/api/directory/services", {"commune": "13055", "national": "true"})
    assert [s["id"] for s in national.json()["services"]] == ["diav"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"commune": "99999"}, "commune"),
        ({"commune": "88 160"}, "commune"),
        ({}, "commune"),
        ({"commune": "88160", "kind": "bakery"}, "kind"),
        ({"commune": "88160", "lang": "de"}, "lang"),
    ],
)
def test_api_refuses_bad_queries_with_field_errors(client, directory, query, field):
    response = client.get("/api/directory/services", query)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == field and error["message"]


def test_api_answers_in_spanish(client, directory):
    response = client.get("/api/directory/services", {"commune": "99999", "lang": "es"})
    assert response.json() == {
        "errors": [
            {"field": "commune", "message": "Municipio desconocido: compruebe el código INSEE."}
        ]
    }


# --- command line ------------------------------------------------------------------------


def test_cli_find(run_appui):
    for args in (
        ("migrate", "--noinput", "-v0"),
        ("shell", "-c", "from appui.territory.services import load; load()"),
        ("directory", "load-seed"),
    ):
        result = run_appui(*args)
        assert result.returncode == 0, result.stderr
    result = run_appui(
        "directory", "find", "--commune", "55029", "--lang", "es", "--at", "2025-11-11T09:00"
    )
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["commune"]["name"] == "Bar-le-Duc"
    bav = next(s for s in body["services"] if s["id"] == "bav-bar-le-duc")
    assert bav["hours_status"] == {
        "open": False,
        "text": "Abre el martes 18 de noviembre a las 8:45",
    }
    assert body["services"][0]["distance_km"] == 0.0

    result = run_appui("directory", "find", "--commune", "55029", "--kind", "bav")
    assert [s["id"] for s in json.loads(result.stdout)["services"]] == [
        "bav-bar-le-duc",
        "bav-verdun",
    ]
    result = run_appui("directory", "find", "--commune", "13055", "--national")
    assert [s["id"] for s in json.loads(result.stdout)["services"]] == ["diav"]

    result = run_appui("directory", "find", "--commune", "99999", "--lang", "en")
    assert result.returncode == 2
    assert json.loads(result.stdout) == {
        "errors": [{"field": "commune", "message": "Unknown commune: check the INSEE code."}]
    }
