"""POST /api/rights/assess through Django's full stack (middleware, CSP, ninja)."""

import json

import pytest

from appui.api.schemas import AssessmentOut, ErrorsOut
from appui.rights import REMEDY_IDS

from .conftest import remedy

URL = "/api/rights/assess"


def post(client, body, lang=None, content_type="application/json"):
    url = URL if lang is None else f"{URL}?lang={lang}"
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, data=data, content_type=content_type)


def test_the_contract_example_gets_its_answer(client, example):
    response = post(client, example)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    AssessmentOut.model_validate(body)
    assert [r["id"] for r in body["remedies"]] == list(REMEDY_IDS)
    capped = remedy(body, "civi_capped")
    assert capped["status"] == "eligible"
    assert capped["cap"] == 4822.5
    assert capped["deadlines"][0] == {
        "id": "civi_request",
        "date": "2027-06-10",
        "state": "open",
        "legal_basis": ["CPP art. 706-5"],
        "extended": False,
        "indicative": False,
        "relief_possible": True,
    }
    ceiling = next(p for p in body["parameters"] if p["name"] == "aj_partial_ceiling")
    assert (ceiling["value"], ceiling["unit"], ceiling["in_force_from"]) == (
        19290,
        "EUR/year",
        "2025-01-23",
    )


@pytest.mark.parametrize("lang", ["fr", "en", "es"])
def test_reasons_come_in_the_requested_language(client, example, lang):
    body = post(client, example, lang=lang).json()
    assert body["lang"] == lang
    reasons = {lang: remedy(body, "civi_capped")["reasons"][0]}
    other = post(client, example, lang="fr" if lang != "fr" else "en").json()
    assert remedy(other, "civi_capped")["reasons"][0] != reasons[lang]


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda f: f["offence"].pop("category"), "offence.category"),
        (lambda f: f["offence"].update(category="burglary"), "offence.category"),
        (lambda f: f["offence"].update(date="2030-01-01"), "offence.date"),
        (lambda f: f["offence"].update(date="10/06/2024"), "offence.date"),
        (
            lambda f: f["procedure"].update(decision_final_date="2024-01-01"),
            "procedure.decision_final_date",
        ),
        (lambda f: f["situation"].update(annual_income=-1), "situation.annual_income"),
        (lambda f: f["harm"].update(itt_days="12"), "harm.itt_days"),
        (lambda f: f["victim"].update(french_national="yes"), "victim.french_national"),
        (lambda f: f.update(offense={}), "offense"),
    ],
    ids=[
        "no-category",
        "unknown-category",
        "future",
        "not-iso",
        "decision-before-offence",
        "negative",
        "string-days",
        "yes-bool",
        "unknown-field",
    ],
)
def test_bad_facts_get_field_errors(client, example, mutate, field):
    mutate(example)
    response = post(client, example, lang="en")
    assert response.status_code == 422
    body = response.json()
    ErrorsOut.model_validate(body)
    assert field in [e["field"] for e in body["errors"]]
    assert all(e["message"] for e in body["errors"])


@pytest.mark.parametrize("raw", ["", "not json", "[1, 2", "[]", "42", '"text"', '{"a": NaN}'])
def test_malformed_documents_get_a_json_error(client, raw):
    response = post(client, raw)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "$"


def test_an_unknown_language_is_a_field_error(client, example):
    response = post(client, example, lang="de")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "lang"


def test_an_oversized_document_is_refused(client, example):
    example["padding"] = "x" * 70_000
    response = post(client, example)
    assert response.status_code == 413
    ErrorsOut.model_validate(response.json())


def test_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405


