"""The language a person speaks and whether an interpreter is needed, chosen among named
languages and shown in words; towns typed by name or postcode in every case-file form and
shown by name on every case-file page, never as an INSEE code."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from appui.cases import languages, services
from appui.cases.models import Affair, CaseFile, Channel, Intake, Person
from appui.core.models import Role

from .conftest import actor, login


@pytest.fixture(scope="module")
def france(django_db_setup, django_db_blocker):
    from appui.territory import services as territory

    with django_db_blocker.unblock():
        territory.load(force=True)
    yield
    with django_db_blocker.unblock():
        territory.unload()


@pytest.fixture
def adviser(client, staff):
    user = staff(Role.LEGAL_ADVISER)
    login(client, user)
    client.cookies["django_language"] = "en"
    return user


def _new_person(client, **data):
    page = client.get(reverse("cases:person_new"))
    return client.post(
        reverse("cases:person_new"),
        {"once": page.context["once"], "last_name": "Haddad", "first_name": "Amina", **data},
    )


def test_the_language_is_chosen_by_name_and_shown_with_the_interpreter(client, adviser, france):
    page = client.get(reverse("cases:person_new")).content.decode()
    assert '<option value="ar">Arabic</option>' in page
    assert '<option value="fsl">French Sign Language (LSF)</option>' in page
    response = _new_person(client, language="ar", interpreter_needed="true")
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get()
    assert (person.language, person.interpreter_needed) == ("ar", True)
    page = client.get(reverse("cases:person", args=[person.pk])).content.decode()
    assert "Speaks: Arabic — interpreter needed" in page
    # In French, the names are French.
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("cases:person_edit", args=[person.pk])).content.decode()
    assert '<option value="ar" selected>Arabe</option>' in page


def test_an_unknown_language_is_a_field_error_and_nothing_is_saved(client, adviser, france):
    response = _new_person(client, language="klingon")
    assert response.status_code == 422
    assert "language" in response.context["form"].errors
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("language", "interpreter", "shown"),
    [
        ("ar", True, "Speaks: Arabic — interpreter needed"),
        ("ro", False, "Speaks: Romanian — no interpreter needed"),
        ("wo", None, "Speaks: Wolof"),
        ("", True, "Interpreter needed"),
    ],
)
def test_the_include_says_it_in_words(language, interpreter, shown):
    person = Person(last_name="X", language=language, interpreter_needed=interpreter)
    with translation.override("en"):
        html = render_to_string("cases/_person_language.html", {"person": person})
    assert shown in html


def test_the_include_says_nothing_when_nothing_is_known():
    html = render_to_string("cases/_person_language.html", {"person": Person(last_name="X")})
    assert html.strip() == ""


def test_a_language_recorded_earlier_and_no_longer_listed_stays_selectable():
    with translation.override("en"):
        options = dict(languages.choices("xx"))
    assert options["xx"] == "xx" and options[""] == "Not known"
    assert list(options)[:2] == ["", "fr"]


# --- towns -----------------------------------------------------------------------------


def test_a_town_typed_by_name_is_saved_as_its_code_and_shown_by_name(client, adviser, france):
    response = _new_person(client, commune_code="Nancy")
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get()
    assert person.commune_code == "54395"
    page = client.get(reverse("cases:person", args=[person.pk])).content.decode()
    assert "Nancy (54" in page and "54395" not in page
    page = client.get(reverse("cases:person_edit", args=[person.pk])).content.decode()
    assert 'value="Nancy (54000)"' in page and "54395" not in page
    assert "territory/commune.js" in page  # the suggestions as one types
    # A postcode works as well.
    response = client.post(
        reverse("cases:person_edit", args=[person.pk]),
        {"last_name": "Haddad", "commune_code": "57000", "interpreter_needed": "unknown"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.commune_code == "57463"


@pytest.mark.parametrize(
    ("typed", "message"),
    [("Saint-Denis", "Several towns"), ("Xyzzyville", "We don't know this town")],
)
def test_an_ambiguous_or_unknown_town_is_a_field_error(client, adviser, france, typed, message):
    response = _new_person(client, commune_code=typed)
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors["commune_code"])
    assert not Person.objects.exists()
    page = client.get(reverse("cases:intake_new"))
    response = client.post(
        reverse("cases:intake_new"),
        {
            "once": page.context["once"],
            "channel": Channel.OWN_REQUEST,
            "contact_name": "Amina",
            "commune_code": typed,
        },
    )
    assert response.status_code == 422 and "commune_code" in response.context["form"].errors
    assert not Intake.objects.exists()


def test_an_ambiguous_town_is_settled_by_choosing_among_the_towns_offered(client, adviser, france):
    response = _new_person(client, commune_code="Saint-Denis")
    assert 'name="commune_code_choice" value="93066"' in response.content.decode()
    response = _new_person(
        client, commune_code="Saint-Denis", commune_code_choice="93066", language=""
    )
    assert response.status_code == 302
    assert Person.objects.get().commune_code == "93066"


def test_the_intake_and_the_affair_take_towns_by_name_too(client, adviser, france):
    page = client.get(reverse("cases:intake_new"))
    response = client.post(
        reverse("cases:intake_new"),
        {
            "once": page.context["once"],
            "channel": Channel.OWN_REQUEST,
            "contact_name": "Amina Haddad",
            "commune_code": "nancy",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    intake = Intake.objects.get()
    assert intake.commune_code == "54395"
    page = client.get(reverse("cases:intake", args=[intake.pk])).content.decode()
    assert "Nancy (54)" in page and "54395" not in page

    person = services.create_person(actor(adviser), {"last_name": "Haddad"})
    url = reverse("cases:file_new", args=[person.pk])
    page = client.get(url)
    assert "territory/commune.js" in page.content.decode()
    base = {"role": "direct", "channel": Channel.OWN_REQUEST, "offence_category": "theft"}
    response = client.post(url, {**base, "once": page.context["once"], "commune_code": "Nowhere"})
    assert response.status_code == 422 and "commune_code" in response.context["form"].errors
    assert not CaseFile.objects.exists() and not Affair.objects.exists()
    page = client.get(url)
    response = client.post(url, {**base, "once": page.context["once"], "commune_code": "54000"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Affair.objects.get().commune_code == "54395"
