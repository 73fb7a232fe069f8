"""HTTP API of appui.territory, mounted at /api/territory/ by appui.api.urls."""

from ninja import Router

router = Router(tags=["territory"])
