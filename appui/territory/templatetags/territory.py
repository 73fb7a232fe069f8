"""`{% load territory %}`: towns shown by name, never by INSEE code.

`{{ code|commune_label }}` gives "Nancy (54)": the commune's name and its département, the
way people tell towns of the same name apart; "" for no code, and "Unknown town" for a
code that is no longer a commune (merged since), never the code alone. A page may label
many towns: within a request the index is checked against the database once.
"""

from django import template
from django.utils.translation import gettext as _

from appui.territory import services

register = template.Library()


@register.filter
def commune_label(code) -> str:
    code = str(code or "").strip()
    if not code:
        return ""
    hit = services.get_commune(code)
    if hit is None:
        return _("Unknown town")
    return f"{hit.name} ({hit.departement_code})"
