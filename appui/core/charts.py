"""Bar charts as inline SVG, drawn on the server: figures in, markup out.

Each chart is a `<figure>` whose `<figcaption>` names it; its `<svg role="img">` is labelled
by a `<title>` and a `<desc>` that say in words what it shows, so a screen reader user
hears the point without exploring the drawing. The exact figures stay in the page's
tables. Every bar carries its value as text, so nothing depends on colour.

Nothing here reads the database or the request, and nothing writes a `style` attribute or
a `<style>` element (the Content-Security-Policy forbids inline styles): shapes have
classes, styled by `core/charts.css`, and presentation attributes (`fill=`), which CSP
allows, in case the stylesheet is missing. Every text is escaped.

Sizes are in viewBox units: the drawing is 320 units wide and scales to its box (width
100 %), so on a 320 px phone one unit is about 0.9 px (a 16-unit label reads at 14.4 px), and
charts.css bounds it to 24rem on a wider screen (1.2 px a unit).
Column charts are for time series (one column per month); breakdowns are horizontal bars
with their label above, wrapped on several lines when long.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _

__all__ = ["Bar", "biggest_first", "columns", "empty_sentence", "rows", "top"]

WIDTH = 320
# Colours against the white page: bars 12.6:1, text 17:1, the baseline 5.3:1 (WCAG asks
# 3:1 for graphics, 4.5:1 for text). charts.css sets the same, and others in forced colours.
BAR_FILL = "#12355b"
TEXT_FILL = "#1b1b1b"
AXIS_STROKE = "#6b6b6b"
# Advance of a glyph, in ems, to size texts that must not overlap or overflow: generous,
# for the widest fonts a system may give (DejaVu Sans: about 0.6 em for a letter, 0.7 em
# for a bold digit).
GLYPH = 0.62
DIGIT = 0.7


def empty_sentence() -> str:
    """What stands instead of a chart with nothing to draw (in the active language)."""
    return _("No figures yet for this period.")


@dataclass(frozen=True)
class Bar:
    """One bar: `label` is drawn, `name` (default: the label) is said in the summary."""

    label: str
    value: int
    name: str = ""

    @property
    def spoken(self) -> str:
        return self.name or self.label


def _n(number: float) -> str:
    """A coordinate, short: at most two decimals, no trailing zeros."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _fit(size: float, room: float, longest: str, glyph: float = GLYPH) -> float:
    """The font size, at most `size`, at which `longest` fits in `room` units."""
    if not longest:
        return size
    return min(size, room / (len(longest) * glyph))


def _figure(ident: str, caption: str, body: SafeString) -> SafeString:
    return format_html(
        '<figure class="chart" id="{}"><figcaption class="chart__caption">{}</figcaption>'
        "{}</figure>",
        ident,
        caption,
        body,
    )


def _empty(ident: str, caption: str) -> SafeString:
    return _figure(ident, caption, format_html('<p class="chart__empty">{}</p>', empty_sentence()))


def _svg(ident: str, title: str, summary: str, height: float, shapes: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart__svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'width="100%" role="img" aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        _n(height),
        ident,
        ident,
        ident,
        title,
        ident,
        summary,
        shapes,
    )


def _text(x: float, y: float, size: float, text: str, *, anchor: str, cls: str) -> SafeString:
    return format_html(
        '<text class="{}" x="{}" y="{}" font-size="{}" text-anchor="{}" fill="{}">{}</text>',
        cls,
        _n(x),
        _n(y),
        _n(size),
        anchor,
        TEXT_FILL,
        text,
    )


def _rect(x: float, y: float, width: float, height: float, value: int) -> SafeString:
    return format_html(
        '<rect class="chart__bar" x="{}" y="{}" width="{}" height="{}" fill="{}" data-value="{}"/>',
        _n(x),
        _n(y),
        _n(width),
        _n(height),
        BAR_FILL,
        value,
    )


def _line(x1: float, y1: float, x2: float, y2: float) -> SafeString:
    return format_html(
        '<line class="chart__axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
        _n(x1),
        _n(y1),
        _n(x2),
        _n(y2),
        AXIS_STROKE,
    )


def column_summary(bars: Sequence[Bar]) -> str:
    """'Highest in March, with 42; 180 in all.' (ties named together)."""
    highest = max(bar.value for bar in bars)
    names = [bar.spoken for bar in bars if bar.value == highest]
    return _("Highest in %(names)s, with %(count)s; %(total)s in all.") % {
        "names": get_text_list(names, _("and")),
        "count": highest,
        "total": sum(bar.value for bar in bars),
    }


def rows_summary(bars: Sequence[Bar]) -> str:
    """'From most to least: Legal information, 12. Reception and listening, 8.'"""
    items = (
        capfirst(_("%(label)s, %(count)s.") % {"label": bar.spoken, "count": bar.value})
        for bar in bars
    )
    return " ".join([_("From most to least:"), *items])


