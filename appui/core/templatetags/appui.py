from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def quick_exit_url() -> str:
    """The neutral site the quick-exit button leads to (also usable where no request is)."""
    return settings.APPUI_QUICK_EXIT_URL
