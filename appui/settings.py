"""Django settings for Appui, read from environment variables.

APPUI_ENV      development (default) or production
SECRET_KEY     required in production (at least 50 random characters)
DEBUG          on by default in development, off in production (refused there)
ALLOWED_HOSTS  host names separated by commas
DATABASE_URL   e.g. postgres://user:password@host:5432/appui; SQLite file var/appui.sqlite3 if unset
APPUI_VAR_DIR  where local data lives (SQLite file, collected static files); default ./var
APPUI_TRUSTED_PROXIES  reverse proxies whose X-Forwarded-For is believed: a count, or their
               addresses/networks separated by commas; default none (REMOTE_ADDR is the client)
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from appui.core.clientip import parse_trusted_proxies
from appui.core.deployment import DEVELOPMENT, ENVIRONMENTS, PRODUCTION, production_problems
from appui.core.keys import development_key_file, parse_keys

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false).")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


APPUI_ENV = os.environ.get("APPUI_ENV", DEVELOPMENT).strip().lower()
if APPUI_ENV not in ENVIRONMENTS:
    raise ImproperlyConfigured(f"APPUI_ENV={APPUI_ENV!r} must be one of {', '.join(ENVIRONMENTS)}.")
IS_PRODUCTION = APPUI_ENV == PRODUCTION

DEBUG = env_bool("DEBUG", default=not IS_PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and not IS_PRODUCTION:
    SECRET_KEY = "django-insecure-development-only-never-use-this-key-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", default="" if IS_PRODUCTION else "localhost,127.0.0.1,[::1]"
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The reverse proxies in front of Appui, whose X-Forwarded-For is believed
# (appui.core.clientip): none by default, so a forged header changes nothing.
APPUI_TRUSTED_PROXIES = parse_trusted_proxies(os.environ.get("APPUI_TRUSTED_PROXIES", ""))

VAR_DIR = Path(os.environ.get("APPUI_VAR_DIR", BASE_DIR / "var"))

# Database
SQLITE_OPTIONS = {
    # Web and worker processes share the file: wait for locks rather than fail at once,
    # and let readers go on while one process writes.
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "appui.sqlite3",
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
else:
    # Parameters bound by the server, and statements run often prepared once per connection
    # (psycopg's threshold): a quarter less CPU per write on the hot paths (the telephony
    # webhook, see benchmarks/README.md), in the web process and in PostgreSQL alike.
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    # Django's admin on a site that requires a one-time code (appui.core.admin_site).
    "appui.core.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "appui.core",
    "appui.territory",
    "appui.directory",
    "appui.booking",
    "appui.cases",
    "appui.claims",
    "appui.compensation",
    "appui.complaints",
    "appui.guide",
    "appui.helpline",
    "appui.stats",
    "appui.api",
]

MIDDLEWARE = [
    "appui.core.middleware.ServerTimingMiddleware",
    # The client's address, by the trusted-proxy rule, before anything reads REMOTE_ADDR.
    "appui.core.clientip.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "appui.core.staff_views.StaffIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout into our "too many attempts" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "appui.urls"
WSGI_APPLICATION = "appui.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "appui.core.context_processors.staff_menu",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: French first, then English and Spanish.
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

# Static files, served by WhiteNoise. Production serves the hashed, compressed copies made by
# `appui collectstatic`; elsewhere files are served straight from the apps.
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Background tasks: a queue kept in the database, run by `appui worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A worker is "alive" when its heartbeat task ran this recently.
APPUI_WORKER_HEARTBEAT_SECONDS = 10
APPUI_WORKER_STALE_AFTER_SECONDS = 60

# Staff accounts: a password and a code from an authenticator app (TOTP), made by
# `appui create_staff`. The admin never shows a device's secret key again.
OTP_TOTP_ISSUER = "Appui"
LOGIN_URL = "/pro/login/"
LOGIN_REDIRECT_URL = "/pro/"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses an address and account pair after repeated failures.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours: a pause of 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/staff/locked_out.html"
AXES_VERBOSE = False
# Lockouts count by the same client address as the rest of the site.
AXES_CLIENT_IP_CALLABLE = "appui.core.clientip.client_ip"
# A staff session ends after 30 minutes without a request; exports and erasures ask for
# the password again when it was not confirmed in the last 5 minutes.
APPUI_STAFF_IDLE_SECONDS = 30 * 60
APPUI_REAUTH_SECONDS = 5 * 60

# Sensitive free text is encrypted with these keys (Fernet, newest first), kept outside the
# database: APPUI_ENCRYPTION_KEYS in production; a key file in the var directory otherwise.
if os.environ.get("APPUI_ENCRYPTION_KEYS", "").strip():
    APPUI_ENCRYPTION_KEYS = parse_keys(os.environ["APPUI_ENCRYPTION_KEYS"])
elif IS_PRODUCTION:
    APPUI_ENCRYPTION_KEYS = []
else:
    APPUI_ENCRYPTION_KEYS = parse_keys(development_key_file(VAR_DIR))
if IS_PRODUCTION:
    problems = production_problems(
        debug=DEBUG,
        database_engine=DATABASES["default"]["ENGINE"],
        secret_key=SECRET_KEY,
        allowed_hosts=ALLOWED_HOSTS,
        encryption_keys=APPUI_ENCRYPTION_KEYS,
    )
    if problems:
        raise ImproperlyConfigured(
            "Appui refuses to start in production:\n"
            + "\n".join(f"- {p.message} {p.hint}" for p in problems)
        )

# Uploaded documents: stored encrypted outside the web root, served only by an authorised view.
APPUI_DOCUMENTS_DIR = Path(os.environ.get("APPUI_DOCUMENTS_DIR", VAR_DIR / "documents"))
APPUI_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Where the quick-exit button leads: a neutral site, only linked, never loaded by our pages.
APPUI_QUICK_EXIT_URL = os.environ.get("APPUI_QUICK_EXIT_URL", "https://www.google.fr/")

# Security headers, on in every environment.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sessions hold a victim's guide answers: kept on the server two hours after her last
# answer at most (the worker purges expired ones), and the cookie ends with the browser.
SESSION_COOKIE_AGE = 2 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# No cookie outlives the browser session on public pages: the CSRF cookie included.
CSRF_COOKIE_AGE = None
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_AGE = None
# Callback requests from the guide: at most so many per client address an hour and per
# phone number a day (counted in the database, as keyed hashes only).
APPUI_CALLBACK_LIMIT_PER_ADDRESS_HOUR = 5
APPUI_CALLBACK_LIMIT_PER_PHONE_DAY = 3
# Bookings and pre-complaints sent from public pages: at most so many per client address an
# hour (the benchmarks raise it to play a crowd from one machine).
APPUI_PUBLIC_LIMIT_PER_ADDRESS_HOUR = int(os.environ.get("APPUI_PUBLIC_LIMIT_PER_ADDRESS_HOUR", 10))
APPUI_PUBLIC_LIMIT_PER_PHONE_DAY = int(os.environ.get("APPUI_PUBLIC_LIMIT_PER_PHONE_DAY", 3))
APPUI_PUBLIC_LIMIT_PER_EMAIL_DAY = int(os.environ.get("APPUI_PUBLIC_LIMIT_PER_EMAIL_DAY", 3))
# A callback request to the 116 006 is answered within this many of its opening hours.
APPUI_HELPLINE_CALLBACK_HOURS = int(os.environ.get("APPUI_HELPLINE_CALLBACK_HOURS", 2))
# Appointment reminders: e-mail through Django's backend (the console outside production),
# text messages through a pluggable backend (`appui.booking.sms`).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if IS_PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ne-pas-repondre@appui.invalid")
# The 116 006's own mailbox: the From (and Reply-To) of the listeners' answers to messages.
APPUI_HELPLINE_EMAIL = os.environ.get("APPUI_HELPLINE_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
# In production nothing is printed: without a provider configured, no text message is sent.
APPUI_SMS_BACKEND = os.environ.get(
    "APPUI_SMS_BACKEND",
    "appui.booking.sms.DisabledBackend" if IS_PRODUCTION else "appui.booking.sms.ConsoleBackend",
)

if IS_PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe the health endpoint over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

# Paths whose next segment is a secret (an appointment's link, a private calendar feed):
# logged as "…" (`appui.core.logfilters`).
APPUI_SECRET_PATH_PREFIXES = ("/rendez-vous/", "/pro/agenda/flux/")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"secret_paths": {"()": "appui.core.logfilters.RedactSecretPaths"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["secret_paths"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("APPUI_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"level": os.environ.get("APPUI_LOG_LEVEL", "INFO"), "propagate": True},
    },
}
