"""HTTP API of appui.territory, mounted at /api/territory/ by appui.api.urls.

The views check their own parameters so that every refusal has the project's shape,
`{"errors": [{"field": ..., "message": ...}]}` with status 422, in the requested language.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from ninja import Body, Router, Schema

from . import messages, services
from .queries import MAX_LIMIT, MAX_QUERY, MIN_LIMIT, MIN_QUERY, validate_search

router = Router(tags=["territory"])


class CommuneOut(Schema):
    code: str
    name: str
    label: str
    postcodes: list[str]
    departement_code: str
    departement_name: str
    latitude: float | None
    longitude: float | None
    kind: str
    population: int | None


class SearchOut(Schema):
    results: list[CommuneOut]


class FieldError(Schema):
    field: str
    message: str


class ErrorsOut(Schema):
    errors: list[FieldError]


def _json(payload: dict, status: int = 200) -> HttpResponse:
    body = json.dumps(payload, ensure_ascii=False)
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def _lang(value: str | None, errors: list[dict]) -> str:
    if value is None or value in messages.LANGUAGES:
        return value or "fr"
    errors.append(
        messages.error("lang", "lang.choice", "fr", choices=", ".join(messages.LANGUAGES))
    )
    return "fr"


@router.get(
    "/search",
    summary="Find a commune by name or postcode",
    description=(
        f"`q`: {MIN_QUERY} to {MAX_QUERY} characters, a commune name (accents, case, hyphens, "
        "apostrophes and St/Ste do not matter) or a postcode prefix of at least 2 digits; "
        "a number after a name narrows it (`marseille 13`, `epinal 88`). `limit`: "
        f"{MIN_LIMIT} to {MAX_LIMIT} (default 10). Best matches first: exact name, then "
        "name prefix, then word prefix, then the name containing the query; larger "
        "population first within each. Bad parameters: 422 with one error per field."
    ),
    response={200: SearchOut, 422: ErrorsOut},
)
def search(
    request: HttpRequest, q: str | None = None, limit: int = 10, lang: str | None = None
) -> HttpResponse:
    errors: list[dict] = []
    language = _lang(lang, errors)
    errors += validate_search(q, limit, language)
    if errors:
        return _json({"errors": errors}, 422)
    hits = services.search(q, limit)
    return _json({"results": [hit.as_dict() for hit in hits]})


@router.post(
    "/suggest",
    summary="Towns to suggest while someone types",
    description=(
        "The same search as `GET /search`, with `q` and `limit` in a JSON body rather than "
        "in the address, so that what a person types stays out of access logs: the town "
        "fields of Appui's forms ask it as the user types. Same limits, same answers."
    ),
    response={200: SearchOut, 422: ErrorsOut},
)
def suggest(
    request: HttpRequest,
    q: str | None = Body(None),
    limit: int = Body(10),
    lang: str | None = None,
) -> HttpResponse:
    return search(request, q, limit, lang)


@router.get(
    "/communes/{code}",
    summary="One commune by INSEE code",
    response={200: CommuneOut, 404: ErrorsOut, 422: ErrorsOut},
)
def commune(request: HttpRequest, code: str, lang: str | None = None) -> HttpResponse:
    errors: list[dict] = []
    language = _lang(lang, errors)
    if errors:
        return _json({"errors": errors}, 422)
    hit = services.get_commune(code)
    if hit is None:
        return _json(
            {"errors": [messages.error("code", "commune.unknown", language, code=code)]}, 404
        )
    return _json(hit.as_dict())
