"""Public pages in a real browser: accessibility, keyboard, quick exit, CSP, languages."""

import pytest

NEUTRAL_SITE = "https://www.google.fr/"


def visit(page, live_server, path="/"):
    response = page.goto(live_server.url + path)
    page.wait_for_load_state("load")
    return response


@pytest.mark.parametrize("path", ["/", "/no-such-page"])
@pytest.mark.parametrize("width", [1280, 320])
def test_pages_pass_axe(page, live_server, assert_accessible, path, width):
    page.set_viewport_size({"width": width, "height": 800})
    visit(page, live_server, path)
    assert_accessible(page)


@pytest.mark.parametrize("language", ["en", "es"])
def test_translated_home_passes_axe(page, live_server, assert_accessible, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    visit(page, live_server)
    assert page.get_attribute("html", "lang") == language
    assert_accessible(page)


@pytest.mark.parametrize(
    "viewport",
    [
        pytest.param({"width": 320, "height": 640}, id="320px"),
        # 200 % zoom of a 1280 px window lays the page out in 640 CSS pixels.
        pytest.param({"width": 640, "height": 400}, id="zoom-200"),
    ],
)
def test_no_horizontal_scrolling(page, live_server, viewport):
    page.set_viewport_size(viewport)
    visit(page, live_server)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert page.locator("#quick-exit").is_visible()


def test_tab_reaches_skip_link_first_then_quick_exit(page, live_server):
    visit(page, live_server)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "quick-exit"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"


def test_skip_link_moves_focus_to_main(page, live_server):
    visit(page, live_server)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def serve_neutral_site(page):
    """Answer for the neutral site here: the test never leaves this machine."""
    page.route(NEUTRAL_SITE + "**", lambda route: route.fulfill(body="neutral", status=200))


def test_quick_exit_leaves_and_replaces_history(page, live_server):
    serve_neutral_site(page)
    visit(page, live_server)
    visit(page, live_server, "/no-such-page")
    page.click("#quick-exit")
    page.wait_for_url(NEUTRAL_SITE)
    page.go_back()
    # The page left is no longer in the history: back leads to the one before it.
    assert page.url == live_server.url + "/"


def test_escape_twice_leaves(page, live_server):
    serve_neutral_site(page)
    visit(page, live_server)
    assert page.locator("#quick-exit-hint").is_visible()
    page.keyboard.press("Escape")
    page.wait_for_timeout(100)
    assert page.url == live_server.url + "/"
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL_SITE)


def test_home_loads_only_its_own_files_without_csp_violation(
    page, live_server, page_errors, external_requests
):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    visit(page, live_server)
    assert page_errors == []
    assert external_requests == []
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert any(url.endswith("/static/core/quick-exit.js") for url in requests)


def test_language_switcher_works_without_javascript(chromium, live_server, transactional_db):
    context = chromium.new_context(locale="fr-FR", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/no-such-page")
        assert page.get_attribute("html", "lang") == "fr"
        page.click("button[value=en]")
        page.wait_for_load_state("load")
        assert page.url == live_server.url + "/no-such-page"
        assert page.get_attribute("html", "lang") == "en"
        assert page.inner_text("h1") == "Page not found"
        page.click("button[value=es]")
        assert page.inner_text("#quick-exit") == "Salida rápida"
    finally:
        context.close()


def test_api_docs_render_swagger_ui_under_csp(page, live_server, page_errors, external_requests):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    response = visit(page, live_server, "/api/docs")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
    assert "Appui" in page.inner_text(".swagger-ui .info .title")
    assert page.get_attribute("html", "lang")
    assert page_errors == []
    assert external_requests == []
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert any(url.endswith("/api/openapi.json") for url in requests)
