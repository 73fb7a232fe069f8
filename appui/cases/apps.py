from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "appui.cases"
    label = "cases"
    verbose_name = _("Case files")
    default_auto_field = "django.db.models.BigAutoField"
    # The retention policy runs once a day in the worker (`appui retention` shows a dry run);
    # the guide's callback counts older than a day are deleted every hour.
    periodic_tasks = (
        ("appui.cases.tasks.apply_retention", 24 * 60 * 60),
        ("appui.cases.tasks.purge_callback_attempts", 60 * 60),
    )

    def ready(self) -> None:
        # Registered with core on import: the permissions and who holds them, the audit
        # log's kinds of record.
        from . import (  # noqa: F401
            appointments_panel,
            audit_targets,
            panels,
            permissions,
            rights,
            task_sources,
        )
        from .models import TaskSource

        task_sources.register(TaskSource.RIGHTS, rights.tasks_for)
        panels.register("appointments", appointments_panel.panel)

    @property
    def staff_menu(self):
        from appui.core.access import CorePermission

        from .permissions import CasePermission as P

        return (
            ("cases:home", _("My tasks"), P.TASKS),
            ("cases:caseload", _("Files"), P.FILE_VIEW),
            ("cases:intake_queue", _("Intake queue"), P.INTAKE_QUEUE),
            ("cases:search", _("People"), P.PERSON_SEARCH),
            ("cases:bav_day", _("Victim bureau"), P.INTAKE_QUEUE, False),
            ("cases:access_review", _("Access review"), CorePermission.ACCESS_LOG),
            (
                "cases:exceptional_access",
                _("Exceptional access"),
                P.EXCEPTIONAL_ACCESS,
                False,  # never where one lands
            ),
        )
