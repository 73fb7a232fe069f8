"""The public guide: one question per screen, then the plan. Works without JavaScript."""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from appui.core.security import same_site_posts

from . import pdf, services, steps
from .plan import build


def private(view):
    """Answers and plans are never cached, and no page tells another site where she was.

    With no referrer, the browser's `Origin: null` defeats Django's CSRF origin check, so
    the guide's forms are guarded by Fetch Metadata and SameSite cookies instead.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return same_site_posts(never_cache(wrapper))


@require_safe
@private
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/start.html", {"answers": services.answers(request)})


@require_safe
@private
def safety(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/safety.html")


@require_safe
@private
def urgent(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/urgent.html")


TOWN_STEPS = {"where": "commune", "home": "home_commune"}


@require_http_methods(["GET", "HEAD", "POST"])
@private
def step(request: HttpRequest, name: str) -> HttpResponse:
    if name not in steps.FORMS:
        raise Http404
    answers = services.answers(request)
    if not steps.applies(name, answers):
        return redirect("guide:step", name=steps.next_step(name, answers) or "danger")
    form_class = steps.FORMS[name]
    results = []
    if request.method == "POST":
        if name in TOWN_STEPS and request.POST.get("action") == "search":
            return _town_search(request, name, answers)
        if name in TOWN_STEPS:
            results = _search(request.POST.get("place", ""))
        form = form_class(request.POST, answers=answers, **_town_kwargs(name, results))
        if form.is_valid():
            cleaned = dict(form.cleaned_data)
            hit = cleaned.pop("commune_hit", None)
            if name in TOWN_STEPS:
                cleaned[TOWN_STEPS[name]] = hit.code if hit is not None else ""
                if name == "home":
                    cleaned.pop("commune", None)
            answers = services.save_step(request, name, cleaned)
            if name == "danger" and cleaned["danger"] == "yes":
                return redirect("guide:urgent")
            following = steps.next_step(name, answers)
            return redirect("guide:step", name=following) if following else redirect("guide:plan")
    else:
        initial = {key: answers[key] for key in steps.FIELDS[name] if key in answers}
        if name in TOWN_STEPS and answers.get(TOWN_STEPS[name]):
            from appui.territory.services import get_commune

            hit = get_commune(answers[TOWN_STEPS[name]])
            results = [hit] if hit else []
            initial["commune"] = answers[TOWN_STEPS[name]]
        form = form_class(initial=initial, answers=answers, **_town_kwargs(name, results))
    return _render_step(request, name, form, answers)


def _town_kwargs(name: str, results: list) -> dict:
    return {"results": results} if name in TOWN_STEPS else {}


def _search(query: str) -> list:
    from appui.territory.services import search

    query = query.strip()
    return search(query, limit=12) if 2 <= len(query) <= 100 else []


def _town_search(request: HttpRequest, name: str, answers: dict) -> HttpResponse:
    """The first half of a town question without JavaScript: show the matching towns."""
    place = request.POST.get("place", "").strip()[:100]
    results = _search(place)
    form = steps.FORMS[name](initial={"place": place}, answers=answers, results=results)
    error = None
    if not place:
        error = _("Type the name or the postcode of the town.")
    elif not results:
        error = _("No town found for “%(query)s”: check the spelling or try the postcode.") % {
            "query": place
        }
    return _render_step(request, name, form, answers, search_error=error)


def _render_step(
    request: HttpRequest, name: str, form, answers: dict, search_error: str | None = None
) -> HttpResponse:
    order = steps.applicable(answers)
    number = order.index(name) + 1 if name in order else 1
    previous = steps.previous_step(name, answers)
    return render(
        request,
        "guide/step.html",
        {
            "name": name,
            "form": form,
            "title": steps.TITLES[name],
            "number": number,
            "total": len(order),
            "previous": reverse("guide:step", args=[previous]) if previous else None,
            "partner_questions": steps.partner_questions(answers),
            "answers": answers,
            "search_error": search_error,
            "dropped": _dropped(request),
        },
        status=422 if (form.is_bound and form.errors) or search_error else 200,
    )


def _dropped(request: HttpRequest) -> list[str]:
    return [str(steps.TITLES[name]) for name in services.take_notice(request)]


@require_safe
@private
def plan(request: HttpRequest) -> HttpResponse:
    answers = services.answers(request)
    missing = steps.first_missing(answers)
    if missing:
        return redirect("guide:step", name=missing)
    result = build(answers, translation.get_language() or "fr")
    return render(
        request,
        "guide/plan.html",
        {"plan": result, "steps": steps, "dropped": _dropped(request)},
    )


@require_safe
@private
def plan_pdf(request: HttpRequest) -> HttpResponse:
    answers = services.answers(request)
    if steps.first_missing(answers):
        return redirect("guide:plan")
    result = build(answers, translation.get_language() or "fr")
    response = HttpResponse(pdf.render(request, result), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="plan.pdf"'
    return response


@require_POST
@private
def forget(request: HttpRequest) -> HttpResponse:
    services.forget(request)
    return redirect("guide:start")


@require_safe
@never_cache
def quick_exit(request: HttpRequest) -> HttpResponse:
    """The quick exit without JavaScript: forget the answers, then leave for the neutral site.

    A GET on purpose: it is a plain link that must work in one tap. Another site making her
    leave the guide only forgets answers, which the quick exit does anyway.
    """
    services.forget(request)
    response = HttpResponseRedirect(settings.APPUI_QUICK_EXIT_URL)
    response["Referrer-Policy"] = "no-referrer"
    return response
