"""`appui demo_agendas`: the demo's places and agendas (run by `load_demo`)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from appui.booking import demo


class Command(BaseCommand):
    help = "Link the demo associations to their places and make the demo agendas (idempotent)."

    def handle(self, *args, **options) -> None:
        if settings.IS_PRODUCTION:
            raise CommandError("No demonstration data in production.")
        counts = demo.load()
        self.stdout.write(f"Demo agendas ready: {counts['agendas']}.")
