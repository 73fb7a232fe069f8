"""The town fields' words (appui/territory/locale): complete in French, English and Spanish.

The app keeps its own catalogue, which Django merges with the project's and `make messages`
keeps up to date like the others (it writes each app's strings to the app's `locale`)."""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from tests.helpers import APPUI_COMMAND, appui_environment

REPOSITORY = Path(__file__).resolve().parents[2]
LOCALE = REPOSITORY / "appui" / "territory" / "locale"
LANGUAGES = ["fr", "en", "es"]


def catalogue(language: str, root: Path = LOCALE) -> polib.POFile:
    return polib.pofile(str(root / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_compiled(language):
    po = catalogue(language)
    assert po.metadata["Language"] == language
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries() + po.obsolete_entries()] == []
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    assert {(e.msgid, e.msgstr) for e in mo if e.msgid} == {
        (e.msgid, e.msgstr) for e in po.translated_entries()
    }
    for entry in po:
        for marker in ("%(", "{"):
            assert entry.msgid.count(marker) == entry.msgstr.count(marker), entry.msgid


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext's xgettext is not installed")
def test_catalogue_holds_every_string_of_the_app(tmp_path):
    """Extract the strings again into a copy of the code: none may be missing."""
    copy = tmp_path / "appui"
    shutil.copytree(REPOSITORY / "appui", copy, ignore=shutil.ignore_patterns("__pycache__"))
    environment = appui_environment(tmp_path / "var", {"PYTHONPATH": str(tmp_path)})
    subprocess.run(
        [*APPUI_COMMAND, "makemessages", *(f"--locale={code}" for code in LANGUAGES)],
        cwd=tmp_path,
        env=environment,
        check=True,
        capture_output=True,
    )
    extracted = copy / "territory" / "locale"
    for language in LANGUAGES:
        missing = {e.msgid for e in catalogue(language, extracted)} - {
            e.msgid for e in catalogue(language)
        }
        assert missing == set(), f"{language}: run `make messages` and translate {missing}"
