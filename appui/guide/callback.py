"""Ask to be called back: the guide's one door into an association's intake queue.

With her consent the request carries what she told the guide (danger now, whether the
author is her partner or former partner, what happened, when, the town) and her
language. After a valid post the browser is sent to the "sent" page (post, redirect,
get), so a reload never sends twice. Limits per client address and per phone number
stop a flood; a field hidden from people (a honeypot) catches the simplest robots.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from appui.core.clientip import client_ip

from . import services
from .forms import CallbackForm
from .questions import OFFENCES, Situation
from .views import private

# A field no person sees or hears (hidden, out of the tab order): only a robot fills it.
HONEYPOT = "website"
# What the "sent" page needs, and nothing else: the association's id.
SENT_KEY = "guide_callback_organisation"
# A refused request may be sent again after (seconds): the window of the limit it hit.
RETRY_AFTER = {"address": 60 * 60, "phone": 24 * 60 * 60}


class CallbackRequestForm(CallbackForm):
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I agree that what I type here (name, phone number, when to call), the answers "
            "listed above (danger now, whether the author is my partner or former partner, "
            "what happened, the date, my town) and my language are sent to the victim "
            "support association so that it calls me back."
        ),
        error_messages={
            "required": gettext_lazy("Without your agreement we cannot send your request.")
        },
    )


def _text(answers: dict[str, Any], name: str) -> str:
    """An answer as the guide writes it (a string), or "" for anything else."""
    value = answers.get(name)
    return value if isinstance(value, str) else ""


def situations(answers: dict[str, Any]) -> list[str]:
    """The situations she ticked (most serious first); older sessions kept a single one."""
    given = answers.get("situations")
    if given is None:
        given = answers.get("situation")
    if isinstance(given, str):
        given = [given]
    if not isinstance(given, list | tuple):
        return []
    order = {value: rank for rank, value in enumerate(Situation.values)}
    chosen = {value for value in given if isinstance(value, str) and value in order}
    return sorted(chosen, key=order.__getitem__)  # the guide's order: most serious first


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _commune(value: str):
    from appui.territory.services import get_commune

    return get_commune(value) if value and len(value) <= 5 else None


AUTHORS = {"partner", "known", "unknown"}


def facts(answers: dict[str, Any]) -> dict[str, Any]:
    """The guide's answers as the intake's fields (whatever is missing stays empty)."""
    from appui.cases.models import OffenceCategory

    known = set(OffenceCategory.values)
    categories = [OFFENCES[value][0] for value in situations(answers) if value in OFFENCES]
    categories = [c for c in dict.fromkeys(categories) if c in known]
    author = _text(answers, "author")
    commune = _commune(_text(answers, "commune"))
    return {
        "danger_now": _text(answers, "danger") == "yes",
        "author_is_partner": (author == "partner") if author in AUTHORS else None,
        "offence_categories": categories,
        "offence_category": categories[0] if categories else "",
        "offence_date": _date(_text(answers, "date")),
        "commune_code": commune.code if commune else "",
    }


def shared(answers: dict[str, Any]) -> list[tuple[str, str]]:
    """What the request will carry from her answers, in words, for her consent."""
    rows = []
    danger = _text(answers, "danger")
    if danger in {"yes", "no"}:
        rows.append((_("In danger now"), _("Yes") if danger == "yes" else _("No")))
    chosen = situations(answers)
    if chosen:
        rows.append((_("What happened"), ", ".join(str(Situation(v).label) for v in chosen)))
    day = _date(_text(answers, "date"))
    if day:
        rows.append((_("Date of the facts"), day.strftime("%d/%m/%Y")))
    commune = _commune(_text(answers, "commune"))
    if commune:
        rows.append((_("Town"), commune.label))
    author = _text(answers, "author")
    if author in AUTHORS:
        rows.append(
            (
                _("The author is my partner or former partner"),
                _("Yes") if author == "partner" else _("No"),
            )
        )
    language = translation.get_language_info(translation.get_language() or "fr")
    rows.append((_("Language"), language["name_local"]))
    return rows


@require_http_methods(["GET", "HEAD", "POST"])
@private
def callback(request: HttpRequest) -> HttpResponse:
    """Ask to be called back: the request joins the competent association's intake queue."""
    from appui.cases import services as cases

    answers = services.answers(request)
    form = CallbackRequestForm(request.POST or None)
    refused = ""
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            # A robot: it is told "sent", and nothing is created or remembered.
            return render(request, "guide/callback_done.html", {"organisation": None})
        if form.is_valid():
            data = form.cleaned_data
            found = facts(answers)
            try:
                intake = cases.request_callback(
                    commune_code=found.pop("commune_code"),
                    data={
                        "contact_name": data["name"],
                        "contact_phone": data["phone"],
                        "preferred_time": data["preferred_time"],
                        "language": translation.get_language() or "fr",
                        **found,
                    },
                    client_address=client_ip(request),
                )
            except cases.TooManyCallbacks as refusal:
                refused = refusal.kind
            except ValidationError:
                form.add_error(
                    None,
                    _(
                        "Your request could not be sent. Check what you typed, or call the "
                        "victim helpline 116 006."
                    ),
                )
            else:
                request.session[SENT_KEY] = intake.organisation_id
                request.session.set_expiry(0)  # gone when the browser closes
                return redirect("guide:callback_sent")
    if refused:
        status = 429
    elif form.is_bound and form.errors:
        status = 422
    else:
        status = 200
    response = render(
        request,
        "guide/callback.html",
        {"form": form, "shared": shared(answers), "refused": refused, "honeypot": HONEYPOT},
        status=status,
    )
    if refused:
        response["Retry-After"] = str(RETRY_AFTER[refused])
    return response


@require_safe
@private
def callback_sent(request: HttpRequest) -> HttpResponse:
    """The "sent" page, as often as she reloads it: nothing is sent again."""
    from appui.core.models import Organisation

    organisation_id = request.session.get(SENT_KEY)
    organisation = (
        Organisation.objects.filter(pk=organisation_id).first()
        if isinstance(organisation_id, int)
        else None
    )
    if organisation is None:
        return redirect("guide:callback")
    return render(request, "guide/callback_done.html", {"organisation": organisation})
