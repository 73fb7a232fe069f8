"""Ask to be called back: the guide's one door into an association's intake queue."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from . import services
from .views import private


@require_http_methods(["GET", "HEAD", "POST"])
@private
def callback(request: HttpRequest) -> HttpResponse:
    """Ask to be called back: the request joins the competent association's intake queue."""
    from appui.cases import services as cases

    from .forms import CallbackForm
    from .questions import OFFENCES, Situation

    answers = services.answers(request)
    form = CallbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        category = OFFENCES[answers.get("situation", Situation.OTHER)][0] if answers else ""
        intake = cases.request_callback(
            commune_code=answers.get("commune", ""),
            data={
                "contact_name": data["name"],
                "contact_phone": data["phone"],
                "preferred_time": data["preferred_time"],
                "language": translation.get_language() or "fr",
                "offence_category": category,
            },
        )
        return render(request, "guide/callback_done.html", {"organisation": intake.organisation})
    return render(
        request,
        "guide/callback.html",
        {"form": form},
        status=422 if form.is_bound and form.errors else 200,
    )
