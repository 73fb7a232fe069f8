"""`appui demo_compensation`: the demo association's compensation files. Safe to run again."""

from django.core.management.base import BaseCommand, CommandError

from appui.cases.demo import DemoNotReady
from appui.compensation import demo


class Command(BaseCommand):
    help = (
        "Outside production: a CIVI request with an offer to answer and a SARVI request, "
        "for the demo association fv54 (idempotent; run `appui load_demo` first)."
    )

    def handle(self, *args, **options) -> None:
        try:
            made, kept = demo.load()
        except DemoNotReady as missing:
            raise CommandError(str(missing)) from None
        self.stdout.write(f"Demo compensation files: {made} made, {kept} already there.")
