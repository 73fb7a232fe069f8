"""The engine's own catalogue and parameter files stay complete and well formed."""

import re
import string
from pathlib import Path

import pytest

from appui.rights import messages
from appui.rights import parameters as P

from .conftest import FIELD_PATHS

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
    used = {
        s
        for s in literals
        if not s.startswith(fact_parts) and s not in FIELD_PATHS and not s.endswith((".py", ".md"))
    }
    used |= {f"civi.excluded.{c}" for c in ("terrorism", "traffic_accident", "hunting_accident")}
    used |= {
        f"civi_full.ground.{g}" for g in ("listed", "death", "permanent", "itt", "partner_minor")
    }
    used |= {f"insurance.contract.{c}" for c in ("home", "vehicle", "payment_card")}
    assert used, "the pattern found no key: the test would prove nothing"
    assert sorted(used - set(messages.CATALOGUE)) == []


def test_money_and_dates_read_naturally():
    assert messages.money(4822.5, "fr") == "4\u202f822,50\u00a0€"
    assert messages.money(4822.5, "en") == "€4,822.50"
    assert messages.money(4822.5, "es") == "4.822,50\u00a0€"
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


@pytest.mark.parametrize(
    ("value", "fr", "en", "es"),
    [
        (0, "0\u00a0€", "€0", "0\u00a0€"),
        (0.125, "0,13\u00a0€", "€0.13", "0,13\u00a0€"),
        (
            1_000_000_000,
            "1\u202f000\u202f000\u202f000\u00a0€",
            "€1,000,000,000",
            "1.000.000.000\u00a0€",
        ),
        (-12.5, "-12,50\u00a0€", "-€12.50", "-12,50\u00a0€"),
        (P.dt.date, None, None, None),  # not a number: shown as it is, never an exception
    ],
)
def test_money_is_exact_and_never_raises(value, fr, en, es):
    for lang, expected in (("fr", fr), ("en", en), ("es", es)):
        shown = messages.money(value, lang)
        assert isinstance(shown, str) and "€" in shown
        if expected is not None:
            assert shown == expected


@pytest.mark.parametrize("value", [1e307, 1.7976931348623157e308, float("inf"), float("nan")])
def test_money_takes_any_float(value):
    for lang in messages.LANGUAGES:
        shown = messages.money(value, lang)
        assert "€" in shown
    assert messages.money(1e307, "en").startswith("€10,000,000,000,")


@pytest.mark.parametrize("key", sorted(messages.UNCERTAIN))
def test_every_uncertain_point_has_a_plain_sentence_in_three_languages(key):
    point, fr, en, es = messages.UNCERTAIN[key]
    assert point.startswith("law.md §")
    assert fr and en and es and len({fr, en, es}) == 3
    assert "law.md" not in fr + en + es
    names = placeholders(point)
    assert placeholders(fr) == placeholders(en) == placeholders(es) == names


def test_every_uncertain_point_of_the_rules_and_parameters_has_its_sentence():
    from importlib import import_module

    from appui.rights import remedies

    timelines = import_module("appui.rights.timeline")  # the package exports the function
    points = [getattr(remedies, n) for n in dir(remedies) if n.startswith("U_")]
    points += [getattr(timelines, n) for n in dir(timelines) if n.startswith("U_")]
    assert timelines.U_LETTER_24H in points
    points += [v.uncertain for p in P.PARAMETERS.values() for v in p.values if v.uncertain]
    assert len(points) > 10
    for point in points:
        for lang in messages.LANGUAGES:
            text = messages.uncertain_text(point, lang)
            assert text != point and "law.md" not in text, (point, lang)


@pytest.mark.parametrize("name", sorted(P.PARAMETERS))
def test_every_parameter_has_a_plain_name_for_its_uncertain_points(name):
    fr, en, es = messages.PARAMETER_NAMES[name]
    assert fr and en and es
    latest = P.get(name).at(P.dt.date(2199, 12, 31)).uncertain
    earliest = P.get(name).at(P.dt.date(1901, 1, 1)).uncertain
    for point in (latest, earliest):
        if point is not None:
            texts = [messages.uncertain_text(point, lang) for lang in messages.LANGUAGES]
            assert len(set(texts)) == 3 and all("law.md" not in t for t in texts)
