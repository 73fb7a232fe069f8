"""PDF documents: WeasyPrint reads our static files and nothing else."""

import io
import logging
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from pypdf import PdfReader
from weasyprint.urls import URLFetcher

from appui.core import pdf

STYLESHEET = "guide/print.css"


@pytest.fixture
def fetched(monkeypatch):
    """The URLs WeasyPrint's own fetcher was really asked to open, in order."""
    urls = []
    real = URLFetcher.fetch

    def spy(self, url, headers=None):
        urls.append(url)
        return real(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", spy)
    return urls


def render_html(monkeypatch, html: str) -> bytes:
    monkeypatch.setattr(pdf, "render_to_string", lambda *args, **kwargs: html)
    return pdf.render(None, "any.html", {}, STYLESHEET)


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///etc/hostname",
        "http://127.0.0.1:1/tracker.png",
        "https://example.org/font.woff2",
        "ftp://example.org/x.css",
    ],
)
def test_the_fetcher_refuses_anything_but_our_static_files(url, fetched, caplog):
    with caplog.at_level(logging.WARNING, logger="appui.core.pdf"):
        with pytest.raises(ValueError):
            pdf.StaticFilesOnly().fetch(url)
    assert fetched == []
    assert "refused" in caplog.text


def test_the_fetcher_refuses_a_way_out_of_the_static_directory(fetched):
    css = Path(finders.find(STYLESHEET))
    escape = css.parent.as_uri() + "/../" * 30 + "etc/passwd"
    with pytest.raises(ValueError):
        pdf.StaticFilesOnly().fetch(escape)
    assert fetched == []


def test_the_fetcher_refuses_a_symlink_out_of_the_static_directory(settings, tmp_path):
    (tmp_path / "leak.css").symlink_to("/etc/passwd")
    settings.STATIC_ROOT = str(tmp_path)
    with pytest.raises(ValueError):
        pdf.StaticFilesOnly().fetch((tmp_path / "leak.css").as_uri())


def test_the_fetcher_serves_a_static_file_from_the_finders():
    css = Path(finders.find(STYLESHEET))
    response = pdf.StaticFilesOnly().fetch(css.as_uri())
    try:
        assert response.read() == css.read_bytes()
    finally:
        response.close()


def test_the_fetcher_serves_a_file_under_static_root(settings, tmp_path):
    (tmp_path / "logo.css").write_text("body { color: black }")
    settings.STATIC_ROOT = str(tmp_path)
    response = pdf.StaticFilesOnly().fetch((tmp_path / "logo.css").as_uri())
    try:
        assert response.read() == b"body { color: black }"
    finally:
        response.close()


def test_data_urls_are_read_as_they_carry_their_own_bytes():
    response = pdf.StaticFilesOnly().fetch("data:text/css,p%7Bcolor:red%7D")
    try:
        assert response.read() == b"p{color:red}"
    finally:
        response.close()


def test_a_document_pointing_at_local_files_renders_without_them(monkeypatch, fetched, caplog):
    html = (
        "<html><head>"
        '<link rel="stylesheet" href="file:///etc/hostname">'
        "<style>@import url(file:///etc/hostname);</style>"
        "</head><body><p>Plan</p>"
        '<img src="file:///etc/passwd" alt="">'
        '<object data="file:///etc/passwd"></object>'
        '<img src="http://127.0.0.1:1/pixel.png" alt="">'
        "</body></html>"
    )
    with caplog.at_level(logging.WARNING, logger="appui.core.pdf"):
        content = render_html(monkeypatch, html)
    assert content.startswith(b"%PDF")
    assert "Plan" in pdf_text(content)
    assert not [url for url in fetched if "/etc/" in url or url.startswith("http")]
    refused = [r.getMessage() for r in caplog.records if r.name == "appui.core.pdf"]
    assert any("file:///etc/passwd" in message for message in refused)
    assert any("file:///etc/hostname" in message for message in refused)
    assert "root:" not in pdf_text(content)


def test_the_stylesheet_may_import_another_static_file(monkeypatch, fetched):
    css = Path(finders.find(STYLESHEET))
    html = f'<html><head><link rel="stylesheet" href="{css.as_uri()}"></head><body>x</body></html>'
    assert render_html(monkeypatch, html).startswith(b"%PDF")
    assert fetched == [css.as_uri()]
