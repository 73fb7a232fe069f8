"""The shipped directory says what the sources say, no more, and loads again safely."""

import json

import pytest

from appui.directory import formats, services
from appui.directory.models import Kind, Service

from .conftest import paris

pytestmark = pytest.mark.django_db


def areas(service):
    return sorted((c.level, c.code) for c in service.coverage.all())


def test_the_seed_file_is_in_the_canonical_import_format():
    raw = services.SEED_PATH.read_text(encoding="utf-8")
    result = formats.read_json(raw)
    assert result.errors == []
    assert formats.write_json(result.entries, source=json.loads(raw)["source"]) == raw


def test_epinal_victim_support_office(seeded):
    bav = Service.objects.get(slug="bav-epinal")
    assert bav.kind == Kind.BAV
    assert bav.phones == [{"number": "03 29 34 92 91", "use": "main"}]
    assert bav.street == "Tribunal judiciaire, 7 place Edmond Henry"
    assert bav.commune_code == "88160"
    assert bav.opening_hours == (
        "Tu 13:15-16:00; We 08:30-11:30; Th 08:30-11:30,13:15-16:00; Fr 08:30-11:30; PH off"
    )
    assert areas(bav) == [("departement", "88")]


def test_bav_hours_as_the_court_page_gives_them(seeded):
    hours = dict(Service.objects.filter(kind=Kind.BAV).values_list("slug", "opening_hours"))
    assert hours == {
        "bav-bar-le-duc": "Tu 08:45-11:45; PH off",
        "bav-verdun": "We 13:45-16:45; PH off",
        "bav-epinal": (
            "Tu 13:15-16:00; We 08:30-11:30; Th 08:30-11:30,13:15-16:00; Fr 08:30-11:30; PH off"
        ),
        "bav-val-de-briey": "",  # the source gives none: no BAV hours are invented
    }


def test_no_bav_for_nancy_and_no_court_in_saint_die(seeded):
    assert not Service.objects.filter(kind=Kind.BAV, commune_code="54395").exists()
    courts = Service.objects.filter(kind=Kind.COURT)
    assert sorted(courts.values_list("commune_code", flat=True)) == [
        "54099",
        "54395",
        "55029",
        "55545",
        "88160",
    ]
    assert not Service.objects.filter(commune_code="88413").exclude(kind=Kind.ASSOCIATION)


def test_one_civi_per_tribunal_judiciaire(seeded):
    civis = {s.commune_code: s for s in Service.objects.filter(kind=Kind.CIVI)}
    courts = set(Service.objects.filter(kind=Kind.COURT).values_list("commune_code", flat=True))
    assert set(civis) == courts
    assert civis["88160"].name == "CIVI du tribunal judiciaire d'Épinal"
    assert civis["88160"].street == "Tribunal judiciaire, 7 place Edmond Henry"
    assert civis["55545"].name == "CIVI du tribunal judiciaire de Verdun"
    assert civis["55545"].street == ""
    assert "tribunal judiciaire de Verdun" in civis["55545"].notes_fr


def test_associations_and_partners(seeded):
    cidff88 = Service.objects.get(slug="cidff-88")
    assert (cidff88.street, cidff88.postcode, cidff88.city) == (
        "19 rue d'Ambrail",
        "88000",
        "Épinal",
    )
    assert cidff88.phones == [{"number": "03 29 35 49 15", "use": "main"}]
    assert cidff88.fax == "03 29 35 19 01"
    assert cidff88.emails == ["contact@cidff88.com"]

    saint_die = Service.objects.get(slug="france-victimes-88-saint-die")
    assert saint_die.phones == [{"number": "03 29 50 15 76", "use": "main"}]
    assert saint_die.commune_code == "88413"
    assert saint_die.terrorism_referent is True

    gnav = Service.objects.get(slug="gnav-france-victimes-54")
    assert gnav.street == "Cité judiciaire, rue du Général Fabvier"
    assert gnav.fax == "03 83 90 68 34"
    assert gnav.emails == ["direction.gnav@orange.fr"]

    meuse = Service.objects.get(slug="cidff-meuse")
    assert meuse.website == "http://www.cidffmeuse.fr/"
    assert meuse.emails == ["cidff55@orange.fr"]

    briey = Service.objects.get(slug="cidff-val-de-briey")
    assert (briey.street, briey.postcode) == ("4 rue du Maréchal Foch, BP 83", "54153")
    assert briey.phones == [{"number": "03 82 23 29 88", "use": "main"}]


