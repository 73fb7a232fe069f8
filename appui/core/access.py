"""Who may do what: roles, their permissions, and the one decorator every staff page wears.

Object scope (which association's files) is `appui.cases.policies`; this module says which
actions a role may take at all. A staff view declares its permission with `staff_view`;
the permission matrix test reads those declarations, so a view without one fails it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from .models import ExceptionalAccess, OrganisationKind, Role


class Permission(StrEnum):
    INTAKE_QUEUE = "intake_queue"  # see and take the association's intake queue
    INTAKE_TRANSFER = "intake_transfer"  # send an intake to any association (116 006)
    PERSON_SEARCH = "person_search"
    FILE_CREATE = "file_create"
    FILE_VIEW = "file_view"
    FILE_EDIT = "file_edit"
    INTERVIEW_ADD = "interview_add"
    PSYCHOLOGICAL_NOTES = "psychological_notes"  # read and write psychological notes
    REFERRAL_EDIT = "referral_edit"
    ASSESSMENT_EDIT = "assessment_edit"  # EVVI
    PROTECTION_EDIT = "protection_edit"
    DOCUMENT_ADD = "document_add"
    TASKS = "tasks"
    PERSON_EXPORT = "person_export"
    PERSON_ERASE = "person_erase"
    ACCESS_LOG = "access_log"  # who accessed a file; exceptional accesses of the association
    EXCEPTIONAL_ACCESS = "exceptional_access"  # break the glass
    STATS_ASSOCIATION = "stats_association"
    STATS_NATIONAL = "stats_national"


P = Permission
_CASEWORK = {
    P.INTAKE_QUEUE,
    P.PERSON_SEARCH,
    P.FILE_CREATE,
    P.FILE_VIEW,
    P.FILE_EDIT,
    P.INTERVIEW_ADD,
    P.REFERRAL_EDIT,
    P.PROTECTION_EDIT,
    P.DOCUMENT_ADD,
    P.TASKS,
    P.PERSON_EXPORT,
}
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.RECEPTIONIST: frozenset(_CASEWORK - {P.PERSON_EXPORT}),
    Role.LEGAL_ADVISER: frozenset(_CASEWORK | {P.ASSESSMENT_EDIT}),
    Role.PSYCHOLOGIST: frozenset(_CASEWORK | {P.ASSESSMENT_EDIT, P.PSYCHOLOGICAL_NOTES}),
    Role.SOCIAL_WORKER: frozenset(_CASEWORK | {P.ASSESSMENT_EDIT}),
    Role.TERRORISM_REFERENT: frozenset(_CASEWORK | {P.ASSESSMENT_EDIT}),
    Role.DIRECTION: frozenset(
        _CASEWORK
        | {
            P.ASSESSMENT_EDIT,
            P.PERSON_ERASE,
            P.ACCESS_LOG,
            P.EXCEPTIONAL_ACCESS,
            P.STATS_ASSOCIATION,
        }
    ),
    # The federation sees no file by default: it keeps the network and its statistics.
    Role.FEDERATION_ADMIN: frozenset({P.STATS_NATIONAL, P.STATS_ASSOCIATION, P.EXCEPTIONAL_ACCESS}),
    Role.HELPLINE_LISTENER: frozenset({P.INTAKE_TRANSFER, P.INTAKE_QUEUE}),
}

# What an exceptional access opens, to a role that lacks it (a federation administrator):
# reading and finding, never writing.
EXCEPTIONAL_READS = frozenset({P.FILE_VIEW, P.PERSON_SEARCH})

# Which interview disciplines each role records (psychological support: psychologists only).
ROLE_DISCIPLINES: dict[str, frozenset[str]] = {
    Role.RECEPTIONIST: frozenset({"reception", "referral"}),
    Role.LEGAL_ADVISER: frozenset({"reception", "legal", "referral"}),
    Role.PSYCHOLOGIST: frozenset({"reception", "psychological", "referral"}),
    Role.SOCIAL_WORKER: frozenset({"reception", "social", "referral"}),
    Role.TERRORISM_REFERENT: frozenset({"reception", "legal", "social", "referral"}),
    Role.DIRECTION: frozenset({"reception", "legal", "social", "referral"}),
    Role.FEDERATION_ADMIN: frozenset(),
    Role.HELPLINE_LISTENER: frozenset(),
}


@dataclass(frozen=True)
class Actor:
    """The person acting, as services need to know them: ids, role and where from."""

    user_id: int
    organisation_id: int
    organisation_kind: str
    role: str
    name: str
    ip: str | None = None
    exceptional: bool = False  # reading through an exceptional access

    def can(self, permission: Permission) -> bool:
        if permission in ROLE_PERMISSIONS.get(self.role, frozenset()):
            return True
        return self.exceptional and permission in EXCEPTIONAL_READS

    @property
    def is_federation(self) -> bool:
        return self.organisation_kind == OrganisationKind.FEDERATION

    def disciplines(self) -> frozenset[str]:
        return ROLE_DISCIPLINES.get(self.role, frozenset())


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
                if permission in EXCEPTIONAL_READS and _has_exceptional_access(actor):
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
