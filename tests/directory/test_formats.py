"""Import and export: CSV and JSON, all or nothing, each error with its line and field."""

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appui.directory import formats, services
from appui.directory.models import Closure, Coverage, Service

GOOD_JSON = """{
  "format": "appui-directory",
  "version": 1,
  "services": [
    {
      "slug": "bav-test",
      "kind": "bav",
      "name": "Bureau d'aide aux victimes de test",
      "street": "7 place Edmond Henry",
      "city": "Épinal",
      "commune_code": "88160",
      "latitude": 48.17,
      "longitude": 6.45,
      "phones": ["03 29 34 92 91", {"number": "+33 1 80 52 33 76", "use": "abroad"}],
      "emails": ["bav@example.org"],
      "website": "https://example.org/bav",
      "opening_hours": "Tu 13:15-16:00; PH off",
      "closures": [{"start": "2025-12-22", "end": "2026-01-02", "reason": "Congés"}],
      "coverage": {"departements": ["88"], "communes": ["54395"]}
    },
    {"slug": "numero-test", "kind": "national_number", "name": "Numéro de test",
     "phones": [{"number": "114", "use": "sms"}], "coverage": {"national": true}}
  ]
}
"""

GOOD_CSV = (
    "slug,kind,name,street,postcode,city,commune_code,phones,emails,opening_hours,"
    "terrorism_referent,coverage_departements,coverage_communes,closures,notes_fr,notes_en\n"
    'fv-test,association,France Victimes test,"19 rue d\'Ambrail",88000,Épinal,88160,'
    "03 29 35 49 15 | abroad: +33 1 80 52 33 76,a@example.org | b@example.org,"
    '"Tu 13:15-16:00; Th 08:30-11:30,13:15-16:00; PH off",true,88 | 54,,'
    '2025-12-22/2026-01-02 Congés | 2026-05-01/2026-05-01,"Sur rendez-vous,\nle mardi",'
    "By appointment\n"
    "cidff-test,cidff,CIDFF test,,,,,,,,,55,,,,\n"
)


@pytest.mark.django_db
def test_json_import_stores_everything():
    report = services.import_file(GOOD_JSON, "json")
    assert report.ok and (report.created, report.updated) == (2, 0)
    bav = Service.objects.get(slug="bav-test")
    assert bav.phones == [
        {"number": "03 29 34 92 91", "use": "main"},
        {"number": "+33 1 80 52 33 76", "use": "abroad"},
    ]
    assert (bav.latitude, bav.longitude) == (48.17, 6.45)
    assert sorted((c.level, c.code) for c in bav.coverage.all()) == [
        ("commune", "54395"),
        ("departement", "88"),
    ]
    closure = bav.closures.get()
    assert (closure.start, closure.end, closure.reason) == (
        dt.date(2025, 12, 22),
        dt.date(2026, 1, 2),
        "Congés",
    )
    number = Service.objects.get(slug="numero-test")
    assert [(c.level, c.code) for c in number.coverage.all()] == [("national", "")]


@pytest.mark.django_db
def test_csv_import_reads_lists_and_multiline_cells():
    report = services.import_file(GOOD_CSV.encode("utf-8-sig"), "csv")
    assert report.ok, report.errors
    fv = Service.objects.get(slug="fv-test")
    assert fv.phones[1] == {"number": "+33 1 80 52 33 76", "use": "abroad"}
    assert fv.emails == ["a@example.org", "b@example.org"]
    assert fv.terrorism_referent is True
    assert fv.notes_fr == "Sur rendez-vous,\nle mardi"
    assert fv.notes("en") == "By appointment"
    assert fv.notes("es") == "Sur rendez-vous,\nle mardi"  # French when not translated
    assert fv.closures.count() == 2
    assert sorted(c.code for c in fv.coverage.all()) == ["54", "88"]
    assert Service.objects.get(slug="cidff-test").opening_hours == ""


@pytest.mark.django_db
def test_semicolon_separated_csv_is_recognised():
    text = "slug;kind;name;coverage_departements\nbar-test;bar;Ordre des avocats;54\n"
    assert services.import_file(text, "csv").ok
    assert Service.objects.get(slug="bar-test").kind == "bar"


@pytest.mark.django_db
@pytest.mark.parametrize("first", ["json", "csv"])
def test_round_trip_through_export(first):
    services.import_file(GOOD_JSON, "json")
    services.import_file(GOOD_CSV, "csv")
    exported = services.export(first)
    Service.objects.all().delete()
    assert services.import_file(exported, first).created == 4
    assert services.export(first) == exported
    # and across formats: CSV → JSON gives the same JSON
    as_json = services.export("json")
    as_csv = services.export("csv")
    Service.objects.all().delete()
    services.import_file(as_csv, "csv")
    assert services.export("json") == as_json


@pytest.mark.django_db
def test_import_again_replaces_by_slug():
    services.import_file(GOOD_JSON, "json")
    changed = GOOD_JSON.replace('"Tu 13:15-16:00; PH off"', '"We 08:30-11:30"').replace(
        '"closures": [{"start": "2025-12-22", "end": "2026-01-02", "reason": "Congés"}],', ""
    )
    report = services.import_file(changed, "json")
    assert (report.created, report.updated) == (0, 2)
    bav = Service.objects.get(slug="bav-test")
    assert bav.opening_hours == "We 08:30-11:30"
    assert bav.closures.count() == 0
    assert Service.objects.count() == 2


