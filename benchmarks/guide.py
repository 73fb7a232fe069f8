"""Guide speed and weight: every page's server time, first request included, and its weight.

    .venv/bin/python benchmarks/guide.py --start [--restarts 3] [--requests 200]
    .venv/bin/python benchmarks/guide.py --url http://127.0.0.1:8000

1. With `--start`, starts gunicorn itself (`appui.wsgi:application`, one worker, two
   threads, DEBUG off, on a free local port, with this environment's database) and
   completes the guide as a victim would (a burnt car in Épinal) as the very first requests
   of the fresh process: the server time (`Server-Timing`) of each page's first request.
   Repeated `--restarts` times; the worst first request of each page is kept.
2. On a server that has served each page once (the last one started, or `--url`): each
   page's server time over `--requests` requests on one keep-alive connection, median, 95th
   percentile and maximum; the plan's median on its own.
3. Weighs every page: the HTML and the CSS and JavaScript files it loads, in bytes as sent.
4. With `--load-seconds N` and wrk installed (Debian package `wrk`): plans per second with
   32 connections.

Targets: every guide page ≤ 50 ms server time at p95 and at its first request; the plan
≤ 10 ms median; every page ≤ 60 KB (HTML + CSS + JS). The exit status is 1 when one is
missed. The screens are answered by field name, so that reworded questions still work: the
answers below when the screen asks for them, else the first option of each required radio
group.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

from common import timed_requests

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = {
    "danger": "no",
    "minor": "no",
    "situation": "car_burnt",
    "situations": "car_burnt",
    "date": "2025-02-01",
    "author": "unknown",
    "other_compensation": "no",
    "serious_situation": "yes",
    "registered": "yes",
    "inspection_ok": "yes",
    "insured": "yes",
    "complaint": "yes",
    "complaint_date": "2025-02-02",
    "annual_income": "15000",
    "household_extra_persons": "1",
}
PLACE, COMMUNE = "Épinal", "88160"
OTHER_PAGES = ["/guide/", "/guide/safety/", "/guide/urgent/", "/guide/callback/"]
SEARCH_PAGE = "town search (POST /guide/where/)"
SERVER_GOAL_MS, PLAN_GOAL_MS, WEIGHT_GOAL_KB = 50.0, 10.0, 60.0
TIMING = re.compile(r"dur=([\d.]+)")


# HTTP with the session's cookies, every response kept (redirects are not followed) --------


class Client:
    def __init__(self, base: str):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def request(self, method: str, path: str, data: list[tuple[str, str]] | None = None):
        headers = {"Accept-Language": "fr", "Accept-Encoding": "identity"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                payload = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        return response, payload

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def server_ms(response) -> float:
    match = TIMING.search(response.getheader("Server-Timing", ""))
    if not match:
        raise SystemExit("no Server-Timing header: is this Appui?")
    return float(match.group(1))


# The question form of a screen, read from its HTML -----------------------------------------


class FormReader(HTMLParser):
    """The screen's question form: a POST form that is neither "forget" nor the languages."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.current: dict | None = None
        self.select: dict | None = None
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "link" and "stylesheet" in a.get("rel", "") and a.get("href"):
            self.assets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])
        elif tag == "form":
            self.current = {"method": a.get("method", "get").lower(), "action": a.get("action")}
            self.current["fields"] = []
            self.forms.append(self.current)
        elif self.current is not None and tag == "input" and a.get("name"):
            self.current["fields"].append(a)
        elif self.current is not None and tag == "select" and a.get("name"):
            self.select = {**a, "type": "select", "options": []}
            self.current["fields"].append(self.select)
        elif self.select is not None and tag == "option":
            self.select["options"].append(a)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None

    def question_form(self) -> dict | None:
        for form in self.forms:
            action = form["action"] or ""
            if form["method"] == "post" and not action.endswith(("/forget/", "/setlang/")):
                return form
        return None


def read(html: bytes) -> FormReader:
    reader = FormReader()
    reader.feed(html.decode("utf-8", "replace"))
    return reader


