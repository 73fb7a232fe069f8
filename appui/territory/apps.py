import logging

from django.apps import AppConfig

logger = logging.getLogger(__name__)


class TerritoryConfig(AppConfig):
    name = "appui.territory"
    label = "territory"
    default_auto_field = "django.db.models.BigAutoField"

    def warm_up(self) -> None:
        """Build the commune search index now, so that no visitor's first search waits for it.

        `appui.wsgi` calls this once in each web process, before it serves a request. A
        database not migrated yet is no reason to refuse to start: the index is then built
        by the first search, as it is in commands and tests.
        """
        from django.db import DatabaseError

        from . import services

        try:
            index = services.current_index()
        except DatabaseError as error:
            logger.warning("Commune index not built at start-up: %s", error)
            return
        logger.info("Commune index built: %d communes", len(index.hits))
