"""The listener's console: her presence, "Take a call", her records, the 116 006's hours;
the record of a call while she talks (facts, the guide's plan, outcome, recognised caller);
and the small JSON answer her console asks every second (the screen pop).

Every page works without JavaScript; `static/helpline/console.js` adds the timer and the
screen pop. A listener reaches her own records only, a supervisor every record
(`policies.calls`): another's id answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from appui.cases.views._common import _spend, _token  # one-time form tokens
from appui.core.access import staff_view
from appui.guide.questions import Situation

from .. import policies
from ..forms import CallForm, FlagForm, NonDataForm, PresenceForm, RecogniseForm
from ..models import OPEN_STATES, CallerType, NonData, Outcome
from ..permissions import HelplinePermission as P
from ..services import callers, calls, presence

# --- small helpers -----------------------------------------------------------------------


def url_or_none(name: str, *args) -> str | None:
    """The address of a page another part of the helpline serves, or None while it is not
    there (the console links to it only when it exists)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _lang() -> str:
    return (translation.get_language() or "fr")[:2]


def helpline_hours(lang: str) -> dict | None:
    """The 116 006 as the directory lists it (the one source of its hours): open now or not,
    today's opening times and the week. None when the directory does not list it."""
    import datetime as dt

    from appui.advice import help as local
    from appui.directory import hours
    from appui.directory.models import Service

    now = timezone.now()
    entry = local.helpline(local.national_numbers(lang, now))
    if entry is None:
        return None
    expression = (
        Service.objects.filter(slug=entry.id).values_list("opening_hours", flat=True).first()
    ) or ""
    today = hours.local_time(now).date()
    spans = hours.open_spans(expression, today)
    midnight = dt.time(23, 59)
    return {
        "entry": entry,
        "open": entry.hours_status.open,
        "status": entry.hours_status.text,
        "today": [
            (hours.clock(start, lang), hours.clock(None if end == midnight else end, lang))
            for start, end in spans
        ],
        "week": entry.hours_lines,
    }


# --- the console ---------------------------------------------------------------------------


def _console(request: HttpRequest, *, presence_form=None, status=200) -> HttpResponse:
    actor = request.actor
    listener = presence.listener_of(actor)
    open_calls = list(presence.open_records(actor.user_id)[:20])
    recent = calls.recent(actor.user_id)
    calls.record_list_read(actor, open_calls + recent)
    pop = calls.screen_pop(actor.user_id)
    return render(
        request,
        "helpline/console.html",
        {
            "listener": listener,
            "status": listener.status if listener else "offline",
            "statuses": PresenceForm.base_fields["status"].choices,
            "presence_form": presence_form,
            "open_calls": open_calls,
            "recent": recent,
            "non_data": NonData.choices,
            "once": _token(request),
            "hours": helpline_hours(_lang()),
            "callbacks_url": url_or_none("helpline:callbacks"),
            "stamp": str(pop or 0),
        },
        status=status,
    )


@never_cache
@require_GET
@staff_view(P.CONSOLE)
def console(request: HttpRequest) -> HttpResponse:
    return _console(request)


@require_POST
@staff_view(P.CONSOLE)
def set_presence(request: HttpRequest) -> HttpResponse:
    form = PresenceForm(request.POST)
    if not form.is_valid():
        return _console(request, presence_form=form, status=422)
    listener = presence.set_status(request.actor, form.cleaned_data["status"])
    messages.success(
        request, _("You are now: %(status)s.") % {"status": listener.get_status_display()}
    )
    return redirect("helpline:console")


@require_POST
@staff_view(P.CONSOLE)
def take(request: HttpRequest) -> HttpResponse:
    """ "Take a call": a record in progress, its timer started, anonymous."""
    if not _spend(request):
        messages.info(request, _("This form was already sent: nothing was saved twice."))
        return redirect("helpline:console")
    call = calls.take_call(request.actor)
    return redirect("helpline:call", call.pk)


