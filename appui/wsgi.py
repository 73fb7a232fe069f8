"""The WSGI application that gunicorn serves (and `appui runserver`).

Each web process warms up once, as it starts and before its first request: every app may
give its AppConfig a `warm_up()` method (the territory app builds its in-memory commune
index there, which would otherwise make the process's first town search wait about two
seconds). Management commands and tests never import this module, so they never pay for
it; `APPUI_WARM_UP=0` turns it off.
"""

import logging
import os
import time

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "appui.settings")

application = get_wsgi_application()

logger = logging.getLogger("appui.wsgi")


def warm_up() -> None:
    """Run each app's `warm_up()`, then close the database connections it opened: requests
    run in other threads (and, with gunicorn's `--preload`, in other processes)."""
    from django.apps import apps
    from django.db import connections

    started = time.perf_counter()
    for config in apps.get_app_configs():
        hook = getattr(config, "warm_up", None)
        if callable(hook):
            hook()
    connections.close_all()
    logger.info("Warmed up in %.2f s", time.perf_counter() - started)


if os.environ.get("APPUI_WARM_UP", "1") != "0":
    warm_up()
