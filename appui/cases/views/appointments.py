"""Appointments from a file (give, move, cancel), and the day of the victim bureaus (BAV)
the association runs: each appointment turned into an intake or an interview in one step.

Forms work without JavaScript: the place is chosen first (a GET refresh), then a free time
of the week shown, with earlier and later weeks a link away.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from appui.booking import policies as agendas
from appui.booking.forms import parse_start
from appui.booking.models import HOLDING
from appui.booking.permissions import BookingPermission as BP
from appui.booking.services import Unavailable
from appui.core.access import staff_view
from appui.directory.hours import PARIS

from .. import policies, services
from ..forms import InterviewForm
from ..models import FileStatus, InterviewMode
from ..permissions import CasePermission as P
from ._common import _already_sent, _page, _spend, _token

WEEKS_AHEAD = 6  # a place's agenda opens 30 days ahead at most by default; a week a page


def booking_link(request: HttpRequest, token: str) -> str:
    """The absolute address of her appointment's page, which her link opens."""
    try:
        path = reverse("booking:detail", args=[token])
    except NoReverseMatch:  # the public booking pages are not wired in this deployment
        path = f"/rendez-vous/{token}/"
    return request.build_absolute_uri(path)


def _when(start: dt.datetime) -> dict[str, str]:
    local = start.astimezone(PARIS)
    return {
        "date": date_format(local.date(), "l j F Y"),
        "time": date_format(local.time(), "TIME_FORMAT"),
    }


class SlotField(forms.ChoiceField):
    """A free time of the week shown, sent as its ISO instant."""

    def to_python(self, value):
        return "" if value in self.empty_values else str(value)

    def clean(self, value):
        moment = parse_start(super().clean(value))
        if moment is None:
            raise forms.ValidationError(_("Choose a time."))
        return moment

    def valid_value(self, value):
        # The times offered may have changed since the page was shown (one taken, the
        # hour passed): the booking engine says why, with a clear message.
        return True


