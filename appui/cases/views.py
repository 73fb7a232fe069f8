"""Staff pages of the case files. Thin: a form, one service call, a template.

Every view wears `staff_view(permission)`; object ids go through `policies`, so another
association's id answers 404, as an id that does not exist.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from appui.core.access import Permission as P
from appui.core.access import staff_view
from appui.core.models import AuditEvent, ExceptionalAccess
from appui.rights.messages import money

from . import policies, services
from .forms import (
    AffairForm,
    AssessmentForm,
    CloseIntakeForm,
    DocumentForm,
    ExceptionalAccessForm,
    FactsForm,
    IntakeForm,
    InterviewForm,
    JoinAffairForm,
    NewFileForm,
    PersonForm,
    ProtectionForm,
    ReferralForm,
    ReferralStatusForm,
    SearchForm,
)
from .models import Channel, Intake, IntakeStatus, TaskStatus
from .rights import DEADLINE_LABELS, REMEDY_TITLES, assessment_for, missing_label

ONCE_KEY = "appui_form_tokens"


def _token(request: HttpRequest) -> str:
    """A one-time token for a creating form: a second submit is recognised, not repeated."""
    token = secrets.token_urlsafe(16)
    tokens = request.session.get(ONCE_KEY, [])[-30:]
    request.session[ONCE_KEY] = [*tokens, token]
    return token


def _spend(request: HttpRequest) -> bool:
    token = request.POST.get("once", "")
    tokens = request.session.get(ONCE_KEY, [])
    if token not in tokens:
        return False
    tokens.remove(token)
    request.session[ONCE_KEY] = tokens
    return True


def _already_sent(request: HttpRequest, to: str, *args):
    messages.info(request, _("This form was already sent: nothing was saved twice."))
    return redirect(to, *args)


def _page(request, template, context, form=None):
    status = 422 if form is not None and form.is_bound and form.errors else 200
    return render(request, template, context, status=status)


# --- tasks -----------------------------------------------------------------------------


@never_cache
@staff_view(P.TASKS)
def home(request: HttpRequest) -> HttpResponse:
    team = request.GET.get("team") == "1"
    lists = services.task_lists(request.actor, team=team)
    return render(request, "cases/home.html", {"lists": lists, "team": team})


@require_POST
@staff_view(P.TASKS)
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        task = services.complete_task(request.actor, pk)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Task marked as done."))
    target = request.POST.get("back")
    if target == "file":
        return redirect("cases:file", task.case_file_id)
    return redirect("cases:home")


# --- intake ----------------------------------------------------------------------------


@never_cache
@staff_view(P.INTAKE_QUEUE)
def intake_queue(request: HttpRequest) -> HttpResponse:
    # Someone in danger now first, then the oldest request.
    intakes = list(
        policies.intakes(request.actor)
        .filter(status=IntakeStatus.NEW)
        .order_by("-danger_now", "received_at")[:200]
    )
    services.record_queue_read(request.actor, intakes)
    return render(request, "cases/intake_queue.html", {"intakes": intakes})


@never_cache
@staff_view(None)
def intake_new(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    transfer = policies.allows(actor, P.INTAKE_TRANSFER)
    if not transfer:
        policies.require(actor, P.INTAKE_QUEUE)
    form = IntakeForm(request.POST or None, transfer=transfer)
    if request.method == "POST":
        if not _spend(request):
            return _already_sent(request, "cases:intake_queue")
        if form.is_valid():
            data = {
                k: v for k, v in form.cleaned_data.items() if k not in {"channel", "organisation"}
            }
            organisation = form.cleaned_data.get("organisation")
            if transfer and organisation is None:
                organisation = services.competent_organisation(data.get("commune_code", ""))
            intake = services.create_intake(
                actor,
                channel=form.cleaned_data["channel"],
                data=data,
                organisation_id=organisation.pk if organisation else None,
            )
            if not policies.is_own(actor, intake):
                messages.success(request, _("Sent to %(org)s.") % {"org": intake.organisation})
                return redirect("cases:intake_new")
            messages.success(request, _("Added to the intake queue."))
            return redirect("cases:intake", intake.pk)
    return _page(
        request,
        "cases/intake_new.html",
        {"form": form, "once": _token(request), "transfer": transfer},
        form,
    )


@never_cache
@staff_view(P.INTAKE_QUEUE)
def intake_detail(request: HttpRequest, pk: int) -> HttpResponse:
    intake = services.read_intake(request.actor, pk)
    matches = []
    can_take = policies.allows(request.actor, P.FILE_CREATE, intake)
    if (
        can_take
        and intake.status == IntakeStatus.NEW
        and (intake.contact_name or intake.contact_phone)
    ):
        matches = services.search_people(
            request.actor, name=intake.contact_name, phone=intake.contact_phone
        )
    form = CloseIntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_intake(request.actor, intake, form.cleaned_data["reason"])
        except services.AlreadyHandled:
            messages.info(request, _("This intake was already handled."))
        else:
            messages.success(request, _("Intake closed."))
        return redirect("cases:intake_queue")
    return _page(
        request,
        "cases/intake_detail.html",
        {
            "intake": intake,
            "matches": matches,
            "form": form,
            "can_take": can_take,
            "commune": _commune_label(intake.commune_code),
            "language": _language_name(intake.language),
        },
        form,
    )


def _commune_label(code: str) -> str:
    """A town's name and postcode rather than its INSEE code (the code if unknown)."""
    from appui.territory.services import get_commune

    hit = get_commune(code) if code else None
    return hit.label if hit else code