def test_the_openapi_schema_documents_both_answers(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    assert set(operation["responses"]) >= {"200", "422"}
    request = operation["requestBody"]["content"]["application/json"]["schema"]
    assert request["required"] == ["offence"]
    categories = request["properties"]["offence"]["properties"]["category"]["enum"]
    assert "theft" in categories and "squat" in categories
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert "remedies" in ok["properties"]


def test_the_interactive_docs_use_only_local_assets(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "http://" not in html and "https://" not in html


@pytest.mark.parametrize(
    ("part", "field", "value"),
    [
        ("situation", "annual_income", 1e307),
        ("situation", "claim_amount", 1e307),
        ("procedure", "damages_awarded", 1e307),
        ("situation", "annual_income", 1_000_000_000.01),
    ],
)
def test_huge_amounts_are_field_errors_not_server_errors(client, example, part, field, value):
    example[part][field] = value
    response = post(client, example, lang="en")
    assert response.status_code == 422
    body = response.json()
    ErrorsOut.model_validate(body)
    assert [e["field"] for e in body["errors"]] == [f"{part}.{field}"]


def test_the_largest_amount_accepted_is_assessed(client, example):
    example["situation"]["annual_income"] = 1_000_000_000
    example["situation"]["claim_amount"] = 1_000_000_000
    response = post(client, example)
    assert response.status_code == 200
    AssessmentOut.model_validate(response.json())


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda f: f["offence"].update(other_categories=["theft"]), "offence.other_categories"),
        (
            lambda f: f["offence"].update(other_categories=["fraud", "fraud"]),
            "offence.other_categories",
        ),
        (
            lambda f: f["offence"].update(other_categories=["burglary"]),
            "offence.other_categories.0",
        ),
        (lambda f: f["offence"].update(public="yes"), "offence.public"),
        (lambda f: f["offence"].update(date="0201-01-01"), "offence.date"),
        (lambda f: f["offence"].update(date="1899-12-31"), "offence.date"),
        (lambda f: f["victim"].update(birth_date="2024-06-11"), "victim.birth_date"),
        (
            lambda f: f["victim"].update(direct_victim_birth_date="2024-06-11"),
            "victim.direct_victim_birth_date",
        ),
        (lambda f: f.update(insurance={"loss_known_on": "2025-03-02"}), "insurance.loss_known_on"),
        (
            lambda f: f.update(insurance={"card_debit_date": "2024-06-09"}),
            "insurance.card_debit_date",
        ),
        (lambda f: f.update(insurance={"home": "yes"}), "insurance.home"),
        (lambda f: f["situation"].update(claim_amount=1e10), "situation.claim_amount"),
    ],
    ids=[
        "other-is-main",
        "other-duplicate",
        "other-unknown",
        "public-yes",
        "year-0201",
        "before-1900",
        "born-after-the-facts",
        "direct-born-after-the-facts",
        "loss-known-after-as-of",
        "debit-before-the-facts",
        "home-yes",
        "claim-over-1e9",
    ],
)
@pytest.mark.parametrize("lang", ["fr", "en", "es"])
def test_new_facts_get_field_errors(client, example, mutate, field, lang):
    mutate(example)
    response = post(client, example, lang=lang)
    assert response.status_code == 422
    body = response.json()
    ErrorsOut.model_validate(body)
    assert [e["field"] for e in body["errors"]] == [field]
    assert body["errors"][0]["message"]


def test_the_new_answers_match_their_documented_schema(client, example):
    example["offence"].update(category="violence", other_categories=["theft", "defamation_insult"])
    example["harm"]["itt_days"] = 10
    example["victim"].update(indirect=True, direct_victim_birth_date="2012-01-01")
    example["insurance"] = {
        "home": True,
        "payment_card": True,
        "legal_protection": True,
        "loss_known_on": "2024-06-12",
        "card_debit_date": "2024-06-13",
    }
    for lang in ("fr", "en", "es"):
        body = post(client, example, lang=lang).json()
        AssessmentOut.model_validate(body)
        insurance = remedy(body, "insurance")
        assert insurance["status"] == "eligible"
        # The card payment to contest opens the route through the main category too (tie).
        assert insurance["category"] == "violence"
        assert {d["id"] for d in insurance["deadlines"]} == {
            "insurance_declaration",
            "bank_dispute",
        }
        for r in body["remedies"]:
            assert len(r["uncertain_text"]) == len(r["uncertain"])
            assert r["category"] in ("violence", "theft", "defamation_insult")


def test_the_openapi_schema_documents_the_growth(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    facts = operation["requestBody"]["content"]["application/json"]["schema"]["properties"]
    offence = facts["offence"]["properties"]
    assert {"other_categories", "public", "discriminatory"} <= set(offence)
    assert "theft" in offence["other_categories"]["items"]["enum"]
    assert "direct_victim_birth_date" in facts["victim"]["properties"]
    assert set(facts["insurance"]["properties"]) == {
        "home",
        "vehicle",
        "payment_card",
        "legal_protection",
        "loss_known_on",
        "card_debit_date",
    }
    assert facts["situation"]["properties"]["annual_income"]["anyOf"][0]["maximum"] == 1e9
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    remedy_schema = ok["properties"]["remedies"]["items"]["properties"]
    assert {"uncertain_text", "category"} <= set(remedy_schema)
    deadline_ids = remedy_schema["deadlines"]["items"]["properties"]["id"]["enum"]
    assert {"insurance_declaration", "bank_dispute"} <= set(deadline_ids)
