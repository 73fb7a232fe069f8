"""Import from the public administration's directory (DILA): hours, errors, idempotence."""

import io
import json
import re
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command

from appui.directory import annuaire
from appui.directory.hours import describe
from appui.directory.models import Coverage, CoverageLevel, Kind, Service
from appui.directory.validators import opening_hours_message

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "annuaire_sample.json"
INVALID = FIXTURES / "annuaire_invalid.json"
GENDARMERIE = "dila-00000000-0000-0000-0000-000000000001"
COMMISSARIAT = "dila-00000000-0000-0000-0000-000000000002"
CIDFF = "dila-00000000-0000-0000-0000-000000000003"


def plage(first, last="", *ranges, comment=""):
    """One `plage_ouverture` item as the source writes it (empty strings for what is not given)."""
    item = {"nom_jour_debut": first, "nom_jour_fin": last, "commentaire": comment}
    for n in (1, 2):
        start, end = ranges[n - 1] if len(ranges) >= n else ("", "")
        item[f"valeur_heure_debut_{n}"] = start
        item[f"valeur_heure_fin_{n}"] = end
    return item


# --- hours ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plages", "expected"),
    [
        (
            [
                plage("Lundi", "Vendredi", ("08:00:00", "12:00:00"), ("14:00:00", "18:00:00")),
                plage("Samedi", "Samedi", ("08:00:00", "12:00:00")),
            ],
            "Mo-Fr 08:00-12:00,14:00-18:00; Sa 08:00-12:00; PH unknown",
        ),
        ([plage("Lundi", "Dimanche", ("00:00:00", "23:59:00"))], "24/7"),
        # The same hours on days apart share one rule.
        (
            [plage("Lundi", "", ("09:00", "12:00")), plage("Mercredi", "", ("09:00", "12:00"))],
            "Mo,We 09:00-12:00; PH unknown",
        ),
        # Two plages naming the same day add up, and each day is given once.
        (
            [
                plage("Lundi", "Vendredi", ("08:00:00", "12:00:00")),
                plage("Mercredi", "Mercredi", ("14:00:00", "18:00:00")),
            ],
            "Mo,Tu,Th,Fr 08:00-12:00; We 08:00-12:00,14:00-18:00; PH unknown",
        ),
        # Touching ranges are one range; a range ending at 00:00 runs to midnight.
        (
            [plage("Jeudi", "", ("08:00", "12:00"), ("12:00", "14:00"))],
            "Th 08:00-14:00; PH unknown",
        ),
        ([plage("Vendredi", "", ("20:00:00", "00:00:00"))], "Fr 20:00-24:00; PH unknown"),
        # Saturday to Monday goes round the week.
        ([plage("Samedi", "Lundi", ("10:00", "12:00"))], "Mo,Sa,Su 10:00-12:00; PH unknown"),
        # Day names in any case, with or without accents, or in English.
        (
            [
                plage("MARDI", "mercredi", ("09:00", "12:00")),
                plage("Friday", "", ("09:00", "11:00")),
            ],
            "Tu,We 09:00-12:00; Fr 09:00-11:00; PH unknown",
        ),
        # A day named with a comment and no time is unknown, not closed.
        ([plage("Mardi", "", comment="Sur rendez-vous")], "Tu unknown; PH unknown"),
        # No hours given: none stored.
        ([], ""),
        ([plage("Lundi", "Vendredi")], ""),
        ([plage("", ""), plage("Jeudi", "", ("14:00", "16:00"))], "Th 14:00-16:00; PH unknown"),
    ],
)
def test_plages_become_osm_hours(plages, expected):
    expression = annuaire.osm_hours(plages)
    assert expression == expected
    assert not expression or opening_hours_message(expression, "fr") is None