def test_each_association_covers_its_departement(seeded):
    expected = {
        "cidff-meuse": "55",
        "gnav-france-victimes-54": "54",
        "cidff-val-de-briey": "54",
        "cidff-88": "88",
        "france-victimes-88-saint-die": "88",
    }
    for slug, departement in expected.items():
        assert areas(Service.objects.get(slug=slug)) == [("departement", departement)]


def test_terrorism_referents_name_nobody(seeded):
    referents = Service.objects.filter(terrorism_referent=True)
    assert sorted(referents.values_list("slug", flat=True)) == [
        "france-victimes-88-saint-die",
        "gnav-france-victimes-54",
    ]
    for service in referents:
        assert "référent « acte de terrorisme »" in service.notes_fr


def test_national_numbers(seeded):
    numbers = services.national_numbers("en", now=paris(2025, 11, 18, 10, 0))
    assert [view.phones[0].number for view in numbers] == [
        "17",
        "112",
        "114",
        "116 006",
        "3919",
        "119",
    ]
    helpline = numbers[3]
    assert [(p.number, p.use, p.label) for p in helpline.phones] == [
        ("116 006", "main", "Phone"),
        ("+33 1 80 52 33 76", "abroad", "From abroad"),
    ]
    assert helpline.phones[1].href == "tel:+33180523376"
    assert "7 pm or 8 pm" in helpline.notes  # the sources' disagreement is said, not hidden
    assert helpline.hours_status.open is True
    assert numbers[2].phones[0].label == "By text message (SMS)"
    assert numbers[0].hours_status.text == "Open now, 24 hours a day"
    assert numbers[4].hours_status.text == "Hours: please call"  # no source gives them


def test_val_de_briey_office_says_call(seeded):
    service = Service.objects.get(slug="bav-val-de-briey")
    assert "dépliant du CIDFF" in service.notes_fr


def test_load_seed_is_idempotent(seeded):
    count = Service.objects.count()
    first = services.export("json")
    report = services.load_seed()
    assert (report.created, report.updated, report.deleted) == (0, count, 0)
    assert Service.objects.count() == count
    assert services.export("json") == first


def test_load_seed_replaces_its_own_entries_only(seeded):
    bav = Service.objects.get(slug="bav-epinal")
    bav.opening_hours = "Mo 10:00-11:00"
    bav.save()
    services.add_closure(bav, paris(2025, 12, 1, 0, 0).date(), paris(2025, 12, 2, 0, 0).date())
    Service.objects.create(slug="seed-leftover", kind=Kind.BAR, name="Gone", dataset="seed-nancy")
    Service.objects.create(slug="mine", kind=Kind.BAR, name="Entered by hand")

    report = services.load_seed()

    assert report.deleted == 1
    bav.refresh_from_db()
    assert bav.opening_hours.startswith("Tu 13:15-16:00")
    assert bav.closures.count() == 0
    assert not Service.objects.filter(slug="seed-leftover").exists()
    assert Service.objects.filter(slug="mine").exists()


def test_every_kind_in_the_seed_is_labelled_in_three_languages(seeded):
    for kind in Service.objects.values_list("kind", flat=True).distinct():
        labels = {Kind(kind).label_in(lang) for lang in ("fr", "en", "es")}
        assert len(labels) == 3
