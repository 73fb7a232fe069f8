from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """When a background worker last proved it was taking tasks from the queue."""

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(_("host name"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process id"), null=True, blank=True)
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.last_seen.isoformat()})"


class OrganisationKind(models.TextChoices):
    FEDERATION = "federation", _("federation")
    ASSOCIATION = "association", _("association")


class Organisation(models.Model):
    """The federation or one of its associations: the unit that owns files and sees them."""

    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    departement = models.CharField(
        _("département"), max_length=3, blank=True, help_text=_("main département, for statistics")
    )
    # The association's entry in the directory (a slug, not a key: core knows no directory).
    directory_slug = models.SlugField(_("directory entry"), max_length=100, blank=True)
    file_prefix = models.CharField(_("file number prefix"), max_length=12)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_federation(self) -> bool:
        return self.kind == OrganisationKind.FEDERATION


class PlaceKind(models.TextChoices):
    OFFICE = "office", _("office")
    BAV = "bav", _("victim bureau session (BAV)")
    POLICE = "police", _("desk in a police station or gendarmerie")
    HOSPITAL = "hospital", _("desk in a hospital")
    OTHER = "other", _("other place")


class Place(models.Model):
    """Where an association receives people: its offices, BAV sessions, outside desks."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="places")
    kind = models.CharField(_("kind"), max_length=16, choices=PlaceKind.choices)
    name = models.CharField(_("name"), max_length=200)
    commune_code = models.CharField(_("commune (INSEE code)"), max_length=5, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    RECEPTIONIST = "receptionist", _("receptionist")
    LEGAL_ADVISER = "legal_adviser", _("legal adviser")
    PSYCHOLOGIST = "psychologist", _("psychologist")
    SOCIAL_WORKER = "social_worker", _("social worker")
    TERRORISM_REFERENT = "terrorism_referent", _("terrorism referent")
    DIRECTION = "direction", _("direction")
    FEDERATION_ADMIN = "federation_admin", _("federation administrator")
    HELPLINE_LISTENER = "helpline_listener", _("helpline listener (116 006)")


class StaffProfile(models.Model):
    """A professional's place in the network: one organisation, one role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    display_name = models.CharField(_("name shown to colleagues"), max_length=150)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()}, {self.organisation})"


class AuditAction(models.TextChoices):
    """What was done. Reads are listed as carefully as writes."""

    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOGOUT = "logout", _("logged out")
    REAUTHENTICATED = "reauthenticated", _("confirmed password")
    RECOVERY_CODE_USED = "recovery_code_used", _("used a recovery code")
    SEARCH = "search", _("searched people")
    VIEW = "view", _("read")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    DOWNLOAD = "download", _("downloaded")
    EXPORT = "export", _("exported")
    ERASE = "erase", _("erased")
    BREAK_GLASS = "break_glass", _("opened exceptional access")
    RETENTION = "retention", _("applied the retention policy")


class AuditTarget(models.TextChoices):
    """The kind of record an event is about (ids only: never the record's content)."""

    ACCOUNT = "account", _("account")
    INTAKE = "intake", _("intake")
    PERSON = "person", _("person")
    AFFAIR = "affair", _("affair")
    FILE = "file", _("file")
    INTERVIEW = "interview", _("interview")
    PSYCHOLOGICAL_NOTE = "psychological_note", _("psychological note")
    REFERRAL = "referral", _("referral")
    ASSESSMENT = "assessment", _("individual assessment")
    PROTECTION = "protection", _("protection measure")
    TASK = "task", _("task")
    DOCUMENT = "document", _("document")
    STATISTICS = "statistics", _("statistics")
    ORGANISATION = "organisation", _("organisation")


class AuditEvent(models.Model):
    """One line of the append-only log: who did what, to which record, when, from where.

    Ids and actions only, never personal data, so that it outlives an erasure as proof of
    who accessed what. Database triggers refuse UPDATE and DELETE on this table.
    """

    at = models.DateTimeField(_("when"), db_index=True)
    actor_id = models.BigIntegerField(_("user id"), null=True)
    actor_organisation_id = models.BigIntegerField(_("user's organisation id"), null=True)
    action = models.CharField(_("action"), max_length=24, choices=AuditAction.choices)
    target = models.CharField(_("record kind"), max_length=24, choices=AuditTarget.choices)
    target_id = models.BigIntegerField(_("record id"), null=True)
    file_id = models.BigIntegerField(_("file id"), null=True)
    person_id = models.BigIntegerField(_("person id"), null=True)
    organisation_id = models.BigIntegerField(_("organisation of the record"), null=True)
    ip = models.GenericIPAddressField(_("from"), null=True)
    exceptional = models.BooleanField(_("exceptional access"), default=False)
    # The chain (`core.audit`): the organisation of the record, 0 for lines without one; the
    # hex SHA-256 of the chain's previous line ("" for the first) and of this line. Shown on
    # no page, hence no translated label.
    chain = models.BigIntegerField(default=0, editable=False)
    previous_hash = models.CharField(max_length=64, default="", editable=False)
    hash = models.CharField(max_length=64, default="", editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["chain", "id"], name="audit_chain"),
            models.Index(fields=["file_id", "-at"], name="audit_file"),
            models.Index(fields=["person_id", "-at"], name="audit_person"),
            models.Index(fields=["actor_id", "-at"], name="audit_actor"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.target} {self.target_id}"
        )


class ExceptionalAccess(models.Model):
    """ "Break the glass": a time-limited access to another association's files, with a reason.

    Shown to the direction of the association whose files were opened.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exceptional_accesses"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="exceptional_accesses"
    )
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("opened at"))
    expires_at = models.DateTimeField(_("ends at"), db_index=True)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("exceptional access")
        verbose_name_plural = _("exceptional accesses")

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.granted_at:%Y-%m-%d %H:%M})"
