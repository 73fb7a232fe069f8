"""Every staff page passes axe-core, at desktop width and on a 320 px screen, and the
password is asked again before an export."""

import pytest

from appui.core import demo


@pytest.fixture
def a_file(staff_file):
    return staff_file


def test_staff_pages_are_accessible_and_exports_ask_for_the_password(
    page, live_server, a_file, assert_accessible
):
    file, person = a_file
    url = live_server.url
    page.goto(url + "/pro/login/")
    assert_accessible(page)
    page.fill("#id_email", "direction@fv54.example")
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.fill("#id_code", demo.current_code("direction@fv54.example"))
    page.keyboard.press("Enter")  # the form works from the keyboard
    page.wait_for_url(url + "/pro/")
    assert "PARQ" not in page.content()  # titles of tasks, not the mandate reference
    assert page.locator("main tbody tr").count() >= 1  # the mandate due today
    pages = [
        "/pro/",
        "/pro/?team=1",
        "/pro/intakes/",
        "/pro/intakes/new/",
        "/pro/people/?name=petti",
        f"/pro/people/{person.pk}/",
        f"/pro/files/{file.pk}/",
        f"/pro/files/{file.pk}/affair/",
        f"/pro/files/{file.pk}/facts/",
        f"/pro/files/{file.pk}/interviews/new/",
        f"/pro/files/{file.pk}/referrals/new/",
        f"/pro/files/{file.pk}/assessments/new/",
        f"/pro/files/{file.pk}/protections/new/",
        f"/pro/files/{file.pk}/documents/new/",
        f"/pro/files/{file.pk}/access/",
        "/pro/access-review/",
        "/pro/stats/",
        "/pro/account/",
    ]
    for path in pages:
        response = page.goto(url + path)
        assert response.status == 200, path
        assert_accessible(page)
    page.goto(url + "/pro/people/?name=petti")
    assert "PETIT Nora" in page.locator("main").inner_text()  # a typo still finds her
    page.set_viewport_size({"width": 320, "height": 640})
    for path in (f"/pro/files/{file.pk}/", "/pro/", f"/pro/files/{file.pk}/interviews/new/"):
        page.goto(url + path)
        assert_accessible(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, (path, width)
    page.set_viewport_size({"width": 1280, "height": 800})
    # An export asks for the password again, then downloads.
    page.goto(url + f"/pro/people/{person.pk}/")
    page.locator(f"a[href='/pro/people/{person.pk}/export.json']").click()
    assert "/pro/confirm/" in page.url
    assert_accessible(page)
    page.fill("#id_password", "wrong")
    page.locator("main form button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    page.fill("#id_password", demo.DEMO_PASSWORD)
    with page.expect_download() as download:
        page.locator("main form button[type=submit]").click()
    assert download.value.suggested_filename == f"person-{person.pk}.json"
