"""Case files at national scale: person search, the file page, my tasks, national statistics,
the caseload.

Run from the repository root against PostgreSQL loaded by `appui loadscale` (see
benchmarks/README.md):

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/cases.py [--url http://127.0.0.1:8000]

1. `appui.cases.search.find` in process, over the people of the largest association and
   over everyone: median and 95th percentile of ~300 misspelt names of loaded people
   (letters dropped, swapped, doubled, accents, word order), and how often the person meant
   is among the 20 answers. Target: p95 < 50 ms.
2. `GET /pro/files/<id>/` for varied files of that association, logged in as its staff
   member: server time (`Server-Timing`) and round trip. Target: < 100 ms.
3. `GET /pro/` (my tasks) for that staff member, the referent of every file of the
   association, so the one with the most tasks. Target: < 50 ms.
4. National monthly statistics: `appui.stats.services.table(year)` in process, and
   `GET /pro/stats/national/` as a federation administrator. Target: < 2 s.
5. The caseload `GET /pro/files/` for that staff member: her files, her team's, filtered
   (past due, a discipline, closed, a referent) and a page far down the list; each page
   writes its 50 read lines. Target: p95 < 50 ms.

With `--server-pid` (the web server's master process, on this machine), each page's CPU
time per request too: its web worker's and its PostgreSQL backend's, which the other
processes of a busy machine do not stretch as they stretch elapsed time. `--only` runs
some of the parts (search, stats, file, home, caseload, national).

Logging in needs the password and a TOTP code: the script renews the accounts it uses
with `create_staff` (a known password and authenticator key), on this benchmark database
only, and logs in once per account (a code is accepted once).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import time
import unicodedata
import urllib.parse
import urllib.request

from common import pin_one_core, timed_requests

PASSWORD = "bench-cases-password-2026"  # noqa: S105  (benchmark accounts, benchmark database)
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMING = re.compile(r"app;dur=([\d.]+)")


def summary(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[max(int(len(ordered) * 0.95) - 1, 0)], 2),
        "max_ms": round(ordered[-1], 2),
        "n": len(ordered),
    }


def verdict(figures: dict, key: str, target_ms: float) -> str:
    return f"{'OK' if figures[key] < target_ms else 'MISSED'} (target {key} < {target_ms:g} ms)"


def setup_django():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "appui.settings")
    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to the PostgreSQL database loaded by `appui loadscale`.")


# --- misspelt names ----------------------------------------------------------------------


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def misspell(last: str, first: str, rng: random.Random, kind: int) -> str:
    """What a receptionist types for "Lefèvre Élodie" when the caller spells it out badly."""
    word = last
    i = rng.randrange(1, max(len(word) - 1, 2))
    if kind == 0:  # a letter dropped
        word = word[:i] + word[i + 1 :]
    elif kind == 1:  # two letters swapped
        word = word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    elif kind == 2:  # a vowel heard wrong
        vowels = [j for j, c in enumerate(word) if c.lower() in "aeiouy"]
        if vowels:
            j = rng.choice(vowels)
            word = word[:j] + rng.choice("aeio".replace(word[j].lower(), "")) + word[j + 1 :]
    elif kind == 3:  # a consonant doubled
        word = word[:i] + word[i] + word[i:]
    elif kind == 4:  # no accents, shouting, first name first
        return f"{_plain(first).upper()} {_plain(last).upper()}"
    elif kind == 5:  # a letter dropped, last name only
        return word[:i] + word[i + 1 :]
    elif kind == 6:  # sounds alike
        for wrong, right in (("eau", "o"), ("ph", "f"), ("qu", "k"), ("ault", "o"), ("ier", "iez")):
            if wrong in word.lower():
                word = re.sub(wrong, right, word, count=1, flags=re.IGNORECASE)
                break
        else:
            word = word[:i] + word[i + 1 :]
    return f"{word} {first}"


def search_benchmark(people, sample: list, rng: random.Random, organisation_ids=None) -> dict:
    """Time `find` over `people` for a misspelt name of each person of `sample`.

    Besides speed: how often the person meant is among the answers (a common name typed
    alone cannot single one out), and how often they were left out although they scored
    higher than an answer shown: a search that missed them, not an ambiguous name.
    """
    from appui.cases import search

    queries = [(p, misspell(p.last_name, p.first_name, rng, n % 7)) for n, p in enumerate(sample)]
    for _person, query in queries[:20]:  # warm the caches and the connection
        search.find(people, name=query, organisation_ids=organisation_ids)
    samples, found, lost, answers = [], 0, 0, []
    for person, query in queries:
        start = time.perf_counter()
        matches = search.find(people, name=query, organisation_ids=organisation_ids)
        samples.append((time.perf_counter() - start) * 1e3)
        answers.append(len(matches))
        if person.pk in {m.person.pk for m in matches}:
            found += 1
            continue
        score = search.word_similarity(search.normalise(query), person.search_name)
        if score >= search.NAME_THRESHOLD and (len(matches) < 20 or matches[-1].score < score):
            lost += 1
    return {
        **summary(samples),
        "person meant among the answers": f"{found}/{len(queries)}",
        "left out although better than an answer": lost,
        "answers per query (median)": statistics.median(answers),
        "examples": [q for _person, q in queries[:7]],
    }


# --- HTTP ------------------------------------------------------------------------------


def log_in(base: str, email: str, organisation: str, role: str, landing: str) -> str:
    """Renew `email` with a known password and authenticator, log in once (landing on
    `landing`, a page the role may see): the session cookie."""
    from django_otp.oath import totp

    from appui.core.services import create_staff

    key = os.urandom(20).hex()
    create_staff(email, organisation=organisation, role=role, totp_key=key, password=PASSWORD)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/pro/login/").read()
    token = TOKEN.search(page).group(1).decode()
    body = urllib.parse.urlencode(
        {
            "email": email,
            "password": PASSWORD,
            "code": f"{totp(bytes.fromhex(key)):06d}",
            "csrfmiddlewaretoken": token,
            "next": landing,
        }
    ).encode()
    url = f"{base}/pro/login/"
    with opener.open(urllib.request.Request(url, data=body, headers={"Referer": url})) as answer:
        if not answer.url.endswith(landing):
            raise SystemExit(f"Login of {email} failed (landed on {answer.url}).")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


class CpuClock:
    """CPU time the server spends on a request: every thread of the web workers (the
    processes below `--server-pid`) and of the PostgreSQL backends of this database, from
    /proc/<pid>/task/<tid>/schedstat (nanoseconds on a core). On a machine other processes
    keep busy, elapsed time stretches while a request waits for a core; its CPU time does
    not. Linux only, PostgreSQL on this machine, readable /proc; else no CPU figure."""

    def __init__(self, server_pid: int | None):
        from django.db import connection

        self.server_pid = server_pid
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid(), current_database()")
            self.own_backend, database = cursor.fetchone()
        self.database = database.encode()
        self.postmaster = self._parent(self.own_backend)
        self.ours: dict[int, bool] = {}  # backend pid → serves this database
        self.available = bool(server_pid and self.postmaster and self.read() is not None)

    @staticmethod
    def _parent(pid: int) -> int | None:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                return int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            return None

    @staticmethod
    def _children(pid: int) -> list[int]:
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as children:
                return [int(child) for child in children.read().split()]
        except OSError:
            return []

    @staticmethod
    def _on_cpu(pid: int) -> int:
        total = 0
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            return 0
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/schedstat") as stat:
                    total += int(stat.read().split()[0])
            except (OSError, ValueError, IndexError):
                pass
        return total

    def _backends(self) -> list[int]:
        found = []
        for pid in self._children(self.postmaster):
            if pid == self.own_backend:
                continue
            if pid not in self.ours:
                try:
                    with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                        title = cmdline.read().split()
                except OSError:
                    continue
                # "postgres: [<cluster>:] <user> <database> <client> <state>" (Debian
                # names the cluster): a client backend of ours.
                self.ours[pid] = title[:1] == [b"postgres:"] and self.database in title[2:4]
            if self.ours[pid]:
                found.append(pid)
        return found

    def read(self) -> int | None:
        """Nanoseconds on a core so far, summed over the web workers and our backends."""
        workers, parents = [], [self.server_pid]
        while parents:  # every process below it: its workers, whatever wraps the server
            children = [child for pid in parents for child in self._children(pid)]
            workers += children
            parents = children
        if not workers:
            return None
        return sum(self._on_cpu(pid) for pid in (*workers, *self._backends()))


def timed_pages(
    base: str, cookie: str, paths: list[str], count: int, warmup: int = 20, clock=None
) -> dict:
    """Round trip and server time (`Server-Timing`) of GET `paths`, cycled, on one
    connection; with a `CpuClock`, the server's CPU time per request too."""
    server: list[float] = []
    cpu: list[float] = []
    before = [0]

    def requests():
        for i in range(count + warmup):
            if clock is not None and i >= warmup:
                before[0] = clock.read()
            yield ("GET", paths[i % len(paths)], None, {"Cookie": cookie})

    def server_time(response) -> None:
        found = TIMING.search(response.getheader("Server-Timing", ""))
        if found:
            server.append(float(found.group(1)))
        if clock is not None:
            cpu.append((clock.read() - before[0]) / 1e6)

    wall = timed_requests(base, requests(), warmup=warmup, on_response=server_time)
    result = {"server": summary(server)}
    if cpu:
        result["cpu"] = summary(cpu)
    result["round trip"] = summary(wall)
    return result


