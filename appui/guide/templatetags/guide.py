from django import template
from django.utils import translation

from appui.rights.messages import date, money

register = template.Library()


@register.filter
def euros(value):
    """An amount the way the reader's language writes it (4 822,50 € / €4,822.50)."""
    if value is None:
        return ""
    return money(float(value), translation.get_language() or "fr")


@register.filter
def longdate(value):
    """A date written out the way the reader's language does (1er février 2031)."""
    if value is None:
        return ""
    return date(value, translation.get_language() or "fr")


@register.filter
def section(advice, name):
    """The plain opening sentences of one part of the plan."""
    return advice.section(name)


@register.filter
def draft_offered(remedy) -> bool:
    """Whether her plan offers a draft document under this remedy (the CIVI routes and the
    civil-party claim, when open or possible)."""
    from ..drafts import offered

    return offered(remedy)
