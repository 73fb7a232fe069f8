"""The administration site: Django's admin behind a password and an authenticator code.

django-otp's `OTPAdminSite` lets in only staff whose session was verified by one of their
confirmed devices (a TOTP authenticator app, given by `appui create_staff`); a staff member
without one cannot reach any admin page, whatever their password. Nor can an account whose
staff profile is not in force (waiting for its confirmation, or inactive).
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from .staff_forms import WRONG, count_failed_login, verified_device


class LoginForm(AdminAuthenticationForm):
    """Email address, password and code in one step, with one message for any failure.

    A wrong address, a wrong password, a right password with a wrong or missing code, or
    an account that may not use the administration: the page says the same thing, and
    django-axes counts each of them (Django reports a wrong password itself; the others
    are reported here, as the staff login at /pro/login/ does). The code goes to the
    device it is meant for, as there: six digits to the authenticator app, ten to the
    recovery codes, so there is no device to choose. After a failure the password is
    asked again rather than written back into the page.
    """

    otp_token = forms.CharField(
        label=_("Code from the authenticator app"),
        required=False,
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    # The login template offers a choice of device when this is true; never needed here.
    several_devices = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data  # the missing field says so itself
        user = authenticate(self.request, username=username, password=password)
        if user is None:
            # A wrong password (or a lockout): Django has told django-axes already.
            raise self.wrong()
        device = None
        if user.is_active and user.is_staff:
            device = verified_device(user, self.cleaned_data.get("otp_token") or "")
        if device is None:
            count_failed_login(self.request, username)
            raise self.wrong()
        user.otp_device = device  # django-otp marks the session verified at login
        self.user_cache = user
        return self.cleaned_data

    @staticmethod
    def wrong() -> forms.ValidationError:
        return forms.ValidationError(WRONG, code="invalid_login")


class AdminSite(OTPAdminSite):
    site_header = _("Appui administration")
    site_title = _("Appui administration")
    index_title = _("Federation administration")
    login_form = LoginForm
    login_template = "core/admin_login.html"

    def __init__(self, name: str = "admin"):
        super().__init__(name)

    def has_permission(self, request) -> bool:
        if not super().has_permission(request):
            return False
        profile = getattr(request.user, "staff_profile", None)
        return profile is None or profile.active
