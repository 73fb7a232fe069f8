"""`appui territory …` in a subprocess: JSON on stdout, status 0, 1 (not found) or 2 (bad input)."""

import json

from .conftest import FIXTURES


def ready(run_appui):
    """A fresh site (its own SQLite file) with the communes loaded."""
    assert run_appui("migrate", "--noinput").returncode == 0
    result = run_appui("territory", "load")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_load_then_search(run_appui):
    loaded = ready(run_appui)
    assert loaded["status"] == "loaded"
    assert loaded["communes"] >= 34_000
    again = run_appui("territory", "load")
    assert json.loads(again.stdout)["status"] == "current"

    result = run_appui("territory", "search", "st-die", "--limit", "3")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert len(hits) == 3
    assert hits[0]["code"] == "88413"
    assert hits[0]["label"] == "Saint-Dié-des-Vosges (88100)"

    result = run_appui("territory", "search", "88100")
    assert json.loads(result.stdout)[0]["name"] == "Saint-Dié-des-Vosges"

    result = run_appui("territory", "commune", "88160")
    assert (result.returncode, json.loads(result.stdout)["name"]) == (0, "Épinal")
    result = run_appui("territory", "commune", "00000")
    assert (result.returncode, json.loads(result.stdout)) == (1, None)


def test_bad_searches_exit_2_with_field_errors(run_appui):
    result = run_appui("territory", "--lang", "en", "search", "a", "--limit", "0")
    assert result.returncode == 2
    body = json.loads(result.stdout)
    assert [error["field"] for error in body["errors"]] == ["q", "limit"]
    assert "characters" in body["errors"][0]["message"]
    assert "Traceback" not in result.stderr


def test_import_courts(run_appui):
    ready(run_appui)
    result = run_appui("territory", "import-courts", str(FIXTURES / "courts.csv"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["communes"] == 6
    result = run_appui("territory", "court", "88413")
    assert json.loads(result.stdout)["name"] == "Épinal"

    result = run_appui("territory", "import-courts", str(FIXTURES / "courts_bad.csv"))
    assert result.returncode == 2
    errors = json.loads(result.stdout)["errors"]
    assert [(e["line"], e["field"]) for e in errors] == [
        (3, "Commune"),
        (4, "Nom TJ"),
        (5, "Nom TJ"),
        (6, "Nom TJ"),
    ]
    result = run_appui("territory", "court", "88413", "--kind", "tribunal_judiciaire")
    assert json.loads(result.stdout)["name"] == "Épinal"  # the bad file changed nothing
    result = run_appui("territory", "court", "88413", "--kind", "cour_appel")
    assert json.loads(result.stdout)["name"] == "Nancy"
    result = run_appui("territory", "court", "75056")
    assert (result.returncode, json.loads(result.stdout)) == (1, None)

    result = run_appui("territory", "import-courts", "/nonexistent/courts.csv")
    assert result.returncode == 2
    assert json.loads(result.stdout)["errors"][0]["field"] == "$"
