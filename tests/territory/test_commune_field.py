"""The town field of Appui's forms (`appui.territory.forms.CommuneField`), its widget, the
suggestion endpoint and `{{ code|commune_label }}`, over the whole of France."""

import json
import re

import pytest
from django import forms
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from appui.territory import services
from appui.territory.forms import CommuneField, CommuneInput, Typed
from appui.territory.templatetags.territory import commune_label

pytestmark = pytest.mark.django_db

UNKNOWN = (
    "Nous ne connaissons pas cette commune. Vérifiez l'orthographe ou saisissez son code postal."
)


class TownForm(forms.Form):
    town = CommuneField(label="Commune", required=False)


class RequiredTownForm(forms.Form):
    town = CommuneField(label="Commune")
    note = forms.CharField(label="Note")


class PublicTownForm(forms.Form):
    town = CommuneField(label="Commune", required=False, codes=False)


def cleaned(text, form_class=TownForm, **data):
    form = form_class({"town": text, **data})
    assert form.is_valid(), form.errors
    return form.cleaned_data["town"]


def errors(text, form_class=TownForm, **data):
    form = form_class({"town": text, **data})
    assert not form.is_valid()
    return form.errors["town"]


def radios(html):
    return re.findall(r'name="town_choice" value="(\w+)"', html)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Nancy", "54395"),
        ("  NANCY ", "54395"),
        ("nancy", "54395"),
        ("Épinal", "88160"),
        ("epinal", "88160"),
        ("EPINAL", "88160"),
        ("Vandœuvre-lès-Nancy", "54547"),
        ("vandoeuvre les nancy", "54547"),
        ("vandoeuvre", "54547"),  # the only name that starts so
        ("saint etienne", "42218"),
        ("St-Étienne", "42218"),
        ("st etienne", "42218"),
        ("SAINT-ETIENNE", "42218"),
        ("saint die", "88413"),  # the only name whose first words these are
        ("St-Dié-des-Vosges", "88413"),
        ("l'hay les roses", "94038"),
        ("Paris", "75056"),
        ("Paris 15", "75115"),
        ("Lyon 3", "69383"),
    ],
)
def test_a_name_as_people_type_it(france, typed, code):
    assert cleaned(typed) == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("54000", "54395"),  # Nancy's first postcode, and no other commune's
        ("54100", "54395"),  # its second one
        ("42100", "42218"),
        ("75015", "75115"),  # the arrondissement, not all of Paris
        ("13005", "13205"),
        ("69003", "69383"),
    ],
)
def test_a_postcode_of_one_town(france, typed, code):
    assert cleaned(typed, PublicTownForm) == code


def test_a_postcode_of_several_towns_asks_which_one(france):
    form = TownForm({"town": "88100"})
    assert not form.is_valid()
    [message] = form.errors["town"]
    assert message.startswith(
        "Plusieurs communes ont le code postal 88100 : Saint-Dié-des-Vosges (88100), "
    )
    assert message.endswith(" (88100)…. Choisissez la vôtre, ou saisissez son nom.")
    assert message.count("(88100)") == 5  # the first five; the buttons offer them all:
    html = str(form["town"])
    assert radios(html)[0] == "88413"
    # eight communes have this postcode, and 88100 is the INSEE code of Chef-Haut (88500)
    assert len(radios(html)) == 9
    assert "Chef-Haut (88500), Vosges</label>" in html
    assert "Taintrux (88100), Vosges</label>" in html
    assert "De quelle commune s'agit-il ?" in html
    assert cleaned("88100", town_choice="88463") == "88463"  # Taintrux, one tap
    assert [hit.code for hit in services.resolve("88100", codes=False).candidates][-1] == "88111"