# The caseload's lists, as a legal adviser uses them through the day.
CASELOAD_PATHS = [
    "/pro/files/",
    "/pro/files/?page=40",
    "/pro/files/?overdue=on",
    "/pro/files/?discipline=legal",
    "/pro/files/?team=1",
    "/pro/files/?team=1&overdue=on&discipline=psychological",
    "/pro/files/?team=1&referent={referent}&status=closed",
    "/pro/files/?team=1&referent=none",
]


# --- main ------------------------------------------------------------------------------

PARTS = ("search", "stats", "file", "home", "caseload", "national")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--queries", type=int, default=300, help="misspelt names per scope")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--organisation", help="association code (default: the largest)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-http", action="store_true", help="in-process figures only")
    parser.add_argument(
        "--server-pid", type=int, help="the web server's master process: CPU time per request"
    )
    parser.add_argument("--only", help=f"comma-separated parts (default all): {','.join(PARTS)}")
    args = parser.parse_args()
    parts = set(args.only.split(",")) if args.only else set(PARTS)
    if parts - set(PARTS):
        parser.error(f"--only takes some of {','.join(PARTS)}")
    base = args.url.rstrip("/")
    rng = random.Random(args.seed)
    print("# case files benchmark,", pin_one_core())
    setup_django()
    from django.db.models import Count, Max, Min
    from django.utils import timezone

    from appui.cases.models import CaseFile, Person, Task, TaskStatus
    from appui.core.models import Organisation, OrganisationKind, StaffProfile
    from appui.stats import services as stats

    if args.organisation:
        org = Organisation.objects.get(code=args.organisation)
    else:
        largest = (
            Person.objects.values("organisation_id").annotate(n=Count("id")).order_by("-n").first()
        )
        if largest is None:
            raise SystemExit("No people: run `appui loadscale --people 1000000` first.")
        org = Organisation.objects.get(pk=largest["organisation_id"])
    own = Person.objects.filter(organisation_id__in=[org.pk])  # as policies.people() scopes
    print(
        f"{Person.objects.count():,} people, {CaseFile.objects.count():,} files; "
        f"association {org.code} ({org.departement}): {own.count():,} people"
    )

    # 1. Person search.
    if "search" in parts:
        bounds = Person.objects.aggregate(low=Min("id"), high=Max("id"))
        ids = list(own.values_list("id", flat=True))
        sample = list(Person.objects.filter(pk__in=rng.sample(ids, min(args.queries, len(ids)))))
        result = search_benchmark(own, sample, rng, organisation_ids=[org.pk])
        print(f"search, one association: {result} {verdict(result, 'p95_ms', 50)}")
        anywhere = rng.sample(range(bounds["low"], bounds["high"] + 1), args.queries)
        sample = list(Person.objects.filter(pk__in=anywhere))
        result = search_benchmark(Person.objects.all(), sample, rng)
        print(f"search, all people: {result} {verdict(result, 'p95_ms', 50)}")

    # 4a. National statistics in process.
    if "stats" in parts:
        year = timezone.localdate().year
        stats.table(year)
        samples = []
        for _ in range(20):
            start = time.perf_counter()
            stats.table(year)
            samples.append((time.perf_counter() - start) * 1e3)
        result = summary(samples)
        print(f"stats.table({year}): {result} {verdict(result, 'p95_ms', 2000)}")

    if args.no_http:
        return
    clock = None
    if args.server_pid:
        clock = CpuClock(args.server_pid)
        if not clock.available:
            print(f"no CPU figures: cannot read the CPU time of {args.server_pid}'s workers")
            clock = None
    referent = StaffProfile.objects.filter(organisation=org).order_by("user_id").first()
    if referent is None:
        raise SystemExit(f"{org.code} has no staff member: was it loaded by `appui loadscale`?")
    email = referent.user.username
    cookie = log_in(base, email, org.code, referent.role, "/pro/")

    # 2. The file page, for files spread over the association's three years.
    if "file" in parts:
        file_ids = list(CaseFile.objects.filter(organisation=org).values_list("id", flat=True))
        paths = [f"/pro/files/{pk}/" for pk in rng.sample(file_ids, min(300, len(file_ids)))]
        result = timed_pages(base, cookie, paths, args.requests, clock=clock)
        print(
            f"GET /pro/files/<id>/ ({len(paths)} files): {result} "
            f"{verdict(result['server'], 'p95_ms', 100)}"
        )

    # 3. My tasks.
    if "home" in parts:
        open_tasks = Task.objects.filter(
            assignee_id=referent.user_id, status=TaskStatus.OPEN
        ).count()
        result = timed_pages(base, cookie, ["/pro/"], args.requests, clock=clock)
        print(
            f"GET /pro/ ({email}, {open_tasks:,} open tasks): {result} "
            f"{verdict(result['server'], 'p95_ms', 50)}"
        )

    # 5. The caseload, mine and the team's, with its filters.
    if "caseload" in parts:
        for path in CASELOAD_PATHS:
            result = timed_pages(
                base, cookie, [path.format(referent=referent.user_id)], args.requests, clock=clock
            )
            print(f"GET {path}: {result} {verdict(result['server'], 'p95_ms', 50)}")

    # 4b. National statistics page, as a federation administrator.
    if "national" not in parts:
        return
    federation = Organisation.objects.filter(kind=OrganisationKind.FEDERATION).first()
    if federation is None:
        federation = Organisation.objects.create(
            kind=OrganisationKind.FEDERATION,
            code="federation",
            name="Fédération",
            departement="75",
            file_prefix="FED",
        )
    cookie = log_in(
        base,
        "bench-federation@load.example",
        federation.code,
        "federation_admin",
        "/pro/stats/national/",
    )
    result = timed_pages(base, cookie, ["/pro/stats/national/"], 30, warmup=3, clock=clock)
    print(f"GET /pro/stats/national/: {result} {verdict(result['round trip'], 'p95_ms', 2000)}")


if __name__ == "__main__":
    main()
