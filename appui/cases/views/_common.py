"""What the staff pages share: one-time form tokens, the status of a page with errors."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import policies
from ..models import Intake, IntakeStatus

ONCE_KEY = "appui_form_tokens"


def _token(request: HttpRequest) -> str:
    """A one-time token for a creating form: a second submit is recognised, not repeated."""
    token = secrets.token_urlsafe(16)
    tokens = request.session.get(ONCE_KEY, [])[-30:]
    request.session[ONCE_KEY] = [*tokens, token]
    return token


def _spend(request: HttpRequest) -> bool:
    token = request.POST.get("once", "")
    tokens = request.session.get(ONCE_KEY, [])
    if token not in tokens:
        return False
    tokens.remove(token)
    request.session[ONCE_KEY] = tokens
    return True


def _already_sent(request: HttpRequest, to: str, *args):
    messages.info(request, _("This form was already sent: nothing was saved twice."))
    return redirect(to, *args)


def _page(request, template, context, form=None):
    status = 422 if form is not None and form.is_bound and form.errors else 200
    return render(request, template, context, status=status)


def _commune_label(code: str) -> str:
    """A town's name and postcode rather than its INSEE code (the code if unknown)."""
    from appui.territory.services import get_commune

    hit = get_commune(code) if code else None
    return hit.label if hit else code


def _language_name(code: str) -> str:
    """The language she used, in the reader's language ("Spanish", "espagnol")."""
    from django.utils.translation import get_language_info

    try:
        return get_language_info(code)["name_translated"] if code else ""
    except KeyError:
        return code


def _affair_param(request: HttpRequest):
    """An affair of one's own association, named in the query (`?affair=`), or None."""
    raw = request.GET.get("affair") or request.POST.get("affair")
    if not raw:
        return None
    if not str(raw).isdigit():
        raise Http404
    from ..models import Affair

    affair = Affair.objects.filter(
        pk=int(raw), organisation_id=request.actor.organisation_id
    ).first()
    if affair is None:
        raise Http404
    return affair


def _intake_param(request: HttpRequest) -> Intake | None:
    raw = request.GET.get("intake") or request.POST.get("intake")
    if not raw:
        return None
    if not str(raw).isdigit():
        raise Http404
    intake = policies.get_intake(request.actor, int(raw))
    return intake if intake.status == IntakeStatus.NEW else None
