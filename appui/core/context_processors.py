"""The staff menu, from what each app declares (`staff_menu` on its AppConfig): core
imports no feature app, and each app says which of its pages a role may reach."""

from __future__ import annotations

from django.apps import apps
from django.urls import reverse


def menu_for(actor) -> list[tuple[str, str, bool]]:
    """(url, label, landing) of the staff pages the actor's role may open, in the apps'
    order; an entry `(url name, label, permission, False)` is never a landing page."""
    items = []
    for config in apps.get_app_configs():
        for url_name, label, permission, *landing in getattr(config, "staff_menu", ()):
            if permission is None or actor.can(permission):
                items.append((reverse(url_name), label, landing[0] if landing else True))
    return items


def landing_for(actor) -> str:
    """Where a role works first: its first menu page that may be a landing."""
    return next((url for url, _label, landing in menu_for(actor) if landing), "staff:account")


def staff_menu(request):
    actor = getattr(request, "actor", None)
    if actor is None:
        return {}
    items = menu_for(actor)
    home = next((url for url, _label, landing in items if landing), None)
    return {
        "staff_menu": [
            {"url": url, "label": label, "current": request.path == url}
            for url, label, _landing in items
        ],
        # Where the brand leads: the role's first page, never one it cannot open.
        "staff_home": home or reverse("staff:account"),
    }
