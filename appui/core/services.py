"""Writes and health probes of the core app, and the staff accounts of the administration."""

import os
import secrets
import socket
from base64 import b32encode
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from appui.core import access, audit
from appui.core.access import NO_ROLE, Actor, SystemActor
from appui.core.models import (
    ROLES_BY_KIND,
    AccessChange,
    AccessChangeKind,
    AccessChangeStatus,
    AuditAction,
    AuditTarget,
    Organisation,
    OrganisationKind,
    Role,
    StaffProfile,
    SystemKind,
    WorkerHeartbeat,
)


def record_worker_heartbeat(worker_id: str, *, now: datetime | None = None) -> WorkerHeartbeat:
    """Note that `worker_id`, running in this process, has just taken a task from the queue."""
    with transaction.atomic():
        beat, _ = WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "last_seen": now or timezone.now(),
            },
        )
    return beat


@dataclass(frozen=True)
class DatabaseStatus:
    ok: bool
    vendor: str


@dataclass(frozen=True)
class WorkerStatus:
    ok: bool
    last_seen: datetime | None


def database_status() -> DatabaseStatus:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return DatabaseStatus(ok=False, vendor=connection.vendor)
    return DatabaseStatus(ok=True, vendor=connection.vendor)


def worker_status(*, now: datetime | None = None) -> WorkerStatus:
    """Whether some worker took a heartbeat task from the queue recently."""
    last_seen = WorkerHeartbeat.objects.aggregate(last=Max("last_seen"))["last"]
    if last_seen is None:
        return WorkerStatus(ok=False, last_seen=None)
    stale_after = timedelta(seconds=settings.APPUI_WORKER_STALE_AFTER_SECONDS)
    return WorkerStatus(ok=(now or timezone.now()) - last_seen <= stale_after, last_seen=last_seen)


def health() -> tuple[dict, bool]:
    """The health report and whether the site can serve requests (its database answers)."""
    database = database_status()
    if database.ok:
        worker = worker_status()
    else:
        worker = WorkerStatus(ok=False, last_seen=None)
    report = {
        "status": "ok" if database.ok and worker.ok else "degraded",
        "database": {"ok": database.ok, "vendor": database.vendor},
        "worker": {
            "ok": worker.ok,
            "last_seen": worker.last_seen.isoformat() if worker.last_seen else None,
        },
    }
    return report, database.ok


# --- staff accounts --------------------------------------------------------------------

STAFF_DEVICE_NAME = "authenticator app"
PASSWORD_BYTES = 24  # 32 characters of URL-safe base64


class StaffError(ValueError):
    """A staff account cannot be made as asked; the message says why, in plain words."""


@dataclass(frozen=True)
class StaffAccess:
    """What the new staff member needs to log in: shown once, stored nowhere in clear."""

    username: str
    password: str
    otpauth_uri: str
    key: str  # the same secret in base32, for apps where it is typed rather than pasted
    created: bool
    groups: tuple[str, ...]
    superuser: bool
    recovery_codes: tuple[str, ...] = ()
    organisation: str = ""
    role: str = ""


def staff_groups() -> dict[str, str]:
    """The staff groups apps declare (`staff_groups` on their AppConfig): short name → group."""
    declared: dict[str, str] = {}
    for app_config in apps.get_app_configs():
        declared.update(getattr(app_config, "staff_groups", {}))
    return declared


def _staff_username(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise StaffError(f"{email!r} is not an email address.") from None
    field = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD)
    if len(email) > field.max_length:
        raise StaffError(f"{email!r} is longer than {field.max_length} characters.")
    return email


