"""The public pre-complaint: the gate, one section per screen, her review, the choice of a
unit and a time, then sending. Works without JavaScript; nothing is cached, no page tells
another site where she was, and her answers live only in her session until she sends.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import OrderedDict

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from appui.booking import limits, notify
from appui.booking import services as booking
from appui.core.clientip import client_ip
from appui.core.security import same_site_posts
from appui.directory.hours import PARIS

from . import drafts, forms, sections, services, wording
from .models import KEEPING

HONEYPOT = "website"


def private(view):
    """Never cached, no referrer sent; forms guarded by Fetch Metadata and SameSite cookies
    (with no referrer, Django's origin check would refuse them), as the guide's."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return same_site_posts(never_cache(wrapper))


def _status(form) -> int:
    return 422 if form is not None and form.is_bound and form.errors else 200


def _progress(section: str | None) -> dict:
    total = len(sections.ORDER) + 2  # the sections, the review, the appointment
    number = sections.ORDER.index(section) + 1 if section in sections.ORDER else total
    return {"number": number, "total": total}


# --- the gate -----------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@private
def start(request: HttpRequest) -> HttpResponse:
    """What the pre-complaint is, and the three questions of the gate."""
    data = drafts.draft(request)
    form = forms.GateForm(request.POST or None, initial=(data.get("gate") or {}).get("answers"))
    if request.method == "POST" and form.is_valid():
        answers = form.cleaned_data
        if answers["danger"] == "yes":
            reason = wording.Elsewhere.DANGER
        elif answers["what"] == forms.VIOLENCE:
            reason = wording.Elsewhere.VIOLENCE
        elif answers["what"] == forms.SOMETHING_ELSE:
            reason = wording.Elsewhere.OTHER
        elif answers["author_known"] == "yes":
            reason = wording.Elsewhere.KNOWN
        else:
            drafts.save(request, "gate", {"what": answers["what"], "answers": answers})
            following = drafts.first_missing(drafts.draft(request)) or "declarant"
            return redirect("complaints:section", slug=sections.SLUGS[following])
        if drafts.passed_gate(data):  # a changed answer closes the form's door
            drafts.save(request, "gate", None)
        return redirect("complaints:elsewhere", reason=reason)
    return render(
        request,
        "complaints/start.html",
        {"form": form, "started": drafts.passed_gate(data)},
        status=_status(form),
    )


@require_safe
@private
def elsewhere(request: HttpRequest, reason: str) -> HttpResponse:
    """Not this form: where to go instead, kindly, never a dead end."""
    if reason not in wording.Elsewhere.values:
        raise Http404
    return render(request, "complaints/elsewhere.html", {"reason": reason})


# --- the sections -------------------------------------------------------------------------


def _gate_or_start(data: dict):
    return None if drafts.passed_gate(data) else redirect("complaints:start")


def _line_forms(section: str, data: dict, post=None):
    """The lines' formset (given lines, then blank ones) and the "nothing" box."""
    stored = data.get(section) or {}
    formset_class = sections.LINE_SECTIONS[section]
    extra = {}
    if section == "payments":
        extra["saved_numbers"] = sections.saved_numbers(stored)
    if post is not None:
        formset = formset_class(post, prefix="lines", **extra)
        nothing = forms.NothingForm(post, label=sections.NOTHING[section])
    else:
        lines = sections.initial(section, stored)
        formset = formset_class(
            initial=[*lines, *([{}] * sections.BLANK_LINES)], prefix="lines", **extra
        )
        nothing = forms.NothingForm(
            initial={"nothing": stored.get("nothing", False)}, label=sections.NOTHING[section]
        )
    return formset, nothing


@require_http_methods(["GET", "HEAD", "POST"])
@private
def section(request: HttpRequest, slug: str) -> HttpResponse:
    name = sections.BY_SLUG.get(slug)
    if name is None:
        raise Http404
    data = drafts.draft(request)
    if (back := _gate_or_start(data)) is not None:
        return back
    post = request.POST if request.method == "POST" else None
    context = {"section": name, "title": sections.TITLES[name], "intro": sections.INTROS[name]}
    if name in sections.LINE_SECTIONS:
        formset, nothing = _line_forms(name, data, post)
        context.update(formset=formset, nothing=nothing, errors=False)
        if post is not None:
            valid = formset.is_valid() and nothing.is_valid()
            lines = formset.filled() if valid else []
            if valid and not lines and not nothing.cleaned_data["nothing"]:
                nothing.add_error(
                    "nothing",
                    _("Fill in at least one line, or tick this box."),
                )
                valid = False
            if valid and lines and nothing.cleaned_data["nothing"]:
                nothing.add_error(
                    "nothing", _("You listed something above: untick this box, or empty the lines.")
                )
                valid = False
            if valid:
                value = sections.stored(name, {}, lines, nothing.cleaned_data["nothing"])
                data = drafts.save(request, name, value)
                if request.POST.get("action") == "more":
                    formset, nothing = _line_forms(name, data)
                    context.update(formset=formset, nothing=nothing, added=True)
                    return _section_page(request, context, 200)
                return _next(data, name)
            context["errors"] = True
            return _section_page(request, context, 422)
        return _section_page(request, context, 200)
    form_class = sections.PLAIN_FORMS[name]
    if post is not None:
        form = form_class(post)
        if form.is_valid():
            data = drafts.save(request, name, sections.stored(name, form.cleaned_data))
            return _next(data, name)
    else:
        form = form_class(initial=sections.initial(name, data.get(name) or {}))
    context["form"] = form
    return _section_page(request, context, _status(form))


def _section_page(request, context, status):
    name = context["section"]
    index = sections.ORDER.index(name)
    previous = sections.ORDER[index - 1] if index else None
    context.update(
        _progress(name),
        previous=reverse("complaints:section", args=[sections.SLUGS[previous]])
        if previous
        else reverse("complaints:start"),
        honeypot=HONEYPOT,
    )
    return render(request, f"complaints/section_{name}.html", context, status=status)


def _next(data: dict, done: str):
    """After a section: the next one she has not filled, else her review."""
    missing = drafts.first_missing(data)
    if missing is None:
        return redirect("complaints:review")
    order = sections.ORDER
    after = [s for s in order[order.index(done) + 1 :] if not sections.is_complete(s, data.get(s))]
    following = after[0] if after else missing
    return redirect("complaints:section", slug=sections.SLUGS[following])


# --- review, unit, time -------------------------------------------------------------------


def _complete_or_redirect(data: dict):
    if (back := _gate_or_start(data)) is not None:
        return back
    missing = drafts.first_missing(data)
    if missing:
        return redirect("complaints:section", slug=sections.SLUGS[missing])
    return None


@require_safe
@private
def review(request: HttpRequest) -> HttpResponse:
    data = drafts.draft(request)
    if (back := _complete_or_redirect(data)) is not None:
        return back
    rows = [
        (title, rows, reverse("complaints:section", args=[sections.SLUGS[key]]))
        for key, title, rows in services.summaries(data)
    ]
    return render(
        request,
        "complaints/review.html",
        {
            "category": sections.category_label(data["gate"]["what"]),
            "summaries": rows,
            **_progress(None),
            "number": len(sections.ORDER) + 1,
        },
    )


def _near(request, data) -> tuple[str, str]:
    """Which town the units are ranked from: the facts' (default) or her home's."""
    near = request.GET.get("near", "facts")
    if near == "home" and data["declarant"].get("home"):
        return "home", data["declarant"]["home"]
    return "facts", data["facts"].get("commune", "")


def _erasure(now: dt.datetime) -> dict:
    return {
        "erase_day": services.erase_day(now),
        "latest_day": services.latest_day(now),
    }


@require_safe
@private
def units(request: HttpRequest) -> HttpResponse:
    data = drafts.draft(request)
    if (back := _complete_or_redirect(data)) is not None:
        return back
    near, code = _near(request, data)
    now = timezone.now()
    found = services.nearest_units(code, now=now)
    return render(
        request,
        "complaints/units.html",
        {
            "near": near,
            "commune": code,
            "home": data["declarant"].get("home", ""),
            "units": found,
            **_erasure(now),
            **_progress(None),
        },
    )


def _days(slots) -> OrderedDict:
    days: OrderedDict = OrderedDict()
    for slot in slots:
        days.setdefault(slot.start.astimezone(PARIS).date(), []).append(slot)
    return days


def _slot_choices(slots) -> list[tuple[str, str]]:
    return [
        (
            slot.start.astimezone(PARIS).isoformat(),
            date_format(slot.start.astimezone(PARIS), "TIME_FORMAT"),
        )
        for slot in slots
    ]


def _chosen_day(value: str | None, days) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        day = None
    if day in days:
        return day
    return next(iter(days), None)


def _link(token: str) -> tuple[str, str]:
    """Her link and her calendar file, by the booking pages' names when they exist."""
    try:
        page = reverse("booking:detail", args=[token])
    except NoReverseMatch:
        page = f"/rendez-vous/{token}/"
    try:
        ics = reverse("booking:ics", args=[token])
    except NoReverseMatch:
        ics = f"/rendez-vous/{token}/rendez-vous.ics"
    return page, ics


@require_http_methods(["GET", "HEAD", "POST"])
@private
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit's free days and times; choosing one sends the pre-complaint."""
    data = drafts.draft(request)
    if (back := _complete_or_redirect(data)) is not None:
        return back
    place = services.receiving_unit(pk)
    if place is None:
        raise Http404
    now = timezone.now()
    days = _days(services.unit_slots(place, now=now))
    day = _chosen_day(request.POST.get("day") or request.GET.get("day"), days)
    post = request.POST if request.method == "POST" else None
    form = forms.SendForm(post, slots=_slot_choices(days.get(day, [])))
    status, problem = 200, ""
    if post is not None:
        if post.get(HONEYPOT):
            # A robot: told "sent", and nothing is created or remembered.
            return render(request, "complaints/sent.html", {"robot": True})
        if form.is_valid():
            try:
                pre_complaint, appointment, token = services.send(
                    data,
                    place,
                    form.cleaned_data["start"],
                    reminders=form.cleaned_data["reminders"],
                    client_address=client_ip(request),
                    language=translation.get_language() or "fr",
                    now=now,
                )
            except services.Incomplete as missing:
                if missing.section == "gate":
                    return redirect("complaints:start")
                return redirect("complaints:section", slug=sections.SLUGS[missing.section])
            except limits.TooMany as refusal:
                response = render(
                    request, "complaints/too_many.html", {"kind": refusal.kind}, status=429
                )
                response["Retry-After"] = str(refusal.retry_after)
                return response
            except booking.Unavailable as refusal:
                problem = str(refusal)
                status = 409
                days = _days(services.unit_slots(place))
                day = _chosen_day(day.isoformat() if day else None, days)
                form = forms.SendForm(
                    initial={"reminders": form.cleaned_data["reminders"]},
                    slots=_slot_choices(days.get(day, [])),
                )
            else:
                page, ics = _link(token)
                link = request.build_absolute_uri(page)
                notify.booked(appointment, link)
                drafts.sent(
                    request,
                    {
                        "token": token,
                        "documents": wording.likely_documents(data),
                    },
                )
                return redirect("complaints:sent")
        else:
            status = 422
    return render(
        request,
        "complaints/unit.html",
        {
            "unit": place,
            "days": days,
            "day": day,
            "form": form,
            "problem": problem,
            "honeypot": HONEYPOT,
            **_erasure(now),
            **_progress(None),
        },
        status=status,
    )


@require_safe
@private
def sent(request: HttpRequest) -> HttpResponse:
    """The "sent" page, as often as she reloads it: her code, her link, her calendar file."""
    info = drafts.sent_info(request)
    appointment = booking.by_token(info.get("token", ""))
    if appointment is None:
        return redirect("complaints:start")
    page, ics = _link(info["token"])
    received = (
        appointment.pre_complaint.received_at
        if hasattr(appointment, "pre_complaint")
        else appointment.created_at
    )
    return render(
        request,
        "complaints/sent.html",
        {
            "booking": appointment,
            "start": appointment.start.astimezone(PARIS),
            "link": request.build_absolute_uri(page),
            "ics": ics,
            "documents": [
                wording.DOCUMENTS[k] for k in info.get("documents", []) if k in wording.DOCUMENTS
            ],
            "erase_day": services.erase_day(received),
            "keeping_days": KEEPING.days,
        },
    )


@require_POST
@private
def forget(request: HttpRequest) -> HttpResponse:
    drafts.forget(request)
    return redirect("complaints:start")
