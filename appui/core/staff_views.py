"""Staff sign-in, sign-out, password confirmation and recovery codes; the page of an
account waiting for its confirmation, and the direction's "Accounts to confirm"."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from . import audit, services
from .access import NO_ROLE, REAUTH_SESSION_KEY, actor_of, staff_view
from .context_processors import landing_for
from .models import AuditAction, AuditTarget, OrganisationKind
from .staff_forms import AccessDecisionForm, ReauthenticateForm, StaffLoginForm

IDLE_KEY = "appui_last_seen"


def _next(request: HttpRequest, default: str = "") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@sensitive_post_parameters("password", "code")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    form = StaffLoginForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            auth_login(request, form.user)
            otp_login(request, form.device)
            request.session.set_expiry(settings.APPUI_STAFF_IDLE_SECONDS)
            request.session[IDLE_KEY] = timezone.now().timestamp()
            actor = actor_of(request)
            audit.record(actor, AuditAction.LOGIN, AuditTarget.ACCOUNT, actor.user_id)
            if isinstance(form.device, StaticDevice):
                audit.record(
                    actor, AuditAction.RECOVERY_CODE_USED, AuditTarget.ACCOUNT, actor.user_id
                )
        if actor.role == NO_ROLE:
            # Waiting for the direction's confirmation (or inactive): nothing else to see.
            return redirect("staff:waiting")
        # Where the role works first: its first menu page (tasks, the queue, statistics).
        return redirect(_next(request, landing_for(actor)))
    status = 422 if form.is_bound and form.errors else 200
    return render(
        request,
        "core/staff/login.html",
        {"form": form, "next": _next(request, ""), "timed_out": "timeout" in request.GET},
        status=status,
    )


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if actor is not None:
        with transaction.atomic():
            audit.record(actor, AuditAction.LOGOUT, AuditTarget.ACCOUNT, actor.user_id)
    auth_logout(request)
    return redirect("staff:login")


@sensitive_post_parameters("password")
@never_cache
@staff_view(None)
def reauthenticate(request: HttpRequest) -> HttpResponse:
    form = ReauthenticateForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            audit.record(
                request.actor,
                AuditAction.REAUTHENTICATED,
                AuditTarget.ACCOUNT,
                request.actor.user_id,
            )
        request.session[REAUTH_SESSION_KEY] = timezone.now().timestamp()
        return redirect(_next(request, "staff:account"))
    return render(
        request,
        "core/staff/reauthenticate.html",
        {"form": form, "next": _next(request, "")},
        status=422 if form.is_bound and form.errors else 200,
    )


@never_cache
@staff_view(None)
def account(request: HttpRequest) -> HttpResponse:
    remaining = services.recovery_codes_left(request.user)
    return render(
        request,
        "core/staff/account.html",
        {
            "remaining": remaining,
            "confirms_accounts": services.is_confirmed_direction(request.user),
        },
    )


@never_cache
@require_POST
@staff_view(None, reauthenticate=True)
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = services.new_recovery_codes(request.user, actor=request.actor)
    return render(request, "core/staff/recovery_codes.html", {"codes": codes})


def waiting_page(request: HttpRequest, *, status: int = 200) -> HttpResponse:
    """The plain page of an account whose role is not in force: waiting for the
    confirmation of the association's direction (or of a federation administrator), or
    inactive."""
    profile = request.user.staff_profile
    pending = services.pending_change(request.user.pk)
    confirmer = services.confirmer_of(pending) if pending is not None else None
    return render(
        request,
        "core/staff/waiting.html",
        {
            "profile": profile,
            "pending": pending,
            "by_direction": confirmer == services.DIRECTION,
            "federation": profile.organisation.kind == OrganisationKind.FEDERATION,
        },
        status=status,
    )


@never_cache
@staff_view(None, without_role=True)
def waiting(request: HttpRequest) -> HttpResponse:
    if request.actor.role != NO_ROLE:
        return redirect(landing_for(request.actor))
    return waiting_page(request)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(None)
def accounts(request: HttpRequest) -> HttpResponse:
    """ "Accounts to confirm": for a confirmed direction of an association only, the new
    accounts, changes of role and reactivations of its accounts that wait for its
    confirmation, and the association's recent changes of access."""
    if not services.is_confirmed_direction(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = AccessDecisionForm(request.POST)
        if not form.is_valid():
            raise Http404
        change = next(
            (
                c
                for c in services.changes_to_decide(request.user)
                if c.pk == form.cleaned_data["change"]
            ),
            None,
        )
        if change is None:
            raise Http404  # decided already, another association's, or one's own
        confirm = form.cleaned_data["decision"] == AccessDecisionForm.CONFIRM
        services.decide_access_change(
            change.pk, by=request.user, confirm=confirm, ip=request.actor.ip
        )
        name = change.account_name
        messages.success(
            request,
            (
                _("Confirmed: %(name)s, %(state)s.")
                if confirm
                else _("Refused: %(name)s, %(state)s.")
            )
            % {"name": name, "state": change.new_state},
        )
        return redirect("staff:accounts")
    return render(
        request,
        "core/staff/accounts.html",
        {
            "to_decide": services.changes_to_decide(request.user),
            "access_changes": services.access_changes(request.actor.organisation_id, limit=50),
        },
    )


class StaffIdleTimeoutMiddleware:
    """Signed-in sessions end after `APPUI_STAFF_IDLE_SECONDS` without a request.

    The session's own expiry (set at login) ends it on the server; this also logs out
    at once and says why. The timestamp is refreshed at most once a minute to spare writes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now().timestamp()
            last = request.session.get(IDLE_KEY, now)
            if now - last > settings.APPUI_STAFF_IDLE_SECONDS:
                auth_logout(request)
                return redirect(f"{settings.LOGIN_URL}?timeout=1")
            if now - last > 60 or IDLE_KEY not in request.session:
                request.session[IDLE_KEY] = now
                request.session.set_expiry(settings.APPUI_STAFF_IDLE_SECONDS)
        return self.get_response(request)