# Column chart: values above the columns, labels under the baseline.
COLUMN_TOP = 20  # room for the value of the highest column
COLUMN_PLOT = 140
COLUMN_BOTTOM = 22  # room for the labels
COLUMN_SLOTS = 12  # a column never takes more than a twelfth of the width
COLUMN_FONT = 13


def columns(bars: Sequence[Bar], *, ident: str, caption: str, title: str = "") -> SafeString:
    """A column per bar, left to right (a month each), its value above it.

    `caption` is shown; `title` (default: the caption) names the drawing for assistive
    technologies, and the description says the highest and the total. All zeros, or no
    bar at all, give the sentence `empty_sentence()` instead of a drawing."""
    if not bars or all(bar.value <= 0 for bar in bars):
        return _empty(ident, caption)
    highest = max(bar.value for bar in bars)
    slot = WIDTH / max(len(bars), COLUMN_SLOTS)
    bar_width = slot * 0.7
    room = slot * 0.95
    value_font = _fit(COLUMN_FONT, room, max((str(b.value) for b in bars), key=len), DIGIT)
    label_font = _fit(COLUMN_FONT, room, max((b.label for b in bars), key=len))
    baseline = COLUMN_TOP + COLUMN_PLOT
    shapes = []
    for index, bar in enumerate(bars):
        value = max(bar.value, 0)
        height = COLUMN_PLOT * value / highest
        left = index * slot + (slot - bar_width) / 2
        middle = index * slot + slot / 2
        shapes.append(_rect(left, baseline - height, bar_width, height, value))
        shapes.append(
            _text(
                middle,
                baseline - height - 5,
                value_font,
                str(value),
                anchor="middle",
                cls="chart__value",
            )
        )
        shapes.append(
            _text(
                middle,
                baseline + 4 + label_font,
                label_font,
                bar.label,
                anchor="middle",
                cls="chart__label",
            )
        )
    shapes.append(_line(0, baseline + 0.5, WIDTH, baseline + 0.5))
    height = baseline + COLUMN_BOTTOM
    body = _svg(ident, title or caption, column_summary(bars), height, _join(shapes))
    return _figure(ident, caption, body)


# Horizontal bars: the label above its bar, the value at the end of the bar.
ROW_FONT = 16
ROW_LINE = 20  # height of a label line
ROW_BAR = 18
ROW_GAP = 14


def _wrap(label: str, size: float) -> list[str]:
    """The label in lines that each fit the width."""
    per_line = max(8, math.floor(WIDTH / (size * GLYPH)))
    return textwrap.wrap(label, per_line, break_long_words=True, break_on_hyphens=True) or [""]


def rows(bars: Sequence[Bar], *, ident: str, caption: str, title: str = "") -> SafeString:
    """A horizontal bar per item, in the order given (biggest first is the caller's choice),
    its label above it and its value after it; the description lists them all."""
    if not bars or all(bar.value <= 0 for bar in bars):
        return _empty(ident, caption)
    highest = max(bar.value for bar in bars)
    value_room = len(str(highest)) * ROW_FONT * DIGIT + 8
    length = WIDTH - value_room
    shapes = []
    y = 0.0
    for bar in bars:
        value = max(bar.value, 0)
        for line in _wrap(bar.label, ROW_FONT):
            y += ROW_LINE
            shapes.append(_text(0, y - 5, ROW_FONT, line, anchor="start", cls="chart__label"))
        width = length * value / highest
        shapes.append(_rect(0, y, width, ROW_BAR, value))
        shapes.append(
            _text(
                width + 4, y + ROW_BAR - 3, ROW_FONT, str(value), anchor="start", cls="chart__value"
            )
        )
        y += ROW_BAR + ROW_GAP
    body = _svg(ident, title or caption, rows_summary(bars), y - ROW_GAP, _join(shapes))
    return _figure(ident, caption, body)


def biggest_first(bars: Sequence[Bar]) -> list[Bar]:
    """The bars from the biggest to the smallest, ties in the order of their labels."""
    return sorted(bars, key=lambda bar: (-bar.value, bar.label))


def top(bars: Sequence[Bar], count: int, others: str) -> list[Bar]:
    """The `count` biggest bars, biggest first (ties by label), and the rest added up into
    one bar labelled `others` % the number of items it holds (e.g. '%(count)s others')."""
    ordered = biggest_first(bars)
    if len(ordered) <= count + 1:
        return ordered
    rest = ordered[count:]
    label = others % {"count": len(rest)}
    return [*ordered[:count], Bar(label, sum(bar.value for bar in rest))]


def _join(parts: Sequence[SafeString]) -> SafeString:
    return mark_safe("".join(parts))  # noqa: S308  (each part built by format_html)
