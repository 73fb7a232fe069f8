"""The facts of a situation (the contract's input), validated once at the edge.

Types are strict on purpose: "yes" is not a boolean and "12" is not a number of
days, because a silently coerced fact would give a wrong legal answer. Unknown
fields are refused for the same reason (a misspelt fact would be ignored).
Errors come back per field, in the caller's language.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from . import messages

PARIS = ZoneInfo("Europe/Paris")


class Category(StrEnum):
    HOMICIDE = "homicide"
    VIOLENCE = "violence"
    SEXUAL_VIOLENCE = "sexual_violence"
    TRAFFICKING = "trafficking"
    SEXUAL_OFFENCE_ON_MINOR = "sexual_offence_on_minor"
    THEFT = "theft"
    FRAUD = "fraud"
    BREACH_OF_TRUST = "breach_of_trust"
    EXTORTION = "extortion"
    PROPERTY_DAMAGE = "property_damage"
    VEHICLE_ARSON = "vehicle_arson"
    SQUAT = "squat"
    TERRORISM = "terrorism"
    TRAFFIC_ACCIDENT = "traffic_accident"
    HUNTING_ACCIDENT = "hunting_accident"
    HARASSMENT = "harassment"
    THREATS = "threats"
    DISCRIMINATION = "discrimination"
    DEFAMATION_INSULT = "defamation_insult"
    OTHER = "other"


class OffenceClass(StrEnum):
    CRIME = "crime"
    DELIT = "delit"
    CONTRAVENTION = "contravention"


# Plain strings once validated: the engine compares them on every rule, and a
# str is cheaper to hash and compare than an Enum member.
CategoryName = Literal[tuple(c.value for c in Category)]  # type: ignore[valid-type]
OffenceClassName = Literal[tuple(c.value for c in OffenceClass)]  # type: ignore[valid-type]


EARLIEST_DATE = dt.date(1900, 1, 1)  # no fact of a living case is older; "0201-01-01" is a typo
MAX_AMOUNT = 1_000_000_000  # euros: far above any claim, far below what arithmetic cannot hold
# CC art. 311: a child is conceived from the 300th to the 180th day before birth, so a child
# born up to 300 days after the facts may claim as an indirect victim (e.g. a father's death).
CONCEPTION_DAYS = 300


def _iso_date(value: Any) -> dt.date:
    if type(value) is str:
        day = parse_iso_date(value)
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    else:
        day = None
    if day is None:
        raise PydanticCustomError("iso_date", "expected a date YYYY-MM-DD")
    if day < EARLIEST_DATE:
        raise PydanticCustomError("date_too_early", "a date from 1900-01-01 on")
    return day


def parse_iso_date(value: str) -> dt.date | None:
    """Only YYYY-MM-DD (fromisoformat alone also takes 20240610 and week dates).

    The length is checked before the cache, which then holds only ten-character strings.
    """
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        return None
    return _iso_date_10(value)


@lru_cache(maxsize=65536)
def _iso_date_10(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


Date = Annotated[dt.date, BeforeValidator(_iso_date)]
Amount = Annotated[float, Field(strict=True, ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]
Count = Annotated[int, Field(strict=True, ge=0, le=40)]
Days = Annotated[int, Field(strict=True, ge=0, le=36600)]
# INSEE département codes (ASCII digits only: another script's digits are no INSEE code).
DEPARTMENT_PATTERN = r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$"
Department = Annotated[str, Field(strict=True, pattern=DEPARTMENT_PATTERN)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Offence(_Part):
    category: CategoryName
    class_: OffenceClassName | None = Field(default=None, alias="class")
    date: Date | None = None
    in_france: StrictBool | None = None
    department: Department | None = None
    author_known: StrictBool | None = None
    author_is_partner: StrictBool | None = None
    # Growth of contract v1: whether the responsible driver or hunter was insured
    # (decides between that insurer and the FGAO).
    author_insured: StrictBool | None = None
    # Growth: further offences of the same story ("theft and a fall"); each remedy is decided
    # on every category and the most favourable answer kept (docs/rights.md).
    other_categories: Annotated[
        tuple[CategoryName, ...],
        Field(
            max_length=len(Category) - 1,
            description=(
                "Further offences of the same story (same values as `category`, no duplicates, "
                "not the main one): each remedy is decided on every category and the most "
                "favourable answer kept, its `category` saying which."
            ),
        ),
    ] = ()
    # Growth, press offences (defamation_insult): said in public; aimed at a group
    # (origin, ethnicity, nation, race, religion, sex, sexual orientation or identity,
    # disability) — loi du 29 juillet 1881, art. 65 and 65-3.
    public: StrictBool | None = Field(
        default=None, description="defamation_insult: the words were said or published in public."
    )
    discriminatory: StrictBool | None = Field(
        default=None,
        description=(
            "defamation_insult: aimed at origin, ethnicity, nation, race, religion, sex, "
            "sexual orientation or identity, or disability (1881 art. 65-3)."
        ),
    )


class Victim(_Part):
    natural_person: StrictBool | None = None
    french_national: StrictBool | None = None
    birth_date: Date | None = None
    indirect: StrictBool | None = None
    # Growth: for an indirect victim, the direct victim's birth date (minors' rules read it).
    direct_victim_birth_date: Date | None = Field(
        default=None,
        description="When `indirect`: the direct victim's birth date (minors' rules read it).",
    )


class Harm(_Part):
    death: StrictBool | None = None
    permanent_incapacity: StrictBool | None = None
    itt_days: Days | None = None


class Situation(_Part):
    annual_income: Amount | None = None
    household_extra_persons: Count | None = None
    serious_situation: StrictBool | None = None
    other_compensation: StrictBool | None = None
    claim_amount: Amount | None = None


class Vehicle(_Part):
    registered: StrictBool | None = None
    inspection_ok: StrictBool | None = None
    insured: StrictBool | None = None


class Procedure(_Part):
    complaint_filed: StrictBool | None = None
    complaint_date: Date | None = None
    hearing_date: Date | None = None
    decision_final_date: Date | None = None
    damages_awarded: Amount | None = None
    civi_inadmissible_notified: Date | None = None


class Danger(_Part):
    grave_danger: StrictBool | None = None
    cohabiting_with_author: StrictBool | None = None
    no_contact_ban: StrictBool | None = None
    imminent_danger: StrictBool | None = None
    consent: StrictBool | None = None
    tgd_granted_on: Date | None = None


class Insurance(_Part):
    """Growth: her contracts involved, and the dates the insurer and bank deadlines run from."""

    home: StrictBool | None = Field(default=None, description="A home insurance is involved.")
    vehicle: StrictBool | None = Field(default=None, description="A car insurance is involved.")
    payment_card: StrictBool | None = Field(
        default=None, description="A payment card (and its insurance) is involved."
    )
    legal_protection: StrictBool | None = Field(
        default=None, description="She holds a legal-protection insurance contract."
    )
    loss_known_on: Date | None = Field(
        default=None, description="The day she learned of the loss (else `offence.date`)."
    )
    card_debit_date: Date | None = Field(
        default=None, description="The date of an unauthorised card debit."
    )


class Facts(_Part):
    as_of: Date | None = None
    parameters_date: Literal["as_of", "offence"] = "as_of"
    offence: Offence
    victim: Victim = Victim()
    harm: Harm = Harm()
    situation: Situation = Situation()
    vehicle: Vehicle = Vehicle()
    procedure: Procedure = Procedure()
    danger: Danger = Danger()
    insurance: Insurance = Insurance()


class InvalidFacts(ValueError):
    """The facts cannot be assessed; `errors` lists `{"field", "message"}` per problem."""

    def __init__(self, errors: list[dict[str, str]]):
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))
        self.errors = errors


def today_in_paris() -> dt.date:
    return dt.datetime.now(PARIS).date()


def _field(loc: tuple) -> str:
    parts = ["class" if part == "class_" else str(part) for part in loc]
    return ".".join(parts) or "$"


def _message(error: dict, lang: str) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in ("enum", "literal_error"):
        return messages.text("error.choice", lang, choices=choices(ctx))
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        return messages.text("error.min", lang, limit=_plain_number(limit))
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        return messages.text("error.max", lang, limit=_plain_number(limit))
    key = messages.ERROR_TYPES.get(kind, "error.invalid")
    return messages.text(key, lang)


def choices(ctx: dict) -> str:
    """pydantic says "'a', 'b' or 'c'" in English: keep the values, drop the English word."""
    return str(ctx.get("expected", "")).replace(" or ", ", ")


def _plain_number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse(data: Any, lang: str = "fr") -> Facts:
    """Validate raw facts (a dict from JSON) or pass a `Facts` through; raise `InvalidFacts`."""
    if isinstance(data, Facts):
        facts = data
    else:
        if not isinstance(data, dict):
            raise InvalidFacts([{"field": "$", "message": messages.text("error.object", lang)}])
        try:
            facts = Facts.model_validate(data)
        except ValidationError as exc:
            errors = [
                {"field": _field(err["loc"]), "message": _message(err, lang)}
                for err in exc.errors(include_url=False, include_context=True)
            ]
            raise InvalidFacts(_dedupe(errors)) from None
    errors = consistency_errors(facts, lang)
    if errors:
        raise InvalidFacts(errors)
    if facts.as_of is None:
        facts = facts.model_copy(update={"as_of": today_in_paris()})
    return facts


def _dedupe(errors: list[dict[str, str]]) -> list[dict[str, str]]:
    seen = set()
    out = []
    for err in errors:
        key = (err["field"], err["message"])
        if key not in seen:
            seen.add(key)
            out.append(err)
    return out


def consistency_errors(facts: Facts, lang: str) -> list[dict[str, str]]:
    """Checks across fields: nothing dated after the assessment day that must be past, and order."""
    as_of = facts.as_of or today_in_paris()
    errors: list[dict[str, str]] = []

    def add(field: str, key: str, **kw: Any) -> None:
        errors.append({"field": field, "message": messages.text(key, lang, **kw)})

    offence = facts.offence
    offence_date = offence.date
    if offence_date is not None and offence_date > as_of:
        add("offence.date", "error.future", day=as_of.isoformat())
    if facts.parameters_date == "offence" and offence_date is None:
        add("offence.date", "error.needed_for_parameters")
    others = offence.other_categories
    if others:
        if offence.category in others:
            add("offence.other_categories", "error.other_is_main", category=offence.category)
        if len(set(others)) != len(others):
            add("offence.other_categories", "error.duplicate")
    proc, victim, cover = facts.procedure, facts.victim, facts.insurance
    dated = [
        ("victim.birth_date", victim.birth_date),
        ("procedure.complaint_date", proc.complaint_date),
        ("procedure.decision_final_date", proc.decision_final_date),
        ("procedure.civi_inadmissible_notified", proc.civi_inadmissible_notified),
        ("danger.tgd_granted_on", facts.danger.tgd_granted_on),
    ]
    after_offence = [
        ("procedure.complaint_date", proc.complaint_date),
        ("procedure.hearing_date", proc.hearing_date),
        ("procedure.decision_final_date", proc.decision_final_date),
        ("procedure.civi_inadmissible_notified", proc.civi_inadmissible_notified),
    ]
    if victim.direct_victim_birth_date is not None:
        dated.insert(1, ("victim.direct_victim_birth_date", victim.direct_victim_birth_date))
    for field, value in (
        ("insurance.loss_known_on", cover.loss_known_on),
        ("insurance.card_debit_date", cover.card_debit_date),
    ):
        if value is not None:
            dated.append((field, value))
            after_offence.append((field, value))
    for field, value in dated:
        if value is not None and value > as_of:
            add(field, "error.future", day=as_of.isoformat())
    if offence_date is not None:
        for field, value in after_offence:
            if value is not None and value < offence_date:
                add(field, "error.before_offence", day=offence_date.isoformat())
        if proc.hearing_date == offence_date:
            add("procedure.hearing_date", "error.hearing_same_day", day=offence_date.isoformat())
        born = victim.birth_date
        if born is not None and born > offence_date:
            # A relative claiming may be a child conceived before the facts (CC art. 311).
            if not victim.indirect:
                add("victim.birth_date", "error.born_after_offence", day=offence_date.isoformat())
            elif (born - offence_date).days > CONCEPTION_DAYS:
                add("victim.birth_date", "error.born_long_after", day=offence_date.isoformat())
        direct = victim.direct_victim_birth_date
        if direct is not None and direct > offence_date:
            add(
                "victim.direct_victim_birth_date",
                "error.born_after_offence",
                day=offence_date.isoformat(),
            )
    if facts.as_of is not None and not (1958 <= facts.as_of.year <= 2200):
        add("as_of", "error.out_of_range")
    return errors
