"""The order of the question screens, and which apply to which story."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from . import forms
from .questions import NO_INJURY_ASKED, PARTNER_RELEVANT, PRESS, PROPERTY, any_of, situations_of

ORDER = (
    "danger",
    "age",
    "what",
    "words",
    "when",
    "where",
    "home",
    "author",
    "harm",
    "losses",
    "procedure",
    "about",
)

FORMS = {
    "danger": forms.DangerForm,
    "age": forms.AgeForm,
    "what": forms.WhatForm,
    "words": forms.WordsForm,
    "when": forms.WhenForm,
    "where": forms.WhereForm,
    "home": forms.HomeForm,
    "author": forms.AuthorForm,
    "harm": forms.HarmForm,
    "losses": forms.LossesForm,
    "procedure": forms.ProcedureForm,
    "about": forms.AboutForm,
}
# The answers each screen owns. The town screens search with the same field names; the home
# screen keeps its town under its own key.
FIELDS = {
    step: tuple(name for name in form.base_fields if name != "place")
    for step, form in FORMS.items()
}
FIELDS["home"] = ("home_commune", "lives_abroad", "french_national")
TITLES = {
    "danger": _("Your safety"),
    "age": _("Your age"),
    "what": _("What happened"),
    "words": _("Insults or defamation"),
    "when": _("When"),
    "where": _("Where"),
    "home": _("Where you live"),
    "author": _("The author"),
    "harm": _("Injuries"),
    "losses": _("Losses and insurance"),
    "procedure": _("What has been done"),
    "about": _("About you (optional)"),
}
REQUIRED = ("danger", "what", "when", "where")


def applies(step: str, answers: dict) -> bool:
    given = situations_of(answers)
    if step == "words":
        return any_of(answers, PRESS)
    if step == "home":
        return bool(answers.get("abroad"))
    if step == "harm":
        return not given or not set(given) <= NO_INJURY_ASKED
    if step == "losses":
        return any_of(answers, PROPERTY)
    return True


def partner_questions(answers: dict) -> bool:
    return any_of(answers, PARTNER_RELEVANT)


def applicable(answers: dict) -> list[str]:
    return [step for step in ORDER if applies(step, answers)]


def next_step(step: str, answers: dict) -> str | None:
    """The screen after `step`, or None when the plan comes next."""
    for later in ORDER[ORDER.index(step) + 1 :]:
        if applies(later, answers):
            return later
    return None


def previous_step(step: str, answers: dict) -> str | None:
    remaining = applicable(answers)
    if step not in remaining:
        return None
    index = remaining.index(step)
    return remaining[index - 1] if index > 0 else None


def first_missing(answers: dict) -> str | None:
    """The first required screen not answered yet: the plan needs those."""
    for step in REQUIRED:
        if step == "what":
            if not situations_of(answers):
                return step
        elif not any(name in answers for name in FIELDS[step]):
            return step
    return None
