"""One form per question screen; each validates on its own and against earlier answers."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from appui.territory.forms import CommuneInput, Typed, commune_error

from .questions import (
    CARD,
    KILLED_SITUATIONS,
    VEHICLE,
    Author,
    Insurance,
    Situation,
    YesNo,
    YesNoUnknown,
    any_of,
)

EARLIEST = dt.date(1900, 1, 1)


def today() -> dt.date:
    from appui.rights.facts import today_in_paris

    return today_in_paris()


class StepForm(forms.Form):
    """A question screen; `answers` are the earlier ones, for checks across screens."""

    def __init__(self, *args, answers: dict | None = None, **kwargs):
        self.answers = answers or {}
        super().__init__(*args, **kwargs)

    def offence_date(self) -> dt.date | None:
        value = self.answers.get("date")
        return dt.date.fromisoformat(value) if value else None

    def not_future(self, name: str) -> dt.date | None:
        value = self.cleaned_data.get(name)
        if value and value > today():
            raise forms.ValidationError(_("This date is in the future."))
        return self.in_range(name)

    def in_range(self, name: str) -> dt.date | None:
        """No date before 1900 (a typed 0201 is a slip of the finger, not a fact)."""
        value = self.cleaned_data.get(name)
        if value and value < EARLIEST:
            raise forms.ValidationError(_("Check the year: it must be 1900 or later."))
        if value and value > today().replace(year=today().year + 10, day=1):
            raise forms.ValidationError(_("Check the year: this date is too far ahead."))
        return value

    def before_offence(self, name: str) -> dt.date | None:
        """A birth date cannot come after the facts."""
        value = self.not_future(name)
        offence = self.offence_date()
        if value and offence and value > offence:
            raise forms.ValidationError(
                _("This date is after the date of the facts (%(date)s).")
                % {"date": offence.strftime("%d/%m/%Y")}
            )
        return value

    def not_before_offence(self, name: str) -> dt.date | None:
        value = self.in_range(name)
        offence = self.offence_date()
        if value and offence and value < offence:
            raise forms.ValidationError(
                _("This date is before the date of the facts (%(date)s).")
                % {"date": offence.strftime("%d/%m/%Y")}
            )
        return value


def radio(choices, label, required=True, help_text=""):
    return forms.ChoiceField(
        choices=choices,
        widget=forms.RadioSelect,
        label=label,
        required=required,
        help_text=help_text,
    )


def date_field(label, help_text=""):
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text or _("For example 14/07/2025."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
    )


class DangerForm(StepForm):
    danger = radio(YesNo.choices, _("Are you in danger right now?"))


class AgeForm(StepForm):
    minor = radio(
        YesNo.choices,
        _("Are you under 18?"),
        help_text=_("If you are under 18, the plan will be written for you."),
    )


class WhatForm(StepForm):
    situations = forms.MultipleChoiceField(
        choices=Situation.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("What happened? Tick everything that happened."),
        help_text=_("For example a theft and a fall, or threats and harassment."),
        error_messages={"required": _("Tick at least one answer, or “Something else”.")},
    )


class WordsForm(StepForm):
    public = radio(
        YesNoUnknown.choices,
        _("Were the words public? (online, in the street, in a newspaper)"),
        required=False,
    )
    discriminatory = radio(
        YesNoUnknown.choices,
        _("Did they target your origin, religion, sex, sexual orientation or disability?"),
        required=False,
    )


class WhenForm(StepForm):
    date = date_field(_("When did it happen?"))
    date_unknown = forms.BooleanField(label=_("I don't know the exact date"), required=False)

    def clean_date(self):
        return self.not_future("date")

    def clean_date_unknown(self):
        return bool(self.cleaned_data.get("date_unknown"))

    def clean(self):
        data = super().clean()
        if not data.get("date") and not data.get("date_unknown") and not self.errors:
            self.add_error("date", _('Give the date, or tick "I don\'t know the exact date".'))
        return data


class WhereForm(StepForm):
    """Where it happened: a commune typed by name or postcode, or abroad (no JavaScript needed).

    A text that designates one town ("Nancy", "54000", a suggestion picked as she types) is
    enough to go on; "Search" lists the towns that match the text (the view passes them as
    `results`) to choose one. A town chosen in that list counts while it matches the text;
    a text typed since then wins.
    """

    place = forms.CharField(
        label=_("Town or postcode where it happened"),
        required=False,
        max_length=100,
        help_text=_("For example: Épinal, or 88000."),
        widget=CommuneInput(codes=False, choices=False),
    )
    commune = forms.CharField(required=False, max_length=10, widget=forms.RadioSelect)
    abroad = forms.BooleanField(label=_("It happened outside France"), required=False)

    def __init__(self, *args, results=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.results = list(results)
        if self.initial.get("place"):  # what she searched for, shown as she typed it
            self.initial["place"] = Typed(self.initial["place"])
        elif self.initial.get("commune") and not self.is_bound:
            # Her earlier answer back in the box, "Épinal (88000)", rather than a list of one.
            self.initial["place"] = self.initial["commune"]
            self.results = []
        self.fields["commune"].widget.choices = [(hit.code, hit.label) for hit in self.results]
        self.fields["commune"].label = _("Choose your town")

    def clean(self):
        from appui.territory.services import get_commune, resolve

        data = super().clean()
        if self.errors:
            return data
        code = data.get("commune")
        if data.get("abroad"):
            data["commune"] = ""
            return data
        place = data.get("place", "")
        if code and (not place or code in {hit.code for hit in self.results}):
            hit = get_commune(code)
            if hit is None:
                self.add_error("commune", _("This town is not in the list: search again."))
            else:
                data["commune_hit"] = hit
            return data
        if not place:
            self.add_error("place", _("Type the name or the postcode of the town."))
            return data
        resolution = resolve(place, codes=False)
        if resolution.hit is None:
            self.add_error("place", commune_error(resolution, place))
        else:
            data["commune_hit"] = resolution.hit
        return data


class HomeForm(WhereForm):
    """Where she lives, when the facts were abroad: the help near home, and who is competent."""

    place = forms.CharField(
        label=_("Town or postcode where you live in France"),
        required=False,
        max_length=100,
        help_text=_("For example: Lyon, or 69003."),
        widget=CommuneInput(codes=False, choices=False),
    )
    abroad = None
    lives_abroad = forms.BooleanField(label=_("I live outside France"), required=False)
    french_national = radio(YesNoUnknown.choices, _("Are you a French national?"), required=False)

    def clean(self):
        data = forms.Form.clean(self)
        if self.errors:
            return data
        if data.get("lives_abroad"):
            data["commune"] = ""
            return data
        return WhereForm.clean(self)


class AuthorForm(StepForm):
    author = radio(Author.choices, _("Who did it?"))
    cohabiting = radio(YesNo.choices, _("Do you still live with this person?"), required=False)
    ban = radio(
        YesNoUnknown.choices,
        _("Has a judge already forbidden this person to contact you?"),
        required=False,
    )
    grave_danger = radio(
        YesNo.choices, _("Do you feel in grave danger from this person?"), required=False
    )


class HarmForm(StepForm):
    injured = radio(YesNo.choices, _("Were you injured, physically or psychologically?"))
    itt_days = forms.IntegerField(
        label=_("Days of total incapacity for work (ITT) on the medical certificate"),
        help_text=_("Leave empty if you do not know or have no certificate yet."),
        required=False,
        min_value=0,
        max_value=3650,
    )
    permanent = radio(
        YesNoUnknown.choices,
        _("Has a doctor said that some after-effects will remain for good?"),
        required=False,
    )


class LossesForm(StepForm):
    """Losses and insurance; the vehicle and bank-card questions only where they apply."""

    insurances = forms.MultipleChoiceField(
        choices=Insurance.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Which of these do you have that may cover the loss? Tick all that apply."),
        required=False,
    )
    loss_known_on = date_field(
        _("The day you found out about the loss"),
        help_text=_("Leave empty if it is the day of the facts. For example 14/07/2025."),
    )
    card_debit_date = date_field(
        _("If your bank card was used without your agreement: date of the first payment"),
    )
    other_compensation = radio(
        YesNoUnknown.choices,
        _("Has an insurer, the author or another body already paid for all the harm?"),
        required=False,
    )
    serious_situation = radio(
        YesNoUnknown.choices,
        _("Has this left you in a serious material or psychological situation?"),
        required=False,
    )
    registered = radio(
        YesNoUnknown.choices,
        _("Was the registration certificate (carte grise) in your name?"),
        required=False,
    )
    inspection_ok = radio(
        YesNoUnknown.choices, _("Was the technical inspection up to date?"), required=False
    )
    insured = radio(YesNoUnknown.choices, _("Was the vehicle insured?"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not any_of(self.answers, VEHICLE):
            for name in ("registered", "inspection_ok", "insured"):
                del self.fields[name]
        if not any_of(self.answers, CARD):
            del self.fields["card_debit_date"]

    def clean_loss_known_on(self):
        self.not_future("loss_known_on")
        return self.not_before_offence("loss_known_on")

    def clean_card_debit_date(self):
        return self.not_future("card_debit_date")


class ProcedureForm(StepForm):
    complaint = radio(YesNo.choices, _("Have you filed a complaint?"))
    complaint_date = date_field(_("Date of the complaint"))
    hearing_date = date_field(
        _("Date of the hearing at the criminal court, if one is set"),
        help_text=_("It can be in the future. For example 14/07/2026."),
    )
    judgment = radio(
        YesNo.choices,
        _("Has the court given a final judgment awarding you damages?"),
        required=False,
    )
    decision_final_date = date_field(_("Date the judgment became final"))
    damages_awarded = forms.DecimalField(
        label=_("Total damages awarded, in euros"),
        required=False,
        min_value=0,
        max_value=1_000_000_000,
        decimal_places=2,
    )

    def clean_complaint_date(self):
        self.not_future("complaint_date")
        return self.not_before_offence("complaint_date")

    def clean_hearing_date(self):
        return self.not_before_offence("hearing_date")

    def clean_decision_final_date(self):
        self.not_future("decision_final_date")
        return self.not_before_offence("decision_final_date")


class AboutForm(StepForm):
    birth_date = date_field(_("Your date of birth"), help_text=_("Minors have longer deadlines."))
    direct_victim_birth_date = date_field(
        _("Date of birth of the person who died"),
        help_text=_("Some deadlines depend on that person's age."),
    )
    annual_income = forms.DecimalField(
        label=_("Your household's yearly income (revenu fiscal de référence), in euros"),
        required=False,
        min_value=0,
        max_value=1_000_000_000,
        decimal_places=2,
    )
    household_extra_persons = forms.IntegerField(
        label=_("Number of other people in your household (children, dependants)"),
        required=False,
        min_value=0,
        max_value=20,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not any_of(self.answers, KILLED_SITUATIONS):
            del self.fields["direct_victim_birth_date"]

    def clean_birth_date(self):
        value = self.before_offence("birth_date")
        if value and self.answers.get("minor") == "yes" and not _minor_on(value, today()):
            raise forms.ValidationError(_("You said you are under 18: check the year."))
        if value and self.answers.get("minor") == "no" and _minor_on(value, today()):
            raise forms.ValidationError(_("You said you are 18 or over: check the year."))
        return value

    def clean_direct_victim_birth_date(self):
        return self.before_offence("direct_victim_birth_date")


def _minor_on(birth: dt.date, day: dt.date) -> bool:
    from appui.rights.deadlines import is_minor_on

    return is_minor_on(birth, day)


class CallbackForm(forms.Form):
    """Ask the association to call back: the least data that lets it do so, with consent."""

    name = forms.CharField(
        label=_("Your first name, or a name we can ask for"),
        max_length=100,
        required=False,
        help_text=_("Optional. A first name or a nickname is enough."),
    )
    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
    )
    preferred_time = forms.CharField(
        label=_("When may we call you?"),
        max_length=200,
        required=False,
        help_text=_("For example: weekdays after 6 pm. Say if we must not leave a message."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my name, my phone number, my town and the kind of facts are sent "
            "to the victim support association so that it calls me back."
        ),
        error_messages={"required": _("Without your agreement we cannot send your request.")},
    )

    def clean_phone(self):
        import re

        value = self.cleaned_data["phone"].strip()
        digits = re.sub(r"\D", "", value)
        if not 9 <= len(digits) <= 15 or re.search(r"[^\d\s.+()-]", value):
            raise forms.ValidationError(_("Enter a phone number, for example 06 12 34 56 78."))
        return value
