"""The callback queue as listeners see it (/pro/ecoute/rappels/): the requests waiting in the
federation's intake queue (the same queue as /pro/intakes/), most urgent first, and each
request's page: the number or address, the tries, call back, answer a message, close,
escalate to the supervisor."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from appui.cases import services as cases
from appui.cases.models import IntakeStatus
from appui.core.access import staff_view

from .. import policies
from ..models import TryResult
from ..permissions import HelplinePermission as P
from ..services import callbacks
from ..services import messages as replies


class TryForm(forms.Form):
    result = forms.ChoiceField(
        label=gettext_lazy("Result of the try"),
        choices=[(value, label) for value, label in TryResult.choices if value != "reached"],
        widget=forms.RadioSelect,
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why it is closed"),
        max_length=200,
        help_text=gettext_lazy(
            "For example: she called the line again meanwhile; wrong number after three tries."
        ),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your answer"),
        max_length=replies.REPLY_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy(
            "Sent by e-mail from the 116 006's address. Then choose the outcome on the record."
        ),
    )


@never_cache
@require_safe
@staff_view(P.CONSOLE)
def queue(request: HttpRequest) -> HttpResponse:
    rows = callbacks.queue(request.actor)
    return render(
        request,
        "helpline/callbacks.html",
        {
            "rows": rows,
            "stamp": callbacks.queue_stamp(request.actor),
            "hours": int(callbacks.callback_hours().total_seconds() // 3600),
        },
    )


@never_cache
@require_safe
@staff_view(P.CONSOLE)
def queue_stamp(request: HttpRequest) -> HttpResponse:
    """What the queue page asks every second: 204 while its stamp is current. No names: no
    audit line."""
    stamp = callbacks.queue_stamp(request.actor)
    if request.GET.get("since") == stamp:
        return HttpResponse(status=204)
    return JsonResponse({"stamp": stamp})


ACTIONS = ("try", "call_back", "close", "escalate", "reply")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(P.CONSOLE)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    action = request.POST.get("action", "") if request.method == "POST" else ""
    try_form = TryForm(request.POST if action == "try" else None, prefix="try")
    close_form = CloseForm(request.POST if action == "close" else None, prefix="close")
    reply_form = ReplyForm(request.POST if action == "reply" else None, prefix="reply")
    if request.method == "POST":
        intake = callbacks.get_request(actor, pk)
        if action not in ACTIONS:
            return redirect("helpline:callback", pk)
        try:
            done = _act(request, intake, action, try_form, close_form, reply_form)
        except cases.AlreadyHandled:
            messages.info(request, _("This request was already handled."))
            return redirect("helpline:callback", pk)
        if done is not None:
            return done
    intake = cases.read_intake(actor, pk)
    waiting = intake.status == IntakeStatus.NEW
    follow = callbacks.follow_up(actor, intake) if waiting else None
    records = list(policies.calls(actor).filter(callback=intake).order_by("ringing_at"))
    bound = next((f for f in (try_form, close_form, reply_form) if f.is_bound), None)
    return render(
        request,
        "helpline/callback.html",
        {
            "intake": intake,
            "waiting": waiting,
            "follow": follow,
            "overdue": follow is not None and follow.due_at < timezone.now(),
            "tries": callbacks.tries(intake),
            "records": records,
            "is_message": intake.channel in callbacks.MESSAGE_CHANNELS,
            "can_reply": waiting and replies.can_reply(intake),
            "can_call": waiting and bool(intake.contact_phone),
            "try_form": try_form,
            "close_form": close_form,
            "reply_form": reply_form,
        },
        status=422 if bound is not None and bound.errors else 200,
    )


def _act(request, intake, action, try_form, close_form, reply_form) -> HttpResponse | None:
    """One action on a request: a redirect when done, None to show the page with the
    form's errors."""
    actor = request.actor
    if action == "call_back":
        try:
            call = callbacks.call_back(actor, intake)
        except callbacks.NotACallback as refusal:
            messages.error(request, str(refusal))
            return redirect("helpline:callback", intake.pk)
        messages.success(request, _("The call record is open: keep it as any call."))
        return redirect("helpline:call", call.pk)
    if action == "escalate":
        callbacks.escalate(actor, intake)
        messages.success(request, _("Escalated: the supervisor sees it."))
        return redirect("helpline:callback", intake.pk)
    if action == "try" and try_form.is_valid():
        callbacks.record_try(actor, intake, try_form.cleaned_data["result"])
        messages.success(request, _("Try recorded."))
        return redirect("helpline:callback", intake.pk)
    if action == "close" and close_form.is_valid():
        callbacks.close_callback(actor, intake, close_form.cleaned_data["reason"])
        messages.success(request, _("Request closed."))
        return redirect("helpline:callbacks")
    if action == "reply" and reply_form.is_valid():
        try:
            call = replies.reply(actor, intake, reply_form.cleaned_data["text"])
        except replies.NotAMessage as refusal:
            messages.error(request, str(refusal))
            return redirect("helpline:callback", intake.pk)
        except replies.NotSent:
            reply_form.add_error(
                None, _("The e-mail could not be sent: nothing was recorded. Try again later.")
            )
            return None
        messages.success(request, _("Answer sent. Choose the outcome of this message."))
        return redirect("helpline:call", call.pk)
    return None


urlpatterns = [
    path("rappels/", queue, name="callbacks"),
    path("rappels/etat/", queue_stamp, name="callbacks_stamp"),
    path("rappels/<int:pk>/", detail, name="callback"),
]
