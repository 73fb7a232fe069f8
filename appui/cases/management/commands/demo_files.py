"""`appui demo_files`: the demo association's day, a dozen made-up files. Safe to run again."""

from django.core.management.base import BaseCommand, CommandError

from appui.cases import demo


class Command(BaseCommand):
    help = (
        "Outside production: a dozen made-up files and requests of the demo association "
        "fv54 at every stage, made through the services by its demo accounts (idempotent; "
        "run `appui load_demo` first)."
    )

    def handle(self, *args, **options) -> None:
        try:
            made, kept = demo.load()
        except demo.DemoNotReady as missing:
            raise CommandError(str(missing)) from None
        self.stdout.write(
            f"Demo files of {demo.ORGANISATION}: {made} stories made, {kept} already there "
            f"(log in as juriste@{demo.ORGANISATION}.example)."
        )
