"""A victim in Verdun books the victim bureau's Wednesday session on her phone (390 and
320 px), gets her reference and the ICS file, opens her link, moves the appointment and
cancels it; the association running the bureau sees it in its agenda. Every page passes
axe and never scrolls sideways. French interface: the steps go by links and fields, not
by words the catalogues have not compiled yet."""

import pytest

from appui.booking.models import Agenda, AgendaCapacity, Booking, BookingState, Motive
from appui.core import demo
from appui.core.models import Organisation, OrganisationKind, Role
from appui.directory.hours import PARIS
from appui.directory.models import Kind, Service
from tests.booking.test_views import at, wednesday
from tests.browser.test_layout import MIN_TARGET, SMALL_TARGETS

PHONES = ({"width": 390, "height": 844}, {"width": 320, "height": 640})
DESKTOP = {"width": 1280, "height": 800}
RECEPTIONIST = "accueil@fv55.example"


@pytest.fixture
def verdun(transactional_db, settings):
    """The demo association of the Meuse running the seed's bureau in Verdun, and its
    receptionist."""
    from appui.core.services import create_staff

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    fv55 = Organisation.objects.create(
        kind=OrganisationKind.ASSOCIATION,
        code="fv55",
        name="Association de démonstration de la Meuse",
        departement="55",
        file_prefix="FV55",
    )
    create_staff(
        RECEPTIONIST,
        organisation="fv55",
        role=Role.RECEPTIONIST,
        name="Morgane Accueil",
        totp_key=demo.demo_key(RECEPTIONIST),
        password=demo.DEMO_PASSWORD,
    )
    service = Service.objects.create(
        slug="bav-verdun",
        kind=Kind.BAV,
        name="Bureau d'aide aux victimes du tribunal judiciaire de Verdun",
        city="Verdun",
        commune_code="55545",
        opening_hours="We 13:45-16:45; PH off",
        organisation=fv55,
        dataset="seed-nancy",
    )
    agenda = Agenda.objects.create(service=service, slot_minutes=30)
    AgendaCapacity.objects.create(agenda=agenda, motive=Motive.BAV, capacity=1)
    return agenda


def checked(page, assert_accessible, widths=PHONES):
    """axe, then no sideways scrolling and no tap target under 44 px at each width; the
    first width is left in place."""
    assert_accessible(page)
    for viewport in reversed(widths):
        page.set_viewport_size(viewport)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], (page.url, viewport["width"], width)
        assert page.evaluate(SMALL_TARGETS, MIN_TARGET) == [], (page.url, viewport["width"])


def log_in(page, url, email):
    page.goto(url + "/pro/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.fill("#id_code", demo.current_code(email))
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def test_a_victim_in_verdun_books_the_wednesday_session(
    page, live_server, verdun, assert_accessible, page_errors, external_requests
):
    url = live_server.url
    day = wednesday()
    first, later = at(day, 13, 45), at(wednesday(weeks=1), 14, 15)

    # The bureau's page, on a phone.
    page.set_viewport_size(PHONES[0])
    page.goto(url + "/rendez-vous/bav/bav-verdun/")
    checked(page, assert_accessible)
    page.check(f"input[name=start][value='{first.isoformat()}']")
    page.fill("#id_name", "Camille")
    page.fill("#id_phone", "06 12 34 56 78")
    page.check("#id_reminders")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    # Her reference, her link and the ICS file.
    booking = Booking.objects.get()
    assert (booking.start, booking.source, booking.reminders) == (first, "bav", True)
    assert page.url.endswith("/enregistre/")
    assert booking.reference in page.locator("main").inner_text()
    checked(page, assert_accessible)
    ics = page.locator("main a[href$='/rendez-vous.ics']").first.get_attribute("href")
    answer = page.request.get(url + ics)
    assert answer.ok and answer.headers["content-type"].startswith("text/calendar")
    assert booking.reference in answer.text() and "Camille" not in answer.text()

    # She opens her link.
    page.locator(".keep-link a").click()
    page.wait_for_load_state()
    assert "/enregistre/" not in page.url and booking.reference in page.inner_text("main")
    checked(page, assert_accessible)

    # She moves it to the next week's session.
    page.locator("main a[href$='/deplacer/']").click()
    page.wait_for_load_state()
    checked(page, assert_accessible)
    page.check(f"input[name=start][value='{later.isoformat()}']")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("?done=moved")
    booking.refresh_from_db()
    assert booking.start == later and booking.state == BookingState.BOOKED
    checked(page, assert_accessible)
    her_link = page.url.split("?")[0]

    # The association's receptionist sees it in her day, and in her week.
    staff = page.context.new_page()
    log_in(staff, url, RECEPTIONIST)
    local_day = later.astimezone(PARIS).date().isoformat()
    staff.goto(url + f"/pro/agenda/?day={local_day}")
    assert "Camille" in staff.inner_text("main") and booking.reference in staff.inner_text("main")
    checked(staff, assert_accessible, (DESKTOP, PHONES[1]))
    staff.goto(url + f"/pro/agenda/semaine/?week={local_day}")
    assert staff.locator(".week__day").count() == 7
    assert "Camille" in staff.inner_text("main")
    checked(staff, assert_accessible, (DESKTOP, PHONES[1]))
    # Seven columns side by side on a desktop.
    staff.set_viewport_size(DESKTOP)
    boxes = [day.bounding_box() for day in staff.locator(".week__day").all()]
    assert len({round(box["y"]) for box in boxes}) == 1
    staff.locator(f"main a[href$='/rendez-vous/{booking.pk}/']").first.click()
    staff.wait_for_load_state()
    checked(staff, assert_accessible, (DESKTOP, PHONES[1]))
    staff.goto(url + "/pro/agenda/flux/")
    checked(staff, assert_accessible, (DESKTOP, PHONES[1]))

    # She cancels, after confirming.
    page.goto(her_link)
    page.locator("main a[href$='/annuler/']").click()
    page.wait_for_load_state()
    checked(page, assert_accessible)
    booking.refresh_from_db()
    assert booking.state == BookingState.BOOKED
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("?done=cancelled")
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    assert page.locator("main a[href$='/deplacer/']").count() == 0
    checked(page, assert_accessible)

    assert not page_errors and not external_requests

    # A mistyped link: the kind page, in the same style (the browser logs its 404).
    page.goto(her_link.rstrip("/")[:-3] + "/")
    checked(page, assert_accessible)
    assert booking.reference not in page.inner_text("main")


def test_a_full_session_is_said_on_the_same_screen(
    page, live_server, verdun, assert_accessible, page_errors
):
    from appui.booking import services

    day = wednesday()
    page.set_viewport_size(PHONES[1])
    page.goto(live_server.url + "/rendez-vous/bav/bav-verdun/")
    # Someone else takes the time while she is typing.
    services.book(verdun, Motive.BAV, at(day, 13, 45), services.Contact(name="Quelqu'un"))
    page.check(f"input[name=start][value='{at(day, 13, 45).isoformat()}']")
    page.fill("#id_name", "Camille")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#id_name").input_value() == "Camille"
    assert Booking.objects.count() == 1
    checked(page, assert_accessible, (PHONES[1],))
    # The browser logs the page's own status (409: the time was taken), nothing else.
    assert all("status of 409" in error for error in page_errors), page_errors
