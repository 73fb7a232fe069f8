"""Who saw what: a file's access log, exceptional access, the access review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from appui.core import services as core_services
from appui.core.access import CorePermission, staff_view
from appui.core.models import AuditEvent, ExceptionalAccess

from .. import policies, services
from ..forms import (
    ExceptionalAccessForm,
)
from ..permissions import CasePermission as P
from ._common import (
    _page,
)


@never_cache
@staff_view(P.FILE_VIEW)
def file_access_log(request, pk):
    file = services.read_file(request.actor, pk)
    if not policies.can_read_access_log(request.actor, file):
        raise PermissionDenied
    events = list(AuditEvent.objects.filter(file_id=file.pk).order_by("-at", "-id")[:500])
    from django.contrib.auth import get_user_model

    names = {
        u.pk: (u.staff_profile.display_name if hasattr(u, "staff_profile") else u.get_username())
        for u in get_user_model()
        .objects.filter(pk__in={e.actor_id for e in events})
        .select_related("staff_profile")
    }
    for event in events:
        # A line written by the system names it (the worker, the public guide…).
        event.actor_name = names.get(event.actor_id) or event.get_system_display() or "—"
    return render(request, "cases/access_log.html", {"file": file, "events": events})


@never_cache
@staff_view(P.EXCEPTIONAL_ACCESS, reauthenticate=True)
def exceptional_access(request):
    form = ExceptionalAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.open_exceptional_access(
                request.actor, form.cleaned_data["organisation"], form.cleaned_data["reason"]
            )
        except PermissionDenied:
            form.add_error("organisation", _("Your own association needs no exceptional access."))
        else:
            messages.warning(
                request,
                _(
                    "Exceptional access opened for %(hours)s hours. Every reading is flagged "
                    "and shown to the association's direction."
                )
                % {"hours": services.EXCEPTIONAL_ACCESS_HOURS},
            )
            return redirect("cases:search")
    return _page(request, "cases/exceptional_access.html", {"form": form}, form)


@never_cache
@staff_view(CorePermission.ACCESS_LOG)
def access_review(request):
    """For the direction: exceptional accesses to the association's files, and their reads."""
    grants = list(
        ExceptionalAccess.objects.filter(
            organisation_id=request.actor.organisation_id
        ).select_related("user__staff_profile__organisation")[:200]
    )
    flagged = list(
        AuditEvent.objects.filter(
            organisation_id=request.actor.organisation_id, exceptional=True
        ).order_by("-at")[:200]
    )
    changes = core_services.access_changes(request.actor.organisation_id)
    return render(
        request,
        "cases/access_review.html",
        {"grants": grants, "flagged": flagged, "access_changes": changes},
    )
