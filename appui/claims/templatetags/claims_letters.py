"""Filling a letter: a known value written the French way, an unknown one as a blank.

A blank is a dotted line that reads "à compléter" (visible, and in the PDF's text for a
screen reader or pdftotext), so that nothing the letter needs is ever left out unnoticed.
Every value is escaped: typed text never becomes markup.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.html import conditional_escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe

from appui.rights.messages import date as long_date

register = template.Library()

BLANK = "à compléter"
CENT = Decimal("0.01")


def blank(lines: int = 1) -> SafeString:
    if lines > 1:
        return mark_safe(  # noqa: S308 - constant markup
            '<span class="blank blank--lines">'
            + "".join(
                f'<span class="blank__line">{BLANK if not i else ""}</span>' for i in range(lines)
            )
            + "</span>"
        )
    return mark_safe(f'<span class="blank">{BLANK}</span>')  # noqa: S308 - constant markup


def euros(value: Decimal | int | float | str) -> str:
    """4 200,00 €: narrow no-break spaces between thousands, a comma, always the cents."""
    try:
        amount = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{sign}{text}\u00a0€"


@register.filter
def fill(value, lines: int = 1) -> SafeString:
    """Typed text (line breaks kept), or a blank of `lines` dotted lines."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return blank(int(lines))
    text = conditional_escape(str(value).strip())
    return mark_safe(text.replace("\r\n", "\n").replace("\n", "<br>"))  # noqa: S308 - escaped


@register.filter
def fill_date(value: dt.date | None) -> SafeString:
    if not value:
        return blank()
    return format_html("{}", long_date(value, "fr"))


@register.filter
def fill_amount(value) -> SafeString:
    if value is None or value == "":
        return blank()
    return format_html("{}", euros(value))


@register.filter
def amount(value) -> str:
    return "" if value is None else euros(value)


@register.filter
def paragraphs(value: str) -> SafeString:
    """Several lines of typed text as paragraphs (escaped)."""
    return mark_safe(linebreaks(conditional_escape(value)))  # noqa: S308 - escaped


@register.simple_tag
def blanks(lines: int = 1) -> SafeString:
    return blank(lines)
