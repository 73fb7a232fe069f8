"""Compensation files: a route to compensation followed from the request to the payment.

A case file may hold several (a CIVI request, then the SARVI; a civil-party claim at the
trial). Each keeps its claim head by head, the sums already received, its documents'
checklist, the events of its procedure as they happen, and the documents generated for it.
The stage and the next date come from the rights engine's timeline
(`appui.rights.timeline`); they are copied onto the file after every write so that the
association's lists read one indexed table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from appui.cases.models import CaseFile, Document
from appui.claims.heads import Head
from appui.core.crypto import EncryptedTextField
from appui.core.models import Organisation


class Route(models.TextChoices):
    """The routes a compensation file follows: the rights engine's remedy ids."""

    CIVI_FULL = "civi_full", _("CIVI — full compensation")
    CIVI_CAPPED = "civi_capped", _("CIVI — capped compensation")
    CIVI_VEHICLE = "civi_vehicle", _("CIVI — vehicle destroyed by fire")
    CIVI_SQUAT = "civi_squat", _("CIVI — home squatted")
    GUARANTEE_FUND = "guarantee_fund_direct", _("Guarantee fund, directly")
    SARVI = "sarvi", _("SARVI — help to recover damages")
    CIVIL_PARTY = "civil_party", _("Civil-party claim at the trial")
    CIVIL_COURT = "civil_court", _("Claim before a civil court")
    COMPLAINT = (
        "letter_to_prosecutor",
        _("Complaint to the prosecutor, then the investigating judge"),
    )


# The timeline procedure of each route (procedures-contract.md); the others have no
# computed dates: their events are recorded, and no date is invented for them.
PROCEDURE = {
    Route.CIVI_FULL: "civi",
    Route.CIVI_CAPPED: "civi",
    Route.CIVI_VEHICLE: "civi",
    Route.CIVI_SQUAT: "civi",
    Route.SARVI: "sarvi",
    Route.CIVIL_PARTY: "civil_party",
    Route.COMPLAINT: "prosecutor_complaint",
}
CAPPED_ROUTES = frozenset({Route.CIVI_CAPPED, Route.CIVI_VEHICLE, Route.CIVI_SQUAT})


class EventType(models.TextChoices):
    REQUEST_FILED = "request_filed", _("Request sent")
    FORWARDED_TO_FUND = "forwarded_to_fund", _("File forwarded to the fund")
    PROVISIONAL_PAYMENT = "provisional_payment", _("Provisional payment")
    OFFER_RECEIVED = "offer_received", _("Offer received")
    OFFER_ACCEPTED = "offer_accepted", _("Offer accepted")
    OFFER_REFUSED = "offer_refused", _("Offer refused by the victim")
    FUND_REFUSED = "fund_refused", _("Refusal by the fund")
    HOMOLOGATION_NOTIFIED = "homologation_notified", _("Agreement approved by the president")
    HEARING_SET = "hearing_set", _("Hearing date set")
    DECISION_NOTIFIED = "decision_notified", _("Decision notified")
    PAID = "paid", _("Payment received")
    APPEAL_FILED = "appeal_filed", _("Appeal lodged")
    DECISION_FINAL = "decision_final", _("Criminal decision final")
    CIVI_INADMISSIBLE = "civi_inadmissible_notified", _("CIVI: request inadmissible")
    REFUSAL_NOTIFIED = "refusal_notified", _("Refusal notified")
    LETTER_SENT = "letter_sent", _("Letter sent")
    LETTER_RECEIVED = "letter_received", _("Letter received by the court")
    COMPLAINT_SENT = "complaint_sent", _("Complaint sent")
    ANSWER_RECEIVED = "answer_received", _("Answer received")
    DISMISSAL_NOTIFIED = "dismissal_notified", _("Dismissal notified")


