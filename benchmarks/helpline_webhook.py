"""The helpline's telephony webhook under load, and the screen pop it drives.

Run from the repository root against a throwaway PostgreSQL database (see README.md):

    DATABASE_URL=postgres://…/appui_bench_helpline .venv/bin/python benchmarks/helpline_webhook.py

It makes, once, a benchmark switchboard (`bench-webhook`, a new secret each run) and
`--listeners` + `--consoles` listener accounts of the federation (`bench-ecoute-NNN@…`,
extensions `bNNN`); each run's calls have ids of their own (`<run>-<n>`), so runs add up
without mixing.

1. **Load** (HTTP, open loop): signed events posted to `/api/telephony/bench-webhook/events`
   at `--rate` a second (default 200) for `--seconds` (default 60). Each call is three
   events, each posted when its instant comes and the call's previous event was answered:
   `ringing` (a caller's number), then 0.2 s later `answered` by one of the `--listeners`
   (in turn), or for `--missed` of the calls (default 10 %) `queued`, then at 0.6 s
   `ended`. A share `--dup` of the events (default 5 %) is posted twice at the same
   instant from two connections, as a switchboard retrying at once would. Latency runs
   from each event's instant to its answer, so a slow server cannot hide its backlog. Then
   the database is counted: every event recorded once and applied, none refused; every
   call in its final state (answered ones in wrap-up with their listener, missed ones
   with their callback request); the audit lines of each call exactly those of its events
   (an event applied twice would add some); the missed-call counters grown by the number
   of missed calls.
2. **Screen pop** (HTTP, during the load unless `--only pop`): `--consoles` listeners
   (default 50) each poll their console's state (`helpline:console_state`) every `--poll`
   seconds (default 0.4: what console.js asks while she waits for a call), logged in (a
   session made for them here, as after a login with the authenticator). Every
   `--pop-every` seconds (default 0.5) a call rings, is answered by a free one of them,
   and stays in progress until her poll names it (at most 5 s): the screen pop is the time
   from posting `answered` to the poll answer naming the call, then to her record's page
   loaded. Without that endpoint (an older checkout), the same is measured by reading her
   calls through `helpline.policies.calls`, and the output says so.

Starts its own gunicorn as `make run` does (3 workers, 2 threads, DEBUG off) unless `--url`
is given. Prints p50, p95, p99 and max of each latency, the achieved rate, the answers by
status, the server's own time (`Server-Timing`), with the server's pid the CPU time of its
workers and their PostgreSQL backends, and the machine's load while it ran.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import sys
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from booking import Machine, figures, gunicorn, setup_django  # noqa: E402

SLUG = "bench-webhook"
TIMING = re.compile(r"app;dur=([\d.]+)")
EMAIL = "bench-ecoute-{:03d}@bench.example"
POP_TIMEOUT = 5.0


# --- setup -------------------------------------------------------------------------------


def prepare(count: int) -> tuple[str, list[dict]]:
    """The benchmark switchboard (a new secret) and `count` listeners of the federation,
    each with an extension and a logged-in session (cookie)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from appui.core import services as core
    from appui.core.models import Organisation, OrganisationKind, Role
    from appui.core.staff_views import IDLE_KEY
    from appui.helpline.models import Listener, ListenerStatus, Switchboard
    from appui.helpline.telephony import signing

    federation = Organisation.objects.filter(kind=OrganisationKind.FEDERATION).first()
    if federation is None:
        federation = Organisation.objects.create(
            kind=OrganisationKind.FEDERATION,
            code="federation",
            name="Fédération (benchmark)",
            file_prefix="FED",
        )
    secret = signing.new_secret()
    switchboard, _ = Switchboard.objects.get_or_create(
        slug=SLUG, defaults={"name": "Benchmark switchboard", "secret": secret}
    )
    switchboard.secret, switchboard.active = secret, True
    switchboard.save()

    User = get_user_model()
    engine = import_module(settings.SESSION_ENGINE)
    listeners = []
    for n in range(count):
        email = EMAIL.format(n)
        user = User.objects.filter(username=email).first()
        if user is None:
            core.create_staff(
                email,
                organisation=federation.code,
                role=Role.HELPLINE_LISTENER,
                name=f"Écoutante {n} (benchmark)",
            )
            user = User.objects.get(username=email)
        Listener.objects.update_or_create(
            user=user,
            defaults={
                "extension": f"b{n:03d}",
                "status": ListenerStatus.AVAILABLE,
                "status_since": timezone.now(),
            },
        )
        session = engine.SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session[IDLE_KEY] = time.time()
        session.save()
        cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
        listeners.append({"user_id": user.pk, "extension": f"b{n:03d}", "cookie": cookie})
    return secret, listeners


