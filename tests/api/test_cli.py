"""`appui rights assess FILE|-`: JSON out, exit 0; invalid facts: exit 2 and only errors."""

import json
import subprocess

import pytest

from appui.rights import REMEDY_IDS
from tests.helpers import APPUI_COMMAND, appui_environment

from .conftest import remedy


def run(args, tmp_path, stdin=None):
    return subprocess.run(
        [*APPUI_COMMAND, "rights", "assess", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=appui_environment(tmp_path),
        timeout=60,
    )


def test_assess_a_file(tmp_path, example):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(example), encoding="utf-8")
    result = run([str(path), "--lang", "en"], tmp_path)
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["lang"] == "en"
    assert [r["id"] for r in body["remedies"]] == list(REMEDY_IDS)
    assert remedy(body, "civi_capped")["cap"] == 4822.5


def test_assess_standard_input(tmp_path, example):
    result = run(["-"], tmp_path, stdin=json.dumps(example))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["lang"] == "fr"


@pytest.mark.parametrize(
    ("stdin", "field"),
    [
        ('{"offence": {"category": "theft", "date": "2999-01-01"}}', "offence.date"),
        ('{"offence": {}}', "offence.category"),
        ("{oops", "$"),
    ],
)
def test_invalid_facts_exit_2_with_only_errors(tmp_path, stdin, field):
    result = run(["-", "--lang", "es"], tmp_path, stdin=stdin)
    assert result.returncode == 2
    body = json.loads(result.stdout)  # nothing but the JSON document on stdout
    assert list(body) == ["errors"]
    assert body["errors"][0]["field"] == field
    assert "Traceback" not in result.stderr


def test_a_missing_file_is_an_error_not_a_traceback(tmp_path):
    result = run([str(tmp_path / "absent.json")], tmp_path)
    assert result.returncode == 2
    assert json.loads(result.stdout) == {
        "errors": [{"field": "FILE", "message": "Fichier introuvable."}]
    }
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("stdin", "field"),
    [
        (
            '{"offence": {"category": "theft", "other_categories": ["theft"]}}',
            "offence.other_categories",
        ),
        ('{"offence": {"category": "theft", "date": "0201-01-01"}}', "offence.date"),
        (
            '{"offence": {"category": "theft"}, "situation": {"annual_income": 1e307}}',
            "situation.annual_income",
        ),
        (
            '{"offence": {"category": "violence", "date": "2024-01-01"},'
            ' "victim": {"indirect": true, "direct_victim_birth_date": "2024-02-01"}}',
            "victim.direct_victim_birth_date",
        ),
        (
            '{"offence": {"category": "fraud"}, "insurance": {"card_debit_date": "01/02/2024"}}',
            "insurance.card_debit_date",
        ),
    ],
    ids=["other-is-main", "year-0201", "income-1e307", "direct-born-after", "debit-not-iso"],
)
def test_new_field_errors_exit_2(tmp_path, stdin, field):
    result = run(["-", "--lang", "en"], tmp_path, stdin=stdin)
    assert result.returncode == 2, result.stderr
    body = json.loads(result.stdout)
    assert list(body) == ["errors"]
    assert [e["field"] for e in body["errors"]] == [field]
    assert "Traceback" not in result.stderr


def test_several_offences_on_the_command_line(tmp_path, example):
    example["offence"].update(category="violence", other_categories=["theft"])
    example["harm"]["itt_days"] = 10
    result = run(["-"], tmp_path, stdin=json.dumps(example))
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert remedy(body, "civi_capped")["category"] == "violence"
    assert remedy(body, "insurance")["category"] == "theft"
