"""The 116 006 console under load: 50 listeners, a call every 2 seconds, the association's
queue following the transfers, against the running server on PostgreSQL.

Run from the repository root against a throwaway PostgreSQL database (see README.md):

    DATABASE_URL=postgres://…/appui_bench_helpline .venv/bin/python benchmarks/helpline_console.py

It loads the demo network once when the database has none (`appui load_demo`: the
communes, the directory, the federation and the Meuse association), then makes, on this
benchmark database only, `--listeners` listener accounts (default 50) with a known password
and authenticator key, each with her extension on a benchmark switchboard whose secret it
knows; a receptionist of the Meuse association; and a helpline supervisor. The rows of an
earlier run (its calls and the intakes its listeners transferred) are deleted first, so
that each run starts with the same queue.

Then, for `--seconds` (default 120), every client on its own thread and keep-alive
connection, logged in as a browser is (password and a TOTP code):

- **the switchboard** posts signed webhooks (`/api/telephony/<slug>/events`): a call
  `ringing` every `--every` seconds (default 2) on a fixed clock (open loop: a slow server
  does not slow the calls down), `answered` a second later by a free listener, `ended`
  after 15 to 40 seconds of talk (3 seconds for a silent call);
- **each listener's console** asks its state (`helpline:console_state`) with its stamp, as
  `console.js` does: every 0.4 s while she waits on the console, every second on a record;
  on the screen pop it opens the record (`helpline:call`), saves what the caller says three
  seconds later ("Update the plan": a victim, hit, in Verdun, no danger now, which draws her
  plan), and two seconds after the line is closed closes the record with its outcome (half
  the calls transferred with consent to the Meuse association, a third informed, the rest
  oriented) and lands on the console again (`helpline:console`); one call in six is a silent
  call, logged in two clicks (`helpline:call_non_data`) once the line is dead. At the start
  each listener says she is available (`helpline:presence`);
- **the association** (the Meuse association's receptionist) asks its queue's stamp
  (`cases:intake_queue_stamp`) every half second, as its queue page does;
- **the supervisor's wallboard** asks its state (`helpline:wallboard_state`) every two
  seconds.

It prints, for each console action and for the polls, p50, p95, p99 and max of the round
trip and the p95 of the server's own time (`Server-Timing`); **console actions p95** (target
≤ 100 ms); **webhook → screen pop** (from the `answered` webhook's answer to the console's
poll that shows the call: the poll's period is in it); **transfer → association's queue**
(from the answer to the POST that closed the record with its transfer, whose transaction
committed before it, to the answer of the association's first poll showing it; and, as an
upper bound, from the moment that POST was sent). Target: ≤ 1 s. Any answer other than the
expected one is counted as an error and printed; the run fails if there is one.

Starts its own gunicorn as `make run` does (3 workers × 2 threads, DEBUG off) unless `--url`
is given (then the server must use the same database).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import hmac
import http.client
import json
import os
import random
import re
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from booking import Machine, figures, gunicorn, setup_django, verdict  # noqa: E402

PASSWORD = "bench-helpline-password-2026"  # noqa: S105  (benchmark accounts, benchmark database)
SECRET = "bench-helpline-switchboard-secret"  # noqa: S105  (benchmark switchboard)
SWITCHBOARD = "bench-helpline"
LISTENER_EMAIL = "bench-listener-{:02d}@federation.example"
ASSOCIATION_EMAIL = "bench-accueil@fv55.example"
SUPERVISOR_EMAIL = "bench-superviseur@federation.example"
EXTENSION = "7{:03d}"
VERDUN = "55545"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMING = re.compile(r"app;dur=([\d.]+)")
STAMP = re.compile(r"^(\d+)-(\d+)$")
ACTION_TARGET_MS = 100.0
TRANSFER_TARGET_S = 1.0


# --- the database: accounts, switchboard, earlier runs -------------------------------------


def prepare(listeners: int) -> dict:
    """The demo network when missing, the benchmark's accounts (a known TOTP key each) and
    switchboard; an earlier run's calls and transfers deleted."""
    from django.core.management import call_command
    from django.utils import timezone

    from appui.cases.models import Intake
    from appui.core.models import Organisation, Role
    from appui.core.services import create_staff
    from appui.helpline.models import Adapter, Call, Listener, ListenerStatus, Switchboard

    if not Organisation.objects.filter(code="fv55").exists():
        print("Loading the demo network (appui load_demo)…", flush=True)
        call_command("load_demo", verbosity=0)
    meuse = Organisation.objects.get(code="fv55")
    board, _ = Switchboard.objects.update_or_create(
        slug=SWITCHBOARD,
        defaults={"name": "Benchmark switchboard", "adapter": Adapter.GENERIC, "secret": SECRET},
    )
    accounts = {}

    def account(email, organisation, role, name):
        key = os.urandom(20).hex()
        access = create_staff(
            email,
            organisation=organisation,
            role=role,
            name=name,
            totp_key=key,
            password=PASSWORD,
        )
        accounts[email] = key
        return access

    started = time.perf_counter()
    users = []
    for n in range(listeners):
        email = LISTENER_EMAIL.format(n)
        account(email, "federation", Role.HELPLINE_LISTENER, f"Écoutant·e de banc {n:02d}")
        users.append(email)
    account(ASSOCIATION_EMAIL, "fv55", Role.RECEPTIONIST, "Accueil de banc")
    account(SUPERVISOR_EMAIL, "federation", Role.HELPLINE_SUPERVISOR, "Superviseur de banc")
    from django.contrib.auth import get_user_model

    by_email = {u.username: u for u in get_user_model().objects.filter(username__in=users)}
    for n, email in enumerate(users):
        Listener.objects.update_or_create(
            user=by_email[email],
            defaults={
                "extension": EXTENSION.format(n),
                "status": ListenerStatus.OFFLINE,
                "status_since": timezone.now(),
            },
        )
    earlier = Call.objects.filter(switchboard=board)
    transfers = list(earlier.exclude(transfer=None).values_list("transfer_id", flat=True))
    deleted_calls = earlier.delete()[0]
    deleted_intakes = Intake.objects.filter(pk__in=transfers).delete()[0]
    Intake.objects.filter(organisation=meuse, created_by__in=by_email.values()).delete()
    print(
        f"{listeners} listeners, a receptionist of {meuse.name} and a supervisor renewed in "
        f"{time.perf_counter() - started:.1f} s; an earlier run's {deleted_calls} rows of calls "
        f"and {deleted_intakes} of transfers deleted",
        flush=True,
    )
    return {"keys": accounts, "meuse": meuse.pk, "listeners": users}


