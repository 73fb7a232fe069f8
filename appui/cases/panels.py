"""What other apps show on a case file's page, without the case files importing them.

An app registers a panel in its AppConfig.ready: a function of (request, file) that gives
a template and its context, or None when it has nothing to show to this reader. The file's
page renders the panels in the order they were registered, after the file's own sections.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from .models import CaseFile

Panel = Callable[[HttpRequest, CaseFile], tuple[str, dict] | None]

_PANELS: dict[str, Panel] = {}


def register(name: str, panel: Panel) -> None:
    _PANELS[name] = panel


def render(request: HttpRequest, file: CaseFile) -> list[tuple[str, dict]]:
    """The panels to show for this reader, as (template, context)."""
    shown = []
    for panel in _PANELS.values():
        result = panel(request, file)
        if result is not None:
            shown.append(result)
    return shown
