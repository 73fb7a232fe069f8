"""`appui audit verify [--organisation ID]`: recompute the audit log's chains.

Each chain (one per organisation, 0 for lines without one) is walked in id order: every
line must hold the hash of the previous line of its chain and its own recomputed hash.
Prints "ok: N lines in M chains" (exit 0), or the first broken link of each broken chain:
line id, chain, what was expected and what was found (exit 1).
"""

from django.core.management.base import BaseCommand, CommandError

from appui.core.audit import HASHED_FIELDS, OPTIONAL_HASHED_FIELDS, line_hash
from appui.core.models import AuditEvent

CHUNK = 5000


class Command(BaseCommand):
    help = "Audit log: `verify` recomputes every chain and names the first broken link."

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["verify"])
        parser.add_argument(
            "--organisation", type=int, help="only this organisation's chain (0: the system's)"
        )

    def handle(self, *args, action: str, organisation: int | None = None, **options) -> None:
        lines = AuditEvent.objects.order_by("chain", "id")
        if organisation is not None:
            lines = lines.filter(chain=organisation)
        names = ["id", *HASHED_FIELDS, *OPTIONAL_HASHED_FIELDS, "hash"]
        count, chains, broken = 0, 0, []
        chain, previous, skip = None, "", False
        for row in lines.values_list(*names).iterator(chunk_size=CHUNK):
            values = dict(zip(names, row, strict=True))
            count += 1
            if values["chain"] != chain:
                chain, previous, skip = values["chain"], "", False
                chains += 1
            if skip:
                continue
            if values["previous_hash"] != previous:
                broken.append(
                    (values["id"], chain, "previous_hash", previous, values["previous_hash"])
                )
                skip = True
            elif (expected := line_hash(values)) != values["hash"]:
                broken.append((values["id"], chain, "hash", expected, values["hash"]))
                skip = True
            previous = values["hash"]
        if not broken:
            self.stdout.write(f"ok: {count} lines in {chains} chains")
            return
        for line_id, chain_id, what, expected, found in sorted(broken):
            self.stdout.write(
                f"broken: line {line_id} of chain {chain_id}: "
                f"{what} expected {expected or '(none)'}, found {found or '(none)'}"
            )
        raise CommandError(
            f"{len(broken)} of {chains} chains broken ({count} lines read); "
            f"first: line {min(broken)[0]}"
        )
