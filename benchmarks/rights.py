"""Rights engine speed: assessments and timelines in process and over HTTP, a 100,000-file batch.

Run from the repository root (see benchmarks/README.md):

    .venv/bin/python benchmarks/rights.py [--url http://127.0.0.1:8000] [--files 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
import urllib.parse
from datetime import date, timedelta

from common import pin_one_core, timed_requests

from appui.rights import Category, assess, timeline
from appui.rights.examples import CONTRACT_EXAMPLE, TIMELINE_EXAMPLE
from appui.rights.facts import parse

EXAMPLE = CONTRACT_EXAMPLE
# The same story told with a second offence (a fall, 10 days of ITT), the growth of
# `offence.other_categories`: every remedy is decided twice and the best answer kept.
SEVERAL = {
    **CONTRACT_EXAMPLE,
    "offence": {**CONTRACT_EXAMPLE["offence"], "other_categories": ["violence"]},
    "harm": {**CONTRACT_EXAMPLE["harm"], "itt_days": 10},
}


# A typical CIVI request on a file page: six events, a provision, the victim's refusal of the
# offer and the hearing set (Moselle, for its holidays).
TYPICAL_TIMELINE = {
    "procedure": "civi",
    "as_of": "2026-06-01",
    "department": "57",
    "events": [
        {"type": "request_filed", "date": "2026-01-05"},
        {"type": "forwarded_to_fund", "date": "2026-01-12"},
        {"type": "provisional_payment", "date": "2026-02-01", "amount": 1000},
        {"type": "offer_received", "date": "2026-03-02", "amount": 4200},
        {"type": "offer_refused", "date": "2026-03-20"},
        {"type": "hearing_set", "date": "2026-04-01", "hearing": "2026-09-15"},
    ],
}


def _median_us(call, rounds: int, per_round: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(per_round):
            call()
        samples.append((time.perf_counter() - start) / per_round * 1e6)
    return statistics.median(samples)


def timelines(rounds: int = 30, per_round: int = 5000) -> dict:
    """Median time of one timeline from a JSON-like dict, validation included."""
    for _ in range(5000):
        timeline(TYPICAL_TIMELINE)
    return {
        "timeline_us_median": _median_us(lambda: timeline(TYPICAL_TIMELINE), rounds, per_round),
        "timeline_to_json_us_median": _median_us(
            lambda: json.dumps(timeline(TYPICAL_TIMELINE).to_dict()), rounds // 3, per_round
        ),
        "timeline_example_us_median": _median_us(
            lambda: timeline(TIMELINE_EXAMPLE), rounds // 3, per_round
        ),
    }


def in_process(rounds: int = 30, per_round: int = 2000) -> dict:
    """Median time of one full assessment (16 remedies) from a JSON-like dict."""
    for _ in range(2000):
        assess(EXAMPLE)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(per_round):
            assess(EXAMPLE)
        samples.append((time.perf_counter() - start) / per_round * 1e6)
    with_json = []
    for _ in range(rounds // 3):
        start = time.perf_counter()
        for _ in range(per_round):
            json.dumps(assess(EXAMPLE).to_dict())
        with_json.append((time.perf_counter() - start) / per_round * 1e6)
    several = []
    for _ in range(rounds // 3):
        start = time.perf_counter()
        for _ in range(per_round):
            assess(SEVERAL)
        several.append((time.perf_counter() - start) / per_round * 1e6)
    return {
        "assess_us_median": statistics.median(samples),
        "assess_to_json_us_median": statistics.median(with_json),
        "assess_two_offences_us_median": statistics.median(several),
    }


def http_endpoint(url: str, requests: int = 2000, action: str = "assess") -> dict:
    """Median latency of POST /api/rights/<action> on one keep-alive connection."""
    body = json.dumps(EXAMPLE if action == "assess" else TYPICAL_TIMELINE).encode()
    path = urllib.parse.urlsplit(url).path.rstrip("/") + f"/api/rights/{action}?lang=fr"
    headers = {"Content-Type": "application/json"}
    latencies = timed_requests(url, (("POST", path, body, headers) for _ in range(requests + 100)))
    latencies.sort()
    return {
        "http_ms_median": statistics.median(latencies),
        "http_ms_p95": latencies[int(len(latencies) * 0.95)],
    }


def case_files(count: int, seed: int = 2025) -> list[dict]:
    """Varied facts, as a network's case files would hold them."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    categories = [c.value for c in Category]
    classes = ["crime", "delit", "contravention", None]
    files = []
    for _ in range(count):
        offence_day = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 2200))
        decision = offence_day + timedelta(days=rng.randrange(30, 700))
        facts = {
            "as_of": "2026-11-22",
            "offence": {
                "category": rng.choice(categories),
                "class": rng.choice(classes),
                "date": offence_day.isoformat(),
                "in_france": rng.random() < 0.95,
                "department": rng.choice(["54", "55", "57", "88", "75", "974"]),
                "author_known": rng.random() < 0.6,
                "author_is_partner": rng.random() < 0.3,
            },
            "victim": {
                "natural_person": True,
                "french_national": rng.random() < 0.9,
                "birth_date": (
                    date(1940, 1, 1) + timedelta(days=rng.randrange(0, 25000))
                ).isoformat()
                if rng.random() < 0.8
                else None,
            },
            "harm": {"itt_days": rng.choice([None, 0, 3, 9, 15, 29, 30, 60])},
            "situation": {
                "annual_income": rng.choice([None, 8000, 15000, 19000, 30000]),
                "household_extra_persons": rng.randrange(0, 4),
                "serious_situation": rng.random() < 0.5,
                "other_compensation": rng.random() < 0.3,
            },
            "procedure": {
                "decision_final_date": decision.isoformat()
                if decision < date(2026, 11, 22) and rng.random() < 0.4
                else None,
                "damages_awarded": rng.choice([None, 500, 1500, 8000, 20000]),
            },
            "danger": {
                "grave_danger": rng.random() < 0.2,
                "consent": True,
                "cohabiting_with_author": rng.random() < 0.2,
                "no_contact_ban": rng.random() < 0.3,
            },
        }
        if (
            facts["victim"]["birth_date"]
            and facts["victim"]["birth_date"] > offence_day.isoformat()
        ):
            facts["victim"]["birth_date"] = None
        files.append(facts)
    return files


