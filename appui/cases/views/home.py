"""The day's page: tasks due, the caseload."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from appui.core.access import Permission as P
from appui.core.access import staff_view

from .. import services


@never_cache
@staff_view(P.TASKS)
def home(request: HttpRequest) -> HttpResponse:
    team = request.GET.get("team") == "1"
    lists = services.task_lists(request.actor, team=team)
    return render(request, "cases/home.html", {"lists": lists, "team": team})


@require_POST
@staff_view(P.TASKS)
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        task = services.complete_task(request.actor, pk)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Task marked as done."))
    target = request.POST.get("back")
    if target == "file":
        return redirect("cases:file", task.case_file_id)
    return redirect("cases:home")
