"""The day's page: what waits, tasks due; tasks done and written down by hand."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from appui.core.access import staff_view

from .. import policies, services
from ..forms import TaskForm
from ..permissions import CasePermission as P
from ._common import _already_sent, _page, _spend, _token


@never_cache
@staff_view(P.TASKS)
def home(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    team = request.GET.get("team") == "1"
    day = services.day_of(actor, team=team)
    return render(
        request,
        "cases/home.html",
        {
            "day": day,
            "lists": day.tasks,
            "team": team,
            # Links only to the pages the role opens.
            "can_open_files": policies.allows(actor, P.FILE_VIEW),
            "can_see_queue": policies.allows(actor, P.INTAKE_QUEUE),
        },
    )


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
    if target == "team":
        return redirect(reverse("cases:home") + "?team=1")
    return redirect("cases:home")


@never_cache
@staff_view(P.TASKS)
def task_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A task written down by hand on a file, for oneself or a colleague (by default the
    file's referent). The page names the file by its number only."""
    actor = request.actor
    file = policies.get_file(actor, pk)
    policies.require(actor, P.TASKS, file)
    colleagues = services.colleagues(actor)
    initial = {}
    if file.referent_id and colleagues.filter(pk=file.referent_id).exists():
        initial["assignee"] = file.referent_id
    elif colleagues.filter(pk=actor.user_id).exists():
        initial["assignee"] = actor.user_id
    form = TaskForm(
        request.POST if request.method == "POST" else None, colleagues=colleagues, initial=initial
    )
    if request.method == "POST":
        if not _spend(request):
            return _already_sent(request, "cases:file", file.pk)
        if form.is_valid():
            try:
                services.add_task(actor, file, form.cleaned_data)
            except services.FileClosed:
                form.add_error(None, _("This file is closed: nothing more is planned on it."))
            except PermissionDenied:
                form.add_error("assignee", _("Choose a colleague of your association."))
            else:
                messages.success(request, _("Task added."))
                return redirect("cases:file", file.pk)
    return _page(
        request,
        "cases/task_new.html",
        {"form": form, "file": file, "once": _token(request)},
        form,
    )