E = EventType
# The events each procedure knows, in its natural order (procedures-contract.md).
EVENTS = {
    "civi": (
        E.REQUEST_FILED,
        E.FORWARDED_TO_FUND,
        E.PROVISIONAL_PAYMENT,
        E.OFFER_RECEIVED,
        E.OFFER_ACCEPTED,
        E.OFFER_REFUSED,
        E.FUND_REFUSED,
        E.HOMOLOGATION_NOTIFIED,
        E.HEARING_SET,
        E.DECISION_NOTIFIED,
        E.PAID,
        E.APPEAL_FILED,
    ),
    "sarvi": (
        E.DECISION_FINAL,
        E.CIVI_INADMISSIBLE,
        E.REQUEST_FILED,
        E.PAID,
        E.REFUSAL_NOTIFIED,
    ),
    "civil_party": (E.HEARING_SET, E.LETTER_SENT, E.LETTER_RECEIVED),
    "prosecutor_complaint": (E.COMPLAINT_SENT, E.ANSWER_RECEIVED, E.DISMISSAL_NOTIFIED),
    # Routes without a timeline: the steps one may still write down.
    None: (E.REQUEST_FILED, E.OFFER_RECEIVED, E.HEARING_SET, E.DECISION_NOTIFIED, E.PAID),
}
WITH_AMOUNT = frozenset({E.PROVISIONAL_PAYMENT, E.OFFER_RECEIVED, E.DECISION_NOTIFIED, E.PAID})
# The event that sends a request: it may not be recorded while a required document is
# missing, unless the adviser writes why.
SENDING = frozenset({E.REQUEST_FILED, E.LETTER_SENT, E.COMPLAINT_SENT})


class OffenceClass(models.TextChoices):
    CRIME = "crime", _("crime")
    DELIT = "delit", _("délit")
    CONTRAVENTION = "contravention", _("contravention")


class ItemStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    RECEIVED = "received", _("received")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class Payer(models.TextChoices):
    INSURER = "insurer", _("insurer")
    SOCIAL_SECURITY = "social_security", _("social security")
    EMPLOYER = "employer", _("employer")
    MUTUAL = "mutual", _("mutual insurance")
    AUTHOR = "author", _("the author")
    OTHER = "other", _("other")


class LetterKind(models.TextChoices):
    CIVI_REQUEST = "civi_request", _("CIVI request")
    SARVI_REQUEST = "sarvi_request", _("SARVI request")
    CIVIL_PARTY_LETTER = "civil_party_letter", _("Civil-party letter")
    PROSECUTOR_LETTER = "prosecutor_letter", _("Letter to the prosecutor")
    JUDGE_COMPLAINT = "judge_complaint", _("Complaint to the investigating judge")


# The documents each route can generate.
LETTERS = {
    Route.CIVI_FULL: (LetterKind.CIVI_REQUEST,),
    Route.CIVI_CAPPED: (LetterKind.CIVI_REQUEST,),
    Route.CIVI_VEHICLE: (LetterKind.CIVI_REQUEST,),
    Route.CIVI_SQUAT: (LetterKind.CIVI_REQUEST,),
    Route.SARVI: (LetterKind.SARVI_REQUEST,),
    Route.CIVIL_PARTY: (LetterKind.CIVIL_PARTY_LETTER,),
    Route.COMPLAINT: (LetterKind.PROSECUTOR_LETTER, LetterKind.JUDGE_COMPLAINT),
}


