"""The order of the question screens, and which apply to which situation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from . import forms
from .questions import PARTNER_RELEVANT, PERSON, PROPERTY

ORDER = ("danger", "what", "when", "where", "author", "harm", "losses", "procedure", "about")

FORMS = {
    "danger": forms.DangerForm,
    "what": forms.WhatForm,
    "when": forms.WhenForm,
    "where": forms.WhereForm,
    "author": forms.AuthorForm,
    "harm": forms.HarmForm,
    "losses": forms.LossesForm,
    "procedure": forms.ProcedureForm,
    "about": forms.AboutForm,
}
FIELDS = {
    step: tuple(name for name in form.base_fields if name != "place")
    for step, form in FORMS.items()
}
TITLES = {
    "danger": _("Your safety"),
    "what": _("What happened"),
    "when": _("When"),
    "where": _("Where"),
    "author": _("The author"),
    "harm": _("Injuries"),
    "losses": _("Losses"),
    "procedure": _("What has been done"),
    "about": _("About you (optional)"),
}
REQUIRED = ("danger", "what", "when", "where")


def applies(step: str, answers: dict) -> bool:
    situation = answers.get("situation")
    if step == "harm":
        return situation in PERSON
    if step == "losses":
        return situation in PROPERTY
    return True


def partner_questions(answers: dict) -> bool:
    return answers.get("situation") in PARTNER_RELEVANT


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
        if not any(name in answers for name in FIELDS[step]):
            return step
    return None
