"""Finding people, their page and identity."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from appui.core.access import Permission as P
from appui.core.access import staff_view

from .. import policies, services
from ..forms import (
    PersonForm,
    SearchForm,
)
from ._common import (
    ONCE_KEY,
    _affair_param,
    _already_sent,
    _intake_param,
    _page,
    _spend,
    _token,
)


@never_cache
@staff_view(P.PERSON_SEARCH)
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    matches = None
    if form.is_bound and form.is_valid():
        matches = services.search_people(request.actor, **form.cleaned_data)
    return _page(
        request,
        "cases/search.html",
        {
            "form": form,
            "matches": matches,
            "intake": request.GET.get("intake", ""),
            "affair": _affair_param(request),
        },
        form,
    )


@never_cache
@staff_view(P.FILE_CREATE)
def person_new(request: HttpRequest) -> HttpResponse:
    intake = _intake_param(request)
    initial = {}
    if intake:
        parts = intake.contact_name.split(" ", 1)
        initial = {
            "last_name": parts[-1] if len(parts) > 1 else parts[0],
            "first_name": parts[0] if len(parts) > 1 else "",
            "phone": intake.contact_phone,
            "email": intake.contact_email,
            "commune_code": intake.commune_code,
        }
    form = PersonForm(request.POST or None, initial=initial)
    duplicates = []
    if request.method == "POST":
        if request.POST.get("once") not in request.session.get(ONCE_KEY, []):
            return _already_sent(request, "cases:search")
        if form.is_valid():
            if request.POST.get("confirm") != "1":
                duplicates = services.likely_duplicates(request.actor, form.cleaned_data)
            if not duplicates:
                _spend(request)
                person = services.create_person(request.actor, form.cleaned_data)
                messages.success(request, _("Person created. Now open the file of this affair."))
                affair = request.POST.get("affair") or request.GET.get("affair")
                query = f"?intake={intake.pk}" if intake else ""
                if affair and str(affair).isdigit():
                    query = f"?affair={affair}"
                return redirect(f"{reverse('cases:file_new', args=[person.pk])}{query}")
    return _page(
        request,
        "cases/person_new.html",
        {
            "form": form,
            "duplicates": duplicates,
            "intake": intake,
            "affair": _affair_param(request),
            "once": request.POST.get("once") or _token(request),
        },
        form,
    )


@never_cache
@staff_view(P.FILE_VIEW)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person, files = services.read_person(request.actor, pk)
    return render(
        request,
        "cases/person_detail.html",
        {
            "person": person,
            "files": files,
            "can_erase": policies.allows(request.actor, P.PERSON_ERASE, person),
        },
    )


@never_cache
@staff_view(P.FILE_EDIT)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = policies.get_person(request.actor, pk)
    policies.require(request.actor, P.FILE_EDIT, person)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.update_person(request.actor, person, form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("cases:person", person.pk)
    services.record_person_read(request.actor, person)
    return _page(
        request,
        "cases/edit.html",
        {"form": form, "title": _("Identity"), "back": reverse("cases:person", args=[person.pk])},
        form,
    )
