"""Shape of the assessment and its dated parameters (contract; law.md §1.7)."""

import copy
import datetime as dt
import json
import zoneinfo

import pytest

P = pytest.param

REMEDY_KEYS = {
    "id",
    "status",
    "legal_basis",
    "reasons",
    "missing",
    "cap",
    "amount",
    "deadlines",
    "uncertain",
    "uncertain_text",
}
DEADLINE_KEYS = {"id", "date", "state", "legal_basis", "extended", "indicative", "relief_possible"}
PARAMETER_KEYS = {"name", "value", "unit", "in_force_from", "source", "stale"}

PRESETS = ["theft", "violence", "partner_violence", "vehicle_arson", "squat", "sarvi", "terrorism"]


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("lang", ["fr", "en", "es"])
def test_assessment_shape(run, make_facts, contract, preset, lang):
    facts = make_facts(preset)
    result = run(facts, lang)
    assert result["as_of"] == facts["as_of"]
    assert result["parameters_date"] == facts["as_of"]
    assert result["lang"] == lang
    ids = [r["id"] for r in result["remedies"]]
    assert sorted(ids) == sorted(contract.remedy_ids)
    for r in result["remedies"]:
        assert REMEDY_KEYS <= set(r), r["id"]
        assert r["status"] in contract.statuses
        assert isinstance(r["legal_basis"], list)
        assert all(isinstance(x, str) and x for x in r["reasons"])
        assert all(u.startswith("law.md §") for u in r["uncertain"]), r["uncertain"]
        assert len(r["uncertain_text"]) == len(r["uncertain"]), r["id"]
        assert not any("law.md" in t for t in r["uncertain_text"]), r["uncertain_text"]
        assert "category" not in r  # only with offence.other_categories
        if r["status"] == "unknown":
            assert r["missing"], r["id"]
        assert set(r["missing"]) <= contract.field_paths, r["missing"]
        for d in r["deadlines"]:
            assert DEADLINE_KEYS <= set(d), d
            assert d["id"] in contract.deadline_ids, d
            assert d["state"] in ("upcoming", "open", "passed")
    assert "fund" in next(r for r in result["remedies"] if r["id"] == "guarantee_fund_direct")
    for p in result["parameters"]:
        assert PARAMETER_KEYS <= set(p), p
        assert isinstance(p["stale"], bool)
        assert isinstance(p["source"], str) and p["source"]
    assert json.loads(json.dumps(result)) == result


@pytest.mark.parametrize("preset", PRESETS)
def test_language_changes_only_the_text(run, make_facts, preset):
    def skeleton(result):
        return [
            (
                r["id"],
                r["status"],
                sorted(r["missing"]),
                r["cap"],
                r["amount"],
                sorted((d["id"], d["date"], d["state"], d["extended"]) for d in r["deadlines"]),
            )
            for r in sorted(result["remedies"], key=lambda r: r["id"])
        ]

    facts = make_facts(preset)
    fr, en, es = (skeleton(run(facts, lang)) for lang in ("fr", "en", "es"))
    assert fr == en == es


def test_assess_is_deterministic_and_leaves_facts_untouched(make_facts):
    from appui.rights import assess

    facts = make_facts("sarvi")
    kept = copy.deepcopy(facts)
    first = assess(facts).to_dict()
    second = assess(facts).to_dict()
    assert first == second
    assert facts == kept


@pytest.mark.parametrize(
    "mode,expected",
    [
        P(None, "2025-03-01", id="default-as-of"),
        P("as_of", "2025-03-01", id="as-of"),
        P("offence", "2019-06-01", id="offence"),
    ],
)
def test_parameters_date(run, make_facts, mode, expected):
    changes = {"offence.date": "2019-06-01", "procedure.complaint_date": "2019-06-02"}
    if mode is not None:
        changes["parameters_date"] = mode
    result = run(make_facts("theft", changes))
    assert result["as_of"] == "2025-03-01"
    assert result["parameters_date"] == expected


# aj_partial_ceiling / aj_full_ceiling by date (law.md §1.7).
CEILINGS = [
    P("2019-06-01", "2019-03-01", 1546, 1031, "month", "2019-01-18", False, id="2019"),
    P("2020-06-01", "2020-03-01", 1564, 1043, "month", None, False, id="2020"),
    P("2020-12-31", "2020-10-01", 1564, 1043, "month", None, False, id="2020-12-31"),
    P("2021-01-01", "2020-10-01", 16890, 11262, "year", "2021-01-01", False, id="2021-01-01"),
    P(
        "2022-01-01",
        "2021-10-01",
        16890,
        11262,
        "year",
        "2021-01-01",
        False,
        id="2022-01-01-one-year-not-stale",
    ),
    P(
        "2022-01-20",
        "2021-10-01",
        16890,
        11262,
        "year",
        "2021-01-01",
        True,
        id="2022-01-20-over-a-year-stale",
    ),
    P("2022-01-21", "2021-10-01", 17367, 11580, "year", "2022-01-21", False, id="2022-01-21"),
    P("2023-01-17", "2022-10-01", 17367, 11580, "year", "2022-01-21", False, id="2023-01-17"),
    P("2023-01-18", "2022-10-01", 18404, 12271, "year", "2023-01-18", False, id="2023-01-18"),
    P("2024-01-17", "2023-10-01", 18404, 12271, "year", "2023-01-18", False, id="2024-01-17"),
    P("2024-01-18", "2023-10-01", 19066, 12712, "year", "2024-01-18", False, id="2024-01-18"),
    P(
        "2025-01-18",
        "2024-10-01",
        19066,
        12712,
        "year",
        "2024-01-18",
        False,
        id="2025-01-18-one-calendar-year-across-29-february-not-stale",
    ),
    P(
        "2025-01-19",
        "2024-10-01",
        19066,
        12712,
        "year",
        "2024-01-18",
        True,
        id="2025-01-19-over-a-year-stale",
    ),
    P(
        "2025-01-22",
        "2024-10-01",
        19066,
        12712,
        "year",
        "2024-01-18",
        True,
        id="2025-01-22-over-a-year-stale",
    ),
    P("2025-01-23", "2024-10-01", 19290, 12862, "year", "2025-01-23", False, id="2025-01-23"),
    P(
        "2026-01-23",
        "2025-10-01",
        19290,
        12862,
        "year",
        "2025-01-23",
        False,
        id="2026-01-23-one-year-not-stale",
    ),
    P("2026-01-24", "2025-10-01", 19290, 12862, "year", "2025-01-23", True, id="2026-01-24-stale"),
    P("2026-09-30", "2025-10-01", 19290, 12862, "year", "2025-01-23", True, id="2026-stale"),
]


