"""Every date and amount the staff forms take has a server-side range (issue 9, item 3):
past events from 1900 to today, planned ones up to ten years ahead, amounts from 0 to 10⁹ €.
A year-1 date once stored broke the file page and both exports for good."""

import datetime as dt
import html
import json

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from appui.cases import ranges, services
from appui.cases.forms import (
    AffairForm,
    AssessmentForm,
    FactsForm,
    JoinAffairForm,
    PersonForm,
    ProtectionForm,
    SearchForm,
)
from appui.cases.models import Affair, Channel, Interview
from appui.core.models import Role

from .conftest import actor, login


@pytest.fixture
def adviser(staff):
    return staff(Role.LEGAL_ADVISER)


@pytest.fixture
def file(adviser):
    who = actor(adviser)
    person = services.create_person(who, {"last_name": "Martin", "first_name": "Léa"})
    return services.open_file(
        who,
        person=person,
        role="direct",
        channel=Channel.OWN_REQUEST,
        affair_data={"offence_category": "violence", "offence_date": dt.date(2026, 10, 1)},
    )


def shown(response, message) -> bool:
    """The message, in the page's language (French), on the page."""
    with translation.override("fr"):
        return str(message) in html.unescape(response.content.decode())


def years_ahead(years: int) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year + years, day=min(today.day, 28))


def post_affair(client, file, **values):
    return client.post(
        reverse("cases:affair_edit", args=[file.pk]),
        {"offence_category": "violence", "offence_date": "2026-10-01", **values},
    )


def test_a_year_one_interview_is_refused_and_the_file_stays_readable(client, adviser, file):
    login(client, adviser, password_confirmed=True)
    url = reverse("cases:interview_new", args=[file.pk])
    page = client.get(url)
    response = client.post(
        url,
        {
            "once": page.context["once"],
            "discipline": "reception",
            "held_at": "0001-01-01T00:00",
            "duration_minutes": "30",
            "mode": "phone",
            "note": "Premier appel.",
        },
    )
    assert response.status_code == 422
    assert shown(response, ranges.TOO_EARLY)
    assert list(response.context["form"].errors) == ["held_at"]
    assert not Interview.objects.exists()

    assert client.get(reverse("cases:file", args=[file.pk])).status_code == 200
    export = client.get(reverse("cases:person_export", args=[file.person_id, "json"]))
    assert export.status_code == 200 and json.loads(export.content)["files"]
    pdf = client.get(reverse("cases:person_export", args=[file.person_id, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_hearing_up_to_ten_years_ahead(client, adviser, file):
    login(client, adviser)
    too_far = post_affair(client, file, next_hearing_date=years_ahead(11).isoformat())
    assert too_far.status_code == 422
    assert shown(too_far, ranges.TOO_FAR)
    assert Affair.objects.get().next_hearing_date is None

    nine = years_ahead(9)
    assert post_affair(client, file, next_hearing_date=nine.isoformat()).status_code == 302
    assert Affair.objects.get().next_hearing_date == nine


def test_damages_of_two_billion_are_refused(client, adviser, file):
    login(client, adviser)
    response = post_affair(client, file, damages_awarded="2000000000")
    assert response.status_code == 422
    assert shown(response, ranges.TOO_LARGE)
    assert Affair.objects.get().damages_awarded is None
    assert post_affair(client, file, damages_awarded="1500.50").status_code == 302
    assert str(Affair.objects.get().damages_awarded) == "1500.50"


def test_the_bounds_of_each_kind_of_field(db):
    today = timezone.localdate()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    # Past events: not before 1900, not after today.
    violence = {"offence_category": "violence"}
    for form, field in [
        (AffairForm({**violence, "judgment_date": "1899-12-31"}), "judgment_date"),
        (AffairForm({**violence, "judgment_date": tomorrow}), "judgment_date"),
        (AffairForm({**violence, "offence_date": "0201-05-01"}), "offence_date"),
        (PersonForm({"last_name": "Martin", "birth_date": "1850-01-01"}), "birth_date"),
        (SearchForm({"birth_date": "0001-01-01"}), "birth_date"),
        (AssessmentForm({"requested_on": tomorrow}), "requested_on"),
    ]:
        assert field in form.errors, (field, form.data)
    assert "birth_date" not in PersonForm({"last_name": "M", "birth_date": "1900-01-01"}).errors
    # Planned dates: up to ten years ahead, and not before 1900 either.
    far = years_ahead(11).isoformat()
    near = years_ahead(9).isoformat()
    join = {"role": "relative", "channel": "own_request"}
    assert "mandate_due" in JoinAffairForm({**join, "mandate_due": far}).errors
    assert JoinAffairForm({**join, "mandate_due": near}).is_valid()
    assert "mandate_due" in JoinAffairForm({**join, "mandate_due": "1899-01-01"}).errors
    assert "due_on" in AssessmentForm({"requested_on": "2026-11-01", "due_on": far}).errors
    assert "due_on" not in AssessmentForm({"requested_on": "2026-11-01", "due_on": near}).errors
    protection = {"kind": "tgd", "start_on": today.isoformat()}
    for name in ("end_on", "renewal_due"):
        assert name in ProtectionForm({**protection, name: far}).errors
        assert name not in ProtectionForm({**protection, name: near}).errors
    # Amounts and counts: from 0 to 10⁹.
    for name, value in [
        ("claim_amount", "-1"),
        ("claim_amount", "1000000000.01"),
        ("annual_income", "2e9"),
        ("itt_days", "-3"),
    ]:
        assert name in FactsForm({name: value}).errors, (name, value)
    assert FactsForm({"claim_amount": "1000000000", "itt_days": "0"}).is_valid()


def test_every_date_and_number_of_the_staff_forms_has_a_range():
    """A new date or number field gets its range without anyone remembering it."""
    from django import forms

    from appui.cases import forms as case_forms

    checked = 0
    for form_class in vars(case_forms).values():
        if not (isinstance(form_class, type) and issubclass(form_class, forms.BaseForm)):
            continue
        if form_class in (forms.Form, forms.ModelForm):
            continue
        for name, field in form_class.base_fields.items():
            if isinstance(field, (forms.DateField, forms.DateTimeField, forms.DecimalField)) or (
                isinstance(field, forms.IntegerField)
            ):
                assert issubclass(form_class, ranges.RangedForm), (form_class, name)
                checked += 1
    assert checked > 10
