"""Administration of the agendas, for the federation's directory editors: which place takes
appointments, how long a slot lasts, how far ahead, and how many people of each motive a
slot takes. The hours and closures stay the directory's (edited on the service's page)."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from appui.core.services import admin_actor
from appui.directory.hours import describe

from . import services
from .models import Agenda, AgendaCapacity


class AgendaCapacityInline(admin.TabularInline):
    model = AgendaCapacity
    extra = 1
    min_num = 1


class AgendaAdmin(admin.ModelAdmin):
    list_display = ("service", "motives", "slot_minutes", "horizon_days", "active")
    list_filter = ("active", "service__kind", "capacities__motive")
    search_fields = ("service__name", "service__slug", "service__city")
    autocomplete_fields = ("service",)
    readonly_fields = ("hours_in_words",)
    inlines = (AgendaCapacityInline,)
    fields = (
        "service",
        "hours_in_words",
        "slot_minutes",
        "horizon_days",
        "notice_minutes",
        "active",
    )

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("service").prefetch_related("capacities")
        )

    @admin.display(description=_("motives offered"))
    def motives(self, obj: Agenda) -> str:
        return ", ".join(
            f"{capacity.get_motive_display()} ({capacity.capacity})"
            for capacity in obj.capacities.all()
        )

    @admin.display(description=_("opening hours (from the directory)"))
    def hours_in_words(self, obj: Agenda) -> str:
        if obj.pk is None or not obj.service.opening_hours:
            return "–"
        return format_html_join(
            "", "<div>{}</div>", ((line,) for line in describe(obj.service.opening_hours, "fr"))
        )

    # Every change through the services, with an audit line of who made it.
    def save_model(self, request, obj, form, change):
        services.save_agenda(obj, by=admin_actor(request))

    def save_formset(self, request, form, formset, change):
        saved = formset.save(commit=False)
        services.save_agenda_parts(
            formset.instance,
            by=admin_actor(request),
            saved=saved,
            deleted=formset.deleted_objects,
        )

    def delete_model(self, request, obj):
        services.delete_agenda(obj, by=admin_actor(request))

    def delete_queryset(self, request, queryset):
        for agenda in queryset:
            services.delete_agenda(agenda, by=admin_actor(request))


# The admin site needs django.contrib.admin installed; the class above is usable without it.
if apps.is_installed("django.contrib.admin"):
    admin.site.register(Agenda, AgendaAdmin)
