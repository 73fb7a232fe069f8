"""The federation's screens for its network: associations, their places, staff profiles,
and the changes of access of the network's accounts.

Saves go through `services` (one transaction, audit lines each). Accounts themselves are
made by `appui create_staff` (password, authenticator and recovery codes printed once),
never typed here; a staff profile made here for such an account gives access to files only
once confirmed (`services`: separation of duties).

Nobody changes their own account here: one's own staff profile, user, authenticator and
recovery codes are shown read-only (one's own password: "Change password").
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit, services
from .models import (
    AccessChange,
    AccessChangeStatus,
    AuditAction,
    AuditTarget,
    Organisation,
    StaffProfile,
)


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


class NotOwnAccountMixin:
    """The records of one's own account are read-only: `owner` names the field that holds
    the account ("pk" for the user itself). Saving one for oneself is refused."""

    owner = "user_id"

    def is_own(self, request, obj) -> bool:
        return obj is not None and getattr(obj, self.owner) == request.user.pk

    def has_change_permission(self, request, obj=None):
        if self.is_own(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self.is_own(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if self.is_own(request, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)


class AccessibleAdmin(admin.ModelAdmin):
    class Media:
        css = {"all": ["core/admin.css"]}


class AuditedAdmin(AccessibleAdmin):
    def save_model(self, request, obj, form, change):
        try:
            services.save_network_record(obj, user=request.user, ip=_ip(request))
        except services.AccountChangeRefused:
            raise PermissionDenied from None  # the form said why; this is a forged request

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in instances:
            services.save_network_record(obj, user=request.user, ip=_ip(request))
        for obj in formset.deleted_objects:
            services.delete_network_record(obj, user=request.user, ip=_ip(request))

    def delete_model(self, request, obj):
        services.delete_network_record(obj, user=request.user, ip=_ip(request))

    def has_delete_permission(self, request, obj=None):
        # Organisations own files and statistics, accounts have a history: never deleted.
        if self.model in (Organisation, StaffProfile):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "code", "kind", "departement")
    list_filter = ("kind", "departement")
    search_fields = ("name", "code")

    def get_readonly_fields(self, request, obj=None):
        # An association never becomes the federation, nor the reverse.
        return ("kind",) if obj is not None else ()


class StaffProfileForm(forms.ModelForm):
    """Says in the form what the rules refuse: one's own account, a role that does not
    exist in the organisation, a login that already has (or had) an account."""

    request = None  # set by StaffProfileAdmin.get_form

    class Meta:
        model = StaffProfile
        fields = "__all__"

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        instance = self.instance
        try:
            if instance.pk is None:
                services.check_new_account(
                    user=data["user"],
                    organisation=data["organisation"],
                    role=data["role"],
                    by=self.request.user,
                )
            elif not services.role_fits(instance.organisation, data.get("role", instance.role)):
                raise services.AccountChangeRefused(
                    gettext("This role does not exist in %(organisation)s.")
                    % {"organisation": instance.organisation}
                )
        except services.AccountChangeRefused as refused:
            raise forms.ValidationError(str(refused), code="refused") from None
        return data


@admin.register(StaffProfile)
class StaffProfileAdmin(NotOwnAccountMixin, AuditedAdmin):
    form = StaffProfileForm
    list_display = ("display_name", "user", "organisation", "role", "active", "waiting")
    list_filter = ("role", "active", "organisation")
    search_fields = ("display_name", "user__username")
    raw_id_fields = ("user",)
    list_select_related = ("organisation", "user")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("user", "organisation", "role", "display_name")
        return ("user", "organisation", "role", "active", "display_name", "pending_change")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        # A profile stays with its login, and an account with its organisation.
        return ("user", "organisation", "pending_change")

    def get_queryset(self, request):
        pending = AccessChange.objects.filter(
            account_id=OuterRef("user_id"), status=AccessChangeStatus.PENDING
        )
        return super().get_queryset(request).annotate(has_pending_change=Exists(pending))

    @admin.display(description=_("waiting for confirmation"), boolean=True)
    def waiting(self, obj):
        return obj.has_pending_change

    @admin.display(description=_("waiting for confirmation"))
    def pending_change(self, obj):
        change = services.pending_change(obj.user_id)
        if change is None:
            return gettext("Nothing: the role and the active flag shown are in force.")
        confirmer = (
            gettext("a federation administrator (not the one who asked)")
            if services.confirmer_of(change) == services.FEDERATION
            else gettext("the direction of %(organisation)s") % {"organisation": obj.organisation}
        )
        return gettext(
            "%(change)s: %(old)s → %(new)s, asked by %(by)s on %(at)s; waits for "
            "confirmation by %(confirmer)s. Until then what is shown above stays in force."
        ) % {
            "change": change.get_kind_display(),
            "old": change.old_state or "—",
            "new": change.new_state,
            "by": change.asked_by_name or gettext("on the server (command line)"),
            "at": date_format(change.asked_at, "SHORT_DATETIME_FORMAT"),
            "confirmer": confirmer,
        }

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        pending = services.pending_change(obj.user_id)
        if pending is not None and pending.asked_by_id == request.user.pk:
            self.message_user(
                request,
                gettext(
                    "The change waits for confirmation by %(confirmer)s; until then it "
                    "gives no access."
                )
                % {
                    "confirmer": gettext("another federation administrator")
                    if services.confirmer_of(pending) == services.FEDERATION
                    else gettext("the association's direction")
                },
                messages.WARNING,
            )


@admin.register(AccessChange)
class AccessChangeAdmin(AccessibleAdmin):
    """Every change of access of the network's accounts, read-only. A federation
    administrator confirms or refuses here what waits for a federation administrator (an
    association's first direction, the federation's own accounts)."""

    list_display = (
        "asked_at",
        "account_name",
        "organisation",
        "kind",
        "values",
        "asked_by_name",
        "status",
        "decided_by_name",
        "decided_at",
    )
    fields = (
        "account",
        "organisation",
        "kind",
        "old_role",
        "old_active",
        "new_role",
        "new_active",
        "asked_by",
        "asked_at",
        "status",
        "decided_by",
        "decided_at",
    )
    list_filter = ("status", "kind", "organisation")
    search_fields = ("account__username",)
    date_hierarchy = "asked_at"
    actions = ("confirm_selected", "refuse_selected")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "organisation",
                "account__staff_profile",
                "asked_by__staff_profile",
                "decided_by__staff_profile",
            )
        )

    @admin.display(description=_("account"), ordering="account__username")
    def account_name(self, obj):
        return obj.account_name

    @admin.display(description=_("Before → after"))
    def values(self, obj):
        return f"{obj.old_state or '—'} → {obj.new_state}"

    @admin.display(description=_("asked by"))
    def asked_by_name(self, obj):
        return obj.asked_by_name or gettext("on the server (command line)")

    @admin.display(description=_("confirmed or refused by"))
    def decided_by_name(self, obj):
        if obj.decided_at is None or obj.status == AccessChangeStatus.APPLIED:
            return ""
        return obj.decided_by_name or gettext("on the server (command line)")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request):
        return services.is_confirmed_federation_admin(request.user)

    def _decide(self, request, queryset, *, confirm: bool):
        done = skipped = 0
        for change in queryset:
            if not services.may_decide(request.user, change):
                skipped += 1
                continue
            services.decide_access_change(
                change.pk, by=request.user, confirm=confirm, ip=_ip(request)
            )
            done += 1
        if done:
            self.message_user(
                request,
                (gettext("Confirmed: %(count)d.") if confirm else gettext("Refused: %(count)d."))
                % {"count": done},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                gettext(
                    "Left as they were: %(count)d (not waiting for a federation "
                    "administrator, asked by you, or your own account)."
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Confirm the selected changes"), permissions=("decide",))
    def confirm_selected(self, request, queryset):
        self._decide(request, queryset, confirm=True)

    @admin.action(description=_("Refuse the selected changes"), permissions=("decide",))
    def refuse_selected(self, request, queryset):
        self._decide(request, queryset, confirm=False)


# --- accounts and their authenticators: never one's own ------------------------------


class AccountAdmin(NotOwnAccountMixin, UserAdmin):
    """Django's accounts, except one's own: read-only (its password: "Change password").
    Each save leaves an audit line."""

    owner = "pk"

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            profile = getattr(obj, "staff_profile", None)
            audit.record(
                services._admin_actor(request.user, _ip(request)),
                AuditAction.UPDATE if change else AuditAction.CREATE,
                AuditTarget.ACCOUNT,
                obj.pk,
                organisation_id=profile.organisation_id if profile else None,
            )


class OwnTOTPDeviceAdmin(NotOwnAccountMixin, TOTPDeviceAdmin):
    pass


class OwnStaticDeviceAdmin(NotOwnAccountMixin, StaticDeviceAdmin):
    pass


for _model, _admin_class in (
    (get_user_model(), AccountAdmin),
    (TOTPDevice, OwnTOTPDeviceAdmin),
    (StaticDevice, OwnStaticDeviceAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin_class)
