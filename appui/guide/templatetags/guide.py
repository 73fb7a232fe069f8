from django import template
from django.utils import translation

from appui.rights.messages import money

register = template.Library()


@register.filter
def euros(value):
    """An amount the way the reader's language writes it (4 822,50 € / €4,822.50)."""
    if value is None:
        return ""
    return money(float(value), translation.get_language() or "fr")
