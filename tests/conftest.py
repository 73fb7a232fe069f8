"""Shared fixtures.

Browser fixtures (Playwright's sync API driving Debian's Chromium, never a downloaded browser):

- ``chromium``: the session's headless Chromium (skips the test when it is not installed);
- ``browser_context``: a fresh French-speaking context whose requests can reach only this
  machine (anything else is refused and listed in ``external_requests``);
- ``page``: a page of that context; requesting it starts the ``live_server`` and marks the
  test ``browser``;
- ``page_errors``: console errors and uncaught exceptions of ``page`` (CSP violations included);
- ``external_requests``: URLs the page tried to load from another origin;
- ``assert_accessible``: ``assert_accessible(page)`` runs axe-core and fails on any violation.
"""

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.helpers import APPUI_COMMAND, appui_environment

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# database access from the live server fixtures in that thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("APPUI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Resolve no name but this machine's: a page can never reach another host.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
LOCAL_URL = re.compile(r"^(https?://(localhost|127\.0\.0\.1)(:\d+)?/|data:|about:|blob:)")
BROWSER_FIXTURES = {"page", "browser_context", "chromium"}


@pytest.fixture(scope="session", autouse=True)
def _own_var_directory(tmp_path_factory):
    """The run's own var directory, documents included: parallel workers (``pytest -n``), and
    a site run from this checkout, never see each other's files."""
    from django.test import override_settings

    var = tmp_path_factory.mktemp("var")
    with override_settings(VAR_DIR=var, APPUI_DOCUMENTS_DIR=var / "documents"):
        yield var


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, whose teardown no stray session can block.

    A live server's or a worker's thread may still hold a PostgreSQL session when the run
    ends, and PostgreSQL refuses to drop a database in use: end those sessions first."""
    yield
    with django_db_blocker.unblock():
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


def pytest_report_header(config):
    if CHROMIUM.exists():
        return f"browser tests: {CHROMIUM}"
    return f"browser tests: SKIPPED, {CHROMIUM} not found (make test installs it as root)"


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def external_requests():
    return []


@pytest.fixture
def browser_context(chromium, external_requests):
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1280, "height": 800})

    def refuse(route):
        external_requests.append(route.request.url)
        route.abort()

    context.route(lambda url: not LOCAL_URL.match(url), refuse)
    yield context
    context.close()


@pytest.fixture
def page_errors():
    return []


@pytest.fixture
def page(browser_context, live_server, transactional_db, page_errors):
    page = browser_context.new_page()
    page.on(
        "console",
        lambda message: page_errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    yield page
    page.close()


@pytest.fixture
def assert_accessible():
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, context=None):
        results = axe.run(page, context=context)
        assert results.violations_count == 0, results.generate_report()
        return results

    return check


@pytest.fixture
def run_appui(tmp_path):
    """``run_appui(*args, env={...}, timeout=60)`` runs the ``appui`` command in a subprocess.

    The subprocess sees none of the caller's Appui settings, only ``env``; its local data
    (SQLite file, static files) goes to a temporary directory.
    """

    def run(*args, env=None, timeout=60):
        return subprocess.run(
            [*APPUI_COMMAND, *args],
            env=appui_environment(tmp_path / "var", env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    return run


@pytest.fixture(autouse=True)
def _fresh_directory_reads():
    """Each test sees its own database, not directory rows another test read."""
    from appui.directory.services import forget_cached_reads

    forget_cached_reads()


@pytest.fixture(autouse=True)
def _audit_log_flushable(request):
    """Transactional tests empty every table afterwards, which the audit log's append-only
    triggers refuse on SQLite (PostgreSQL empties with TRUNCATE, which they let pass): the
    triggers are set at the start of such a test and lifted just before its flush."""
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    from django.db import connection

    from appui.core.audit import APPEND_ONLY_SQL

    vendor = connection.vendor
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            for sql in APPEND_ONLY_SQL["sqlite"]:
                cursor.execute(sql)
    yield
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_delete")
