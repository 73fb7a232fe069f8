"""Local help for a town: who helps first, then where to go; and the helpline when none is known."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from appui.directory.models import Kind

from . import wording as W

# Who helps first, then where to go: a victim looks for a person before a building.
KIND_ORDER = tuple(
    kind.value
    for kind in (
        Kind.ASSOCIATION,
        Kind.BAV,
        Kind.CIDFF,
        Kind.POINT_JUSTICE,
        Kind.MJD,
        Kind.BAR,
        Kind.PARTNER,
        Kind.POLICE,
        Kind.GENDARMERIE,
        Kind.CIVI,
        Kind.COURT,
        Kind.COMMISSAIRE_JUSTICE,
    )
)
HELPLINE = "116 006"


def local_help(commune_code: str | None, lang: str, now: dt.datetime | None = None) -> list:
    """The directory's services for a town, associations and victim bureaux first."""
    if not commune_code:
        return []
    from appui.directory.services import services_for_commune

    order = {kind: rank for rank, kind in enumerate(KIND_ORDER)}
    services = services_for_commune(commune_code, lang=lang, now=now)
    return sorted(services, key=lambda s: order.get(s.kind, len(order)))


def national_numbers(lang: str, now: dt.datetime | None = None) -> list:
    """The free national numbers, named in the reader's language."""
    from appui.directory.services import national_numbers as numbers

    named = []
    for service in numbers(lang, now=now):
        entry = W.NUMBER_NAMES.get(service.phones[0].number if service.phones else "")
        named.append(replace(service, name=W.say(entry, lang)) if entry else service)
    return named


def helpline(numbers: list):
    """The 116 006 among the national numbers, with today's hours (None if not listed)."""
    for service in numbers:
        if any(phone.number == HELPLINE for phone in service.phones):
            return service
    return None
