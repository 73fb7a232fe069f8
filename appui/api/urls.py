"""HTTP API of Appui (django-ninja): mounted at /api/ by appui.urls."""

from ninja import NinjaAPI

api = NinjaAPI(title="Appui API", version="1", urls_namespace="api")