class AppointmentForm(forms.Form):
    start = SlotField(
        label=gettext_lazy("Time"), error_messages={"required": gettext_lazy("Choose a time.")}
    )
    staff = forms.ModelChoiceField(
        label=gettext_lazy("Received by"), queryset=None, empty_label=None
    )
    note = forms.CharField(
        label=gettext_lazy("Message to the person"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Shown on her appointment page (what to bring, where to ring). Text messages and "
            "e-mails never say what the appointment is about."
        ),
    )
    reminders = forms.BooleanField(
        label=gettext_lazy(
            "She agrees to be contacted about this appointment: a confirmation now and a "
            "reminder the day before, by text message or e-mail, in neutral words"
        ),
        required=False,
    )

    def __init__(self, *args, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = colleagues
        self.fields["staff"].label_from_instance = lambda user: user.staff_profile.display_name


class MoveForm(forms.Form):
    start = SlotField(
        label=gettext_lazy("New time"), error_messages={"required": gettext_lazy("Choose a time.")}
    )


def _week(request: HttpRequest) -> int:
    raw = request.GET.get("week") or request.POST.get("week") or "0"
    return min(int(raw), WEEKS_AHEAD) if raw.isascii() and raw.isdigit() else 0


def _times(agenda, week: int) -> dict:
    """The free times of the week shown, and the links' weeks before and after it."""
    first = timezone.localdate() + dt.timedelta(days=7 * week)
    days = services.free_times(agenda, first)
    return {
        "days": [
            {
                "label": date_format(day, "l j F"),
                "slots": [
                    {
                        "value": slot.start.isoformat(),
                        "label": date_format(slot.start.astimezone(PARIS).time(), "TIME_FORMAT"),
                        "id": f"slot-{slot.start.astimezone(PARIS):%Y%m%d%H%M}",
                    }
                    for slot in slots
                ],
            }
            for day, slots in sorted(days.items())
        ],
        "week": week,
        "first": first,
        "last": first + dt.timedelta(days=6),
        "earlier": week - 1 if week > 0 else None,
        "later": week + 1 if week < WEEKS_AHEAD else None,
    }


def _writable_file(request: HttpRequest, pk: int):
    file = policies.get_file(request.actor, pk)
    policies.require(request.actor, P.FILE_EDIT, file)
    agendas.require(request.actor, BP.AGENDA_BOOK)
    return file


def _closed(request, file) -> HttpResponse:
    messages.info(request, _("This file is closed: no appointment can be given on it."))
    return redirect("cases:file", file.pk)


@never_cache
@staff_view(P.FILE_EDIT)
def appointment_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Give her an appointment: a place of the association, a free time, who receives her,
    a message; she is sent her link if she agreed to be contacted."""
    actor = request.actor
    file = _writable_file(request, pk)
    if file.status != FileStatus.OPEN:
        return _closed(request, file)
    person = file.person
    places = services.appointment_places(actor)
    chosen = request.POST.get("place") if request.method == "POST" else request.GET.get("place")
    agenda = services.appointment_place(actor, chosen)
    if agenda is None and len(places) == 1:
        agenda = places[0]
    week = _week(request)
    colleagues = services.colleagues(actor)
    form = AppointmentForm(
        request.POST or None,
        colleagues=colleagues,
        initial={"staff": actor.user_id},
    )
    if request.method == "POST" and agenda is not None:
        if not _spend(request):
            return _already_sent(request, "cases:file", file.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = services.give_appointment(
                    actor,
                    file,
                    agenda,
                    data["start"],
                    staff_user=data["staff"],
                    note=data["note"],
                    reminders=data["reminders"],
                    link_for=lambda token: booking_link(request, token),
                )
            except Unavailable as refused:
                form.add_error("start", str(refused))
            else:
                text = _("Appointment given: %(date)s at %(time)s, reference %(reference)s.") % {
                    **_when(made.start),
                    "reference": made.reference,
                }
                if made.reminders:
                    text += " " + _("She was sent the time and her link.")
                messages.success(request, text)
                return redirect(reverse("cases:file", args=[file.pk]) + "#appointments")
    services.record_person_read(actor, person)
    hours = agenda is not None and services.place_has_hours(agenda)
    return _page(
        request,
        "cases/appointments_new.html",
        {
            "file": file,
            "person": person,
            "places": places,
            "agenda": agenda,
            "hours": hours,
            "times": _times(agenda, week) if hours else None,
            "form": form,
            "once": _token(request),
            "back": reverse("cases:file", args=[file.pk]),
        },
        form,
    )


@never_cache
@staff_view(P.FILE_EDIT)
def appointment_move(request: HttpRequest, pk: int, booking_pk: int) -> HttpResponse:
    """Another free time at the same place; the former one stays if the new one is taken."""
    actor = request.actor
    file = _writable_file(request, pk)
    appointment = services.file_appointment(actor, file, booking_pk)
    if file.status != FileStatus.OPEN:
        return _closed(request, file)
    if appointment.state not in HOLDING:
        messages.info(request, _("This appointment can no longer be changed."))
        return redirect(reverse("cases:file", args=[file.pk]) + "#appointments")
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.move_appointment(actor, file, appointment, form.cleaned_data["start"])
        except Unavailable as refused:
            form.add_error("start", str(refused))
        else:
            messages.success(
                request,
                _("Appointment moved to %(date)s at %(time)s.") % _when(moved.start),
            )
            return redirect(reverse("cases:file", args=[file.pk]) + "#appointments")
    hours = services.place_has_hours(appointment.agenda)
    return _page(
        request,
        "cases/appointments_move.html",
        {
            "file": file,
            "appointment": appointment,
            "when": _when(appointment.start),
            "hours": hours,
            "times": _times(appointment.agenda, _week(request)) if hours else None,
            "form": form,
            "back": reverse("cases:file", args=[file.pk]),
        },
        form,
    )


@require_POST
@staff_view(P.FILE_EDIT)
def appointment_cancel(request: HttpRequest, pk: int, booking_pk: int) -> HttpResponse:
    actor = request.actor
    file = _writable_file(request, pk)
    appointment = services.file_appointment(actor, file, booking_pk)
    if file.status != FileStatus.OPEN:
        return _closed(request, file)
    services.cancel_appointment(actor, file, appointment)
    messages.success(request, _("Appointment cancelled: its place is free again."))
    return redirect(reverse("cases:file", args=[file.pk]) + "#appointments")


# --- the victim bureau's day ---------------------------------------------------------------


def _day(request: HttpRequest) -> dt.date:
    raw = request.GET.get("day", "")
    if not raw:
        return timezone.localdate()
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise Http404 from None
    if abs((day - timezone.localdate()).days) > 366:
        raise Http404
    return day


@never_cache
@staff_view(P.INTAKE_QUEUE)
def bav_day(request: HttpRequest) -> HttpResponse:
    """The day's appointments at the victim bureaus the association runs."""
    actor = request.actor
    day = _day(request)
    result = services.bav_day(actor, day)
    return _page(
        request,
        "cases/appointments_bav.html",
        {
            "day": day,
            "today": timezone.localdate(),
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
            "places": result.places,
            "rows": result.rows,
            "can_intake": agendas.allows(actor, BP.AGENDA_BOOK),
            "can_interview": policies.allows(actor, P.INTERVIEW_ADD),
        },
    )


@require_POST
@staff_view(P.INTAKE_QUEUE)
def bav_intake(request: HttpRequest, booking_pk: int) -> HttpResponse:
    """One step: an intake in the queue from her appointment, which is marked honoured."""
    actor = request.actor
    appointment = services.bav_booking(actor, booking_pk)
    day = appointment.start.astimezone(PARIS).date()
    back = reverse("cases:bav_day") + f"?day={day.isoformat()}"
    try:
        intake = services.open_bav_intake(actor, appointment)
    except services.AlreadyHandled:
        messages.info(request, _("This appointment was already handled."))
        return redirect(back)
    messages.success(request, _("Intake opened: she is in the intake queue."))
    return redirect("cases:intake", intake.pk)


@never_cache
@staff_view(P.INTERVIEW_ADD)
def bav_interview(request: HttpRequest, booking_pk: int, file_pk: int) -> HttpResponse:
    """The interview form of her file, the bureau as its place; saving it marks her
    appointment honoured."""
    actor = request.actor
    appointment = services.bav_booking(actor, booking_pk)
    file = services.bav_file(actor, appointment, file_pk)
    policies.require(actor, P.INTERVIEW_ADD, file)
    now = timezone.localtime().replace(second=0, microsecond=0)
    held_at = min(appointment.start, now).astimezone(timezone.get_current_timezone())
    form = InterviewForm(
        request.POST or None,
        disciplines=policies.disciplines(actor),
        organisation_id=file.organisation_id,
        initial={
            "place": appointment.agenda.service_id,
            "mode": InterviewMode.IN_PERSON,
            "held_at": held_at,
        },
    )
    if request.method == "POST":
        if not _spend(request):
            return _already_sent(request, "cases:file", file.pk)
        if form.is_valid():
            services.record_bav_interview(actor, appointment, file, form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("cases:file", file.pk)
    return _page(
        request,
        "cases/edit.html",
        {
            "form": form,
            "file": file,
            "title": _("New interview"),
            "back": reverse("cases:bav_day")
            + f"?day={appointment.start.astimezone(PARIS).date().isoformat()}",
            "once": _token(request),
            "multipart": False,
        },
        form,
    )