def fill(form: dict, answers: dict[str, str], eager: bool = False) -> list[tuple[str, str]]:
    """The answers given, else what the page shows, else the first option of each required
    radio group (of every empty group when `eager`)."""
    data: list[tuple[str, str]] = []
    groups: dict[str, list[dict]] = {}
    for field in form["fields"]:
        kind = field.get("type", "text")
        if kind in ("submit", "button", "image", "reset"):
            continue
        if kind in ("radio", "checkbox"):
            groups.setdefault(field["name"], []).append(field)
        elif kind == "select":
            chosen = answers.get(field["name"])
            selected = [o for o in field["options"] if "selected" in o] or field["options"][:1]
            if chosen is None and selected:
                chosen = selected[0].get("value", "")
            data.append((field["name"], chosen or ""))
        else:
            data.append((field["name"], answers.get(field["name"], field.get("value", ""))))
    for name, options in groups.items():
        wanted = answers.get(name)
        values = [o.get("value", "on") for o in options]
        if wanted is not None and wanted in values:
            data.append((name, wanted))
        elif any("checked" in o for o in options):
            data.extend((name, o.get("value", "on")) for o in options if "checked" in o)
        elif eager or (options[0].get("type") == "radio" and any("required" in o for o in options)):
            data.append((name, values[0]))
    return data


# Completing the guide -----------------------------------------------------------------------


def complete_guide(client: Client, timings: dict[str, float]) -> list[str]:
    """Answer every screen until the plan; `timings` gets each page's first server time.
    Returns the pages seen, in order."""
    pages: list[str] = []

    def get(path: str):
        response, body = client.request("GET", path)
        if path not in timings:
            timings[path] = server_ms(response)
        if response.status not in (200, 302):
            raise SystemExit(f"HTTP {response.status} for GET {path}")
        return response, body

    path = "/guide/"
    get(path)
    pages.append(path)
    path = "/guide/danger/"
    for _ in range(25):
        response, body = get(path)
        if response.status == 302:
            path = response.getheader("Location")
            continue
        pages.append(path)
        if path.startswith("/guide/plan/"):
            return pages
        reader = read(body)
        form = reader.question_form()
        if form is None:
            raise SystemExit(f"{path}: no question form")
        names = {f["name"] for f in form["fields"]}
        if "place" in names and "commune" not in names:
            search = [(k, v) for k, v in fill(form, {}) if k != "place"]
            search += [("place", PLACE), ("action", "search")]
            response, body = client.request("POST", path, search)
            timings.setdefault(SEARCH_PAGE, server_ms(response))
            form = read(body).question_form()
        for eager in (False, True):
            data = fill(form, {**ANSWERS, "commune": COMMUNE}, eager)
            response, body = client.request("POST", path, data)
            timings.setdefault(f"answer {path} (POST)", server_ms(response))
            if response.status == 302:
                path = response.getheader("Location")
                break
            form = read(body).question_form()
            if form is None:
                raise SystemExit(
                    f"{path}: HTTP {response.status} and no form (run `appui migrate` first?)"
                )
        else:
            raise SystemExit(f"{path} refused the answers (HTTP {response.status})")
    raise SystemExit("the plan was not reached")


# The server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn():
    """A fresh gunicorn on a free port, as `make run` starts it but with one worker, so that
    its first requests are the process's first."""
    port = free_port()
    binary = Path(sys.executable).with_name("gunicorn")
    command = [
        str(binary),
        "appui.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--threads",
        "2",
    ]
    help_text = subprocess.run([str(binary), "--help"], capture_output=True, text=True).stdout
    if "--no-control-socket" in help_text:
        command.append("--no-control-socket")  # never take over another server's socket
    env = {**os.environ, "DEBUG": "0"}
    log = open(os.devnull, "w")  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    started = time.perf_counter()
    try:
        while True:  # the port is bound by the master; requests queue until the worker is up
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if process.poll() is not None:
                raise SystemExit("gunicorn stopped at start: run `appui migrate` first?")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", started
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


# Figures ----------------------------------------------------------------------------------


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(len(ordered) * fraction)) - 1)]


def warm_times(base: str, cookie: str, path: str, count: int) -> list[float]:
    """Server times (ms) of `count` requests of one page, after 5 not counted."""
    server: list[float] = []
    if path == SEARCH_PAGE:
        body = urllib.parse.urlencode({"place": "Lyon", "action": "search"}).encode()
        request = ("POST", "/guide/where/", body, {"Cookie": cookie, **FORM_HEADERS})
    else:
        request = ("GET", path, None, {"Cookie": cookie})
    timed_requests(
        base,
        (request for _ in range(count + 5)),
        warmup=5,
        on_response=lambda response: server.append(server_ms(response)),
    )
    return server


FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


def weigh(client: Client, path: str) -> tuple[int, int]:
    """Bytes of the page's HTML and of the CSS and JavaScript it loads; files counted."""
    response, body = client.request("GET", path)
    total, files = len(body), 1
    for asset in sorted(set(read(body).assets)):
        asset_response, asset_body = client.request("GET", urllib.parse.urljoin(path, asset))
        if asset_response.status == 200:
            total += len(asset_body)
            files += 1
    return total, files


