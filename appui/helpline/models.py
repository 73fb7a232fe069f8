"""The 116 006 helpline's records.

A `Call` is one contact with the helpline: a phone call (reported by a switchboard or taken
by hand), an e-mail or a web message answered from the console, or a call back made by a
listener. It lives in the federation's records only: an association sees nothing of it,
only the intake a caller agreed to have transferred (`cases.Intake`). Callback requests
(the guide's, a missed call's, a voicemail's, a web form's) wait in the federation's intake
queue, as every request does; `CallbackFollowUp` adds their response target and tries.

What could name a caller is encrypted (`note`, `number`) or a keyed hash (`number_key`,
only to recognise a caller who agreed to it). Closed records are deleted after
`RECORD_KEPT`; the anonymous `HelplineCount` rows, written when a record closes, outlive
them (`docs/helpline.md`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from appui.cases.models import AuthorRelationship, Intake
from appui.core.crypto import EncryptedTextField
from appui.core.models import Organisation

# How long a closed call record is kept for supervision, quality review and the caller's
# follow-up; then only its counters remain. Telephony events are kept for a month (to
# investigate a switchboard's fault); a caller's consent to be recognised lapses a year
# after her last call.
RECORD_KEPT = dt.timedelta(days=90)
EVENT_KEPT = dt.timedelta(days=30)
CALLER_KEPT = dt.timedelta(days=365)


class Channel(models.TextChoices):
    PHONE = "phone", _("phone call")
    EMAIL = "email", _("e-mail")
    WEB = "web", _("web message")
    CALLBACK = "callback", _("call back")


class CallState(models.TextChoices):
    RINGING = "ringing", _("ringing")
    ACTIVE = "active", _("in progress")
    WRAP_UP = "wrap_up", _("line closed, record to finish")
    CLOSED = "closed", _("closed")
    MISSED = "missed", _("missed")


OPEN_STATES = (CallState.RINGING, CallState.ACTIVE, CallState.WRAP_UP)


class CallerType(models.TextChoices):
    VICTIM = "victim", _("victim")
    RELATIVE = "relative", _("relative of a victim")
    WITNESS = "witness", _("witness")
    PROFESSIONAL = "professional", _("professional")


class NonData(models.TextChoices):
    """A call with nothing to record but its kind: logged in two clicks."""

    SILENT = "silent", _("silent call")
    HANG_UP = "hang_up", _("hung up at once")
    WRONG_NUMBER = "wrong_number", _("wrong number")
    ABUSIVE = "abusive", _("abusive call")
    TEST = "test", _("test call")
    INFORMATION = "information", _("information only")


class Outcome(models.TextChoices):
    INFORMED = "informed", _("informed of her rights")
    ORIENTED = "oriented", _("oriented (the association's details given)")
    TRANSFERRED = "transferred", _("transferred with consent")
    ESCALATED = "escalated", _("emergency escalated")
    CALLBACK = "callback", _("callback scheduled")


class EmergencyNumber(models.TextChoices):
    POLICE = "17", _("17 (police, gendarmerie)")
    EUROPEAN = "112", _("112 (European emergency number)")
    MEDICAL = "15", _("15 (medical emergency)")
    SMS = "114", _("114 (emergency by text message)")


class EndCause(models.TextChoices):
    COMPLETED = "completed", _("completed")
    CALLER_HANGUP = "caller_hangup", _("the caller hung up")
    NO_ANSWER = "no_answer", _("no answer")
    BUSY = "busy", _("busy")
    FAILED = "failed", _("failed")
    ABANDONED = "abandoned", _("abandoned while waiting")
    TRANSFERRED = "transferred", _("transferred by the switchboard")


class ListenerStatus(models.TextChoices):
    AVAILABLE = "available", _("available")
    ON_CALL = "on_call", _("on a call")
    PAUSED = "paused", _("paused")
    OFFLINE = "offline", _("offline")


class Adapter(models.TextChoices):
    """What a switchboard posts: our own events, or what an adapter translates."""

    GENERIC = "generic", _("Appui events (generic)")
    ASTERISK = "asterisk", _("Asterisk ARI events")


class FlagKind(models.TextChoices):
    PREFERS_WOMAN = "prefers_woman", _("prefers a woman listener")
    PREFERS_MAN = "prefers_man", _("prefers a man listener")
    LANGUAGE = "language", _("speaks another language")
    HEARING = "hearing", _("hard of hearing")
    CALL_TIMES = "call_times", _("only call at given times")
    OTHER = "other", _("other")


class TryResult(models.TextChoices):
    REACHED = "reached", _("reached")
    NO_ANSWER = "no_answer", _("no answer")
    VOICEMAIL = "voicemail", _("voicemail, no message left")
    BUSY = "busy", _("busy")
    WRONG_NUMBER = "wrong_number", _("wrong number")


class EventStatus(models.TextChoices):
    APPLIED = "applied", _("applied")
    REFUSED = "refused", _("refused")


class Switchboard(models.Model):
    """A telephone switchboard allowed to report calls, with its shared secret."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("identifier in the webhook address"), max_length=50, unique=True)
    adapter = models.CharField(
        _("what it posts"), max_length=16, choices=Adapter.choices, default=Adapter.GENERIC
    )
    secret = EncryptedTextField(_("shared secret"), max_length=200)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("switchboard")
        verbose_name_plural = _("switchboards")

    def __str__(self) -> str:
        return self.name


