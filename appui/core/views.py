import json
import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.i18n import set_language as django_set_language

from appui.core import services
from appui.core.security import same_site_posts

logger = logging.getLogger(__name__)

# The language switcher is on every page, including those sent without any referrer.
set_language = same_site_posts(django_set_language)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Only "ok" or "degraded" for whoever asks: the details (database, worker) go to the
    server log, at WARNING when degraded and DEBUG when all is well (it is polled often)."""
    report, serving = services.health()
    status = report["status"]
    logger.log(
        logging.DEBUG if status == "ok" else logging.WARNING,
        "healthz: %s",
        json.dumps(report, sort_keys=True),
        extra={"health": report},
    )
    return JsonResponse({"status": status}, status=200 if serving else 503)
