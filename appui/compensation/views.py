"""The compensation pages: open a file for a route, then its claim, documents, steps and
generated requests on one page; the association's lists; its anonymous figures."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from appui.cases import policies as case_policies
from appui.cases.services.caseload import record_caseload_read
from appui.cases.views._common import _already_sent, _spend, _token
from appui.claims.checklists import checklist as route_checklist
from appui.core.access import staff_view
from appui.rights.messages import money

from . import policies, services, stats
from .forms import (
    AddresseeForm,
    BankForm,
    ChecklistForm,
    EventForm,
    HeadForm,
    LegalCostsForm,
    OpenForm,
    ReceivedForm,
)
from .models import CAPPED_ROUTES, LETTERS, LetterKind, Route
from .permissions import CompensationPermission as P
from .wording import DATES, STATES, parties, stage


@never_cache
@staff_view(P.MANAGE)
def new(request: HttpRequest, file_pk: int) -> HttpResponse:
    actor = request.actor
    file = case_policies.get_file(actor, file_pk)
    policies.require(actor, P.MANAGE, file)
    routes = services.routes_open(file)
    form = OpenForm(request.POST if request.method == "POST" else None, routes=routes)
    if request.method == "POST":
        if not _spend(request):
            return _already_sent(request, "cases:file", file.pk)
        if form.is_valid():
            try:
                comp = services.open_compensation(actor, file, form.cleaned_data["route"])
            except services.Invalid as error:
                for field, message in error.errors.items():
                    form.add_error(field or None, message)
            else:
                messages.success(request, _("Compensation file opened."))
                return redirect("compensation:detail", comp.pk)
    status = 422 if form.is_bound and form.errors else 200
    return render(
        request,
        "compensation/new.html",
        {"form": form, "file": file, "routes": routes, "once": _token(request)},
        status=status,
    )


def _documents(comp):
    return comp.case_file.documents.all()


def _indirect(comp) -> bool:
    return comp.case_file.role == "relative"


def _detail(request, comp, status=200, **forms):
    """The compensation file's page; `forms` are bound forms with errors to show again."""
    services.read(request.actor, comp)
    lang = get_language() or "fr"
    events = list(comp.events.all())
    answer, _errors = services.compute(comp, events, lang=lang)
    dates = []
    if answer is not None:
        for d in answer["dates"]:
            dates.append(
                {
                    "label": DATES.get(d["id"], d["id"]),
                    "date": dt.date.fromisoformat(d["date"]),
                    "parties": parties(",".join(d["parties"])),
                    "state": STATES.get(d["state"], d["state"]),
                    "passed": d["state"] == "passed",
                    "next": d["id"] == answer["next"],
                    "legal_basis": ", ".join(d["legal_basis"]),
                    "extended": d["extended"],
                    "indicative": d["indicative"],
                }
            )
    heads = list(comp.heads.prefetch_related("documents"))
    total = sum((h.amount for h in heads), Decimal(0))
    received = list(comp.received.all())
    remedy = services.remedy_of(comp, lang)
    cap = remedy.cap if remedy is not None and comp.route in CAPPED_ROUTES else None
    sarvi_amount = remedy.amount if remedy is not None and comp.route == Route.SARVI else None
    items = route_checklist(comp.route, indirect=_indirect(comp))
    entries = list(comp.checklist.select_related("document"))
    documents = _documents(comp)
    generated = list(comp.generated.select_related("document"))
    context = {
        "comp": comp,
        "file": comp.case_file,
        "stage": stage(comp.stage),
        "next_label": DATES.get(comp.next_id, ""),
        "next_parties": parties(comp.next_parties),
        "dates": dates,
        "reasons": answer["reasons"] if answer else [],
        "uncertain": answer["uncertain"] if answer else [],
        "events": events,
        "heads": heads,
        "total": total,
        "total_text": money(float(total), lang),
        "cap": cap,
        "cap_text": money(cap, lang) if cap is not None else "",
        "over_cap": cap is not None and float(total) > cap,
        "sarvi_amount": money(sarvi_amount, lang) if sarvi_amount is not None else "",
        "received": received,
        "received_total": money(float(sum((r.amount for r in received), Decimal(0))), lang),
        "checklist_form": forms.get("checklist_form")
        or ChecklistForm(items=items, entries=entries, documents=documents),
        "missing": [i.label for i in items if i.key in set(services.missing_required(comp))],
        "head_form": forms.get("head_form")
        or HeadForm(route=comp.route, indirect=_indirect(comp), documents=documents),
        "received_form": forms.get("received_form") or ReceivedForm(),
        "costs_form": forms.get("costs_form")
        or LegalCostsForm(initial={"legal_costs": comp.legal_costs}),
        "event_form": forms.get("event_form") or EventForm(procedure=comp.procedure),
        "bank_form": forms.get("bank_form")
        or BankForm(initial={"account_holder": comp.account_holder}),
        "iban_masked": services.masked_iban(comp.iban),
        "addressee_form": forms.get("addressee_form")
        or AddresseeForm(
            initial={
                "addressee_name": comp.addressee_name,
                "addressee_address": comp.addressee_address,
            }
        ),
        "letters": [LetterKind(k) for k in LETTERS.get(comp.route, ())],
        "generated": generated,
        "once": _token(request),
    }
    return render(request, "compensation/detail.html", context, status=status)


