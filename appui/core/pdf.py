"""PDF documents with WeasyPrint, which may read our own static files and fetch nothing else.

A document's HTML carries text that people typed (a plan, a case file): were it ever to
carry a `file://` address, WeasyPrint would otherwise read that file from the server's
disk into the PDF, and an `http(s)://` address would make the server call out.
`StaticFilesOnly` lets it read only files under the directories the staticfiles finders
search and STATIC_ROOT (after resolving `..` and symbolic links), and `data:` addresses,
which carry their own bytes and read nothing; it refuses everything else, and says so in
the server log.
"""

from __future__ import annotations

import logging
import os
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def static_directories() -> list[Path]:
    """Every directory our static files come from, resolved: the finders' and STATIC_ROOT."""
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(location)
    if settings.STATIC_ROOT:
        roots.append(settings.STATIC_ROOT)
    return [Path(os.path.realpath(root)) for root in roots]


def static_path(url: str) -> Path | None:
    """The file a `file://` URL names, if it lies under one of our static directories."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(os.path.realpath(unquote(parts.path)))
    for root in static_directories():
        if path.is_relative_to(root) and path.is_file():
            return path
    return None


@cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class StaticFilesOnly(URLFetcher):
        """WeasyPrint's fetcher, allowed our static files and `data:` addresses only."""

        def fetch(self, url, headers=None):
            if url.lower().startswith("data:"):
                return super().fetch(url, headers)
            path = static_path(url)
            if path is None:
                logger.warning("PDF: refused to fetch %s", url[:200])
                raise ValueError(f"refused to fetch {url[:200]}")
            return super().fetch(path.as_uri(), headers)

    return StaticFilesOnly


def __getattr__(name: str):
    # WeasyPrint is imported only when a PDF is made: it is slow to import.
    if name == "StaticFilesOnly":
        return _fetcher_class()
    raise AttributeError(name)


def render(
    request: HttpRequest | None,
    template: str,
    context: dict,
    stylesheet: str,
    *,
    variant: str | None = None,
) -> bytes:
    """The template as a PDF; `variant` is WeasyPrint's `pdf_variant` (e.g. "pdf/ua-1" for a
    tagged, accessible document, whose title and language come from the HTML)."""
    from weasyprint import CSS, HTML

    fetcher = _fetcher_class()()
    html = render_to_string(template, context, request=request)
    options = {"pdf_variant": variant} if variant else {}
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(filename=finders.find(stylesheet), url_fetcher=fetcher)], **options
    )
