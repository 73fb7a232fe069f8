"""Guide speed and weight against a running server: plans per second, latency, page weight.

    .venv/bin/python benchmarks/guide.py [--url http://127.0.0.1:8000] [--seconds 30]

1. Completes the guide once as a victim would (a burnt car in Épinal) to get a session.
2. Runs wrk (Debian package `wrk`) on the plan page: 32 connections for 30 s; prints plans
   per second, median and 99th-percentile latency, and any non-2xx answer.
3. Times the server's own work for one plan: the median of its `Server-Timing` header
   over 200 requests on one connection, and the round trip.
4. Weighs every guide page: bytes transferred (with gzip accepted) and requests needed.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import http.cookiejar
import re
import shutil
import statistics
import subprocess
import urllib.parse
import urllib.request

from common import timed_requests

STEPS = [
    ("danger", {"danger": "no"}),
    ("what", {"situation": "car_burnt"}),
    ("when", {"date": "2025-02-01"}),
    ("where", {"place": "Épinal", "commune": "88160"}),
    ("author", {"author": "unknown"}),
    (
        "losses",
        {
            "other_compensation": "no",
            "serious_situation": "yes",
            "registered": "yes",
            "inspection_ok": "yes",
            "insured": "yes",
        },
    ),
    ("procedure", {"complaint": "yes", "complaint_date": "2025-02-02"}),
    ("about", {"annual_income": "15000", "household_extra_persons": "1"}),
]
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
ASSET = re.compile(rb'(?:href|src)="(/static/[^"]+)"')


def complete_guide(base: str) -> tuple[urllib.request.OpenerDirector, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    for name, data in STEPS:
        url = f"{base}/guide/{name}/"
        page = opener.open(url).read()
        token = TOKEN.search(page).group(1).decode()
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        opener.open(request).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return opener, cookie


def wrk(base: str, cookie: str, seconds: int, connections: int = 32) -> str:
    if not shutil.which("wrk"):
        return "wrk not installed (apt-get install wrk): load test skipped"
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            f"{base}/guide/plan/",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
    p50 = re.search(r"^\s*50%\s+(\S+)", out, re.MULTILINE).group(1)
    p99 = re.search(r"^\s*99%\s+(\S+)", out, re.MULTILINE).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: (.*)", out)
    return (
        f"plan page, {connections} connections for {seconds} s: {rate} plans/s, "
        f"median {p50}, p99 {p99}, non-2xx: {errors.group(1) if errors else 0}"
        + (f", socket errors: {socket.group(1)}" if socket else "")
    )


def one_plan(base: str, cookie: str, count: int = 200) -> tuple[float, float]:
    """Median round trip, and median server time (its `Server-Timing` header), in ms."""
    server: list[float] = []

    def server_time(response) -> None:
        timing = re.search(r"dur=([\d.]+)", response.getheader("Server-Timing", ""))
        if timing:
            server.append(float(timing.group(1)))

    request = ("GET", "/guide/plan/", None, {"Cookie": cookie})
    times = timed_requests(
        base, (request for _ in range(count)), warmup=10, on_response=server_time
    )
    return statistics.median(times), statistics.median(server) if server else float("nan")


def weigh(base: str, cookie: str) -> list[str]:
    lines = []
    pages = ["/guide/", "/guide/safety/"] + [f"/guide/{name}/" for name, _ in STEPS]
    pages.append("/guide/plan/")
    for path in pages:
        total, requests = 0, 0
        for url in [path] + _assets(base, path, cookie):
            request = urllib.request.Request(
                base + url, headers={"Cookie": cookie, "Accept-Encoding": "gzip"}
            )
            with urllib.request.urlopen(request) as response:
                total += len(response.read())
            requests += 1
        lines.append(f"{path}: {total / 1024:.1f} KB in {requests} requests")
    return lines


def _assets(base: str, path: str, cookie: str) -> list[str]:
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        body = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
    return sorted({m.decode() for m in ASSET.findall(body)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=int, default=30)
    args = parser.parse_args()
    base = args.url.rstrip("/")
    _, cookie = complete_guide(base)
    print("# guide benchmark against", base)
    trip, server = one_plan(base, cookie)
    print(f"one plan: server time median {server:.1f} ms (goal < 10 ms), round trip {trip:.1f} ms")
    print(wrk(base, cookie, args.seconds), "(goal >= 200 plans/s, no error)")
    for line in weigh(base, cookie):
        print(line, "(goal < 60 KB, <= 5 requests)")


if __name__ == "__main__":
    main()