def test_a_name_of_several_towns_asks_which_one(france):
    [message] = errors("Saint-Denis")
    assert message == (
        "Plusieurs communes correspondent à « Saint-Denis » : Saint-Denis (97400), "
        "Saint-Denis (93200), Saint-Denis (11310), Saint-Denis (30500). "
        "Choisissez la vôtre, ou saisissez son code postal."
    )
    html = str(TownForm({"town": "Saint-Denis"})["town"])
    assert radios(html) == ["97411", "93066", "11339", "30247"]
    assert cleaned("Saint-Denis", town_choice="93066") == "93066"
    assert cleaned("Saint-Denis (93)") == "93066"
    assert cleaned("Saint-Denis (93200)") == "93066"
    assert cleaned("saint denis 974") == "97411"


def test_a_choice_counts_only_for_the_text_it_was_offered_for(france):
    assert cleaned("Nancy", town_choice="93066") == "54395"  # the text was changed since
    [message] = errors("Saint-Denis", town_choice="54395")  # not one of its towns
    assert message.startswith("Plusieurs communes correspondent")
    assert cleaned("Saint-Denis", town_choice="93066") == "93066"


def test_a_long_list_is_cut_in_the_message_but_offered_whole(france):
    [message] = errors("54")  # a département's postcode prefix
    assert message.startswith("Plusieurs communes ont le code postal 54 : Nancy (54000), ")
    assert "…. Choisissez" in message


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Nancy (54)", "54395"),
        ("Nancy (54000)", "54395"),
        ("Nancy (54100)", "54395"),
        ("Nancy 54", "54395"),
        ("Nancy, 54", "54395"),
        ("nancy(54)", "54395"),
        ("Ajaccio (2A)", "2A004"),
        ("Marseille (13)", "13055"),
        ("Marseille 5e Arrondissement (13)", "13205"),
        ("Saint-Étienne (42100)", "42218"),
    ],
)
def test_a_name_with_its_departement_or_postcode(france, typed, code):
    assert cleaned(typed) == code


def test_a_departement_that_is_not_the_towns_is_unknown(france):
    assert errors("Nancy (88)") == [UNKNOWN]


@pytest.mark.parametrize(
    ("typed", "code"), [("54395", "54395"), ("2A004", "2A004"), ("2b033", "2B033")]
)
def test_an_insee_code(france, typed, code):
    assert cleaned(typed) == code


def test_an_insee_code_that_is_also_a_postcode_is_offered_with_it(france):
    """88160 is Épinal's INSEE code and the postcode of Le Thillot and its neighbours."""
    html = str(TownForm({"town": "88160"})["town"])
    assert "Épinal (88000), Vosges</label>" in html
    assert "Le Thillot (88160), Vosges</label>" in html
    assert cleaned("88160", town_choice="88160") == "88160"


def test_the_public_never_has_a_number_read_as_an_insee_code(france):
    html = str(PublicTownForm({"town": "88160"})["town"])
    assert "Le Thillot (88160)" in html and "Épinal" not in html
    assert errors("54395", PublicTownForm) == [UNKNOWN]  # not a postcode


@pytest.mark.parametrize("typed", ["zzzz", "Nancyy sur mer", "99999", "x", "a" * 101])
def test_an_unknown_town(france, typed):
    assert errors(typed) == [UNKNOWN]


def test_the_messages_speak_the_users_language(france):
    with translation.override("en"):
        assert errors("zzzz") == [
            "We don't know this town. Check the spelling or type its postcode."
        ]
        [message] = errors("Saint-Denis")
        assert message.startswith("Several towns match “Saint-Denis”: Saint-Denis (97400), ")
    with translation.override("es"):
        assert errors("zzzz") == [
            "No conocemos este municipio. Compruebe la ortografía o escriba su código postal."
        ]


@pytest.mark.parametrize("data", [{"town": ""}, {"town": "   "}, {}])
def test_empty_when_not_required(france, data):
    form = TownForm(data)
    assert form.is_valid()
    assert form.cleaned_data["town"] == ""


def test_required(france):
    form = RequiredTownForm({"town": " ", "note": "x"})
    assert not form.is_valid()
    assert form.errors["town"] == ["Ce champ est obligatoire."]


