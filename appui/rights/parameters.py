"""Dated legal parameters, read once from the YAML files beside this module.

The files follow the OpenFisca layout: a parameter has `values` keyed by the
date each value came into force, each with its unit and legal reference; a
file may group several parameters under `children`. Amounts are kept exactly
as published; the engine computes from them without rounding.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

try:  # the C loader when libyaml is present: same result, faster start-up
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from .deadlines import add_years
from .messages import point

PARAMETERS_DIR = Path(__file__).with_name("parameters")


@dataclass(frozen=True, slots=True)
class Value:
    in_force_from: dt.date
    value: float
    unit: str
    reference: str
    uncertain: str | None = None


@dataclass(frozen=True, slots=True)
class Use:
    """One parameter value as used by an assessment (the contract's `parameters` item)."""

    name: str
    value: float
    unit: str
    in_force_from: dt.date
    source: str
    stale: bool
    uncertain: str | None

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "in_force_from": self.in_force_from.isoformat(),
            "source": self.source,
            "stale": self.stale,
        }


class Parameter:
    """A value that changes with dates: `at(day)` gives the one in force that day."""

    __slots__ = ("name", "description", "yearly", "values", "_dates")

    def __init__(self, name: str, description: str, yearly: bool, values: list[Value]):
        self.name = name
        self.description = description
        self.yearly = yearly
        self.values = sorted(values, key=lambda v: v.in_force_from)
        self._dates = [v.in_force_from for v in self.values]

    @property
    def first_date(self) -> dt.date:
        return self._dates[0]

    def in_force(self, day: dt.date) -> bool:
        return day >= self._dates[0]

    def at(self, day: dt.date) -> Use:
        return _use(self, day)


@lru_cache(maxsize=4096)
def _use(param: Parameter, day: dt.date) -> Use:
    index = bisect.bisect_right(param._dates, day) - 1
    before_first = index < 0
    chosen = param.values[max(index, 0)]
    stale = param.yearly and day > add_years(chosen.in_force_from, 1)
    uncertain = chosen.uncertain
    if param.yearly and index == len(param.values) - 1 and day.year > chosen.in_force_from.year:
        uncertain = point(
            "param_latest",
            name=param.name,
            year=day.year,
            day=chosen.in_force_from.isoformat(),
        )
    if before_first:
        uncertain = point(
            "param_before_first", name=param.name, day=chosen.in_force_from.isoformat()
        )
    return Use(
        name=param.name,
        value=chosen.value,
        unit=chosen.unit,
        in_force_from=chosen.in_force_from,
        source=chosen.reference,
        stale=stale,
        uncertain=uncertain,
    )


def _values(raw: dict) -> list[Value]:
    out = []
    for date, item in raw.items():
        day = date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date))
        out.append(
            Value(
                in_force_from=day,
                value=item["value"],
                unit=item["unit"],
                reference=item["reference"],
                uncertain=item.get("uncertain"),
            )
        )
    return out


def load(directory: Path = PARAMETERS_DIR) -> dict[str, Parameter]:
    """Read every parameter file; a malformed file fails loudly at import, not mid-assessment."""
    params: dict[str, Parameter] = {}
    for path in sorted(directory.glob("*.yaml")):
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - safe loader
        yearly = doc.get("metadata", {}).get("revision") == "yearly"
        if "children" in doc:
            for name, child in doc["children"].items():
                params[name] = Parameter(
                    name, child["description"], yearly, _values(child["values"])
                )
        else:
            name = path.stem
            params[name] = Parameter(name, doc["description"], yearly, _values(doc["values"]))
    return params


PARAMETERS = load()


def get(name: str) -> Parameter:
    return PARAMETERS[name]


@lru_cache(maxsize=4096)
def snapshot(day: dt.date) -> dict[str, Use]:
    """Every parameter as used on `day`, computed once per day (batches reuse it)."""
    return {name: param.at(day) for name, param in PARAMETERS.items()}