@pytest.mark.parametrize("as_of,offence,partial,full,unit,since,stale", CEILINGS)
def test_ceiling_parameters(
    run, make_facts, param, as_of, offence, partial, full, unit, since, stale
):
    facts = make_facts(
        "theft",
        {
            "as_of": as_of,
            "offence.date": offence,
            "procedure.complaint_date": offence,
            "situation.annual_income": 100,
            "situation.household_extra_persons": 1,
        },
    )
    result = run(facts)
    for name, value in (("aj_partial_ceiling", partial), ("aj_full_ceiling", full)):
        p = param(result, name)
        assert p["value"] == pytest.approx(value), name
        assert unit in p["unit"].lower(), p
        assert "eur" in p["unit"].lower(), p
        if since is not None:
            assert p["in_force_from"] == since, p
        assert p["in_force_from"] <= as_of
        assert p["stale"] is stale, p


def test_offence_date_selects_2019_parameters(run, make_facts, param):
    facts = make_facts(
        "theft",
        {
            "parameters_date": "offence",
            "offence.date": "2019-06-01",
            "procedure.complaint_date": "2019-06-02",
            "situation.household_extra_persons": 1,
        },
    )
    result = run(facts)
    partial = param(result, "aj_partial_ceiling")
    assert partial["value"] == pytest.approx(1546)
    assert partial["in_force_from"] == "2019-01-18"
    assert "month" in partial["unit"].lower()
    assert param(result, "aj_full_ceiling")["value"] == pytest.approx(1031)


def test_every_parameter_in_force_on_the_parameters_date(run, make_facts):
    for preset in PRESETS:
        result = run(make_facts(preset))
        for p in result["parameters"]:
            assert p["in_force_from"] <= result["parameters_date"], (preset, p)


def test_2020_ceiling_date_is_flagged_as_a_law_md_point(run, make_facts, remedy):
    facts = make_facts(
        "theft",
        {
            "as_of": "2020-06-01",
            "offence.date": "2020-03-01",
            "procedure.complaint_date": "2020-03-01",
        },
    )
    result = run(facts)
    points = [u for r in result["remedies"] for u in r["uncertain"]]
    assert any("§1.7" in u for u in points), points
    assert all(u.startswith("law.md §") for u in points), points


def test_defaults_today_in_paris_and_french(make_facts):
    from appui.rights import assess

    facts = make_facts("theft", {"as_of": ..., "offence.date": "2024-06-10"})
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    before = dt.datetime.now(paris).date().isoformat()
    result = assess(facts).to_dict()
    after = dt.datetime.now(paris).date().isoformat()
    assert result["as_of"] in (before, after)
    assert result["lang"] == "fr"


@pytest.mark.parametrize(
    "lang,sentence",
    [
        (
            "fr",
            "Le chiffre de 2026 pour le plafond de revenus de l'aide juridictionnelle partielle",
        ),
        ("en", "The 2026 figure for the income limit for partial legal aid is not known yet"),
        ("es", "La cifra de 2026 para el límite de ingresos de la asistencia jurídica parcial"),
    ],
)
def test_the_missing_2026_ceilings_are_said_in_plain_words(run, make_facts, remedy, lang, sentence):
    facts = make_facts("theft", {"as_of": "2026-11-30"})
    capped = remedy(run(facts, lang), "civi_capped")
    point = (
        "law.md §1.7: no aj_partial_ceiling published for 2026 is known: the latest "
        "(2025-01-23) is used"
    )
    assert point in capped["uncertain"]
    text = capped["uncertain_text"][capped["uncertain"].index(point)]
    assert text.startswith(sentence)
    assert "2025" in text


@pytest.mark.parametrize("preset", PRESETS)
def test_uncertain_text_follows_uncertain_point_by_point(run, make_facts, preset):
    from appui.rights import messages

    for lang in ("fr", "en", "es"):
        for r in run(make_facts(preset), lang)["remedies"]:
            assert r["uncertain_text"] == [
                messages.uncertain_text(point, lang) for point in r["uncertain"]
            ]