def test_converted_hours_read_as_the_site_says_them():
    expression = annuaire.osm_hours(
        [
            plage("Lundi", "Vendredi", ("08:00:00", "12:00:00"), ("14:00:00", "18:00:00")),
            plage("Samedi", "Samedi", ("08:00:00", "12:00:00")),
        ]
    )
    assert describe(expression, "en")[:2] == [
        "Monday to Friday: 8 am – 12 pm, 2 pm – 6 pm",
        "Saturday: 8 am – 12 pm",
    ]


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (plage("Lundy", "", ("08:00", "12:00")), "plage_ouverture[0].nom_jour_debut"),
        (plage("Lundi", "Vendredj", ("08:00", "12:00")), "plage_ouverture[0].nom_jour_fin"),
        (plage("", "", ("08:00", "12:00")), "plage_ouverture[0].nom_jour_debut"),
        (plage("Lundi", "", ("12:00", "08:00")), "plage_ouverture[0].valeur_heure_fin_1"),
        (plage("Lundi", "", ("08:00", "")), "plage_ouverture[0].valeur_heure_fin_1"),
        (plage("Lundi", "", ("", "12:00")), "plage_ouverture[0].valeur_heure_debut_1"),
        (plage("Lundi", "", ("8h", "12:00")), "plage_ouverture[0].valeur_heure_debut_1"),
        (
            plage("Lundi", "", ("08:00", "12:00"), ("14:00", "25:00")),
            "plage_ouverture[0].valeur_heure_fin_2",
        ),
    ],
)
def test_unreadable_plages_are_errors_never_guesses(item, field):
    with pytest.raises(ValueError, match="^" + re.escape(field) + ": "):
        annuaire.osm_hours([item])


def test_every_message_of_the_import_has_three_languages():
    for key, texts in annuaire.CATALOGUE.items():
        assert len(texts) == 3 and all(t.strip() for t in texts) and len(set(texts)) == 3, key
    assert annuaire.text("annuaire.day", "de") == annuaire.CATALOGUE["annuaire.day"][0]
    assert annuaire.text("error.required", "en") == "This field is required."


def test_every_type_taken_maps_to_a_kind():
    assert set(annuaire.KIND_OF) == set(annuaire.DilaType.values)
    assert all(kind in Kind for kind in annuaire.KIND_OF.values())


# --- import ----------------------------------------------------------------------------------


def values(slug):
    service = Service.objects.get(slug=slug)
    fields = ("kind", "name", "street", "postcode", "city", "commune_code", "latitude")
    fields += ("longitude", "phones", "fax", "emails", "website", "opening_hours", "notes_fr")
    fields += ("source", "dataset")
    codes = sorted(service.coverage.values_list("level", "code"))
    return {name: getattr(service, name) for name in fields} | {"coverage": codes}


@pytest.mark.django_db
def test_import_converts_the_records_it_takes_and_skips_the_others():
    report = annuaire.import_annuaire(SAMPLE.read_bytes())

    assert report.ok, report.errors
    assert report.as_dict() == {"created": 3, "updated": 0, "skipped": 1, "without_coverage": 1}
    assert Service.objects.count() == 3
    assert values(GENDARMERIE) == {
        "kind": Kind.GENDARMERIE,
        "name": "Gendarmerie - Brigade de test (fiche fictive)",
        # The address one goes to, not the postal one listed first.
        "street": "Caserne de test, 1 rue de l'Exemple",
        "postcode": "88000",
        "city": "Épinal",
        "commune_code": "88160",
        "latitude": 48.17,
        "longitude": 6.45,
        "phones": [{"number": "01 99 00 00 01", "use": "main"}],
        "fax": "01 99 00 00 02",
        "emails": ["brigade.test@example.org"],
        "website": "https://www.example.org/gendarmerie-test",
        "opening_hours": (
            "Mo-Fr 08:00-12:00,14:00-18:00; Sa 08:00-12:00; Su 09:00-12:00,15:00-18:00; PH unknown"
        ),
        "notes_fr": "Horaires du dimanche : Accueil sur rendez-vous l'après-midi.",
        "source": "Annuaire de l'administration (DILA), id 00000000-0000-0000-0000-000000000001",
        "dataset": "annuaire",
        "coverage": [(CoverageLevel.COMMUNE, code) for code in ("88160", "88209", "88465")],
    }
    commissariat = values(COMMISSARIAT)
    assert (commissariat["kind"], commissariat["opening_hours"]) == (Kind.POLICE, "24/7")
    assert commissariat["coverage"] == [(CoverageLevel.COMMUNE, "54395")]
    cidff = values(CIDFF)
    # No plage_ouverture: no hours; no commune in the pivot: no coverage. Nothing guessed.
    assert (cidff["kind"], cidff["opening_hours"], cidff["coverage"]) == (Kind.CIDFF, "", [])
    assert (cidff["latitude"], cidff["longitude"]) == (None, None)


