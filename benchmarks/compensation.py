"""Compensation files at national scale: the case file's page with three compensation
files, the association's compensation lists, the compensation page, and a generated request.

Against the PostgreSQL database `appui loadscale` filled (see README.md). The script first
gives the largest association `--files` compensation files (idempotent: it tops up to that
number), spread over the routes and stages, each with its steps recorded and its timeline
computed by the services' own `refresh`; the first 300 case files get three each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases import CpuClock, log_in, setup_django, summary, timed_pages, verdict  # noqa: E402
from common import pin_one_core  # noqa: E402

BENCH_EMAIL = "bench-juriste@{code}.example"

# (route, steps as (type, days after the request, amount)) — stories at different stages.
STORIES = [
    ("civi_full", [("request_filed", 0, None), ("forwarded_to_fund", 20, None)]),
    (
        "civi_full",
        [
            ("request_filed", 0, None),
            ("forwarded_to_fund", 15, None),
            ("offer_received", 50, Decimal("6200")),
        ],
    ),
    (
        "civi_capped",
        [
            ("request_filed", 0, None),
            ("forwarded_to_fund", 10, None),
            ("offer_received", 40, Decimal("3100")),
            ("offer_accepted", 45, None),
            ("homologation_notified", 60, None),
        ],
    ),
    ("civil_party", [("hearing_set", 0, None)]),
]


def seed(org, user, target: int, rng: random.Random) -> None:
    from django.db import transaction

    from appui.cases.models import CaseFile
    from appui.compensation import services
    from appui.compensation.models import CompensationFile, Event

    have = CompensationFile.objects.filter(organisation=org).count()
    if have >= target:
        return
    files = list(
        CaseFile.objects.filter(organisation=org).order_by("id").values_list("id", flat=True)
    )
    from django.utils import timezone

    today = timezone.localdate()
    made, start = 0, time.perf_counter()
    # Three on each of the first 300 files, then one per file.
    slots = [f for f in files[:300] for _ in range(3)] + files[300:]
    for file_id in slots[have:target]:
        route, steps = STORIES[made % len(STORIES)]
        request_day = today - dt.timedelta(days=rng.randint(10, 200))
        with transaction.atomic():
            comp = CompensationFile.objects.create(
                organisation=org,
                case_file_id=file_id,
                route=route,
                opened_on=request_day,
                opened_by=user,
            )
            events = []
            for kind, offset, amount in steps:
                day = min(request_day + dt.timedelta(days=offset), today)
                events.append(
                    Event(
                        compensation=comp,
                        type=kind,
                        date=day,
                        amount=amount,
                        hearing=today + dt.timedelta(days=rng.randint(5, 60))
                        if kind == "hearing_set"
                        else None,
                        recorded_by=user,
                    )
                )
            Event.objects.bulk_create(events)
            services.refresh(comp)
        made += 1
        if made % 2000 == 0:
            print(f"  {made:,} compensation files made ({time.perf_counter() - start:.0f} s)")
    print(f"{made:,} compensation files made in {time.perf_counter() - start:.0f} s")
    from django.db import connection

    with connection.cursor() as cursor:  # statistics for the planner, as autovacuum would
        cursor.execute("ANALYZE compensation_compensationfile")
        cursor.execute("ANALYZE compensation_event")


def generation(org, rounds: int) -> dict:
    """In process: a CIVI request built from a compensation file and rendered to PDF."""
    from appui.claims import letters
    from appui.compensation import documents
    from appui.compensation.models import CompensationFile, LetterKind

    comp = (
        CompensationFile.objects.filter(organisation=org, route="civi_full")
        .select_related("case_file__person", "case_file__affair")
        .first()
    )
    letters.render_pdf(documents.letter_for(comp, LetterKind.CIVI_REQUEST))  # warm-up
    samples = []
    for _ in range(rounds):
        begin = time.perf_counter()
        letters.render_pdf(documents.letter_for(comp, LetterKind.CIVI_REQUEST))
        samples.append((time.perf_counter() - begin) * 1e3)
    return summary(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--files", type=int, default=20_000, help="compensation files to have")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--rounds", type=int, default=20, help="generated requests")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--server-pid", type=int, help="web server's master: CPU per request")
    parser.add_argument("--no-http", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print("# compensation benchmark,", pin_one_core())
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from appui.cases.models import Person
    from appui.compensation.models import CompensationFile
    from appui.core.models import Organisation, Role

    largest = Person.objects.values("organisation_id").annotate(n=Count("id")).order_by("-n")
    if not largest:
        raise SystemExit("No people: run `appui loadscale --people 1000000` first.")
    org = Organisation.objects.get(pk=largest[0]["organisation_id"])
    email = BENCH_EMAIL.format(code=org.code)
    base = args.url.rstrip("/")
    cookie = None
    if not args.no_http:
        cookie = log_in(base, email, org.code, Role.LEGAL_ADVISER, "/pro/")
    user = get_user_model().objects.filter(username=email).first()
    if user is None:
        user = get_user_model().objects.filter(staff_profile__organisation=org).first()
    seed(org, user, args.files, rng)
    total = CompensationFile.objects.filter(organisation=org).count()
    print(f"association {org.code}: {total:,} compensation files")

    result = generation(org, args.rounds)
    print(f"generated CIVI request (in process): {result} {verdict(result, 'p95_ms', 500)}")
    if args.no_http:
        return
    clock = CpuClock(args.server_pid) if args.server_pid else None
    if clock is not None and not clock.available:
        clock = None
    three = (
        CompensationFile.objects.filter(organisation=org)
        .values("case_file_id")
        .annotate(n=Count("id"))
        .filter(n__gte=3)
        .values_list("case_file_id", flat=True)[:300]
    )
    paths = [f"/pro/files/{pk}/" for pk in three]
    result = timed_pages(base, cookie, paths, args.requests, clock=clock)
    print(
        f"GET /pro/files/<id>/ with 3 compensation files ({len(paths)} files): {result} "
        f"{verdict(result['server'], 'p95_ms', 100)}"
    )
    comps = list(
        CompensationFile.objects.filter(organisation=org).values_list("id", flat=True)[:300]
    )
    result = timed_pages(
        base, cookie, [f"/pro/compensation/{pk}/" for pk in comps], args.requests, clock=clock
    )
    print(f"GET /pro/compensation/<id>/: {result} {verdict(result['server'], 'p95_ms', 100)}")
    for which in ("offers", "payments", "hearings", "all"):
        path = f"/pro/compensation/?list={which}"
        result = timed_pages(base, cookie, [path], args.requests, clock=clock)
        print(f"GET {path}: {result} {verdict(result['server'], 'p95_ms', 50)}")
    result = timed_pages(base, cookie, ["/pro/compensation/figures/"], args.requests, clock=clock)
    print(f"GET /pro/compensation/figures/: {result} {verdict(result['server'], 'p95_ms', 50)}")


if __name__ == "__main__":
    main()
