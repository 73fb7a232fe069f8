"""The statistics pages' charts in a real browser: axe-clean, no sideways scrolling on a
320 px phone, styled by the stylesheet (the Content-Security-Policy reports no refused
inline style), in each language the site speaks."""

import pytest

from appui.core import demo

WIDTHS = (320, 1280)

# The charts' drawings, their bars and texts, as the browser lays them out.
CHARTS = """() => [...document.querySelectorAll("main figure.chart")].map((figure) => {
  const svg = figure.querySelector("svg");
  const bar = figure.querySelector("rect.chart__bar");
  return {
    id: figure.id,
    caption: figure.querySelector("figcaption").innerText,
    width: svg ? svg.getBoundingClientRect().width : 0,
    right: svg ? svg.getBoundingClientRect().right : 0,
    fill: bar ? getComputedStyle(bar).fill : null,
    smallest: svg ? Math.min(...[...svg.querySelectorAll("text")].map(
      (t) => t.getBoundingClientRect().height)) : null,
    // Texts the drawing's box cuts off (an inline SVG clips what overflows it).
    cut: svg ? [...svg.querySelectorAll("text")].filter((t) => {
      const box = svg.getBoundingClientRect(), r = t.getBoundingClientRect();
      return r.left < box.left - 0.5 || r.right > box.right + 0.5;
    }).map((t) => t.textContent) : [],
  };
})"""


@pytest.fixture
def figures(staff_file):
    """The demo network with counters over several months and in two départements."""
    from django.utils import timezone

    from appui.cases.models import Measure, MonthlyCount
    from appui.core.models import Organisation
    from appui.stats import services

    nancy = Organisation.objects.get(code="fv54")
    epinal = Organisation.objects.get(code="fv88")
    today = timezone.localdate()
    for month in services.period(today.year, today)[:-1]:  # this month has the real file
        for organisation, count in ((nancy, month.month * 3), (epinal, month.month)):
            for measure, key in (
                (Measure.NEW_FILES, ""),
                (Measure.CHANNEL, "prosecutor_mandate"),
                (Measure.OFFENCE, "theft"),
                (Measure.INTERVIEWS, "psychological"),
            ):
                MonthlyCount.objects.create(
                    organisation=organisation,
                    departement=organisation.departement,
                    month=month,
                    measure=measure,
                    key=key,
                    count=count,
                )
    return staff_file


def log_in(page, url, email):
    page.context.clear_cookies()
    page.goto(url + "/pro/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.fill("#id_code", demo.current_code(email))
    with page.expect_navigation():
        page.keyboard.press("Enter")


def check_charts(page, assert_accessible, expected: set[str]) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, (page.url, width, scroll)
        charts = page.evaluate(CHARTS)
        assert {chart["id"] for chart in charts} >= expected, charts
        for chart in charts:
            assert chart["fill"] == "rgb(18, 53, 91)", chart  # stats.css was applied
            assert 0 < chart["right"] <= width, chart
            assert chart["cut"] == [], chart
            if width == 320:  # on a phone the drawing fills the column, its texts legible
                assert chart["width"] >= 250, chart
                assert chart["smallest"] >= 10, chart


def test_stats_pages_charts_are_accessible_and_fit_a_phone(
    page, live_server, figures, assert_accessible, page_errors, external_requests
):
    url = live_server.url
    log_in(page, url, "direction@fv54.example")
    response = page.goto(url + "/pro/stats/")
    assert response.status == 200
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    check_charts(
        page,
        assert_accessible,
        {"chart-new-files", "chart-interviews", "chart-channel", "chart-offence"},
    )
    assert page.locator("#chart-new-files svg[role=img]").get_attribute("aria-labelledby")
    assert "par mois" in page.locator("#chart-new-files figcaption").inner_text()

    log_in(page, url, "admin@federation.example")
    page.goto(url + "/pro/stats/national/")
    check_charts(
        page,
        assert_accessible,
        {"chart-new-files", "chart-channel", "chart-offence", "chart-departements"},
    )
    departements = page.locator("#chart-departements desc").text_content()
    assert "Meurthe-et-Moselle (54)" in departements, departements

    # The same charts in English and Spanish, month names included.
    for language, words in (("en", "Files opened per month"), ("es", "Expedientes abiertos")):
        with page.expect_navigation():
            page.locator(f"button.languages__button[value={language}]").click()
        assert words in page.locator("#chart-new-files figcaption").inner_text()
        assert_accessible(page)
    assert "enero" in page.locator("#chart-new-files figcaption").inner_text()
    assert page_errors == []  # a refused inline style would be reported here
    assert external_requests == []
