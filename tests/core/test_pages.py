"""Public pages: home, errors, languages, quick exit and security headers."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.http import HttpRequest
from django.test import Client
from django.urls import path

import appui.urls

pytestmark = pytest.mark.django_db

EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}


class Page(HTMLParser):
    """What a test needs to know of a page: its elements in document order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def find(self, tag, **attrs):
        return [a for t, a in self.elements if t == tag and attrs.items() <= a.items()]

    def focusable(self):
        return [
            a
            for t, a in self.elements
            if (t == "a" and "href" in a) or t in {"button", "input", "select", "textarea"}
            if a.get("type") != "hidden"
        ]

    def loaded_urls(self):
        """URLs the browser fetches by itself to show the page (not the links)."""
        urls = [a["src"] for t, a in self.elements if "src" in a]
        urls += [a["href"] for t, a in self.elements if t == "link" and "href" in a]
        return urls


def parse(response):
    return Page(response.content.decode())


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_home_is_french_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    page = parse(response)
    assert page.find("html")[0]["lang"] == "fr"
    assert "Quitter rapidement" in response.content.decode()
    assert "Appui" in response.content.decode()


def test_home_links_to_api_documentation(client):
    page = parse(client.get("/"))
    assert page.find("a", href="/api/docs")


def test_skip_link_then_quick_exit_come_first(client):
    page = parse(client.get("/"))
    first, second = page.focusable()[:2]
    assert first["href"] == "#main"
    assert second["id"] == "quick-exit"
    assert second["href"] == "/guide/exit/"  # forgets the answers, then leaves (no JavaScript)
    assert second["data-exit-to"] == "https://www.google.fr/"
    assert second["rel"] == "noreferrer"
    assert page.find("main", id="main")


def test_every_page_has_landmarks_and_help_numbers(client):
    for url in ("/", "/no-such-page"):
        html = client.get(url).content.decode()
        page = Page(html)
        assert page.find("header") and page.find("main") and page.find("footer")
        assert page.find("a", id="quick-exit")
        for number in ('href="tel:116006"', 'href="tel:17"', 'href="tel:112"'):
            assert number in html


def test_security_headers(client):
    response = client.get("/")
    assert csp_directives(response) == EXPECTED_CSP
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("url", ["/", "/no-such-page", "/api/docs"])
def test_pages_load_nothing_from_another_origin(client, url):
    response = client.get(url)
    assert csp_directives(response) == EXPECTED_CSP
    loaded = parse(response).loaded_urls()
    assert loaded, "the page should at least load its stylesheet"
    for url in loaded:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, url


def test_static_files_are_served_without_collectstatic(client):
    response = client.get("/static/core/appui.css")
    assert response.status_code == 200
    assert b"skip-link" in b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("language", "quick_exit", "heading"),
    [
        ("en", "Quick exit", "Appui: support for victims of criminal offences"),
        ("es", "Salida rápida", "Appui: ayuda a las víctimas de infracciones penales"),
        ("fr", "Quitter rapidement", "Appui\xa0: l'aide aux victimes d'infractions pénales"),
    ],
)
def test_language_switcher(client, language, quick_exit, heading):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.cookies["django_language"].value == language

    response = client.get("/")
    html = response.content.decode()
    page = Page(html)
    assert page.find("html")[0]["lang"] == language
    assert quick_exit in html
    assert heading in html.replace("&#x27;", "'")
    current = page.find("button", name="language", **{"aria-current": "true"})
    assert [button["value"] for button in current] == [language]


def test_language_switcher_is_a_plain_form(client):
    page = parse(client.get("/"))
    form = page.find("form", action="/i18n/setlang/", method="post")
    assert form
    assert [b["value"] for b in page.find("button", name="language")] == ["fr", "en", "es"]
    assert page.find("input", type="hidden", name="csrfmiddlewaretoken")


def test_browser_language_is_followed(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9").content.decode()
    assert 'lang="es"' in html
    assert "Salida rápida" in html


@pytest.mark.parametrize(
    ("language", "title"),
    [("fr", "Page introuvable"), ("en", "Page not found"), ("es", "Página no encontrada")],
)
def test_not_found_page_is_translated(client, language, title):
    client.cookies["django_language"] = language
    response = client.get("/no-such-page")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{title}</h1>" in html
    assert "Traceback" not in html


def fail(request: HttpRequest):
    raise RuntimeError("secret detail of the failure")


def accept(request):
    from django.http import HttpResponse

    return HttpResponse("accepted")


urlpatterns = [path("fail", fail), path("form", accept), *appui.urls.urlpatterns]


@pytest.mark.urls(__name__)
def test_server_error_page_is_friendly():
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"
    response = client.get("/fail")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert 'id="quick-exit"' in html
    assert "secret detail" not in html
    assert "Traceback" not in html


@pytest.mark.urls(__name__)
def test_csrf_failure_page_is_friendly():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/form", {"field": "value"})
    assert response.status_code == 403
    assert "<h1>Votre demande n'a pas pu aboutir</h1>" in response.content.decode()


def test_language_switch_refuses_another_site():
    """Pages without a referrer guard their forms with Fetch Metadata (appui.core.security)."""
    client = Client()
    refused = client.post(
        "/i18n/setlang/", {"language": "en"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert refused.status_code == 403
    accepted = client.post(
        "/i18n/setlang/", {"language": "en"}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert accepted.status_code == 302
    assert accepted.cookies["django_language"].value == "en"
    null_origin = client.post("/i18n/setlang/", {"language": "es"}, headers={"Origin": "null"})
    assert null_origin.status_code == 302
    other = client.post(
        "/i18n/setlang/", {"language": "es"}, headers={"Origin": "https://evil.example"}
    )
    assert other.status_code == 403