# --- HTTP clients -------------------------------------------------------------------------


class Errors:
    def __init__(self):
        self.lock = threading.Lock()
        self.items: list[str] = []

    def add(self, text: str) -> None:
        with self.lock:
            self.items.append(text)


class Client:
    """One browser: a keep-alive connection, its cookies, no redirect followed; each answer
    timed (round trip and the server's own `Server-Timing`)."""

    def __init__(self, base: str, samples, errors: Errors, measuring: threading.Event):
        parts = urllib.parse.urlsplit(base)
        self.measuring = measuring  # answers are timed once set (logins and warm-up aside)
        self.host, self.port = parts.hostname, parts.port or 80
        self.cookies: dict[str, str] = {}
        self.samples = samples  # name → list of (round trip ms, server ms)
        self.errors = errors
        self.lock = threading.Lock()
        self.conn = None

    def _connect(self):
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(self, name, method, path, fields=None, *, expect=(200,), body=None, headers=None):
        """(status, text, sent, answered): the instants as time.monotonic()."""
        if self.conn is None:
            self._connect()
        sent_headers = {"Connection": "keep-alive", **(headers or {})}
        if self.cookies:
            sent_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            sent_headers["Content-Type"] = "application/x-www-form-urlencoded"
            sent_headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        for attempt in (1, 2):
            sent = time.monotonic()
            try:
                self.conn.request(method, path, body=body, headers=sent_headers)
                response = self.conn.getresponse()
                payload = response.read()
                break
            except (http.client.HTTPException, OSError) as error:  # timeouts too
                self.conn.close()
                self._connect()
                if attempt == 2:
                    self.errors.add(f"{name}: {error!r}")
                    return 0, "", sent, time.monotonic()
        answered = time.monotonic()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                self.cookies[key.strip()] = val.strip()
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        timing = TIMING.search(response.getheader("Server-Timing", "") or "")
        if name and self.measuring.is_set():
            self.samples[name].append(
                ((answered - sent) * 1e3, float(timing.group(1)) if timing else None)
            )
        if response.status not in expect:
            self.errors.add(f"{name} {method} {path}: HTTP {response.status} {payload[:160]!r}")
        return response.status, payload.decode("utf-8", "replace"), sent, answered

    def token(self, html: str) -> str:
        found = TOKEN.search(html)
        return found.group(1) if found else self.cookies.get("csrftoken", "")

    def log_in(self, email: str, key: str, landing: str) -> None:
        from django_otp.oath import totp

        status, html, *_ = self.request("", "GET", "/pro/login/")
        fields = {
            "email": email,
            "password": PASSWORD,
            "code": f"{totp(bytes.fromhex(key)):06d}",
            "csrfmiddlewaretoken": self.token(html),
            "next": landing,
        }
        status, _html, *_ = self.request("", "POST", "/pro/login/", fields, expect=(302,))
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"Login of {email} failed (HTTP {status}).")


