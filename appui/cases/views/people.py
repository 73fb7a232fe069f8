"""Finding people, their page and identity."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from appui.core.access import staff_view

from .. import policies, services
from ..forms import (
    PersonForm,
    SearchForm,
)
from ..permissions import CasePermission as P
from ._common import (
    ONCE_KEY,
    _affair_param,
    _already_sent,
    _intake_param,
    _page,
    _spend,
    _token,
)

SEARCH_FIELDS = ("name", "birth_date", "phone", "number")


def _carried(intake, affair) -> str:
    """The query string that carries an intake and an affair from page to page."""
    params = {}
    if intake is not None:
        params["intake"] = intake.pk
    if affair is not None:
        params["affair"] = affair.pk
    return f"?{urlencode(params)}" if params else ""


@never_cache
@staff_view(P.PERSON_SEARCH)
def search(request: HttpRequest) -> HttpResponse:
    """People by name, birth date or phone; files by number. Coming from an intake, the
    search is made at once with the name and phone she gave (never put in the address)."""
    intake = _intake_param(request)
    affair = _affair_param(request)
    data = request.GET if any(k in request.GET for k in SEARCH_FIELDS) else None
    if data is None and intake is not None and (intake.contact_name or intake.contact_phone):
        data = {"name": intake.contact_name[:100], "phone": intake.contact_phone[:30]}
    form = SearchForm(data)
    matches = files = None
    if form.is_bound and form.is_valid():
        criteria = form.people_criteria()
        if criteria:
            matches = services.search_people(request.actor, **criteria)
        if form.cleaned_data.get("number"):
            files = services.search_files(request.actor, form.cleaned_data["number"])
    return _page(
        request,
        "cases/search.html",
        {
            "form": form,
            "matches": matches,
            "files": files,
            "intake": intake,
            "affair": affair,
            "carried": _carried(intake, affair),
            "can_create": policies.allows(request.actor, P.FILE_CREATE),
            "openable": {
                m.person.pk
                for m in matches or ()
                if policies.allows(request.actor, P.FILE_CREATE, m.person)
            },
        },
        form,
    )


def _from_intake(intake) -> dict:
    """What a new person's form starts with when she came through an intake."""
    first_name, last_name = services.split_contact_name(intake.contact_name)
    return {
        "last_name": last_name,
        "first_name": first_name,
        "phone": intake.contact_phone,
        "email": intake.contact_email,
        "commune_code": intake.commune_code,
        "language": intake.language,
    }


@never_cache
@staff_view(P.FILE_CREATE)
def person_new(request: HttpRequest) -> HttpResponse:
    intake = _intake_param(request)
    affair = _affair_param(request)
    form = PersonForm(request.POST or None, initial=_from_intake(intake) if intake else {})
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
                return redirect(
                    reverse("cases:file_new", args=[person.pk]) + _carried(intake, affair)
                )
    return _page(
        request,
        "cases/person_new.html",
        {
            "form": form,
            "duplicates": duplicates,
            "intake": intake,
            "affair": affair,
            "carried": _carried(intake, affair),
            "once": request.POST.get("once") or _token(request),
        },
        form,
    )


@never_cache
@staff_view(P.FILE_VIEW)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Her identity and files; coming from an intake (`?intake=`), each of her files offers
    to take the intake in, and a new file can be opened for it."""
    person, files = services.read_person(request.actor, pk)
    intake = _intake_param(request)
    can_take = intake is not None and policies.allows(request.actor, P.FILE_CREATE, person)
    return render(
        request,
        "cases/person_detail.html",
        {
            "person": person,
            "files": files,
            "intake": intake if can_take else None,
            "can_attach": can_take and policies.allows(request.actor, P.FILE_EDIT, person),
            "can_edit": policies.allows(request.actor, P.FILE_EDIT, person),
            "can_open": policies.allows(request.actor, P.FILE_CREATE, person),
            "can_export": policies.allows(request.actor, P.PERSON_EXPORT, person),
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