def sign(secret: str, body: bytes) -> dict[str, str]:
    from appui.helpline.telephony import signing

    return signing.sign(secret, body)


class Poster:
    """One keep-alive connection per thread; `post` answers (status, JSON status, server ms)."""

    def __init__(self, base: str, secret: str):
        self.parts = urllib.parse.urlsplit(base)
        self.secret = secret
        self.local = threading.local()

    def _connection(self) -> http.client.HTTPConnection:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = http.client.HTTPConnection(self.parts.hostname, self.parts.port, timeout=30)
            self.local.conn = conn
        return conn

    def request(self, method: str, path: str, body: bytes | None, headers: dict):
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                self.local.conn = None
                if attempt == 2:
                    raise
                continue
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                self.local.conn = None
            timing = TIMING.search(response.getheader("Server-Timing", ""))
            return response.status, payload, float(timing.group(1)) if timing else None
        raise AssertionError("unreachable")

    def post(self, event: dict) -> tuple[int, str, float | None]:
        body = json.dumps(event).encode()
        headers = {"Content-Type": "application/json", **sign(self.secret, body)}
        status, payload, server = self.request(
            "POST", f"/api/telephony/{SLUG}/events", body, headers
        )
        try:
            answer = json.loads(payload).get("status", "?")
        except ValueError:
            answer = "not JSON"
        return status, answer, server


def event(run: str, n: int, kind: str, **fields) -> dict:
    from django.utils import timezone

    call_id = f"{run}-{n}"
    return {
        "event_id": f"{call_id}-{kind}",
        "type": kind,
        "call_id": call_id,
        "at": timezone.now().isoformat(),
        **fields,
    }


def caller_number(n: int) -> str:
    """A number in the range ARCEP sets aside for fiction (06 39 98 xx xx)."""
    return f"+33 6 39 98 {n // 100 % 100:02d} {n % 100:02d}"


# --- 1. the load -------------------------------------------------------------------------


def load_benchmark(
    poster: Poster, run: str, listeners: list[dict], rate: float, seconds: float, args
) -> dict:
    calls = int(rate * seconds / 3)
    rng = random.Random(args.seed)
    missed = {n for n in range(calls) if rng.random() < args.missed}
    doubled = {(n, k) for n in range(calls) for k in range(3) if rng.random() < args.dup}
    results: list[dict] = []
    lock = threading.Lock()
    spacing = 3 / rate
    offsets = (0.0, 0.2, 0.6)

    def post_one(item: dict, at: float, duplicate: bool) -> None:
        record = {"type": item["type"], "duplicate": duplicate}
        try:
            status, answer, server = poster.post(item)
            record.update(status=status, answer=answer, server_ms=server)
        except Exception as error:  # counted and shown
            record.update(status=repr(error), answer="")
        record["ms"] = (time.perf_counter() - at) * 1e3
        with lock:
            results.append(record)

    def one_call(n: int, t0: float) -> None:
        listener = listeners[n % len(listeners)]
        second = (
            event(run, n, "queued", queue_position=1)
            if n in missed
            else event(run, n, "answered", listener=listener["extension"])
        )
        ended = event(run, n, "ended", cause="abandoned" if n in missed else "completed")
        steps = [event(run, n, "ringing", caller=caller_number(n)), second, ended]
        for k, item in enumerate(steps):
            at = t0 + n * spacing + offsets[k]
            pause = at - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            if (n, k) in doubled:
                twin = threading.Thread(target=post_one, args=(item, at, True))
                twin.start()
                post_one(item, at, False)
                twin.join()
            else:
                post_one(item, at, False)

    print(
        f"## 1. load: {rate:g} events a second for {seconds:g} s ({calls:,} calls of 3 events, "
        f"{len(missed):,} missed, {len(doubled):,} events posted twice at once), open loop"
    )
    pool = ThreadPoolExecutor(max_workers=max(64, int(rate)))
    t0 = time.perf_counter() + 1.0
    with Machine() as machine:
        for n in range(calls):
            # Submitted a little ahead of its instant: the thread sleeps until then.
            pause = t0 + n * spacing - 0.5 - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            pool.submit(one_call, n, t0)
        pool.shutdown(wait=True)
    elapsed = time.perf_counter() - t0
    statuses = Counter((r["status"], r["answer"], r["duplicate"]) for r in results)
    print("answers (status, answer, posted twice):")
    for key, count in sorted(statuses.items(), key=lambda kv: -kv[1]):
        print(f"  {key}: {count:,}")
    firsts = [r for r in results if not r["duplicate"]]
    everything = figures([r["ms"] for r in results if "ms" in r])
    print(
        f"latency, from each event's instant to its answer (all {len(results):,} posts): "
        f"{everything}"
    )
    for kind in ("ringing", "answered", "queued", "ended"):
        print(f"  {kind}: {figures([r['ms'] for r in firsts if r['type'] == kind])}")
    server = [r["server_ms"] for r in results if r.get("server_ms") is not None]
    print(f"  server's own time (Server-Timing): {figures(server)}")
    print(
        f"achieved: {len(results) / elapsed:.1f} posts a second "
        f"({len(firsts) / elapsed:.1f} distinct events) over {elapsed:.1f} s"
    )
    print(f"  {machine}")
    return {
        "calls": calls,
        "missed": missed,
        "listeners": listeners,
        "elapsed": elapsed,
        "results": results,
    }


