"""Limits on a search request, shared by the HTTP API and the command line."""

from __future__ import annotations

from . import messages

MIN_QUERY, MAX_QUERY = 2, 100
MIN_LIMIT, MAX_LIMIT = 1, 50


def validate_search(q: str | None, limit: int, lang: str = "fr") -> list[dict]:
    """Field errors for a search request (empty when it is fine)."""
    errors = []
    query = (q or "").strip()
    if not query:
        errors.append(messages.error("q", "q.required", lang))
    elif len(query) < MIN_QUERY:
        errors.append(messages.error("q", "q.too_short", lang, min=MIN_QUERY))
    elif len(query) > MAX_QUERY:
        errors.append(messages.error("q", "q.too_long", lang, max=MAX_QUERY))
    if not MIN_LIMIT <= limit <= MAX_LIMIT:
        errors.append(messages.error("limit", "limit.range", lang, min=MIN_LIMIT, max=MAX_LIMIT))
    return errors
