"""HTTP API of appui.directory, mounted at /api/directory/ by appui.api.urls.

`GET services?commune=CODE&lang=fr[&kind=bav,association][&national=true]`: the services
covering a commune, nearest first, each with its hours in the requested language; a
malformed or unknown commune (or kind) is a 422 with one error per field.
`GET national-numbers?lang=fr`: the free national numbers.
"""

from __future__ import annotations

import json
from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from . import messages, services
from .models import Kind

router = Router(tags=["directory"])


class ServicesQuery(Schema):
    commune: str = ""
    lang: Literal["fr", "en", "es"] = "fr"
    kind: str = ""
    national: bool = False


class LangQuery(Schema):
    lang: Literal["fr", "en", "es"] = "fr"


def _json(payload: dict, status: int = 200) -> HttpResponse:
    body = json.dumps(payload, ensure_ascii=False)
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def _errors(field: str, message: str) -> HttpResponse:
    return _json({"errors": [{"field": field, "message": message}]}, status=422)


SERVICE_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "description": "stable identifier (slug)"},
        "kind": {"type": "string", "enum": list(Kind.values)},
        "kind_label": {"type": "string"},
        "name": {"type": "string"},
        "address_lines": {"type": "array", "items": {"type": "string"}},
        "phones": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "number": {"type": "string"},
                    "use": {"type": "string", "enum": ["main", "abroad", "sms"]},
                    "label": {"type": "string"},
                    "href": {"type": "string"},
                },
            },
        },
        "fax": {"type": "string"},
        "emails": {"type": "array", "items": {"type": "string"}},
        "website": {"type": "string"},
        "hours_status": {
            "type": "object",
            "properties": {"open": {"type": ["boolean", "null"]}, "text": {"type": "string"}},
        },
        "hours_lines": {"type": "array", "items": {"type": "string"}},
        "distance_km": {"type": ["number", "null"]},
        "terrorism_referent": {"type": "boolean"},
        "notes": {"type": "string"},
    },
}
ERRORS_RESPONSE = {
    "description": "Invalid query, one error per field",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {
                    "errors": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "field": {"type": "string"},
                                "message": {"type": "string"},
                            },
                        },
                    }
                },
            }
        }
    },
}


@router.get(
    "/services",
    summary="Services covering a commune, nearest first",
    description=(
        "`commune`: INSEE code of the commune (e.g. 88160). `kind`: optional, comma-separated "
        "kinds; by default every kind but the national numbers. `national=true` adds the "
        "services covering all France, after the local ones. Each service carries its hours "
        "status at the time of the request (Europe/Paris), in `lang`."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "The commune and the services covering it",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "commune": {"type": "object"},
                                "services": {"type": "array", "items": SERVICE_SCHEMA},
                            },
                        }
                    }
                },
            },
            422: ERRORS_RESPONSE,
        }
    },
)
def services_for_commune(request: HttpRequest, query: Query[ServicesQuery]) -> HttpResponse:
    kinds = {part.strip() for part in query.kind.split(",") if part.strip()}
    unknown = sorted(kinds - set(Kind.values))
    if unknown:
        choices = ", ".join(Kind.values)
        return _errors("kind", messages.text("error.choice", query.lang, choices=choices))
    if not query.commune.strip():
        return _errors("commune", messages.text("error.required", query.lang))
    try:
        hit = services.locate_commune(query.commune)
        found = services.services_for_commune(
            hit.code, lang=query.lang, kinds=kinds or None, include_national=query.national
        )
    except services.UnknownCommune as error:
        return _errors(error.field, error.message(query.lang))
    commune = {
        "code": hit.code,
        "name": hit.name,
        "departement_code": hit.departement_code,
        "label": hit.label,
    }
    return _json({"commune": commune, "services": [view.as_dict() for view in found]})


@router.get(
    "/national-numbers",
    summary="Free national numbers (17, 112, 114, 116 006, 3919, 119)",
    openapi_extra={
        "responses": {
            200: {
                "description": "The national numbers",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {"services": {"type": "array", "items": SERVICE_SCHEMA}},
                        }
                    }
                },
            }
        }
    },
)
def national_numbers(request: HttpRequest, query: Query[LangQuery]) -> HttpResponse:
    found = services.national_numbers(query.lang)
    return _json({"services": [view.as_dict() for view in found]})
