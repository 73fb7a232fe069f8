"""The plan as a PDF (WeasyPrint), from the same template as the printable page."""

from __future__ import annotations

from django.http import HttpRequest

from appui.core import pdf


def render(request: HttpRequest, plan) -> bytes:
    return pdf.render(request, "guide/plan_pdf.html", {"plan": plan}, "guide/print.css")
