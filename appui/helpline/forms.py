"""The console's forms: field errors in the listener's language, on the same screen.

The record's form carries the facts (saved by "Update the plan") and the outcome (checked
and saved only by "Close the record", with the facts, all or nothing). Dates are checked on
the server by the case files' ranges (`cases.ranges`): facts in the past, a flag's expiry
ahead, within a year.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from appui.cases import languages
from appui.cases.models import AuthorRelationship
from appui.cases.ranges import RangedForm
from appui.core.models import Organisation, OrganisationKind
from appui.guide.questions import Situation
from appui.territory.forms import CommuneField

from . import numbers
from .models import CALLER_KEPT, CallerType, EmergencyNumber, FlagKind, NonData, Outcome
from .services.presence import CHOSEN

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TOWN_HELP = _("Its name or its postcode, for example Verdun or 55100.")
UNKNOWN_YES_NO = [("", _("Not asked")), ("yes", _("Yes")), ("no", _("No"))]
FLAG_DEFAULT = dt.timedelta(days=180)  # a flag's expiry offered: six months
PHONE_DIGITS = (8, 15)  # a French number has 10 digits; E.164 allows 15


def _phone(value: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if not value:
        if required:
            raise forms.ValidationError(_("Type the number to call."), code="required")
        return ""
    digits = numbers.normalise(value)
    low, high = PHONE_DIGITS
    if not low <= len(digits) <= high:
        raise forms.ValidationError(
            _("Check this number: it should have 10 digits, or start with + and the country code."),
            code="phone",
        )
    return value


class QuickSelect(forms.Select):
    """A select whose options are written here rather than through one template each: the
    associations and the languages (a hundred options each) would cost the record page
    milliseconds at every save."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, group, _index in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


class PresenceForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[(s.value, s.label) for s in CHOSEN])


class NonDataForm(forms.Form):
    kind = forms.ChoiceField(label=_("Call with nothing to record"), choices=NonData.choices)


