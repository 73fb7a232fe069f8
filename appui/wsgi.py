"""The WSGI application that gunicorn serves (and `appui runserver`).

Each web process warms up once, as it starts and before its first request, so that no
visitor waits for what Django and Appui would otherwise do on first use: the URL
resolver (which imports every view), the translation catalogues, our templates, and
whatever each app does in its AppConfig's `warm_up()` method (the territory app builds its
in-memory commune index, about two seconds of a town search otherwise). Management
commands and tests never import this module, so they never pay for it; `APPUI_WARM_UP=0`
turns it off.
"""

import gc
import logging
import os
import time
from pathlib import Path

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "appui.settings")

application = get_wsgi_application()

logger = logging.getLogger("appui.wsgi")
PACKAGE_DIR = Path(__file__).resolve().parent


def warm_up() -> None:
    """Do now what the first requests would do, then close the database connections opened
    here: requests run in other threads (and, with gunicorn's `--preload`, processes)."""
    from django.apps import apps
    from django.conf import settings
    from django.db import connections
    from django.template import TemplateSyntaxError, engines
    from django.urls import get_resolver
    from django.utils import translation

    started = time.perf_counter()
    resolver = get_resolver()
    resolver.reverse_dict  # noqa: B018 - imports every URL module and view, builds reverse()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Quick exit")  # loads the language's catalogues
    for engine in engines.all():
        for directory in engine.template_dirs:
            if PACKAGE_DIR not in Path(directory).resolve().parents:
                continue
            for path in sorted(Path(directory).rglob("*.html")):
                name = path.relative_to(directory).as_posix()
                try:
                    engine.get_template(name)  # compiled once, kept by the cached loader
                except TemplateSyntaxError as error:
                    logger.warning("Template %s not compiled at start-up: %s", name, error)
    for config in apps.get_app_configs():
        hook = getattr(config, "warm_up", None)
        if callable(hook):
            hook()
    connections.close_all()
    # What was built here lives as long as the process: the garbage collector's full passes
    # need not walk it again (nor, after a fork, touch its memory pages).
    gc.collect()
    gc.freeze()
    logger.info("Warmed up in %.2f s", time.perf_counter() - started)


if os.environ.get("APPUI_WARM_UP", "1") != "0":
    warm_up()