@pytest.mark.django_db
def test_import_again_updates_by_slug_and_changes_nothing_else():
    annuaire.import_annuaire(SAMPLE.read_bytes())
    before = {slug: values(slug) for slug in (GENDARMERIE, COMMISSARIAT, CIDFF)}
    coverage = Coverage.objects.count()

    again = annuaire.import_annuaire(SAMPLE.read_bytes())

    assert again.as_dict() == {"created": 0, "updated": 3, "skipped": 1, "without_coverage": 1}
    assert {slug: values(slug) for slug in before} == before
    assert (Service.objects.count(), Coverage.objects.count()) == (3, coverage)

    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["service"][0]["nom"] = "Gendarmerie - Brigade de test renommée"
    document["service"][0]["pivot"][0]["code_insee_commune"] = ["88160"]
    changed = annuaire.import_annuaire(json.dumps(document))
    assert (changed.created, changed.updated) == (0, 3)
    assert values(GENDARMERIE)["name"] == "Gendarmerie - Brigade de test renommée"
    assert values(GENDARMERIE)["coverage"] == [(CoverageLevel.COMMUNE, "88160")]


@pytest.mark.django_db
def test_the_operator_names_the_dataset():
    report = annuaire.import_annuaire(SAMPLE.read_bytes(), dataset="annuaire-2026-01")
    assert report.ok
    assert set(Service.objects.values_list("dataset", flat=True)) == {"annuaire-2026-01"}

    refused = annuaire.import_annuaire(SAMPLE.read_bytes(), dataset="Annuaire 2026")
    assert [(e.field, e.record) for e in refused.errors] == [("dataset", 0)]