class CallForm(RangedForm, forms.Form):
    """The record while she talks: who calls, what happened, where, when, who, danger; then
    the outcome. `closing`: the outcome is checked too (the "Close the record" button)."""

    caller_type = forms.ChoiceField(
        label=_("Who calls"),
        choices=CallerType.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    situations = forms.MultipleChoiceField(
        label=_("What happened"),
        choices=Situation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every situation she describes."),
    )
    facts_date = forms.DateField(label=_("When it happened"), required=False, widget=DATE)
    commune_code = CommuneField(
        label=_("Town where it happened"), required=False, help_text=TOWN_HELP
    )
    abroad = forms.BooleanField(label=_("It happened outside France"), required=False)
    abroad_country = forms.CharField(label=_("Country"), max_length=80, required=False)
    home_commune_code = CommuneField(
        label=_("Where she lives (town in France)"),
        required=False,
        help_text=_("Leave empty if she lives outside France."),
    )
    author = forms.ChoiceField(
        label=_("The author"),
        choices=[("", _("She does not say")), *AuthorRelationship.choices],
        required=False,
        widget=QuickSelect,
    )
    danger_now = forms.ChoiceField(
        label=_("In danger now"), choices=UNKNOWN_YES_NO, required=False, widget=forms.RadioSelect
    )
    collective_accident = forms.BooleanField(
        label=_("Collective accident or disaster"), required=False
    )
    language = forms.ChoiceField(label=_("Language she speaks"), required=False, widget=QuickSelect)
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Never required. Kept encrypted, read by the helpline only."),
    )
    # The outcome, checked when the record closes.
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, required=False, widget=forms.RadioSelect
    )
    oriented_to = forms.CharField(
        label=_("Association whose details were given"), max_length=120, required=False
    )
    escalated_to = forms.ChoiceField(
        label=_("Emergency number called"),
        choices=EmergencyNumber.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    association = forms.ModelChoiceField(
        label=_("Association to transfer to"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.ASSOCIATION).order_by(
            "departement", "name"
        ),
        required=False,
        empty_label=_("Choose the association"),
        widget=QuickSelect,
    )
    consent = forms.BooleanField(
        label=_(
            "She agrees that the summary below, her town, her language and the contact details "
            "she gives are sent to this association, so that it contacts her."
        ),
        required=False,
    )
    summary = forms.CharField(
        label=_("Summary she agreed to share"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact_name = forms.CharField(label=_("Name she gives"), max_length=150, required=False)
    contact_phone = forms.CharField(label=_("Phone she gives"), max_length=30, required=False)
    preferred_time = forms.CharField(label=_("When to contact her"), max_length=200, required=False)
    callback_number = forms.CharField(label=_("Number to call back"), max_length=30, required=False)
    callback_when = forms.CharField(label=_("When to call back"), max_length=200, required=False)

    FACTS = (
        "caller_type",
        "situations",
        "facts_date",
        "commune_code",
        "abroad",
        "abroad_country",
        "home_commune_code",
        "author",
        "danger_now",
        "collective_accident",
        "language",
    )

    def __init__(self, *args, closing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.closing = closing
        current = (self.initial or {}).get("language") or ""
        self.fields["language"].choices = languages.choices(current)

    @classmethod
    def initial_for(cls, call, association=None) -> dict:
        initial = {name: getattr(call, name) for name in cls.FACTS}
        initial["danger_now"] = {True: "yes", False: "no"}.get(call.danger_now, "")
        initial["note"] = call.note
        initial["outcome"] = call.outcome
        initial["oriented_to"] = call.oriented_to or (association.name if association else "")
        initial["escalated_to"] = call.escalated_to
        initial["association"] = association.pk if association else None
        return initial

    # The outcome's numbers are checked when the record closes: "Update the plan" ignores them.
    def clean_contact_phone(self):
        value = self.cleaned_data.get("contact_phone", "")
        return _phone(value) if self.closing else value

    def clean_callback_number(self):
        value = self.cleaned_data.get("callback_number", "")
        return _phone(value) if self.closing else value

    def clean(self):
        data = super().clean()
        if data.get("abroad") and not data.get("abroad_country"):
            self.add_error("abroad_country", _("Say in which country it happened."))
        if self.closing:
            self._check_outcome(data)
        return data

    def _check_outcome(self, data) -> None:
        if not data.get("caller_type"):
            self.add_error(
                "caller_type",
                _("Say who calls, or log it as a call with nothing to record (silent, hung up…)."),
            )
        outcome = data.get("outcome")
        if not outcome:
            self.add_error("outcome", _("Choose how the call ended."))
        elif outcome == Outcome.ORIENTED and not data.get("oriented_to"):
            self.add_error("oriented_to", _("Say which association's details you gave."))
        elif outcome == Outcome.ESCALATED and not data.get("escalated_to"):
            self.add_error("escalated_to", _("Say which emergency number was called."))
        elif outcome == Outcome.TRANSFERRED:
            if not data.get("association"):
                self.add_error("association", _("Choose the association to transfer to."))
            if not data.get("consent"):
                self.add_error(
                    "consent", _("Without her agreement nothing is sent to the association.")
                )
            if not (data.get("summary") or "").strip():
                self.add_error("summary", _("Write the short summary she agreed to share."))
        elif outcome == Outcome.CALLBACK:
            if not data.get("callback_number") and "callback_number" not in self.errors:
                self.add_error("callback_number", _("Type the number to call."))

    def facts(self) -> dict:
        """The cleaned facts, as the record keeps them."""
        data = self.cleaned_data
        facts = {name: data.get(name) for name in self.FACTS}
        facts["danger_now"] = {"yes": True, "no": False}.get(data.get("danger_now") or "")
        facts["note"] = (data.get("note") or "").strip()
        facts["abroad_country"] = (data.get("abroad_country") or "").strip()
        return facts


class RecogniseForm(forms.Form):
    """Her number: she is recognised if she agreed before; else, if she agrees now."""

    prefix = "caller"

    number = forms.CharField(
        label=_("Her phone number"),
        max_length=30,
        required=False,
        help_text=_("If she agreed before, her record shows her; if not, tick the box below."),
    )
    consent = forms.BooleanField(
        label=_(
            "She agrees to be recognised when she calls again: her number is kept, encrypted, "
            "with what listeners should know, until she withdraws or for a year after her "
            "last call."
        ),
        required=False,
    )

    def __init__(self, *args, number_known: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.number_known = number_known
        if number_known:
            self.fields["number"].help_text = _(
                "Leave empty to use the number this call came from."
            )

    def clean_number(self):
        return _phone(self.cleaned_data.get("number", ""), required=not self.number_known)


class FlagForm(RangedForm, forms.Form):
    """A flag on a recognised caller, until a day within a year."""

    prefix = "flag"
    planned_fields = frozenset({"expires_on"})

    kind = forms.ChoiceField(label=_("What listeners should know"), choices=FlagKind.choices)
    detail = forms.CharField(label=_("Detail"), max_length=200, required=False)
    expires_on = forms.DateField(label=_("Until"), widget=DATE)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"expires_on": timezone.localdate() + FLAG_DEFAULT})
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].widget = forms.DateInput(
            attrs={
                "type": "date",
                "min": f"{timezone.localdate():%Y-%m-%d}",
                "max": f"{self.latest():%Y-%m-%d}",
            },
            format="%Y-%m-%d",
        )

    @staticmethod
    def latest() -> dt.date:
        return timezone.localdate() + CALLER_KEPT

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("This day has passed."), code="past")
        if value > self.latest():
            raise forms.ValidationError(
                _("A flag lasts a year at most: choose an earlier day."), code="too_far"
            )
        return value
