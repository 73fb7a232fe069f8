"""The 403 and 404 pages in the reader's language, without technical detail: a staff member
whose role cannot open a page is told so in plain words, with her way back to her home; a
record that does not exist and another association's record answer the same words, so
that nothing tells whether it exists."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from appui.cases import services
from appui.cases.models import Channel
from appui.core.models import Role

from .conftest import UserFactory, actor, login

LANGUAGES = ("fr", "en", "es")
TECHNICAL = ("Traceback", "Forbidden", "PermissionDenied", "Http404", "exception", "DEBUG")


def words(response) -> str:
    """The page's main text, without markup or the form tokens that change each time."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def read(client, url, language):
    client.cookies["django_language"] = language
    return client.get(url)


@pytest.fixture
def other_file(staff):
    who = actor(staff(Role.DIRECTION, "other"))
    person = services.create_person(who, {"last_name": "Martin"})
    return services.open_file(
        who,
        person=person,
        role="direct",
        channel=Channel.OWN_REQUEST,
        affair_data={"offence_category": "theft"},
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_her_role_cannot_open_says_so_and_leads_her_home(client, staff, language):
    listener = staff(Role.HELPLINE_LISTENER)
    login(client, listener)
    response = read(client, reverse("cases:home"), language)
    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        title = _("You cannot open this page")
        role = str(Role.HELPLINE_LISTENER.label)
        home_words = _("Back to my home page")
        confidential = _("Confidential data: every reading and change is recorded.")
    assert f"<h1>{title}</h1>" in html and role in words(response)
    assert confidential in html  # a staff page's footer, in her language
    assert not any(term in html for term in TECHNICAL)
    assert 'id="quick-exit"' not in html  # the public's quick exit is not for staff pages
    home = re.search(r'<a href="([^"]+)">' + re.escape(home_words) + "</a>", html).group(1)
    landing = client.get(home, follow=True)
    assert landing.status_code == 200
    assert landing.redirect_chain[-1][0] == reverse("cases:intake_queue")  # her first page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_record_and_another_associations_record_read_the_same(
    client, staff, other_file, language
):
    login(client, staff(Role.DIRECTION))
    foreign = read(client, reverse("cases:file", args=[other_file.pk]), language)
    missing = read(client, reverse("cases:file", args=[other_file.pk + 1000]), language)
    assert foreign.status_code == missing.status_code == 404
    assert words(foreign) == words(missing)
    with translation.override(language):
        said = _("This page does not exist or is not yours to see.")
    assert said in foreign.content.decode()
    assert f'<html lang="{language}">' in foreign.content.decode()
    assert other_file.number not in foreign.content.decode()
    assert not any(term in foreign.content.decode() for term in TECHNICAL)


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_keep_the_public_words(client, language):
    response = read(client, "/no-such-page", language)
    assert response.status_code == 404
    html = response.content.decode()
    with translation.override(language):
        moved = _("The page you are looking for does not exist or has moved.")
        staff_words = _("This page does not exist or is not yours to see.")
    assert moved in html and staff_words not in html
    assert 'id="quick-exit"' in html


def test_an_account_without_a_staff_profile_is_refused_without_detail(client, db):
    """A signed-in account that is no staff member (an administrator of the site only)."""
    user = UserFactory()
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    login(client, user)
    response = read(client, reverse("cases:home"), "en")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>You cannot open this page</h1>" in html
    assert "This page is not open to you." in html and 'href="/"' in html
    assert not any(term in html for term in TECHNICAL)
