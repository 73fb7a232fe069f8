"""Generated documents' speed: each kind of letter as a tagged PDF, first and warm.

Run from the repository root (see benchmarks/README.md):

    .venv/bin/python benchmarks/letters.py [--rounds 30]

1. The first letter of a fresh process (WeasyPrint imported, fonts found and loaded), then
   the first one after the app's `warm_up()` as a web process runs it (`appui/wsgi.py`).
2. Each kind, filled as a real file would be (the CIVI request on the 706-14 route, the
   longest: five heads, sums received, R50-10, the serious situation), and the same CIVI
   request left blank: wall-clock median and 95th percentile, and the render's CPU time,
   over `--rounds` renders.

Target: a generated request ≤ 500 ms: the render's CPU time at p95 and its wall-clock median
(the wall clock's tail on a shared machine measures the other processes); the exit status
is 1 when one is missed.
No database is needed: a `Letter` is plain data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

from common import pin_one_core

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 500


def letters() -> dict:
    from appui.claims.letters import Addressee, ClaimLine, Letter, LetterKind, Person, Received

    claire = Person(
        last_name="Martin",
        first_names="Claire Anne",
        birth_date=dt.date(1980, 1, 5),
        birth_place="Épinal",
        nationality="française",
        profession="aide-soignante",
        address="3 rue des Lilas\n88000 Épinal",
        phone="06 12 34 56 78",
        email="claire@example.org",
    )
    heads = [
        ClaimLine("Souffrances endurées (SE)", Decimal("4200"), "3 sur 7", ["Expertise"]),
        ClaimLine("Dépenses de santé actuelles (DSA)", Decimal("312.40"), "restes à charge"),
        ClaimLine("Frais divers (FD)", Decimal("80"), "déplacements"),
        ClaimLine("Pertes de gains professionnels actuels (PGPA)", Decimal("1450"), "2 mois"),
        ClaimLine("Biens détruits ou endommagés", None, "lunettes"),
    ]
    common = {
        "applicant": claire,
        "offence_date": dt.date(2025, 3, 1),
        "offence_place": "Épinal (88000)",
        "circumstances": "Frappée à la sortie du travail par un inconnu. " * 6,
        "court": "Tribunal correctionnel d'Épinal",
        "case_number": "25061000123",
        "defendant": "Jean DUPONT",
        "claims": heads,
        "documents": ["Certificat médical initial", "Récépissé de plainte", "Factures"],
        "place_of_signature": "Épinal",
        "signed_on": dt.date(2026, 1, 5),
    }
    return {
        "civi_request (706-14, filled)": Letter(
            kind=LetterKind.CIVI_REQUEST,
            route="civi_capped",
            addressee=Addressee(
                "Commission d'indemnisation des victimes d'infractions – "
                "Tribunal judiciaire d'Épinal",
                "7 place Edmond Henry\n88000 Épinal",
            ),
            proceedings_state="enquête en cours",
            cap=Decimal("4822.50"),
            received=[Received("CPAM des Vosges", Decimal("310.20"), "soins")],
            others_liable=["CPAM des Vosges", "Mutuelle Santé Plus"],
            notification_address=claire.address,
            resources_statement="Revenu fiscal de référence 2024 : 14 000 €",
            real_estate="Aucun",
            serious_situation="Arrêt de travail, loyer impayé depuis deux mois.",
            **common,
        ),
        "civi_request (blank)": Letter(
            kind=LetterKind.CIVI_REQUEST, route="civi_capped", applicant=Person(), draft=True
        ),
        "sarvi_request": Letter(
            kind=LetterKind.SARVI_REQUEST,
            decision_date=dt.date(2025, 9, 15),
            decision_final_date=dt.date(2025, 10, 26),
            damages_awarded=Decimal("2500"),
            sarvi_amount=Decimal("1000"),
            iban="FR76 3000 6000 0112 3456 7890 189",
            bic="AGRIFRPP",
            account_holder="Claire Anne MARTIN",
            **common,
        ),
        "civil_party_letter": Letter(
            kind=LetterKind.CIVIL_PARTY_LETTER,
            hearing_date=dt.date(2026, 6, 15),
            letter_by=dt.date(2026, 6, 14),
            legal_costs_475_1=Decimal("800"),
            draft=True,
            **common,
        ),
        "prosecutor_letter": Letter(kind=LetterKind.PROSECUTOR_LETTER, **common),
        "judge_complaint": Letter(
            kind=LetterKind.JUDGE_COMPLAINT,
            offence_class="delit",
            complaint_date=dt.date(2025, 3, 2),
            **common,
        ),
    }


def first_letter(warm: bool) -> float:
    """Milliseconds of the first letter in a fresh process (optionally after warm_up)."""
    code = (
        "import os, time, logging, django\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'appui.settings')\n"
        "django.setup(); logging.disable(logging.CRITICAL)\n"
        "from django.apps import apps\n"
        f"if {warm}: apps.get_app_config('claims').warm_up()\n"
        "from appui.claims.letters import Letter, LetterKind, Person, render_pdf\n"
        "start = time.perf_counter()\n"
        "render_pdf(Letter(kind=LetterKind.CIVI_REQUEST, route='civi_full', applicant=Person()))\n"
        "print((time.perf_counter() - start) * 1000)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def warm(rounds: int) -> dict[str, dict[str, float]]:
    """Wall-clock and CPU milliseconds per letter (CPU: the render's own cost, which a
    shared, busy machine does not inflate)."""
    from appui.claims.letters import render_pdf

    results = {}
    for name, letter in letters().items():
        render_pdf(letter)
        wall, cpu = [], []
        for _ in range(rounds):
            start, start_cpu = time.perf_counter(), time.process_time()
            render_pdf(letter)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        wall.sort()
        cpu.sort()
        p95 = min(rounds - 1, int(rounds * 0.95))
        results[name] = {
            "median": statistics.median(wall),
            "p95": wall[p95],
            "cpu_median": statistics.median(cpu),
            "cpu_p95": cpu[p95],
        }
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "appui.settings")
    import django

    django.setup()
    logging.disable(logging.CRITICAL)  # WeasyPrint's progress lines
    print(pin_one_core())
    print(f"first letter of a fresh process: {first_letter(False):.0f} ms")
    print(f"first letter after warm_up():    {first_letter(True):.0f} ms")
    missed = False
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'document':32} {'median':>7} {'p95':>7} {'cpu med':>8} {'cpu p95':>8}  (ms)")
    for name, f in warm(args.rounds).items():
        wall = f"{f['median']:7.0f} {f['p95']:7.0f}"
        print(f"{name:32} {wall} {f['cpu_median']:8.0f} {f['cpu_p95']:8.0f}")
        missed = missed or f["cpu_p95"] > TARGET_MS or f["median"] > TARGET_MS
    print(f"target: ≤ {TARGET_MS} ms (CPU p95 and wall median): {'MISSED' if missed else 'met'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
