"""The demo network of a development site: the federation, two associations of the seed's
area, and one account per role, all with a known password and authenticator key.

Never in production: `load_demo` refuses to create these accounts there.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django_otp.oath import totp

from .models import Organisation, OrganisationKind, Role
from .services import create_staff

DEMO_PASSWORD = "demo-appui-2026"  # noqa: S105  (documented demo accounts, development only)

ORGANISATIONS = [
    {
        "code": "federation",
        "kind": OrganisationKind.FEDERATION,
        "name": "France Victimes (fédération)",
        "departement": "75",
        "file_prefix": "FED",
    },
    {
        "code": "fv54",
        "kind": OrganisationKind.ASSOCIATION,
        "name": "Grand Nancy Aide aux Victimes (GNAV) – France Victimes 54",
        "departement": "54",
        "file_prefix": "FV54",
    },
    {
        "code": "fv88",
        "kind": OrganisationKind.ASSOCIATION,
        "name": "France Victimes 88 (Saint-Dié-des-Vosges)",
        "departement": "88",
        "file_prefix": "FV88",
    },
    # Not in the seed: the seed names no association for the Meuse's victim bureaus.
    {
        "code": "fv55",
        "kind": OrganisationKind.ASSOCIATION,
        "name": "Association de démonstration de la Meuse",
        "departement": "55",
        "file_prefix": "FV55",
    },
    # Demonstration units receiving pre-complaints (no real unit's data).
    {
        "code": "police-epinal",
        "kind": OrganisationKind.UNIT,
        "name": "Commissariat d'Épinal (démonstration)",
        "departement": "88",
        "file_prefix": "PE88",
    },
    {
        "code": "gendarmerie-verdun",
        "kind": OrganisationKind.UNIT,
        "name": "Brigade de gendarmerie de Verdun (démonstration)",
        "departement": "55",
        "file_prefix": "GV55",
    },
]
ACCOUNTS = [
    ("accueil@fv54.example", "fv54", Role.RECEPTIONIST, "Camille Accueil"),
    ("juriste@fv54.example", "fv54", Role.LEGAL_ADVISER, "Jules Juriste"),
    ("psy@fv54.example", "fv54", Role.PSYCHOLOGIST, "Paule Psychologue"),
    ("social@fv54.example", "fv54", Role.SOCIAL_WORKER, "Sam Social"),
    ("terrorisme@fv54.example", "fv54", Role.TERRORISM_REFERENT, "Théo Référent"),
    ("direction@fv54.example", "fv54", Role.DIRECTION, "Dominique Direction"),
    ("accueil@fv88.example", "fv88", Role.RECEPTIONIST, "Alex Accueil"),
    ("juriste@fv88.example", "fv88", Role.LEGAL_ADVISER, "Jo Juriste"),
    ("direction@fv88.example", "fv88", Role.DIRECTION, "Dany Direction"),
    ("accueil@fv55.example", "fv55", Role.RECEPTIONIST, "Morgane Accueil"),
    ("agent@police-epinal.example", "police-epinal", Role.UNIT_AGENT, "Yann Agent"),
    ("agent@gendarmerie-verdun.example", "gendarmerie-verdun", Role.UNIT_AGENT, "Inès Agent"),
    ("ecoutant@federation.example", "federation", Role.HELPLINE_LISTENER, "Lou Écoutant"),
    ("ecoutante@federation.example", "federation", Role.HELPLINE_LISTENER, "Sam Écoutante"),
    (
        "superviseur@federation.example",
        "federation",
        Role.HELPLINE_SUPERVISOR,
        "Claude Superviseur",
    ),
    ("admin@federation.example", "federation", Role.FEDERATION_ADMIN, "Ada Administratrice"),
]


def demo_key(email: str) -> str:
    """A fixed authenticator key (hex) per demo account, so its codes can be shown."""
    return hashlib.sha256(f"appui-demo:{email}".encode()).hexdigest()[:40]


def current_code(email: str) -> str:
    return f"{totp(bytes.fromhex(demo_key(email))):06d}"


def load() -> list[str]:
    with transaction.atomic():
        for data in ORGANISATIONS:
            Organisation.objects.update_or_create(code=data["code"], defaults=data)
        for email, org, role, name in ACCOUNTS:
            create_staff(
                email,
                organisation=org,
                role=role,
                name=name,
                totp_key=demo_key(email),
                password=DEMO_PASSWORD,
                # The federation's administrator also keeps the directory and the network
                # in /admin/.
                groups=("directory", "network") if role == Role.FEDERATION_ADMIN else (),
            )
    return [a[0] for a in ACCOUNTS]
