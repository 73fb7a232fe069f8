"""Documents are read back as a person or a screen reader would: pdftotext's text."""

import shutil
import subprocess

import pytest


def plain(text: str) -> str:
    """pdftotext's text with French narrow and no-break spaces as plain ones, one space
    between words (a table's columns and line breaks fall where the layout puts them)."""
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.fixture
def pdf_text(tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: `make pdftotext` installs it")

    def read(content: bytes) -> str:
        path = tmp_path / "letter.pdf"
        path.write_bytes(content)
        done = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
            timeout=30,
        )
        return plain(done.stdout.decode("utf-8"))

    return read


@pytest.fixture(scope="module")
def territory(django_db_setup, django_db_blocker):
    from appui.territory import services

    with django_db_blocker.unblock():
        services.load(force=True)
    yield
    with django_db_blocker.unblock():
        services.unload()


@pytest.fixture(scope="module")
def directory(territory, django_db_setup, django_db_blocker):
    from appui.directory import services
    from appui.directory.models import Service

    with django_db_blocker.unblock():
        report = services.load_seed()
        assert report.ok, report.errors
    yield
    with django_db_blocker.unblock():
        Service.objects.all().delete()
