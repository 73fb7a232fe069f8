"""Writes and health probes of the core app, and the staff accounts of the administration."""

import os
import secrets
import socket
from base64 import b32encode
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from appui.core import audit
from appui.core.models import (
    AuditAction,
    AuditTarget,
    Organisation,
    Role,
    StaffProfile,
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
    remove what the account already has.
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
            StaffProfile.objects.update_or_create(
                user=user,
                defaults={
                    "organisation": org,
                    "role": role,
                    "display_name": name or username.split("@")[0],
                },
            )
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


def _admin_actor(user, ip):
    profile = getattr(user, "staff_profile", None)
    return SimpleNamespace(
        user_id=user.pk, organisation_id=profile.organisation_id if profile else None, ip=ip
    )


def save_network_record(obj, *, user, ip: str | None = None):
    """Save an organisation, a place or a staff profile from the administration, audited."""
    with transaction.atomic():
        created = obj.pk is None
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
