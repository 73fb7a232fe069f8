"""`CommuneField`: a town in any Django form, typed as people say it, stored as its INSEE code.

The user types a name ("Nancy", "saint etienne", "St-Étienne"), a postcode ("54000"), a
label as Appui shows them ("Nancy (54)", "Nancy (54000)") or, unless `codes=False`, an INSEE
code; the field cleans to the INSEE code. The field never shows a code: an initial value is
shown as "Nancy (54000)", and so is what was typed once it designates one town.

Without JavaScript, a text that fits several towns makes the form invalid with a message
naming them ("Saint-Denis (93200), Saint-Denis (97400)…") and, below the box, the same towns
as radio buttons (`choices=True`): one tap picks the right one, where retyping a town's
exact spelling and postcode is slow and error-prone, on a phone above all. A choice counts
only while the text it was offered for is unchanged, so editing the text always wins.
Nothing found: "We don't know this town. Check the spelling or type its postcode."

With JavaScript (`static/territory/commune.js`, loaded by the widget itself since no inline
script may run), the box becomes an ARIA combobox that suggests towns as the user types,
from `POST /api/territory/suggest`; a suggestion fills the box with its label, which the
field reads back exactly.
"""

from __future__ import annotations

from django import forms
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from . import services
from .index import MAX_TYPED, CommuneHit, Resolution

SUGGEST_URL_NAME = "api:suggest"
LISTED = 5  # towns named in an error message; the radio buttons offer them all


class Typed(str):
    """What the user typed in the box (as opposed to an initial INSEE code), with the INSEE
    code of the town picked among the offered ones, if any."""

    choice: str

    def __new__(cls, text: str, choice: str = "") -> Typed:
        typed = super().__new__(cls, text)
        typed.choice = choice
        return typed


def choice_name(name: str) -> str:
    """The name of the radio buttons offered when a text fits several towns."""
    return f"{name}_choice"


def understand(value: object, *, codes: bool = True) -> tuple[Resolution, CommuneHit | None]:
    """What a value of the field designates: the candidates, and the town meant if known.

    A `Typed` text is read as the user wrote it, and its choice counts if it is one of the
    text's candidates; a plain string (an initial value, a disabled field) is an INSEE code,
    else read as typed text.
    """
    text = str(value or "").strip()
    if not isinstance(value, Typed):
        hit = services.get_commune(text) if text else None
        if hit is not None:
            return Resolution((hit,)), hit
    resolution = services.resolve(text, codes=codes)
    chosen = resolution.get(value.choice) if isinstance(value, Typed) and value.choice else None
    return resolution, chosen or resolution.hit


MESSAGES = {
    "unknown": _("We don't know this town. Check the spelling or type its postcode."),
    "ambiguous": _(
        "Several towns match “%(text)s”: %(towns)s. Choose yours, or type its postcode."
    ),
    "ambiguous_postcode": _(
        "Several towns have the postcode %(postcode)s: %(towns)s. Choose yours, or type its name."
    ),
}


def commune_error(
    resolution: Resolution, text: str, messages: dict = MESSAGES
) -> forms.ValidationError:
    """The field message for a text that designates no town, or several (named, up to five)."""
    if not resolution.candidates:
        return forms.ValidationError(messages["unknown"], code="unknown")
    towns = ", ".join(hit.label for hit in resolution.candidates[:LISTED])
    if resolution.more or len(resolution.candidates) > LISTED:
        towns += "…"
    code = "ambiguous_postcode" if resolution.postcode else "ambiguous"
    return forms.ValidationError(
        messages[code],
        code=code,
        params={"postcode": resolution.postcode, "text": text, "towns": towns},
    )


class CommuneInput(forms.TextInput):
    """A text box for a town, its label shown rather than its code; the towns to choose from
    as radio buttons when the text fits several; suggestions as one types, with JavaScript."""

    template_name = "territory/widgets/commune.html"

    def __init__(self, attrs=None, *, codes: bool = True, choices: bool = True):
        defaults = {"autocomplete": "off", "spellcheck": "false", "maxlength": str(MAX_TYPED)}
        super().__init__({**defaults, **(attrs or {})})
        self.codes = codes
        self.choices = choices

    def value_from_datadict(self, data, files, name):
        text = data.get(name)
        if text is None:
            return None
        return Typed(text, str(data.get(choice_name(name)) or "").strip())

    def value_omitted_from_data(self, data, files, name):
        return name not in data and choice_name(name) not in data

    def get_context(self, name, value, attrs):
        """An initial value is an INSEE code, shown as its label (wrap text to be shown as
        typed in `Typed`); what was typed is shown as typed, or as the label of its town."""
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["value"] = None
        if value and not isinstance(value, Typed):
            hit = services.get_commune(str(value))
            if hit is not None:
                widget["value"] = hit.label
            else:  # a code that is no longer a commune (merged since): never shown as is
                widget["stale"] = True
        elif value:
            resolution, hit = understand(value, codes=self.codes)
            # A form that lists the towns itself lists them for the text as typed: keep it.
            widget["value"] = hit.label if hit is not None and self.choices else str(value)
            if self.choices and hit is None and len(resolution.candidates) > 1:
                widget["candidates"] = resolution.candidates
                widget["choice_name"] = choice_name(name)
                widget["choice_id"] = f"{widget['attrs'].get('id') or name}_choice"
        try:
            widget["suggest_url"] = reverse(SUGGEST_URL_NAME)
        except NoReverseMatch:  # a site without the territory API: no suggestions
            widget["suggest_url"] = ""
        widget["script"] = static("territory/commune.js")
        widget["stylesheet"] = static("territory/commune.css")
        return context


class CommuneField(forms.Field):
    """A commune, typed by name or postcode; cleans to its INSEE code ("" when left empty).

    `codes=False` reads every number as a postcode, never as an INSEE code (the public, who
    do not know INSEE codes, then never see a town of another postcode offered). `choices=False`
    offers no radio buttons, and shows what was typed as typed: for a form that lists the
    towns itself.
    """

    widget = CommuneInput
    default_error_messages = MESSAGES

    def __init__(self, *, codes: bool = True, choices: bool = True, **kwargs):
        self.codes = codes
        kwargs.setdefault("widget", CommuneInput(codes=codes, choices=choices))
        super().__init__(**kwargs)

    def to_python(self, value) -> str:
        if value in self.empty_values or not str(value).strip():
            return ""
        resolution, hit = understand(value, codes=self.codes)
        if hit is None:
            raise commune_error(resolution, str(value).strip(), self.error_messages)
        return hit.code
