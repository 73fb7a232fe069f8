"""Secrets that travel in a URL (a victim's appointment link, a calendar feed) never reach a
log: the path segment after each prefix of `APPUI_SECRET_PATH_PREFIXES` is written "…".

`RedactSecretPaths` filters Django's request and server logs; `GunicornLogger` does the same
for gunicorn's access log (`--logger-class`).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _pattern(prefixes: tuple[str, ...]) -> re.Pattern | None:
    if not prefixes:
        return None
    alternatives = "|".join(re.escape(prefix) for prefix in prefixes)
    return re.compile(rf"({alternatives})[^/?#\s\"]+")


def redact(text: str) -> str:
    pattern = _pattern(tuple(getattr(settings, "APPUI_SECRET_PATH_PREFIXES", ())))
    return pattern.sub(r"\1…", text) if pattern and isinstance(text, str) else text


class RedactSecretPaths(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        request = getattr(record, "request", None)
        if request is not None:
            record.request = None  # its repr would carry the path again
        return True


try:  # gunicorn is the production server; the filter above is enough without it
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover
    _GunicornLogger = object


class GunicornLogger(_GunicornLogger):  # type: ignore[misc, valid-type]
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "{raw_uri}e"):
            if key in atoms:
                atoms[key] = redact(atoms[key])
        return atoms
