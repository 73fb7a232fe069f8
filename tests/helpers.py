"""Helpers shared by tests that run Appui in a subprocess."""

import os
import sys
from pathlib import Path

# Environment variables that configure Appui, or that the test run sets for itself:
# subprocesses start without them.
APPUI_ENVIRONMENT = (
    "APPUI_ENV",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)
APPUI_COMMAND = [sys.executable, "-m", "appui"]


def appui_environment(var_dir: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment without Appui's settings, plus `env`."""
    environment = {k: v for k, v in os.environ.items() if k not in APPUI_ENVIRONMENT}
    environment.update({"APPUI_VAR_DIR": str(var_dir), "PYTHONUNBUFFERED": "1"})
    environment.update(env or {})
    return environment
