import logging

from django.apps import AppConfig

logger = logging.getLogger(__name__)


class TerritoryConfig(AppConfig):
    name = "appui.territory"
    label = "territory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from . import services

        request_started.connect(services.begin_request, dispatch_uid="territory.begin_request")
        request_finished.connect(services.end_request, dispatch_uid="territory.end_request")

    def warm_up(self) -> None:
        """Build the commune search index now, so that no visitor's first search waits for it
        (and compile the town field's template, which forms render with their own engine).

        `appui.wsgi` calls this once in each web process, before it serves a request. A
        database not migrated yet is no reason to refuse to start: the index is then built
        by the first search, as it is in commands and tests.
        """
        from django.db import DatabaseError
        from django.forms.renderers import get_default_renderer

        from . import services

        get_default_renderer().get_template("territory/widgets/commune.html")  # town fields
        try:
            index = services.current_index()
        except DatabaseError as error:
            logger.warning("Commune index not built at start-up: %s", error)
            return
        logger.info("Commune index built: %d communes", len(index.hits))
