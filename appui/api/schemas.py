"""Documented shapes of the rights API (OpenAPI), checked against real answers by the tests.

The engine builds its answer as plain data for speed; these models only describe
it, and `tests/api` validates every answer against them so the two cannot drift.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from appui.rights import Facts
from appui.rights.facts import CategoryName


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DeadlineOut(_Doc):
    id: Literal[
        "civi_request",
        "civi_complement",
        "sarvi_opens",
        "sarvi_closes",
        "civil_party_by",
        "investigating_judge_from",
        "tgd_renewal",
        "prosecution_limit",
        "insurance_declaration",
        "bank_dispute",
    ]
    date: str
    state: Literal["upcoming", "open", "passed"]
    legal_basis: list[str]
    extended: bool
    indicative: bool
    relief_possible: bool


class RemedyOut(_Doc):
    id: str
    status: Literal["eligible", "not_eligible", "unknown"]
    legal_basis: list[str]
    reasons: list[str]
    missing: list[str]
    cap: float | None
    amount: float | None
    deadlines: list[DeadlineOut]
    uncertain: list[str] = Field(
        description='Points of law relied on that law.md marks [?]: "law.md §…: …".'
    )
    uncertain_text: list[str] = Field(
        description="The `uncertain` points, same order, as plain sentences in `lang`."
    )
    fund: Literal["FGTI", "FGAO"] | None = None
    level: Literal["full", "partial", "no_resource_condition"] | None = None
    route: Literal["pre_complaint", "national_online_complaint"] | None = None
    lawyer_required: bool | None = None
    category: CategoryName | None = Field(
        default=None,
        description=(
            "Only when `offence.other_categories` is given: the category this answer rests on."
        ),
    )


class ParameterOut(_Doc):
    name: str
    value: float
    unit: str
    in_force_from: str
    source: str
    stale: bool


class AssessmentOut(_Doc):
    as_of: str
    parameters_date: str
    lang: Literal["fr", "en", "es"]
    remedies: list[RemedyOut]
    parameters: list[ParameterOut]


class FieldError(_Doc):
    field: str
    message: str


class ErrorsOut(_Doc):
    errors: list[FieldError]


def inline_schema(model: type[BaseModel], mode: Literal["validation", "serialization"]) -> dict:
    """A self-contained JSON schema (no `$defs`), as OpenAPI request and response bodies take."""
    schema = model.model_json_schema(by_alias=True, mode=mode)
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref:
                return resolve(defs[ref.rsplit("/", 1)[-1]])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)


FACTS_SCHEMA = inline_schema(Facts, "validation")
ASSESSMENT_SCHEMA = inline_schema(AssessmentOut, "serialization")
ERRORS_SCHEMA = inline_schema(ErrorsOut, "serialization")
