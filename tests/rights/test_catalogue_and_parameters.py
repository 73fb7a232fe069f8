"""The engine's own catalogue and parameter files stay complete and well formed."""

import re
import string
from pathlib import Path

import pytest

from appui.rights import messages
from appui.rights import parameters as P

SOURCE = Path(messages.__file__).parent


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(messages.CATALOGUE))
def test_every_message_exists_in_three_languages_with_the_same_placeholders(key):
    fr, en, es = messages.CATALOGUE[key]
    assert fr and en and es
    assert placeholders(fr) == placeholders(en) == placeholders(es)
    assert len({fr, en, es}) == 3 or key.startswith("unit."), "a language left untranslated"


def test_every_message_key_used_by_the_rules_exists():
    code = "".join(p.read_text() for p in SOURCE.glob("*.py"))
    literals = set(re.findall(r'"([a-z_]+\.[a-z_.]+)"', code))
    fact_parts = ("offence.", "victim.", "harm.", "situation.", "vehicle.", "procedure.", "danger.")
    used = {s for s in literals if not s.startswith(fact_parts) and not s.endswith((".py", ".md"))}
    used |= {f"civi.excluded.{c}" for c in ("terrorism", "traffic_accident", "hunting_accident")}
    used |= {
        f"civi_full.ground.{g}" for g in ("listed", "death", "permanent", "itt", "partner_minor")
    }
    assert used, "the pattern found no key: the test would prove nothing"
    assert sorted(used - set(messages.CATALOGUE)) == []


def test_money_and_dates_read_naturally():
    assert messages.money(4822.5, "fr") == "4\u202f822,50\u00a0€"
    assert messages.money(3000, "en") == "€3,000"
    assert messages.money(19290, "es") == "19.290\u00a0€"
    assert messages.date(P.dt.date(2025, 1, 1), "fr") == "1er janvier 2025"
    assert messages.date(P.dt.date(2025, 7, 14), "es") == "14 de julio de 2025"


@pytest.mark.parametrize("name", sorted(P.PARAMETERS))
def test_every_parameter_value_has_its_unit_and_legal_reference(name):
    param = P.PARAMETERS[name]
    assert param.values
    for value in param.values:
        assert value.unit and value.reference
        assert value.value >= 0
    dates = [v.in_force_from for v in param.values]
    assert dates == sorted(set(dates))


def test_a_value_is_stale_a_year_after_it_came_into_force_only_if_revised_yearly():
    ceiling = P.get("aj_partial_ceiling")
    assert not ceiling.at(P.dt.date(2026, 1, 22)).stale
    assert ceiling.at(P.dt.date(2026, 1, 24)).stale
    assert not P.get("sarvi_maximum").at(P.dt.date(2030, 1, 1)).stale