class CompensationFile(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="compensations")
    route = models.CharField(_("route"), max_length=24, choices=Route.choices)
    opened_on = models.DateField(_("opened on"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # From the timeline, after every write (see the module's docstring).
    stage = models.CharField(_("stage"), max_length=32, blank=True)
    next_id = models.CharField(max_length=40, blank=True)
    next_date = models.DateField(_("next date"), null=True, blank=True)
    next_parties = models.CharField(max_length=60, blank=True)
    hearing_date = models.DateField(_("hearing"), null=True, blank=True)
    # The payment's due date while no payment is recorded (the "payments overdue" list).
    payment_due = models.DateField(_("payment due"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Where the request goes, when known (else a visible blank on the documents).
    addressee_name = models.CharField(_("addressed to"), max_length=200, blank=True)
    addressee_address = EncryptedTextField(_("address of the recipient"), blank=True)
    legal_costs = models.DecimalField(
        _("legal costs claimed (lawyer's fees)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    iban = EncryptedTextField(_("IBAN"), blank=True)
    bic = EncryptedTextField(_("BIC"), blank=True)
    account_holder = EncryptedTextField(_("account holder"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["opened_on", "id"]
        verbose_name = _("compensation file")
        verbose_name_plural = _("compensation files")
        indexes = [
            models.Index(fields=["organisation", "stage", "next_date"], name="comp_stage"),
            models.Index(fields=["organisation", "next_date"], name="comp_next"),
            models.Index(fields=["organisation", "hearing_date"], name="comp_hearing"),
            models.Index(fields=["organisation", "payment_due"], name="comp_payment"),
        ]

    @property
    def procedure(self) -> str | None:
        return PROCEDURE.get(self.route)


class DamageHead(models.Model):
    """One head of the claim: how much, on what basis, proved by which documents."""

    compensation = models.ForeignKey(
        CompensationFile, on_delete=models.CASCADE, related_name="heads"
    )
    head = models.CharField(_("head of damage"), max_length=16, choices=Head.choices)
    description = EncryptedTextField(_("what it is"), blank=True)
    amount = models.DecimalField(_("amount claimed"), max_digits=12, decimal_places=2)
    basis = EncryptedTextField(_("how the amount was reached"), blank=True)
    documents = models.ManyToManyField(Document, blank=True, related_name="+")

    class Meta:
        ordering = ["id"]


class SumReceived(models.Model):
    """A sum already received or due from someone else: stated in the request and
    deducted from the award (CPP R50-9, 706-9)."""

    compensation = models.ForeignKey(
        CompensationFile, on_delete=models.CASCADE, related_name="received"
    )
    payer = models.CharField(_("paid by"), max_length=20, choices=Payer.choices)
    name = EncryptedTextField(_("name of the payer"), blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]


class ChecklistEntry(models.Model):
    compensation = models.ForeignKey(
        CompensationFile, on_delete=models.CASCADE, related_name="checklist"
    )
    key = models.CharField(max_length=40)
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.REQUESTED
    )
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["compensation", "key"], name="comp_checklist_key")
        ]


class Event(models.Model):
    """Something that happened in the procedure, on the day it happened."""

    compensation = models.ForeignKey(
        CompensationFile, on_delete=models.CASCADE, related_name="events"
    )
    type = models.CharField(_("what happened"), max_length=32, choices=EventType.choices)
    date = models.DateField(_("on"))
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    hearing = models.DateField(_("hearing date"), null=True, blank=True)
    offence_class = models.CharField(
        _("offence"), max_length=16, choices=OffenceClass.choices, blank=True
    )
    press = models.BooleanField(_("press offence (law of 29 July 1881)"), default=False)
    # Why a request was sent with a required document missing.
    missing_reason = EncryptedTextField(_("why documents are missing"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]


class GeneratedDocument(models.Model):
    """A version of a generated request or letter, kept as a document of the case file."""

    compensation = models.ForeignKey(
        CompensationFile, on_delete=models.CASCADE, related_name="generated"
    )
    kind = models.CharField(max_length=24, choices=LetterKind.choices)
    version = models.PositiveIntegerField()
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    generated_at = models.DateTimeField()
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["compensation", "kind", "version"], name="comp_generated_version"
            )
        ]


class CountMeasure(models.TextChoices):
    """What the anonymous compensation counters count."""

    OPENED = "opened", _("files opened")
    CLAIMED = "claimed", _("amount claimed")
    OFFERED = "offered", _("amount offered")
    AWARDED = "awarded", _("amount awarded")
    PAID = "paid", _("amount paid")
    DAYS_TO_OFFER = "days_to_offer", _("days from request to offer")
    DAYS_TO_PAYMENT = "days_to_payment", _("days from request to payment")


class CompensationCount(models.Model):
    """Anonymous counters by association, route and month: sums in cents, and for the
    durations one row per number of days (a histogram, from which the median is exact).
    No link to a file: statistics survive the erasure of the files they were counted from."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    route = models.CharField(max_length=24, choices=Route.choices)
    measure = models.CharField(max_length=16, choices=CountMeasure.choices)
    key = models.CharField(max_length=8, blank=True)  # a number of days, for durations
    count = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)  # cents, for amounts

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "month", "route", "measure", "key"],
                name="comp_count_unique",
            )
        ]
