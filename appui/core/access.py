"""Who may do what: the registry of permissions, the actors, and the one decorator every
staff page wears.

Core names no app's permission. Each app subclasses `Permission` with its own, registers
them (`register`: which an exceptional access opens for reading, which open files and so
need a confirmation before a role holding them is in force) and grants them to the
network's roles (`grant`), when its permissions module is imported (its AppConfig.ready
imports it). Object scope (which association's files) is `appui.cases.policies`; this module
says which actions a role may take at all. A staff view declares its permission with
`staff_view`; the permission matrix test reads those declarations, so a view without one
fails it.

Audit lines are written by an `Actor` (a person with a role) or a `SystemActor` (the
public guide, a telephony webhook, the worker, a command on the server): never by nobody.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from .models import ExceptionalAccess, OrganisationKind, Role, SystemKind


class Permission(StrEnum):
    """The base of every app's permissions: an app subclasses it with its own members and
    registers them. Values are unique across apps."""


class CorePermission(Permission):
    """Core's own: the association's access records (the audit log's reads of its files,
    its exceptional accesses, its changes of access)."""

    ACCESS_LOG = "access_log"


class UnknownPermission(LookupError):
    """A permission no app registered: a programming error, never a silent refusal."""


_registered: dict[str, Permission] = {}
_granted: dict[str, set[Permission]] = {}
_exceptional_reads: set[Permission] = set()
_opens_files: set[Permission] = set()


def _known(permission) -> Permission:
    if (
        not isinstance(permission, Permission)
        or _registered.get(permission.value) is not permission
    ):
        raise UnknownPermission(
            f"{permission!r} is not a registered permission: its app registers it with "
            "appui.core.access.register."
        )
    return permission


def register(
    permissions: type[Permission],
    *,
    exceptional_reads: Iterable[Permission] = (),
    opens_files: Iterable[Permission] = (),
) -> None:
    """Make an app's permissions known. `exceptional_reads`: what an exceptional access opens
    to a role that lacks it (reading and finding, never writing). `opens_files`: a role
    holding one of them reads personal data, so it is in force only once confirmed
    (`core.services`: separation of duties). Registering the same enum again changes
    nothing; another enum with a value already taken is refused."""
    for member in permissions:
        known = _registered.get(member.value)
        if known is not None and known is not member:
            raise ImproperlyConfigured(
                f"The permission {member.value!r} of {permissions.__qualname__} is already "
                f"registered by {type(known).__qualname__}."
            )
    for member in (*exceptional_reads, *opens_files):
        if not isinstance(member, permissions):
            raise ImproperlyConfigured(f"{member!r} is not one of {permissions.__qualname__}.")
    for member in permissions:
        _registered[member.value] = member
    _exceptional_reads.update(exceptional_reads)
    _opens_files.update(opens_files)


def grant(role: str, permissions: Iterable[Permission]) -> None:
    """Give the network's `role` registered `permissions` (added to what it holds)."""
    if role not in Role.values:
        raise ImproperlyConfigured(f"Unknown role {role!r}.")
    _granted.setdefault(role, set()).update(_known(p) for p in permissions)


def permissions_of(role: str) -> frozenset[Permission]:
    return frozenset(_granted.get(role, ()))


def role_permissions() -> dict[str, frozenset[Permission]]:
    """The whole table, role → permissions, as the apps registered it."""
    return {role: permissions_of(role) for role in Role.values}


def roles_holding(permission: Permission) -> frozenset[str]:
    _known(permission)
    return frozenset(role for role, held in _granted.items() if permission in held)


def is_exceptional_read(permission: Permission) -> bool:
    return _known(permission) in _exceptional_reads


def opens_files(role: str) -> bool:
    """Whether `role` reads personal data (holds a permission registered as opening files)."""
    return bool(_granted.get(role, set()) & _opens_files)


register(CorePermission)
grant(Role.DIRECTION, {CorePermission.ACCESS_LOG})