def test_an_initial_code_is_shown_as_its_label_never_as_the_code(france):
    form = TownForm(initial={"town": "54395"})
    html = str(form["town"])
    assert 'value="Nancy (54000)"' in html
    assert "54395" not in html
    unchanged = TownForm({"town": "Nancy (54000)"}, initial={"town": "54395"})
    assert unchanged.is_valid()
    assert not unchanged.has_changed()
    changed = TownForm({"town": "Toul"}, initial={"town": "54395"})
    assert changed.is_valid() and changed.changed_data == ["town"]


def test_a_code_that_is_no_longer_a_commune_is_never_shown(france):
    html = str(TownForm(initial={"town": "54999"})["town"])
    assert "54999" not in html
    assert "value=" not in html.split("<input", 1)[1].split(">", 1)[0]
    assert "La commune enregistrée auparavant n'existe plus" in html


def test_what_was_typed_comes_back_as_its_town(france):
    """Another field is wrong: the town typed is shown as understood, never as a code."""
    form = RequiredTownForm({"town": "54395", "note": ""})
    assert not form.is_valid() and "town" not in form.errors
    html = str(form["town"])
    assert 'value="Nancy (54000)"' in html and "54395" not in html
    form = RequiredTownForm({"town": "88100", "town_choice": "88463", "note": ""})
    assert 'value="Taintrux (88100)"' in str(form["town"])
    assert not radios(str(form["town"]))


def test_a_form_that_lists_the_towns_itself_keeps_the_text_as_typed(france):
    class Listed(forms.Form):
        town = forms.CharField(widget=CommuneInput(choices=False))

    html = str(Listed({"town": "saint die"})["town"])
    assert 'value="saint die"' in html and not radios(html)
    html = str(Listed(initial={"town": Typed("88100")})["town"])
    assert 'value="88100"' in html  # a postcode searched for, not a code to label


def test_the_widget_loads_its_script_and_runs_none_inline(france):
    html = str(TownForm()["town"])
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == ['<script src="/static/territory/commune.js" defer>']
    assert 'data-commune-suggest="/api/territory/suggest"' in html
    assert 'data-commune-stylesheet="/static/territory/commune.css"' in html
    assert 'data-found-many="{count} communes trouvées' in html
    assert 'autocomplete="off"' in html and 'maxlength="100"' in html


def test_the_field_error_is_tied_to_the_box(france):
    form = RequiredTownForm({"town": "zzzz", "note": "x"})
    html = form["town"].as_field_group()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_town_error"' in html


def test_commune_label_filter(france):
    template = Template("{% load territory %}[{{ code|commune_label }}]")
    shown = {
        code: template.render(Context({"code": code}))
        for code in ("54395", "2A004", "13205", "75056", "", None, "54999", " 54395 ")
    }
    assert shown == {
        "54395": "[Nancy (54)]",
        "2A004": "[Ajaccio (2A)]",
        "13205": "[Marseille 5e Arrondissement (13)]",
        "75056": "[Paris (75)]",
        "": "[]",
        None: "[]",
        "54999": "[Commune inconnue]",
        " 54395 ": "[Nancy (54)]",
    }
    with translation.override("en"):
        assert commune_label("54999") == "Unknown town"


def test_every_label_shown_reads_back_to_its_commune(france):
    """What Appui shows ("Nancy (54000)" in a box, "Nancy (54)" on a page) can be typed
    back, or sent again unchanged, and means the same commune, everywhere in France."""
    index = services.current_index()
    wrong = [
        (hit.code, label)
        for hit in index.hits
        for label in (hit.label, commune_label(hit.code))
        if (found := index.resolve(label).hit) is None or found.code != hit.code
    ]
    assert len(index.hits) > 34_000
    assert wrong == []


