"""The public appointment pages: her appointment by its link (see, move, cancel, the ICS
file) and the booking of a victim bureau's session. Anonymous, no JavaScript needed.

The link's token is the only key: the pages are never cached and tell no other site where
she has been. A forged, mistyped or erased link gets the same kind "not found" page,
after the same work (one hash, one query), whichever part was wrong.
"""

from __future__ import annotations

import datetime as dt
import functools
from itertools import groupby

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from appui.core.clientip import client_ip
from appui.core.security import same_site_posts
from appui.directory.hours import PARIS, describe
from appui.directory.messages import language
from appui.directory.models import Kind

from . import ics, limits, notify, services
from .forms import BookingForm, SlotForm
from .models import Agenda, Booking, BookingState, Motive
from .slots import Slot, free_slots, last_bookable_day

# A field no person sees or hears (hidden, out of the tab order): only a robot fills it.
HONEYPOT = "website"
# How far ahead the public pages offer times (the agenda's own horizon may be shorter).
DAYS_SHOWN = 30

PUBLIC_STATES = {
    "booked": gettext_lazy("Booked"),
    "confirmed": gettext_lazy("Confirmed by the place"),
    "cancelled": gettext_lazy("Cancelled"),
    "past": gettext_lazy("Past"),
}
DONE = {
    "moved": gettext_lazy("Your appointment has been moved."),
    "cancelled": gettext_lazy("Your appointment has been cancelled."),
}


def private(view):
    """Never cached, no referrer: the address carries her secret. With no referrer the
    browser sends `Origin: null`, so posts are guarded by Fetch Metadata and SameSite
    cookies (`core.security`) instead of Django's origin check."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return same_site_posts(never_cache(wrapper))


def _lang() -> str:
    return language((translation.get_language() or "fr")[:2])


def public_state(booking: Booking, now: dt.datetime) -> str:
    if booking.state == BookingState.CANCELLED:
        return "cancelled"
    if booking.state in (BookingState.HONOURED, BookingState.MISSED) or booking.end <= now:
        return "past"
    return "confirmed" if booking.state == BookingState.CONFIRMED else "booked"


def changeable(booking: Booking, now: dt.datetime) -> bool:
    """She may move or cancel it while it holds a place and has not started."""
    return booking.holds_a_place and booking.start > now


def place_context(service) -> dict:
    """The place as her pages show it: never an invented address."""
    city = " ".join(part for part in (service.postcode, service.city) if part)
    phones = []
    for phone in service.phones or []:
        number = phone.get("number", "") if isinstance(phone, dict) else str(phone)
        if number:
            phones.append(
                {
                    "number": number,
                    "href": "tel:" + "".join(c for c in number if c.isdigit() or c == "+"),
                }
            )
    return {
        "service": service,
        "street": service.street,
        "city": city,
        "hours_lines": describe(service.opening_hours, _lang()),
        "phones": phones,
    }


def by_day(slots: list[Slot]) -> list[tuple[dt.date, list[Slot]]]:
    return [
        (day, list(group))
        for day, group in groupby(slots, key=lambda slot: slot.start.astimezone(PARIS).date())
    ]


def _window(
    agenda: Agenda, latest_day: dt.date | None, now: dt.datetime
) -> tuple[dt.date, dt.date]:
    today = now.astimezone(PARIS).date()
    last = min(today + dt.timedelta(days=DAYS_SHOWN), last_bookable_day(agenda, today, latest_day))
    return today, last


def not_found(request: HttpRequest, *, place: bool = False) -> HttpResponse:
    return render(request, "booking/not_found.html", {"place": place}, status=404)


@require_http_methods(["GET", "HEAD", "POST"])
@private
def missing(request: HttpRequest, anything: str = "") -> HttpResponse:
    return not_found(request)


def _link(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("booking:detail", args=[token]))


def _appointment(request: HttpRequest, booking: Booking, token: str, **extra) -> dict:
    now = timezone.now()
    state = public_state(booking, now)
    return {
        "booking": booking,
        "token": token,
        "state": state,
        "state_text": PUBLIC_STATES[state],
        "changeable": changeable(booking, now),
        "link": _link(request, token),
        **place_context(booking.agenda.service),
        **extra,
    }


@require_safe
@private
def detail(request: HttpRequest, token: str) -> HttpResponse:
    booking = services.by_token(token)
    if booking is None:
        return not_found(request)
    done = DONE.get(request.GET.get("done", ""))
    return render(request, "booking/detail.html", _appointment(request, booking, token, done=done))


@require_safe
@private
def done(request: HttpRequest, token: str) -> HttpResponse:
    """Right after booking: the reference, her link to keep, the ICS file."""
    booking = services.by_token(token)
    if booking is None:
        return not_found(request)
    return render(request, "booking/done.html", _appointment(request, booking, token))


@require_safe
@private
def ics_file(request: HttpRequest, token: str) -> HttpResponse:
    booking = services.by_token(token)
    if booking is None:
        return not_found(request)
    response = HttpResponse(
        ics.public_file(booking, request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="rendez-vous.ics"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@private
def move(request: HttpRequest, token: str) -> HttpResponse:
    booking = services.by_token(token)
    if booking is None:
        return not_found(request)
    now = timezone.now()
    if not changeable(booking, now):
        return redirect("booking:detail", token)
    form = SlotForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        status = 422
        if form.is_valid():
            try:
                services.move(booking, form.cleaned_data["start"])
            except services.Unavailable as refusal:
                form.add_error("start", str(refusal))
                status = 409
            else:
                return redirect(reverse("booking:detail", args=[token]) + "?done=moved")
    first, last = _window(booking.agenda, booking.latest_day, now)
    slots = free_slots([booking.agenda], booking.motive, first, last, now=now)[booking.agenda_id]
    slots = [slot for slot in slots if slot.start != booking.start]
    return render(
        request,
        "booking/move.html",
        _appointment(request, booking, token, form=form, days=by_day(slots), last_day=last),
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@private
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """A confirmation step: only the post cancels."""
    booking = services.by_token(token)
    if booking is None:
        return not_found(request)
    if not changeable(booking, timezone.now()):
        return redirect("booking:detail", token)
    if request.method == "POST":
        services.cancel(booking)
        return redirect(reverse("booking:detail", args=[token]) + "?done=cancelled")
    return render(request, "booking/cancel.html", _appointment(request, booking, token))


def _bav_agenda(slug: str) -> Agenda | None:
    """The agenda of a victim bureau that takes its sessions' bookings online."""
    return (
        Agenda.objects.select_related("service")
        .filter(
            service__slug=slug,
            service__kind=Kind.BAV,
            active=True,
            capacities__motive=Motive.BAV,
        )
        .first()
    )


