"""The plan as a PDF (WeasyPrint), from the same template as the printable page."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string


def _local_files_only(url: str, *args, **kwargs):
    """WeasyPrint may read our own stylesheet from disk, and fetch nothing from anywhere."""
    from weasyprint.urls import default_url_fetcher

    if url.startswith("file://"):
        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"refused to fetch {url}")


def render(request: HttpRequest, plan) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string("guide/plan_pdf.html", {"plan": plan}, request=request)
    stylesheet = finders.find("guide/print.css")
    return HTML(string=html, url_fetcher=_local_files_only).write_pdf(
        stylesheets=[CSS(filename=stylesheet)]
    )
