"""Documented shapes of the rights API (OpenAPI), checked against real answers by the tests.

The engine builds its answer as plain data for speed; these models only describe
it, and `tests/api` validates every answer against them so the two cannot drift.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, create_model

from appui.rights import Facts
from appui.rights import procedures as proc
from appui.rights.facts import DEPARTMENT_PATTERN, MAX_AMOUNT, CategoryName, OffenceClassName
from appui.rights.timeline import DATE_IDS, DateState, Party, Stage


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


# --- procedure timelines --------------------------------------------------------------
# The input models are made from the validator's own tables (appui.rights.procedures), so
# the documentation lists exactly the event types and fields the engine takes.

EVENT_DOCS = {
    "request_filed": "The request was filed (CIVI: at the commission's registry; SARVI: with "
    "the fund).",
    "forwarded_to_fund": "The fund received the request and its documents.",
    "provisional_payment": "A provisional payment (706-6); any number of them.",
    "offer_received": "The fund's offer, with its amount.",
    "offer_accepted": "The victim accepted the offer.",
    "offer_refused": "The victim refused the offer.",
    "fund_refused": "The fund's reasoned refusal.",
    "hearing_set": "A hearing was set (`hearing`: its day, which may be after `as_of`); "
    "repeatable, the latest counts.",
    "decision_notified": "The commission's decision, with the amount awarded (0: rejected).",
    "paid": "The payment received, with its amount.",
    "homologation_notified": "The president's approval of the accepted offer was notified.",
    "appeal_filed": "An appeal against the commission's decision was filed.",
    "decision_final": "The day the criminal decision became final.",
    "civi_inadmissible_notified": "A CIVI inadmissibility decision was notified.",
    "refusal_notified": "The fund's refusal of the aid was notified.",
    "letter_sent": "The civil-party claim was sent to the court.",
    "letter_received": "The court received the civil-party claim.",
    "answer_received": "The prosecutor answered.",
    "dismissal_notified": "The prosecutor's dismissal (classement sans suite) was notified.",
    "complaint_sent": "The complaint to the prosecutor, with the offence's `class` and "
    "`press` (true for an offence of the loi du 29 juillet 1881).",
}
_EXTRA_ANNOTATIONS = {
    proc.AMOUNT: Annotated[float, Field(ge=0, le=MAX_AMOUNT, description="Euros.")],
    proc.DAY: dt.date,
    proc.CLASS: OffenceClassName,
    proc.FLAG: bool,
}


def _event_model(kind: str) -> type[BaseModel]:
    fields: dict[str, Any] = {
        "type": (Literal[kind], ...),
        "date": (dt.date, Field(description="The day it happened (or became known).")),
    }
    for name, (field_kind, required) in proc.EXTRA_FIELDS.get(kind, {}).items():
        default = ... if required else None
        annotation = _EXTRA_ANNOTATIONS[field_kind]
        if not required:
            annotation = annotation | None
        if name == "class":
            fields["class_"] = (annotation, Field(default, alias="class"))
        else:
            fields[name] = (annotation, default)
    model = create_model("Event_" + kind, __base__=_Doc, __doc__=EVENT_DOCS[kind], **fields)
    return model


EventIn = Union[tuple(_event_model(kind) for kind in proc.ALL_EVENT_TYPES)]  # type: ignore[misc]  # noqa: UP007


class ProcedureIn(_Doc):
    procedure: Literal[tuple(proc.EVENT_TYPES)]  # type: ignore[valid-type]
    as_of: dt.date | None = Field(default=None, description="Default: today, Europe/Paris.")
    department: Annotated[str, Field(pattern=DEPARTMENT_PATTERN)] | None = Field(
        default=None,
        description="INSEE code of the court (Alsace-Moselle holidays for 57, 67, 68).",
    )
    events: list[EventIn] = Field(  # type: ignore[valid-type]
        max_length=proc.MAX_EVENTS,
        description=(
            "What has happened, any order; each procedure takes its own types: "
            + "; ".join(f"{name}: {', '.join(types)}" for name, types in proc.EVENT_TYPES.items())
            + "."
        ),
    )


class TimelineDateOut(_Doc):
    id: Literal[DATE_IDS]  # type: ignore[valid-type]
    date: str
    parties: list[Literal[tuple(p.value for p in Party)]]  # type: ignore[valid-type]
    state: Literal[tuple(s.value for s in DateState)]  # type: ignore[valid-type]
    legal_basis: list[str]
    extended: bool
    indicative: bool


class TimelineOut(_Doc):
    procedure: Literal[tuple(proc.EVENT_TYPES)]  # type: ignore[valid-type]
    as_of: str
    stage: Literal[tuple(s.value for s in Stage)]  # type: ignore[valid-type]
    next: Literal[DATE_IDS] | None  # type: ignore[valid-type]
    dates: list[TimelineDateOut]
    reasons: list[str]
    uncertain: list[str] = Field(
        description='Points of law relied on that law.md marks [?]: "law.md §…: …".'
    )
    uncertain_text: list[str] = Field(
        description="The `uncertain` points, same order, as plain sentences in `lang`."
    )


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
PROCEDURE_SCHEMA = inline_schema(ProcedureIn, "validation")
TIMELINE_SCHEMA = inline_schema(TimelineOut, "serialization")
