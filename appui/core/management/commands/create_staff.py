"""`appui create_staff EMAIL`: a staff account, for the administration at /admin/ or, with
`--organisation CODE --role ROLE`, for an association's case files at /pro/.

Prints a new random password and the account's authenticator key (an otpauth:// URI) once;
neither is stored in clear or can be shown again. Running it again for the same address
renews both (a lost phone, a forgotten password).

An account made here is confirmed at once (whoever runs commands on the server is trusted
with the whole database): this is where a new network's first accounts come from. Its
organisation never changes: running the command again with another organisation is refused.
"""

from django.core.management.base import BaseCommand, CommandError

from appui.core import services
from appui.core.models import Role

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

        parser.add_argument(
            "--organisation",
            metavar="CODE",
            help="the organisation's code (with --role): an account of its case files",
        )
        parser.add_argument(
            "--role",
            choices=Role.values,
            help="the role in that organisation (with --organisation)",
        )
        parser.add_argument("--name", help="the name shown to colleagues")

    def handle(
        self,
        *args,
        email: str,
        superuser: bool,
        groups: list[str],
        organisation: str | None = None,
        role: str | None = None,
        name: str | None = None,
        **options,
    ) -> None:
        try:
            access = services.create_staff(
                email,
                superuser=superuser,
                groups=groups,
                organisation=organisation,
                role=role,
                name=name,
            )
        except services.StaffError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from None
        rights = ["superuser" if access.superuser else "staff", *access.groups]
        if access.organisation:
            rights.append(f"{access.role} at {access.organisation}, confirmed")
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
            + (
                "Recovery codes (each works once, for a lost phone):\n\n"
                + "".join(f"  {code}\n" for code in access.recovery_codes)
                + "\n"
                if access.recovery_codes
                else ""
            )
            + "Then log in at "
            + ("/pro/" if access.organisation else "/admin/")
            + " with the login, the password and the app's 6-digit code."
            + ("" if access.created else "\nThe former password and authenticator no longer work.")
        )