@require_http_methods(["GET", "HEAD", "POST"])
@private
def bav(request: HttpRequest, slug: str) -> HttpResponse:
    """Book a session of a victim bureau: a time, a first name, and how to reach her only
    if she wants a confirmation and a reminder."""
    agenda = _bav_agenda(slug)
    if agenda is None:
        return not_found(request, place=True)
    form = BookingForm(request.POST if request.method == "POST" else None)
    refused = None
    robot = False
    status = 200
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            # A robot: nothing is booked nor counted, and it learns nothing useful.
            form = BookingForm()
            robot = True
            status = 400
        elif form.is_valid():
            data = form.cleaned_data
            try:
                # One transaction: a time taken meanwhile counts nothing against her limits.
                with transaction.atomic():
                    limits.check_and_count(client_ip(request), data["phone"])
                    booking, token = services.book(
                        agenda,
                        Motive.BAV,
                        data["start"],
                        services.Contact(
                            name=data["name"],
                            phone=data["phone"],
                            email=data["email"],
                            language=_lang(),
                            reminders=data["reminders"],
                        ),
                        source="bav",
                    )
            except limits.TooMany as refusal:
                refused = refusal
                status = 429
            except services.Unavailable as refusal:
                form.add_error("start", str(refusal))
                status = 409
            else:
                notify.booked(booking, _link(request, token))
                return redirect("booking:done", token)
        else:
            status = 422
    now = timezone.now()
    first, last = _window(agenda, None, now)
    slots = free_slots([agenda], Motive.BAV, first, last, now=now)[agenda.pk]
    chosen = form.data.get("start", "") if form.is_bound else ""
    response = render(
        request,
        "booking/bav.html",
        {
            **place_context(agenda.service),
            "agenda": agenda,
            "form": form,
            "days": by_day(slots),
            "chosen": chosen,
            "refused": refused,
            "robot": robot,
            "honeypot": HONEYPOT,
        },
        status=status,
    )
    if refused is not None:
        response["Retry-After"] = str(refused.retry_after)
    return response
