"""The statistics charts: well-formed SVG, bars in proportion to their figures, labels
escaped, a sentence instead of an empty chart, words that say what each chart shows, in
the three languages, and pages without any inline style."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from appui.cases.models import Measure, MonthlyCount
from appui.core import charts
from appui.core.models import Role
from appui.stats import services
from tests.cases.conftest import login

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = [dt.date(2025, m, 1) for m in range(1, 13)]


def parse(markup: str) -> ET.Element:
    """The figure as XML: it must be well-formed."""
    return ET.fromstring(str(markup))  # noqa: S314  (our own markup)


def bars_of(figure: ET.Element) -> list[ET.Element]:
    return figure.findall(f".//{SVG}rect")


def texts_of(figure: ET.Element) -> list[str]:
    return [text.text for text in figure.iter(f"{SVG}text")]


def labels_of(figure: ET.Element) -> list[str]:
    return [t.text for t in figure.iter(f"{SVG}text") if "chart__label" in t.get("class")]


@pytest.fixture
def english():
    """The builder's sentences in English (French is the site's default)."""
    with translation.override("en"):
        yield


def month_bars(values):
    return [
        charts.Bar(m.strftime("%b"), value, name=m.strftime("%B"))
        for m, value in zip(MONTHS, values, strict=False)
    ]


# The builder


def test_columns_are_well_formed_svg_with_heights_in_proportion():
    values = [3, 6, 42, 0, 21, 7]
    figure = parse(charts.columns(month_bars(values), ident="c", caption="Files per month"))
    assert figure.tag == "figure"
    assert figure.find("figcaption").text == "Files per month"
    svg = figure.find(f"{SVG}svg")
    assert svg.get("role") == "img"
    assert svg.get("width") == "100%"
    assert svg.get("viewBox").startswith("0 0 320 ")
    rects = bars_of(figure)
    assert [int(r.get("data-value")) for r in rects] == values
    heights = [float(r.get("height")) for r in rects]
    tallest = max(heights)
    for value, height in zip(values, heights, strict=True):
        assert height == pytest.approx(tallest * value / 42, abs=0.01)
    # Each column stands on the same baseline, its value written above it.
    bottoms = {round(float(r.get("y")) + float(r.get("height")), 1) for r in rects}
    assert len(bottoms) == 1
    assert [t for t in texts_of(figure) if t.isdigit()] == [str(v) for v in values]


def test_rows_widths_are_in_proportion_and_each_bar_has_its_label_and_value(english):
    bars = [charts.Bar("Legal information", 12), charts.Bar("Reception", 3)]
    figure = parse(charts.rows(bars, ident="r", caption="Interviews"))
    widths = [float(r.get("width")) for r in bars_of(figure)]
    assert widths[1] == pytest.approx(widths[0] / 4, abs=0.01)
    assert texts_of(figure) == ["Legal information", "12", "Reception", "3"]
    assert (
        "From most to least: Legal information, 12. Reception, 3."
        in figure.find(f".//{SVG}desc").text
    )


def test_title_and_description_label_the_drawing_and_say_what_it_shows(english):
    values = [3, 6, 42, 0, 42]
    figure = parse(charts.columns(month_bars(values), ident="files", caption="Files"))
    svg = figure.find(f"{SVG}svg")
    ids = svg.get("aria-labelledby").split()
    found = {element.get("id"): element for element in svg.iter() if element.get("id")}
    assert [found[i].tag for i in ids] == [f"{SVG}title", f"{SVG}desc"]
    assert found[ids[0]].text == "Files"
    assert found[ids[1]].text == "Highest in March and May, with 42; 93 in all."
    assert figure.get("id") == "files"


def test_labels_and_captions_are_escaped(english):
    evil = '<script>alert("x")</script> & <b>Co</b>'
    for build in (charts.columns, charts.rows):
        markup = str(build([charts.Bar(evil, 2)], ident='x" onload="y', caption=evil))
        assert "<script" not in markup and "<b>" not in markup
        assert 'onload="y"' not in markup
        figure = parse(markup)
        assert figure.find("figcaption").text == evil
        assert " ".join(labels_of(figure)) == evil  # a long label wraps on several lines
        assert evil in figure.find(f".//{SVG}desc").text


def test_no_figures_give_a_sentence_instead_of_an_empty_chart(english):
    for bars in ([], [charts.Bar("Jan", 0), charts.Bar("Feb", 0)]):
        for build in (charts.columns, charts.rows):
            markup = str(build(bars, ident="e", caption="Files"))
            figure = parse(markup)
            assert figure.find(f"{SVG}svg") is None
            assert figure.find("figcaption").text == "Files"
            assert figure.find("p").text == "No figures yet for this period."


def test_long_labels_wrap_inside_the_drawing():
    label = "callback request from the online guide, after a long and winding explanation"
    figure = parse(charts.rows([charts.Bar(label, 1)], ident="w", caption="Channels"))
    lines = labels_of(figure)
    assert len(lines) > 1
    assert " ".join(lines) == label
    room = charts.WIDTH / (charts.ROW_FONT * charts.GLYPH)
    assert all(len(line) <= room for line in lines)
    height = float(figure.find(f"{SVG}svg").get("viewBox").split()[3])
    assert float(bars_of(figure)[0].get("y")) + charts.ROW_BAR <= height


def test_large_figures_shrink_their_font_to_stay_apart():
    figure = parse(charts.columns(month_bars([12345] * 12), ident="big", caption="Files"))
    values = [t for t in figure.iter(f"{SVG}text") if "chart__value" in t.get("class")]
    size = float(values[0].get("font-size"))
    slot = charts.WIDTH / 12
    assert len("12345") * size * charts.DIGIT <= slot


def test_top_adds_up_the_rest_into_one_bar():
    bars = [charts.Bar(f"D{i:02}", i) for i in range(1, 21)]
    shown = charts.top(bars, 3, "%(count)s others")
    assert [(b.label, b.value) for b in shown] == [
        ("D20", 20),
        ("D19", 19),
        ("D18", 18),
        ("17 others", sum(range(1, 18))),
    ]
    assert charts.top(bars[:4], 3, "%(count)s others") == charts.biggest_first(bars[:4])


def test_no_style_attribute_nor_style_element_in_the_markup():
    for build in (charts.columns, charts.rows):
        markup = str(build(month_bars([1, 2, 3]), ident="s", caption="S"))
        assert not re.search(r"\sstyle\s*=|<style", markup)


def test_the_period_stops_at_this_month():
    today = dt.date(2026, 11, 30)
    assert services.period(2026, today) == [dt.date(2026, m, 1) for m in range(1, 12)]
    assert services.period(2025, today) == services.months_of(2025)
    assert services.period(2027, today) == []


# The pages


@pytest.fixture
def counts_2025(own, other):
    """Figures of 2025 in both associations: most files in March (42 at Nancy)."""
    rows = [
        (own, Measure.NEW_FILES, "", {1: 3, 3: 42, 6: 10}),
        (other, Measure.NEW_FILES, "", {3: 5}),
        (own, Measure.CHANNEL, "prosecutor_mandate", {1: 3, 3: 40}),
        (own, Measure.CHANNEL, "guide_callback", {6: 10}),
        (own, Measure.OFFENCE, "theft", {3: 42}),
        (own, Measure.INTERVIEWS, "legal", {3: 7}),
    ]
    for organisation, measure, key, months in rows:
        for month, count in months.items():
            MonthlyCount.objects.create(
                organisation=organisation,
                departement=organisation.departement,
                month=dt.date(2025, month, 1),
                measure=measure,
                key=key,
                count=count,
            )


def figures_of(response) -> dict[str, ET.Element]:
    html = response.content.decode()
    found = re.findall(r"<figure .*?</figure>", html, flags=re.S)
    return {figure.get("id"): figure for figure in map(parse, found)}


def no_inline_style(response) -> None:
    html = response.content.decode()
    assert not re.search(r"<[^>]+\sstyle\s*=", html), "a style attribute"
    assert "<style" not in html, "a style element"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert '<link rel="stylesheet" href="/static/stats/stats.css">' in html


def test_association_page_charts_and_tables(client, staff, own, counts_2025):
    login(client, staff(Role.DIRECTION))
    response = client.get(reverse("stats:association"), {"year": 2025}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    no_inline_style(response)
    figures = figures_of(response)
    assert set(figures) == {"chart-new-files", "chart-interviews", "chart-channel", "chart-offence"}
    files = figures["chart-new-files"]
    assert files.find("figcaption").text == "Files opened per month, January–December 2025"
    assert files.find(f".//{SVG}desc").text == "Highest in March, with 42; 55 in all."
    assert [r.get("data-value") for r in bars_of(files)][:3] == ["3", "0", "42"]
    channel = figures["chart-channel"].find(f".//{SVG}desc").text
    assert channel.startswith("From most to least: Prosecutor's mandate (CPP art. 41), 43. ")
    # The exact figures in the table under each chart, with the year's total.
    html = response.content.decode()
    assert '<td class="table__total">55</td>' in html
    assert "chart-departements" not in html  # one association, one département


def test_national_page_adds_the_departements(client, staff, own, other, counts_2025):
    login(client, staff(Role.FEDERATION_ADMIN, "federation"))
    response = client.get(reverse("stats:national"), {"year": 2025}, HTTP_ACCEPT_LANGUAGE="en")
    no_inline_style(response)
    figures = figures_of(response)
    departements = figures["chart-departements"]
    assert [r.get("data-value") for r in bars_of(departements)] == ["55", "5"]
    assert figures["chart-new-files"].find(f".//{SVG}desc").text.endswith("60 in all.")
    # One département chosen: no breakdown by département.
    one = client.get(reverse("stats:national"), {"year": 2025, "departement": "88"})
    assert "chart-departements" not in figures_of(one)
    assert [r.get("data-value") for r in bars_of(figures_of(one)["chart-new-files"])][2] == "5"


def test_a_year_without_figures_says_so(client, staff, own):
    login(client, staff(Role.DIRECTION))
    response = client.get(reverse("stats:association"), {"year": 2024}, HTTP_ACCEPT_LANGUAGE="en")
    figures = figures_of(response)
    assert figures  # every chart is there, each saying it has nothing to show
    for figure in figures.values():
        assert figure.find(f"{SVG}svg") is None
        assert figure.find("p").text == "No figures yet for this period."
    no_inline_style(response)


@pytest.mark.parametrize(
    "language, caption, summary",
    [
        (
            "fr",
            "Dossiers ouverts par mois, janvier–décembre 2025",
            "Le plus haut en mars, avec 42 ; 55 en tout.",
        ),
        (
            "en",
            "Files opened per month, January–December 2025",
            "Highest in March, with 42; 55 in all.",
        ),
        (
            "es",
            "Expedientes abiertos por mes, enero–diciembre 2025",
            "El más alto en marzo, con 42; 55 en total.",
        ),
    ],
)
def test_charts_speak_each_language(client, staff, own, counts_2025, language, caption, summary):
    login(client, staff(Role.DIRECTION))
    response = client.get(
        reverse("stats:association"), {"year": 2025}, HTTP_ACCEPT_LANGUAGE=language
    )
    files = figures_of(response)["chart-new-files"]
    assert files.find("figcaption").text == caption
    assert files.find(f".//{SVG}desc").text == summary
    with translation.override(language):
        assert labels_of(files) == [date_format(month, "M") for month in MONTHS]
