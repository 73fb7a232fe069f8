"""A victim in Verdun books the Wednesday session of the victim bureau from her plan, on a
phone; the association running the bureau (the demo association of the Meuse) sees her on
its BAV day and opens an intake in one step. Every page passes axe and fits 320 px without
sideways scrolling. The French interface is read by links and fields, not by words the
catalogues have not compiled yet."""

import datetime as dt

import pytest
from django.utils import timezone

from appui.booking.models import Agenda, Booking, BookingState, Motive
from appui.booking.slots import free_slots
from appui.cases.models import Channel, Intake
from appui.core import demo
from appui.directory.hours import PARIS

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
RECEPTIONIST = "accueil@fv55.example"


@pytest.fixture
def meuse(transactional_db, settings):
    """France's communes, the seed's directory and the demo network: the Meuse association
    runs the seed's bureaus of Verdun and Bar-le-Duc, whose sessions take appointments
    (`booking.demo`)."""
    from importlib import import_module

    from django.contrib.auth.models import Group

    from appui.booking import demo as agendas
    from appui.directory import services as directory
    from appui.territory import services as territory
    from tests.browser.conftest import GROUP_MIGRATIONS

    # The groups the demo's federation accounts join (their permissions do not matter here).
    for module in GROUP_MIGRATIONS:
        Group.objects.get_or_create(name=import_module(module).GROUP)
    territory.load(force=True)
    report = directory.load_seed()
    assert report.ok, report.errors
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.APPUI_SMS_BACKEND = "appui.booking.sms.MemoryBackend"
    demo.load()
    agendas.load()
    return Agenda.objects.get(service__slug="bav-verdun")


def checked(page, assert_accessible, widths=(NARROW,)):
    """axe, then no sideways scrolling at each width."""
    assert_accessible(page)
    for viewport in widths:
        page.set_viewport_size(viewport)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], (page.url, viewport["width"], width)


