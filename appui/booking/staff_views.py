"""The agenda's staff pages under /pro/agenda/: a day and a week of the organisation's
places, one appointment and what the place does with it (confirm with a message, honoured,
missed, cancel, move), and the staff member's private calendar address.

Every page that lists people's names leaves one read line in the audit log (the agenda
shown, the organisation); each action leaves its own through `services`. The person is
told of a change by `notify.changed` when she agreed to messages.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from appui.core import audit
from appui.core.access import staff_view
from appui.core.clientip import client_ip
from appui.core.models import AuditAction
from appui.directory.hours import PARIS

from . import ics, notify, policies, services
from .audit_targets import BookingTarget
from .forms import ConfirmForm, MarkForm, SlotForm
from .models import Agenda, CalendarFeed
from .permissions import BookingPermission as P
from .slots import free_slots, last_bookable_day
from .views import by_day

# Links other apps add to an appointment's page (the case files: "make it an intake"),
# registered in their AppConfig.ready with `register_action`: booking imports none of them.
_actions: list = []


def register_action(action) -> None:
    """`action(actor, booking) -> (url, label) | None`: a link on the appointment's page
    for the actors and appointments it applies to."""
    if action not in _actions:
        _actions.append(action)


def _links(actor, booking) -> list[tuple[str, str]]:
    return [link for action in _actions if (link := action(actor, booking)) is not None]


# How far back a calendar feed goes (later appointments all come).
FEED_PAST = dt.timedelta(days=31)
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def _today() -> dt.date:
    return timezone.now().astimezone(PARIS).date()


def _day_param(raw: str | None) -> dt.date:
    """The day asked in the query, or today; anything unreadable reads as today."""
    try:
        day = dt.date.fromisoformat(raw or "")
    except ValueError:
        return _today()
    return day if FIRST_DAY <= day <= LAST_DAY else _today()


def _bounds(first: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(first, dt.time(0), PARIS)
    end = dt.datetime.combine(first + dt.timedelta(days=days), dt.time(0), PARIS)
    return start, end


def _filters(request: HttpRequest) -> tuple[list[Agenda], Agenda | None, bool]:
    """The organisation's places, the one chosen (`?place=`), and `?mine=1`."""
    actor = request.actor
    places = list(policies.agendas(actor).select_related("service").order_by("service__name"))
    raw = request.GET.get("place", "")
    place = None
    if raw:
        if not (raw.isascii() and raw.isdigit()):
            raise Http404
        place = policies.get_agenda(actor, int(raw))
    return places, place, request.GET.get("mine") == "1"


def _appointments(actor, first: dt.date, days: int, place: Agenda | None, mine: bool) -> list:
    start, end = _bounds(first, days)
    rows = policies.bookings(actor).filter(start__gte=start, start__lt=end)
    if place is not None:
        rows = rows.filter(agenda=place)
    if mine:
        rows = rows.filter(staff_id=actor.user_id)
    return list(
        rows.select_related("agenda__service", "staff__staff_profile").order_by("start", "pk")
    )


def _record_read(actor, place: Agenda | None, rows: list) -> None:
    """One read line for a page that lists names: the agenda shown (none when the page
    shows all the organisation's places) and the organisation."""
    if not rows:
        return
    with transaction.atomic():
        audit.record(
            actor,
            AuditAction.VIEW,
            BookingTarget.AGENDA,
            place.pk if place is not None else None,
            organisation_id=actor.organisation_id,
        )


def _query(place: Agenda | None, mine: bool, **more) -> str:
    params = {**more}
    if place is not None:
        params["place"] = place.pk
    if mine:
        params["mine"] = "1"
    return "?" + urlencode(params)


