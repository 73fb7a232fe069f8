"""`appui rights timeline FILE|-`: JSON out, exit 0; invalid procedures: exit 2 and only
errors."""

import json
import subprocess

import pytest

from appui.rights import timeline
from tests.helpers import APPUI_COMMAND, appui_environment


def from_stdin(tmp_path, stdin, *args):
    """`run_appui` takes no standard input: the same command, fed one."""
    return subprocess.run(
        [*APPUI_COMMAND, "rights", "timeline", "-", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=appui_environment(tmp_path / "var"),
        timeout=60,
        check=False,
    )


def test_a_file(run_appui, tmp_path, timeline_example):
    path = tmp_path / "procedure.json"
    path.write_text(json.dumps(timeline_example), encoding="utf-8")
    result = run_appui("rights", "timeline", str(path), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == timeline(timeline_example, "en").to_dict()


def test_standard_input(tmp_path, timeline_example):
    result = from_stdin(tmp_path, json.dumps(timeline_example))
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert (body["stage"], body["next"]) == ("offer_to_answer", "victim_answer_due")
    assert body["reasons"] == timeline(timeline_example, "fr").to_dict()["reasons"]


@pytest.mark.parametrize(
    ("stdin", "field"),
    [
        (
            '{"procedure": "civi", "as_of": "2026-03-05", "events": ['
            '{"type": "request_filed", "date": "2026-01-05"},'
            '{"type": "forwarded_to_fund", "date": "2026-01-12"},'
            '{"type": "offer_received", "date": "2026-03-06", "amount": 4200}]}',
            "events[2].date",
        ),
        ('{"procedure": "sarvi", "events": []}', "events"),
        ('{"procedure": "appeal", "events": []}', "procedure"),
        ("{oops", "$"),
    ],
    ids=["after-as-of", "no-start", "unknown-procedure", "not-json"],
)
def test_invalid_procedures_exit_2_with_only_errors(run_appui, tmp_path, stdin, field):
    path = tmp_path / "procedure.json"
    path.write_text(stdin, encoding="utf-8")
    result = run_appui("rights", "timeline", str(path), "--lang", "es")
    assert result.returncode == 2
    body = json.loads(result.stdout)  # nothing but the JSON document on stdout
    assert list(body) == ["errors"]
    assert [e["field"] for e in body["errors"]] == [field]
    assert "Traceback" not in result.stderr


def test_a_missing_file_is_an_error_not_a_traceback(run_appui, tmp_path):
    result = run_appui("rights", "timeline", str(tmp_path / "absent.json"), "--lang", "en")
    assert result.returncode == 2
    assert json.loads(result.stdout) == {
        "errors": [{"field": "FILE", "message": "File not found."}]
    }
    assert "Traceback" not in result.stderr


def test_assess_still_answers_beside_it(run_appui, tmp_path, example):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(example), encoding="utf-8")
    result = run_appui("rights", "assess", str(path))
    assert result.returncode == 0, result.stderr
    assert "remedies" in json.loads(result.stdout)
