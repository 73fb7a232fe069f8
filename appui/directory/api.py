"""HTTP API of appui.directory, mounted at /api/directory/ by appui.api.urls."""

from ninja import Router

router = Router(tags=["directory"])