def wrk(base: str, cookie: str, seconds: int, connections: int = 32) -> str:
    if not shutil.which("wrk"):
        return "wrk not installed (apt-get install wrk): load test skipped"
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
        + ["-H", f"Cookie: {cookie}", f"{base}/guide/plan/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
    p50 = re.search(r"^\s*50%\s+(\S+)", out, re.MULTILINE).group(1)
    p99 = re.search(r"^\s*99%\s+(\S+)", out, re.MULTILINE).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return (
        f"plan page, {connections} connections for {seconds} s: {rate} plans/s, median {p50}, "
        f"p99 {p99}, non-2xx: {errors.group(1) if errors else 0} (goal >= 200 plans/s)"
    )


def report(args, firsts: dict[str, list[float]], base: str, client: Client, pages: list[str]):
    cookie = client.cookie_header()
    misses = []
    rows = []
    for path in dict.fromkeys(pages + [SEARCH_PAGE]):
        warm = warm_times(base, cookie, path, args.requests)
        cold = firsts.get(path, [])
        first = max(cold) if cold else None
        p50, p95 = statistics.median(warm), percentile(warm + cold, 0.95)
        weight = ""
        if path != SEARCH_PAGE:
            size, files = weigh(client, path)
            weight = f"{size / 1024:6.1f} KB in {files}"
            if size / 1024 > WEIGHT_GOAL_KB:
                misses.append(f"{path}: {size / 1024:.1f} KB > {WEIGHT_GOAL_KB:.0f} KB")
        rows.append((path, first, p50, p95, max(warm), weight))
        if p95 > SERVER_GOAL_MS or (first or 0) > SERVER_GOAL_MS:
            misses.append(f"{path}: first {first or 0:.1f} ms, p95 {p95:.1f} ms > 50 ms")
        if path.startswith("/guide/plan/") and p50 > PLAN_GOAL_MS:
            misses.append(f"plan: median {p50:.1f} ms > {PLAN_GOAL_MS:.0f} ms")
    width = max(len(r[0]) for r in rows)
    print(f"{'page':<{width}}  first ms  median  p95*   max    weight (HTML+CSS+JS, files)")
    for path, first, p50, p95, worst, weight in rows:
        cold = f"{first:8.1f}" if first is not None else "       -"
        print(f"{path:<{width}}  {cold}  {p50:6.1f}  {p95:5.1f}  {worst:5.1f}  {weight}")
    print("* p95 over the warm requests and the first ones together")
    answers = {k: v for k, v in firsts.items() if k.startswith("answer ")}
    if answers:
        worst = max(answers, key=lambda k: max(answers[k]))
        print(f"answers sent (POST): worst first {max(answers[worst]):.1f} ms, {worst}")
    if args.load_seconds:
        print(wrk(base, cookie, args.load_seconds))
    print("targets: every page <= 50 ms at p95 and first, plan <= 10 ms median, <= 60 KB:")
    print("\n".join(f"  MISSED {m}" for m in misses) if misses else "  all met")
    return misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--url", help="a running server (no first-request figures)")
    where.add_argument("--start", action="store_true", help="start gunicorn here (default)")
    parser.add_argument("--restarts", type=int, default=3, help="fresh starts (default 3)")
    parser.add_argument("--requests", type=int, default=200, help="per page (default 200)")
    parser.add_argument("--load-seconds", type=int, default=0, help="wrk on the plan")
    args = parser.parse_args()
    firsts: dict[str, list[float]] = {}
    if args.url:
        base = args.url.rstrip("/")
        client = Client(base)
        timings: dict[str, float] = {}
        pages = complete_guide(client, timings)
        print(f"# guide benchmark against {base} (already running: no first-request figures)")
        misses = report(args, {}, base, client, pages + OTHER_PAGES)
    else:
        print(f"# guide benchmark: gunicorn started {args.restarts} times, 1 worker, 2 threads")
        for run in range(args.restarts):
            with gunicorn() as (base, started):
                client = Client(base)
                timings = {}
                pages = complete_guide(client, timings)
                for path in OTHER_PAGES:
                    if path not in timings:
                        timings[path] = server_ms(client.request("GET", path)[0])
                ready = time.perf_counter() - started
                for path, ms in timings.items():
                    firsts.setdefault(path, []).append(ms)
                print(
                    f"start {run + 1}: first request {timings['/guide/']:.1f} ms server time; "
                    f"whole guide answered {ready:.1f} s after the start"
                )
                if run == args.restarts - 1:
                    misses = report(args, firsts, base, client, pages + OTHER_PAGES)
    sys.exit(1 if misses else 0)


if __name__ == "__main__":
    main()
