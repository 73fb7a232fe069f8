"""Forms of the case files: field errors in the user's language, on the same screen."""

from __future__ import annotations

import datetime as dt

import filetype
from django import forms
from django.conf import settings
from django.core import validators
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appui.core.models import Organisation, OrganisationKind
from appui.directory.models import Service
from appui.territory.forms import CommuneField

from . import languages
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
COMMUNE_HELP = _("Its name or its postcode, for example Nancy or 54000.")
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


def _town(label) -> CommuneField:
    """A town typed by name or postcode, stored as its INSEE code (never shown as such)."""
    return CommuneField(label=label, required=False, help_text=COMMUNE_HELP)


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
    commune_code = _town(_("Town"))

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
        if transfer:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Association to transfer to"),
                queryset=Organisation.objects.filter(kind=OrganisationKind.ASSOCIATION),
                required=False,
                help_text=_("Leave empty to find it from the town."),
            )

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
    commune_code = _town(_("Town of residence"))
    language = forms.ChoiceField(label=_("Language spoken"), required=False)

    class Meta:
        model = Person
        fields = [
            "last_name",
            "first_name",
            "birth_date",
            "phone",
            "email",
            "commune_code",
            "language",
            "interpreter_needed",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.initial.get("language") or ""
        self.fields["language"].choices = languages.choices(current)

    def clean_last_name(self):
        value = self.cleaned_data["last_name"].strip()
        if not any(ch.isalpha() for ch in value):
            raise forms.ValidationError(_("Enter a last name."))
        return value


class SearchForm(RangedForm, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    number = forms.CharField(
        label=_("File number or prosecutor's number (n° de parquet)"),
        max_length=40,
        required=False,
        help_text=_("The whole file number, or its last digits for a file of your association."),
    )

    PEOPLE = ("name", "birth_date", "phone")

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(k) for k in (*self.PEOPLE, "number")):
            raise forms.ValidationError(
                _("Enter a name, a date of birth, a phone number or a file number.")
            )
        return data

    def people_criteria(self) -> dict:
        """The criteria that find people (the number finds files)."""
        return {k: self.cleaned_data[k] for k in self.PEOPLE if self.cleaned_data.get(k)}


class AffairForm(StaffForm):
    commune_code = _town(_("Place of the facts"))
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
        self.fields["place"].queryset = Service.objects.filter(organisation_id=organisation_id)
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
    """A referral: a partner of the directory, among those of the kind chosen (nearest
    first, `partners`), or a partner named in free text."""

    kind = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Referral
        fields = ["partner", "partner_name", "reason", "status", "proposed_on"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, partners=(), **kwargs):
        from django.db.models import Case, IntegerField, Value, When
        from django.utils.formats import number_format

        from appui.directory.models import Service

        super().__init__(*args, **kwargs)
        partners = list(partners)
        if partners:
            ids = [p.service.pk for p in partners]
            distances = {p.service.pk: p.km for p in partners}
            field = self.fields["partner"]
            field.widget = forms.RadioSelect()
            field.empty_label = _("None of these: I type the partner's name below")
            field.queryset = Service.objects.filter(pk__in=ids).order_by(
                Case(
                    *[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)],
                    output_field=IntegerField(),
                )
            )
            field.label = _("Partner from the directory, nearest first")
            field.error_messages["invalid_choice"] = _(
                "Choose one of the partners listed, or type another partner's name below."
            )

            def label(service):
                km = distances.get(service.pk)
                parts = [service.city] if service.city else []
                if km is not None:
                    parts.append(_("%(km)s km") % {"km": number_format(km, 1)})
                return " — ".join([service.name, ", ".join(parts)]) if parts else service.name

            field.label_from_instance = label
        else:
            # No kind chosen yet (or none of that kind): only a partner named in free text.
            del self.fields["partner"]
        self.fields["partner_name"].required = False
        self.fields["partner_name"].label = _("Other partner (not in the directory)")
        self.fields["proposed_on"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("partner") and not (data.get("partner_name") or "").strip():
            message = _("Choose a partner from the directory or type its name.")
            if "partner" in self.fields:
                raise forms.ValidationError(message)
            self.add_error("partner_name", message)
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


class CaseloadForm(RangedForm, forms.Form):
    """The filters of the caseload, sent by GET: the list's address keeps them."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    discipline = forms.ChoiceField(
        label=_("With an interview in"),
        required=False,
        help_text=_("Files with at least one interview of this discipline."),
    )
    referent = forms.ChoiceField(label=_("Referent"), required=False)
    overdue = forms.BooleanField(label=_("Only files with a task past due"), required=False)

    def __init__(self, *args, team: bool = False, staff=(), **kwargs):
        from .models import FileStatus
        from .services import NO_REFERENT

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = FileStatus.choices
        self.fields["discipline"].choices = [("", _("Any")), *Discipline.choices]
        if team:
            self.fields["referent"].choices = [
                ("", _("Anyone")),
                (NO_REFERENT, _("Nobody")),
                *(
                    (
                        str(profile.user_id),
                        profile.display_name
                        if profile.active
                        else _("%(name)s (inactive)") % {"name": profile.display_name},
                    )
                    for profile in staff
                ),
            ]
        else:
            del self.fields["referent"]

    def clean_status(self):
        from .models import FileStatus

        return self.cleaned_data.get("status") or FileStatus.OPEN

    def clean_referent(self):
        from .services import NO_REFERENT

        value = self.cleaned_data.get("referent") or ""
        if value in ("", NO_REFERENT):
            return value or None
        return int(value)


class _ColleagueField(forms.ModelChoiceField):
    """A colleague by the name colleagues know her by, with her role."""

    def label_from_instance(self, obj) -> str:
        profile = obj.staff_profile
        return f"{profile.display_name} ({profile.get_role_display()})"


class HandOffForm(forms.Form):
    referent = _ColleagueField(
        label=_("New referent"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a colleague of your association.")},
    )

    def __init__(self, *args, colleagues, current_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = colleagues.exclude(pk=current_id)
        self.fields["referent"].help_text = _(
            "A colleague of your association who follows files. The file's open tasks held "
            "by its former referent go to the new one."
        )


class TaskForm(RangedForm, forms.Form):
    """A task written down by hand: what, by when, who."""

    title = forms.CharField(
        label=_("Task"),
        max_length=200,
        error_messages={"required": _("Say what is to be done.")},
    )
    due_on = forms.DateField(
        label=_("Due on"),
        widget=DATE,
        error_messages={"required": _("Give the day it is due.")},
    )
    assignee = _ColleagueField(
        label=_("Assigned to"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a colleague of your association.")},
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = colleagues


class PartnerKindForm(forms.Form):
    """What kind of partner to refer to (a GET form: the page then lists those nearest)."""

    kind = forms.ChoiceField(label=_("Kind of partner"), required=False)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Choose a kind")), *kinds]
