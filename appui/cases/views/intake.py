"""The intake queue and its intakes."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from appui.core.access import staff_view

from .. import policies, services
from ..forms import (
    CloseIntakeForm,
    IntakeForm,
)
from ..models import IntakeStatus
from ..permissions import CasePermission as P
from ._common import (
    _already_sent,
    _page,
    _spend,
    _token,
)


@never_cache
@staff_view(P.INTAKE_QUEUE)
def intake_queue(request: HttpRequest) -> HttpResponse:
    # Someone in danger now first, then the oldest request.
    intakes = list(
        policies.intakes(request.actor)
        .filter(status=IntakeStatus.NEW)
        .order_by("-danger_now", "received_at")[:200]
    )
    services.record_queue_read(request.actor, intakes)
    return render(
        request,
        "cases/intake_queue.html",
        {"intakes": intakes, "stamp": services.queue_stamp(request.actor)},
    )


@never_cache
@staff_view(P.INTAKE_QUEUE)
def intake_queue_stamp(request: HttpRequest) -> HttpResponse:
    """What the queue page asks every half second: 204 while its stamp is current, else the new
    stamp (the page then fetches its list again). No names: no audit line."""
    stamp = services.queue_stamp(request.actor)
    if request.GET.get("since") == stamp:
        return HttpResponse(status=204)
    return JsonResponse({"stamp": stamp})


@never_cache
@staff_view(None)
def intake_new(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    transfer = policies.allows(actor, P.INTAKE_TRANSFER)
    if not transfer:
        policies.require(actor, P.INTAKE_QUEUE)
    form = IntakeForm(request.POST or None, transfer=transfer)
    if request.method == "POST":
        if not _spend(request):
            return _already_sent(request, "cases:intake_queue")
        if form.is_valid():
            data = {
                k: v for k, v in form.cleaned_data.items() if k not in {"channel", "organisation"}
            }
            organisation = form.cleaned_data.get("organisation")
            if transfer and organisation is None:
                organisation = services.competent_organisation(data.get("commune_code", ""))
            intake = services.create_intake(
                actor,
                channel=form.cleaned_data["channel"],
                data=data,
                organisation_id=organisation.pk if organisation else None,
            )
            if not policies.is_own(actor, intake):
                messages.success(request, _("Sent to %(org)s.") % {"org": intake.organisation})
                return redirect("cases:intake_new")
            messages.success(request, _("Added to the intake queue."))
            return redirect("cases:intake", intake.pk)
    return _page(
        request,
        "cases/intake_new.html",
        {"form": form, "once": _token(request), "transfer": transfer},
        form,
    )


@never_cache
@staff_view(P.INTAKE_QUEUE)
def intake_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What she said, urgent first; then find her, attach the intake to one of her files,
    open a new file, or close the intake without a file."""
    if request.method == "POST" and "attach" in request.POST:
        return _attach(request, pk)
    if request.method == "POST" and "acknowledge" in request.POST:
        intake = policies.get_intake(request.actor, pk)
        services.acknowledge_intake(request.actor, intake)
        messages.success(request, _("Receipt acknowledged: the 116 006 listener sees it."))
        return redirect("cases:intake", pk)
    intake = services.read_intake(request.actor, pk)
    matches = []
    can_take = policies.allows(request.actor, P.FILE_CREATE, intake)
    if (
        can_take
        and intake.status == IntakeStatus.NEW
        and (intake.contact_name or intake.contact_phone)
    ):
        matches = services.search_people(
            request.actor, name=intake.contact_name[:100], phone=intake.contact_phone[:30]
        )
    form = CloseIntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_intake(request.actor, intake, form.cleaned_data["reason"])
        except services.AlreadyHandled:
            messages.info(request, _("This intake was already handled."))
        else:
            messages.success(request, _("Intake closed."))
        return redirect("cases:intake_queue")
    return _page(
        request,
        "cases/intake_detail.html",
        {"intake": intake, "matches": matches, "form": form, "can_take": can_take},
        form,
    )


def _attach(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach the intake to a file of the person, already known (the form of her page)."""
    intake = policies.get_intake(request.actor, pk)
    raw = request.POST.get("attach", "")
    if not raw.isdigit():
        raise Http404
    file = policies.get_file(request.actor, int(raw))
    try:
        services.attach_intake(request.actor, intake, file)
    except services.AlreadyHandled:
        intake.refresh_from_db()
        if intake.case_file_id:
            messages.info(
                request,
                _("This intake was already handled: it is attached to file %(number)s.")
                % {"number": intake.case_file.number},
            )
        else:
            messages.info(request, _("This intake was already handled."))
        return redirect("cases:intake", intake.pk)
    messages.success(request, _("Intake attached to file %(number)s.") % {"number": file.number})
    return redirect("cases:file", file.pk)