@never_cache
@staff_view(P.MANAGE)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, policies.get(request.actor, pk))


def _post(request, pk):
    comp = policies.get(request.actor, pk)
    policies.require(request.actor, P.MANAGE, comp)
    return comp


def _errors_to(form, error):
    for field, message in error.errors.items():
        form.add_error(field if field in form.fields else None, message)


def _back(comp, anchor: str):
    from django.urls import reverse

    return redirect(reverse("compensation:detail", args=[comp.pk]) + f"#{anchor}")


@require_POST
@staff_view(P.MANAGE)
def head_add(request, pk):
    comp = _post(request, pk)
    form = HeadForm(
        request.POST, route=comp.route, indirect=_indirect(comp), documents=_documents(comp)
    )
    if not _spend(request):
        return _already_sent(request, "compensation:detail", comp.pk)
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["documents"] = list(data["documents"])
        try:
            services.save_head(request.actor, comp, data)
        except services.Invalid as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("Head of damage added."))
            return _back(comp, "claim")
    return _detail(request, comp, 422, head_form=form)


@require_POST
@staff_view(P.MANAGE)
def head_delete(request, pk, head_pk):
    comp = _post(request, pk)
    head = comp.heads.filter(pk=head_pk).first()
    if head is None:
        raise Http404
    services.delete_head(request.actor, comp, head)
    messages.success(request, _("Head of damage removed."))
    return _back(comp, "claim")


@require_POST
@staff_view(P.MANAGE)
def received_add(request, pk):
    comp = _post(request, pk)
    form = ReceivedForm(request.POST)
    if not _spend(request):
        return _already_sent(request, "compensation:detail", comp.pk)
    if form.is_valid():
        services.add_received(request.actor, comp, form.cleaned_data)
        messages.success(request, _("Sum received added."))
        return _back(comp, "received")
    return _detail(request, comp, 422, received_form=form)


@require_POST
@staff_view(P.MANAGE)
def received_delete(request, pk, line_pk):
    comp = _post(request, pk)
    line = comp.received.filter(pk=line_pk).first()
    if line is None:
        raise Http404
    services.delete_received(request.actor, comp, line)
    messages.success(request, _("Sum received removed."))
    return _back(comp, "received")


@require_POST
@staff_view(P.MANAGE)
def legal_costs(request, pk):
    comp = _post(request, pk)
    form = LegalCostsForm(request.POST)
    if form.is_valid():
        services.set_legal_costs(request.actor, comp, form.cleaned_data["legal_costs"])
        messages.success(request, _("Legal costs saved."))
        return _back(comp, "claim")
    return _detail(request, comp, 422, costs_form=form)


