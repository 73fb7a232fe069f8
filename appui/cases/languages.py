"""The languages people helped by the associations speak, named in the reader's language.

Codes are ISO 639 (the two-letter code where there is one, else the three-letter one), as
stored in `Person.language` and `Intake.language`. Names come from Django's own catalogue
when it knows the language, else from ours: the list covers the languages of the
associations' public in France and overseas, French Sign Language included, since an
interpreter is what the professional needs to plan.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

FRENCH = "fr"

# Languages Django does not name (or names only as a variant, as Chinese).
OWN_NAMES = {
    "am": gettext_lazy("Amharic"),
    "ber": gettext_lazy("Berber (Tamazight)"),
    "bm": gettext_lazy("Bambara"),
    "ff": gettext_lazy("Fula"),
    "fsl": gettext_lazy("French Sign Language (LSF)"),
    "gcf": gettext_lazy("Antillean Creole"),
    "gcr": gettext_lazy("Guianese Creole"),
    "ht": gettext_lazy("Haitian Creole"),
    "ku": gettext_lazy("Kurdish"),
    "ln": gettext_lazy("Lingala"),
    "mg": gettext_lazy("Malagasy"),
    "prs": gettext_lazy("Dari"),
    "ps": gettext_lazy("Pashto"),
    "rcf": gettext_lazy("Réunion Creole"),
    "rom": gettext_lazy("Romani"),
    "snk": gettext_lazy("Soninke"),
    "so": gettext_lazy("Somali"),
    "swb": gettext_lazy("Comorian (Shimaore)"),
    "ti": gettext_lazy("Tigrinya"),
    "tl": gettext_lazy("Tagalog"),
    "ty": gettext_lazy("Tahitian"),
    "wo": gettext_lazy("Wolof"),
    "zh": gettext_lazy("Chinese"),
}

# Named by Django (django.conf.locale.LANG_INFO), translated by Django's catalogue.
DJANGO_NAMED = (
    "ar",
    "az",
    "bg",
    "bn",
    "br",
    "bs",
    "ca",
    "cs",
    "de",
    "el",
    "en",
    "es",
    "eu",
    "fa",
    "fr",
    "he",
    "hi",
    "hr",
    "hu",
    "hy",
    "id",
    "ig",
    "it",
    "ja",
    "ka",
    "kab",
    "kk",
    "km",
    "ko",
    "lt",
    "lv",
    "mk",
    "mn",
    "ne",
    "nl",
    "pa",
    "pl",
    "pt",
    "ro",
    "ru",
    "sk",
    "sl",
    "sq",
    "sr",
    "sv",
    "sw",
    "ta",
    "tg",
    "th",
    "tr",
    "uk",
    "ur",
    "uz",
    "vi",
)
CODES = frozenset(DJANGO_NAMED) | frozenset(OWN_NAMES)


def name(code: str) -> str:
    """ "ar" → "Arabic" ("arabe" in French); "" for no code; the code itself if unknown."""
    code = (code or "").strip()
    if not code:
        return ""
    if code in OWN_NAMES:
        return str(OWN_NAMES[code])
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _sort_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def choices(current: str = "") -> list[tuple[str, str]]:
    """The select's options in the reader's language: not known, French, then the others
    alphabetically. A code recorded earlier and no longer listed stays selectable."""
    names = [(code, name(code)) for code in CODES if code != FRENCH]
    if current and current not in CODES:
        names.append((current, name(current)))
    names.sort(key=lambda pair: _sort_key(pair[1]))
    return [("", _("Not known")), (FRENCH, name(FRENCH)), *names]
