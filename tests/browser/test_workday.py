"""A legal adviser's working day in a real browser, on a desktop (1,366 px) and on a phone
(320 px): her home, the intake queue with someone in danger first, an intake attached to
the file of a person already known, a task written by hand (a bad date first), the file
handed to a colleague, a file found by its prosecutor's number typed loosely, a referral
to a partner near the victim. Every page seen passes axe and has no sideways scroll; the
browser logs no error and asks nothing from another host."""

from __future__ import annotations

import datetime as dt
import re
import time
from types import SimpleNamespace

import pytest

from appui.booking import demo as booking_demo
from appui.core import demo
from tests.browser.test_layout import OVERFLOW

HER = "juriste@fv54.example"
COLLEAGUE = "social@fv54.example"
PROSECUTOR_REFERENCE = "NCY 26 045 000123"
TYPED_REFERENCE = "ncy26045 000 123"  # another case, other spaces
VIEWPORTS = {"desktop": (1366, 900), "phone": (320, 640)}
# Bad input is answered 422, which Chromium logs as a failed load: that one is expected.
EXPECTED_CONSOLE = re.compile(r"Failed to load resource: the server responded with a status of 422")


@pytest.fixture
def workday(guide_data, settings):
    """The demo network; a person known to fv54 with a file she follows, whose affair has a
    prosecutor's number and a task past due for her; the queue holds an older request, then
    a callback from the guide by the same person saying she is in danger now."""
    from django.contrib.auth import get_user_model

    from appui.cases import services
    from appui.cases.models import Channel
    from tests.cases.conftest import actor

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load()
    booking_demo.load()  # which association runs which place
    users = get_user_model().objects
    her, colleague = users.get(username=HER), users.get(username=COLLEAGUE)
    me = actor(her)
    today = services.today()
    person = services.create_person(
        me,
        {
            "last_name": "Martin",
            "first_name": "Sophie",
            "birth_date": dt.date(1988, 3, 14),
            "phone": "06 11 22 33 44",
            "commune_code": "54395",  # Nancy: distances to partners run from here
        },
    )
    file = services.open_file(
        me,
        person=person,
        role="direct",
        channel=Channel.OWN_REQUEST,
        affair_data={
            "offence_category": "violence",
            "offence_date": today - dt.timedelta(days=40),
            "commune_code": "54395",
            "prosecutor_reference": PROSECUTOR_REFERENCE,
        },
    )
    late = services.add_task(
        me,
        file,
        {
            "title": "Rappeler Mme Martin au sujet de la plainte",
            "due_on": today - dt.timedelta(days=3),
            "assignee": her,
        },
    )
    older = services.request_callback(
        commune_code="54395",
        data={"contact_name": "Paul Durand", "contact_phone": "06 22 33 44 55"},
    )
    urgent = services.request_callback(
        commune_code="54395",
        data={
            "contact_name": "Sophie Martin",
            "contact_phone": "06 11 22 33 44",
            "danger_now": True,
            "language": "fr",
            "summary": "Il est revenu devant chez moi ce matin.",
        },
    )
    return SimpleNamespace(
        her=her,
        colleague=colleague,
        person=person,
        file=file,
        late=late,
        older=older,
        urgent=urgent,
        today=today,
    )


class Day:
    """The page she works in, and what each page seen got wrong (axe, sideways scroll),
    gathered so that one run tells every problem of the day."""

    def __init__(self, page, base, assert_accessible, width):
        self.page = page
        self.base = base
        self.assert_accessible = assert_accessible
        self.width = width
        self.problems: list[str] = []
        self.seen: list[str] = []

    def where(self) -> str:
        return self.page.url.removeprefix(self.base)

    def look(self) -> None:
        """The page now shown: axe clean, nothing wider than the window."""
        self.seen.append(self.where())
        try:
            self.assert_accessible(self.page)
        except AssertionError as failure:
            self.problems.append(f"{self.where()} at {self.width} px, axe: {failure}")
        overflow = self.page.evaluate(OVERFLOW)
        if overflow:
            self.problems.append(
                f"{self.where()} at {self.width} px: the page is {overflow['page']} px wide "
                f"for {overflow['room']}; widest element {overflow['widest']} "
                f"({overflow['width']} px)"
            )

    def follow(self, locator) -> None:
        """Click a link or a button that loads another page, then look at that page."""
        with self.page.expect_navigation():
            locator.click()
        self.look()

    def main(self) -> str:
        return self.page.locator("main").inner_text()


