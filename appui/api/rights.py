"""`POST /api/rights/assess` and `POST /api/rights/timeline`: the rights engine over HTTP
(contract: docs/rights.md)."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from appui.rights import jsonio
from appui.rights.examples import CONTRACT_EXAMPLE, TIMELINE_EXAMPLE

from .schemas import (
    ASSESSMENT_SCHEMA,
    ERRORS_SCHEMA,
    FACTS_SCHEMA,
    PROCEDURE_SCHEMA,
    TIMELINE_SCHEMA,
)

router = Router(tags=["rights"])


class LangQuery(Schema):
    lang: Literal["fr", "en", "es"] = "fr"


def _json(payload: str, status: int) -> HttpResponse:
    return HttpResponse(payload, status=status, content_type="application/json; charset=utf-8")


@router.post(
    "/assess",
    summary="Assess a victim's remedies",
    description=(
        "Facts in (every field optional except `offence.category`), the sixteen remedies out "
        "with their status, legal basis, reasons, missing facts, cap or amount, and dated "
        "deadlines. Invalid facts: 422 with one error per field."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": FACTS_SCHEMA, "example": CONTRACT_EXAMPLE}},
        },
        "responses": {
            200: {
                "description": "The assessment",
                "content": {"application/json": {"schema": ASSESSMENT_SCHEMA}},
            },
            413: {
                "description": "Document too large",
                "content": {"application/json": {"schema": ERRORS_SCHEMA}},
            },
            422: {
                "description": "Invalid facts, one error per field",
                "content": {"application/json": {"schema": ERRORS_SCHEMA}},
            },
        },
    },
)
def assess(request: HttpRequest, query: Query[LangQuery]) -> HttpResponse:
    return _answer(request, query.lang, jsonio.assess_document)


@router.post(
    "/timeline",
    summary="Where a procedure stands",
    description=(
        "A started procedure (a CIVI request, a SARVI request, a civil-party claim or a "
        "complaint to the prosecutor) and its dated events in; its stage, every date the "
        "events make known (who must act, by when, in which state), the next one, reasons and "
        "uncertain points out. Invalid events: 422 with one error per field "
        "(`events[2].date`)."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": PROCEDURE_SCHEMA, "example": TIMELINE_EXAMPLE}
            },
        },
        "responses": {
            200: {
                "description": "The timeline",
                "content": {"application/json": {"schema": TIMELINE_SCHEMA}},
            },
            413: {
                "description": "Document too large",
                "content": {"application/json": {"schema": ERRORS_SCHEMA}},
            },
            422: {
                "description": "Invalid procedure, one error per field",
                "content": {"application/json": {"schema": ERRORS_SCHEMA}},
            },
        },
    },
)
def timeline(request: HttpRequest, query: Query[LangQuery]) -> HttpResponse:
    return _answer(request, query.lang, jsonio.timeline_document)


def _answer(request: HttpRequest, lang: str, document) -> HttpResponse:
    try:
        raw = request.body
    except RequestDataTooBig:
        return _json(jsonio.dumps({"errors": jsonio.too_large(lang).errors}), 413)
    status, payload = document(raw, lang)
    return _json(jsonio.dumps(payload), status)
