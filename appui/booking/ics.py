"""Appointments as iCalendar (RFC 5545) files, made with the `icalendar` library.

The public file gives the time, the street and the reference, never the place's name nor
the motive: a calendar synced to
a shared device must not say "pre-complaint" or "victim bureau". A staff feed names the
reference and the motive, never the person's name (a calendar app may keep copies).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Booking, BookingState

PRODID = "-//Appui//Rendez-vous//FR"


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    return calendar


def _address(booking: Booking, *, named: bool) -> str:
    """The street and town; the place's name only in staff feeds (a victim's calendar may be
    read by someone else: "Commissariat" or "victim bureau" would say why she goes)."""
    service = booking.agenda.service
    town = " ".join(p for p in (service.postcode, service.city) if p)
    parts = [service.name if named else "", service.street, town]
    return ", ".join(p for p in parts if p)


def _event(
    booking: Booking, summary: str, description: str, host: str, *, named: bool = False
) -> Event:
    event = Event()
    event.add("uid", f"{booking.reference}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.start)
    event.add("dtend", booking.end)
    event.add("summary", summary)
    location = _address(booking, named=named)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if booking.state == BookingState.CANCELLED else "CONFIRMED")
    event.add("sequence", int(booking.updated_at.timestamp()) % 2_000_000_000)
    return event


def public_file(booking: Booking, host: str) -> bytes:
    """Her own appointment: neutral words, the reference to give at the desk."""
    calendar = _calendar()
    calendar.add_component(
        _event(
            booking,
            _("Appointment"),
            _("Reference: %(reference)s") % {"reference": booking.reference},
            host,
        )
    )
    return calendar.to_ical()


def staff_feed(bookings: Iterable[Booking], host: str, since: dt.datetime | None = None) -> bytes:
    """A staff member's appointments: reference and motive, no name."""
    calendar = _calendar()
    calendar.add("x-wr-calname", _("Appui appointments"))
    for booking in bookings:
        calendar.add_component(
            _event(
                booking,
                f"{booking.get_motive_display()} – {booking.reference}",
                booking.agenda.service.name,
                host,
                named=True,
            )
        )
    return calendar.to_ical()
