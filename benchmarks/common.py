"""What the benchmarks share: one core, and timed requests on one keep-alive connection."""

from __future__ import annotations

import http.client
import os
import time
import urllib.parse
from collections.abc import Callable, Iterator


def pin_one_core() -> str:
    """Run on one core, so figures compare across runs and machines."""
    try:
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    except (AttributeError, OSError):
        return "not pinned"


def timed_requests(
    url: str,
    requests: Iterator[tuple[str, str, bytes | None, dict[str, str]]],
    *,
    warmup: int = 100,
    on_response: Callable[[http.client.HTTPResponse], None] | None = None,
) -> list[float]:
    """Milliseconds per (method, path, body, headers) request, warm-up excluded.

    One keep-alive connection, reopened when the server closes it; any non-2xx answer stops
    the benchmark, since a fast error is not a result.
    """
    parts = urllib.parse.urlsplit(url)

    def connect() -> http.client.HTTPConnection:
        return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=10)

    conn = connect()
    latencies = []
    for i, (method, path, body, headers) in enumerate(requests):
        start = time.perf_counter()
        conn.request(method, path, body=body, headers={"Connection": "keep-alive", **headers})
        response = conn.getresponse()
        payload = response.read()
        elapsed = (time.perf_counter() - start) * 1e3
        if not 200 <= response.status < 300:
            raise SystemExit(f"HTTP {response.status} for {path}: {payload[:200]!r}")
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = connect()
        if i >= warmup:
            latencies.append(elapsed)
            if on_response is not None:
                on_response(response)
    conn.close()
    return latencies
