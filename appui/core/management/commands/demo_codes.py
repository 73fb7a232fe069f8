"""`appui demo_codes`: the current authenticator code of each demo account."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from appui.core import demo


class Command(BaseCommand):
    help = "Show the current 6-digit code of each demo account (development sites only)."

    def handle(self, *args, **options) -> None:
        if settings.IS_PRODUCTION:
            raise CommandError("There are no demo accounts in production.", returncode=2)
        self.stdout.write(f"Password of every demo account: {demo.DEMO_PASSWORD}\n")
        self.stdout.write("Codes change every 30 seconds.\n")
        for email, org, role, _name in demo.ACCOUNTS:
            self.stdout.write(f"  {demo.current_code(email)}  {email:32} {role} ({org})")
