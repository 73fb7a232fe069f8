"""The file page on a desktop (1,366 px) and on a phone (320 px): two columns side by side
on the desktop, the story and the rights; one column on the phone with the open tasks and
the danger first; axe clean and no sideways scroll at either width."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from appui.core import demo

DESKTOP, PHONE = 1366, 320


@pytest.fixture
def full_file(staff_file, settings, tmp_path):
    """The Nancy file with a day's worth of work on it: interviews, referrals, an
    assessment, a grave-danger phone, a document, facts of harm and danger."""
    from django.contrib.auth import get_user_model

    from appui.cases import services
    from tests.cases.conftest import actor

    settings.APPUI_DOCUMENTS_DIR = tmp_path
    file, person = staff_file
    who = actor(get_user_model().objects.get(username="direction@fv54.example"))
    services.update_facts(
        who, file, {"itt_days": 12, "grave_danger": True, "cohabiting_with_author": False}
    )
    for day in (3, 2):
        services.add_interview(
            who,
            file,
            {
                "discipline": "reception",
                "held_at": timezone.now() - dt.timedelta(days=day),
                "duration_minutes": 30,
                "mode": "phone",
                "note": "Premier contact, explique la plainte et les délais.",
            },
        )
    services.add_referral(who, file, {"partner_name": "Avocat de permanence", "reason": "Plainte"})
    services.add_assessment(
        who, file, {"requested_on": timezone.localdate(), "requested_by": "Parquet de Nancy"}
    )
    services.add_protection(who, file, {"kind": "tgd", "start_on": timezone.localdate()})
    services.add_document(
        who,
        file,
        title="Récépissé de plainte",
        name="plainte.pdf",
        content_type="application/pdf",
        data=b"%PDF-1.4 test",
    )
    return file, person


def log_in(page, url):
    page.goto(url + "/pro/login/")
    page.fill("#id_email", "direction@fv54.example")
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.fill("#id_code", demo.current_code("direction@fv54.example"))
    page.keyboard.press("Enter")
    page.wait_for_url(url + "/pro/")


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_the_file_page_uses_the_width_and_stacks_on_a_phone(
    page, live_server, full_file, assert_accessible
):
    file, _person = full_file
    url = live_server.url
    log_in(page, url)
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    page.goto(url + f"/pro/files/{file.pk}/")
    assert_accessible(page)
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"\nfile page at {DESKTOP} px: {height} px long")
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP
    story, rights = box(page, ".file-page__story"), box(page, ".file-page__side")
    # Side by side: the facts and rights beside the story, from the same height.
    assert rights["x"] >= story["x"] + story["width"] - 1
    assert abs(rights["y"] - story["y"]) < 2
    assert box(page, "#rights")["x"] == pytest.approx(rights["x"], abs=40)

    page.set_viewport_size({"width": PHONE, "height": 640})
    page.goto(url + f"/pro/files/{file.pk}/")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    # One column: the urgent things (open tasks, danger) come before the story and rights.
    tasks, danger = box(page, "#tasks"), box(page, "#protection")
    interviews, rights = box(page, "#interviews"), box(page, "#rights")
    assert tasks["y"] < interviews["y"] and danger["y"] < interviews["y"]
    assert interviews["y"] < rights["y"]
    assert rights["x"] == pytest.approx(interviews["x"], abs=2)


def test_referral_partners_and_error_pages_on_a_phone(
    page, live_server, full_file, assert_accessible
):
    """The partner list of a kind, without JavaScript's help, and the 404 page: axe clean and
    no sideways scroll at 320 px."""
    file, _person = full_file
    url = live_server.url
    log_in(page, url)
    page.set_viewport_size({"width": PHONE, "height": 640})
    page.goto(url + f"/pro/files/{file.pk}/referrals/new/")
    page.select_option("#id_kind", "civi")
    page.locator("form[method=get] button[type=submit]").click()
    page.wait_for_url("**kind=civi")
    assert page.locator("input[name=partner]").count() >= 2  # "none of these", then the CIVIs
    assert "km" in page.locator("main").inner_text()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    response = page.goto(url + "/pro/files/999999/")
    assert response.status == 404
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
