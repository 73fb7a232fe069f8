"""The town field in a real browser: suggestions by keyboard and mouse, on a phone and a
desktop, checked with axe-core; the same form without JavaScript; the guide's town question."""

import pytest
from django import forms
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path

import appui.urls
from appui.territory.forms import CommuneField

PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
PAGE = Template(
    """{% extends "base.html" %}{% load territory %}
{% block title %}Commune{% endblock %}
{% block content %}<h1>Une personne</h1>
<form method="post" novalidate>{% csrf_token %}{% include "core/_form.html" %}
<div class="actions"><button type="submit" class="button">Enregistrer</button></div></form>
{% if saved %}<p id="saved">{{ saved|commune_label }}</p>{% endif %}{% endblock %}"""
)


class PersonForm(forms.Form):
    town = CommuneField(label="Commune de résidence", help_text="Nom ou code postal.")
    note = forms.CharField(label="Note", required=False)


def person(request):
    form = PersonForm(request.POST or None)
    saved = form.cleaned_data["town"] if form.is_bound and form.is_valid() else None
    context = RequestContext(request, {"form": form, "saved": saved})
    return HttpResponse(PAGE.render(context), status=422 if form.errors else 200)


urlpatterns = [path("commune-form/", person), *appui.urls.urlpatterns]
pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def communes(transactional_db):
    from appui.territory import services

    services.load(force=True)


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth"), f"{width} px wide"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_suggestions_by_keyboard(
    page, live_server, communes, assert_accessible, page_errors, viewport
):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/commune-form/")
    box = page.get_by_role("combobox", name="Commune de résidence")
    assert box.get_attribute("aria-expanded") == "false"
    box.press_sequentially("saint eti", delay=20)
    listbox = page.get_by_role("listbox", name="Communes proposées")
    listbox.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.get_by_role("option")
    assert options.first.inner_text() == "Saint-Étienne (42000), Loire"
    assert "communes trouvées" in page.get_by_role("status").inner_text()
    assert_accessible(page)
    no_sideways_scroll(page)
    box.press("ArrowDown")
    box.press("ArrowDown")
    box.press("ArrowUp")
    first = options.first
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    box.press("Enter")  # picks the town; does not send the form
    assert box.input_value() == "Saint-Étienne (42000)"
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
    assert page.url.endswith("/commune-form/") and not page.locator("#saved").count()
    box.press("Enter")  # now it sends the form
    assert page.locator("#saved").inner_text() == "Saint-Étienne (42)"
    assert page_errors == []  # no script error, no refused inline script or style


def test_suggestions_by_mouse_and_escape(page, live_server, communes, page_errors):
    page.goto(live_server.url + "/commune-form/")
    box = page.get_by_role("combobox", name="Commune de résidence")
    box.press_sequentially("5400", delay=20)
    listbox = page.get_by_role("listbox")
    listbox.wait_for()
    box.press("Escape")
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
    box.press_sequentially("0", delay=20)
    option = listbox.get_by_role("option", name="Nancy (54000), Meurthe-et-Moselle")
    option.click()
    assert box.input_value() == "Nancy (54000)"
    assert box.evaluate("element => element === document.activeElement")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.locator("#saved").inner_text() == "Nancy (54)"
    assert page_errors == []


def test_a_postcode_of_several_towns_by_radio_buttons(
    page, live_server, communes, assert_accessible
):
    """What someone without JavaScript gets; with it, the same buttons, until a suggestion
    is picked."""
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/commune-form/")
    page.get_by_label("Commune de résidence").fill("88100")
    page.get_by_role("button", name="Enregistrer").click()
    assert "Plusieurs communes ont le code postal 88100" in page.get_by_role("alert").inner_text()
    group = page.get_by_role("group", name="De quelle commune s'agit-il ?")
    group.get_by_label("Taintrux (88100), Vosges").check()
    assert_accessible(page)
    no_sideways_scroll(page)
    page.get_by_role("button", name="Enregistrer").click()
    assert page.locator("#saved").inner_text() == "Taintrux (88)"


def test_without_javascript(chromium, live_server, communes):
    context = chromium.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/commune-form/")
        box = page.get_by_role("textbox", name="Commune de résidence")
        box.fill("zzzz")
        page.get_by_role("button", name="Enregistrer").click()
        assert "Nous ne connaissons pas cette commune" in page.get_by_role("alert").inner_text()
        page.get_by_role("textbox", name="Commune de résidence").fill("Saint-Denis")
        page.get_by_role("button", name="Enregistrer").click()
        page.get_by_label("Saint-Denis (93200), Seine-Saint-Denis").check()
        page.get_by_role("button", name="Enregistrer").click()
        assert page.locator("#saved").inner_text() == "Saint-Denis (93)"
    finally:
        context.close()


def test_the_guide_town_question_with_suggestions(page, live_server, communes, assert_accessible):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/guide/where/")
    box = page.get_by_role("combobox", name="Commune ou code postal où c'est arrivé")
    box.press_sequentially("nancy", delay=20)
    page.get_by_role("listbox").wait_for()
    assert_accessible(page)
    no_sideways_scroll(page)
    box.press("ArrowDown")
    box.press("Enter")
    assert box.input_value() == "Nancy (54000)"
    page.get_by_role("button", name="Continuer").click()
    assert page.url.endswith("/guide/author/")
    page.goto(live_server.url + "/guide/where/")
    box = page.get_by_label("Commune ou code postal où c'est arrivé")
    assert box.input_value() == "Nancy (54000)"