def record_lines(path):
    """The line where each record's `{` stands (the fixtures put one per line, indented by 4)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, start=1) if line == "    {"]


@pytest.mark.django_db
def test_one_wrong_record_and_nothing_is_written_every_error_by_record():
    report = annuaire.import_annuaire(INVALID.read_bytes())

    assert not report.ok
    assert Service.objects.count() == 0  # not even the good first record
    found = {(e.record, e.field) for e in report.errors}
    assert found == {
        (2, "adresse[0].code_postal"),
        (2, "adresse[0].longitude"),  # a latitude without its longitude
        (2, "telephone[0].valeur"),
        (2, "plage_ouverture[0].nom_jour_debut"),
        (2, "plage_ouverture[1].valeur_heure_fin_2"),
        (2, "pivot[0].code_insee_commune[1]"),
        (3, "nom"),
        (3, "id"),  # the first record's id again
    }
    starts = record_lines(INVALID)
    for error in report.errors:
        assert error.line == starts[error.record - 1]
    by_field = {(e.record, e.field): e for e in report.errors}
    assert by_field[(2, "telephone[0].valeur")].id == "00000000-0000-0000-0000-000000000012"
    assert by_field[(3, "nom")].message == "Ce champ est obligatoire."
    assert "n° 1" in by_field[(3, "id")].message


def test_errors_speak_the_operators_language():
    result = annuaire.read(INVALID.read_bytes(), "en")
    messages = {(e.record, e.field): e.message for e in result.errors}
    assert messages[(3, "nom")] == "This field is required."
    assert messages[(2, "plage_ouverture[1].valeur_heure_fin_2")] == (
        "The end time must come after the start time."
    )


def test_the_apis_shapes_read_like_the_file():
    """The API sends a plain list or `results`, with lists as JSON text; both read alike."""
    record = json.loads(SAMPLE.read_text(encoding="utf-8"))["service"][0]
    from_file = annuaire.read(json.dumps({"service": [record]})).entries
    as_text = dict(record)
    for key in ("pivot", "adresse", "telephone", "telecopie", "site_internet", "plage_ouverture"):
        as_text[key] = json.dumps(record[key])
    as_text["adresse_courriel"] = "brigade.test@example.org"
    for document in ([as_text], {"total_count": 1, "results": [as_text]}):
        result = annuaire.read(json.dumps(document))
        assert result.errors == []
        assert result.entries == from_file


@pytest.mark.parametrize(
    ("data", "line", "key"),
    [
        ('{"service": [{"id": "a",}]}', 1, "error.json"),
        ('{\n"service": [\n{"id": "a"}\n]\n} trailing', 5, "error.json"),
        ('{"communes": []}', 1, "annuaire.no_list"),
        ('"service"', 1, "annuaire.no_list"),
        ('{"service": []}', 1, "error.empty"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_error(data, line, key):
    result = annuaire.read(data)
    assert [(e.record, e.line, e.field) for e in result.errors] == [(0, line, "$")]
    if key != "error.json":
        assert result.errors[0].message == annuaire.text(key, "fr")


def test_records_not_for_publication_are_skipped():
    record = json.loads(SAMPLE.read_text(encoding="utf-8"))["service"][1]
    result = annuaire.read(json.dumps([record | {"statut_de_diffusion": "false"}]))
    assert (result.entries, result.skipped, result.errors) == ([], 1, [])


def test_the_published_archive_is_read_directly(tmp_path):
    archive = tmp_path / "all_latest.tar.bz2"
    with tarfile.open(archive, "w:bz2") as tar:
        data = SAMPLE.read_bytes()
        info = tarfile.TarInfo("2026-01-01_000000-data.gouv_local.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    assert annuaire.read_path(archive) == (SAMPLE.read_bytes(), [])

    empty = tmp_path / "other.tar.bz2"
    with tarfile.open(empty, "w:bz2") as tar:
        info = tarfile.TarInfo("readme.txt")
        tar.addfile(info, io.BytesIO(b""))
    data, errors = annuaire.read_path(empty)
    assert data is None and [e.field for e in errors] == ["$"]

    assert annuaire.read_path(SAMPLE) == (SAMPLE.read_bytes(), [])


# --- the command -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_imports_then_updates(capsys):
    call_command("directory", "import-annuaire", str(SAMPLE))
    assert json.loads(capsys.readouterr().out) == {
        "created": 3,
        "updated": 0,
        "skipped": 1,
        "without_coverage": 1,
    }
    call_command("directory", "import-annuaire", str(SAMPLE), "--dataset", "annuaire")
    assert json.loads(capsys.readouterr().out)["updated"] == 3
    assert Service.objects.filter(dataset="annuaire").count() == 3


@pytest.mark.django_db
def test_command_refuses_a_wrong_file_with_its_errors_and_status_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("directory", "import-annuaire", str(INVALID), "--lang", "en")
    assert exit_.value.code == 2
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert {(e["record"], e["field"]) for e in errors} >= {
        (2, "adresse[0].code_postal"),
        (3, "nom"),
    }
    assert set(errors[0]) == {"record", "line", "id", "field", "message"}
    assert Service.objects.count() == 0

    with pytest.raises(SystemExit) as exit_:
        call_command("directory", "import-annuaire", str(SAMPLE), "--dataset", "Not valid")
    assert exit_.value.code == 2
    assert Service.objects.count() == 0


def test_command_says_which_file_it_cannot_read(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="missing.json"):
        call_command("directory", "import-annuaire", str(tmp_path / "missing.json"))