def log_in(page, url, email):
    page.goto(url + "/pro/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.fill("#id_code", demo.current_code(email))
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def walk_to_her_plan(page, url, assert_accessible):
    """Her bike stolen in Verdun by someone she does not know; no complaint yet."""
    screens = [
        ("danger", {"danger": "no"}),
        ("age", {"minor": "no"}),
        ("what", {"situations": ["theft"]}),
        ("when", {"date": "2026-11-25"}),
        ("where", {"search": ("Verdun", "55545")}),
        ("author", {"author": "unknown"}),
        ("harm", {"injured": "no"}),
        ("losses", {}),
        ("procedure", {"complaint": "no"}),
        ("about", {}),
    ]
    page.goto(url + "/guide/danger/")
    for expected, answers in screens:
        assert page.url.endswith(f"/guide/{expected}/"), (expected, page.url)
        checked(page, assert_accessible, (PHONE, NARROW))
        for name, value in answers.items():
            if name == "search":
                page.fill("input[name=place]", value[0])
                page.click("button[name=action][value=search]")
                page.check(f"input[name=commune][value='{value[1]}']")
            elif isinstance(value, list):
                for item in value:
                    page.check(f"input[name={name}][value={item}]")
            elif page.locator(f"input[name={name}][type=radio]").count():
                page.check(f"input[name={name}][value={value}]")
            else:
                page.fill(f"input[name={name}]", value)
        page.click("form.question button[type=submit]:not([name=action])")
    assert page.url.endswith("/guide/plan/"), page.url
    checked(page, assert_accessible, (PHONE, NARROW))


def test_a_victim_books_the_bav_from_her_plan_and_the_association_opens_an_intake(
    page, live_server, meuse, assert_accessible, page_errors, external_requests
):
    url = live_server.url
    # The first Wednesday session still free, as the bureau offers it.
    first = next(iter(free_slots([meuse], Motive.BAV, _today(), _today(days=30))[meuse.pk]))
    assert first.start.astimezone(PARIS).weekday() == 2  # "We 13:45-16:45" in the seed

    page.set_viewport_size(PHONE)
    walk_to_her_plan(page, url, assert_accessible)
    # Her plan: the pre-complaint where her facts fit it, and the bureau of her court.
    assert page.locator("main a[href='/pre-plainte/']").count() == 1
    button = page.locator("main a[href='/rendez-vous/bav/bav-verdun/']")
    assert button.count() == 1
    assert page.locator("main a[href='/rendez-vous/bav/bav-bar-le-duc/']").count() == 0
    button.click()
    page.wait_for_load_state()
    assert page.url.endswith("/rendez-vous/bav/bav-verdun/")
    checked(page, assert_accessible, (PHONE, NARROW))
    page.check(f"input[name=start][value='{first.start.isoformat()}']")
    page.fill("#id_name", "Camille Verdier")
    page.fill("#id_phone", "06 12 34 56 78")
    page.check("#id_reminders")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    booking = Booking.objects.get()
    assert (booking.start, booking.motive, booking.agenda_id) == (first.start, Motive.BAV, meuse.pk)
    assert booking.reference in page.locator("main").inner_text()
    checked(page, assert_accessible, (PHONE, NARROW))

    # The association's receptionist sees her on the bureau's day.
    staff = page.context.new_page()
    staff.set_viewport_size(DESKTOP)
    log_in(staff, url, RECEPTIONIST)
    day = first.start.astimezone(PARIS).date().isoformat()
    staff.goto(url + f"/pro/bav/?day={day}")
    main = staff.inner_text("main")
    assert "Camille Verdier" in main and booking.reference in main
    checked(staff, assert_accessible, (DESKTOP, NARROW))
    # The day before and after are a link away.
    assert staff.locator("main nav a[href^='?day=']").count() >= 2

    # One step: an intake in the queue, the appointment honoured.
    staff.set_viewport_size(DESKTOP)
    with staff.expect_navigation():
        staff.locator(f"main form[action='/pro/bav/{booking.pk}/intake/'] button").click()
    intake = Intake.objects.get()
    assert staff.url.endswith(f"/pro/intakes/{intake.pk}/")
    assert (intake.organisation.code, intake.channel) == ("fv55", Channel.BAV)
    assert (intake.contact_name, intake.contact_phone) == ("Camille Verdier", "06 12 34 56 78")
    booking.refresh_from_db()
    assert booking.state == BookingState.HONOURED
    checked(staff, assert_accessible, (DESKTOP, NARROW))
    # Done once: the day no longer offers it.
    staff.goto(url + f"/pro/bav/?day={day}")
    assert staff.locator(f"main form[action='/pro/bav/{booking.pk}/intake/']").count() == 0
    checked(staff, assert_accessible, (DESKTOP, NARROW))

    assert not page_errors and not external_requests


def _today(days=0):
    return timezone.localdate() + dt.timedelta(days=days)


def test_an_appointment_is_given_and_moved_from_the_file_page(
    page, live_server, meuse, assert_accessible, page_errors
):
    """The Nancy association's desk at the police station takes its appointments."""
    from django.contrib.auth import get_user_model

    from appui.booking.sms import MemoryBackend
    from appui.cases import services
    from tests.cases.conftest import actor

    MemoryBackend.outbox.clear()
    who = actor(get_user_model().objects.get(username="direction@fv54.example"))
    person = services.create_person(
        who, {"last_name": "Petit", "first_name": "Nora", "phone": "06 98 76 54 32"}
    )
    file = services.open_file(
        who,
        person=person,
        role="direct",
        channel=Channel.OWN_REQUEST,
        affair_data={"offence_category": "theft"},
    )
    desk = Agenda.objects.get(service__slug="demo-permanence-hotel-de-police-nancy")
    first, second = free_slots([desk], Motive.ASSOCIATION, _today(), _today(days=6))[desk.pk][:2]
    url = live_server.url
    page.set_viewport_size(DESKTOP)
    log_in(page, url, "accueil@fv54.example")
    page.goto(url + f"/pro/files/{file.pk}/")
    checked(page, assert_accessible, (DESKTOP, NARROW))
    page.set_viewport_size(DESKTOP)
    page.locator(f"#appointments a[href='/pro/files/{file.pk}/appointments/new/']").click()
    page.wait_for_load_state()
    checked(page, assert_accessible, (DESKTOP, NARROW))
    page.set_viewport_size(DESKTOP)
    page.check(f"input[name=start][value='{first.start.isoformat()}']")
    page.check("#id_reminders")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    assert page.url.endswith(f"/pro/files/{file.pk}/#appointments")
    made = Booking.objects.get()
    assert (made.start, made.source_id, made.reminders) == (first.start, file.pk, True)
    assert made.reference in page.inner_text("#appointments")
    assert [phone for phone, _text in MemoryBackend.outbox] == ["06 98 76 54 32"]
    checked(page, assert_accessible, (DESKTOP, NARROW))

    page.set_viewport_size(DESKTOP)
    page.locator(f"#appointments a[href$='/appointments/{made.pk}/move/']").click()
    page.wait_for_load_state()
    checked(page, assert_accessible, (DESKTOP, NARROW))
    page.set_viewport_size(DESKTOP)
    page.check(f"input[name=start][value='{second.start.isoformat()}']")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    made.refresh_from_db()
    assert made.start == second.start and made.state == BookingState.BOOKED
    assert not page_errors
