"""The forms of the appointment pages: choosing a time, saying who she is, and the staff's
messages. Times travel as the slot's ISO instant; whether it can still be had is for
`services` to say (`Unavailable`), so a slot taken meanwhile gets its own clear message."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BookingState

PHONE_CHARACTERS = re.compile(r"^\+?[\d\s.()-]+$")


def parse_start(value: str) -> dt.datetime | None:
    """The instant a slot's radio button carries, or None for anything else: not a date,
    no time zone, or a year no agenda has (9999 would overflow the date arithmetic)."""
    try:
        moment = dt.datetime.fromisoformat((value or "").strip()[:40])
        if moment.tzinfo is None or not 2000 <= moment.year <= 2100:
            return None
        return moment.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        return None


class SlotForm(forms.Form):
    """A time among the free slots shown (radio buttons named `start`)."""

    start = forms.CharField(
        label=_("Day and time"),
        max_length=40,
        error_messages={"required": _("Choose a day and a time.")},
    )

    def clean_start(self) -> dt.datetime:
        moment = parse_start(self.cleaned_data["start"])
        if moment is None:
            raise forms.ValidationError(_("This time is not one of the place's appointment times."))
        return moment


class BookingForm(SlotForm):
    """The public booking of a victim bureau's session: a time, a name, and how to reach
    her only if she wants a confirmation and a reminder."""

    name = forms.CharField(
        label=_("Your first name or name"),
        max_length=100,
        help_text=_("A first name is enough: the bureau uses it to welcome you."),
        error_messages={"required": _("Give a first name or a name.")},
    )
    phone = forms.CharField(
        label=_("Mobile phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=200,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    reminders = forms.BooleanField(
        label=_(
            "I agree to receive a confirmation and a reminder the day before, by text "
            "message or e-mail. The messages give only the day, the time and the reference."
        ),
        required=False,
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        digits = re.sub(r"\D", "", phone)
        if not PHONE_CHARACTERS.match(phone) or not 10 <= len(digits) <= 15:
            raise forms.ValidationError(
                _("Type a phone number of 10 digits, such as 06 12 34 56 78.")
            )
        return phone

    def clean(self):
        data = super().clean()
        contact = data.get("phone") or data.get("email")
        if (
            data.get("reminders")
            and not contact
            and not self.has_error("phone")
            and not self.has_error("email")
        ):
            self.add_error(
                "reminders", _("To receive messages, give a phone number or an e-mail address.")
            )
        elif contact and not data.get("reminders"):
            self.add_error(
                "reminders",
                _(
                    "Tick this box to receive messages, or leave the phone number and the "
                    "e-mail address empty."
                ),
            )
        return data


class ConfirmForm(forms.Form):
    """The place confirms, with what she should bring or know."""

    note = forms.CharField(
        label=_("Message to the person"),
        help_text=_(
            "Shown on her appointment page: the documents to bring, where to go. "
            "Neutral words: someone else may read it."
        ),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MarkForm(forms.Form):
    state = forms.ChoiceField(
        choices=[
            (BookingState.HONOURED, BookingState.HONOURED.label),
            (BookingState.MISSED, BookingState.MISSED.label),
        ]
    )