@require_POST
@staff_view(P.CONSOLE)
def non_data(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A call with nothing to record, logged and closed at once: from the console (a new
    record, second click) or from a record in progress."""
    form = NonDataForm(request.POST)
    call = policies.get_call(request.actor, pk) if pk is not None else None
    if not form.is_valid():
        messages.error(request, _("Choose the kind of call with nothing to record."))
        if call is None:
            return _console(request, status=422)
        return _record(request, call, status=422)
    if call is None and not _spend(request):
        messages.info(request, _("This form was already sent: nothing was saved twice."))
        return redirect("helpline:console")
    try:
        logged = calls.log_non_data(request.actor, form.cleaned_data["kind"], call)
    except calls.RecordClosed:
        messages.info(request, _("This record was already closed: nothing was changed."))
        return redirect("helpline:call", pk)
    messages.success(
        request, _("Logged: %(kind)s. The record is closed.") % {"kind": logged.kind_label}
    )
    return redirect("helpline:console")


# --- the record ----------------------------------------------------------------------------


def _record(
    request: HttpRequest,
    call,
    *,
    form=None,
    recognise_form=None,
    flag_form=None,
    status=200,
) -> HttpResponse:
    actor = request.actor
    call = calls.read_call(actor, call.pk)
    is_open = call.state in OPEN_STATES
    association = calls.competent_association(call) if is_open else None
    plan = calls.plan(call, _lang()) if is_open else None
    if form is None and is_open:
        form = CallForm(initial=CallForm.initial_for(call, association))
    known = callers.known(actor, call)
    referents = [s for s in plan.services if s.terrorism_referent] if plan else []
    return render(
        request,
        "helpline/call.html",
        {
            "call": call,
            "is_open": is_open,
            "form": form,
            "plan": plan,
            "association": association,
            "referents": referents,
            "known": known,
            "can_recognise": policies.allows(actor, P.RECOGNISE) and is_open,
            "recognise_form": recognise_form or RecogniseForm(number_known=bool(call.number)),
            "flag_form": flag_form or FlagForm(),
            "non_data": NonData.choices,
            "caller_types": CallerType,
            "outcomes": Outcome,
            "transfer": call.transfer,
            "callback_url": url_or_none("helpline:callback", call.callback_id)
            if call.callback_id
            else None,
            "situations": [
                str(Situation(v).label) for v in call.situations if v in Situation.values
            ],
            "stamp": str(calls.screen_pop(call.listener_id or 0) or 0)
            if call.listener_id == actor.user_id
            else "",
            "mine": call.listener_id == actor.user_id,
        },
        status=status,
    )


@never_cache
@staff_view(P.CONSOLE)
def call(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the record. POST: "Update the plan" saves the facts; "Close the record" saves
    them with the outcome and closes the record, all or nothing."""
    actor = request.actor
    record = policies.get_call(actor, pk)
    if request.method != "POST":
        return _record(request, record)
    if record.state not in OPEN_STATES:
        messages.info(request, _("This record is closed: nothing was changed."))
        return redirect("helpline:call", pk)
    closing = "close" in request.POST
    form = CallForm(request.POST, closing=closing)
    if not form.is_valid():
        return _record(request, record, form=form, status=422)
    try:
        if closing:
            calls.close(actor, record, form.facts(), _closing(form))
        else:
            calls.save_facts(actor, record, form.facts())
    except calls.RecordClosed:
        messages.info(request, _("This record was closed meanwhile: nothing was changed."))
        return redirect("helpline:call", pk)
    if closing:
        messages.success(request, _("Record closed."))
        return redirect("helpline:console")
    # The page again with the form as sent: what she typed for the outcome stays there.
    messages.success(request, _("Saved: her plan follows what she said."))
    return _record(request, record, form=_with_association(request, record))


def _with_association(request: HttpRequest, record) -> CallForm:
    """The form as sent, the association competent for the town just saved offered for
    the transfer and the orientation when the listener has chosen none yet."""
    data = request.POST.copy()
    record.refresh_from_db()
    association = calls.competent_association(record)
    if association is not None:
        if not data.get("association"):
            data["association"] = str(association.pk)
        if not data.get("oriented_to", "").strip():
            data["oriented_to"] = association.name
    form = CallForm(data, closing=False)
    form.is_valid()
    return form


def _closing(form: CallForm) -> calls.Closing:
    data = form.cleaned_data
    transfer = None
    if data["outcome"] == Outcome.TRANSFERRED:
        transfer = calls.Transfer(
            organisation_id=data["association"].pk,
            summary=data["summary"].strip(),
            contact_name=data["contact_name"].strip(),
            contact_phone=data["contact_phone"],
            preferred_time=data["preferred_time"].strip(),
        )
    return calls.Closing(
        outcome=data["outcome"],
        oriented_to=data["oriented_to"].strip(),
        escalated_to=data["escalated_to"],
        transfer=transfer,
        callback_number=data["callback_number"],
        callback_when=data["callback_when"].strip(),
    )


@require_POST
@staff_view(P.CONSOLE)
def hang_up(request: HttpRequest, pk: int) -> HttpResponse:
    """The line closed, the record still to finish: the timer stops."""
    record = policies.get_call(request.actor, pk)
    try:
        calls.hang_up(request.actor, record)
    except calls.RecordClosed:
        messages.info(request, _("This record was already closed: nothing was changed."))
    return redirect("helpline:call", pk)


# --- the recognised caller -------------------------------------------------------------------


def _open_call(request: HttpRequest, pk: int):
    record = policies.get_call(request.actor, pk)
    if record.state not in OPEN_STATES:
        raise PermissionDenied
    return record


@require_POST
@staff_view(P.RECOGNISE)
def caller_recognise(request: HttpRequest, pk: int) -> HttpResponse:
    record = _open_call(request, pk)
    form = RecogniseForm(request.POST, number_known=bool(record.number))
    if not form.is_valid():
        return _record(request, record, recognise_form=form, status=422)
    try:
        caller = callers.recognise(
            request.actor,
            record,
            form.cleaned_data["number"],
            consent=form.cleaned_data["consent"],
        )
    except callers.NoNumber:
        form.add_error("number", _("Type the number to call."))
        return _record(request, record, recognise_form=form, status=422)
    except callers.NotKnown:
        form.add_error(
            "consent",
            _("She is not known yet: tick the box if she agrees to be recognised."),
        )
        return _record(request, record, recognise_form=form, status=422)
    if caller.consented_by_id == request.actor.user_id and form.cleaned_data["consent"]:
        messages.success(request, _("She will be recognised when she calls again."))
    else:
        messages.success(request, _("Known caller: her record shows what listeners should know."))
    return redirect(reverse("helpline:call", args=[pk]) + "#caller")


@require_POST
@staff_view(P.RECOGNISE)
def caller_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    record = _open_call(request, pk)
    callers.withdraw(request.actor, record)
    messages.success(
        request, _("She will no longer be recognised: her number and flags are deleted.")
    )
    return redirect(reverse("helpline:call", args=[pk]) + "#caller")


@require_POST
@staff_view(P.RECOGNISE)
def caller_flag_add(request: HttpRequest, pk: int) -> HttpResponse:
    record = _open_call(request, pk)
    if record.caller_id is None:
        raise Http404
    form = FlagForm(request.POST)
    if not form.is_valid():
        return _record(request, record, flag_form=form, status=422)
    data = form.cleaned_data
    callers.add_flag(
        request.actor, record, data["kind"], data["expires_on"], data["detail"].strip()
    )
    messages.success(request, _("Flag added."))
    return redirect(reverse("helpline:call", args=[pk]) + "#caller")


@require_POST
@staff_view(P.RECOGNISE)
def caller_flag_remove(request: HttpRequest, pk: int, flag: int) -> HttpResponse:
    record = _open_call(request, pk)
    if not callers.remove_flag(request.actor, record, flag):
        raise Http404
    messages.success(request, _("Flag removed."))
    return redirect(reverse("helpline:call", args=[pk]) + "#caller")


# --- the screen pop --------------------------------------------------------------------------


@never_cache
@require_GET
@staff_view(P.CONSOLE)
def state(request: HttpRequest) -> HttpResponse:
    """What her console asks every second: 204 while `since` is still the newest call in
    progress answered for her, else that call and its record's address (the console opens
    it). Names nobody: no audit line (opening the record writes its own)."""
    user_id = request.actor.user_id
    presence.seen(user_id)
    pk = calls.screen_pop(user_id)
    stamp = str(pk or 0)
    if request.GET.get("since") == stamp:
        return HttpResponse(status=204)
    return JsonResponse(
        {
            "stamp": stamp,
            "call": pk,
            "url": reverse("helpline:call", args=[pk]) if pk else None,
        }
    )


urlpatterns = [
    path("", console, name="console"),
    path("etat/", state, name="console_state"),
    path("presence/", set_presence, name="presence"),
    path("appel/", take, name="take"),
    path("appel/sans-suite/", non_data, name="non_data"),
    path("appel/<int:pk>/", call, name="call"),
    path("appel/<int:pk>/sans-suite/", non_data, name="call_non_data"),
    path("appel/<int:pk>/raccroche/", hang_up, name="hang_up"),
    path("appel/<int:pk>/appelante/", caller_recognise, name="caller_recognise"),
    path("appel/<int:pk>/appelante/retrait/", caller_withdraw, name="caller_withdraw"),
    path("appel/<int:pk>/appelante/signalements/", caller_flag_add, name="caller_flag_add"),
    path(
        "appel/<int:pk>/appelante/signalements/<int:flag>/retrait/",
        caller_flag_remove,
        name="caller_flag_remove",
    ),
]
