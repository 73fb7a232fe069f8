"""Case files of the associations: people, affairs, files, interviews, referrals, tasks.

The network's counting rule is the shape: one `CaseFile` per person helped per `Affair`.
Every row belongs to one association (`organisation`), which alone sees it
(`policies.py`); every write goes through `services.py`, every read and write is audited.
Sensitive free text is encrypted at rest (`EncryptedTextField`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from appui.core.crypto import EncryptedTextField
from appui.core.models import Organisation
from appui.directory.models import Service
from appui.rights import Category, OffenceClass

CATEGORY_LABELS = {
    Category.HOMICIDE: _("homicide"),
    Category.VIOLENCE: _("violence"),
    Category.SEXUAL_VIOLENCE: _("sexual violence (rape, sexual assault)"),
    Category.TRAFFICKING: _("trafficking, slavery, procuring, forced labour"),
    Category.SEXUAL_OFFENCE_ON_MINOR: _("sexual offence on a minor"),
    Category.THEFT: _("theft"),
    Category.FRAUD: _("fraud"),
    Category.BREACH_OF_TRUST: _("breach of trust"),
    Category.EXTORTION: _("extortion"),
    Category.PROPERTY_DAMAGE: _("damage to property"),
    Category.VEHICLE_ARSON: _("vehicle burnt"),
    Category.SQUAT: _("squat of the home"),
    Category.TERRORISM: _("terrorism"),
    Category.TRAFFIC_ACCIDENT: _("road accident"),
    Category.HUNTING_ACCIDENT: _("hunting accident"),
    Category.HARASSMENT: _("harassment"),
    Category.THREATS: _("threats"),
    Category.DISCRIMINATION: _("discrimination"),
    Category.DEFAMATION_INSULT: _("defamation or insult"),
    Category.OTHER: _("other offence"),
}
OffenceCategory = models.TextChoices(
    "OffenceCategory", [(c.name, (c.value, CATEGORY_LABELS[c])) for c in Category]
)
OffenceClassChoice = models.TextChoices(
    "OffenceClassChoice",
    [
        (OffenceClass.CRIME.name, (OffenceClass.CRIME.value, _("crime"))),
        (OffenceClass.DELIT.name, (OffenceClass.DELIT.value, _("délit"))),
        (OffenceClass.CONTRAVENTION.name, (OffenceClass.CONTRAVENTION.value, _("contravention"))),
    ],
)


class Channel(models.TextChoices):
    """How a person came to the association (saisine)."""

    PROSECUTOR_MANDATE = "prosecutor_mandate", _("prosecutor's mandate (CPP art. 41)")
    OWN_REQUEST = "own_request", _("the person's own request")
    HELPLINE = "helpline", _("transfer from the 116 006 helpline")
    BAV = "bav", _("victim bureau (BAV)")
    POLICE = "police", _("police or gendarmerie")
    HOSPITAL = "hospital", _("hospital")
    GUIDE_CALLBACK = "guide_callback", _("callback request from the online guide")
    # What reaches the 116 006 outside its hours, or while every listener is busy.
    MISSED_CALL = "missed_call", _("missed call to the 116 006")
    VOICEMAIL = "voicemail", _("voicemail left on the 116 006")
    WEB_MESSAGE = "web_message", _("message through the 116 006 web form")
    EMAIL = "email", _("e-mail to the 116 006")
    SCHEDULED_CALLBACK = "scheduled_callback", _("callback promised by a 116 006 listener")


class IntakeStatus(models.TextChoices):
    NEW = "new", _("to handle")
    DONE = "done", _("file opened")
    CLOSED = "closed", _("closed without a file")


class AuthorRelationship(models.TextChoices):
    PARTNER = "partner", _("partner (spouse, PACS, cohabitant)")
    FORMER_PARTNER = "former_partner", _("former partner")
    FAMILY = "family", _("family member")
    ACQUAINTANCE = "acquaintance", _("acquaintance")
    WORK = "work", _("work relation")
    STRANGER = "stranger", _("stranger")
    UNKNOWN = "unknown", _("unknown")


PARTNER_RELATIONSHIPS = {AuthorRelationship.PARTNER, AuthorRelationship.FORMER_PARTNER}


class FileStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class VictimRole(models.TextChoices):
    DIRECT = "direct", _("direct victim")
    RELATIVE = "relative", _("relative of the victim")


class Discipline(models.TextChoices):
    RECEPTION = "reception", _("reception and listening")
    LEGAL = "legal", _("legal information")
    PSYCHOLOGICAL = "psychological", _("psychological support")
    SOCIAL = "social", _("social support")
    REFERRAL = "referral", _("referral to partners")


# A file's `disciplines`: one bit per discipline it has had an interview of. Stored values:
# never renumber a bit (add new ones after the last).
DISCIPLINE_BITS = {
    Discipline.RECEPTION: 1,
    Discipline.LEGAL: 2,
    Discipline.PSYCHOLOGICAL: 4,
    Discipline.SOCIAL: 8,
    Discipline.REFERRAL: 16,
}


def discipline_bits(disciplines) -> int:
    """The `CaseFile.disciplines` value of a file whose interviews have these disciplines."""
    bits = 0
    for discipline in disciplines:
        bits |= DISCIPLINE_BITS[discipline]
    return bits


class InterviewMode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("by phone")
    VIDEO = "video", _("by video")


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    DONE = "done", _("done")
    DECLINED = "declined", _("declined")


class AssessmentStatus(models.TextChoices):
    REQUESTED = "requested", _("requested by the prosecutor")
    SENT = "sent", _("opinion sent")


class MeasureKind(models.TextChoices):
    PROTECTION_ORDER = "protection_order", _("protection order (CC art. 515-9)")
    TGD = "tgd", _("grave-danger phone (TGD, CPP art. 41-3-1)")
    BAR = "bar", _("anti-approach bracelet (BAR)")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("to do")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("no longer needed")


class TaskKind(models.TextChoices):
    RIGHTS_DEADLINE = "rights_deadline", _("legal deadline")
    MANDATE_DUE = "mandate_due", _("prosecutor's mandate due")
    ASSESSMENT_DUE = "assessment_due", _("individual assessment due")
    TGD_RENEWAL = "tgd_renewal", _("grave-danger phone renewal")
    HEARING = "hearing", _("hearing")
    MANUAL = "manual", _("task added by hand")


class TaskSource(models.TextChoices):
    """Where a task comes from. Each source is synchronised on its own: recomputing one
    never touches another's tasks. Apps add theirs through `appui.cases.task_sources`."""

    RIGHTS = "rights", _("the law, from the file's facts")
    MANUAL = "manual", _("added by hand")


