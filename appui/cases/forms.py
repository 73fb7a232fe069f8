"""Forms of the case files: field errors in the user's language, on the same screen."""

from __future__ import annotations

import datetime as dt

import filetype
from django import forms
from django.conf import settings
from django.core import validators
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appui.core.models import Organisation, OrganisationKind, Place

from .models import (
    AFFAIR_FIELDS,
    FILE_FACT_FIELDS,
    Affair,
    CaseFile,
    Channel,
    Discipline,
    IndividualAssessment,
    Intake,
    Interview,
    OffenceCategory,
    Person,
    ProtectionMeasure,
    Referral,
    ReferralStatus,
    VictimRole,
)
from .ranges import RangedForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
UNKNOWN_YES_NO = [("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]
COMMUNE_HELP = _("INSEE code of the town, 5 characters (e.g. 54395 for Nancy).")
DOCUMENT_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}


class TriState(forms.NullBooleanField):
    widget = forms.RadioSelect(choices=UNKNOWN_YES_NO)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.RadioSelect(choices=UNKNOWN_YES_NO))
        super().__init__(*args, **kwargs)


def _commune(value: str) -> str:
    value = (value or "").strip().upper()
    if value:
        from appui.territory.services import get_commune

        if get_commune(value) is None:
            raise forms.ValidationError(_("No town has this INSEE code."))
    return value


