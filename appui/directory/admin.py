"""Administration screens for the federation to keep the directory current.

Search, filters by kind and by département, closures and coverage edited on the service's
page; the hours are checked as typed (see forms.py) and shown back in plain French, so a
mistake is visible before it is published.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.utils.html import format_html_join

from . import messages, services
from .forms import ServiceForm
from .hours import describe
from .models import Closure, Coverage, CoverageLevel, Service


class CoverageInline(admin.TabularInline):
    model = Coverage
    extra = 1
    verbose_name = "zone couverte (commune, département ou France entière)"


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


class DepartementFilter(admin.SimpleListFilter):
    """Services attached to a département, by their coverage or by their own commune."""

    title = "département"
    parameter_name = "departement"

    def lookups(self, request, model_admin):
        codes = Coverage.objects.filter(level=CoverageLevel.DEPARTEMENT).values_list(
            "code", flat=True
        )
        return [(code, code) for code in sorted(set(codes))]

    def queryset(self, request, queryset):
        code = self.value()
        if not code:
            return queryset
        return queryset.filter(
            coverage__level=CoverageLevel.DEPARTEMENT, coverage__code=code
        ).distinct()


class ServiceAdmin(admin.ModelAdmin):
    form = ServiceForm
    list_display = ("name", "kind", "city", "commune_code", "has_hours", "dataset", "updated_at")
    list_filter = ("kind", DepartementFilter, "terrorism_referent", "dataset")
    search_fields = ("name", "slug", "city", "postcode", "commune_code", "street")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("hours_in_words", "updated_at")
    inlines = (CoverageInline, ClosureInline)
    fieldsets = (
        (None, {"fields": ("kind", "name", "slug", "organisation", "terrorism_referent")}),
        (
            "Adresse",
            {"fields": ("street", "postcode", "city", "commune_code", "latitude", "longitude")},
        ),
        ("Contact", {"fields": ("phones_text", "fax", "emails_text", "website")}),
        ("Horaires", {"fields": ("opening_hours", "hours_in_words")}),
        (
            "Remarques et source",
            {"fields": ("notes_fr", "notes_en", "notes_es", "source", "dataset", "updated_at")},
        ),
    )

    @admin.display(boolean=True, description="horaires connus")
    def has_hours(self, obj: Service) -> bool:
        return bool(obj.opening_hours.strip())

    @admin.display(description="horaires lus")
    def hours_in_words(self, obj: Service) -> str:
        lines = describe(obj.opening_hours, "fr") or [messages.text("hours.call", "fr")]
        return format_html_join("", "<div>{}</div>", ((line,) for line in lines))

    def save_model(self, request, obj, form, change):
        services.save_service(obj)

    def save_formset(self, request, form, formset, change):
        saved = formset.save(commit=False)
        services.save_service_parts(formset.instance, saved=saved, deleted=formset.deleted_objects)

    def delete_model(self, request, obj):
        services.delete_service(obj)

    def delete_queryset(self, request, queryset):
        services.delete_services(queryset)


# The admin site needs django.contrib.admin installed; the classes above are usable without it.
if apps.is_installed("django.contrib.admin"):
    admin.site.register(Service, ServiceAdmin)
