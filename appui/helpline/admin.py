"""The helpline's telephony in the federation's administration: the switchboards allowed to
report calls (their shared secret written, never read back: shown masked, replaced by one
typed in or generated on the switchboard's page and shown once), and the extension each
listener has on the switchboard. Saves go through `services.telephony`, audited."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from appui.core.admin import AccessibleAdmin
from appui.core.models import OrganisationKind, Role
from appui.core.services import admin_actor

from .models import Adapter, Listener, Switchboard
from .services import telephony
from .telephony import signing

HELPLINE_ROLES = (Role.HELPLINE_LISTENER, Role.HELPLINE_SUPERVISOR)


def masked(secret: str) -> str:
    if not secret:
        return "–"
    return "•" * 12 + secret[-4:]


def webhook_path(switchboard: Switchboard) -> str:
    endpoint = "asterisk" if switchboard.adapter == Adapter.ASTERISK else "events"
    return f"/api/telephony/{switchboard.slug}/{endpoint}"


class SwitchboardForm(forms.ModelForm):
    new_secret = forms.CharField(
        label=_("New shared secret"),
        required=False,
        min_length=signing.MIN_SECRET_LENGTH,
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Leave empty to keep the current one. At least 32 characters; or generate one "
            "on the switchboard's page, which shows it once."
        ),
    )

    class Meta:
        model = Switchboard
        fields = ("name", "slug", "adapter", "active")


class SwitchboardAdmin(AccessibleAdmin):
    form = SwitchboardForm
    list_display = ("name", "slug", "adapter", "active", "masked_secret")
    list_filter = ("adapter", "active")
    search_fields = ("name", "slug")
    readonly_fields = ("masked_secret", "webhook", "created_at")
    fields = ("name", "slug", "adapter", "active", "webhook", "masked_secret", "new_secret")

    @admin.display(description=_("shared secret"))
    def masked_secret(self, obj: Switchboard) -> str:
        if obj is None or obj.pk is None:
            return _("generated when it is saved, or typed below")
        url = reverse("admin:helpline_switchboard_secret", args=[obj.pk])
        return format_html(
            '{} <a href="{}">{}</a>', masked(obj.secret), url, _("Generate a new secret")
        )

    @admin.display(description=_("webhook address"))
    def webhook(self, obj: Switchboard) -> str:
        if obj is None or obj.pk is None:
            return "–"
        return webhook_path(obj)

    def save_model(self, request, obj, form, change):
        telephony.save_switchboard(
            obj, by=admin_actor(request), secret=form.cleaned_data.get("new_secret") or ""
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/secret/",
                self.admin_site.admin_view(self.secret_view),
                name="helpline_switchboard_secret",
            ),
            *super().get_urls(),
        ]

    def secret_view(self, request, pk: int):
        """Confirm, then generate a new secret and show it once (never stored in clear, never
        shown again; the switchboard's old one stops working at once)."""
        switchboard = get_object_or_404(Switchboard, pk=pk)
        if not self.has_change_permission(request, switchboard):
            raise PermissionDenied
        secret = None
        if request.method == "POST":
            secret = telephony.new_switchboard_secret(switchboard, by=admin_actor(request))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": switchboard,
            "title": _("New shared secret of %(name)s") % {"name": switchboard.name},
            "secret": secret,
            "webhook": webhook_path(switchboard),
            "headers": (signing.TIMESTAMP_HEADER, signing.SIGNATURE_HEADER),
        }
        # admin_view adds never_cache: no copy of the page is kept.
        return TemplateResponse(request, "admin/helpline/switchboard_secret.html", context)


class ListenerForm(forms.ModelForm):
    class Meta:
        model = Listener
        fields = ("user", "extension")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:  # read-only once saved
            self.fields["user"].queryset = (
                get_user_model()
                .objects.filter(
                    is_active=True,
                    staff_profile__organisation__kind=OrganisationKind.FEDERATION,
                    staff_profile__role__in=HELPLINE_ROLES,
                )
                .order_by("email")
            )
        self.fields["extension"].help_text = _(
            "As the switchboard names her phone or agent (e.g. 1001 for PJSIP/1001)."
        )


class ListenerAdmin(AccessibleAdmin):
    form = ListenerForm
    list_display = ("user", "extension", "status", "seen_at")
    list_filter = ("status",)
    search_fields = ("extension", "user__email", "user__staff_profile__display_name")
    readonly_fields = ("status", "status_since", "seen_at")
    list_select_related = ("user",)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("user", "extension")
        return ("user", "extension", *self.readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        # Whose extension it is never changes: another listener gets her own row.
        return ("user", *self.readonly_fields) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        telephony.save_listener(obj, by=admin_actor(request))


if apps.is_installed("django.contrib.admin"):
    admin.site.register(Switchboard, SwitchboardAdmin)
    admin.site.register(Listener, ListenerAdmin)
