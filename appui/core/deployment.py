"""Rules a production configuration must satisfy.

Kept free of Django imports: ``appui.settings`` applies them before Django is set up,
and the ``appui.core`` system check applies them again to whatever settings are loaded.
"""

from dataclasses import dataclass

PRODUCTION = "production"
DEVELOPMENT = "development"
ENVIRONMENTS = (DEVELOPMENT, PRODUCTION)

MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_UNIQUE_CHARACTERS = 5
INSECURE_SECRET_KEY_PREFIX = "django-insecure"  # noqa: S105  (a marker, not a key)


@dataclass(frozen=True)
class Problem:
    id: str
    message: str
    hint: str


def secret_key_is_strong(secret_key: str | None) -> bool:
    return bool(
        secret_key
        and len(secret_key) >= MIN_SECRET_KEY_LENGTH
        and len(set(secret_key)) >= MIN_SECRET_KEY_UNIQUE_CHARACTERS
        and not secret_key.startswith(INSECURE_SECRET_KEY_PREFIX)
    )


def production_problems(
    *,
    debug: bool,
    database_engine: str,
    secret_key: str | None,
    allowed_hosts: list[str],
    encryption_keys: list | None = None,
) -> list[Problem]:
    """What forbids running this configuration in production (empty when it is fit)."""
    problems = []
    if debug:
        problems.append(
            Problem(
                "appui.E001",
                "DEBUG is on: pages would show tracebacks and settings to anyone.",
                "Unset DEBUG (or set DEBUG=false).",
            )
        )
    if "sqlite" in database_engine:
        problems.append(
            Problem(
                "appui.E002",
                "The database is SQLite, which is meant for development only.",
                "Set DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/NAME.",
            )
        )
    if not secret_key_is_strong(secret_key):
        problems.append(
            Problem(
                "appui.E003",
                "SECRET_KEY is missing or weak.",
                f"Set SECRET_KEY to at least {MIN_SECRET_KEY_LENGTH} random characters, e.g. "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'.",
            )
        )
    if not allowed_hosts:
        problems.append(
            Problem(
                "appui.E004",
                "ALLOWED_HOSTS is empty: every request would be refused.",
                "Set ALLOWED_HOSTS to the site's host names, separated by commas.",
            )
        )
    if encryption_keys is not None and not encryption_keys:
        problems.append(
            Problem(
                "appui.E005",
                "APPUI_ENCRYPTION_KEYS is empty: notes could not be encrypted at rest.",
                "Set APPUI_ENCRYPTION_KEYS to a Fernet key kept outside the database "
                "(`appui encryption new-key` makes one).",
            )
        )
    return problems