class Listener(models.Model):
    """A listener's presence on the console, and the extension the switchboard knows her by."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helpline_listener"
    )
    extension = models.CharField(
        _("extension on the switchboard"), max_length=32, blank=True, db_index=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ListenerStatus.choices, default=ListenerStatus.OFFLINE
    )
    status_since = models.DateTimeField(_("since"))
    seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)

    class Meta:
        verbose_name = _("listener")
        verbose_name_plural = _("listeners")
        constraints = [
            models.UniqueConstraint(
                fields=["extension"], condition=~Q(extension=""), name="listener_extension"
            )
        ]

    def __str__(self) -> str:
        return self.extension or str(self.user_id)


class Caller(models.Model):
    """A caller who agreed to be recognised when she calls again: her number as a keyed hash
    (to match), and encrypted (to call her back), shown masked."""

    number_key = models.CharField(max_length=64, unique=True)
    number = EncryptedTextField(_("phone number"), max_length=40)
    consented_at = models.DateTimeField(_("agreed to be recognised"))
    consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_call_at = models.DateTimeField(_("last call"))

    class Meta:
        verbose_name = _("recognised caller")
        verbose_name_plural = _("recognised callers")


class CallerFlag(models.Model):
    """Something the listeners should know before they answer her again, until it expires."""

    caller = models.ForeignKey(Caller, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("flag"), max_length=16, choices=FlagKind.choices)
    detail = EncryptedTextField(_("detail"), max_length=200, blank=True)
    expires_on = models.DateField(_("until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("caller's flag")
        verbose_name_plural = _("caller's flags")


class Call(models.Model):
    """One contact with the helpline, from the first ring (or message) to its closed record."""

    # Indexes: every update of a call rewrites each of them (`updated_at` is indexed, so no
    # update is HOT), and a switchboard updates a call twice in a second. So none that
    # another covers or that serves no query: the helpline's calls are all the federation's,
    # a switchboard's are found by `call_external_id`, a listener's by her two indexes; the
    # rare links (caller, transfer, callback) are indexed where set.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=10, choices=CallState.choices)
    switchboard = models.ForeignKey(
        Switchboard,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        db_index=False,
    )
    external_id = models.CharField(_("switchboard's call id"), max_length=128, blank=True)
    queue_position = models.PositiveSmallIntegerField(_("place in the queue"), null=True)
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    ringing_at = models.DateTimeField(_("received"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    ended_at = models.DateTimeField(_("line closed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("record closed"), null=True, blank=True)
    end_cause = models.CharField(_("end"), max_length=16, choices=EndCause.choices, blank=True)
    # The caller's number: a keyed hash to recognise her (when she agreed) or to find a
    # missed call's callback; in clear only encrypted, when a callback needs it.
    number_key = models.CharField(max_length=64, blank=True)
    number = EncryptedTextField(_("number to call back"), max_length=40, blank=True)
    caller = models.ForeignKey(
        Caller,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        db_index=False,
    )
    caller_type = models.CharField(
        _("who calls"), max_length=16, choices=CallerType.choices, blank=True
    )
    non_data = models.CharField(
        _("call with nothing to record"), max_length=16, choices=NonData.choices, blank=True
    )
    # What she says, as the guide asks it: the same plan follows from the same answers.
    situations = models.JSONField(_("what happened"), default=list, blank=True)
    facts_date = models.DateField(_("when"), null=True, blank=True)
    commune_code = models.CharField(_("town"), max_length=5, blank=True)
    abroad = models.BooleanField(_("it happened abroad"), default=False)
    abroad_country = models.CharField(_("country"), max_length=80, blank=True)
    home_commune_code = models.CharField(_("where she lives"), max_length=5, blank=True)
    author = models.CharField(
        _("the author"), max_length=16, choices=AuthorRelationship.choices, blank=True
    )
    danger_now = models.BooleanField(_("in danger now"), null=True, blank=True)
    collective_accident = models.BooleanField(_("collective accident or disaster"), default=False)
    language = models.CharField(_("language"), max_length=8, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    escalated_to = models.CharField(
        _("emergency number called"), max_length=4, choices=EmergencyNumber.choices, blank=True
    )
    oriented_to = models.CharField(_("association given"), max_length=120, blank=True)
    # A transfer with consent: the intake in the association's queue (its acknowledgement
    # is read there). A callback: the request in the federation's queue this call made
    # (missed, scheduled) or answers (a call back, a message answered).
    transfer = models.ForeignKey(
        Intake, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    callback = models.ForeignKey(
        Intake, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    note = EncryptedTextField(_("note"), max_length=2000, blank=True)
    reply = EncryptedTextField(_("reply sent"), max_length=5000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.UniqueConstraint(
                fields=["switchboard", "external_id"],
                condition=~Q(external_id=""),
                name="call_external_id",
            )
        ]
        indexes = [
            models.Index(fields=["listener", "updated_at"], name="call_listener_updates"),
            models.Index(fields=["state", "ringing_at"], name="call_state"),
            models.Index(fields=["closed_at"], name="call_closed"),
            # The console's poll: her call in progress, one index lookup.
            models.Index(
                fields=["listener", "answered_at"],
                condition=Q(state="active"),
                name="call_listener_active",
            ),
            models.Index(fields=["number_key"], name="call_number_key"),
            *(
                models.Index(
                    fields=[link], condition=Q(**{f"{link}__isnull": False}), name=f"call_{link}"
                )
                for link in ("caller", "transfer", "callback")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.ringing_at:%Y-%m-%d %H:%M}"

    @property
    def kind_label(self) -> str:
        return self.get_non_data_display() or self.get_caller_type_display()


class CallbackFollowUp(models.Model):
    """A callback request in the federation's queue: when it should be answered by, how
    many tries were made, and whether it was escalated to a supervisor."""

    intake = models.OneToOneField(Intake, on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField(_("to answer by"))
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("callback follow-up")
        verbose_name_plural = _("callback follow-ups")


class CallbackTry(models.Model):
    """One try to call back a request of the queue."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    result = models.CharField(_("result"), max_length=16, choices=TryResult.choices)

    class Meta:
        verbose_name = _("callback try")
        verbose_name_plural = _("callback tries")


