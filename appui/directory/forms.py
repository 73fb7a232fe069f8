"""The service form of the administration: phones and emails one per line, hours checked.

The `opening_hours` field carries its own validator (validators.py), so a form built on the
model refuses unreadable hours with a message that says where the reading stopped.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from . import messages
from .models import PhoneUse, Service
from .validators import PHONE

_PHONE_LINE = re.compile(r"^([a-z]+)\s*:\s*(.+)$")


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ServiceForm(forms.ModelForm):
    website = forms.URLField(
        label="site web", required=False, max_length=300, assume_scheme="https"
    )
    phones_text = forms.CharField(
        label="Téléphones",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Un numéro par ligne. Préfixez « abroad: » un numéro à composer depuis l'étranger, "
            "« sms: » un numéro à joindre par SMS."
        ),
    )
    emails_text = forms.CharField(
        label="Adresses électroniques",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Une adresse par ligne.",
    )

    class Meta:
        model = Service
        exclude = ("phones", "emails")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        phones = self.instance.phones or []
        self.fields["phones_text"].initial = "\n".join(
            p["number"]
            if p.get("use", PhoneUse.MAIN) == PhoneUse.MAIN
            else f"{p['use']}: {p['number']}"
            for p in phones
        )
        self.fields["emails_text"].initial = "\n".join(self.instance.emails or [])

    def clean_phones_text(self) -> list[dict[str, str]]:
        phones, problems = [], []
        for line in _lines(self.cleaned_data.get("phones_text", "")):
            found = _PHONE_LINE.match(line)
            use, number = (found.group(1), found.group(2).strip()) if found else ("main", line)
            if use not in PhoneUse.values:
                problems.append(
                    f"{line} : "
                    + messages.text("error.choice", "fr", choices=", ".join(PhoneUse.values))
                )
            elif not PHONE.match(number):
                problems.append(f"{line} : " + messages.text("error.phone", "fr"))
            else:
                phones.append({"number": number, "use": use})
        if problems:
            raise ValidationError(problems)
        return phones

    def clean_emails_text(self) -> list[str]:
        emails = _lines(self.cleaned_data.get("emails_text", ""))
        problems = []
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(f"{email} : " + messages.text("error.email", "fr"))
        if problems:
            raise ValidationError(problems)
        return emails

    def _post_clean(self):
        self.instance.phones = self.cleaned_data.get("phones_text", self.instance.phones) or []
        self.instance.emails = self.cleaned_data.get("emails_text", self.instance.emails) or []
        super()._post_clean()