def verdict(result: dict, target_ms: float) -> str:
    if not result.get("n"):
        return ""
    return f"{'OK' if result['p95_ms'] <= target_ms else 'MISSED'} (target p95 ≤ {target_ms:g} ms)"


def count_database(run: str, load: dict, missed_before: int) -> bool:
    """Every event recorded once and applied; every call in its final state; each call's
    audit lines those of its events; the missed counters grown by the missed calls."""
    from django.db.models import Count, Sum

    from appui.core.models import AuditEvent
    from appui.helpline.models import Call, CallState, EventStatus, HelplineCount, TelephonyEvent

    calls, missed = load["calls"], load["missed"]
    answered = calls - len(missed)
    rows = TelephonyEvent.objects.filter(
        switchboard__slug=SLUG, call_external_id__startswith=f"{run}-"
    )
    by_status = dict(rows.values_list("status").annotate(n=Count("id")))
    found = Call.objects.filter(switchboard__slug=SLUG, external_id__startswith=f"{run}-")
    states = dict(found.values_list("state").annotate(n=Count("id")))
    extension_of = {listener["user_id"]: listener["extension"] for listener in load["listeners"]}
    wrong_listener = 0
    for external_id, listener_id in found.filter(state=CallState.WRAP_UP).values_list(
        "external_id", "listener_id"
    ):
        n = int(external_id.rsplit("-", 1)[1])
        expected = load["listeners"][n % len(load["listeners"])]["extension"]
        wrong_listener += extension_of.get(listener_id) != expected
    called_back = found.filter(state=CallState.MISSED, callback__isnull=False).count()
    lines = AuditEvent.objects.filter(
        system="telephony", target="call", target_id__in=found.values("pk")
    ).count()
    # An answered call: made, answered, ended; a missed one: made, queued, its callback
    # request linked, missed.
    expected_lines = 3 * answered + 4 * len(missed)
    missed_now = HelplineCount.objects.aggregate(n=Sum("missed"))["n"] or 0
    checks = [
        ("events recorded", sum(by_status.values()), 3 * calls),
        ("events applied", by_status.get(EventStatus.APPLIED, 0), 3 * calls),
        ("events refused", by_status.get(EventStatus.REFUSED, 0), 0),
        ("calls", found.count(), calls),
        ("answered calls in wrap-up", states.get(CallState.WRAP_UP, 0), answered),
        ("… with another listener than the one who answered", wrong_listener, 0),
        ("missed calls", states.get(CallState.MISSED, 0), len(missed)),
        ("… with their callback request", called_back, len(missed)),
        ("audit lines of these calls", lines, expected_lines),
        ("missed-call counters grown by", missed_now - missed_before, len(missed)),
    ]
    print("## counted in the database after the load")
    ok = True
    for label, value, expected in checks:
        good = value == expected
        ok &= good
        print(f"  {label}: {value:,} (expected {expected:,}) {'OK' if good else 'WRONG'}")
    print(f"  none lost, none applied twice: {'YES' if ok else 'NO'}")
    return ok


# --- 2. the screen pop -------------------------------------------------------------------


