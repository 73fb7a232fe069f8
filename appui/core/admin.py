"""The federation's screens for its network: associations, their places, staff profiles.

Saves go through `services.save_network_record` (one transaction, one audit line each).
Accounts themselves are made by `appui create_staff` (password, authenticator and recovery
codes printed once), never typed here.
"""

from __future__ import annotations

from django.contrib import admin

from . import services
from .models import Organisation, Place, StaffProfile


class PlaceInline(admin.TabularInline):
    model = Place
    extra = 0


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        services.save_network_record(obj, user=request.user, ip=request.META.get("REMOTE_ADDR"))

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in instances:
            services.save_network_record(obj, user=request.user, ip=request.META.get("REMOTE_ADDR"))
        for obj in formset.deleted_objects:
            services.delete_network_record(
                obj, user=request.user, ip=request.META.get("REMOTE_ADDR")
            )

    def delete_model(self, request, obj):
        services.delete_network_record(obj, user=request.user, ip=request.META.get("REMOTE_ADDR"))

    def has_delete_permission(self, request, obj=None):
        # Organisations own files and statistics: they are never deleted from here.
        return False if self.model is Organisation else super().has_delete_permission(request, obj)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "code", "kind", "departement", "directory_slug")
    list_filter = ("kind", "departement")
    search_fields = ("name", "code", "directory_slug")
    inlines = (PlaceInline,)


@admin.register(StaffProfile)
class StaffProfileAdmin(AuditedAdmin):
    list_display = ("display_name", "user", "organisation", "role")
    list_filter = ("role", "organisation")
    search_fields = ("display_name", "user__username")
    raw_id_fields = ("user",)
