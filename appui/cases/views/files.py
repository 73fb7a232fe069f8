"""A file: opening it, its page, and what is recorded on it."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from appui.core.access import staff_view
from appui.core.models import StaffProfile
from appui.rights.messages import money

from .. import panels, policies, services
from ..forms import (
    AffairForm,
    AssessmentForm,
    DocumentForm,
    FactsForm,
    InterviewForm,
    JoinAffairForm,
    NewFileForm,
    PartnerKindForm,
    ProtectionForm,
    ReferralForm,
    ReferralStatusForm,
)
from ..models import FILE_FACT_FIELDS, Channel, TaskStatus
from ..permissions import CasePermission as P
from ..rights import DEADLINE_LABELS, REMEDY_TITLES, assessment_for, missing_label
from ._common import (
    _affair_param,
    _already_sent,
    _commune_label,
    _intake_param,
    _page,
    _spend,
    _token,
)


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


def _facts_shown(file) -> list[tuple[str, str]]:
    """The file's known facts of harm, resources and danger, as (label, value) in the
    reader's language; facts not known yet are left out."""
    from django.utils.formats import number_format

    shown = []
    for name in FILE_FACT_FIELDS:
        value = getattr(file, name)
        if value is None:
            continue
        if isinstance(value, bool):
            value = _("yes") if value else _("no")
        elif isinstance(value, Decimal):
            value = f"{number_format(value, 2, force_grouping=True)} €"
        label = file._meta.get_field(name).verbose_name
        shown.append((str(label)[:1].upper() + str(label)[1:], str(value)))
    return shown


@never_cache
@staff_view(P.FILE_VIEW)
def file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The file: a compact head, the story (urgent things first: open tasks, danger and
    protection) and, beside it on a desktop, what happened, the facts and the rights."""
    actor = request.actor
    file = services.read_file(actor, pk)
    interviews = list(file.interviews.select_related("author__staff_profile", "place"))
    for interview in interviews:
        interview.note_visible = policies.can_read_note(actor, interview, file)
    services.record_note_reads(actor, file, [i for i in interviews if i.note_visible])
    lang = get_language() or "fr"
    # The rights read the protection measures too: one query for both.
    prefetch_related_objects([file], "protections")
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
    today = timezone.localdate()
    tasks = list(file.tasks.filter(status=TaskStatus.OPEN))
    for task in tasks:
        task.overdue = task.due_on < today
    referent = (
        StaffProfile.objects.filter(user_id=file.referent_id)
        .values_list("display_name", flat=True)
        .first()
        if file.referent_id
        else None
    )
    context = {
        "file": file,
        "person": file.person,
        "affair": file.affair,
        "place_of_facts": _commune_label(file.affair.commune_code),
        "referent": referent,
        "facts": _facts_shown(file),
        "danger": bool(file.grave_danger or file.imminent_danger),
        "interviews": interviews,
        "referrals": list(file.referrals.all()),
        "assessments": list(file.assessments.all()),
        "protections": list(file.protections.all()),
        "documents": list(file.documents.all()),
        "tasks": tasks,
        "others": list(
            policies.files(actor)
            .filter(affair_id=file.affair_id)
            .exclude(pk=file.pk)
            .select_related("person")
        ),
        "remedies": remedies,
        "rights_errors": errors,
        "can": {p.value: policies.allows(actor, p, file) for p in P},
        "can_access_log": policies.can_read_access_log(actor, file),
        "disciplines": policies.disciplines(actor)
        if policies.allows(actor, P.INTERVIEW_ADD, file)
        else (),
        "exceptional": policies.is_exceptional(actor, file.organisation_id),
        "referral_status_form": ReferralStatusForm(),
        # Other apps' sections (compensation files…), for this reader.
        "panels": panels.render(request, file),
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
            "disciplines": policies.disciplines(actor),
            "organisation_id": f.organisation_id,
        },
    )


@never_cache
@staff_view(P.REFERRAL_EDIT)
def referral_new(request, pk):
    """Choose a kind of partner (a GET refresh: works without JavaScript), then one of the
    directory's services of that kind, nearest to her first, or a partner named in free
    text. The file's own association is never offered."""
    file = _file_for_write(request, pk, P.REFERRAL_EDIT)
    lang = get_language() or "fr"
    kinds = [(kind.value, kind.label_in(lang)) for kind in services.REFERRAL_KINDS]
    chosen = request.POST.get("kind") if request.method == "POST" else request.GET.get("kind")
    if request.method == "POST" and not chosen and str(request.POST.get("partner")).isdigit():
        chosen = services.partner_kind(int(request.POST["partner"]))  # the partner says it
    chosen = chosen if chosen in dict(kinds) else ""
    kind_form = PartnerKindForm({"kind": chosen}, kinds=kinds)
    origin = services.partner_origin(file)
    partners = services.partners_near(file, chosen, origin) if chosen else []
    form = ReferralForm(request.POST or None, partners=partners, initial={"kind": chosen})
    if request.method == "POST":
        if not _spend(request):
            return _already_sent(request, "cases:file", file.pk)
        if form.is_valid():
            try:
                services.add_referral(request.actor, file, form.cleaned_data)
            except services.NotAPartner:
                form.add_error("partner", _("Your own association is not a partner to refer to."))
            else:
                messages.success(request, _("Saved."))
                return redirect("cases:file", file.pk)
    if partners and origin is not None and origin.basis != services.OriginBasis.OFFICE:
        # Her town, or the place of the facts, is named on the page: a read.
        services.record_form_read(
            request.actor, file, affair=origin.basis == services.OriginBasis.FACTS
        )
    return _page(
        request,
        "cases/referral_new.html",
        {
            "form": form,
            "kind_form": kind_form,
            "file": file,
            "kind_label": dict(kinds).get(chosen, ""),
            "partners": partners,
            "origin": origin,
            "shown": services.PARTNERS_SHOWN,
            "once": _token(request),
            "back": reverse("cases:file", args=[file.pk]),
        },
        form,
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