class Console(threading.Thread):
    """A listener's console: asks its state every `poll` seconds; notes when a call is
    first named, then loads its record's page."""

    def __init__(self, base: str, listener: dict, poll: float, state_path: str | None):
        super().__init__(daemon=True)
        self.base, self.listener, self.poll = base, listener, poll
        self.state_path = state_path
        self.stop = threading.Event()
        self.seen: dict[int, tuple[float, float | None]] = {}  # call → (named, page loaded)
        self.polls: list[float] = []
        self.statuses: Counter = Counter()
        self.stamp = ""
        self.changed = threading.Condition()

    def _headers(self) -> dict:
        return {"Cookie": self.listener["cookie"], "Accept-Language": "fr"}

    def _ask_endpoint(self, conn) -> int | None:
        path = f"{self.state_path}?since={urllib.parse.quote(self.stamp)}"
        start = time.perf_counter()
        conn.request("GET", path, headers=self._headers())
        response = conn.getresponse()
        payload = response.read()
        self.polls.append((time.perf_counter() - start) * 1e3)
        self.statuses[response.status] += 1
        if response.status != 200:
            return None
        data = json.loads(payload)
        self.stamp = data.get("stamp") or ""
        call = data.get("call")
        if call and call not in self.seen:
            named = time.perf_counter()
            conn.request("GET", data["url"], headers=self._headers())
            page = conn.getresponse()
            page.read()
            loaded = time.perf_counter() if page.status == 200 else None
            self.statuses[f"record {page.status}"] += 1
            self._note(call, named, loaded)
        return call

    def _ask_database(self) -> int | None:
        from appui.core.access import actor_of
        from appui.helpline import policies
        from appui.helpline.models import CallState

        class Request:
            META = {"REMOTE_ADDR": "127.0.0.1"}

        if not hasattr(self, "actor"):
            from django.contrib.auth import get_user_model

            request = Request()
            request.user = get_user_model().objects.get(pk=self.listener["user_id"])
            self.actor = actor_of(request)
        start = time.perf_counter()
        call = (
            policies.calls(self.actor)
            .filter(state=CallState.ACTIVE)
            .order_by("-answered_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        self.polls.append((time.perf_counter() - start) * 1e3)
        self.statuses["database"] += 1
        if call and call not in self.seen:
            self._note(call, time.perf_counter(), None)
        return call

    def _note(self, call: int, named: float, loaded: float | None) -> None:
        with self.changed:
            self.seen[call] = (named, loaded)
            self.changed.notify_all()

    def run(self) -> None:
        parts = urllib.parse.urlsplit(self.base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        next_at = time.perf_counter() + random.random() * self.poll
        try:
            while not self.stop.is_set():
                pause = next_at - time.perf_counter()
                if pause > 0 and self.stop.wait(pause):
                    break
                next_at += self.poll
                try:
                    if self.state_path:
                        self._ask_endpoint(conn)
                    else:
                        self._ask_database()
                except (OSError, http.client.HTTPException, ValueError) as error:
                    self.statuses[type(error).__name__] += 1
                    conn.close()
                    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        finally:
            conn.close()
            if not self.state_path:
                from django.db import connection

                connection.close()

    def wait_new(self, known: set[int], timeout: float) -> int | None:
        """The first call it names that is not in `known`, waiting at most `timeout`."""
        deadline = time.perf_counter() + timeout
        with self.changed:
            while True:
                new = [call for call in self.seen if call not in known]
                if new:
                    return new[0]
                left = deadline - time.perf_counter()
                if left <= 0 or not self.changed.wait(left):
                    return None


def pop_benchmark(
    poster: Poster, base: str, run: str, consoles: list[dict], args, stop_when
) -> None:
    from django.urls import NoReverseMatch, reverse

    try:
        state_path = reverse("helpline:console_state")
    except NoReverseMatch:
        state_path = None
    how = (
        f"polls of {state_path} every {args.poll:g} s, then the record's page"
        if state_path
        else "NO console state endpoint in this checkout: the calls read through "
        "helpline.policies.calls in this process instead"
    )
    print(f"## 2. screen pop: {len(consoles)} consoles, a call every {args.pop_every:g} s; {how}")
    threads = [Console(base, listener, args.poll, state_path) for listener in consoles]
    for thread in threads:
        thread.start()
    time.sleep(args.poll + 0.5)  # every console has asked once
    free = list(range(len(threads)))
    random.Random(args.seed).shuffle(free)
    free_lock = threading.Lock()
    named_ms: list[float] = []
    loaded_ms: list[float] = []
    answers: Counter = Counter()
    lost = [0]
    lock = threading.Lock()

    def one_call(n: int) -> None:
        with free_lock:
            index = free.pop(0) if free else None
        if index is None:
            with lock:
                answers["no free console"] += 1
            return
        console = threads[index]
        try:
            known = set(console.seen)
            status, _, _ = poster.post(event(run, n, "ringing", caller=caller_number(n)))
            answers[("ringing", status)] += 1
            time.sleep(0.3)
            sent = time.perf_counter()
            status, _, _ = poster.post(
                event(run, n, "answered", listener=consoles[index]["extension"])
            )
            answers[("answered", status)] += 1
            call = console.wait_new(known, POP_TIMEOUT)
            if call is None:
                with lock:
                    lost[0] += 1
            else:
                named, loaded = console.seen[call]
                with lock:
                    named_ms.append((named - sent) * 1e3)
                    if loaded is not None:
                        loaded_ms.append((loaded - sent) * 1e3)
            time.sleep(0.5)
            status, _, _ = poster.post(event(run, n, "ended", cause="completed"))
            answers[("ended", status)] += 1
        finally:
            time.sleep(args.poll)  # her console has seen the call end
            with free_lock:
                free.append(index)

    pool = ThreadPoolExecutor(max_workers=len(threads) + 4)
    n = 0
    start = time.perf_counter()
    while not stop_when(time.perf_counter() - start):
        pool.submit(one_call, n)
        n += 1
        time.sleep(args.pop_every)
    pool.shutdown(wait=True)
    for thread in threads:
        thread.stop.set()
    for thread in threads:
        thread.join()
    polls = [ms for thread in threads for ms in thread.polls]
    statuses = sum((thread.statuses for thread in threads), Counter())
    print(f"  webhook answers: {dict(answers)}")
    print(f"  consoles' polls: {dict(statuses)}; each poll {figures(polls)}")
    named = figures(named_ms)
    print(f"  `answered` posted → her poll names the call: {named} {verdict(named, 500)}")
    if state_path:
        loaded = figures(loaded_ms)
        print(f"  `answered` posted → her record's page loaded: {loaded} {verdict(loaded, 500)}")
    print(f"  calls her console did not name within {POP_TIMEOUT:g} s: {lost[0]}")


# --- main --------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (else one is started)")
    parser.add_argument("--server-pid", type=int, help="with --url: its master, for CPU time")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rate", type=float, default=200, help="events a second")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--listeners", type=int, default=50, help="listeners of the load")
    parser.add_argument("--missed", type=float, default=0.10, help="share of missed calls")
    parser.add_argument("--dup", type=float, default=0.05, help="share of events posted twice")
    parser.add_argument("--consoles", type=int, default=50, help="polling consoles (part 2)")
    parser.add_argument("--poll", type=float, default=0.4, help="seconds between two polls")
    parser.add_argument("--pop-every", type=float, default=0.5, help="seconds between calls")
    parser.add_argument("--only", default="load,pop", help="parts: load,pop")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    only = set(args.only.split(","))
    setup_django()
    from django.db import connection
    from django.db.models import Sum

    from appui.helpline.models import HelplineCount

    print(f"# helpline webhook benchmark, {os.cpu_count()} cores")
    secret, accounts = prepare(args.listeners + args.consoles)
    listeners, consoles = accounts[: args.listeners], accounts[args.listeners :]
    missed_before = HelplineCount.objects.aggregate(n=Sum("missed"))["n"] or 0
    run = f"r{int(time.time())}"
    connection.close()

    def parts(base: str, server_pid: int | None) -> None:
        from cases import CpuClock

        poster = Poster(base, secret)
        for _ in range(20):  # warm-up: every worker has imported the API
            poster.request("GET", "/api/openapi.json", None, {})
        clock = CpuClock(server_pid) if server_pid else None
        if clock is not None and not clock.available:
            clock = None
        connection.close()
        cpu = clock.read() if clock else None
        started = time.perf_counter()
        load = None
        pop = None
        if "pop" in only:
            if "load" in only:
                done = threading.Event()
                pop = threading.Thread(
                    target=pop_benchmark,
                    args=(poster, base, f"{run}p", consoles, args, lambda _t: done.is_set()),
                )
                pop.start()
            else:
                pop_benchmark(poster, base, f"{run}p", consoles, args, lambda t: t >= args.seconds)
        if "load" in only:
            load = load_benchmark(poster, run, listeners, args.rate, args.seconds, args)
            if pop is not None:
                done.set()
                pop.join()
        elapsed = time.perf_counter() - started
        if clock is not None:
            seconds = (clock.read() - cpu) / 1e9
            print(
                f"server's CPU (web workers and their PostgreSQL backends): {seconds:.1f} s, "
                f"{seconds / elapsed:.2f} cores on average over {elapsed:.0f} s"
            )
        if load is not None:
            time.sleep(1)
            ok = count_database(run, load, missed_before)
            if not ok:
                raise SystemExit(1)

    if args.url:
        parts(args.url.rstrip("/"), args.server_pid)
    else:
        with gunicorn(args.workers, args.threads) as (base, pid):
            parts(base, pid)


if __name__ == "__main__":
    main()