BAD_JSON = """{
  "services": [
    {"slug": "ok-entry", "kind": "bav", "name": "Valid entry"},
    {
      "slug": "Bad Slug",
      "kind": "bakery",
      "name": "",
      "phones": ["03 AB"],
      "opening_hours": "Tu 25:00-26:00",
      "coverage": {"departements": ["20"], "communes": ["8816"]},
      "closures": [{"start": "2026-01-02", "end": "2025-12-22"}],
      "latitude": 48.1,
      "colour": "blue"
    },
    {"slug": "ok-entry", "kind": "court", "name": "Same slug", "website": "example.org",
     "emails": ["not-an-email"], "terrorism_referent": "yes"}
  ]
}
"""


@pytest.mark.django_db
def test_bad_json_imports_nothing_and_reports_each_field():
    report = services.import_file(BAD_JSON, "json", lang="en")
    assert not report.ok
    assert Service.objects.count() == 0
    found = {(e.line, e.field) for e in report.errors}
    assert found == {
        (4, "colour"),
        (4, "name"),
        (4, "slug"),
        (4, "kind"),
        (4, "phones[0].number"),
        (4, "opening_hours"),
        (4, "coverage.departements[0]"),
        (4, "coverage.communes[0]"),
        (4, "closures[0].end"),
        (4, "longitude"),
        (15, "website"),
        (15, "emails[0]"),
        (15, "terrorism_referent"),
        (15, "slug"),
    }
    messages = {(e.line, e.field): e.message for e in report.errors}
    assert messages[(15, "slug")] == "Identifier already used on line 3 of this file."
    assert messages[(4, "opening_hours")].startswith("Unreadable hours from character 4")
    assert "bav, court, civi" in messages[(4, "kind")]


@pytest.mark.django_db
def test_errors_come_in_the_requested_language():
    report = services.import_file('{"services": [{"slug": "x", "kind": "bav"}]}', "json")
    assert [(e.field, e.message) for e in report.errors] == [("name", "Ce champ est obligatoire.")]
    report = services.import_file('{"services": [{"slug": "x", "kind": "bav"}]}', "json", lang="es")
    assert report.errors[0].message == "Este campo es obligatorio."


BAD_CSV = (
    "slug,kind,name,postcode,phones,coverage_departements,terrorism_referent,closures,latitude\n"
    "good-one,bav,Good,55100,03 29 86 70 41,55,false,,\n"
    "bad-one,bav,Bad,551,fax: 03,99,maybe,2025-12-22 to 2026-01-02,north\n"
    '"multi-\nline",bav,"Name",,,,,,\n'
    "short,bav\n"
)


@pytest.mark.django_db
def test_bad_csv_imports_nothing_and_reports_line_and_column():
    report = services.import_file(BAD_CSV, "csv")
    assert Service.objects.count() == 0
    assert {(e.line, e.field) for e in report.errors} == {
        (3, "postcode"),
        (3, "phones"),
        (3, "coverage_departements"),
        (3, "terrorism_referent"),
        (3, "closures"),
        (3, "latitude"),
        (4, "slug"),
        (6, "$"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "file_format", "line", "field"),
    [
        ('{"services": [\n{"slug": "a",,}]}', "json", 2, "$"),
        ("[]", "json", 1, "$"),
        ('{"format": "other", "services": []}', "json", 1, "format"),
        ('{"version": 9, "services": []}', "json", 1, "version"),
        ('{"services": {}}', "json", 1, "services"),
        ('{"services": []}', "json", 1, "$"),
        ("slug,kind,name,colour\n", "csv", 1, "colour"),
        ("slug,kind\n", "csv", 1, "name"),
        (b"slug,kind,name\nx,bav,\xff\n", "csv", 2, "$"),
        ("", "csv", 1, "slug"),
    ],
)
def test_unreadable_files_are_errors_not_crashes(data, file_format, line, field):
    report = services.import_file(data, file_format)
    assert not report.ok
    assert (report.errors[0].line, report.errors[0].field) == (line, field)
    assert Service.objects.count() == 0


@pytest.mark.django_db
def test_a_failing_write_leaves_nothing_behind(monkeypatch):
    """One transaction: if storing the second entry fails, the first is not kept either."""
    entries = formats.read_json(GOOD_JSON).entries
    original = Closure.objects.bulk_create
    calls = []

    def fail_on_second(objs, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(objs, *args, **kwargs)

    monkeypatch.setattr(Closure.objects, "bulk_create", fail_on_second)
    with pytest.raises(RuntimeError):
        services.import_entries(entries)
    assert Service.objects.count() == 0
    assert Coverage.objects.count() == 0


def test_json_export_is_the_documented_shape():
    entry = formats.read_json(GOOD_JSON).entries[0]
    document = json.loads(formats.write_json([entry]))
    assert document["format"] == "appui-directory" and document["version"] == 1
    assert list(document["services"][0]) == list(formats.JSON_KEYS)
    assert document["services"][0]["phones"] == [
        "03 29 34 92 91",
        {"number": "+33 1 80 52 33 76", "use": "abroad"},
    ]
    header = formats.write_csv([entry]).splitlines()[0]
    assert header.split(",") == list(formats.CSV_COLUMNS)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(formats.JSON_KEYS + ("x",)), children, max_size=6)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300) | st.text(max_size=300))
def test_any_bytes_give_entries_or_errors_never_an_exception(data):
    for reader in (formats.read_csv, formats.read_json):
        result = reader(data)
        assert bool(result.entries) != bool(result.errors)
        assert all(e.line >= 1 and e.field and e.message for e in result.errors)


@settings(max_examples=200, deadline=None)
@given(services_list=st.lists(json_values, max_size=3))
def test_any_json_entries_give_entries_or_errors(services_list):
    result = formats.read_json(json.dumps({"services": services_list}))
    assert bool(result.entries) != bool(result.errors)
