"""`appui create_staff EMAIL`: a staff account for the administration at /admin/.

Prints a new random password and the account's authenticator key (an otpauth:// URI) once;
neither is stored in clear or can be shown again. Running it again for the same address
renews both (a lost phone, a forgotten password).
"""

from django.core.management.base import BaseCommand, CommandError

from appui.core import services

BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Create or renew a staff account for /admin/: prints its new password and its "
        "authenticator key (otpauth:// URI) once. Never removes rights already given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="the person's email address, which is also the login")
        parser.add_argument(
            "--superuser",
            action="store_true",
            help="every right, accounts included (keep to very few people)",
        )
        groups = sorted(services.staff_groups())
        parser.add_argument(
            "--group",
            action="append",
            default=[],
            choices=groups,
            dest="groups",
            help=f"add the account to a staff group (one of: {', '.join(groups)}); repeatable",
        )

    def handle(self, *args, email: str, superuser: bool, groups: list[str], **options) -> None:
        try:
            access = services.create_staff(email, superuser=superuser, groups=groups)
        except services.StaffError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from None
        rights = ["superuser" if access.superuser else "staff", *access.groups]
        done = "Created" if access.created else "Renewed"
        self.stdout.write(
            f"{done} the staff account {access.username} ({', '.join(rights)}).\n"
            "Shown once, stored nowhere in clear: give them to the person by a safe way.\n"
            f"\n"
            f"  Login:     {access.username}\n"
            f"  Password:  {access.password}\n"
            f"\n"
            "Authenticator app (any TOTP app): add this URI, or make a QR code of it:\n"
            f"\n"
            f"  {access.otpauth_uri}\n"
            f"\n"
            f"  (key to type by hand: {access.key})\n"
            f"\n"
            "Then log in at /admin/ with the login, the password and the app's 6-digit code."
            + ("" if access.created else "\nThe former password and authenticator no longer work.")
        )
