"""The directory's words in three languages, and the administration's checks."""

import pytest
from django.contrib.admin import AdminSite

from appui.directory import messages
from appui.directory.admin import DepartementFilter, ServiceAdmin
from appui.directory.forms import ServiceForm
from appui.directory.models import Coverage, CoverageLevel, Kind, Service


def test_every_message_has_three_languages():
    for key, texts in messages.CATALOGUE.items():
        assert len(texts) == 3 and all(t.strip() for t in texts), key
        assert len(set(texts)) > 1 or key in {"error.number"}, key


def test_every_kind_has_its_label():
    for kind in Kind:
        assert kind.label == messages.text(f"kind.{kind.value}", "fr")
        assert kind.label_in("en") and kind.label_in("es")


def test_unknown_language_falls_back_to_french():
    assert messages.text("hours.call", "de") == "Horaires : appeler"


def form(**data):
    values = {"kind": "bav", "name": "BAV test", "slug": "bav-test"}
    values.update(data)
    return ServiceForm(data=values)


@pytest.mark.django_db
def test_admin_form_refuses_unreadable_hours_with_a_clear_message():
    bad = form(opening_hours="Tu 25:00-26:00")
    assert not bad.is_valid()
    [message] = bad.errors["opening_hours"]
    assert message.startswith("Horaires illisibles à partir du caractère 4 (« 25:00-26:00 »)")
    assert "Tu 13:15-16:00; We 08:30-11:30; PH off" in message


@pytest.mark.django_db
def test_admin_form_reads_phones_and_emails_one_per_line():
    good = form(
        opening_hours="Tu 08:45-11:45; PH off",
        phones_text="03 29 34 92 91\nabroad: +33 1 80 52 33 76\n",
        emails_text="bav@example.org\n",
    )
    assert good.is_valid(), good.errors
    service = good.save()
    assert service.phones == [
        {"number": "03 29 34 92 91", "use": "main"},
        {"number": "+33 1 80 52 33 76", "use": "abroad"},
    ]
    assert service.emails == ["bav@example.org"]
    again = ServiceForm(instance=service)
    assert again["phones_text"].initial == "03 29 34 92 91\nabroad: +33 1 80 52 33 76"

    bad = form(phones_text="fax: 03 29\n03 AB", emails_text="nobody")
    assert not bad.is_valid()
    assert len(bad.errors["phones_text"]) == 2
    assert bad.errors["emails_text"] == ["nobody : Adresse électronique invalide."]


@pytest.mark.django_db
def test_coverage_codes_are_checked():
    service = Service.objects.create(slug="x", kind=Kind.BAV, name="X")
    with pytest.raises(Exception, match="département"):
        Coverage(service=service, level=CoverageLevel.DEPARTEMENT, code="20").full_clean()
    Coverage(service=service, level=CoverageLevel.COMMUNE, code="2A004").full_clean()


@pytest.mark.django_db
def test_admin_declares_search_filters_and_inlines(rf):
    model_admin = ServiceAdmin(Service, AdminSite())
    assert model_admin.check() == []
    assert "name" in model_admin.search_fields
    assert "kind" in model_admin.list_filter and DepartementFilter in model_admin.list_filter
    assert {inline.model.__name__ for inline in model_admin.inlines} == {"Coverage", "Closure"}
    bav = Service.objects.create(
        slug="bav", kind=Kind.BAV, name="BAV", opening_hours="Tu 08:45-11:45"
    )
    assert "mardi : 8 h 45 – 11 h 45" in model_admin.hours_in_words(bav)
    Coverage.objects.create(service=bav, level=CoverageLevel.DEPARTEMENT, code="55")
    Service.objects.create(slug="other", kind=Kind.BAV, name="Other")
    request = rf.get("/")
    chosen = DepartementFilter(request, {"departement": ["55"]}, Service, model_admin)
    assert chosen.lookups(request, model_admin) == [("55", "55")]
    assert list(chosen.queryset(request, Service.objects.all())) == [bav]
