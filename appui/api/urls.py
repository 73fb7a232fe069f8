"""HTTP API of Appui (django-ninja), mounted at /api/ by appui.urls; docs at /api/docs."""

from django.http import HttpRequest, JsonResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from appui.directory.api import router as directory_router
from appui.rights import messages
from appui.rights.facts import choices as facts_choices
from appui.territory.api import router as territory_router

from .rights import router as rights_router

api = NinjaAPI(
    title="Appui API",
    version="1",
    description="Rights engine of Appui: a victim's remedies, amounts and legal deadlines.",
    urls_namespace="api",
)
api.add_router("/rights", rights_router)
api.add_router("/territory", territory_router)
api.add_router("/directory", directory_router)


@api.exception_handler(ValidationError)
def field_errors(request: HttpRequest, exc: ValidationError) -> JsonResponse:
    """Query-string errors (e.g. an unknown `lang`) get the same shape as facts errors."""
    lang = request.GET.get("lang") if request.GET.get("lang") in messages.LANGUAGES else "fr"
    errors = []
    for err in exc.errors:
        loc = [str(part) for part in err.get("loc", ()) if part not in ("query", "body")]
        key = "error.choice" if err.get("type") == "literal_error" else "error.invalid"
        choices = facts_choices(err.get("ctx") or {})
        errors.append(
            {"field": ".".join(loc) or "$", "message": messages.text(key, lang, choices=choices)}
        )
    return JsonResponse({"errors": errors}, status=422)
