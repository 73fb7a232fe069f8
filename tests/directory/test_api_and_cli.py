"""The directory's HTTP API and command line, for what needs no commune placed."""

import json

import pytest

from appui.directory.models import Service

pytestmark = pytest.mark.django_db


def test_api_national_numbers(client, seeded):
    response = client.get("/api/directory/national-numbers", {"lang": "es"})
    assert response.status_code == 200
    numbers = response.json()["services"]
    assert [n["name"] for n in numbers][:3] == [
        "Police-secours (17)",
        "Numéro d'urgence européen (112)",
        "Urgences par SMS (114)",
    ]
    helpline = numbers[3]
    assert helpline["kind_label"] == "Número nacional"
    assert helpline["phones"][1] == {
        "number": "+33 1 80 52 33 76",
        "use": "abroad",
        "label": "Desde el extranjero",
        "href": "tel:+33180523376",
    }
    assert helpline["hours_lines"] == ["todos los días: 9:00 – 19:00 (quizás hasta las 20:00)"]


@pytest.mark.parametrize("commune", ["", "8816", "ABCDE", "88-160"])
def test_api_malformed_commune_is_422_before_any_lookup(client, commune):
    response = client.get("/api/directory/services", {"commune": commune})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "commune"


GOOD = """slug,kind,name,phones,coverage_departements,opening_hours
bar-nancy,bar,Ordre des avocats de Nancy (test),03 83 00 00 00,54,"Mo 14:00-17:00; PH off"
"""
BAD = """slug,kind,name,phones
ok,bar,Fine,
Not A Slug,bar,,03 AB
"""


def test_cli_import_export_and_load_seed(run_appui, tmp_path):
    assert run_appui("migrate", "--noinput", "-v0").returncode == 0

    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    result = run_appui("directory", "import", str(bad), "--lang", "en")
    assert result.returncode == 2
    errors = json.loads(result.stdout)["errors"]
    assert {(e["line"], e["field"]) for e in errors} == {
        (3, "slug"),
        (3, "name"),
        (3, "phones"),
    }
    messages = {e["field"]: e["message"] for e in errors}
    assert messages["name"] == "This field is required."

    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    result = run_appui("directory", "import", str(good))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"created": 1, "updated": 0, "deleted": 0}

    result = run_appui("directory", "load-seed")
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["updated"] == 0 and loaded["created"] > 20
    again = json.loads(run_appui("directory", "load-seed").stdout)
    assert (again["created"], again["updated"]) == (0, loaded["created"])

    result = run_appui("directory", "export", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("slug,kind,name,")
    assert "bar-nancy,bar,Ordre des avocats de Nancy (test)" in result.stdout

    exported = tmp_path / "all.json"
    result = run_appui("directory", "export", "--output", str(exported))
    assert result.returncode == 0, result.stderr
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert len(document["services"]) == loaded["created"] + 1

    # The export imports again, changing nothing.
    result = run_appui("directory", "import", str(exported))
    assert json.loads(result.stdout)["updated"] == loaded["created"] + 1

    result = run_appui("directory", "import", str(tmp_path / "missing.json"))
    assert result.returncode != 0
    assert "missing.json" in result.stderr


def test_command_in_process(seeded, capsys):
    """The same command run in this process (the tests' database)."""
    from django.core.management import call_command

    call_command("directory", "export", "--format", "json")
    document = json.loads(capsys.readouterr().out)
    assert len(document["services"]) == Service.objects.count()
