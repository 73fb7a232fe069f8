from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.i18n import set_language as django_set_language

from appui.core import services
from appui.core.security import same_site_posts

# The language switcher is on every page, including those sent without any referrer.
set_language = same_site_posts(django_set_language)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    report, serving = services.health()
    return JsonResponse(report, status=200 if serving else 503)
