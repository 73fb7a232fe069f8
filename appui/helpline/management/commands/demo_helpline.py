"""`appui demo_helpline`: the demo's 116 006 (run by `appui load_demo`; never in production)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from appui.helpline import demo


class Command(BaseCommand):
    help = "Load the demo helpline: switchboard, extensions, past calls, requests waiting."

    def handle(self, *args, **options) -> None:
        if settings.IS_PRODUCTION:
            raise CommandError("No demo data in production.")
        made = demo.load()
        self.stdout.write(
            f"Demo helpline: {made['calls']} past calls; switchboard {demo.SWITCHBOARD!r}."
        )
