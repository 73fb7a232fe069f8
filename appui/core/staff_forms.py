"""Staff login: email address, password and the code of an authenticator app (or a
recovery code), in one form. Wrong passwords and wrong codes count alike towards the
throttle (django-axes), and the message never says which of the three was wrong."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate, user_login_failed
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

WRONG = _("The email address, the password or the code is wrong.")


class StaffLoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Code from the authenticator app, or a recovery code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        self.device = None
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        email = data["email"].strip().lower()
        user = authenticate(self.request, username=email, password=data["password"])
        if getattr(self.request, "axes_locked_out", False):
            raise forms.ValidationError(WRONG, code="locked")
        if user is None or not hasattr(user, "staff_profile"):
            raise forms.ValidationError(WRONG, code="wrong")
        device = verified_device(user, data["code"])
        if device is None:
            # A right password with a wrong code is a failed login too.
            count_failed_login(self.request, email)
            raise forms.ValidationError(WRONG, code="wrong")
        self.user, self.device = user, device
        return data


class AccessDecisionForm(forms.Form):
    """The direction's answer to one pending change of access (buttons, no field shown)."""

    CONFIRM, REFUSE = "confirm", "refuse"

    change = forms.IntegerField(min_value=1)
    decision = forms.ChoiceField(choices=[(CONFIRM, CONFIRM), (REFUSE, REFUSE)])


class ReauthenticateForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = authenticate(
            self.request, username=self.request.user.get_username(), password=password
        )
        if user is None or user.pk != self.request.user.pk:
            raise forms.ValidationError(_("This password is wrong."), code="wrong")
        return password


def count_failed_login(request, username: str) -> None:
    """Count a failed login that Django's `authenticate` did not report itself (a right
    password with a wrong code, an account that may not log in here): django-axes counts
    the signal as it counts a wrong password, by address and account."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def verified_device(user, code: str):
    """The device that accepts `code`: six digits go to the authenticator app, ten to the
    recovery codes. Asking only the device the code is meant for keeps each device's own
    throttle counting that device's failures alone."""
    code = "".join(ch for ch in code if ch.isdigit())
    model = TOTPDevice if len(code) == 6 else StaticDevice if len(code) == 10 else None
    if model is None:
        return None
    for device in model.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    return None
