"""The demo's places and agendas: which association runs which place of the seed's
directory, two demonstration units receiving pre-complaints, and the agendas of the seed's
victim bureaus. Idempotent; never in production.

The units are marked as demonstration data in their name and notes and carry no street
address: no invented address is ever shown as a real unit's.
"""

from __future__ import annotations

from django.db import transaction

from appui.core.models import Organisation
from appui.directory.models import Coverage, CoverageLevel, Kind, Service

from .models import Agenda, AgendaCapacity, Motive

DATASET = "demo"
DEMO_NOTE = (
    "Données de démonstration : ce n'est pas une unité réelle ; ni son nom, ni ses horaires, "
    "ni son absence d'adresse ne décrivent un service existant."
)
# The seed's directory lists no association in the Meuse: the demo's own, so that a caller
# from Verdun is routed to the demo's Meuse association (fv55). No address, no phone.
ASSOCIATION_NOTE = (
    "Données de démonstration : ce n'est pas une association réelle ; ni son nom, ni "
    "l'absence d'adresse et de téléphone ne décrivent un service existant."
)
# Seed directory entries run by the demo associations.
RUN_BY = {
    "gnav-france-victimes-54": "fv54",
    "france-victimes-88-saint-die": "fv88",
    "bav-epinal": "fv88",
    "bav-verdun": "fv55",
    "bav-bar-le-duc": "fv55",
}
# slug, kind, name, commune, département covered, hours, organisation code
PLACES = [
    (
        "demo-permanence-hotel-de-police-nancy",
        Kind.DESK,
        "Permanence à l'hôtel de police de Nancy",
        "54395",
        "",
        "Mo,Th 09:00-12:00; PH off",
        "fv54",
    ),
    (
        "demo-commissariat-epinal",
        Kind.POLICE,
        "Commissariat d'Épinal (démonstration)",
        "88160",
        "88",
        "Mo-Fr 08:30-12:00,13:30-18:00; PH off",
        "police-epinal",
    ),
    (
        "demo-gendarmerie-verdun",
        Kind.GENDARMERIE,
        "Brigade de gendarmerie de Verdun (démonstration)",
        "55545",
        "55",
        "Mo-Sa 08:00-12:00,14:00-18:00; PH off",
        "gendarmerie-verdun",
    ),
    (
        "demo-association-meuse",
        Kind.ASSOCIATION,
        "Association d'aide aux victimes de la Meuse (démonstration)",
        "55545",
        "55",
        "",
        "fv55",
    ),
    (
        "demo-commissariat-nancy",
        Kind.POLICE,
        "Commissariat de Nancy (démonstration, sans pré-plainte)",
        "54395",
        "54",
        "Mo-Su 00:00-24:00",
        "",
    ),
]
# slug → (slot minutes, {motive: capacity})
AGENDAS = {
    "demo-commissariat-epinal": (30, {Motive.PRE_COMPLAINT: 2}),
    "demo-gendarmerie-verdun": (30, {Motive.PRE_COMPLAINT: 1}),
    "bav-epinal": (30, {Motive.BAV: 1}),
    "bav-verdun": (30, {Motive.BAV: 1}),
    "bav-bar-le-duc": (30, {Motive.BAV: 1}),
    "gnav-france-victimes-54": (45, {Motive.ASSOCIATION: 2}),
    "france-victimes-88-saint-die": (45, {Motive.ASSOCIATION: 1}),
    "demo-permanence-hotel-de-police-nancy": (30, {Motive.ASSOCIATION: 1}),
}


def load() -> dict[str, int]:
    orgs = {o.code: o for o in Organisation.objects.all()}
    with transaction.atomic():
        for slug, code in RUN_BY.items():
            Service.objects.filter(slug=slug).update(organisation=orgs.get(code))
        for slug, kind, name, commune, departement, hours, code in PLACES:
            service, _ = Service.objects.update_or_create(
                slug=slug,
                defaults={
                    "kind": kind,
                    "name": name,
                    "commune_code": commune,
                    "opening_hours": hours,
                    "organisation": orgs.get(code),
                    "dataset": DATASET,
                    "notes_fr": {Kind.DESK: "", Kind.ASSOCIATION: ASSOCIATION_NOTE}.get(
                        kind, DEMO_NOTE
                    ),
                    "source": "Démonstration",
                },
            )
            if departement:
                Coverage.objects.get_or_create(
                    service=service, level=CoverageLevel.DEPARTEMENT, code=departement
                )
        made = 0
        for slug, (minutes, capacities) in AGENDAS.items():
            service = Service.objects.filter(slug=slug).first()
            if service is None or not service.opening_hours:
                continue
            agenda, _ = Agenda.objects.update_or_create(
                service=service, defaults={"slot_minutes": minutes}
            )
            for motive, capacity in capacities.items():
                AgendaCapacity.objects.update_or_create(
                    agenda=agenda, motive=motive, defaults={"capacity": capacity}
                )
            made += 1
    return {"agendas": made}
