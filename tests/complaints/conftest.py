"""The pre-complaints need the real territory (towns, distances), the demo units and
their agendas, and unit agents logged in with password and code."""

import pytest

from appui.core.models import Organisation, OrganisationKind, Role
from tests.cases.conftest import (  # noqa: F401  (fixtures)
    _fast_passwords,
    actor,
    as_user,
    federation,
    login,
    make_staff,
    other,
    own,
    staff,
)

ADDRESS = "203.0.113.7"


@pytest.fixture(scope="module")
def territory(django_db_setup, django_db_blocker):
    from appui.territory import services

    with django_db_blocker.unblock():
        services.load(force=True)
    yield
    with django_db_blocker.unblock():
        services.unload()


@pytest.fixture
def units(db, territory):
    """The demo's units (Épinal: police, 2 a slot; Verdun: gendarmerie, 1 a slot; Nancy:
    police without agenda) as `appui.booking.demo` makes them."""
    from appui.booking import demo
    from appui.directory.models import Service

    for code, name, departement in (
        ("police-epinal", "Commissariat d'Épinal (démonstration)", "88"),
        ("gendarmerie-verdun", "Brigade de Verdun (démonstration)", "55"),
    ):
        Organisation.objects.create(
            code=code,
            kind=OrganisationKind.UNIT,
            name=name,
            departement=departement,
            file_prefix=code[:4].upper(),
        )
    demo.load()
    return {
        "epinal": Service.objects.get(slug="demo-commissariat-epinal"),
        "verdun": Service.objects.get(slug="demo-gendarmerie-verdun"),
        "nancy": Service.objects.get(slug="demo-commissariat-nancy"),
    }


@pytest.fixture
def agent(units):
    """`agent("epinal")`: a unit agent of that unit."""

    def make(which="epinal"):
        return make_staff(units[which].organisation, Role.UNIT_AGENT)

    return make


NAME = ("Zéphyrine", "Quatremains")
PHONE = "06 98 76 54 32"
EMAIL = "zephyrine.quatremains@example.org"
CARD = "4970 1012 3456 7893"  # passes the Luhn check
IBAN = "FR76 3000 6000 0112 3456 7890 189"


def a_draft(category="theft", commune="88160"):
    """A complete draft as the session keeps it: a bike stolen in Épinal, paid by card."""
    return {
        "gate": {"what": category},
        "declarant": {
            "on_behalf": "self",
            "first_name": NAME[0],
            "last_name": NAME[1],
            "birth_date": "1990-03-04",
            "home": "88160",
            "address": "12 rue des Tilleuls",
            "phone": PHONE,
            "email": EMAIL,
        },
        "facts": {
            "when": "date",
            "date": "2026-11-02",
            "time": "18:30",
            "commune": commune,
            "place": "Devant la gare",
            "story": "Mon vélo bleu attaché devant la gare a disparu.",
        },
        "goods": {"nothing": False, "lines": [{"item": "Vélo bleu", "value": "450.00"}]},
        "payments": {
            "nothing": False,
            "lines": [
                {"kind": "card", "issuer": "Banque", "number": CARD.replace(" ", "")},
                {"kind": "account", "number": IBAN.replace(" ", "")},
            ],
        },
        "evidence": {"witnesses": "no", "evidence": ["receipts"]},
    }
