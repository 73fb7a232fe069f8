from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    """Claims and the documents generated from them; installed for its templates and
    stylesheet (no models)."""

    name = "appui.claims"
    label = "claims"