def _language_name(code: str) -> str:
    """The language she used, in the reader's language ("Spanish", "espagnol")."""
    from django.utils.translation import get_language_info

    try:
        return get_language_info(code)["name_translated"] if code else ""
    except KeyError:
        return code


# --- people ----------------------------------------------------------------------------


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


def _intake_param(request: HttpRequest) -> Intake | None:
    raw = request.GET.get("intake") or request.POST.get("intake")
    if not raw:
        return None
    if not str(raw).isdigit():
        raise Http404
    intake = policies.get_intake(request.actor, int(raw))
    return intake if intake.status == IntakeStatus.NEW else None


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


# --- files -----------------------------------------------------------------------------


@never_cache
@staff_view(P.FILE_CREATE)
def file_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = policies.get_person(request.actor, pk)
    policies.require(request.actor, P.FILE_CREATE, person)
    intake = _intake_param(request)
    affair = _affair_param(request)
    initial = {"channel": intake.channel if intake else Channel.OWN_REQUEST}
    if intake:
        categories = intake.offence_categories or [intake.offence_category]
        initial.update(
            offence_category=categories[0],
            other_offence_categories=categories[1:],
            commune_code=intake.commune_code,
            mandate_reference=intake.mandate_reference,
            mandate_due=intake.mandate_due,
        )
    form_class = JoinAffairForm if affair else NewFileForm
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST":
        if not _spend(request):
            return _already_sent(request, "cases:person", person.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                file = services.open_file(
                    request.actor,
                    person=person,
                    role=data["role"],
                    channel=data["channel"],
                    affair=affair,
                    affair_data=None if affair else data,
                    intake=intake,
                    mandate_reference=data.get("mandate_reference") or "",
                    mandate_due=data.get("mandate_due"),
                )
            except services.AlreadyHandled:
                messages.info(request, _("This intake was already handled."))
                return redirect("cases:intake_queue")
            except services.DuplicateFile as duplicate:
                messages.info(request, _("This person already has a file in this affair."))
                return redirect("cases:file", duplicate.existing.pk)
            messages.success(request, _("File %(number)s opened.") % {"number": file.number})
            return redirect("cases:file", file.pk)
    services.record_person_read(request.actor, person)
    return _page(
        request,
        "cases/file_new.html",
        {
            "form": form,
            "person": person,
            "intake": intake,
            "affair": affair,
            "once": _token(request),
        },
        form,
    )


def _affair_param(request: HttpRequest):
    """An affair of one's own association, named in the query (`?affair=`), or None."""
    raw = request.GET.get("affair") or request.POST.get("affair")
    if not raw:
        return None
    if not str(raw).isdigit():
        raise Http404
    from .models import Affair

    affair = Affair.objects.filter(
        pk=int(raw), organisation_id=request.actor.organisation_id
    ).first()
    if affair is None:
        raise Http404
    return affair


@never_cache
@staff_view(P.FILE_VIEW)
def file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    file = services.read_file(actor, pk)
    interviews = list(file.interviews.select_related("author__staff_profile", "place"))
    for interview in interviews:
        interview.note_visible = policies.can_read_note(actor, interview, file)
    services.record_note_reads(actor, file, [i for i in interviews if i.note_visible])
    lang = get_language() or "fr"
    result, errors = assessment_for(file, lang)
    remedies = []
    if result is not None:
        for remedy in result.remedies:
            if remedy.status.value == "not_eligible":
                continue
            remedies.append(
                {
                    "remedy": remedy,
                    "title": REMEDY_TITLES[remedy.id],
                    "deadlines": [(DEADLINE_LABELS.get(d.id, d.id), d) for d in remedy.deadlines],
                    "missing": [missing_label(path) for path in remedy.missing],
                    "cap": None if remedy.cap is None else money(remedy.cap, lang),
                    "amount": None if remedy.amount is None else money(remedy.amount, lang),
                }
            )
    context = {
        "file": file,
        "person": file.person,
        "affair": file.affair,
        "interviews": interviews,
        "referrals": list(file.referrals.all()),
        "assessments": list(file.assessments.all()),
        "protections": list(file.protections.all()),
        "documents": list(file.documents.all()),
        "tasks": list(file.tasks.filter(status=TaskStatus.OPEN)),
        "others": list(
            policies.files(actor)
            .filter(affair_id=file.affair_id)
            .exclude(pk=file.pk)
            .select_related("person")
        ),
        "remedies": remedies,
        "rights_errors": errors,
        "own": policies.allows(actor, P.FILE_VIEW, file),
        "can": {p.value: policies.allows(actor, p, file) for p in P},
        "disciplines": actor.disciplines() if policies.allows(actor, P.INTERVIEW_ADD, file) else (),
        "exceptional": policies.is_exceptional(actor, file.organisation_id),
        "referral_status_form": ReferralStatusForm(),
    }
    return render(request, "cases/file_detail.html", context)


def _file_for_write(request, pk, permission):
    file = policies.get_file(request.actor, pk)
    policies.require(request.actor, permission, file)
    return file


def _edit(
    request,
    pk,
    form_class,
    permission,
    save,
    title,
    *,
    instance_of=None,
    creating=False,
    form_kwargs=None,
    shows_affair=False,
):
    """A form on a file; when it shows what the file holds (`instance_of`), each display
    is recorded as a read."""
    file = _file_for_write(request, pk, permission)
    instance = instance_of(file) if instance_of else None
    form = form_class(
        request.POST or None,
        request.FILES or None,
        **({"instance": instance} if instance is not None else {}),
        **(form_kwargs(request, file) if form_kwargs else {}),
    )
    if request.method == "POST":
        if creating and not _spend(request):
            return _already_sent(request, "cases:file", file.pk)
        if form.is_valid():
            save(request.actor, file, form)
            messages.success(request, _("Saved."))
            return redirect("cases:file", file.pk)
    if instance is not None:
        services.record_form_read(request.actor, file, affair=shows_affair)
    return _page(
        request,
        "cases/edit.html",
        {
            "form": form,
            "file": file,
            "title": title,
            "back": reverse("cases:file", args=[file.pk]),
            "once": _token(request) if creating else "",
            "multipart": bool(form.is_multipart()),
        },
        form,
    )


@never_cache
@staff_view(P.FILE_EDIT)
def affair_edit(request, pk):
    return _edit(
        request,
        pk,
        AffairForm,
        P.FILE_EDIT,
        lambda a, f, form: services.update_affair(a, f, form.cleaned_data),
        _("What happened and the procedure"),
        instance_of=lambda f: f.affair,
        shows_affair=True,
    )


@never_cache
@staff_view(P.FILE_EDIT)
def facts_edit(request, pk):
    return _edit(
        request,
        pk,
        FactsForm,
        P.FILE_EDIT,
        lambda a, f, form: services.update_facts(a, f, form.cleaned_data),
        _("Harm, resources and danger"),
        instance_of=lambda f: f,
    )


@require_POST
@staff_view(P.FILE_EDIT)
def file_close(request, pk):
    file = _file_for_write(request, pk, P.FILE_EDIT)
    services.close_file(request.actor, file)
    messages.success(request, _("File closed."))
    return redirect("cases:file", file.pk)


@never_cache
@staff_view(P.INTERVIEW_ADD)
def interview_new(request, pk):
    actor = request.actor
    return _edit(
        request,
        pk,
        InterviewForm,
        P.INTERVIEW_ADD,
        lambda a, f, form: services.add_interview(a, f, form.cleaned_data),
        _("New interview"),
        creating=True,
        form_kwargs=lambda r, f: {
            "disciplines": actor.disciplines(),
            "organisation_id": f.organisation_id,
        },
    )


@never_cache
@staff_view(P.REFERRAL_EDIT)
def referral_new(request, pk):
    return _edit(
        request,
        pk,
        ReferralForm,
        P.REFERRAL_EDIT,
        lambda a, f, form: services.add_referral(a, f, form.cleaned_data),
        _("New referral to a partner"),
        creating=True,
    )


@require_POST
@staff_view(P.REFERRAL_EDIT)
def referral_status(request, pk, referral_pk):
    file = _file_for_write(request, pk, P.REFERRAL_EDIT)
    form = ReferralStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("cases:file", file.pk)
    try:
        services.set_referral_status(request.actor, file, referral_pk, form.cleaned_data["status"])
    except services.Referral.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("Saved."))
    return redirect("cases:file", file.pk)


