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
    # A police station or gendarmerie unit that receives pre-complaints (décret 2008-1109).
    UNIT = "unit", _("police or gendarmerie unit")


class Organisation(models.Model):
    """The federation or one of its associations: the unit that owns files and sees them."""

    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    departement = models.CharField(
        _("département"), max_length=3, blank=True, help_text=_("main département, for statistics")
    )
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


class Role(models.TextChoices):
    RECEPTIONIST = "receptionist", _("receptionist")
    LEGAL_ADVISER = "legal_adviser", _("legal adviser")
    PSYCHOLOGIST = "psychologist", _("psychologist")
    SOCIAL_WORKER = "social_worker", _("social worker")
    TERRORISM_REFERENT = "terrorism_referent", _("terrorism referent")
    DIRECTION = "direction", _("direction")
    FEDERATION_ADMIN = "federation_admin", _("federation administrator")
    HELPLINE_LISTENER = "helpline_listener", _("helpline listener (116 006)")
    HELPLINE_SUPERVISOR = "helpline_supervisor", _("helpline supervisor (116 006)")
    UNIT_AGENT = "unit_agent", _("unit agent (police or gendarmerie)")


# Roles by the kind of organisation they belong to: an association's professionals, the
# federation's own staff (`services` refuses an account whose role does not fit).
ASSOCIATION_ROLES = frozenset(
    {
        Role.RECEPTIONIST,
        Role.LEGAL_ADVISER,
        Role.PSYCHOLOGIST,
        Role.SOCIAL_WORKER,
        Role.TERRORISM_REFERENT,
        Role.DIRECTION,
    }
)
FEDERATION_ROLES = frozenset(
    {Role.FEDERATION_ADMIN, Role.HELPLINE_LISTENER, Role.HELPLINE_SUPERVISOR}
)
UNIT_ROLES = frozenset({Role.UNIT_AGENT})
ROLES_BY_KIND = {
    OrganisationKind.FEDERATION: FEDERATION_ROLES,
    OrganisationKind.ASSOCIATION: ASSOCIATION_ROLES,
    OrganisationKind.UNIT: UNIT_ROLES,
}


class StaffProfile(models.Model):
    """A professional's place in the network: one organisation, one role.

    The organisation is set once, at creation: an account never moves to another
    organisation (a new account is made instead). `role` and `active` are what is in force;
    a change that gives access to files waits, as an `AccessChange`, for its confirmation
    (`services.decide_access_change`), and until then the former values stay in force.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    display_name = models.CharField(_("name shown to colleagues"), max_length=150)
    # In force. An account made in the administration starts inactive when its role needs a
    # confirmation; accounts made on the server (`appui create_staff`, the demo) start active.
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "An inactive account may log in but may do nothing. Making an account active "
            "again waits for the same confirmation as a new account."
        ),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()}, {self.organisation})"

    @classmethod
    def from_db(cls, db, field_names, values):
        profile = super().from_db(db, field_names, values)
        profile._stored_organisation_id = profile.__dict__.get("organisation_id")
        return profile

    def save(self, *args, **kwargs):
        stored = getattr(self, "_stored_organisation_id", None)
        if self.pk is not None and stored is not None and stored != self.organisation_id:
            raise ValueError("A staff profile's organisation never changes: make a new account.")
        super().save(*args, **kwargs)
        self._stored_organisation_id = self.organisation_id


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
    ACCESS_REQUESTED = "access_requested", _("asked a change of access")
    ACCESS_CONFIRMED = "access_confirmed", _("confirmed a change of access")
    ACCESS_REFUSED = "access_refused", _("refused a change of access")
    ACCESS_APPLIED = "access_applied", _("changed an access")
    ACCESS_REPLACED = "access_replaced", _("replaced a change of access")


class AuditTarget(models.TextChoices):
    """Core's kinds of record an event is about (ids only: never the record's content).

    Apps register their own kinds with `core.audit.register_targets`, so the log's `target`
    has no fixed choices: its label comes from that registry."""

    ACCOUNT = "account", _("account")
    ORGANISATION = "organisation", _("organisation")
    ACCESS_CHANGE = "access_change", _("change of access")


class SystemKind(models.TextChoices):
    """Who wrote an audit line when no staff member did (`core.access.SystemActor`)."""

    GUIDE = "guide", _("public guide")
    TELEPHONY = "telephony", _("telephony webhook")
    WORKER = "worker", _("background worker")
    COMMAND = "command", _("command on the server")
    PUBLIC = "public", _("public pages (bookings, pre-complaints)")


class AuditEvent(models.Model):
    """One line of the append-only log: who did what, to which record, when, from where.

    Ids and actions only, never personal data, so that it outlives an erasure as proof of
    who accessed what. Database triggers refuse UPDATE and DELETE on this table.
    """

    at = models.DateTimeField(_("when"), db_index=True)
    actor_id = models.BigIntegerField(_("user id"), null=True)
    actor_organisation_id = models.BigIntegerField(_("user's organisation id"), null=True)
    action = models.CharField(_("action"), max_length=24, choices=AuditAction.choices)
    target = models.CharField(_("record kind"), max_length=24)  # a registered target
    target_id = models.BigIntegerField(_("record id"), null=True)
    file_id = models.BigIntegerField(_("file id"), null=True)
    person_id = models.BigIntegerField(_("person id"), null=True)
    organisation_id = models.BigIntegerField(_("organisation of the record"), null=True)
    ip = models.GenericIPAddressField(_("from"), null=True)
    exceptional = models.BooleanField(_("exceptional access"), default=False)
    # Who wrote the line when no staff member did (blank for people).
    system = models.CharField(
        _("written by"),
        max_length=16,
        choices=SystemKind.choices,
        blank=True,
        default="",
        db_default="",
    )
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

    @property
    def target_label(self) -> str:
        """The record kind in words, from the apps' registered targets."""
        from .audit import target_label

        return target_label(self.target)


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