@dataclass(frozen=True)
class Actor:
    """The person acting, as services need to know them: ids, role and where from."""

    user_id: int
    organisation_id: int | None  # None: an administrator with no staff profile
    organisation_kind: str
    role: str
    name: str
    ip: str | None = None
    exceptional: bool = False  # reading through an exceptional access

    def can(self, permission: Permission) -> bool:
        """Whether the role holds `permission`, or it is a read an exceptional access opens.
        An unregistered permission raises `UnknownPermission`."""
        _known(permission)
        if permission in _granted.get(self.role, ()):
            return True
        return self.exceptional and permission in _exceptional_reads

    @property
    def is_federation(self) -> bool:
        return self.organisation_kind == OrganisationKind.FEDERATION


@dataclass(frozen=True)
class SystemActor:
    """Who writes when no staff member does: the public guide (a callback request), a
    telephony webhook, the worker (retention, purges), a command run on the server. The
    audit line records its kind; it has no account, no organisation and no address."""

    kind: SystemKind

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", SystemKind(self.kind))  # refuses an unknown kind


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, which the reverse proxy in front sets."""
    return request.META.get("REMOTE_ADDR") or None


# The role of an account whose role is not in force (a new account waiting for its
# confirmation, an inactive one): no permission at all.
NO_ROLE = ""


def actor_of(request: HttpRequest) -> Actor | None:
    """The staff member acting, with the role in force: none (`NO_ROLE`) until the account
    was confirmed, or when it is inactive (`core.services`: separation of duties)."""
    user = request.user
    if not user.is_authenticated:
        return None
    profile = getattr(user, "staff_profile", None)
    if profile is None:
        return None
    return Actor(
        user_id=user.pk,
        organisation_id=profile.organisation_id,
        organisation_kind=profile.organisation.kind,
        role=profile.role if profile.active and user.is_active else NO_ROLE,
        name=profile.display_name,
        ip=client_ip(request),
    )


REAUTH_SESSION_KEY = "appui_reauthenticated_at"


def recently_reauthenticated(request: HttpRequest) -> bool:
    stamp = request.session.get(REAUTH_SESSION_KEY)
    if stamp is None:
        return False
    return timezone.now().timestamp() - stamp <= settings.APPUI_REAUTH_SECONDS


def _has_exceptional_access(actor: Actor) -> bool:
    return ExceptionalAccess.objects.filter(
        user_id=actor.user_id, expires_at__gt=timezone.now()
    ).exists()


def staff_view(
    permission: Permission | None, *, reauthenticate: bool = False, without_role: bool = False
):
    """Staff only: logged in with password and authenticator, a profile, and `permission`.

    `permission=None` means any staff member (their own pages). `reauthenticate` asks for
    the password again when it was not confirmed in the last few minutes (exports, erasure).
    An account whose role is not in force (waiting for its confirmation, or inactive) gets
    the page that says so, with status 403, on every staff page but those marked
    `without_role` (that page itself). The view receives `request.actor`.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            user = request.user
            if not user.is_authenticated or not user.is_verified():
                return redirect_to_login(request.get_full_path(), "staff:login")
            actor = actor_of(request)
            if actor is None:
                raise PermissionDenied
            if actor.role == NO_ROLE and not without_role:
                from .staff_views import waiting_page

                request.actor = actor
                return waiting_page(request, status=403)
            if permission is not None and not actor.can(permission):
                if is_exceptional_read(permission) and _has_exceptional_access(actor):
                    actor = replace(actor, exceptional=True)
                else:
                    raise PermissionDenied
            if reauthenticate and not recently_reauthenticated(request):
                return redirect_to_login(request.get_full_path(), "staff:reauthenticate")
            request.actor = actor
            return view(request, *args, **kwargs)

        wrapper.staff_permission = permission
        wrapper.staff_reauthenticate = reauthenticate
        wrapper.staff_without_role = without_role
        return wrapper

    return decorate