def create_staff(
    email: str,
    *,
    superuser: bool = False,
    groups: Iterable[str] = (),
    organisation: str | None = None,
    role: str | None = None,
    name: str | None = None,
    totp_key: str | None = None,
    password: str | None = None,
) -> StaffAccess:
    """Create a staff account, or renew one: a new random password and a new authenticator.

    The account's login is its email address. Renewing invalidates the former password and
    authenticator devices at once (a lost phone, a forgotten password). Rights are only
    ever added here: `superuser` and `groups` (short names from `staff_groups()`) never
    remove what the account already has. With `organisation` and `role`: a staff profile,
    confirmed at once (the server's command line needs nobody's confirmation), recorded as
    an `AccessChange`; its organisation never changes (refused), its role may.
    """
    username = _staff_username(email)
    declared = staff_groups()
    unknown = sorted(set(groups) - set(declared))
    if unknown:
        raise StaffError(
            f"Unknown group {', '.join(unknown)}; known groups: {', '.join(sorted(declared))}."
        )
    names = tuple(declared[short] for short in groups)
    if (organisation is None) != (role is None):
        raise StaffError("Give both --organisation and --role, or neither.")
    if role is not None and role not in Role.values:
        raise StaffError(f"Unknown role {role!r}; known roles: {', '.join(Role.values)}.")
    with transaction.atomic():
        org = None
        if organisation is not None:
            org = Organisation.objects.filter(code=organisation).first()
            if org is None:
                known = ", ".join(Organisation.objects.values_list("code", flat=True)) or "none"
                raise StaffError(f"Unknown organisation {organisation!r}; known: {known}.")
        found = {group.name: group for group in Group.objects.filter(name__in=names)}
        missing = [name for name in names if name not in found]
        if missing:
            raise StaffError(
                f"The group {', '.join(missing)} does not exist in the database: "
                "run `appui migrate` first."
            )
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": username}
        )
        password = password or secrets.token_urlsafe(PASSWORD_BYTES)
        user.set_password(password)
        user.email = username
        # The administration (/admin/) is for the federation's editors and superusers; an
        # association's professional works in the case files only.
        user.is_staff = user.is_staff or superuser or bool(names) or org is None
        user.is_active = True
        user.is_superuser = user.is_superuser or superuser
        user.save()
        user.groups.add(*found.values())
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user,
            name=STAFF_DEVICE_NAME,
            confirmed=True,
            **({"key": totp_key} if totp_key else {}),
        )
        codes: tuple[str, ...] = ()
        if org is not None:
            _server_account(user, org, role, name or username.split("@")[0], named=bool(name))
            codes = _replace_recovery_codes(user)
    return StaffAccess(
        username=username,
        password=password,
        otpauth_uri=device.config_url,
        key=b32encode(device.bin_key).decode(),
        created=created,
        groups=tuple(sorted(group.name for group in user.groups.all())),
        superuser=user.is_superuser,
        recovery_codes=codes,
        organisation=org.code if org else "",
        role=role or "",
    )


RECOVERY_CODES = 10
RECOVERY_DEVICE_NAME = "recovery codes"


