"""No staff page shows a link its reader's role cannot follow.

For every role, every staff page the permission matrix opens to it is read; each link
(`<a href>`) and each form's action pointing under /pro/ or /admin/ is then requested as
that same user (a form with its own method; a POST inside a transaction rolled back, so
that nothing is changed between two requests). None may answer 403 or 404, nor send back
to the login page. The pages and the roles' rules are the permission matrix's own.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.urls import resolve, reverse
from django.utils import timezone

from appui.core.crypto import encrypt_bytes
from appui.core.models import ExceptionalAccess, Role

from .conftest import login
from .test_permissions import MATRIX, records, url_for

__all__ = ["records"]  # the permission matrix's fixture, used here as is

WATCHED = ("/pro/", "/admin/")
# Always open to a signed-in staff member, and it would end the session.
NOT_FOLLOWED = {("post", "/pro/logout/")}

# Dead links known, in templates this test does not fix: (role, method, URL name) → where.
# Strict: a gap that is fixed fails here until it is removed from this list.
KNOWN_GAPS = {}
# The same for a reader through an exceptional access (reads only).
KNOWN_EXCEPTIONAL_GAPS = {}


class Links(HTMLParser):
    """The links and form actions of a page: (method, URL) pairs, URLs made absolute paths."""

    def __init__(self, base: str):
        super().__init__()
        self.base = base
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self._add("get", attrs["href"])
        elif tag == "form" and attrs.get("action"):
            self._add((attrs.get("method") or "get").lower(), attrs["action"])

    def _add(self, method, href):
        if href.startswith("#"):
            return
        url = urljoin(self.base, href)
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != "testserver":
            return
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        self.found.append((method, path))


def links_of(response, base: str) -> list[tuple[str, str]]:
    """The watched links of an HTML page (none for a download)."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    parser = Links(base)
    parser.feed(response.content.decode())
    return [(m, u) for m, u in parser.found if u.startswith(WATCHED)]


def refused(response) -> bool:
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and "/pro/login/" in response["Location"]


def follow(client, method: str, url: str):
    """Request `url` as the page would; a POST changes nothing that stays."""
    with transaction.atomic():
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return response


def walk(client, role, seen: dict[tuple[str, str], str], gaps=None) -> tuple[list[str], set]:
    """Follow each link seen: the dead ones (described), and the known gaps met."""
    gaps = KNOWN_GAPS if gaps is None else gaps
    dead, known = [], set()
    for (method, url), shown_on in sorted(seen.items()):
        if (method, urlsplit(url).path) in NOT_FOLLOWED:
            continue
        response = follow(client, method, url)
        if not refused(response):
            continue
        match = resolve(urlsplit(url).path)
        gap = (role, method, f"{match.namespace}:{match.url_name}")
        if gap in gaps:
            known.add(gap)
        else:
            dead.append(f"{method.upper()} {url} ({response.status_code}), shown on {shown_on}")
    return dead, known


# Pages that only lead elsewhere for a confirmed account (no links of their own).
REDIRECTS = {"staff:waiting"}


def pages_for(role) -> list[str]:
    return sorted(
        n
        for n, (method, roles, _id) in MATRIX.items()
        if method == "get" and role in roles and n not in REDIRECTS
    )


@pytest.mark.parametrize("role", list(Role))
def test_no_staff_page_links_to_a_page_the_role_cannot_open(
    client, staff, records, settings, tmp_path, role
):
    settings.APPUI_DOCUMENTS_DIR = tmp_path
    (tmp_path / "missing").write_bytes(encrypt_bytes(b"%PDF"))
    login(client, staff(role), password_confirmed=True)
    seen: dict[tuple[str, str], str] = {}
    for name in pages_for(role):
        url = url_for(name, records)
        response = client.get(url)
        assert response.status_code == 200, (role, name, response.status_code)
        for link in links_of(response, url):
            seen.setdefault(link, url)
    assert seen, role
    dead, known = walk(client, role, seen)
    assert not dead, f"{role}: " + "; ".join(dead)
    fixed = {gap for gap in KNOWN_GAPS if gap[0] == role} - known
    assert not fixed, f"fixed, to remove from KNOWN_GAPS: {fixed}"


def test_the_walk_sees_the_links_of_the_file_page(client, staff, records):
    """The walk is not empty: the file page's links are collected, forms with their method."""
    login(client, staff(Role.DIRECTION))
    url = reverse("cases:file", args=[records["file"].pk])
    found = set(links_of(client.get(url), url))
    assert ("get", reverse("cases:referral_new", args=[records["file"].pk])) in found
    assert ("post", reverse("cases:task_done", args=[records["task"].pk])) in found
    assert ("get", reverse("cases:access_log", args=[records["file"].pk])) in found


@pytest.mark.parametrize("role", [Role.FEDERATION_ADMIN, Role.DIRECTION])
def test_an_exceptional_reader_is_shown_no_link_she_cannot_follow(
    client, staff, records, own, settings, tmp_path, role
):
    """Reading another association's file through an exceptional access: reads only, so no
    link to a form, an action or the file's access log."""
    settings.APPUI_DOCUMENTS_DIR = tmp_path
    (tmp_path / "missing").write_bytes(encrypt_bytes(b"%PDF"))
    reader = staff(role, "federation" if role == Role.FEDERATION_ADMIN else "other")
    now = timezone.now()
    ExceptionalAccess.objects.create(
        user=reader,
        organisation=own,
        reason="The prosecutor asks about a victim who moved away.",
        granted_at=now,
        expires_at=now + dt.timedelta(hours=4),
    )
    login(client, reader, password_confirmed=True)
    seen = {}
    for url in (
        reverse("cases:file", args=[records["file"].pk]),
        reverse("cases:person", args=[records["person"].pk]),
        reverse("cases:search") + "?name=martin",
        reverse("cases:caseload"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        for link in links_of(response, url):
            seen.setdefault(link, url)
    file_links = {u for (m, u), page in seen.items() if page.startswith("/pro/files/")}
    assert reverse("cases:referral_new", args=[records["file"].pk]) not in file_links
    dead, known = walk(client, role, seen, KNOWN_EXCEPTIONAL_GAPS)
    assert not dead, dead
    fixed = {gap for gap in KNOWN_EXCEPTIONAL_GAPS if gap[0] == role} - known
    assert not fixed, f"fixed, to remove from KNOWN_EXCEPTIONAL_GAPS: {fixed}"