# --- the simulation -------------------------------------------------------------------------


class Shared:
    """What the threads share: free listeners, calls answered, transfers made, polls seen."""

    def __init__(self, listeners: list[str]):
        self.lock = threading.Lock()
        self.free = list(listeners)
        random.shuffle(self.free)
        self.extension = {email: EXTENSION.format(n) for n, email in enumerate(listeners)}
        self.assigned: dict[str, tuple[str, bool]] = {}  # listener → (call id, silent)
        self.answered: dict[str, float] = {}  # switchboard call id → `answered` webhook answered
        self.pops: list[float] = []  # webhook answered → poll showing it, ms
        self.ended: dict[str, float] = {}  # call id → when the line was closed (monotonic)
        self.transfers: list[tuple[int, float, float]] = []  # call pk, POST sent, answered
        self.queue_seen: list[tuple[float, float, str]] = []  # poll sent, answered, new stamp
        self.calls = 0
        self.unanswered = 0
        self.stop = threading.Event()
        self.measuring = threading.Event()
        self.ready = threading.Semaphore(0)  # released by each client once logged in

    def take_free(self) -> str | None:
        with self.lock:
            return self.free.pop() if self.free else None

    def give_back(self, email: str) -> None:
        with self.lock:
            self.free.insert(0, email)


def sign(body: bytes) -> dict[str, str]:
    stamp = str(int(time.time()))
    mac = hmac.new(SECRET.encode(), stamp.encode() + b"." + body, hashlib.sha256).digest()
    return {
        "Content-Type": "application/json",
        "X-Appui-Timestamp": stamp,
        "X-Appui-Signature": base64.urlsafe_b64encode(mac).rstrip(b"=").decode(),
    }


def switchboard(base, shared: Shared, every: float, seconds: float, samples, errors):
    """Calls on a fixed clock: ringing, answered a second later, ended after the talk."""
    client = Client(base, samples, errors, shared.measuring)
    path = f"/api/telephony/{SWITCHBOARD}/events"
    events: list[tuple[float, int, str, dict]] = []  # (instant, order, call id, event)
    start = time.monotonic()
    order = 0
    run = os.urandom(3).hex()

    def post(call_id: str, kind: str, **fields) -> tuple[int, float]:
        payload = {
            "event_id": f"{call_id}-{kind}",
            "type": kind,
            "call_id": call_id,
            "at": dt.datetime.now(dt.UTC).isoformat(),
            **fields,
        }
        body = json.dumps(payload).encode()
        status, _text, _sent, answered = client.request(
            f"webhook {kind}", "POST", path, body=body, headers=sign(body), expect=(202,)
        )
        return status, answered

    n = 0
    while not shared.stop.is_set():
        now = time.monotonic()
        ring_at = start + n * every
        if ring_at - start < seconds and ring_at <= now:
            call_id = f"bench-{run}-{n:05d}"
            number = f"06{random.randrange(10**8):08d}"
            post(call_id, "ringing", caller=number)
            shared.calls += 1
            order += 1
            events.append((ring_at + 1.0, order, call_id, {"type": "answered"}))
            n += 1
            continue
        events.sort()
        if events and events[0][0] <= now:
            _when, _order, call_id, event = events.pop(0)
            if event["type"] == "answered":
                listener = shared.take_free()
                if listener is None:  # everyone busy: it rings on, tried again in 0.5 s
                    order += 1
                    events.append((now + 0.5, order, call_id, event))
                    continue
                silent = random.random() < 1 / 6
                with shared.lock:
                    shared.assigned[listener] = (call_id, silent)
                    shared.answered[call_id] = 0.0
                status, answered = post(call_id, "answered", listener=shared.extension[listener])
                with shared.lock:
                    shared.answered[call_id] = answered
                talk = 3.0 if silent else random.uniform(15, 40)
                order += 1
                events.append((now + talk, order, call_id, {"type": "ended"}))
            else:
                post(call_id, "ended", cause="completed")
                with shared.lock:
                    shared.ended[call_id] = time.monotonic()
            continue
        wake = ([ring_at] if ring_at - start < seconds else []) + [e[0] for e in events[:1]]
        if not wake:
            break
        time.sleep(max(0.0, min(min(wake) - time.monotonic(), 0.05)))


