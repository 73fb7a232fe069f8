"""Folding and ranking over the whole of France (the index built from the data file)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appui.territory.index import CommuneHit, CommuneIndex, distance_km, normalise

SAINT_DIE, EPINAL, NANCY = "88413", "88160", "54395"


def codes(hits):
    return [hit.code for hit in hits]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Saint-Dié-des-Vosges", "saint die des vosges"),
        ("st-die", "saint die"),
        ("ST DIE", "saint die"),
        ("Ste-Marie-aux-Mines", "sainte marie aux mines"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("Vandœuvre-lès-Nancy", "vandoeuvre les nancy"),
        ("  Épinal  ", "epinal"),
        ("Marseille 13e Arrondissement", "marseille 13e arrondissement"),
        ("Stains", "stains"),  # only the whole word "st" is an abbreviation
        ("—", ""),
    ],
)
def test_normalise_folds_accents_case_punctuation_and_saints(text, folded):
    assert normalise(text) == folded


@pytest.mark.parametrize("query", ["saint die", "st-die", "Saint-Dié", "ST DIÉ", "88100"])
def test_saint_die_des_vosges_comes_first(france_index, query):
    first = france_index.search(query)[0]
    assert first.code == SAINT_DIE
    assert first.label == "Saint-Dié-des-Vosges (88100)"
    assert (first.departement_code, first.departement_name) == ("88", "Vosges")


@pytest.mark.parametrize("query", ["epinal", "Epinal", "ÉPINAL", "épinal"])
def test_epinal_without_accent(france_index, query):
    assert codes(france_index.search(query)) == [EPINAL]


def test_exact_name_before_prefix_before_word_before_contains(france_index):
    hits = france_index.search("nancy", limit=50)
    names = [hit.name for hit in hits]
    assert names[0] == "Nancy"  # exact
    assert names[1] == "Nancy-sur-Cluses"  # the name starts with the query
    assert names.index("Vandœuvre-lès-Nancy") < names.index("Villers-lès-Nancy")  # population
    assert all("nancy" in normalise(name).split() for name in names[2:])


def test_a_larger_town_comes_first_among_equals(france_index):
    verduns = [hit for hit in france_index.search("verdun", limit=5) if hit.name == "Verdun"]
    assert [hit.departement_code for hit in verduns] == ["55", "09"]
    assert verduns[0].population > verduns[1].population


def test_whole_words_before_word_prefixes(france_index):
    hits = france_index.search("saint die", limit=10)
    assert codes(hits)[0] == SAINT_DIE
    # "Saint-Dier-d'Auvergne" starts with the query inside a word: after Saint-Dié.
    assert "Saint-Dier-d'Auvergne" in [hit.name for hit in hits[1:]]


def test_words_in_any_order(france_index):
    assert SAINT_DIE in codes(france_index.search("vosges saint die"))


def test_no_match_is_an_empty_list(france_index):
    assert france_index.search("zzzzqqq") == []
    assert france_index.search("") == []
    assert france_index.search("   -' ") == []


def test_limit_is_respected(france_index):
    assert len(france_index.search("saint", limit=3)) == 3
    assert len(france_index.search("saint", limit=50)) == 50
    assert france_index.search("saint", limit=0) == []


def test_a_postcode_finds_all_its_communes_largest_first(france_index):
    hits = france_index.search("88100", limit=50)
    assert hits[0].code == SAINT_DIE
    assert len(hits) >= 5
    assert all("88100" in hit.postcodes for hit in hits)
    populations = [hit.population or 0 for hit in hits]
    assert populations == sorted(populations, reverse=True)


def test_a_postcode_prefix_needs_two_digits(france_index):
    assert france_index.search("8") == []
    hits = france_index.search("88", limit=5)
    assert codes(hits)[0] == EPINAL
    assert all(hit.postcodes[0].startswith("88") for hit in hits)
    assert france_index.search("881", limit=50)
    assert all(h.postcodes[0].startswith("881") for h in france_index.search("881", limit=50))
    assert france_index.search("880000") == []


def test_the_matched_postcode_leads_the_label(france_index):
    hits = france_index.search("13005")
    assert [hit.label for hit in hits] == [
        "Marseille (13005)",
        "Marseille 5e Arrondissement (13005)",
    ]
    assert len(hits[0].postcodes) == 16  # Marseille keeps all its postcodes


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("marseille 13", "13213"),
        ("Marseille 13e", "13213"),
        ("paris 15", "75115"),
        ("paris 16e", "75116"),
        ("lyon 3", "69383"),
        ("lyon 3e arrondissement", "69383"),
        ("75016", "75056"),  # Paris first (larger), its 16th arrondissement next
    ],
)
def test_municipal_arrondissements(france_index, query, code):
    assert france_index.search(query)[0].code == code


def test_arrondissements_are_listed_after_their_city(france_index):
    hits = france_index.search("paris", limit=21)
    assert hits[0].code == "75056"
    assert {hit.kind for hit in hits[1:]} == {"arrondissement"}
    assert len(hits) == 21


def test_a_number_after_a_name_narrows_to_the_departement_or_postcode(france_index):
    assert codes(france_index.search("epinal 88")) == [EPINAL]
    assert france_index.search("verdun 09")[0].departement_code == "09"
    assert france_index.search("verdun 55")[0].code == "55545"
    assert france_index.search("saint die 881")[0].code == SAINT_DIE


def test_a_name_found_inside_another_comes_last(france_index):
    assert france_index.search("saintdie")[0].code == SAINT_DIE  # no space typed
    assert france_index.search("lhay")[0].name == "L'Haÿ-les-Roses"
    assert france_index.search("briey")[0].name == "Val de Briey"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("st etienne", "Saint-Étienne"),
        ("sainte genevieve des bois", "Sainte-Geneviève-des-Bois"),
        ("ste genevieve des bois", "Sainte-Geneviève-des-Bois"),
        ("noumea", "Nouméa"),
        ("fort de france", "Fort-de-France"),
        ("20000", "Ajaccio"),
        ("97400", "Saint-Denis"),
        ("bar le duc", "Bar-le-Duc"),
        ("l'hay les roses", "L'Haÿ-les-Roses"),
        ("vandoeuvre", "Vandœuvre-lès-Nancy"),
    ],
)
def test_examples_across_france(france_index, query, name):
    assert france_index.search(query)[0].name == name


def test_get_by_insee_code(france_index):
    assert france_index.get(EPINAL).name == "Épinal"
    assert france_index.get("13213").kind == "arrondissement"
    assert france_index.get("00000") is None


def test_distance_km(france_index):
    epinal, nancy = france_index.get(EPINAL), france_index.get(NANCY)
    assert distance_km(epinal, epinal.latitude, epinal.longitude) == pytest.approx(0, abs=1e-9)
    assert distance_km(epinal, nancy.latitude, nancy.longitude) == pytest.approx(60, abs=6)
    assert distance_km(nancy, 48.8566, 2.3522) == pytest.approx(282, abs=8)  # Paris


def test_distance_km_without_a_centre_is_none(france_index):
    noumea = france_index.search("noumea")[0]
    assert noumea.latitude is None
    assert distance_km(noumea, 48.0, 6.0) is None


def test_hits_are_frozen_and_serialisable(france_index):
    hit = france_index.get(SAINT_DIE)
    with pytest.raises(AttributeError):
        hit.name = "x"
    assert hit.as_dict()["label"] == "Saint-Dié-des-Vosges (88100)"
    assert CommuneHit("1", "A", (), "01", "Ain", None, None).label == "A"


def test_an_empty_index_finds_nothing():
    index = CommuneIndex(())
    assert len(index) == 0
    assert index.search("paris") == []
    assert index.search("75") == []


def tier(name: str, query: str) -> int:
    """0 name prefix, 1 whole word, 2 word prefix, 3 found inside (the order of the index)."""
    folded, words = normalise(name), normalise(name).split()
    if folded.startswith(query):
        return 0
    if query in words:
        return 1
    if any(word.startswith(query) for word in words):
        return 2
    return 3


@pytest.mark.parametrize("query", ["dieu", "champs", "eaux", "loire", "roses"])
def test_tiers_come_in_order_whatever_the_population(france_index, query):
    tiers = [tier(hit.name, query) for hit in france_index.search(query, limit=50)]
    assert tiers == sorted(tiers)
    assert len(set(tiers)) >= 2


@given(text=st.text(max_size=40), limit=st.integers(min_value=-2, max_value=60))
@settings(max_examples=300, deadline=None)
def test_any_text_gives_a_list_never_an_error(france_index, text, limit):
    hits = france_index.search(text, limit)
    assert len(hits) <= max(limit, 0)
    assert len({hit.code for hit in hits}) == len(hits)
