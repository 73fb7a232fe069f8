"""From her plan to a draft civil-party letter in hand, in a real browser, on a desktop and on
a small phone: every page checked with axe-core and for sideways scrolling."""

import datetime as dt
import shutil
import subprocess

import pytest

from appui.rights.facts import today_in_paris


def check(page, assert_accessible):
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"{page.url} scrolls sideways: {width} px for {viewport} px"


def answer_guide(page, base: str, hearing: dt.date) -> None:
    """Hit in Épinal, 45 days of ITT, a complaint, a hearing set."""
    page.goto(base + "/guide/danger/")
    screens = [
        ("danger", {"danger": "no"}),
        ("age", {"minor": "no"}),
        ("what", {"situations": "hit"}),
        ("when", {"date": "2025-03-01"}),
        ("where", {"place": "Épinal"}),
        ("author", {"author": "known"}),
        ("harm", {"injured": "yes", "itt_days": "45"}),
        ("procedure", {"complaint": "yes", "hearing_date": hearing.isoformat()}),
        ("about", {}),
    ]
    for expected, answers in screens:
        assert page.url.endswith(f"/guide/{expected}/"), (expected, page.url)
        for name, value in answers.items():
            box = page.locator(f"input[name={name}]")
            if box.first.get_attribute("type") in ("radio", "checkbox"):
                page.check(f"input[name={name}][value={value}]")
            else:
                page.fill(f"input[name={name}]", value)
        page.click("form.question button[type=submit]:not([name=action])")
    assert page.url.endswith("/guide/plan/"), page.url


VIEWPORTS = [{"width": 1366, "height": 900}, {"width": 320, "height": 640}]


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["desktop", "phone"])
def test_plan_to_a_draft_civil_party_letter(
    page, live_server, guide_data, assert_accessible, external_requests, tmp_path, viewport
):
    page.set_viewport_size(viewport)
    hearing = today_in_paris() + dt.timedelta(days=60)
    answer_guide(page, live_server.url, hearing)
    check(page, assert_accessible)
    page.locator('a[href="/guide/draft/civil_party/"]').click()
    assert page.url.endswith("/guide/draft/civil_party/")
    check(page, assert_accessible)
    assert page.input_value("input[name=hearing_date]") == hearing.isoformat()

    # A slip first: an amount with no idea what it is for, and a negative one.
    page.fill("input[name=last_name]", "Martin")
    page.fill("input[name=first_names]", "Claire")
    page.fill("input[name=amount_1]", "4200")
    page.select_option("select[name=head_2]", "det.SE")
    page.fill("input[name=amount_2]", "-3")
    page.get_by_role("button", name="Télécharger mon brouillon (PDF)").click()
    summary = page.locator("#error-summary")
    assert summary.count() == 1
    assert page.locator("#id_head_1_error").count() == 1
    assert page.locator("#id_amount_2_error").count() == 1
    check(page, assert_accessible)

    page.select_option("select[name=head_1]", "dpt.DSA")
    page.fill("input[name=detail_1]", "Pharmacie")
    page.fill("input[name=amount_2]", "3000")
    page.fill("input[name=court]", "Tribunal correctionnel d'Épinal")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger mon brouillon (PDF)").click()
    assert download.value.suggested_filename == "brouillon-lettre-partie-civile.pdf"
    path = tmp_path / "draft.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
        ).stdout.decode()
        text = " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())
        assert "Brouillon" in text and "Claire MARTIN" in text
        assert "Pharmacie" in text
        assert "Total demandé 7 200,00 €" in text
    # The page stays, with what she typed, for her to correct.
    assert page.input_value("input[name=last_name]") == "Martin"
    assert external_requests == []