class Person(models.Model):
    """Someone an association helps: a victim or a relative."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    commune_code = models.CharField(_("town"), max_length=5, blank=True)
    language = models.CharField(_("language spoken"), max_length=8, blank=True, db_default="")
    interpreter_needed = models.BooleanField(_("needs an interpreter"), null=True, blank=True)
    # Search keys, kept by services: names without accents or case, phone digits only.
    search_name = models.CharField(max_length=210, editable=False, db_index=False)
    phone_digits = models.CharField(max_length=20, editable=False, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["organisation", "search_name"], name="person_name"),
            models.Index(
                fields=["organisation", "phone_digits"],
                name="person_phone",
                condition=~Q(phone_digits=""),
            ),
            models.Index(fields=["organisation", "birth_date"], name="person_birth"),
        ]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}".strip()


class Affair(models.Model):
    """What happened, and the procedure that followed: shared by the files of its people."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    offence_category = models.CharField(
        _("offence"), max_length=32, choices=OffenceCategory.choices
    )
    # The rights engine's `offence.other_categories`: a story often holds several offences
    # (a theft and a blow, threats and harassment); each is assessed, the best route kept.
    other_offence_categories = models.JSONField(_("other offences"), default=list, blank=True)
    offence_class = models.CharField(
        _("legal class"), max_length=16, choices=OffenceClassChoice.choices, blank=True
    )
    offence_date = models.DateField(_("date of the facts"), null=True, blank=True)
    commune_code = models.CharField(_("place of the facts"), max_length=5, blank=True)
    in_france = models.BooleanField(_("in France"), null=True, default=True)
    author_known = models.BooleanField(_("author known"), null=True, blank=True)
    author_relationship = models.CharField(
        _("author's relationship to the victim"),
        max_length=16,
        choices=AuthorRelationship.choices,
        blank=True,
    )
    author_insured = models.BooleanField(
        _("the driver or hunter responsible was insured"), null=True, blank=True
    )
    circumstances = EncryptedTextField(_("circumstances"), blank=True)
    complaint_filed = models.BooleanField(_("complaint filed"), null=True, blank=True)
    complaint_date = models.DateField(_("date of the complaint"), null=True, blank=True)
    prosecutor_reference = models.CharField(
        _("prosecutor's reference (n° de parquet)"), max_length=40, blank=True
    )
    court = models.CharField(_("court"), max_length=200, blank=True)
    next_hearing_date = models.DateField(_("next hearing"), null=True, blank=True)
    judgment_date = models.DateField(_("date of the judgment"), null=True, blank=True)
    damages_awarded = models.DecimalField(
        _("damages awarded (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decision_final_date = models.DateField(
        _("date the decision became final"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("affair")
        verbose_name_plural = _("affairs")

    def __str__(self) -> str:
        return f"{self.get_offence_category_display()} ({self.offence_date or '?'})"

    @property
    def offences_display(self) -> str:
        """The main offence, then the others, by their names."""
        labels = dict(OffenceCategory.choices)
        others = [str(labels.get(c, c)) for c in self.other_offence_categories or ()]
        return ", ".join([str(self.get_offence_category_display()), *others])


class CaseFile(models.Model):
    """One person helped in one affair: the unit the network counts."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("file number"), max_length=30)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="files")
    affair = models.ForeignKey(Affair, on_delete=models.PROTECT, related_name="files")
    role = models.CharField(_("role"), max_length=16, choices=VictimRole.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=FileStatus.choices, default=FileStatus.OPEN
    )
    channel = models.CharField(_("intake channel"), max_length=24, choices=Channel.choices)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referent"),
    )
    mandate_reference = models.CharField(_("mandate reference"), max_length=40, blank=True)
    mandate_due = models.DateField(_("mandate due on"), null=True, blank=True)
    # Facts of this person, for the rights engine (unknown stays None).
    french_national = models.BooleanField(_("French national"), null=True, blank=True)
    death = models.BooleanField(_("the direct victim died"), null=True, blank=True)
    permanent_incapacity = models.BooleanField(_("permanent incapacity"), null=True, blank=True)
    itt_days = models.PositiveIntegerField(_("days of ITT"), null=True, blank=True)
    annual_income = models.DecimalField(
        _("household's annual reference income (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    household_extra_persons = models.PositiveSmallIntegerField(
        _("other persons in the household"), null=True, blank=True
    )
    serious_situation = models.BooleanField(
        _("serious material or psychological situation"), null=True, blank=True
    )
    other_compensation = models.BooleanField(
        _("compensated by another source"), null=True, blank=True
    )
    claim_amount = models.DecimalField(
        _("amount claimed (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    grave_danger = models.BooleanField(_("grave danger"), null=True, blank=True)
    cohabiting_with_author = models.BooleanField(_("lives with the author"), null=True, blank=True)
    no_contact_ban = models.BooleanField(_("judicial no-contact ban"), null=True, blank=True)
    imminent_danger = models.BooleanField(
        _("proven and imminent danger (author on the run, not yet arrested)"),
        null=True,
        blank=True,
    )
    protection_consent = models.BooleanField(
        _("agrees to a grave-danger phone"), null=True, blank=True
    )
    vehicle_registered = models.BooleanField(
        _("vehicle: registration certificate held"), null=True, blank=True
    )
    vehicle_inspection_ok = models.BooleanField(
        _("vehicle: technical inspection up to date"), null=True, blank=True
    )
    vehicle_insured = models.BooleanField(_("vehicle: insured"), null=True, blank=True)
    # The disciplines of its interviews (`DISCIPLINE_BITS`), kept by `add_interview` alone,
    # so that the caseload filters by discipline from its index, without reading interviews.
    disciplines = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        constraints = [
            models.UniqueConstraint(fields=["person", "affair"], name="one_file_per_person_affair"),
            models.UniqueConstraint(fields=["organisation", "number"], name="file_number_unique"),
        ]
        indexes = [models.Index(fields=["organisation", "status", "-opened_on"], name="file_list")]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        """A full save of a file read earlier leaves `disciplines` as the database has it:
        an interview added meanwhile, by another request, keeps its bit."""
        if not (self._state.adding or args or kwargs.get("update_fields") is not None):
            if not kwargs.get("force_insert"):
                deferred = self.get_deferred_fields()
                kwargs["update_fields"] = [
                    field.name
                    for field in self._meta.concrete_fields
                    if not field.primary_key
                    and field.attname not in deferred
                    and field.name != "disciplines"
                ]
        super().save(*args, **kwargs)


# What staff enter about an affair, and about one person's file (the rights engine's facts):
# the forms, the services and the exports all take these lists.
AFFAIR_FIELDS = (
    "offence_category",
    "other_offence_categories",
    "offence_class",
    "offence_date",
    "commune_code",
    "in_france",
    "author_known",
    "author_relationship",
    "author_insured",
    "circumstances",
    "complaint_filed",
    "complaint_date",
    "prosecutor_reference",
    "court",
    "next_hearing_date",
    "judgment_date",
    "damages_awarded",
    "decision_final_date",
)
FILE_FACT_FIELDS = (
    "french_national",
    "death",
    "permanent_incapacity",
    "itt_days",
    "annual_income",
    "household_extra_persons",
    "serious_situation",
    "other_compensation",
    "claim_amount",
    "grave_danger",
    "cohabiting_with_author",
    "no_contact_ban",
    "imminent_danger",
    "protection_consent",
    "vehicle_registered",
    "vehicle_inspection_ok",
    "vehicle_insured",
)


class Intake(models.Model):
    """A request for help waiting in an association's queue, before any file exists."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=24, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=IntakeStatus.choices, default=IntakeStatus.NEW
    )
    received_at = models.DateTimeField(_("received"))
    contact_name = EncryptedTextField(_("name given"), max_length=150, blank=True)
    contact_phone = EncryptedTextField(_("phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("email address"), blank=True)
    preferred_time = EncryptedTextField(_("when to call"), max_length=200, blank=True)
    commune_code = models.CharField(_("town"), max_length=5, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    offence_category = models.CharField(
        _("offence"), max_length=32, choices=OffenceCategory.choices, blank=True
    )
    # What the person said in the guide, sent with her consent (a callback request).
    offence_categories = models.JSONField(_("offences"), default=list, blank=True)
    offence_date = models.DateField(_("date of the facts"), null=True, blank=True)
    danger_now = models.BooleanField(_("in danger now"), default=False)
    author_is_partner = models.BooleanField(
        _("author: partner or former partner"), null=True, blank=True
    )
    summary = EncryptedTextField(_("what the person said"), blank=True)
    mandate_reference = models.CharField(_("mandate reference"), max_length=40, blank=True)
    mandate_due = models.DateField(_("mandate due on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    case_file = models.ForeignKey(
        CaseFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="intakes"
    )
    closing_reason = models.CharField(_("why closed without a file"), max_length=200, blank=True)
    # A transfer from the helpline: the association says it has received it, and the
    # listener who made it sees that it did.
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        indexes = [
            models.Index(fields=["organisation", "status", "received_at"], name="intake_queue")
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.received_at:%Y-%m-%d %H:%M}"

    def offence_labels(self) -> list[str]:
        """The offences she named, as words (the first one alone for older intakes)."""
        codes = self.offence_categories or (
            [self.offence_category] if self.offence_category else []
        )
        labels = dict(OffenceCategory.choices)
        return [str(labels.get(code, code)) for code in codes]


class CallbackLimitKind(models.TextChoices):
    ADDRESS = "address", _("client address")
    PHONE = "phone", _("phone number")


class CallbackAttempt(models.Model):
    """One accepted callback request, counted against its client address and its phone.

    Only a keyed hash (HMAC with SECRET_KEY) of the address or number is kept, with the
    time: enough to count, never to read back. The worker deletes rows after a day.
    """

    kind = models.CharField(max_length=8, choices=CallbackLimitKind.choices)
    key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["kind", "key", "at"], name="callback_attempt_key"),
            models.Index(fields=["at"], name="callback_attempt_at"),
        ]


class Interview(models.Model):
    """An entretien, by discipline. Psychological notes are read by psychologists only."""

    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="interviews")
    discipline = models.CharField(_("discipline"), max_length=16, choices=Discipline.choices)
    held_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    mode = models.CharField(_("mode"), max_length=16, choices=InterviewMode.choices)
    place = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    note = EncryptedTextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_at"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        indexes = [models.Index(fields=["case_file", "-held_at"], name="interview_file")]

    @property
    def is_psychological(self) -> bool:
        return self.discipline == Discipline.PSYCHOLOGICAL


class Referral(models.Model):
    """A diligence: the person sent to a partner from the directory."""

    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="referrals")
    partner = models.ForeignKey(
        "directory.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner"),
    )
    partner_name = EncryptedTextField(_("partner"), max_length=200)
    reason = EncryptedTextField(_("what for"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )
    proposed_on = models.DateField(_("proposed on"))
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")


class IndividualAssessment(models.Model):
    """EVVI (CPP art. 10-5): the prosecutor asks, the association assesses and answers."""

    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="assessments")
    requested_on = models.DateField(_("requested on"))
    requested_by = EncryptedTextField(_("requested by"), max_length=200, blank=True)
    due_on = models.DateField(_("answer due on"), null=True, blank=True)
    answers = EncryptedTextField(_("questionnaire"), blank=True)  # JSON, encrypted
    opinion = EncryptedTextField(_("opinion"), blank=True)
    sent_on = models.DateField(_("opinion sent on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.REQUESTED,
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-requested_on", "-id"]
        verbose_name = _("individual assessment (EVVI)")
        verbose_name_plural = _("individual assessments (EVVI)")


class ProtectionMeasure(models.Model):
    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="protections")
    kind = models.CharField(_("measure"), max_length=24, choices=MeasureKind.choices)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)
    renewal_due = models.DateField(_("to renew by"), null=True, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-start_on", "-id"]
        verbose_name = _("protection measure")
        verbose_name_plural = _("protection measures")


class Task(models.Model):
    """A dated thing to do on a file: a legal deadline, a mandate or an EVVI due, a renewal,
    or what a professional wrote down herself."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=20, choices=TaskKind.choices)
    # Who produces it: its source alone updates or cancels it (`task_sources`). Not a
    # closed list: apps register theirs.
    source = models.CharField(max_length=32, db_default=TaskSource.RIGHTS.value)
    # Stable key within the source, so that recomputing deadlines updates rather than repeats.
    key = models.CharField(max_length=80)
    title = models.CharField(_("task"), max_length=200)
    due_on = models.DateField(_("due on"))
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.UniqueConstraint(fields=["case_file", "source", "key"], name="task_source_key")
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "due_on"], name="task_team"),
            models.Index(fields=["assignee", "status", "due_on"], name="task_assignee"),
        ]

    @property
    def label(self) -> str:
        """The task in the reader's language (the stored title is the French fallback)."""
        from .rights import task_label

        return task_label(self)


class Document(models.Model):
    """An uploaded document, stored encrypted outside the web root."""

    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="documents")
    title = EncryptedTextField(_("title"), max_length=200)
    original_name = EncryptedTextField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=64, unique=True)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class Measure(models.TextChoices):
    """What the anonymous monthly counters count."""

    NEW_FILES = "new_files", _("new files")
    PEOPLE_HELPED = "people_helped", _("people helped")
    INTERVIEWS = "interviews", _("interviews")
    CHANNEL = "channel", _("new files by intake channel")
    OFFENCE = "offence", _("new files by offence")


