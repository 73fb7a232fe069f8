"""A victim whose bike was stolen in Épinal fills the pre-complaint on her phone (390 px),
books Thursday 9:00 at the demo Épinal unit, gets her code and the ICS file; the unit's
agent logs in with password and code, and confirms with the documents to bring, which she
reads on her link's page. Every page passes axe and never scrolls sideways at 390 nor at
320 px. French interface: the steps go by names and addresses, not by words the catalogues
have not compiled yet."""

import datetime as dt

import pytest
from django.utils import timezone

from appui.booking.slots import is_holiday
from appui.complaints.models import PreComplaint, State
from appui.core import demo
from appui.directory.hours import PARIS

PHONES = ({"width": 390, "height": 844}, {"width": 320, "height": 640})
DESKTOP = {"width": 1280, "height": 800}
AGENT = "agent@police-epinal.example"


@pytest.fixture
def epinal(transactional_db, settings):
    """France's communes, the demo network and its units with their agendas, as
    `appui load_demo` makes them."""
    from importlib import import_module

    from django.contrib.auth.models import Group

    from appui.booking import demo as booking_demo
    from appui.directory.models import Service
    from appui.territory import services as territory

    from .conftest import GROUP_MIGRATIONS

    # The administration's groups, which a transactional test's flush removed.
    for module in GROUP_MIGRATIONS:
        Group.objects.get_or_create(name=import_module(module).GROUP)
    territory.load(force=True)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load()
    booking_demo.load()
    return Service.objects.get(slug="demo-commissariat-epinal")


def thursday() -> dt.date:
    """The next Thursday after today that is no public holiday in Épinal."""
    day = timezone.now().astimezone(PARIS).date() + dt.timedelta(days=1)
    while day.weekday() != 3 or is_holiday(day, "88160"):
        day += dt.timedelta(days=1)
    return day


def checked(page, assert_accessible, widths=PHONES):
    """axe, then no sideways scrolling at each width; the first width is left in place."""
    assert_accessible(page)
    for viewport in reversed(widths):
        page.set_viewport_size(viewport)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], (page.url, viewport["width"], width)


def submit(page, selector="main form.question button[type=submit]:not([name=action])"):
    with page.expect_navigation():
        page.locator(selector).first.click()


