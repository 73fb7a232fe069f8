"""PDF documents with WeasyPrint, which may read our own files and fetch nothing else."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string


def local_files_only(url: str, *args, **kwargs):
    """WeasyPrint may read our own stylesheet from disk, and fetch nothing from anywhere."""
    from weasyprint.urls import default_url_fetcher

    if url.startswith("file://"):
        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"refused to fetch {url}")


def render(request: HttpRequest | None, template: str, context: dict, stylesheet: str) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, url_fetcher=local_files_only).write_pdf(
        stylesheets=[CSS(filename=finders.find(stylesheet))]
    )