def listener(client: Client, email: str, shared: Shared, meuse: int):
    """A console: its state every 0.4 s (every second on a record); the record opened at
    the screen pop, the facts saved, the record closed after the line, the console again."""
    status, html, *_ = client.request("console page", "GET", "/pro/ecoute/")
    client.request(
        "presence",
        "POST",
        "/pro/ecoute/presence/",
        {"status": "available", "csrfmiddlewaretoken": client.token(html)},
        expect=(302,),
    )
    shared.ready.release()
    stamp = "0"
    current = None  # (call pk, switchboard call id, record's csrf token, closes at)
    next_poll = time.monotonic() + random.random()
    steps: list[tuple[float, str]] = []
    seen = set()
    while not shared.stop.is_set():
        now = time.monotonic()
        if steps and steps[0][0] <= now:
            _when, step = steps.pop(0)
            pk, call_id, token = current
            record = f"/pro/ecoute/appel/{pk}/"
            if step == "facts":
                fields = {
                    "csrfmiddlewaretoken": token,
                    "caller_type": "victim",
                    "situations": ["hit"],
                    "commune_code": VERDUN,
                    "danger_now": "no",
                    "author": "stranger",
                }
                client.request("save facts", "POST", record, fields)
            elif step == "silent":
                fields = {"csrfmiddlewaretoken": token, "kind": "silent"}
                client.request(
                    "log a silent call", "POST", record + "sans-suite/", fields, expect=(302,)
                )
                client.request("console page", "GET", "/pro/ecoute/")
                current = None
                shared.give_back(email)
            elif step == "close":
                with shared.lock:
                    ended = shared.ended.get(call_id)
                if ended is None or now < ended + 2.0:  # two seconds after the line closed
                    steps.insert(0, (now + 0.5 if ended is None else ended + 2.0, "close"))
                    continue
                fields = {
                    "csrfmiddlewaretoken": token,
                    "caller_type": "victim",
                    "situations": ["hit"],
                    "commune_code": VERDUN,
                    "danger_now": "no",
                    "author": "stranger",
                    "close": "1",
                }
                draw = random.random()
                if draw < 0.5:
                    fields.update(
                        outcome="transferred",
                        association=str(meuse),
                        consent="on",
                        summary="Frappée par un inconnu à Verdun, souhaite être accompagnée.",
                        contact_name="Bénédicte Essai",
                        contact_phone="06 12 34 56 78",
                        preferred_time="le matin",
                    )
                elif draw < 0.83:
                    fields.update(outcome="informed")
                else:
                    fields.update(outcome="oriented", oriented_to="France Victimes 55")
                name = "close with transfer" if draw < 0.5 else "close the record"
                status, _text, sent, answered = client.request(
                    name, "POST", record, fields, expect=(302,)
                )
                if draw < 0.5 and status == 302:
                    with shared.lock:
                        shared.transfers.append((pk, sent, answered))
                client.request("console page", "GET", "/pro/ecoute/")
                current = None
                shared.give_back(email)
            continue
        if now >= next_poll:
            # As console.js: every 0.4 s waiting on the console, every second on a record.
            next_poll += 0.4 if current is None else 1.0
            status, text, _sent, answered = client.request(
                "console state",
                "GET",
                f"/pro/ecoute/etat/?since={urllib.parse.quote(stamp)}",
                expect=(200, 204),
            )
            if status == 200:
                data = json.loads(text)
                stamp = data["stamp"]
                pk = data.get("call")
                with shared.lock:
                    call_id, silent = shared.assigned.get(email, (None, False))
                if pk and current is None and pk not in seen and call_id is not None:
                    seen.add(pk)
                    with shared.lock:
                        del shared.assigned[email]
                        webhook = shared.answered.get(call_id) or answered
                        shared.pops.append((answered - webhook) * 1e3)
                    status, html, *_ = client.request("open the record", "GET", data["url"])
                    current = (pk, call_id, client.token(html))
                    if silent:
                        steps = [(answered + 4.0, "silent")]
                    else:
                        steps = [(answered + 3.0, "facts"), (answered + 5.0, "close")]
            continue
        wake = min([next_poll] + [s[0] for s in steps[:1]])
        time.sleep(max(0.0, min(wake - time.monotonic(), 0.05)))