def test_a_request_reads_the_loaded_communes_once(france):
    """A page labelling many towns asks the database once, not once per town."""
    services.get_commune("54395")
    # As Django's test client does: a request's start and end would otherwise close the
    # test's connection (it is inside the test's transaction) on PostgreSQL.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
        try:
            with CaptureQueriesContext(connection) as queries:
                for code in ("54395", "88160", "2A004", "13205"):
                    commune_label(code)
                services.resolve("Saint-Denis")
                services.search("epinal")
            assert len(queries) == 1
        finally:
            request_finished.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    with CaptureQueriesContext(connection) as queries:
        services.get_commune("54395")
        services.get_commune("88160")
    assert len(queries) == 2  # outside a request (commands, the worker): each time


def test_suggestions_take_the_text_in_the_body(client, france):
    url = "/api/territory/suggest"
    response = client.post(url, {"q": "saint etienne", "limit": 3}, content_type="application/json")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["label"] for r in results][:2] == [
        "Saint-Étienne (42000)",
        "Saint-Étienne-du-Rouvray (76800)",
    ]
    assert len(results) == 3 and results[0]["departement_name"] == "Loire"
    # Every suggestion reads back to its commune.
    for result in results:
        assert services.resolve(result["label"]).hit.code == result["code"]
    body = client.post(url, {"q": "54000"}, content_type="application/json").json()
    assert [r["label"] for r in body["results"]] == ["Nancy (54000)"]
    refused = client.post(url, {"q": "a"}, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "q"
    too_long = json.dumps({"q": "x" * 101})
    assert client.post(url, too_long, content_type="application/json").status_code == 422
    assert client.get(url, {"q": "nancy"}).status_code == 405


# The guide's town questions ("where", "home"): the field's box, the guide's own list ------


def where(client, data, expect):
    response = client.post("/guide/where/", data)
    assert response.status_code == expect, response.content.decode()[:2000]
    return response


def test_the_guide_goes_on_with_a_town_typed_without_searching(client, france):
    assert where(client, {"place": "54000"}, 302)["Location"] == "/guide/author/"
    page = client.get("/guide/where/").content.decode()
    assert 'value="Nancy (54000)"' in page  # her answer, back in the box
    assert 'name="commune"' not in page and "54395" not in page.split("<main", 1)[1]
    assert where(client, {"place": "Nancy (54000)"}, 302)["Location"] == "/guide/author/"


def test_the_guide_lists_the_towns_of_a_text_that_fits_several(client, france):
    page = where(client, {"place": "Saint-Denis"}, 422).content.decode()
    assert "Plusieurs communes correspondent à « Saint-Denis » : Saint-Denis (97400)" in page
    assert re.search(r'name="commune" value="93066"', page)
    assert 'value="Saint-Denis"' in page  # as she typed it, the list is for that text
    where(client, {"place": "Saint-Denis", "commune": "93066"}, 302)
    assert 'value="Saint-Denis (93200)"' in client.get("/guide/where/").content.decode()


def test_in_the_guide_a_town_typed_after_choosing_in_the_list_wins(client, france):
    """She searched, ticked Épinal, then typed another town: the town typed counts."""
    where(client, {"place": "Nancy", "commune": "88160"}, 302)
    assert 'value="Nancy (54000)"' in client.get("/guide/where/").content.decode()


def test_the_guide_search_keeps_the_text_and_offers_every_match(client, france):
    page = where(client, {"action": "search", "place": "saint die"}, 200).content.decode()
    assert 'value="saint die"' in page
    assert re.search(r'name="commune" value="63334"', page)  # Saint-Dier-d'Auvergne, listed
    where(client, {"place": "saint die", "commune": "63334"}, 302)  # and chosen


def test_the_guide_says_when_it_does_not_know_a_town(client, france):
    page = where(client, {"place": "zzzz"}, 422).content.decode()
    assert UNKNOWN.replace("'", "&#x27;") in page
    page = where(client, {"place": "54395"}, 422).content.decode()  # no INSEE code in public
    assert UNKNOWN.replace("'", "&#x27;") in page
