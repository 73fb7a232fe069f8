"""System checks: `appui check` reports a production configuration Appui would refuse."""

from django.conf import settings
from django.core import checks

from appui.core.deployment import PRODUCTION, production_problems


@checks.register(checks.Tags.security)
def check_production_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if getattr(settings, "APPUI_ENV", None) != PRODUCTION:
        return []
    problems = production_problems(
        debug=settings.DEBUG,
        database_engine=settings.DATABASES["default"]["ENGINE"],
        secret_key=settings.SECRET_KEY,
        allowed_hosts=list(settings.ALLOWED_HOSTS),
        encryption_keys=list(getattr(settings, "APPUI_ENCRYPTION_KEYS", [])),
    )
    return [checks.Error(p.message, hint=p.hint, id=p.id) for p in problems]