class StaffForm(RangedForm, forms.ModelForm):
    """Dates as date pickers, tri-state booleans as radio buttons, text trimmed; every date
    and number within its range (`ranges.py`: past events, planned dates, amounts)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                field.widget = DATE
            elif isinstance(field, forms.NullBooleanField):
                self.fields[name] = TriState(
                    label=field.label, required=False, help_text=field.help_text
                )
        self.set_range_attributes()


class IntakeForm(StaffForm):
    class Meta:
        model = Intake
        fields = [
            "channel",
            "contact_name",
            "contact_phone",
            "contact_email",
            "preferred_time",
            "commune_code",
            "offence_category",
            "summary",
            "mandate_reference",
            "mandate_due",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, transfer: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [
            c for c in Channel.choices if c[0] != Channel.GUIDE_CALLBACK
        ]
        self.fields["commune_code"].help_text = COMMUNE_HELP
        if transfer:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Association to transfer to"),
                queryset=Organisation.objects.filter(kind=OrganisationKind.ASSOCIATION),
                required=False,
                help_text=_("Leave empty to find it from the town."),
            )

    def clean_commune_code(self):
        return _commune(self.cleaned_data.get("commune_code"))

    def clean(self):
        data = super().clean()
        if data.get("channel") == Channel.PROSECUTOR_MANDATE and not data.get("mandate_reference"):
            self.add_error("mandate_reference", _("A prosecutor's mandate needs its reference."))
        if not (data.get("contact_name") or data.get("contact_phone") or data.get("contact_email")):
            raise forms.ValidationError(_("Give at least a name, a phone or an email address."))
        return data


class CloseIntakeForm(forms.Form):
    reason = forms.CharField(label=_("Why no file is opened"), max_length=200)


class PersonForm(StaffForm):
    class Meta:
        model = Person
        fields = ["last_name", "first_name", "birth_date", "phone", "email", "commune_code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune_code"].help_text = COMMUNE_HELP
        self.fields["commune_code"].label = _("Town of residence (INSEE code)")

    def clean_commune_code(self):
        return _commune(self.cleaned_data.get("commune_code"))

    def clean_last_name(self):
        value = self.cleaned_data["last_name"].strip()
        if not any(ch.isalpha() for ch in value):
            raise forms.ValidationError(_("Enter a last name."))
        return value


class SearchForm(RangedForm, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(k) for k in ("name", "birth_date", "phone")):
            raise forms.ValidationError(_("Enter a name, a date of birth or a phone number."))
        return data


class AffairForm(StaffForm):
    other_offence_categories = forms.MultipleChoiceField(
        label=_("Other offences in the same facts"),
        choices=OffenceCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("For example a theft with violence, or threats and harassment."),
    )

    class Meta:
        model = Affair
        fields = list(AFFAIR_FIELDS)
        widgets = {"circumstances": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune_code"].help_text = COMMUNE_HELP

    def clean_commune_code(self):
        return _commune(self.cleaned_data.get("commune_code"))

    def clean_other_offence_categories(self):
        """Each other offence once, never the main one again."""
        main = self.cleaned_data.get("offence_category")
        chosen = self.cleaned_data.get("other_offence_categories") or []
        return [c for c in dict.fromkeys(chosen) if c != main]

    def clean(self):
        data = super().clean()
        offence, complaint = data.get("offence_date"), data.get("complaint_date")
        if offence and complaint and complaint < offence:
            self.add_error("complaint_date", _("The complaint cannot come before the facts."))
        final, judgment = data.get("decision_final_date"), data.get("judgment_date")
        if final and judgment and final < judgment:
            self.add_error("decision_final_date", _("A decision becomes final after it is given."))
        return data


class NewFileForm(AffairForm):
    role = forms.ChoiceField(
        label=_("This person is"), choices=VictimRole.choices, initial=VictimRole.DIRECT
    )
    channel = forms.ChoiceField(label=_("Intake channel"), choices=Channel.choices)
    mandate_reference = forms.CharField(label=_("Mandate reference"), max_length=40, required=False)
    mandate_due = forms.DateField(label=_("Mandate due on"), required=False, widget=DATE)
    field_order = ["role", "channel", "mandate_reference", "mandate_due"]

    def clean(self):
        data = super().clean()
        if data.get("channel") == Channel.PROSECUTOR_MANDATE and not data.get("mandate_reference"):
            self.add_error("mandate_reference", _("A prosecutor's mandate needs its reference."))
        return data


class JoinAffairForm(RangedForm, forms.Form):
    """Another person helped in an affair already known: only what is theirs to say."""

    role = forms.ChoiceField(
        label=_("This person is"), choices=VictimRole.choices, initial=VictimRole.RELATIVE
    )
    channel = forms.ChoiceField(label=_("Intake channel"), choices=Channel.choices)
    mandate_reference = forms.CharField(label=_("Mandate reference"), max_length=40, required=False)
    mandate_due = forms.DateField(label=_("Mandate due on"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("channel") == Channel.PROSECUTOR_MANDATE and not data.get("mandate_reference"):
            self.add_error("mandate_reference", _("A prosecutor's mandate needs its reference."))
        return data


class FactsForm(StaffForm):
    class Meta:
        model = CaseFile
        fields = list(FILE_FACT_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["itt_days"].help_text = _(
            "Days of total incapacity for work on the medical certificate."
        )
        self.fields["annual_income"].help_text = _(
            "Revenu fiscal de référence of the tax household."
        )


class InterviewForm(StaffForm):
    held_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    class Meta:
        model = Interview
        fields = ["discipline", "held_at", "duration_minutes", "mode", "place", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, disciplines=(), organisation_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discipline"].choices = [c for c in Discipline.choices if c[0] in disciplines]
        self.fields["place"].queryset = Place.objects.filter(
            organisation_id=organisation_id, active=True
        )
        self.fields["duration_minutes"].validators.append(validators.MaxValueValidator(600))
        self.fields["duration_minutes"].validators.append(validators.MinValueValidator(1))
        if not self.is_bound:
            self.initial.setdefault(
                "held_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def clean_held_at(self):
        value = self.cleaned_data["held_at"]
        if value > timezone.now() + dt.timedelta(minutes=5):
            raise forms.ValidationError(_("An interview is recorded once it has taken place."))
        return value


class ReferralForm(StaffForm):
    class Meta:
        model = Referral
        fields = ["partner", "partner_name", "reason", "status", "proposed_on"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        from appui.directory.models import Service

        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Service.objects.exclude(kind="national_number").order_by(
            "name"
        )
        self.fields["partner"].help_text = _(
            "A service from the directory, or type another partner's name below."
        )
        self.fields["partner_name"].required = False
        self.fields["partner_name"].label = _("Other partner (not in the directory)")
        self.fields["proposed_on"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("partner") and not (data.get("partner_name") or "").strip():
            raise forms.ValidationError(_("Choose a partner from the directory or type its name."))
        return data


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReferralStatus.choices)


class AssessmentForm(StaffForm):
    class Meta:
        model = IndividualAssessment
        fields = ["requested_on", "requested_by", "due_on", "answers", "opinion", "sent_on"]
        widgets = {
            "answers": forms.Textarea(attrs={"rows": 5}),
            "opinion": forms.Textarea(attrs={"rows": 5}),
        }


class ProtectionForm(StaffForm):
    class Meta:
        model = ProtectionMeasure
        fields = ["kind", "start_on", "end_on", "renewal_due", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["renewal_due"].help_text = _(
            "For a grave-danger phone, six months after the start if left empty."
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_on"), data.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", _("The end comes before the start."))
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    upload = forms.FileField(
        label=_("File (PDF, JPEG or PNG, 10 MB at most)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        limit = settings.APPUI_DOCUMENT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("This file is too large (%(size)s MB): the limit is %(limit)s MB.")
                % {"size": round(upload.size / 1_048_576, 1), "limit": limit // 1_048_576}
            )
        head = upload.read(262)
        upload.seek(0)
        kind = filetype.guess(head)
        if kind is None or kind.mime not in DOCUMENT_TYPES:
            raise forms.ValidationError(_("Only PDF, JPEG and PNG files are accepted."))
        upload.detected_type = kind.mime
        return upload


class ExceptionalAccessForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Association"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.ASSOCIATION),
    )
    reason = forms.CharField(
        label=_("Why you need this access"),
        min_length=20,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the association's direction."),
    )