@require_POST
@staff_view(P.MANAGE)
def checklist(request, pk):
    comp = _post(request, pk)
    form = ChecklistForm(
        request.POST,
        items=route_checklist(comp.route, indirect=_indirect(comp)),
        entries=list(comp.checklist.all()),
        documents=_documents(comp),
    )
    if form.is_valid():
        try:
            services.update_checklist(request.actor, comp, form.entries())
        except services.Invalid as error:
            for key, message in error.errors.items():
                form.add_error(
                    f"document_{key}" if f"document_{key}" in form.fields else None, message
                )
        else:
            messages.success(request, _("Documents list saved."))
            return _back(comp, "documents")
    return _detail(request, comp, 422, checklist_form=form)


@require_POST
@staff_view(P.MANAGE)
def event_add(request, pk):
    comp = _post(request, pk)
    form = EventForm(request.POST, procedure=comp.procedure)
    if not _spend(request):
        return _already_sent(request, "compensation:detail", comp.pk)
    if form.is_valid():
        try:
            services.record_event(request.actor, comp, form.cleaned_data)
        except services.Invalid as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("Step recorded. The dates and tasks are up to date."))
            return _back(comp, "steps")
    return _detail(request, comp, 422, event_form=form)


@require_POST
@staff_view(P.MANAGE)
def event_undo(request, pk):
    comp = _post(request, pk)
    services.remove_last_event(request.actor, comp)
    messages.success(request, _("The last step was removed."))
    return _back(comp, "steps")


@require_POST
@staff_view(P.MANAGE)
def bank(request, pk):
    comp = _post(request, pk)
    form = BankForm(request.POST)
    if form.is_valid():
        try:
            services.set_bank_details(
                request.actor,
                comp,
                form.cleaned_data["iban"],
                form.cleaned_data["bic"],
                form.cleaned_data["account_holder"],
            )
        except services.Invalid as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("Bank details saved."))
            return _back(comp, "bank")
    return _detail(request, comp, 422, bank_form=form)


@require_POST
@staff_view(P.MANAGE)
def addressee(request, pk):
    comp = _post(request, pk)
    form = AddresseeForm(request.POST)
    if form.is_valid():
        services.set_addressee(
            request.actor,
            comp,
            form.cleaned_data["addressee_name"],
            form.cleaned_data["addressee_address"],
        )
        messages.success(request, _("Recipient saved."))
        return _back(comp, "generate")
    return _detail(request, comp, 422, addressee_form=form)


@require_POST
@staff_view(P.MANAGE)
def generate(request, pk, kind):
    comp = _post(request, pk)
    if kind not in LETTERS.get(comp.route, ()):
        raise Http404
    from . import documents

    documents.generate(request.actor, comp, LetterKind(kind))
    messages.success(request, _("Document generated and added to the file's documents."))
    return _back(comp, "generate")


# ------------------------------------------------------------------------------- lists

LISTS = {
    "offers": gettext_lazy("Offers awaiting the victim's answer"),
    "payments": gettext_lazy("Payments overdue"),
    "hearings": gettext_lazy("Hearings this month"),
    "all": gettext_lazy("All open compensation files"),
}


@never_cache
@staff_view(P.MANAGE)
def lists(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    which = request.GET.get("list", "offers")
    if which not in LISTS:
        which = "offers"
    page = Paginator(stats.listing(actor, which, timezone.localdate()), stats.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    # The lists show people's names: one read line per file listed.
    record_caseload_read(actor, [r.case_file for r in rows])
    for row in rows:
        row.stage_text = stage(row.stage)
        row.next_label = DATES.get(row.next_id, "")
    return render(
        request,
        "compensation/list.html",
        {"rows": rows, "page": page, "which": which, "lists": LISTS},
    )


@never_cache
@staff_view(None)
def figures(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    national = policies.allows(actor, P.STATS_NATIONAL)
    if not (national or policies.allows(actor, P.STATS)):
        raise PermissionDenied
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
    table = stats.table(actor, year)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="compensation-{year}.csv"'
        writer = csv.writer(response)
        writer.writerow(stats.CSV_HEADER)
        for row in table:
            writer.writerow(row.csv())
        return response
    return render(
        request,
        "compensation/figures.html",
        {"table": table, "year": year, "charts": stats.charts(table), "national": national},
    )
