"""Every page fits a phone: no horizontal scrolling at 320 and 390 px, nor at 200 % zoom of
a 1280 px screen (640 CSS pixels), and tap targets at least 44 px high: buttons, menu links
and the labels of answer options. The guide, its other pages, the home page and every staff
page a direction member reaches by links are checked.

The guide is walked by field names and values, never by label texts: for each screen the
given answers are set, the first option of each required radio group is chosen when no
answer is given, nothing else is ticked, and the form is sent until the plan is reached.
One page is resized to each width in turn, so each screen is loaded once.

The quick exit, by its button or by Escape twice, forgets the answers on the server and
leaves nothing to see on Back.
"""

from __future__ import annotations

import functools
import re
import time

import pytest

WIDTHS = (320, 390, 640)  # small phone, common phone, 1280 px screen at 200 % zoom
HEIGHT = 800
MIN_TARGET = 43.5  # 44 CSS pixels, rounding allowed

# Answers by field name; any other required radio group gets its first option.
# (The question "what happened" is named `situation`, or `situations` as a checkbox list.)
HIT = {"danger": "no", "situation": "hit", "situations": "hit", "date": "2025-06-10"}
THEFT = {**HIT, "situation": "theft", "situations": "theft"}
PLACE = "Lyon"

DESCRIBE = """
function describe(el) {
  let text = el.tagName.toLowerCase();
  if (el.id) text += "#" + el.id;
  for (const name of el.classList) text += "." + name;
  if (el.getAttribute("name")) text += `[name=${el.getAttribute("name")}]`;
  const words = (el.innerText || el.value || "").trim().replace(/\\s+/g, " ");
  return words ? `${text} "${words.slice(0, 40)}"` : text;
}
"""

# The page's width beyond the window, and the widest element sticking out of it (elements
# inside a box that scrolls or clips on its own, such as a table's, do not widen the page).
OVERFLOW = (
    "() => {"
    + DESCRIBE
    + """
  const page = document.documentElement.scrollWidth;
  const room = window.innerWidth;
  if (page <= room) return null;
  function clipped(el) {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  }
  let widest = null, widestWidth = 0;
  for (const el of document.body.querySelectorAll("*")) {
    const rect = el.getBoundingClientRect();
    if (rect.right + window.scrollX <= room + 0.5 || rect.width <= widestWidth) continue;
    if (clipped(el)) continue;
    widest = el;
    widestWidth = rect.width;
  }
  return {page, room, widest: widest ? describe(widest) : "?", width: Math.round(widestWidth)};
}"""
)

# Visible tap targets lower than the minimum: buttons, links of navigation, the labels of
# answer options (radio buttons and checkboxes, wrapped or pointed to by `for`).
SMALL_TARGETS = (
    "(minimum) => {"
    + DESCRIBE
    + """
  const targets = new Set(document.querySelectorAll(
    "button, .button, input[type=submit], summary, nav a, .quick-exit__button"));
  for (const label of document.querySelectorAll("label")) {
    const control = label.control;
    if (control && (control.type === "radio" || control.type === "checkbox")) targets.add(label);
  }
  const small = [];
  for (const el of targets) {
    const rect = el.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) continue;
    if (getComputedStyle(el).visibility === "hidden") continue;
    if (rect.height < minimum) small.push(`${describe(el)}: ${rect.height.toFixed(1)} px high`);
  }
  return small;
}"""
)

# Fill the question form of the screen: the given answers by field name, else the first
# option of each required radio group (of every group left empty when `eager`, after the
# screen refused the first try); returns the names of the fields found.
FILL = """([answers, eager]) => {
  const form = [...document.querySelectorAll("main form")].find(
    (f) => f.method === "post" && !/\\/forget\\/$/.test(f.getAttribute("action") || ""));
  if (!form) return null;
  const names = [...new Set([...form.elements].map((e) => e.name).filter(Boolean))];
  for (const name of names) {
    const controls = [...form.elements].filter((e) => e.name === name);
    const kind = controls[0].type;
    const wanted = answers[name];
    if (kind === "radio" || kind === "checkbox") {
      const chosen = controls.find((c) => wanted !== undefined && c.value === String(wanted));
      if (chosen) chosen.checked = true;
      else if (controls.some((c) => c.checked)) continue;
      else if (eager || (kind === "radio" && controls.some((c) => c.required)))
        controls[0].checked = true;
    } else if (wanted !== undefined && !["hidden", "submit", "button"].includes(kind)) {
      controls[0].value = wanted;
    }
  }
  return names;
}"""
QUESTION_FORM = "main form[method=post]:not([action$='/forget/'])"
CONTINUE = QUESTION_FORM + " button[type=submit]:not([name=action])"
SEARCH = QUESTION_FORM + " button[name=action][value=search]"


