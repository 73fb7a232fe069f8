"""The caseload ("my files", "my team's files") and handing a file to a colleague."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from appui.core.access import staff_view

from .. import policies, services
from ..forms import CaseloadForm, HandOffForm
from ..permissions import CasePermission as P
from ._common import _page


@never_cache
@staff_view(P.FILE_VIEW)
def caseload(request: HttpRequest) -> HttpResponse:
    """A GET form of filters and one page of files; works without JavaScript."""
    actor = request.actor
    team = request.GET.get("team") == "1"
    form = CaseloadForm(request.GET, team=team, staff=services.staff_of(actor) if team else ())
    page = None
    if form.is_valid():
        data = form.cleaned_data
        filters = services.CaseloadFilters(
            team=team,
            status=data["status"],
            discipline=data["discipline"],
            referent=data.get("referent"),
            overdue=data["overdue"],
        )
        page = services.caseload_page(actor, filters, request.GET.get("page"))
    return _page(
        request,
        "cases/caseload.html",
        {
            "form": form,
            "team": team,
            "page": page,
            "can_open": policies.allows(actor, P.FILE_VIEW),
        },
        form,
    )


@never_cache
@staff_view(P.FILE_EDIT)
def handoff(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a file's referent (POST); the page names the file by its number only."""
    actor = request.actor
    file = policies.get_file(actor, pk)
    policies.require(actor, P.FILE_EDIT, file)
    form = HandOffForm(
        request.POST if request.method == "POST" else None,
        colleagues=services.colleagues(actor),
        current_id=file.referent_id,
    )
    if request.method == "POST" and form.is_valid():
        new_referent = form.cleaned_data["referent"]
        try:
            services.hand_off(actor, file, new_referent)
        except PermissionDenied:
            form.add_error("referent", _("Choose a colleague of your association."))
        else:
            messages.success(
                request,
                _("File %(number)s is now followed by %(name)s.")
                % {"number": file.number, "name": new_referent.staff_profile.display_name},
            )
            return redirect("cases:file", file.pk)
    current = getattr(file.referent, "staff_profile", None) if file.referent_id else None
    return _page(
        request,
        "cases/handoff.html",
        {"form": form, "file": file, "current": current},
        form,
    )
