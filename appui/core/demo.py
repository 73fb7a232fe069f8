"""The demo network of a development site: the federation, two associations of the seed's
area, and one account per role, all with a known password and authenticator key.

Never in production: `load_demo` refuses to create these accounts there.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django_otp.oath import totp

from .models import Organisation, OrganisationKind, Place, PlaceKind, Role
from .services import create_staff

DEMO_PASSWORD = "demo-appui-2026"  # noqa: S105  (documented demo accounts, development only)

ORGANISATIONS = [
    {
        "code": "federation",
        "kind": OrganisationKind.FEDERATION,
        "name": "France Victimes (fédération)",
        "departement": "75",
        "directory_slug": "",
        "file_prefix": "FED",
    },
    {
        "code": "fv54",
        "kind": OrganisationKind.ASSOCIATION,
        "name": "Grand Nancy Aide aux Victimes (GNAV) – France Victimes 54",
        "departement": "54",
        "directory_slug": "gnav-france-victimes-54",
        "file_prefix": "FV54",
    },
    {
        "code": "fv88",
        "kind": OrganisationKind.ASSOCIATION,
        "name": "France Victimes 88 (Saint-Dié-des-Vosges)",
        "departement": "88",
        "directory_slug": "france-victimes-88-saint-die",
        "file_prefix": "FV88",
    },
]
PLACES = [
    ("fv54", PlaceKind.OFFICE, "Cité judiciaire de Nancy", "54395"),
    ("fv54", PlaceKind.POLICE, "Permanence à l'hôtel de police de Nancy", "54395"),
    ("fv88", PlaceKind.OFFICE, "Bureau de Saint-Dié-des-Vosges", "88413"),
    ("fv88", PlaceKind.BAV, "BAV du tribunal judiciaire d'Épinal", "88160"),
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
    ("ecoutant@federation.example", "federation", Role.HELPLINE_LISTENER, "Lou Écoutant"),
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
        orgs = {o.code: o for o in Organisation.objects.all()}
        for code, kind, name, commune in PLACES:
            Place.objects.get_or_create(
                organisation=orgs[code], name=name, defaults={"kind": kind, "commune_code": commune}
            )
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
