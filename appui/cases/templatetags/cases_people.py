"""`{% load cases_people %}`: what the case files say about a person, in words."""

from django import template

from appui.cases import languages

register = template.Library()


@register.filter
def language_name(code) -> str:
    """ "ar" → "Arabic", in the reader's language; "" for no language recorded."""
    return languages.name(code) if isinstance(code, str) else ""
