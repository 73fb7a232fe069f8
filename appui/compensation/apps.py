from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompensationConfig(AppConfig):
    name = "appui.compensation"
    label = "compensation"
    verbose_name = _("Compensation files")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registered on import: permissions, audit targets; the timeline's dates become the
        # case file's tasks from their own source; the case file's page shows a panel, and
        # the person's export carries the compensation files.
        from appui.cases import gdpr, panels, task_sources

        from . import audit_targets, permissions, services, tasks  # noqa: F401
        from .panel import panel

        gdpr.register_section("compensation_files", services.export)
        task_sources.register(tasks.SOURCE, tasks.tasks_for, label=tasks.label)
        panels.register("compensation", panel)

    @property
    def staff_menu(self):
        from .permissions import CompensationPermission as P

        return (
            ("compensation:list", _("Compensation"), P.MANAGE),
            ("compensation:stats", _("Compensation figures"), P.STATS),
        )
