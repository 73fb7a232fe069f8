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


def timed_pages(base: str, cookie: str, paths: list[str], count: int, warmup: int = 20) -> dict:
    """Round trip and server time (`Server-Timing`) of GET `paths`, cycled, on one connection."""
    server: list[float] = []

    def server_time(response) -> None:
        found = TIMING.search(response.getheader("Server-Timing", ""))
        if found:
            server.append(float(found.group(1)))

    requests = (
        ("GET", paths[i % len(paths)], None, {"Cookie": cookie}) for i in range(count + warmup)
    )
    wall = timed_requests(base, requests, warmup=warmup, on_response=server_time)
    return {"server": summary(server), "round trip": summary(wall)}


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--queries", type=int, default=300, help="misspelt names per scope")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--organisation", help="association code (default: the largest)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-http", action="store_true", help="in-process figures only")
    args = parser.parse_args()
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
    bounds = Person.objects.aggregate(low=Min("id"), high=Max("id"))
    print(
        f"{Person.objects.count():,} people, {CaseFile.objects.count():,} files; "
        f"association {org.code} ({org.departement}): {own.count():,} people"
    )

    # 1. Person search.
    ids = list(own.values_list("id", flat=True))
    sample = list(Person.objects.filter(pk__in=rng.sample(ids, min(args.queries, len(ids)))))
    result = search_benchmark(own, sample, rng, organisation_ids=[org.pk])
    print(f"search, one association: {result} {verdict(result, 'p95_ms', 50)}")
    anywhere = rng.sample(range(bounds["low"], bounds["high"] + 1), args.queries)
    sample = list(Person.objects.filter(pk__in=anywhere))
    result = search_benchmark(Person.objects.all(), sample, rng)
    print(f"search, all people: {result} {verdict(result, 'p95_ms', 50)}")

    # 4a. National statistics in process.
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
    referent = StaffProfile.objects.filter(organisation=org).order_by("user_id").first()
    if referent is None:
        raise SystemExit(f"{org.code} has no staff member: was it loaded by `appui loadscale`?")
    email = referent.user.username
    cookie = log_in(base, email, org.code, referent.role, "/pro/")

    # 2. The file page, for files spread over the association's three years.
    file_ids = list(CaseFile.objects.filter(organisation=org).values_list("id", flat=True))
    paths = [f"/pro/files/{pk}/" for pk in rng.sample(file_ids, min(300, len(file_ids)))]
    result = timed_pages(base, cookie, paths, args.requests)
    print(
        f"GET /pro/files/<id>/ ({len(paths)} files): {result} "
        f"{verdict(result['server'], 'p95_ms', 100)}"
    )

    # 3. My tasks.
    open_tasks = Task.objects.filter(assignee_id=referent.user_id, status=TaskStatus.OPEN).count()
    result = timed_pages(base, cookie, ["/pro/"], args.requests)
    print(
        f"GET /pro/ ({email}, {open_tasks:,} open tasks): {result} "
        f"{verdict(result['server'], 'p95_ms', 50)}"
    )

    # 5. The caseload, mine and the team's, with its filters.
    for path in CASELOAD_PATHS:
        result = timed_pages(base, cookie, [path.format(referent=referent.user_id)], args.requests)
        print(f"GET {path}: {result} {verdict(result['server'], 'p95_ms', 50)}")

    # 4b. National statistics page, as a federation administrator.
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
    result = timed_pages(base, cookie, ["/pro/stats/national/"], 30, warmup=3)
    print(f"GET /pro/stats/national/: {result} {verdict(result['round trip'], 'p95_ms', 2000)}")


if __name__ == "__main__":
    main()
