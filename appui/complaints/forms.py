"""The public pre-complaint's forms: the gate, then one form per section.

Each checks what it can on its own (a date of the facts in the future, a card number that
fails its check digit, a minor who is not one) and says so beside the field. Dates are
read as the browser's date input sends them, or typed as 14/07/2026 where it has none.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.exceptions import ValidationError as NumberInvalid
from stdnum.fr import siret

from appui.booking.forms import parse_start
from appui.directory.hours import PARIS
from appui.territory.forms import CommuneField

from .models import Category

EARLIEST = dt.date(1900, 1, 1)
MAX_TEXT = 5000
MAX_LINES = 20
MAX_AMOUNT = Decimal("1000000000")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
TIME_FORMATS = ["%H:%M", "%Hh%M", "%Hh", "%H"]


def now_in_paris() -> dt.datetime:
    from django.utils import timezone

    return timezone.now().astimezone(PARIS)


def radio(choices, label, *, required=True, help_text=""):
    return forms.ChoiceField(
        choices=choices,
        widget=forms.RadioSelect,
        label=label,
        required=required,
        help_text=help_text,
    )


def date_field(label, *, required=False, help_text=None):
    return forms.DateField(
        label=label,
        required=required,
        help_text=_("For example 14/07/2026.") if help_text is None else help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=DATE_FORMATS,
    )


def time_field(label):
    return forms.TimeField(
        label=label,
        required=False,
        help_text=_("If you know it, for example 18:30."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=TIME_FORMATS,
    )


def text(label, *, required=True, max_length=200, help_text="", autocomplete="off"):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
    )


def long_text(label, *, required=True, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class YesNo(forms.ChoiceField):
    def __init__(self, label, **kwargs):
        super().__init__(
            choices=[("yes", _("Yes")), ("no", _("No"))],
            widget=forms.RadioSelect,
            label=label,
            **kwargs,
        )


# --- the gate -----------------------------------------------------------------------------

VIOLENCE = "violence"
SOMETHING_ELSE = "other"
WHAT_CHOICES = [
    *Category.choices,
    (VIOLENCE, _("violence, threats or a sexual offence against a person")),
    (SOMETHING_ELSE, _("something else")),
]


class GateForm(forms.Form):
    """Whether this form is the right door: facts it covers, author unknown, no danger now."""

    danger = YesNo(_("Is anyone in danger right now?"))
    what = radio(WHAT_CHOICES, _("What happened?"))
    author_known = YesNo(
        _("Do you know who did it?"),
        help_text=_("Their name, or enough to find them (a neighbour, a colleague, a seller)."),
    )


# --- the sections -------------------------------------------------------------------------


ON_BEHALF = [
    ("self", _("for myself")),
    ("company", _("for a company, an association or another organisation")),
    ("minor", _("for a child under 18 in my care")),
]
RELATIONSHIPS = [
    ("parent", _("parent")),
    ("guardian", _("legal guardian")),
    ("other", _("other person in charge of the child")),
]
PHONE = re.compile(r"^\+?[0-9][0-9 .\-]{7,19}$")


def _past_date(value: dt.date | None) -> dt.date | None:
    if value is None:
        return None
    if value < EARLIEST:
        raise forms.ValidationError(_("Check the year: it must be 1900 or later."))
    if value > now_in_paris().date():
        raise forms.ValidationError(_("This date is in the future."))
    return value


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class DeclarantForm(forms.Form):
    on_behalf = radio(ON_BEHALF, _("You are filing"))
    last_name = text(_("Last name"), max_length=100, autocomplete="family-name")
    first_name = text(_("First name"), max_length=100, autocomplete="given-name")
    birth_date = date_field(
        _("Date of birth"), required=True, help_text=_("For example 02/04/1985.")
    )
    home = CommuneField(
        label=_("Town where you live"),
        codes=False,
        help_text=_("Type its name or its postcode."),
    )
    address = text(
        _("Address"),
        max_length=200,
        help_text=_("Number and street."),
        autocomplete="street-address",
    )
    phone = text(
        _("Phone number"),
        required=False,
        max_length=30,
        help_text=_("The unit will call you to confirm the appointment."),
        autocomplete="tel",
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        max_length=200,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    company_name = text(_("Name of the company or organisation"), required=False)
    company_number = text(
        _("SIRET number"), required=False, max_length=20, help_text=_("14 digits, if it has one.")
    )
    company_role = text(_("Your role in it"), required=False, max_length=100)
    minor_last_name = text(_("Child's last name"), required=False, max_length=100)
    minor_first_name = text(_("Child's first name"), required=False, max_length=100)
    minor_birth_date = date_field(_("Child's date of birth"))
    relationship = radio(RELATIONSHIPS, _("You are the child's"), required=False)

    COMPANY = ("company_name", "company_role")
    MINOR = ("minor_last_name", "minor_first_name", "minor_birth_date", "relationship")

    def clean_birth_date(self):
        value = _past_date(self.cleaned_data.get("birth_date"))
        if value and _age_on(value, now_in_paris().date()) < 18:
            raise forms.ValidationError(
                _("You must be 18 or over to file: a parent or guardian files for a child.")
            )
        return value

    def clean_minor_birth_date(self):
        return _past_date(self.cleaned_data.get("minor_birth_date"))

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "").strip()
        if value and not PHONE.match(value):
            raise forms.ValidationError(
                _("Type a phone number with its digits only, for example 06 12 34 56 78.")
            )
        return value

    def clean_company_number(self):
        value = re.sub(r"\s", "", self.cleaned_data.get("company_number", ""))
        if value and not siret.is_valid(value):
            raise forms.ValidationError(_("A SIRET number has 14 digits: check it."))
        return value

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email") and "phone" not in self.errors:
            self.add_error(
                "phone",
                _("Give a phone number or an e-mail address, so that the unit can reach you."),
            )
        required = {"company": self.COMPANY, "minor": self.MINOR}.get(data.get("on_behalf"), ())
        for name in required:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Fill this in, since you are filing for someone else."))
        child = data.get("minor_birth_date")
        if data.get("on_behalf") == "minor" and child:
            if _age_on(child, now_in_paris().date()) >= 18:
                self.add_error(
                    "minor_birth_date", _("This child is 18 or over: they file themselves.")
                )
        return data


PERIODS = [
    ("date", _("on a day I know")),
    ("period", _("over a period (I don't know exactly when)")),
]


class FactsForm(forms.Form):
    when = radio(PERIODS, _("When did it happen?"))
    date = date_field(_("Day"))
    time = time_field(_("Time"))
    start_date = date_field(_("From (day)"))
    start_time = time_field(_("From (time)"))
    end_date = date_field(_("To (day)"))
    end_time = time_field(_("To (time)"))
    commune = CommuneField(
        label=_("Town where it happened"),
        codes=False,
        help_text=_("Type its name or its postcode."),
    )
    place = text(
        _("Where exactly"),
        max_length=300,
        help_text=_("A street, a shop, a car park, a train… On the internet: say which site."),
    )
    story = long_text(
        _("What happened"),
        help_text=_("In your own words: what you saw, what was taken or damaged, what was said."),
    )

    def _moment(self, day_name: str, time_name: str) -> dt.datetime | None:
        day = self.cleaned_data.get(day_name)
        if day is None:
            return None
        return dt.datetime.combine(day, self.cleaned_data.get(time_name) or dt.time(0), PARIS)

    def clean(self):
        data = super().clean()
        now = now_in_paris()
        future = _("This is in the future: give the day and time when it happened.")
        too_old = _("Check the year: it must be 1900 or later.")
        pairs = (
            [("date", "time")]
            if data.get("when") == "date"
            else [("start_date", "start_time"), ("end_date", "end_time")]
        )
        if data.get("when") not in ("date", "period"):
            return data
        for day_name, time_name in pairs:
            if day_name in self.errors:
                continue
            if not data.get(day_name):
                self.add_error(day_name, _("Give the day, even if you are not sure of it."))
                continue
            moment = self._moment(day_name, time_name)
            if moment.date() < EARLIEST:
                self.add_error(day_name, too_old)
            elif moment.date() > now.date():
                self.add_error(day_name, future)
            elif moment > now and data.get(time_name):
                self.add_error(time_name, future)
        if data.get("when") == "period" and not self.errors:
            if self._moment("end_date", "end_time") < self._moment("start_date", "start_time"):
                self.add_error("end_date", _("The end of the period comes before its start."))
        return data


def _amount_field(label):
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        decimal_places=2,
        max_digits=12,
        localize=True,
        help_text=_("In euros, about: leave empty if you don't know."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )


class GoodForm(forms.Form):
    """One thing taken, damaged or lost, or a sum lost."""

    item = text(
        _("What"), required=False, max_length=200, help_text=_("For example: a blue bike, a phone.")
    )
    value = _amount_field(_("Value"))
    details = text(
        _("Marks to recognise it"),
        required=False,
        max_length=300,
        help_text=_("Brand, model, serial or frame number, IMEI, registration…"),
    )

    def clean(self):
        data = super().clean()
        if (data.get("value") is not None or data.get("details")) and not data.get("item"):
            self.add_error("item", _("Say what it is."))
        return data


class BaseLines(forms.BaseFormSet):
    """Lines of which the empty ones are ignored; at most MAX_LINES."""

    def filled(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data and self.used(f.cleaned_data)]

    @staticmethod
    def used(data: dict) -> bool:
        return bool(data.get("item"))


GoodsFormSet = forms.formset_factory(
    GoodForm, formset=BaseLines, extra=0, max_num=MAX_LINES, validate_max=True
)


class NothingForm(forms.Form):
    """The box that says a section has nothing to list, beside its lines."""

    def __init__(self, *args, label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nothing"] = forms.BooleanField(label=label, required=False)


PAYMENT_KINDS = [
    ("card", _("bank card")),
    ("cheque", _("cheques or chequebook")),
    ("account", _("bank account (IBAN)")),
    ("other", _("other (online payment account, voucher…)")),
]


def masked(number: str) -> str:
    """A number as shown once typed: its last four characters only."""
    tail = re.sub(r"[^0-9A-Za-z]", "", number)[-4:]
    return f"•••• {tail}" if tail else ""


def checked_number(kind: str, raw: str) -> str:
    """The number cleaned for its kind, or ValidationError with what is wrong."""
    value = re.sub(r"[\s.\-]", "", raw or "").upper()
    if kind == "card":
        if not value.isdigit() or not 12 <= len(value) <= 19 or not luhn.is_valid(value):
            raise forms.ValidationError(
                _("This card number is not valid: check the digits on the card (12 to 19 digits).")
            )
    elif kind == "account":
        try:
            value = stdnum_iban.validate(value)
        except NumberInvalid:
            raise forms.ValidationError(
                _("This IBAN is not valid: check it on a bank statement (FR76 …).")
            ) from None
    elif not re.fullmatch(r"[0-9A-Z]{1,40}", value):
        raise forms.ValidationError(_("Type the number with its letters and digits only."))
    return value


class PaymentForm(forms.Form):
    """One means of payment; a number already given is kept when left empty."""

    kind = radio(PAYMENT_KINDS, _("Kind"), required=False)
    issuer = text(_("Bank or organisation"), required=False, max_length=100)
    number = text(
        _("Number"),
        required=False,
        max_length=60,
        help_text=_("Shown afterwards with its last four characters only."),
    )
    saved = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, saved_numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.saved_numbers = list(saved_numbers)
        index = self.initial.get("saved")
        if isinstance(index, int) and 0 <= index < len(self.saved_numbers):
            self.fields["number"].help_text = _(
                "Given: %(masked)s. Leave empty to keep it, or type it again to change it."
            ) % {"masked": masked(self.saved_numbers[index])}

    def clean(self):
        data = super().clean()
        kind, raw, index = data.get("kind"), data.get("number", ""), data.get("saved")
        if not kind and not raw and not data.get("issuer"):
            return data
        if not kind:
            self.add_error("kind", _("Choose the kind."))
            return data
        if raw:
            try:
                data["number"] = checked_number(kind, raw)
            except forms.ValidationError as error:
                self.add_error("number", error)
        elif index is not None and 0 <= index < len(self.saved_numbers):
            data["number"] = self.saved_numbers[index]
        else:
            self.add_error("number", _("Give the number, or leave this line empty."))
        return data


class BasePayments(BaseLines):
    def __init__(self, *args, saved_numbers=(), **kwargs):
        self.saved_numbers = list(saved_numbers)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"saved_numbers": self.saved_numbers}

    @staticmethod
    def used(data: dict) -> bool:
        return bool(data.get("kind"))


PaymentsFormSet = forms.formset_factory(
    PaymentForm, formset=BasePayments, extra=0, max_num=MAX_LINES, validate_max=True
)

EVIDENCE = [
    ("photos", _("photos or videos")),
    ("receipts", _("invoices, receipts or guarantee papers")),
    ("messages", _("messages, e-mails or screenshots")),
    ("statements", _("bank statements")),
    ("camera", _("a camera may have filmed it")),
    ("other", _("something else")),
]


class EvidenceForm(forms.Form):
    witnesses = YesNo(_("Did anyone see or hear what happened?"))
    witnesses_text = long_text(
        _("Witnesses"),
        required=False,
        help_text=_("Their names and how to reach them, if you know."),
    )
    evidence = forms.MultipleChoiceField(
        label=_("What you have to show (bring it on the day)"),
        choices=EVIDENCE,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick nothing if you have nothing: that is fine."),
    )
    evidence_text = long_text(_("About these, if useful"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("witnesses") == "yes" and not data.get("witnesses_text"):
            self.add_error("witnesses_text", _("Write who they are, or answer “No” above."))
        return data


class SendForm(forms.Form):
    """The last screen: the time chosen, and whether she wants messages."""

    start = forms.CharField(widget=forms.RadioSelect, label=_("Time"), max_length=40)
    reminders = forms.BooleanField(
        required=False,
        label=_(
            "Send me a confirmation now and a reminder the day before, by text message and "
            "e-mail (neutral words: a time, a code and a link, nothing about the complaint)."
        ),
    )

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].widget.choices = slots
        self.allowed = {value for value, _label in slots}

    def clean_start(self):
        moment = parse_start(self.cleaned_data["start"])
        if moment is None:
            raise forms.ValidationError(_("Choose a time in the list."))
        return moment


# --- the unit's forms ---------------------------------------------------------------------


class ConfirmForm(forms.Form):
    """The unit confirms the appointment and lists the documents she must bring."""

    documents = forms.MultipleChoiceField(
        label=_("Documents to bring"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=_("Message to the person"),
        required=False,
        max_length=2000,
        help_text=_("Shown on her appointment page, under the documents. No case details."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        from .wording import DOCUMENTS

        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = list(DOCUMENTS.items())

    def clean(self):
        data = super().clean()
        if not data.get("documents") and not data.get("note", "").strip():
            self.add_error("documents", _("Tick the documents to bring, or write a message."))
        return data


class MoveForm(forms.Form):
    start = forms.CharField(widget=forms.RadioSelect, label=_("New time"), max_length=40)

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].widget.choices = slots

    clean_start = SendForm.clean_start
