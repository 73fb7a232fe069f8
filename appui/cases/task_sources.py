"""Where tasks come from: each source computes its own, and is synchronised on its own.

A source is a function from a file to the tasks it calls for now (unsaved `Task`s, keyed
stably within the source). The case files register the law's deadlines; another app
(compensation files, bookings) registers its own in its AppConfig.ready, and calls
`services.sync_tasks(file, source)` after its writes. Tasks added by hand belong to no
provider: no sync ever cancels them.
"""

from __future__ import annotations

from collections.abc import Callable

from .models import CaseFile, Task

Provider = Callable[[CaseFile], list[Task]]

_PROVIDERS: dict[str, Provider] = {}


def register(source: str, provider: Provider) -> None:
    """Declare the tasks of `source` (once per process; re-registering replaces)."""
    _PROVIDERS[source] = provider


def provider(source: str) -> Provider:
    return _PROVIDERS[source]


def sources() -> list[str]:
    return sorted(_PROVIDERS)