def association(client: Client, shared: Shared):
    from django.urls import reverse

    url = reverse("cases:intake_queue_stamp")
    status, text, *_ = client.request("", "GET", url)
    stamp = json.loads(text)["stamp"]
    shared.ready.release()
    next_poll = time.monotonic()
    while not shared.stop.is_set():
        if time.monotonic() >= next_poll:
            next_poll += 0.5  # as cases/queue.js
            status, text, sent, answered = client.request(
                "association queue stamp",
                "GET",
                f"{url}?since={urllib.parse.quote(stamp)}",
                expect=(200, 204),
            )
            if status == 200:
                stamp = json.loads(text)["stamp"]
                with shared.lock:
                    shared.queue_seen.append((sent, answered, stamp))
        time.sleep(max(0.0, min(next_poll - time.monotonic(), 0.05)))


def wallboard(client: Client, shared: Shared):
    client.request("wallboard page", "GET", "/pro/ecoute/supervision/tableau/")
    shared.ready.release()
    stamp = ""
    next_poll = time.monotonic()
    while not shared.stop.is_set():
        if time.monotonic() >= next_poll:
            next_poll += 2.0
            status, text, *_ = client.request(
                "wallboard state",
                "GET",
                f"/pro/ecoute/supervision/etat/?since={urllib.parse.quote(stamp)}",
                expect=(200, 204),
            )
            if status == 200:
                stamp = json.loads(text)["stamp"]
        time.sleep(max(0.0, min(next_poll - time.monotonic(), 0.05)))


def guarded(target, shared: Shared, errors: Errors):
    """A client's thread: an exception is an error of the run, never a silent stop."""

    def run(*args):
        try:
            target(*args)
        except BaseException as error:  # noqa: BLE001  (reported, and the run fails)
            errors.add(f"{target.__name__}: {error!r}")
            shared.ready.release()

    return run


def transfer_delays(shared: Shared) -> tuple[list[float], list[float], int]:
    """For each transfer: from its POST's answer, and from its sending, to the answer of the
    association's first poll whose stamp shows its intake (the stamp is "count-highest id"
    of the waiting intakes); transfers never seen are counted."""
    from appui.helpline.models import Call

    intake_of = dict(
        Call.objects.filter(pk__in=[pk for pk, _s, _a in shared.transfers]).values_list(
            "pk", "transfer_id"
        )
    )
    seen = []
    for sent, answered, stamp in shared.queue_seen:
        match = STAMP.match(stamp)
        if match:
            seen.append((sent, answered, int(match.group(2))))
    from_answer, from_sent, lost = [], [], 0
    for pk, sent, answered in shared.transfers:
        intake = intake_of.get(pk)
        if intake is None:
            lost += 1
            continue
        first = next((a for _s, a, highest in seen if highest >= intake), None)
        if first is None:
            lost += 1
            continue
        from_answer.append(max(0.0, first - answered) * 1e3)
        from_sent.append((first - sent) * 1e3)
    return from_answer, from_sent, lost


