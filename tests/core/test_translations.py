"""Every interface string is translated into French, English and Spanish."""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.helpers import APPUI_COMMAND, appui_environment

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LANGUAGES = [code for code, _ in settings.LANGUAGES]
REPOSITORY = Path(__file__).resolve().parents[2]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def test_languages_are_french_english_spanish():
    assert LANGUAGES == ["fr", "en", "es"]
    assert settings.LANGUAGE_CODE == "fr"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language):
    po = catalogue(language)
    assert po.metadata["Language"] == language
    assert not po.metadata_is_fuzzy
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []
    assert len(po.translated_entries()) > 20


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    """The committed .mo files are what a machine without gettext serves."""
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"))
    assert {(e.msgid, e.msgstr) for e in mo if e.msgid} == {
        (e.msgid, e.msgstr) for e in po.translated_entries()
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    for entry in catalogue(language).translated_entries():
        # A plural entry keeps its forms in msgstr_plural, each with the placeholders.
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for marker in ("%(", "{", "<a ", "</a>", "&nbsp;"):
            for form in forms:
                assert entry.msgid.count(marker) == form.count(marker), entry.msgid


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext's xgettext is not installed")
def test_catalogues_hold_every_string_of_the_code(tmp_path):
    """Extract the strings again into a copy of the code: none may be missing."""
    copy = tmp_path / "appui"
    shutil.copytree(REPOSITORY / "appui", copy, ignore=shutil.ignore_patterns("__pycache__"))
    environment = appui_environment(tmp_path / "var", {"PYTHONPATH": str(tmp_path)})
    subprocess.run(
        [*APPUI_COMMAND, "makemessages", "--all", "--no-obsolete"],
        cwd=tmp_path,
        env=environment,
        check=True,
        capture_output=True,
    )
    for language in LANGUAGES:
        extracted = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        missing = {e.msgid for e in extracted} - {e.msgid for e in catalogue(language)}
        assert missing == set(), f"{language}: run `make messages` and translate {missing}"
