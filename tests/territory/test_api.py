"""GET /api/territory/search and /api/territory/communes/{code} through Django's full stack."""

import pytest

from appui.territory.api import CommuneOut, ErrorsOut, SearchOut

pytestmark = [pytest.mark.django_db]

URL = "/api/territory/search"


def test_search_answers_results(client, france):
    response = client.get(URL, {"q": "st-die"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    SearchOut.model_validate(body)
    first = body["results"][0]
    assert first["code"] == "88413"
    assert first["label"] == "Saint-Dié-des-Vosges (88100)"
    assert first["postcodes"] == ["88100"]
    assert (first["departement_code"], first["departement_name"]) == ("88", "Vosges")
    assert first["latitude"] == pytest.approx(48.29, abs=0.05)
    assert 1 < len(body["results"]) <= 10


def test_search_by_postcode_and_limit(client, france):
    body = client.get(URL, {"q": "88", "limit": "3"}).json()
    assert [hit["name"] for hit in body["results"]][0] == "Épinal"
    assert len(body["results"]) == 3
    body = client.get(URL, {"q": "13005", "limit": 50}).json()
    assert [hit["code"] for hit in body["results"]] == ["13055", "13205"]


def test_no_match_is_an_empty_list(client, france):
    response = client.get(URL, {"q": "qqqqzzzz"})
    assert response.status_code == 200
    assert response.json() == {"results": []}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "a"}, "q"),
        ({"q": "x" * 101}, "q"),
        ({"q": "paris", "limit": "0"}, "limit"),
        ({"q": "paris", "limit": "51"}, "limit"),
        ({"q": "paris", "limit": "-3"}, "limit"),
        ({"q": "paris", "limit": "ten"}, "limit"),
        ({"q": "paris", "lang": "de"}, "lang"),
    ],
)
def test_bad_parameters_are_field_errors(client, params, field):
    response = client.get(URL, params)
    assert response.status_code == 422
    body = response.json()
    ErrorsOut.model_validate(body)
    assert [error["field"] for error in body["errors"]] == [field]
    assert body["errors"][0]["message"]


def test_every_bad_parameter_is_reported(client):
    body = client.get(URL, {"q": "a", "limit": "99"}).json()
    assert [error["field"] for error in body["errors"]] == ["q", "limit"]


@pytest.mark.parametrize(
    ("lang", "word"), [("fr", "caractères"), ("en", "characters"), ("es", "caracteres")]
)
def test_errors_in_the_requested_language(client, lang, word):
    body = client.get(URL, {"q": "a", "lang": lang}).json()
    assert word in body["errors"][0]["message"]


def test_a_hundred_characters_are_allowed(client, france):
    assert client.get(URL, {"q": "saint " + "x" * 94}).status_code == 200


def test_one_commune_by_code(client, france):
    response = client.get("/api/territory/communes/2A004")
    assert response.status_code == 200
    CommuneOut.model_validate(response.json())
    assert response.json()["name"] == "Ajaccio"


def test_an_unknown_commune_is_a_404_with_a_field_error(client, france):
    response = client.get("/api/territory/communes/00000", {"lang": "en"})
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "code"
    assert "00000" in response.json()["errors"][0]["message"]


def test_the_endpoints_are_documented(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/territory/search" in schema["paths"]
    assert "/api/territory/communes/{code}" in schema["paths"]
