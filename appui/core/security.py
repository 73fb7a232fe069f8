"""CSRF defence for pages that send no referrer at all.

The guide's pages are served with `Referrer-Policy: no-referrer`, so that no other site
can ever learn where a victim has been. Browsers then send `Origin: null` with a form,
and Django's origin check (and, over HTTPS, its referer check) can only refuse it. Those
forms are protected instead by Fetch Metadata (`Sec-Fetch-Site`, sent by every current
browser) and by the session cookie's `SameSite=Lax`, which a cross-site POST never
carries.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt

SAFE_SITES = {"same-origin", "none"}


def cross_site(request: HttpRequest) -> bool:
    """Whether a request comes from another site, as far as the browser tells."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site not in SAFE_SITES
    origin = request.headers.get("Origin")
    if origin in (None, "null"):
        return False
    return urlsplit(origin).netloc != request.get_host()


def same_site_posts(view):
    """Accept a POST only from our own pages, without needing an origin or a referer."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST" and cross_site(request):
            return HttpResponseForbidden("Cross-site request refused.")
        return view(request, *args, **kwargs)

    return wrapper