def batch(count: int) -> dict:
    """Re-assess `count` stored files in one batch: from JSON dicts, then from validated facts."""
    files = case_files(count)
    start = time.perf_counter()
    checked = [parse(f) for f in files]
    validated_s = time.perf_counter() - start
    start = time.perf_counter()
    statuses = 0
    for facts in checked:
        statuses += len(assess(facts).remedies)
    assess_s = time.perf_counter() - start
    if statuses != 16 * count:
        raise SystemExit("an assessment lacked a remedy")
    return {
        "batch_files": count,
        "batch_files_per_s": count / (validated_s + assess_s),
        "batch_seconds": validated_s + assess_s,
        "batch_prevalidated_files_per_s": count / assess_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="running Appui server")
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--no-http", action="store_true")
    args = parser.parse_args()
    print(f"# rights engine benchmark ({pin_one_core()})")
    results = in_process()
    print(
        f"in-process full assessment (16 remedies): median {results['assess_us_median']:.1f} µs"
        f" (target < 50 µs); with JSON output {results['assess_to_json_us_median']:.1f} µs;"
        f" two offences in one story {results['assess_two_offences_us_median']:.1f} µs"
    )
    steps = timelines()
    print(
        f"in-process CIVI timeline (6 events): median {steps['timeline_us_median']:.1f} µs"
        f" (target < 50 µs); with JSON output {steps['timeline_to_json_us_median']:.1f} µs;"
        f" the contract's example (3 events) {steps['timeline_example_us_median']:.1f} µs"
    )
    if not args.no_http:
        web = http_endpoint(args.url)
        print(
            f"HTTP POST /api/rights/assess at {args.url}: median {web['http_ms_median']:.2f} ms,"
            f" p95 {web['http_ms_p95']:.2f} ms (target < 5 ms)"
        )
        web = http_endpoint(args.url, action="timeline")
        print(
            f"HTTP POST /api/rights/timeline at {args.url}: median {web['http_ms_median']:.2f}"
            f" ms, p95 {web['http_ms_p95']:.2f} ms (target < 5 ms)"
        )
    rate = batch(args.files)
    print(
        f"batch re-assessment of {rate['batch_files']:,} files: {rate['batch_files_per_s']:,.0f}"
        f" files/s ({rate['batch_seconds']:.1f} s; {rate['batch_prevalidated_files_per_s']:,.0f}"
        " files/s once validated)"
    )


if __name__ == "__main__":
    main()
