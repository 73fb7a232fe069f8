"""Commune search speed over the whole of France: in process, and over HTTP.

Run from the repository root (see benchmarks/README.md):

    .venv/bin/python benchmarks/territory.py [--url http://127.0.0.1:8000] [--no-http]

It uses the configured database (DATABASE_URL, else var/appui.sqlite3), migrated, and
loads the communes there first if they are not (`appui territory load`, idempotent).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import urllib.parse

from common import pin_one_core, timed_requests

QUERIES = {
    "accented names": [
        "Épinal",
        "Saint-Dié-des-Vosges",
        "Besançon",
        "Orléans",
        "Nîmes",
        "Vandœuvre-lès-Nancy",
        "L'Haÿ-les-Roses",
        "Saint-Étienne",
    ],
    "plain names": [
        "epinal",
        "saint die",
        "st-die",
        "besancon",
        "orleans",
        "nimes",
        "vandoeuvre",
        "lhay les roses",
        "bar le duc",
        "val de briey",
    ],
    "prefixes": ["sai", "saint", "st e", "mar", "le", "la", "bar le", "pont", "vil", "neuf"],
    "postcodes": ["88100", "75015", "13005", "54000", "55", "88", "971", "20000", "69003"],
    "name and number": ["marseille 13", "paris 15", "lyon 3", "epinal 88", "verdun 55"],
    "no match": ["zzzz", "qwertyuiop"],
}


def summary(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    return {
        "median_ms": round(statistics.median(ordered), 4),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 4),
        "max_ms": round(ordered[-1], 4),
        "n": len(ordered),
    }


def in_process(rounds: int) -> dict:
    """`services.search(query)` for every query, `rounds` times (index already built)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "appui.settings")
    django.setup()
    from appui.territory import services

    loaded = services.load()
    start = time.perf_counter()
    services.search("paris")
    first = (time.perf_counter() - start) * 1e3
    by_group: dict[str, list[float]] = {group: [] for group in QUERIES}
    for _ in range(rounds):
        for group, queries in QUERIES.items():
            for query in queries:
                start = time.perf_counter()
                services.search(query, 10)
                by_group[group].append((time.perf_counter() - start) * 1e3)
    every = [sample for samples in by_group.values() for sample in samples]
    return {
        "communes": loaded.communes,
        "load": f"{loaded.status} in {loaded.seconds} s",
        "first_search_ms (builds the index)": round(first, 1),
        "all queries": summary(every),
        **{group: summary(samples) for group, samples in by_group.items()},
    }


def http_endpoint(url: str, rounds: int) -> dict:
    """Latency of GET /api/territory/search on one keep-alive connection."""
    base = urllib.parse.urlsplit(url).path.rstrip("/") + "/api/territory/search?"
    queries = [q for group in QUERIES.values() for q in group]
    paths = [base + urllib.parse.urlencode({"q": q, "limit": 10}) for q in queries]
    count = rounds * len(paths) + 100  # the warm-up lets each server process build its index
    latencies = timed_requests(
        url, (("GET", paths[i % len(paths)], None, {}) for i in range(count))
    )
    return summary(latencies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--rounds", type=int, default=200, help="passes over the queries")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP measurement")
    args = parser.parse_args()
    report = {"cpu": pin_one_core(), "search()": in_process(args.rounds)}
    if not args.no_http:
        try:
            report["GET /api/territory/search"] = http_endpoint(args.url, max(1, args.rounds // 10))
        except (ConnectionError, OSError) as exc:
            report["GET /api/territory/search"] = f"skipped: {args.url} unreachable ({exc})"
    print(json.dumps(report, indent=2, ensure_ascii=False))  # noqa: T201


if __name__ == "__main__":
    main()