def _replace_recovery_codes(user) -> tuple[str, ...]:
    """Ten new single-use codes for a lost phone; the former ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = tuple(
        f"{secrets.randbelow(10**5):05d}-{secrets.randbelow(10**5):05d}"
        for _ in range(RECOVERY_CODES)
    )
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code.replace("-", "")) for code in codes
    )
    return codes


def new_recovery_codes(user, *, actor) -> tuple[str, ...]:
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        audit.record(actor, AuditAction.UPDATE, AuditTarget.ACCOUNT, user.pk)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- the network (organisations, places, staff profiles) -------------------------------


def admin_actor(request) -> Actor:
    """Who acts in an administration page, for the audit log (no role's permissions there).
    Every app's admin writes through its services with this actor."""
    return _admin_actor(request.user, request.META.get("REMOTE_ADDR"))


def _admin_actor(user, ip) -> Actor | SystemActor:
    """The audit's actor for someone working in the administration, with no role's
    permissions there; `user` None: a command on the server."""
    if user is None:
        return SystemActor(SystemKind.COMMAND)
    profile = getattr(user, "staff_profile", None)
    return Actor(
        user_id=user.pk,
        organisation_id=profile.organisation_id if profile else None,
        organisation_kind=profile.organisation.kind if profile else "",
        role=NO_ROLE,
        name=profile.display_name if profile else user.get_username(),
        ip=ip,
    )


def save_network_record(obj, *, user, ip: str | None = None):
    """Save an organisation, a place or a staff profile from the administration, audited.

    A staff profile goes through `open_account` or `change_account`: its organisation never
    changes, nobody changes their own, and what gives access to files waits for a
    confirmation. An organisation's kind never changes either.
    """
    if isinstance(obj, StaffProfile):
        if obj.pk is None:
            return open_account(
                user=obj.user,
                organisation=obj.organisation,
                role=obj.role,
                display_name=obj.display_name,
                by=user,
                ip=ip,
            )[0]
        change_account(obj, by=user, ip=ip)
        return obj
    with transaction.atomic():
        created = obj.pk is None
        if isinstance(obj, Organisation) and not created:
            stored = Organisation.objects.select_for_update().get(pk=obj.pk)
            if stored.kind != obj.kind:
                raise AccountChangeRefused(
                    _("An organisation's kind never changes: make a new organisation.")
                )
        obj.save()
        organisation_id = obj.pk if isinstance(obj, Organisation) else obj.organisation_id
        target = AuditTarget.ORGANISATION if isinstance(obj, Organisation) else AuditTarget.ACCOUNT
        audit.record(
            _admin_actor(user, ip),
            AuditAction.CREATE if created else AuditAction.UPDATE,
            target,
            obj.pk,
            organisation_id=organisation_id,
        )
    return obj


def delete_network_record(obj, *, user, ip: str | None = None) -> None:
    if isinstance(obj, StaffProfile | Organisation):
        # An account is made inactive, never deleted (its history names it); an
        # organisation owns files and statistics.
        raise AccountChangeRefused(_("Staff accounts and organisations are never deleted."))
    with transaction.atomic():
        pk = obj.pk
        organisation_id = getattr(obj, "organisation_id", None)
        obj.delete()
        audit.record(
            _admin_actor(user, ip),
            AuditAction.DELETE,
            AuditTarget.ACCOUNT,
            pk,
            organisation_id=organisation_id,
        )


# --- separation of duties on staff accounts ----------------------------------------------
#
# 1. Nobody opens or changes their own account.
# 2. An account's organisation is set at its creation and never changes.
# 3. A role that opens files (it holds a permission its app registered as opening files:
#    reading files, breaking the glass) is in force only once confirmed: for an
#    association, by a confirmed direction of that association; for the association's first
#    direction, and for the federation's own accounts, by a confirmed federation
#    administrator. Never by the person who asked, nor by the account itself. Until then
#    the former role (or, for a new account, none) stays.
# 4. What takes access away (making an account inactive, a role that opens no file) is in
#    force at once.
# 5. Every request, confirmation, refusal and immediate change is an `AccessChange` (who,
#    when, old and new values) and a line of the audit log naming it.

DIRECTION = "direction"  # who confirms a change: the association's direction …
FEDERATION = "federation"  # … or a federation administrator


class AccountChangeRefused(ValueError):
    """A change of a staff account that the rules above forbid; the message says why."""


def role_fits(organisation: Organisation, role: str) -> bool:
    """An association's professionals in associations, the federation's roles in it, unit
    agents in police and gendarmerie units."""
    return role in _roles_of(organisation)


def needs_confirmation(role: str) -> bool:
    """Whether holding `role` waits for a confirmation: it opens files."""
    return access.opens_files(role)


def confirmed_directions(organisation_id: int):
    return StaffProfile.objects.filter(
        organisation_id=organisation_id,
        organisation__kind=OrganisationKind.ASSOCIATION,
        role=Role.DIRECTION,
        active=True,
        user__is_active=True,
    )


def confirmed_federation_admins():
    return StaffProfile.objects.filter(
        organisation__kind=OrganisationKind.FEDERATION,
        role=Role.FEDERATION_ADMIN,
        active=True,
        user__is_active=True,
    )


def confirmer_of(change: AccessChange) -> str:
    """Who confirms `change`: DIRECTION (the association's) or FEDERATION."""
    if change.organisation.kind != OrganisationKind.ASSOCIATION:
        return FEDERATION  # the federation's own staff, and the units, which have no direction
    if change.new_role == Role.DIRECTION and not (
        confirmed_directions(change.organisation_id).exclude(user_id=change.account_id).exists()
    ):
        return FEDERATION  # the association's first direction
    return DIRECTION


def _profile_of(user) -> StaffProfile | None:
    return getattr(user, "staff_profile", None) if user is not None else None


def may_decide(user, change: AccessChange) -> bool:
    """Whether `user` may confirm or refuse `change`."""
    if change.status != AccessChangeStatus.PENDING or user is None or not user.is_active:
        return False
    if user.pk in (change.account_id, change.asked_by_id):
        return False
    profile = _profile_of(user)
    if profile is None or not profile.active:
        return False
    if confirmer_of(change) == FEDERATION:
        return (
            profile.role == Role.FEDERATION_ADMIN
            and profile.organisation.kind == OrganisationKind.FEDERATION
        )
    return (
        profile.role == Role.DIRECTION
        and profile.organisation_id == change.organisation_id
        and profile.organisation.kind == OrganisationKind.ASSOCIATION
    )


def is_confirmed_direction(user) -> bool:
    profile = _profile_of(user)
    return bool(
        profile is not None
        and user.is_active
        and profile.active
        and profile.role == Role.DIRECTION
        and profile.organisation.kind == OrganisationKind.ASSOCIATION
    )


def is_confirmed_federation_admin(user) -> bool:
    profile = _profile_of(user)
    return bool(
        profile is not None
        and user.is_active
        and profile.active
        and profile.role == Role.FEDERATION_ADMIN
        and profile.organisation.kind == OrganisationKind.FEDERATION
    )


def _with_names(changes):
    return changes.select_related(
        "organisation",
        "account__staff_profile",
        "asked_by__staff_profile",
        "decided_by__staff_profile",
    )


def changes_to_decide(user) -> list[AccessChange]:
    """The pending changes `user` may confirm or refuse, oldest first."""
    profile = _profile_of(user)
    if profile is None or not profile.active:
        return []
    pending = AccessChange.objects.filter(status=AccessChangeStatus.PENDING)
    if is_confirmed_direction(user):
        pending = pending.filter(organisation_id=profile.organisation_id)
    elif not is_confirmed_federation_admin(user):
        return []
    return [c for c in _with_names(pending).order_by("asked_at", "id") if may_decide(user, c)]


def pending_change(user_id: int) -> AccessChange | None:
    """The account's change waiting for a confirmation, if any."""
    return _with_names(AccessChange.objects.filter(account_id=user_id, status="pending")).first()


def access_changes(organisation_id: int, since=None, *, limit: int | None = 200):
    """The changes of access of an organisation's accounts, newest first: every request,
    confirmation, refusal and immediate change since `since` (a datetime), with who asked,
    who decided, when, and the old and new values. For `core/_access_changes.html`."""
    changes = _with_names(AccessChange.objects.filter(organisation_id=organisation_id))
    if since is not None:
        changes = changes.filter(Q(asked_at__gte=since) | Q(decided_at__gte=since))
    changes = changes.order_by("-asked_at", "-id")
    return list(changes[:limit] if limit else changes)


def _record(actor, action: AuditAction, change: AccessChange) -> None:
    audit.record(
        actor,
        action,
        AuditTarget.ACCESS_CHANGE,
        change.pk,
        organisation_id=change.organisation_id,
    )


def _ask(
    profile: StaffProfile,
    *,
    kind: AccessChangeKind,
    old_role: str,
    old_active: bool | None,
    new_role: str,
    new_active: bool,
    by,
    ip: str | None,
    confirmed: bool = False,
) -> AccessChange:
    """Record a change of `profile` (saved, locked), and put it in force unless it waits
    for a confirmation. A pending request of the same account is replaced. `confirmed`:
    asked on the server's command line, which needs nobody's confirmation."""
    now = timezone.now()
    actor = _admin_actor(by, ip)
    previous = (
        AccessChange.objects.select_for_update()
        .filter(account_id=profile.user_id, status=AccessChangeStatus.PENDING)
        .first()
    )
    if previous is not None:
        previous.status = AccessChangeStatus.REPLACED
        previous.decided_by, previous.decided_at = by, now
        previous.save(update_fields=["status", "decided_by", "decided_at"])
        _record(actor, AuditAction.ACCESS_REPLACED, previous)
    waits = new_active and needs_confirmation(new_role) and not confirmed
    change = AccessChange.objects.create(
        account_id=profile.user_id,
        organisation_id=profile.organisation_id,
        kind=kind,
        old_role=old_role,
        new_role=new_role,
        old_active=old_active,
        new_active=new_active,
        asked_by=by,
        asked_at=now,
        status=AccessChangeStatus.PENDING if waits else AccessChangeStatus.APPLIED,
        decided_by=None if waits else by,
        decided_at=None if waits else now,
    )
    if waits:
        _record(actor, AuditAction.ACCESS_REQUESTED, change)
    else:
        profile.role, profile.active = new_role, new_active
        profile.save(update_fields=["role", "active"])
        _record(actor, AuditAction.ACCESS_APPLIED, change)
    return change


def _refuse_own(by, user_id: int) -> None:
    if by is not None and by.pk == user_id:
        raise AccountChangeRefused(
            _(
                "Nobody opens or changes their own account: another administrator does it "
                "(your password: “Change password”)."
            )
        )


def _refuse_misfit(organisation: Organisation, role: str) -> None:
    if not role_fits(organisation, role):
        raise AccountChangeRefused(
            _("The role “%(role)s” does not exist in %(organisation)s.")
            % {
                "role": Role(role).label if role in Role.values else role,
                "organisation": organisation,
            }
        )


def check_new_account(*, user, organisation: Organisation, role: str, by) -> None:
    """Raise `AccountChangeRefused` if `user` may not get an account of `organisation`."""
    _refuse_own(by, user.pk)
    if StaffProfile.objects.filter(user_id=user.pk).exists():
        raise AccountChangeRefused(_("This login already has a staff profile."))
    if AccessChange.objects.filter(account_id=user.pk).exclude(organisation=organisation).exists():
        raise AccountChangeRefused(
            _(
                "This login was an account of another organisation, and an account never "
                "changes organisation: make a new account with another login."
            )
        )
    _refuse_misfit(organisation, role)


def open_account(*, user, organisation, role, display_name, by, ip=None):
    """A new staff profile made in the administration: (profile, change). Inactive until
    confirmed when its role opens files."""
    with transaction.atomic():
        check_new_account(user=user, organisation=organisation, role=role, by=by)
        profile = StaffProfile.objects.create(
            user=user,
            organisation=organisation,
            role=role,
            display_name=display_name,
            active=not needs_confirmation(role),
        )
        audit.record(
            _admin_actor(by, ip),
            AuditAction.CREATE,
            AuditTarget.ACCOUNT,
            profile.pk,
            organisation_id=organisation.pk,
        )
        change = _ask(
            profile,
            kind=AccessChangeKind.CREATE,
            old_role="",
            old_active=None,
            new_role=role,
            new_active=True,
            by=by,
            ip=ip,
        )
    return profile, change


def change_account(profile: StaffProfile, *, by, ip=None) -> AccessChange | None:
    """Save the administration's edit of `profile` (an instance holding the new values):
    the name at once; a change of role or of the active flag as the rules say (the change
    recorded, or None when neither changed). The instance ends with what is in force."""
    with transaction.atomic():
        stored = (
            StaffProfile.objects.select_for_update()
            .select_related("organisation")
            .get(pk=profile.pk)
        )
        _refuse_own(by, stored.user_id)
        if profile.organisation_id != stored.organisation_id:
            raise AccountChangeRefused(
                _(
                    "An account's organisation never changes: make a new account in the "
                    "other organisation."
                )
            )
        if profile.user_id != stored.user_id:
            raise AccountChangeRefused(_("A staff profile stays with its login."))
        _refuse_misfit(stored.organisation, profile.role)
        if profile.display_name != stored.display_name:
            stored.display_name = profile.display_name
            stored.save(update_fields=["display_name"])
        audit.record(
            _admin_actor(by, ip),
            AuditAction.UPDATE,
            AuditTarget.ACCOUNT,
            stored.pk,
            organisation_id=stored.organisation_id,
        )
        change = None
        if (profile.role, profile.active) != (stored.role, stored.active):
            pending = pending_change(stored.user_id)
            if not profile.active:
                kind = AccessChangeKind.DEACTIVATE
            elif pending is not None and pending.kind == AccessChangeKind.CREATE:
                kind = AccessChangeKind.CREATE
            elif profile.role != stored.role:
                kind = AccessChangeKind.ROLE
            else:
                kind = AccessChangeKind.ACTIVATE
            change = _ask(
                stored,
                kind=kind,
                old_role=stored.role,
                old_active=stored.active,
                new_role=profile.role,
                new_active=profile.active,
                by=by,
                ip=ip,
            )
        profile.role, profile.active = stored.role, stored.active
    return change


def decide_access_change(change_id: int, *, by, confirm: bool, ip=None) -> AccessChange:
    """Confirm (and put in force) or refuse a pending change. PermissionDenied unless
    `by` may decide it (`may_decide`)."""
    with transaction.atomic():
        change = (
            AccessChange.objects.select_for_update()
            .select_related("organisation")
            .filter(pk=change_id)
            .first()
        )
        if change is None or not may_decide(by, change):
            raise PermissionDenied
        now = timezone.now()
        if confirm:
            profile = StaffProfile.objects.select_for_update().get(user_id=change.account_id)
            if profile.organisation_id != change.organisation_id:
                raise PermissionDenied
            _refuse_misfit(change.organisation, change.new_role)
            profile.role, profile.active = change.new_role, change.new_active
            profile.save(update_fields=["role", "active"])
        change.status = AccessChangeStatus.CONFIRMED if confirm else AccessChangeStatus.REFUSED
        change.decided_by, change.decided_at = by, now
        change.save(update_fields=["status", "decided_by", "decided_at"])
        _record(
            _admin_actor(by, ip),
            AuditAction.ACCESS_CONFIRMED if confirm else AuditAction.ACCESS_REFUSED,
            change,
        )
    return change


def _server_account(user, organisation: Organisation, role: str, name: str, *, named: bool):
    """`create_staff` with an organisation: a confirmed account (the server's command line
    is where the network's first accounts come from). Its organisation never changes."""
    if not role_fits(organisation, role):
        raise StaffError(
            f"The role {role!r} does not exist in {organisation.code!r} ({organisation.kind}): "
            f"roles there: {', '.join(sorted(r.value for r in _roles_of(organisation)))}."
        )
    profile = StaffProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        if AccessChange.objects.filter(account=user).exclude(organisation=organisation).exists():
            raise StaffError(
                f"{user.username} was an account of another organisation, and an account "
                "never changes organisation: use another email address."
            )
        profile = StaffProfile.objects.create(
            user=user, organisation=organisation, role=role, display_name=name, active=True
        )
        _ask(
            profile,
            kind=AccessChangeKind.CREATE,
            old_role="",
            old_active=None,
            new_role=role,
            new_active=True,
            by=None,
            ip=None,
            confirmed=True,
        )
        return profile
    if profile.organisation_id != organisation.pk:
        raise StaffError(
            f"{user.username} is an account of {profile.organisation.code!r}, and an account "
            "never changes organisation: use another email address for the new one."
        )
    if named and profile.display_name != name:
        profile.display_name = name
        profile.save(update_fields=["display_name"])
    if (profile.role, profile.active) != (role, True) or pending_change(user.pk) is not None:
        _ask(
            profile,
            kind=AccessChangeKind.ROLE if profile.role != role else AccessChangeKind.ACTIVATE,
            old_role=profile.role,
            old_active=profile.active,
            new_role=role,
            new_active=True,
            by=None,
            ip=None,
            confirmed=True,
        )
    return profile


def _roles_of(organisation: Organisation):
    return ROLES_BY_KIND.get(organisation.kind, frozenset())
