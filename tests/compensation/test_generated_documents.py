"""The CIVI request generated from a compensation file: what the file knows is in it, head
by head; it is a new version among the case file's documents, and its generation is audited.
Psychological notes never enter it."""

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from appui.cases import services as case_services
from appui.cases.models import Document
from appui.compensation import documents, services
from appui.compensation.models import GeneratedDocument, LetterKind
from appui.core.models import AuditEvent, Role

from .conftest import actor, login

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


@pytest.fixture(autouse=True)
def documents_dir(settings, tmp_path):
    settings.APPUI_DOCUMENTS_DIR = tmp_path / "documents"


def test_the_civi_request_carries_the_claim_and_is_versioned(
    client, jurist, civi_file, staff, tmp_path
):
    who = actor(jurist)
    psy = staff(Role.PSYCHOLOGIST)
    case_services.add_interview(
        actor(psy),
        civi_file,
        {
            "discipline": "psychological",
            "held_at": dt.datetime(2026, 4, 1, 10, 0, tzinfo=dt.UTC),
            "duration_minutes": 45,
            "mode": "in_person",
            "note": "Confidential psychological note xyzzy",
        },
    )
    comp = services.open_compensation(who, civi_file, "civi_full")
    for head, amount in (
        ("dpt.DSA", "420.50"),
        ("det.SE", "6000"),
        ("det.DFT", "1150"),
        ("dpt.PGPA", "2300"),
    ):
        services.save_head(who, comp, {"head": head, "amount": Decimal(amount), "basis": ""})
    services.add_received(who, comp, {"payer": "social_security", "name": "CPAM", "amount": 300})
    generated = documents.generate(who, comp, LetterKind.CIVI_REQUEST)
    again = documents.generate(who, comp, LetterKind.CIVI_REQUEST)
    assert (generated.version, again.version) == (1, 2)
    assert Document.objects.filter(case_file=civi_file).count() == 2
    assert AuditEvent.objects.filter(target="generated_document", target_id=again.pk).exists()

    _document, pdf = case_services.read_document(who, again.document_id)
    text = text_of(pdf, tmp_path)
    assert "MOREAU" in text and "Claire" in text
    assert "Souffrances endurées (SE)" in text and "6 000,00 €" in text
    assert "9 870,50 €" in text  # 420.50 + 6000 + 1150 + 2300
    assert "CPAM" in text
    assert "1er mars 2026" in text or "1 mars 2026" in text
    assert "à compléter" in text  # what the file does not know: a visible blank
    assert "xyzzy" not in text


def test_generation_through_the_page(client, jurist, civi_file):
    comp = services.open_compensation(actor(jurist), civi_file, "civi_full")
    login(client, jurist)
    response = client.post(reverse("compensation:generate", args=[comp.pk, "civi_request"]))
    assert response.status_code == 302
    assert GeneratedDocument.objects.filter(compensation=comp).count() == 1
    page = client.get(reverse("compensation:detail", args=[comp.pk])).content.decode()
    assert "Requête à la CIVI — version 1" in page
    # A kind the route does not generate.
    response = client.post(reverse("compensation:generate", args=[comp.pk, "sarvi_request"]))
    assert response.status_code == 404