@never_cache
@staff_view(P.ASSESSMENT_EDIT)
def assessment_new(request, pk):
    return _edit(
        request,
        pk,
        AssessmentForm,
        P.ASSESSMENT_EDIT,
        lambda a, f, form: services.add_assessment(a, f, form.cleaned_data),
        _("Individual assessment (EVVI)"),
        creating=True,
    )


@never_cache
@staff_view(P.PROTECTION_EDIT)
def protection_new(request, pk):
    return _edit(
        request,
        pk,
        ProtectionForm,
        P.PROTECTION_EDIT,
        lambda a, f, form: services.add_protection(a, f, form.cleaned_data),
        _("Protection measure"),
        creating=True,
    )


def _save_document(actor, file, form):
    upload = form.cleaned_data["upload"]
    services.add_document(
        actor,
        file,
        title=form.cleaned_data["title"],
        name=upload.name,
        content_type=upload.detected_type,
        data=upload.read(),
    )


@never_cache
@staff_view(P.DOCUMENT_ADD)
def document_new(request, pk):
    return _edit(
        request,
        pk,
        DocumentForm,
        P.DOCUMENT_ADD,
        _save_document,
        _("Add a document"),
        creating=True,
    )


@never_cache
@staff_view(P.FILE_VIEW)
def document_download(request, pk):
    document, data = services.read_document(request.actor, pk)
    response = HttpResponse(data, content_type=document.content_type)
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[
        document.content_type
    ]
    response["Content-Disposition"] = f'attachment; filename="document-{document.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@staff_view(P.FILE_VIEW)
