"""The staff menu, from what each app declares (`staff_menu` on its AppConfig): core
imports no feature app, and each app says which of its pages a role may reach."""

from __future__ import annotations

from django.apps import apps
from django.urls import reverse


def staff_menu(request):
    actor = getattr(request, "actor", None)
    if actor is None:
        return {}
    items = []
    for config in apps.get_app_configs():
        for url_name, label, permission in getattr(config, "staff_menu", ()):
            if permission is None or actor.can(permission):
                url = reverse(url_name)
                items.append({"url": url, "label": label, "current": request.path == url})
    return {"staff_menu": items}