class Layout:
    """Checks each page at every width, and gathers every failure for one report."""

    def __init__(self, page, base):
        self.page = page
        self.base = base
        self.failures: dict[str, list[str]] = {}  # problem → pages and widths
        self.seen: list[str] = []

    def check(self, name: str) -> None:
        self.seen.append(name)
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": HEIGHT})
            overflow = self.page.evaluate(OVERFLOW)
            if overflow:
                self.fail(
                    f"horizontal scrolling: the page is {overflow['page']} px wide; widest "
                    f"element {overflow['widest']} ({overflow['width']} px)",
                    f"{name} at {width} px",
                )
            for small in self.page.evaluate(SMALL_TARGETS, MIN_TARGET):
                self.fail(f"tap target {small}", f"{name} at {width} px")
        self.page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})

    def visit(self, path: str, name: str | None = None) -> None:
        response = self.page.goto(self.base + path)
        assert response.ok, (path, response.status)
        self.check(name or path)

    def fail(self, problem: str, where: str) -> None:
        self.failures.setdefault(problem, []).append(where)

    def report(self) -> str:
        lines = [f"{len(self.failures)} problems:"]
        for problem, where in self.failures.items():
            more = f" and {len(where) - 3} more" if len(where) > 3 else ""
            lines.append(f"- {problem}: on {', '.join(where[:3])}{more}")
        return "\n".join(lines)


