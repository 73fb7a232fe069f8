"""Importing the Ministry's commune → court table: all or nothing, every error located."""

import pytest

from appui.territory import services
from appui.territory.choices import CourtKind
from appui.territory.courts import EXPECTED_HEADER
from appui.territory.models import Court, CourtArea

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db

GOOD, BAD = FIXTURES / "courts.csv", FIXTURES / "courts_bad.csv"


def test_import_the_fixture(france):
    result = services.import_courts(GOOD)
    assert result.ok, result.errors
    assert result.communes == 6
    assert result.courts == {
        "conseil_prudhommes": 2,
        "cour_appel": 1,
        "tribunal_judiciaire": 5,
        "tribunal_proximite": 1,
    }
    assert CourtArea.objects.count() == 6 + 6 + 1 + 2


@pytest.mark.parametrize(
    ("commune", "court"),
    [
        ("88160", "Épinal"),
        ("88413", "Épinal"),
        ("54395", "Nancy"),
        ("55545", "Verdun"),
        ("55029", "Bar-le-Duc"),
        ("54099", "Val de Briey"),
    ],
)
def test_tribunal_judiciaire_of_each_commune(france, commune, court):
    services.import_courts(GOOD)
    found = services.court_for(commune)
    assert (found.kind, found.name) == (CourtKind.TRIBUNAL_JUDICIAIRE, court)


def test_other_kinds_of_court(france):
    services.import_courts(GOOD)
    assert services.court_for("54099", CourtKind.COUR_APPEL).name == "Nancy"
    assert services.court_for("88413", CourtKind.TRIBUNAL_PROXIMITE).name == "Saint-Dié-des-Vosges"
    assert services.court_for("88160", CourtKind.TRIBUNAL_PROXIMITE) is None
    assert services.court_for("88160", CourtKind.CONSEIL_PRUDHOMMES).name == "Épinal"
    assert services.court_for("75056") is None  # not in the file
    assert services.court_for("00000") is None


def test_the_same_court_serves_several_communes(france):
    services.import_courts(GOOD)
    epinal = services.court_for("88160")
    assert services.court_for("88413") == epinal
    assert set(epinal.areas.values_list("commune_id", flat=True)) == {"88160", "88413"}


def test_a_bad_file_imports_nothing_and_locates_every_error(france):
    services.import_courts(GOOD)
    before = list(CourtArea.objects.values_list("commune_id", "court__name", "kind"))
    result = services.import_courts(BAD, lang="en")
    assert not result.ok
    assert [(e["line"], e["field"]) for e in result.errors] == [
        (3, "Commune"),  # 99999 is no commune
        (4, "Nom TJ"),  # the line stops before this column
        (5, "Nom TJ"),  # a court number without a name
        (6, "Nom TJ"),  # court T-TJ-1 is "Épinal" on line 2
    ]
    assert "99999" in result.errors[0]["message"]
    assert "line 2" in result.errors[3]["message"]
    assert result.as_dict() == {"errors": result.errors}
    assert list(CourtArea.objects.values_list("commune_id", "court__name", "kind")) == before


def test_a_new_file_replaces_the_previous_one(france):
    services.import_courts(GOOD)
    header = "Commune;Libellé;Orig. TJ;N° TJ;Nom TJ\n"
    result = services.import_courts((header + "88160;Épinal;;T-TJ-9;Autre\n").encode())
    assert result.ok, result.errors
    assert services.court_for("88160").name == "Autre"
    assert services.court_for("88413") is None
    assert services.court_for("88160", CourtKind.COUR_APPEL) is None
    assert list(Court.objects.values_list("name", flat=True)) == ["Autre"]


def test_an_arrondissement_shares_its_city_court_unless_listed(france):
    header = "Commune;Libellé;Orig. TJ;N° TJ;Nom TJ\n"
    rows = "75056;Paris;;T-TJ-75;Paris\n13201;Marseille 1er;;T-TJ-13;Marseille\n"
    assert services.import_courts((header + rows).encode()).ok
    assert services.court_for("75115").name == "Paris"
    assert services.court_for("13201").name == "Marseille"
    assert services.court_for("13202") is None  # neither it nor Marseille is listed


def test_header_names_are_folded_and_full_names_accepted(france):
    text = (
        "\ufeffCOMMUNE;libelle;Origine Tribunal judiciaire;Nº Tribunal judiciaire;"
        "Nom Tribunal judiciaire\r\n2a004;Ajaccio;X;T-TJ-20;Ajaccio\r\n"
    )
    result = services.import_courts(text.encode("utf-8"))
    assert result.ok, result.errors
    area = CourtArea.objects.get()
    assert (area.commune_id, area.origin, area.court.number) == ("2A004", "X", "T-TJ-20")


def test_windows_1252_files_are_read(france):
    text = "Commune;Libellé;Orig. TJ;N° TJ;Nom TJ\n88160;Épinal;;T-TJ-1;Épinal\n"
    assert services.import_courts(text.encode("cp1252")).ok
    assert services.court_for("88160").name == "Épinal"


def test_the_documented_header_is_accepted(france):
    line = "88160;Épinal;;T-CA-1;Nancy;;T-TJ-1;Épinal;;;;;;\n"
    result = services.import_courts((EXPECTED_HEADER + "\n" + line).encode())
    assert result.ok, result.errors


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        ("", [(None, "$")]),
        ("Commune;Libellé;Orig. TJ;N° TJ;Nom TJ\n", [(None, "$")]),
        ("Code;Libellé;Orig. TJ;N° TJ;Nom TJ\n88160;x;;1;y\n", [(1, "Commune"), (1, "Code")]),
        ("Commune;Libellé;Orig. TJ;Nom TJ\n88160;x;;y\n", [(1, "N° TJ")]),
        ("Commune;Libellé;Orig. TGI;N° TGI;Nom TGI\n88160;x;;1;y\n", [(1, "Orig. TGI")]),
        ("Commune;Libellé;Orig. TJ;N° TJ;Nom TJ\n88160;x;;1;y;extra\n", [(2, "$")]),
        ("Commune;Libellé;N° TJ;Nom TJ\n88160;x;1;y\n88160;x;1;y\n", [(1, "Orig. TJ")]),
        (
            "Commune;Libellé;Orig. TJ;N° TJ;Nom TJ\n88160;x;;1;y\n88160;x;;1;y\n",
            [(3, "Commune")],
        ),
        ("Commune;Libellé;Orig. TJ;N° TJ;Nom TJ\n88160;x;;;Épinal\n", [(2, "N° TJ")]),
    ],
)
def test_malformed_files(france, text, errors):
    result = services.import_courts(text.encode())
    found = [(e["line"], e["field"]) for e in result.errors]
    assert found[: len(errors)] == errors
    assert not CourtArea.objects.exists()


def test_a_missing_file_is_an_error(france, tmp_path):
    result = services.import_courts(tmp_path / "absent.csv")
    assert [(e["line"], e["field"]) for e in result.errors] == [(None, "$")]


def test_courts_need_the_communes_loaded():
    services.unload()
    result = services.import_courts(GOOD, lang="es")
    assert [e["field"] for e in result.errors] == ["$"]
    assert "appui territory load" in result.errors[0]["message"]
