"""POST /api/rights/timeline through Django's full stack (middleware, CSP, ninja)."""

import json

import pytest
from hypothesis import HealthCheck, given, settings

from appui.api.schemas import ErrorsOut, ProcedureIn, TimelineOut
from appui.rights import messages, timeline
from appui.rights.procedures import ALL_EVENT_TYPES, EVENT_TYPES
from tests.rights.timeline_stories import procedures

URL = "/api/rights/timeline"


def post(client, body, lang=None):
    url = URL if lang is None else f"{URL}?lang={lang}"
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json")


def test_the_contract_example_gets_its_answer(client, timeline_example):
    response = post(client, timeline_example)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    TimelineOut.model_validate(body)
    assert (body["procedure"], body["as_of"], body["stage"], body["next"]) == (
        "civi",
        "2026-03-05",
        "offer_to_answer",
        "victim_answer_due",
    )
    assert body["dates"][0] == {
        "id": "fund_offer_due",
        "date": "2026-03-12",
        "parties": ["fund"],
        "state": "done",
        "legal_basis": ["CPP art. 706-5-1"],
        "extended": False,
        "indicative": False,
    }
    assert body == timeline(timeline_example).to_dict()  # the same answer as in process


@pytest.mark.parametrize("lang", ["fr", "en", "es"])
def test_reasons_come_in_the_requested_language(client, timeline_example, lang):
    body = post(client, timeline_example, lang=lang).json()
    assert body["reasons"] == timeline(timeline_example, lang).to_dict()["reasons"]
    other = post(client, timeline_example, lang="fr" if lang != "fr" else "en").json()
    assert other["reasons"] != body["reasons"]
    assert other["dates"] == body["dates"]


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda b: b.pop("procedure"), "procedure"),
        (lambda b: b.update(procedure="civ"), "procedure"),
        (lambda b: b.update(department="ABC"), "department"),
        (lambda b: b.update(events=None), "events"),
        (lambda b: b["events"][2].update(date="2026-03-06"), "events[2].date"),
        (lambda b: b["events"][2].update(amount=-1), "events[2].amount"),
        (lambda b: b["events"][2].update(amount=1e307), "events[2].amount"),
        (lambda b: b["events"][1].update(type="forwarded"), "events[1].type"),
        (lambda b: b["events"][1].update(fund="FGTI"), "events[1].fund"),
        (lambda b: b["events"].pop(1), "events[1].type"),  # an offer the fund never received
        (
            lambda b: b["events"].append({"type": "paid", "date": "2026-03-04", "amount": 1}),
            "events[3].type",
        ),
        (lambda b: b.update(as_of="05/03/2026"), "as_of"),
        (lambda b: b.update(extra=True), "extra"),
    ],
    ids=[
        "no-procedure",
        "unknown-procedure",
        "department",
        "events-null",
        "after-as-of",
        "negative",
        "huge",
        "unknown-type",
        "unknown-field",
        "offer-before-the-fund",
        "paid-without-decision",
        "as-of-not-iso",
        "unknown-top-field",
    ],
)
@pytest.mark.parametrize("lang", ["fr", "en", "es"])
def test_bad_procedures_get_field_errors(client, timeline_example, mutate, field, lang):
    mutate(timeline_example)
    response = post(client, timeline_example, lang=lang)
    assert response.status_code == 422
    body = response.json()
    ErrorsOut.model_validate(body)
    assert [e["field"] for e in body["errors"]] == [field]
    assert body["errors"][0]["message"]


@pytest.mark.parametrize("raw", ["", "not json", "[1, 2", "[]", "42", '"text"', '{"a": NaN}'])
def test_malformed_documents_get_a_json_error(client, raw):
    response = post(client, raw)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "$"


def test_an_unknown_language_is_a_field_error(client, timeline_example):
    response = post(client, timeline_example, lang="de")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "lang"


def test_an_oversized_document_is_refused(client, timeline_example):
    timeline_example["padding"] = "x" * 70_000
    response = post(client, timeline_example)
    assert response.status_code == 413
    ErrorsOut.model_validate(response.json())


def test_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405


def test_the_openapi_schema_documents_the_timeline(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    assert set(operation["responses"]) >= {"200", "413", "422"}
    request = operation["requestBody"]["content"]["application/json"]
    assert request["example"]["procedure"] == "civi"
    properties = request["schema"]["properties"]
    assert properties["procedure"]["enum"] == list(EVENT_TYPES)
    documented = {
        variant["properties"]["type"]["const"] for variant in properties["events"]["items"]["anyOf"]
    }
    assert documented == set(ALL_EVENT_TYPES)
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
    assert {"stage", "next", "dates", "reasons", "uncertain", "uncertain_text"} <= set(ok)
    date_properties = ok["dates"]["items"]["properties"]
    assert set(date_properties["state"]["enum"]) == {"upcoming", "open", "passed", "done"}
    assert "civil_party_letter_by" in date_properties["id"]["enum"]
    errors = operation["responses"]["422"]["content"]["application/json"]["schema"]
    assert "errors" in errors["properties"]


def test_the_documented_input_takes_the_contract_example(timeline_example):
    ProcedureIn.model_validate(timeline_example)


@pytest.mark.parametrize(
    "body",
    [
        {
            "procedure": "sarvi",
            "as_of": "2025-06-01",
            "department": "57",
            "events": [
                {"type": "decision_final", "date": "2024-12-26"},
                {"type": "civi_inadmissible_notified", "date": "2025-01-10"},
                {"type": "request_filed", "date": "2025-03-01"},
                {"type": "refusal_notified", "date": "2025-04-10"},
            ],
        },
        {
            "procedure": "civil_party",
            "as_of": "2026-06-01",
            "events": [
                {"type": "hearing_set", "date": "2026-05-01", "hearing": "2026-06-15"},
                {"type": "letter_sent", "date": "2026-05-02"},
            ],
        },
        {
            "procedure": "prosecutor_complaint",
            "as_of": "2026-06-01",
            "events": [
                {"type": "complaint_sent", "date": "2026-01-10", "class": "delit", "press": False},
                {"type": "dismissal_notified", "date": "2026-02-01"},
            ],
        },
    ],
    ids=["sarvi", "civil-party", "complaint"],
)
def test_every_procedure_matches_its_documented_schemas(client, body):
    ProcedureIn.model_validate(body)
    for lang in messages.LANGUAGES:
        response = post(client, body, lang=lang)
        assert response.status_code == 200
        TimelineOut.model_validate(response.json())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=procedures())
def test_any_valid_procedure_matches_the_documented_schemas(client, body):
    ProcedureIn.model_validate(body)  # what the engine takes, the documentation takes
    response = post(client, body)
    assert response.status_code == 200
    TimelineOut.model_validate(response.json())
