"""Write to the 116 006 (/116006/ecrire/): anyone, with no account, leaves a message that a
listener answers by e-mail. Posted, then redirected (a reload never sends twice); limited
per client address, per e-mail address and per phone like every public form; a field no
person sees (a honeypot) catches the simplest robots. Neutral titles, no referrer, never
cached, the quick exit of every public page."""

from __future__ import annotations

import functools
import re

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from appui.booking import limits
from appui.cases.retention import POLICY as RETENTION
from appui.core.clientip import client_ip
from appui.core.security import same_site_posts

from ..services import messages

HONEYPOT = "website"


def private(view):
    """Never cached, no referrer sent; the form guarded by Fetch Metadata and SameSite
    cookies, as the guide's (with no referrer, Django's origin check would refuse it)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return same_site_posts(never_cache(wrapper))


class MessageForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=messages.MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "autocomplete": "off"}),
        help_text=_("Say what happened, and what you would like to know. Write as you wish."),
    )
    email = forms.EmailField(
        label=_("Your e-mail address, for our answer"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("Choose an address that only you read."),
    )
    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
        help_text=_("Optional: if you would rather be called back."),
    )

    def clean_message(self):
        value = self.cleaned_data["message"].strip()
        if not value:
            raise forms.ValidationError(_("Write your message."))
        return value

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if not value:
            return ""
        digits = re.sub(r"\D", "", value)
        if not 9 <= len(digits) <= 15 or re.search(r"[^\d\s.+()-]", value):
            raise forms.ValidationError(_("Enter a phone number, for example 06 12 34 56 78."))
        return value


def _helpline():
    """The 116 006 as the directory lists it, with whether it is open now (None if absent)."""
    from appui.advice.help import helpline, national_numbers

    return helpline(national_numbers(translation.get_language() or "fr"))


@require_http_methods(["GET", "HEAD", "POST"])
@private
def write(request: HttpRequest) -> HttpResponse:
    form = MessageForm(request.POST or None)
    refused = ""
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            # A robot: it is told "sent", and nothing is created or remembered.
            return redirect("helpline_public:sent")
        if form.is_valid():
            data = form.cleaned_data
            try:
                messages.receive_web_message(
                    message=data["message"],
                    email=data["email"],
                    phone=data["phone"],
                    language=translation.get_language() or "fr",
                    client_address=client_ip(request),
                )
            except limits.TooMany as refusal:
                refused = refusal
            else:
                return redirect("helpline_public:sent")
    status = 429 if refused else 422 if form.is_bound and form.errors else 200
    response = render(
        request,
        "helpline/public_write.html",
        {
            "form": form,
            "refused": refused.kind if refused else "",
            "honeypot": HONEYPOT,
            "helpline": _helpline(),
            "kept_days": RETENTION["closed_intakes"],
        },
        status=status,
    )
    if refused:
        response["Retry-After"] = str(refused.retry_after)
    return response


@require_safe
@private
def sent(request: HttpRequest) -> HttpResponse:
    """The same page however often she reloads it: nothing is sent again."""
    return render(request, "helpline/public_sent.html")


urlpatterns = [
    path("ecrire/", write, name="write"),
    path("ecrire/envoye/", sent, name="sent"),
]