@never_cache
@require_safe
@staff_view(P.AGENDA_VIEW)
def day(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    places, place, mine = _filters(request)
    shown = _day_param(request.GET.get("day"))
    rows = _appointments(actor, shown, 1, place, mine)
    _record_read(actor, place, rows)
    return render(
        request,
        "agenda/day.html",
        {
            "day": shown,
            "today": _today(),
            "places": places,
            "place": place,
            "mine": mine,
            "rows": rows,
            "show_place": place is None and len(places) > 1,
            "today_query": _query(place, mine),
            "previous": _query(place, mine, day=(shown - dt.timedelta(days=1)).isoformat()),
            "next": _query(place, mine, day=(shown + dt.timedelta(days=1)).isoformat()),
            "week_query": _query(place, mine, week=shown.isoformat()),
        },
    )


@never_cache
@require_safe
@staff_view(P.AGENDA_VIEW)
def week(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    places, place, mine = _filters(request)
    asked = _day_param(request.GET.get("week"))
    monday = asked - dt.timedelta(days=asked.weekday())
    rows = _appointments(actor, monday, 7, place, mine)
    _record_read(actor, place, rows)
    days = []
    for offset in range(7):
        current = monday + dt.timedelta(days=offset)
        days.append(
            {
                "day": current,
                "rows": [r for r in rows if r.start.astimezone(PARIS).date() == current],
                "query": _query(place, mine, day=current.isoformat()),
            }
        )
    return render(
        request,
        "agenda/week.html",
        {
            "monday": monday,
            "sunday": monday + dt.timedelta(days=6),
            "today": _today(),
            "days": days,
            "places": places,
            "place": place,
            "mine": mine,
            "show_place": place is None and len(places) > 1,
            "this_week": monday <= _today() < monday + dt.timedelta(days=7),
            "today_query": _query(place, mine),
            "previous": _query(place, mine, week=(monday - dt.timedelta(days=7)).isoformat()),
            "next": _query(place, mine, week=(monday + dt.timedelta(days=7)).isoformat()),
            "day_query": _query(place, mine, day=monday.isoformat()),
        },
    )


def _page(request, booking, status=200, **forms) -> HttpResponse:
    actor = request.actor
    now = timezone.now()
    return render(
        request,
        "agenda/appointment.html",
        {
            "booking": booking,
            "service": booking.agenda.service,
            "can_book": policies.allows(actor, P.AGENDA_BOOK, booking),
            "links": _links(actor, booking),
            "open": booking.holds_a_place,
            "started": booking.start <= now,
            "confirm_form": forms.get("confirm_form")
            or ConfirmForm(initial={"note": booking.note}),
            "day_query": "?"
            + urlencode({"day": booking.start.astimezone(PARIS).date().isoformat()}),
        },
        status=status,
    )


@never_cache
@require_safe
@staff_view(P.AGENDA_VIEW)
def appointment(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    booking = policies.get_booking(actor, pk)
    with transaction.atomic():
        audit.record(
            actor,
            AuditAction.VIEW,
            BookingTarget.BOOKING,
            booking.pk,
            organisation_id=policies.organisation_of(booking),
        )
    return _page(request, booking)


def _done(request: HttpRequest, booking, text: str) -> HttpResponse:
    """After a change: the person is told when she agreed to messages, and the staff
    member is told she was."""
    if notify.changed(booking):
        text = _("%(done)s The person was told by text message or e-mail.") % {"done": text}
    messages.success(request, text)
    return redirect("agenda:appointment", booking.pk)


@never_cache
@require_POST
@staff_view(P.AGENDA_BOOK)
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    booking = policies.get_booking(actor, pk)
    policies.require(actor, P.AGENDA_BOOK, booking)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _page(request, booking, status=422, confirm_form=form)
    try:
        services.confirm(booking, actor, note=form.cleaned_data["note"].strip())
    except services.Unavailable as refusal:
        messages.error(request, str(refusal))
        return redirect("agenda:appointment", booking.pk)
    return _done(request, booking, _("Appointment confirmed."))


@never_cache
@require_POST
@staff_view(P.AGENDA_BOOK)
def mark(request: HttpRequest, pk: int) -> HttpResponse:
    """Honoured or missed: once its time has come."""
    actor = request.actor
    booking = policies.get_booking(actor, pk)
    policies.require(actor, P.AGENDA_BOOK, booking)
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose honoured or missed."))
    elif booking.start > timezone.now():
        messages.error(request, _("This appointment has not started yet."))
    else:
        try:
            services.mark(booking, actor, form.cleaned_data["state"])
        except services.Unavailable as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request, _("Recorded as %(state)s.") % {"state": booking.get_state_display()}
            )
    return redirect("agenda:appointment", booking.pk)


@never_cache
@require_POST
@staff_view(P.AGENDA_BOOK)
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    booking = policies.get_booking(actor, pk)
    policies.require(actor, P.AGENDA_BOOK, booking)
    if not booking.holds_a_place:
        messages.error(request, str(services.Unavailable("closed")))
        return redirect("agenda:appointment", booking.pk)
    services.cancel(booking, actor=actor)
    return _done(request, booking, _("Appointment cancelled."))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(P.AGENDA_BOOK)
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """Another free time of the same place and motive, up to the agenda's horizon and
    never after the appointment's last possible day."""
    actor = request.actor
    booking = policies.get_booking(actor, pk)
    policies.require(actor, P.AGENDA_BOOK, booking)
    if not booking.holds_a_place:
        messages.error(request, str(services.Unavailable("closed")))
        return redirect("agenda:appointment", booking.pk)
    form = SlotForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        status = 422
        if form.is_valid():
            try:
                services.move(booking, form.cleaned_data["start"], actor=actor)
            except services.Unavailable as refusal:
                form.add_error("start", str(refusal))
                status = 409
            else:
                return _done(request, booking, _("Appointment moved."))
    now = timezone.now()
    today = now.astimezone(PARIS).date()
    last = last_bookable_day(booking.agenda, today, booking.latest_day)
    slots = free_slots([booking.agenda], booking.motive, today, last, now=now)[booking.agenda_id]
    with transaction.atomic():
        audit.record(
            actor,
            AuditAction.VIEW,
            BookingTarget.BOOKING,
            booking.pk,
            organisation_id=policies.organisation_of(booking),
        )
    return render(
        request,
        "agenda/move.html",
        {
            "booking": booking,
            "form": form,
            "days": by_day([s for s in slots if s.start != booking.start]),
            "chosen": form.data.get("start", "") if form.is_bound else "",
            "last_day": last,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(P.AGENDA_VIEW)
def feed(request: HttpRequest) -> HttpResponse:
    """The private calendar address: made or renewed here, shown once."""
    actor = request.actor
    url = ""
    if request.method == "POST":
        token = services.feed_token(actor.user_id)
        url = request.build_absolute_uri(reverse("agenda:feed_ics", args=[token]))
    return render(
        request,
        "agenda/feed.html",
        {
            "url": url,
            "has_feed": bool(url) or CalendarFeed.objects.filter(user_id=actor.user_id).exists(),
        },
    )


@never_cache
@require_safe
def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """A calendar app reads it with the token only (no login): reference, motive and place,
    never a name. Read as its owner, and audited as such."""
    owner = services.feed_owner(token)
    actor = policies.feed_actor(owner, client_ip(request)) if owner is not None else None
    if actor is None:
        raise Http404
    since = timezone.now() - FEED_PAST
    rows = list(
        policies.feed_bookings(actor)
        .filter(start__gte=since)
        .select_related("agenda__service")
        .order_by("start", "pk")
    )
    with transaction.atomic():
        audit.record(
            actor,
            AuditAction.VIEW,
            BookingTarget.AGENDA,
            None,
            organisation_id=actor.organisation_id,
        )
    response = HttpResponse(
        ics.staff_feed(rows, request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    return response
