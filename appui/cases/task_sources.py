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
Label = Callable[[Task], str]

_PROVIDERS: dict[str, Provider] = {}
_LABELS: dict[str, Label] = {}


def register(source: str, provider: Provider, label: Label | None = None) -> None:
    """Declare the tasks of `source` (once per process; re-registering replaces). `label`
    words a task in the reader's language (the stored title is the French fallback).

    A provider may return a task with status DONE: the sync then closes the open task of
    that key as done (the event that ends it was recorded) instead of cancelling it."""
    _PROVIDERS[source] = provider
    if label is not None:
        _LABELS[source] = label


def label(task: Task) -> str | None:
    """The task in the reader's language, by the source that made it, if it words its own."""
    words = _LABELS.get(task.source)
    return None if words is None else words(task)


def provider(source: str) -> Provider:
    return _PROVIDERS[source]


def sources() -> list[str]:
    return sorted(_PROVIDERS)
