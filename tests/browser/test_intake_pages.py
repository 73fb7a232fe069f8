"""From an intake to the file of a person already known, in a real browser: the intake, the
search it fills in, her page offering to attach the intake, then the file; a town typed and
picked from the suggestions; a file found by its number. Each page passes axe and fits a
320 px screen."""

from appui.core import demo


def _log_in(page, url, email):
    page.goto(url + "/pro/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.fill("#id_code", demo.current_code(email))
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def _fits(page, assert_accessible):
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert width <= 320, (page.url, width)


def test_an_intake_is_attached_to_the_file_of_a_person_known(
    page, live_server, staff_file, assert_accessible, page_errors
):
    from appui.cases import services
    from appui.cases.models import Intake, IntakeStatus

    file, person = staff_file
    intake = services.request_callback(
        commune_code="54395",
        data={"contact_name": "PETIT Nora", "contact_phone": "06 12 34 56 78", "language": "es"},
    )
    url = live_server.url
    _log_in(page, url, "accueil@fv54.example")
    page.goto(url + f"/pro/intakes/{intake.pk}/")
    assert "Nancy (54)" in page.locator("main").inner_text()
    _fits(page, assert_accessible)
    page.locator(f"main a[href='/pro/people/?intake={intake.pk}']").click()
    assert "PETIT Nora" in page.locator("main table").inner_text()
    assert page.locator("#id_name").input_value() == "PETIT Nora"
    _fits(page, assert_accessible)
    page.locator(f"main table a[href='/pro/people/{person.pk}/?intake={intake.pk}']").click()
    _fits(page, assert_accessible)
    with page.expect_navigation():
        page.locator(f"main form:has(input[name=attach][value='{file.pk}']) button").click()
    assert page.url.endswith(f"/pro/files/{file.pk}/")
    assert file.number in page.locator("main").inner_text()
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.DONE and intake.case_file_id == file.pk
    assert Intake.objects.count() == 1
    assert not page_errors


def test_a_town_is_picked_from_the_suggestions_and_a_file_found_by_number(
    page, live_server, staff_file, assert_accessible, page_errors
):
    file, person = staff_file
    url = live_server.url
    _log_in(page, url, "accueil@fv54.example")
    page.goto(url + f"/pro/people/{person.pk}/edit/")
    box = page.locator("#id_commune_code")
    box.fill("Nanc")
    page.locator("[role=listbox] [role=option]").first.wait_for()
    assert_accessible(page)
    box.press("ArrowDown")
    box.press("Enter")
    assert box.input_value().startswith("Nancy (54")
    page.select_option("#id_language", "ar")
    page.check("#id_interpreter_needed_1")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    person.refresh_from_db()
    assert (person.commune_code, person.language, person.interpreter_needed) == (
        "54395",
        "ar",
        True,
    )
    assert "Nancy (54)" in page.locator("main").inner_text()
    _fits(page, assert_accessible)

    page.goto(url + "/pro/people/")
    page.fill("#id_number", file.number.lower())
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert file.number in page.locator("main table").inner_text()
    _fits(page, assert_accessible)
    assert not page_errors
