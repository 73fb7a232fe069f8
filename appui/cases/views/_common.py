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
    """A town as every case-file page shows it ("Nancy (54)"), never its INSEE code.
    Templates say `{% load territory %}{{ code|commune_label }}`: once no view calls this,
    it can go."""
    from appui.territory.templatetags.territory import commune_label

    return commune_label(code)


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
    """An intake of one's own queue still to handle, carried along in the query (`?intake=`)
    from the intake to the search, the person and the new file; None once handled."""
    raw = request.GET.get("intake") or request.POST.get("intake")
    if not raw:
        return None
    if not str(raw).isdigit():
        raise Http404
    intake = policies.get_intake(request.actor, int(raw))
    return intake if intake.status == IntakeStatus.NEW else None