def km_of(label: str) -> float:
    """The distance in a partner's label, "… — Briey, 25,3 km" (French decimals)."""
    found = re.search(r"(\d[\d\s\u202f\xa0.]*(?:,\d+)?)\s*km", label)
    assert found, f"no distance in {label!r}"
    return float(re.sub(r"[\s\u202f\xa0.]", "", found[1]).replace(",", "."))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_legal_advisers_day(
    page, live_server, workday, assert_accessible, page_errors, external_requests, viewport
):
    from appui.cases.models import Intake, IntakeStatus, Person, Referral, Task

    started = time.monotonic()
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    url = live_server.url
    day = Day(page, url, assert_accessible, width)
    w = workday
    people_before = Person.objects.count()
    tasks_before = Task.objects.count()

    # 1. She logs in with her password and her authenticator's code.
    page.goto(url + "/pro/login/")
    day.look()
    page.fill("#id_email", HER)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.fill("#id_code", demo.current_code(HER))
    day.follow(page.locator("main button[type=submit]"))
    assert day.where() == "/pro/", day.where()
    # Her home: the file waiting for her (a task past due), the task itself, and the queue
    # with someone in danger now.
    waiting = page.locator("main table[aria-describedby=waiting]")
    assert waiting.locator(f"tr.overdue a[href='/pro/files/{w.file.pk}/']").count() == 1
    overdue_tasks = page.locator("main tr.overdue", has_text=w.late.title)
    assert overdue_tasks.count() == 1, "her task past due is not on her home"
    assert page.locator("main .callout--danger a[href='/pro/intakes/']").count() == 1

    # 2. The intake queue: the callback of someone in danger comes first, marked urgent,
    # before the older request.
    day.follow(page.locator("main a[href='/pro/intakes/']"))
    rows = page.locator("main table tbody tr")
    assert rows.count() == 2
    first = rows.first
    assert first.locator(f"a[href='/pro/intakes/{w.urgent.pk}/']").count() == 1
    assert first.locator(".badge--danger").is_visible()
    assert rows.nth(1).locator(f"a[href='/pro/intakes/{w.older.pk}/']").count() == 1
    assert rows.nth(1).locator(".badge--danger").count() == 0
    day.follow(first.locator(f"a[href='/pro/intakes/{w.urgent.pk}/']"))
    assert page.locator("main .callout--danger").is_visible()
    assert "06 11 22 33 44" in day.main()

    # 3. "Find this person": the search made at once with the name and phone she gave;
    # her page offers to attach the intake to her file.
    day.follow(page.locator(f"main a[href='/pro/people/?intake={w.urgent.pk}']"))
    assert page.locator("#id_name").input_value() == "Sophie Martin"
    known = page.locator(f"main table a[href='/pro/people/{w.person.pk}/?intake={w.urgent.pk}']")
    assert known.count() == 1, "the person already known is not among the results"
    day.follow(known)
    attach = page.locator(f"main form:has(input[name=attach][value='{w.file.pk}']) button")
    day.follow(attach)
    assert day.where() == f"/pro/files/{w.file.pk}/"
    intake = Intake.objects.get(pk=w.urgent.pk)
    assert intake.status == IntakeStatus.DONE and intake.case_file_id == w.file.pk
    assert Person.objects.count() == people_before, "a new person was created"
    assert Intake.objects.get(pk=w.older.pk).status == IntakeStatus.NEW

    # 4. A task by hand for a colleague: a year-1 date and no title are refused on the same
    # screen, field by field, and nothing is saved; then the right ones.
    day.follow(page.locator(f"#tasks a[href='/pro/files/{w.file.pk}/tasks/new/']"))
    task_url = day.where()
    page.fill("#id_title", "")
    page.fill("#id_due_on", "0001-01-01")
    page.select_option("#id_assignee", str(w.colleague.pk))
    day.follow(page.locator("main form button[type=submit]"))
    assert day.where() == task_url
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_title_error").is_visible()
    assert page.locator("#id_due_on_error").is_visible()
    assert Task.objects.count() == tasks_before, "a refused task was saved"
    due = w.today + dt.timedelta(days=5)
    page.fill("#id_title", "Préparer le dossier CIVI avec Mme Martin")
    page.fill("#id_due_on", due.isoformat())
    page.select_option("#id_assignee", str(w.colleague.pk))
    day.follow(page.locator("main form button[type=submit]"))
    assert day.where() == f"/pro/files/{w.file.pk}/"
    assert "Préparer le dossier CIVI" in page.locator("#tasks").inner_text()
    added = Task.objects.get(title="Préparer le dossier CIVI avec Mme Martin")
    assert (added.case_file_id, added.assignee_id, added.due_on) == (
        w.file.pk,
        w.colleague.pk,
        due,
    )
    assert Task.objects.count() == tasks_before + 1

    # 5. She hands the file to her colleague; her task past due goes with it.
    day.follow(page.locator(f"#tasks a[href='/pro/files/{w.file.pk}/referent/']"))
    page.select_option("#id_referent", str(w.colleague.pk))
    day.follow(page.locator("main form button[type=submit]"))
    assert day.where() == f"/pro/files/{w.file.pk}/"
    assert "Sam Social" in page.locator("main").inner_text()
    w.file.refresh_from_db()
    assert w.file.referent_id == w.colleague.pk
    assert Task.objects.get(pk=w.late.pk).assignee_id == w.colleague.pk

    # 6. Later, a call from the court: the file found by its prosecutor's number, typed in
    # small letters and other spaces.
    day.follow(page.locator(".staff-nav a[href='/pro/people/']"))
    page.fill("#id_number", TYPED_REFERENCE)
    day.follow(page.locator("main form.search-form button[type=submit]"))
    found = page.locator(
        f"main table[aria-describedby=files-found] a[href='/pro/files/{w.file.pk}/']"
    )
    assert found.count() == 1, f"no file found for {TYPED_REFERENCE!r}"
    assert (
        PROSECUTOR_REFERENCE
        in page.locator("main table[aria-describedby=files-found]").inner_text()
    )
    day.follow(found)
    assert day.where() == f"/pro/files/{w.file.pk}/"

    # 7. A referral to a partner near her: among associations, never her own; among the
    # CIDFF, the nearest first; she picks the nearest.
    day.follow(page.locator(f"main a[href='/pro/files/{w.file.pk}/referrals/new/']"))
    kind_form = page.locator("main form[method=get]")

    def show(kind: str) -> list[tuple[str, str]]:
        kind_form.locator("select").select_option(kind)
        day.follow(kind_form.locator("button[type=submit]"))
        assert f"kind={kind}" in page.url
        return page.eval_on_selector_all(
            "main input[name=partner]",
            "inputs => inputs.map((i) => [i.value, i.labels[0] ? i.labels[0].innerText : ''])",
        )

    associations = [label for value, label in show("association") if value]
    assert associations, "no association offered"
    assert not [a for a in associations if "Grand Nancy" in a or "GNAV" in a], associations
    assert any("France Victimes 88" in a for a in associations), associations
    partners = [(value, label) for value, label in show("cidff") if value]
    assert len(partners) >= 2, partners
    distances = [km_of(label) for _value, label in partners]
    assert distances == sorted(distances), partners
    nearest_id, nearest_label = partners[0]
    page.locator(f"main input[name=partner][value='{nearest_id}']").check()
    page.fill("#id_reason", "Accompagnement vers l'emploi et le logement")
    day.follow(page.locator("main form[method=post] button[type=submit]"))
    assert day.where() == f"/pro/files/{w.file.pk}/"
    referral = Referral.objects.get(case_file=w.file)
    assert str(referral.partner_id) == nearest_id
    assert referral.partner_name in page.locator("#referrals").inner_text()
    assert nearest_label.startswith(referral.partner_name)

    print(f"\n{viewport} ({width} px): {len(day.seen)} pages in {time.monotonic() - started:.1f} s")
    assert not day.problems, "\n".join(day.problems)
    assert [e for e in page_errors if not EXPECTED_CONSOLE.search(e)] == []
    assert external_requests == []