def log_in(page, url, email):
    page.goto(url + "/pro/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.fill("#id_code", demo.current_code(email))
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def test_a_stolen_bike_in_epinal(
    page, live_server, epinal, assert_accessible, page_errors, external_requests
):
    url = live_server.url
    page.set_viewport_size(PHONES[0])
    a11y = lambda: checked(page, assert_accessible)  # noqa: E731

    # The gate.
    page.goto(url + "/pre-plainte/")
    a11y()
    page.check("input[name=danger][value=no]")
    page.check("input[name=what][value=theft]")
    page.check("input[name=author_known][value=no]")
    submit(page)

    # About her: a bad phone number first, said beside the field.
    assert page.url.endswith("/pre-plainte/declarant/")
    a11y()
    page.check("input[name=on_behalf][value=self]")
    page.fill("#id_last_name", "Vautrin")
    page.fill("#id_first_name", "Léa")
    page.fill("#id_birth_date", "1991-06-12")
    page.fill("#id_home", "Épinal")
    page.fill("#id_address", "4 rue Aristide Briand")
    page.fill("#id_phone", "appelez-moi")
    page.fill("#id_email", "lea.vautrin@example.org")
    submit(page)
    assert page.locator("#error-summary a[href='#id_phone']").is_visible()
    assert page.locator("#id_phone_error").is_visible()
    a11y()
    page.fill("#id_phone", "06 11 22 33 44")
    page.fill("#id_home", "Épinal")
    submit(page)

    # The facts: a date in the future is refused on the same screen.
    assert page.url.endswith("/pre-plainte/faits/")
    a11y()
    today = timezone.now().astimezone(PARIS).date()
    page.check("input[name=when][value=date]")
    page.fill("#id_date", (today + dt.timedelta(days=3)).isoformat())
    page.fill("#id_time", "18:30")
    page.fill("#id_commune", "Épinal")
    page.fill("#id_place", "Devant la gare, attaché à l'arceau")
    page.fill("#id_story", "Mon vélo bleu était attaché devant la gare. Le soir, il avait disparu.")
    submit(page)
    assert page.locator("#id_date_error").is_visible()
    a11y()
    page.fill("#id_date", (today - dt.timedelta(days=2)).isoformat())
    page.fill("#id_commune", "Épinal")
    submit(page)

    # Goods and losses.
    assert page.url.endswith("/pre-plainte/biens/")
    a11y()
    page.fill("#id_lines-0-item", "Vélo de ville bleu")
    page.fill("#id_lines-0-value", "450")
    page.fill("#id_lines-0-details", "Cadre n° WTU123456")
    submit(page)

    # No means of payment.
    assert page.url.endswith("/pre-plainte/moyens-de-paiement/")
    a11y()
    page.check("#id_nothing")
    submit(page)

    # Witnesses and evidence.
    assert page.url.endswith("/pre-plainte/temoins-et-preuves/")
    a11y()
    page.check("input[name=witnesses][value=no]")
    page.check("input[name=evidence][value=receipts]")
    submit(page)

    # Her review, with a link to change each section.
    assert page.url.endswith("/pre-plainte/relire/")
    a11y()
    main = page.inner_text("main")
    assert "Vautrin" in main and "Vélo de ville bleu" in main
    assert page.locator("main a[href='/pre-plainte/faits/']").count() == 1
    with page.expect_navigation():
        page.locator("main a[href='/pre-plainte/lieu/']").click()

    # The units near Épinal: the demo's police station first.
    a11y()
    with page.expect_navigation():
        page.locator(f"main a[href='/pre-plainte/lieu/{epinal.pk}/']").click()
    a11y()

    # Thursday, 9:00.
    day = thursday()
    with page.expect_navigation():
        page.locator(f"main a[href='?day={day.isoformat()}']").click()
    a11y()
    nine = dt.datetime.combine(day, dt.time(9), PARIS)
    page.check(f"input[name=start][value='{nine.isoformat()}']")
    page.check("#id_reminders")
    submit(page)

    # Sent: her code, her link, the calendar file.
    assert page.url.endswith("/pre-plainte/envoyee/")
    a11y()
    pre_complaint = PreComplaint.objects.get()
    booking = pre_complaint.booking
    assert booking.start == nine and booking.agenda.service == epinal
    assert booking.reference in page.inner_text("main")
    ics = page.locator("main a[href$='/rendez-vous.ics']").get_attribute("href")
    answer = page.request.get(url + ics)
    assert answer.ok and answer.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in answer.text() and "Vautrin" not in answer.text()
    her_link = page.locator("main a.prewrap").get_attribute("href")
    assert "/rendez-vous/" in her_link

    # The unit's agent logs in with password and code, and confirms.
    staff = page.context.new_page()
    log_in(staff, url, AGENT)
    staff.set_viewport_size(DESKTOP)
    staff.goto(url + "/pro/pre-plaintes/")
    checked(staff, assert_accessible, (DESKTOP, PHONES[1]))
    assert booking.reference in staff.inner_text("main")
    assert "Vautrin" not in staff.inner_text("main")  # no name on the list
    with staff.expect_navigation():
        staff.locator(f"main a[href='/pro/pre-plaintes/{pre_complaint.pk}/']").click()
    checked(staff, assert_accessible, (DESKTOP, PHONES[1]))
    assert "Vautrin" in staff.inner_text("main")
    staff.check("input[name=documents][value=identity]")
    staff.check("input[name=documents][value=receipts]")
    staff.fill("#id_note", "Présentez-vous à l'accueil avec votre code.")
    with staff.expect_navigation():
        staff.locator(f"main form[action$='/{pre_complaint.pk}/confirm/'] button").click()
    checked(staff, assert_accessible, (DESKTOP, PHONES[1]))
    pre_complaint.refresh_from_db()
    assert pre_complaint.state == State.CONFIRMED
    staff.goto(url + f"/pro/pre-plaintes/{pre_complaint.pk}/move/")
    checked(staff, assert_accessible, (DESKTOP, PHONES[1]))

    # She reads the documents to bring on her link's page.
    page.goto(her_link)
    assert "Présentez-vous à l'accueil avec votre code." in page.inner_text("main")
    checked(page, assert_accessible)

    # The gate's other doors, kindly.
    for reason in ("danger", "violence", "known", "other"):
        page.goto(url + f"/pre-plainte/ailleurs/{reason}/")
        assert page.locator("main a[href='tel:116006'], main a[href='tel:17']").count() >= 1
        checked(page, assert_accessible)

    # The browser logs the status of the two screens sent back with a mistake, nothing else.
    assert all("status of 422" in error for error in page_errors), page_errors
    assert len(page_errors) == 2
    assert not external_requests