class TelephonyEvent(models.Model):
    """Each event a switchboard posted, applied or refused: a replay (the same event id) is
    found here and never applied twice. Nothing of the caller's number is kept."""

    # Found by `telephony_event_once`, whose first column is the switchboard: no index of
    # its own (each post inserts a row: one index less to write).
    switchboard = models.ForeignKey(
        Switchboard, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    event_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=16)
    call_external_id = models.CharField(max_length=128, blank=True)
    received_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=EventStatus.choices)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("telephony event")
        verbose_name_plural = _("telephony events")
        constraints = [
            models.UniqueConstraint(fields=["switchboard", "event_id"], name="telephony_event_once")
        ]
        indexes = [models.Index(fields=["received_at"], name="telephony_event_received")]


class QualityReview(models.Model):
    """A supervisor's short review of a call record (each mark 1 to 4)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("reviewed"))
    welcome = models.PositiveSmallIntegerField(_("welcome"))
    listening = models.PositiveSmallIntegerField(_("listening"))
    information = models.PositiveSmallIntegerField(_("accurate information"))
    orientation = models.PositiveSmallIntegerField(_("orientation"))
    record = models.PositiveSmallIntegerField(_("record kept"))
    comment = EncryptedTextField(_("comment"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("quality review")
        verbose_name_plural = _("quality reviews")


class HelplineCount(models.Model):
    """Anonymous counters, one row per hour, département, channel, kind of call, main
    situation and outcome: what the Ministry's contract measures, kept after the calls."""

    day = models.DateField()
    hour = models.PositiveSmallIntegerField()
    departement = models.CharField(max_length=3, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    kind = models.CharField(max_length=16, blank=True)  # a CallerType or a NonData value
    category = models.CharField(max_length=24, blank=True)  # the main situation
    outcome = models.CharField(max_length=12, blank=True)
    calls = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    missed = models.PositiveIntegerField(default=0)
    wait_seconds = models.PositiveBigIntegerField(default=0)  # ringing → answered, summed
    talk_seconds = models.PositiveBigIntegerField(default=0)  # answered → ended, summed

    class Meta:
        verbose_name = _("helpline counter")
        verbose_name_plural = _("helpline counters")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "hour", "departement", "channel", "kind", "category", "outcome"],
                name="helpline_count_key",
            )
        ]