class AccessChangeKind(models.TextChoices):
    CREATE = "create", _("new account")
    ROLE = "role", _("change of role")
    ACTIVATE = "activate", _("activation")
    DEACTIVATE = "deactivate", _("deactivation")


class AccessChangeStatus(models.TextChoices):
    PENDING = "pending", _("waiting for confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    REFUSED = "refused", _("refused")
    APPLIED = "applied", _("in force at once")
    REPLACED = "replaced", _("replaced by a later request")


class AccessChange(models.Model):
    """A grant, a change of role or of the active flag of a staff account: who asked it and
    when, the old and new values, and who confirmed or refused it, when.

    Written by `services` only, once when asked and once when decided; never deleted (the
    accounts it names cannot be deleted while it exists). The audit log has a line for
    each of these steps, naming this record by its id.
    """

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="access_changes",
        verbose_name=_("account"),
    )
    # The account's organisation, which never changes: set at the account's creation.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="access_changes",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("change"), max_length=16, choices=AccessChangeKind.choices)
    old_role = models.CharField(_("former role"), max_length=24, choices=Role.choices, blank=True)
    new_role = models.CharField(_("new role"), max_length=24, choices=Role.choices)
    old_active = models.BooleanField(_("formerly active"), null=True)
    new_active = models.BooleanField(_("active after the change"))
    # None: on the server's command line (`appui create_staff`, the demo).
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    asked_at = models.DateTimeField(_("asked at"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AccessChangeStatus.choices,
        default=AccessChangeStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed or refused by"),
    )
    decided_at = models.DateTimeField(_("confirmed or refused at"), null=True, blank=True)

    class Meta:
        ordering = ["-asked_at", "-id"]
        verbose_name = _("change of access")
        verbose_name_plural = _("changes of access")
        # Seen, never added, changed or deleted by hand.
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["account"],
                condition=models.Q(status="pending"),
                name="one_pending_access_change",
            )
        ]
        indexes = [models.Index(fields=["organisation", "-asked_at"], name="access_change_org")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.account_id} ({self.get_status_display()})"

    @property
    def pending(self) -> bool:
        return self.status == AccessChangeStatus.PENDING

    @staticmethod
    def _describe(role: str, active: bool | None) -> str:
        label = Role(role).label if role in Role.values else ""
        if active is None:
            return label
        return f"{label}, {_('active') if active else _('inactive')}"

    @property
    def old_state(self) -> str:
        """The role and active flag before the change ("" for a new account)."""
        if self.kind == AccessChangeKind.CREATE:
            return ""
        return self._describe(self.old_role, self.old_active)

    @property
    def new_state(self) -> str:
        return self._describe(self.new_role, self.new_active)

    @staticmethod
    def _name(user) -> str:
        if user is None:
            return ""
        profile = getattr(user, "staff_profile", None)
        return profile.display_name if profile is not None else user.get_username()

    @property
    def account_name(self) -> str:
        return self._name(self.account)

    @property
    def asked_by_name(self) -> str:
        """ "" when asked on the server's command line."""
        return self._name(self.asked_by)

    @property
    def decided_by_name(self) -> str:
        return self._name(self.decided_by)