class MonthlyCount(models.Model):
    """Anonymous counters by association, département and month, kept by the services.

    They hold no personal data and no link to a file, so statistics survive the erasure
    of the files they were counted from, and national figures never read a file.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    departement = models.CharField(max_length=3)
    month = models.DateField()  # first day of the month
    measure = models.CharField(max_length=16, choices=Measure.choices)
    key = models.CharField(max_length=32, blank=True)  # channel, category or discipline
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "departement", "month", "measure", "key"],
                name="monthly_count_unique",
            )
        ]
        indexes = [models.Index(fields=["month", "measure"], name="monthly_count_month")]


class ArchivedFile(models.Model):
    """What remains of a file after the retention period: coarse, anonymous figures only.

    No name, no date finer than the month, no link to a person or to the erased file.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    departement = models.CharField(max_length=3)
    opened_month = models.DateField()
    closed_month = models.DateField(null=True)
    channel = models.CharField(max_length=24, choices=Channel.choices)
    offence_category = models.CharField(max_length=32, choices=OffenceCategory.choices)
    role = models.CharField(max_length=16, choices=VictimRole.choices)
    interviews = models.JSONField(default=dict)  # discipline → count
    referrals = models.PositiveIntegerField(default=0)
    protection = models.BooleanField(default=False)
    archived_at = models.DateTimeField()

    class Meta:
        verbose_name = _("archived file (anonymous)")
        verbose_name_plural = _("archived files (anonymous)")
