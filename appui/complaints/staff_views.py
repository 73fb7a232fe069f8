"""The unit's pages: its pre-complaints (today's appointments first), each one read (and
its reading audited), and what the unit does: confirm with the documents to bring,
propose another time, mark signed or missed."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from appui.booking import services as booking
from appui.core.access import staff_view
from appui.directory.hours import PARIS

from . import policies, sections, services
from .forms import ConfirmForm, MoveForm
from .models import GONE
from .permissions import ComplaintPermission as P

PER_PAGE = 50


@never_cache
@staff_view(P.VIEW)
def lists(request: HttpRequest) -> HttpResponse:
    """The unit's pre-complaints still holding data: today's appointments first, then the
    coming ones, then the past ones. No name here: the reference and the times only."""
    actor = request.actor
    reference = request.GET.get("reference", "").strip().upper()[:12]
    rows = policies.pre_complaints(actor).exclude(state__in=GONE).select_related("booking")
    if reference:
        found = list(rows.filter(booking__reference=reference).values_list("pk", flat=True)[:2])
        if len(found) == 1:
            return redirect("complaints_staff:detail", found[0])
        rows = rows.none()
    today = timezone.now().astimezone(PARIS).date()
    morning = dt.datetime.combine(today, dt.time(0), PARIS)
    tomorrow = morning + dt.timedelta(days=1)
    rows = rows.annotate(
        rank=Case(
            When(booking__start__gte=morning, booking__start__lt=tomorrow, then=0),
            When(booking__start__gte=tomorrow, then=1),
            default=2,
            output_field=IntegerField(),
        )
    ).order_by("rank", "booking__start", "-received_at")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "complaints/staff/list.html",
        {"page": page, "rows": page.object_list, "reference": reference, "today": today},
    )


def _detail(request, pre_complaint, *, status=200, confirm_form=None):
    actor = request.actor
    services.read(actor, pre_complaint)
    data = services.content(pre_complaint)
    appointment = pre_complaint.booking
    now = timezone.now()
    return render(
        request,
        "complaints/staff/detail.html",
        {
            "pc": pre_complaint,
            "booking": appointment,
            "start": appointment.start.astimezone(PARIS) if appointment else None,
            "summaries": services.summaries(data),
            "has_numbers": bool((data.get("payments") or {}).get("lines")),
            "category": sections.category_label(pre_complaint.category),
            "can_process": policies.can_process(actor, pre_complaint),
            "holding": appointment is not None and appointment.holds_a_place,
            "passed": appointment is not None and appointment.start <= now,
            "confirm_form": confirm_form or ConfirmForm(initial={"documents": ["identity"]}),
            "erase_day": services.erase_day(pre_complaint.received_at),
        },
        status=status,
    )


@never_cache
@staff_view(P.VIEW)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, policies.get(request.actor, pk))


@never_cache
@staff_view(P.VIEW)
def numbers(request: HttpRequest, pk: int) -> HttpResponse:
    """The full numbers of her cards and accounts, on their own page: a read of its own."""
    pre_complaint = policies.get(request.actor, pk)
    services.read(request.actor, pre_complaint, numbers=True)
    data = services.content(pre_complaint)
    rows = sections.summary("payments", data.get("payments") or {}, full_numbers=True)
    return render(request, "complaints/staff/numbers.html", {"pc": pre_complaint, "rows": rows})


@require_POST
@staff_view(P.PROCESS)
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    pre_complaint = policies.get(actor, pk)
    policies.require(actor, P.PROCESS, pre_complaint)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _detail(request, pre_complaint, status=422, confirm_form=form)
    try:
        services.confirm(
            actor,
            pre_complaint,
            documents=form.cleaned_data["documents"],
            note=form.cleaned_data["note"],
        )
    except (booking.Unavailable, services.NotAllowed) as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("Appointment confirmed: she sees the documents to bring on her page.")
        )
    return redirect("complaints_staff:detail", pk)


def _slot_choices(slots) -> list[tuple[str, str]]:
    return [
        (
            slot.start.astimezone(PARIS).isoformat(),
            date_format(slot.start.astimezone(PARIS), "TIME_FORMAT"),
        )
        for slot in slots
    ]


@never_cache
@staff_view(P.PROCESS)
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """Another time for her, never past the day before her data are erased."""
    actor = request.actor
    pre_complaint = policies.get(actor, pk)
    policies.require(actor, P.PROCESS, pre_complaint)
    appointment = pre_complaint.booking
    if appointment is None or not appointment.holds_a_place or not pre_complaint.holds_data:
        messages.error(request, _("This appointment can no longer be changed."))
        return redirect("complaints_staff:detail", pk)
    last = appointment.latest_day or services.latest_day(pre_complaint.received_at)
    days: OrderedDict = OrderedDict()
    for slot in services.unit_slots(pre_complaint.unit, last=last):
        days.setdefault(slot.start.astimezone(PARIS).date(), []).append(slot)
    try:
        day = dt.date.fromisoformat(request.POST.get("day") or request.GET.get("day") or "")
    except ValueError:
        day = None
    if day not in days:
        day = next(iter(days), None)
    form = MoveForm(request.POST or None, slots=_slot_choices(days.get(day, [])))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.move(actor, pre_complaint, form.cleaned_data["start"])
            except (booking.Unavailable, services.NotAllowed) as refusal:
                form.add_error("start", str(refusal))
            else:
                messages.success(request, _("New time proposed: she sees it on her page."))
                return redirect("complaints_staff:detail", pk)
        status = 422
    return render(
        request,
        "complaints/staff/move.html",
        {
            "pc": pre_complaint,
            "booking": appointment,
            "days": days,
            "day": day,
            "form": form,
            "last": last,
        },
        status=status,
    )


@require_POST
@staff_view(P.PROCESS)
def signed(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    pre_complaint = policies.get(actor, pk)
    policies.require(actor, P.PROCESS, pre_complaint)
    try:
        services.sign(actor, pre_complaint)
    except services.NotAllowed as refusal:
        messages.error(request, str(refusal))
        return redirect("complaints_staff:detail", pk)
    messages.success(
        request,
        _("Complaint signed: the pre-complaint %(reference)s has left Appui.")
        % {"reference": pre_complaint.booking.reference if pre_complaint.booking else pk},
    )
    return redirect("complaints_staff:list")


@require_POST
@staff_view(P.PROCESS)
def missed(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    pre_complaint = policies.get(actor, pk)
    policies.require(actor, P.PROCESS, pre_complaint)
    try:
        services.mark_missed(actor, pre_complaint)
    except (booking.Unavailable, services.NotAllowed) as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Marked as missed. Her data stay until %(day)s, then are erased.")
            % {"day": date_format(services.erase_day(pre_complaint.received_at), "DATE_FORMAT")},
        )
    return redirect("complaints_staff:detail", pk)