def report(samples, shared: Shared, errors: Errors, machine: Machine, seconds: float) -> bool:
    print()
    print(f"calls rung: {shared.calls}; transfers made: {len(shared.transfers)}; "
          f"screen pops seen: {len(shared.pops)}")  # fmt: skip
    actions = [
        "open the record",
        "save facts",
        "close the record",
        "close with transfer",
        "log a silent call",
        "console page",
        "presence",
    ]
    polls = ["console state", "association queue stamp", "wallboard state", "wallboard page"]
    hooks = ["webhook ringing", "webhook answered", "webhook ended"]
    width = max(len(n) for n in actions + polls + hooks) + 2
    head = f"{'n':>5} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8} {'server p95':>11}"
    print(f"{'request (ms)':{width}} {head}")

    def line(name):
        rows = samples.get(name, [])
        if not rows:
            return
        trip = figures([r[0] for r in rows])
        server = figures([r[1] for r in rows if r[1] is not None])
        print(
            f"{name:{width}} {trip['n']:>5} {trip['p50_ms']:>8} {trip['p95_ms']:>8} "
            f"{trip['p99_ms']:>8} {trip['max_ms']:>8} {server.get('p95_ms', '—'):>11}"
        )

    for group in (actions, polls, hooks):
        for name in group:
            line(name)
        print()
    every_action = [r[0] for name in actions for r in samples.get(name, [])]
    result = figures(every_action)
    ok = result.get("p95_ms", 1e9) <= ACTION_TARGET_MS
    print(f"console actions, all together: {result} — {verdict(result, ACTION_TARGET_MS)}")
    pops = figures(shared.pops)
    print(f"webhook → screen pop (the console polls every 0.4 s while waiting): {pops}")
    from_answer, from_sent, lost = transfer_delays(shared)
    seen = figures(from_answer)
    upper = figures(from_sent)
    judged = verdict(seen, TRANSFER_TARGET_S * 1e3) if seen["n"] else "no data"
    print(
        "transfer → seen by the association's queue (polls every half second), from the POST's "
        f"answer: {seen} — {judged}"
    )
    print(f"  the same from the POST's sending (an upper bound): {upper}; never seen: {lost}")
    ok = ok and bool(seen["n"]) and seen["p95_ms"] <= TRANSFER_TARGET_S * 1e3 and not lost
    total = sum(len(v) for v in samples.values())
    rate = total / seconds
    print(f"{total} requests in {seconds:.0f} s ({rate:.1f}/s); errors: {len(errors.items)}")
    for item in errors.items[:20]:
        print("  ", item)
    print(machine)
    return ok and not errors.items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server on the same database (default: start one)")
    parser.add_argument("--listeners", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--every", type=float, default=2.0, help="seconds between two calls")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    if args.listeners > 100:
        raise SystemExit("At most 100 listeners (their extensions are 7000 to 7099).")
    random.seed(args.seed)
    setup_django()
    setup = prepare(args.listeners)
    samples = defaultdict(list)
    errors = Errors()
    shared = Shared(setup["listeners"])

    def run(base: str) -> bool:
        from django.urls import reverse

        def logged_in(email: str, landing: str) -> Client:
            client = Client(base, samples, errors, shared.measuring)
            client.log_in(email, setup["keys"][email], landing)
            return client

        # One after the other: 52 password checks at once would only queue in the server.
        print(f"logging in {len(setup['listeners']) + 2} clients…", flush=True)
        started = time.monotonic()
        threads = [
            threading.Thread(
                target=guarded(listener, shared, errors),
                args=(logged_in(email, "/pro/ecoute/"), email, shared, setup["meuse"]),
                daemon=True,
            )
            for email in setup["listeners"]
        ]
        threads.append(
            threading.Thread(
                target=guarded(association, shared, errors),
                args=(logged_in(ASSOCIATION_EMAIL, reverse("cases:intake_queue")), shared),
                daemon=True,
            )
        )
        threads.append(
            threading.Thread(
                target=guarded(wallboard, shared, errors),
                args=(logged_in(SUPERVISOR_EMAIL, reverse("helpline:supervision")), shared),
                daemon=True,
            )
        )
        for thread in threads:
            thread.start()
        for _ in threads:  # every client on its page and polling
            if not shared.ready.acquire(timeout=600):
                raise SystemExit(f"Clients not ready after 600 s: {errors.items[:5]}")
        print(f"logged in after {time.monotonic() - started:.0f} s", flush=True)
        time.sleep(3)
        print(f"calls every {args.every:g} s for {args.seconds:g} s…", flush=True)
        with Machine() as machine:
            board = threading.Thread(
                target=guarded(switchboard, shared, errors),
                args=(base, shared, args.every, args.seconds, samples, errors),
                daemon=True,
            )
            shared.measuring.set()
            board.start()
            board.join()
            time.sleep(8)  # the last records closed, the last transfers seen
            shared.stop.set()
            for thread in threads:
                thread.join(timeout=10)
        return report(samples, shared, errors, machine, args.seconds)

    if args.url:
        ok = run(args.url.rstrip("/"))
    else:
        with gunicorn(args.workers, args.threads) as (base, _pid):
            ok = run(base)
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
