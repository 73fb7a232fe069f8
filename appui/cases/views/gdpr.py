"""A person's rights over their data: export and erasure."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from appui.core.access import staff_view

from .. import policies, services
from ..permissions import CasePermission as P


@never_cache
@staff_view(P.PERSON_EXPORT, reauthenticate=True)
def person_export(request, pk, fmt):
    from appui.core import pdf

    from .. import gdpr

    try:
        data = gdpr.export_person(request.actor, pk)
    except PermissionDenied:
        raise Http404 from None
    if fmt == "json":
        import json

        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
    else:
        response = HttpResponse(
            pdf.render(request, "cases/export_pdf.html", {"data": data}, "cases/export.css"),
            content_type="application/pdf",
        )
    response["Content-Disposition"] = f'attachment; filename="person-{pk}.{fmt}"'
    return response


@never_cache
@staff_view(P.PERSON_ERASE, reauthenticate=True)
def person_erase(request, pk):
    from .. import gdpr

    person = policies.get_person(request.actor, pk)
    policies.require(request.actor, P.PERSON_ERASE, person)
    if request.method == "POST":
        if request.POST.get("confirm") != str(person.pk):
            messages.error(request, _("Tick the box to confirm the erasure."))
        else:
            counts = gdpr.erase_person(request.actor, pk)
            messages.success(
                request,
                _("Erased: the person, %(files)s files and %(documents)s documents.")
                % {"files": counts["files"], "documents": counts["documents"]},
            )
            return redirect("cases:search")
    services.record_person_read(request.actor, person)
    return render(request, "cases/person_erase.html", {"person": person})