def file_access_log(request, pk):
    file = services.read_file(request.actor, pk)
    if not policies.can_read_access_log(request.actor, file):
        raise PermissionDenied
    events = list(AuditEvent.objects.filter(file_id=file.pk).order_by("-at", "-id")[:500])
    from django.contrib.auth import get_user_model

    names = {
        u.pk: (u.staff_profile.display_name if hasattr(u, "staff_profile") else u.get_username())
        for u in get_user_model()
        .objects.filter(pk__in={e.actor_id for e in events})
        .select_related("staff_profile")
    }
    for event in events:
        event.actor_name = names.get(event.actor_id, "—")
    return render(request, "cases/access_log.html", {"file": file, "events": events})


# --- exceptional access ----------------------------------------------------------------


@never_cache
@staff_view(P.EXCEPTIONAL_ACCESS, reauthenticate=True)
def exceptional_access(request):
    form = ExceptionalAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.open_exceptional_access(
                request.actor, form.cleaned_data["organisation"], form.cleaned_data["reason"]
            )
        except PermissionDenied:
            form.add_error("organisation", _("Your own association needs no exceptional access."))
        else:
            messages.warning(
                request,
                _(
                    "Exceptional access opened for %(hours)s hours. Every reading is flagged "
                    "and shown to the association's direction."
                )
                % {"hours": services.EXCEPTIONAL_ACCESS_HOURS},
            )
            return redirect("cases:search")
    return _page(request, "cases/exceptional_access.html", {"form": form}, form)


@never_cache
@staff_view(P.ACCESS_LOG)
def access_review(request):
    """For the direction: exceptional accesses to the association's files, and their reads."""
    grants = list(
        ExceptionalAccess.objects.filter(
            organisation_id=request.actor.organisation_id
        ).select_related("user__staff_profile__organisation")[:200]
    )
    flagged = list(
        AuditEvent.objects.filter(
            organisation_id=request.actor.organisation_id, exceptional=True
        ).order_by("-at")[:200]
    )
    return render(request, "cases/access_review.html", {"grants": grants, "flagged": flagged})


# --- a person's rights over their data -------------------------------------------------


@never_cache
@staff_view(P.PERSON_EXPORT, reauthenticate=True)
def person_export(request, pk, fmt):
    from appui.core import pdf

    from . import gdpr

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
    from . import gdpr

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
