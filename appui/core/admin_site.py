"""The administration site: Django's admin behind a password and an authenticator code.

django-otp's `OTPAdminSite` lets in only staff whose session was verified by one of their
confirmed devices (a TOTP authenticator app, given by `appui create_staff`); a staff member
without one cannot reach any admin page, whatever their password.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class LoginForm(OTPAdminAuthenticationForm):
    """Password and code in one step when the account has one device, as ours do.

    django-otp asks to pick a device first, so as not to count a failed attempt against
    devices the person did not use; with a single device there is nothing to pick. After
    a failure the password is asked again rather than written back into the page.
    """

    otp_device = forms.CharField(label=_("Device"), required=False, widget=forms.Select)
    otp_token = forms.CharField(
        label=_("Code from the authenticator app"),
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": _("Enter the code your authenticator app shows."),
        "invalid_token": _(
            "This code is wrong or was already used. Enter the code your app shows now."
        ),
        "device_required": _("Choose the device that gives your code."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None and not self.cleaned_data.get("otp_device"):
            devices = list(devices_for_user(user, for_verify=True))
            if len(devices) == 1:
                device = devices[0]
        return device

    def _update_form(self, user):
        self.fields["otp_device"].widget.choices = self.device_choices(user)

    @property
    def several_devices(self) -> bool:
        """Whether the page must let the person choose a device (blank choice excluded)."""
        return len(self.fields["otp_device"].widget.choices) > 2


class AdminSite(OTPAdminSite):
    site_header = _("Appui administration")
    site_title = _("Appui administration")
    index_title = _("Federation administration")
    login_form = LoginForm
    login_template = "core/admin_login.html"

    def __init__(self, name: str = "admin"):
        super().__init__(name)