def step_name(page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def answer_screen(page, answers: dict, on_refusal=None) -> None:
    """Fill and send the question form; refused, try again with every empty group answered."""
    path = step_name(page)
    for eager in (False, True):
        page.evaluate(FILL, [answers, eager])
        with page.expect_navigation():
            page.locator(CONTINUE).first.click()
        if step_name(page) != path:
            return
        if on_refusal is not None and not eager:
            on_refusal()
    errors = page.locator("[role=alert]")
    detail = errors.first.inner_text() if errors.count() else "no error shown"
    raise AssertionError(f"{path} refused the answers {answers}: {detail}")


def walk_guide(layout: Layout, answers: dict, start: str = "/guide/danger/") -> None:
    """Answer each screen from `start` until the plan, checking every screen seen."""
    page = layout.page
    label = answers["situation"]
    page.goto(layout.base + start)
    for _ in range(25):
        path = step_name(page)
        if path.startswith("/guide/plan/"):
            layout.check(f"plan ({label})")
            return
        if page.locator(QUESTION_FORM).count() == 0:
            raise AssertionError(f"{path}: no question form ({label})")
        layout.check(f"{path} ({label})")
        place = page.locator(QUESTION_FORM + " input[name=place]")
        if place.count() and page.locator(QUESTION_FORM + " input[name=commune]").count() == 0:
            place.fill(PLACE)
            if page.locator(SEARCH).count():
                with page.expect_navigation():
                    page.locator(SEARCH).click()
                layout.check(f"{path} results for {PLACE}")
            communes = page.locator(QUESTION_FORM + " input[name=commune]")
            if communes.count() and page.locator("input[name=commune]:checked").count() == 0:
                communes.first.check()
        answer_screen(page, answers, on_refusal=functools.partial(layout.check, f"{path} refused"))
    raise AssertionError(f"the plan was not reached; last page {page.url}")


def show_errors(layout: Layout, path: str) -> None:
    """A screen sent with every answer taken off: its error summary must fit too."""
    page = layout.page
    page.goto(layout.base + path)
    page.evaluate(
        """(selector) => {
          for (const input of document.querySelectorAll(selector + " input")) input.checked = false;
        }""",
        QUESTION_FORM,
    )
    with page.expect_navigation():
        page.locator(CONTINUE).first.click()
    if page.locator("[role=alert]").count():
        layout.check(f"{path} with errors")


@pytest.fixture
def staff_records(staff_file):
    """The demo network, and one person with a file, an interview and an intake at Nancy."""
    from appui.cases import services
    from appui.core import demo

    services.request_callback(
        commune_code="54395",
        data={"contact_name": "Nora", "contact_phone": "06 12 34 56 78", "language": "fr"},
    )
    return demo


HREFS = "links => links.map((link) => link.getAttribute('href'))"
SKIPPED_STAFF_LINKS = re.compile(r"(\.(json|pdf|csv)$|/documents/\d+/|/logout/|/login/)")


def staff_pages(layout: Layout, email: str, demo, limit: int = 60) -> None:
    """Log in, then check every staff page reachable by links from the home page."""
    page = layout.page
    page.goto(layout.base + "/pro/login/")
    layout.check("/pro/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.fill("#id_code", demo.current_code(email))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    queue, seen = ["/pro/"], set()
    while queue and len(seen) < limit:
        path = queue.pop(0)
        shape = re.sub(r"\d+", "N", path)  # one file, person or intake stands for all
        if shape in seen:
            continue
        seen.add(shape)
        response = page.goto(layout.base + path)
        assert response.status < 500, (path, response.status)
        layout.check(f"staff {path}")
        links = page.eval_on_selector_all("a[href^='/pro/']", HREFS)
        for href in links:
            href = href.split("#")[0]
            if href and not SKIPPED_STAFF_LINKS.search(href):
                queue.append(href)


def test_every_page_fits_a_phone_and_200_percent_zoom(page, live_server, staff_records):
    layout = Layout(page, live_server.url)
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    layout.visit("/", "home")
    layout.visit("/guide/", "guide start")
    walk_guide(layout, HIT)
    walk_guide(layout, THEFT, start="/guide/what/")
    show_errors(layout, "/guide/what/")
    layout.visit("/guide/safety/", "safety page")
    layout.visit("/guide/urgent/", "urgent page")
    layout.visit("/guide/callback/", "callback form")
    staff_pages(layout, "direction@fv54.example", staff_records)
    names = " ".join(layout.seen)
    for screen in ("danger", "what", "when", "where", "harm", "losses", "plan", "/pro/files/"):
        assert screen in names, f"{screen} was not checked: {layout.seen}"
    assert not layout.failures, layout.report()


def guide_answers_on_server() -> list[dict]:
    from django.contrib.sessions.models import Session

    return [
        data["guide"]
        for data in (session.get_decoded() for session in Session.objects.all())
        if data.get("guide")
    ]


@pytest.mark.parametrize("how", ["button", "escape twice"])
def test_quick_exit_forgets_the_answers_and_back_shows_none(
    page, live_server, guide_data, settings, how
):
    settings.APPUI_QUICK_EXIT_URL = live_server.url + "/healthz"
    page.goto(live_server.url + "/guide/danger/")
    for _ in range(3):  # danger, what happened, when
        answer_screen(page, THEFT)
    left_from = page.url  # the screen after the date
    assert guide_answers_on_server(), "the answers should be kept until the exit"

    if how == "button":
        page.locator("#quick-exit").click()
    else:
        page.locator("h1").click()  # the keys go to the page, not to a field
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
    page.wait_for_url(live_server.url + "/healthz")
    deadline = time.monotonic() + 5
    while guide_answers_on_server() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert guide_answers_on_server() == [], "the answers stayed on the server"

    page.go_back()
    page.wait_for_load_state("load")
    assert page.url != left_from, "the page left should have been replaced in the history"
    shown = page.evaluate(
        """() => [...document.querySelectorAll("main input, main select, main textarea")]
            .filter((e) => e.type !== "hidden" && e.type !== "submit")
            .filter((e) => (e.type === "radio" || e.type === "checkbox") ? e.checked : e.value)
            .map((e) => `${e.name}=${e.value}`)"""
    )
    assert shown == [], f"{page.url} still shows {shown}"
