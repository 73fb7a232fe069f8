"""A referral picks a partner by kind, nearest to the person first (her town, else the
place of the facts, else the association's office), at most 20; never the association
itself, which the service refuses too; a partner named in free text stays possible. The
page works without JavaScript: the kind is chosen by a GET form, then the list appears."""

import re

import pytest
from django.urls import reverse

from appui.cases import services
from appui.cases.models import Channel, Referral
from appui.core.models import AuditEvent, Role
from appui.directory.models import Kind, Service

from .conftest import actor, login

TOUL, NANCY, EPINAL, METZ = "54528", "54395", "88160", "57463"


@pytest.fixture
def towns(db):
    from appui.territory import services as territory

    territory.load(force=True)


def service(slug, kind, name, *, commune="", lat=None, lon=None, city=""):
    return Service.objects.create(
        slug=slug,
        kind=kind,
        name=name,
        commune_code=commune,
        latitude=lat,
        longitude=lon,
        city=city,
    )


@pytest.fixture
def directory(towns, own, other):
    """Bars placed by their town or by coordinates, one that cannot be placed; the file's
    own association (by its directory entry) and another one."""
    return {
        "nancy": service(
            "barreau-nancy", Kind.BAR, "Barreau de Nancy", commune=NANCY, city="Nancy"
        ),
        "epinal": service(
            "barreau-epinal", Kind.BAR, "Barreau d'Épinal", lat=48.17, lon=6.45, city="Épinal"
        ),
        "metz": service("barreau-metz", Kind.BAR, "Barreau de Metz", commune=METZ, city="Metz"),
        "nowhere": service("barreau-x", Kind.BAR, "Barreau sans adresse"),
        "own": own.services.get(),
        # Another association of the network, by its own directory entry.
        "other": other.services.get(),
        "number": service("numero-116006", Kind.NATIONAL_NUMBER, "116 006"),
    }


@pytest.fixture
def make_file(staff):
    user = staff(Role.LEGAL_ADVISER)
    who = actor(user)

    def make(person_town="", facts_town=""):
        person = services.create_person(
            who, {"last_name": "Martin", "first_name": "Jeanne", "commune_code": person_town}
        )
        return services.open_file(
            who,
            person=person,
            role="direct",
            channel=Channel.OWN_REQUEST,
            affair_data={"offence_category": "theft", "commune_code": facts_town},
        )

    make.user = user
    return make


def listed(client, file, kind):
    """The partners the page offers, by their radio labels, in order (the empty choice
    first: a partner typed by name)."""
    response = client.get(reverse("cases:referral_new", args=[file.pk]), {"kind": kind})
    assert response.status_code == 200
    html = response.content.decode()
    labels = re.findall(r'<input type="radio" name="partner" value="(\d*)"[^>]*>\s*([^<]+)<', html)
    return [(value, " ".join(text.split())) for value, text in labels], html


def test_partners_of_the_kind_chosen_nearest_to_her_town_first(client, directory, make_file):
    file = make_file(person_town=TOUL, facts_town=EPINAL)
    login(client, make_file.user)
    page = client.get(reverse("cases:referral_new", args=[file.pk]))
    html = page.content.decode()
    # Without a kind, no list: a GET form to choose one, and the free-text partner.
    assert 'method="get"' in html and 'name="kind"' in html
    assert 'name="partner"' not in html and 'name="partner_name"' in html
    choices, html = listed(client, file, Kind.BAR)
    assert [value for value, _label in choices] == [
        "",
        str(directory["nancy"].pk),
        str(directory["metz"].pk),
        str(directory["epinal"].pk),
        str(directory["nowhere"].pk),
    ]
    distances = [float(m.replace(",", ".")) for m in re.findall(r"([\d,]+) km", html)]
    assert len(distances) == 3 and distances == sorted(distances)
    assert 15 < distances[0] < 30  # Toul–Nancy
    assert "Toul" in html  # the origin is said: her town, which is a read of her file
    assert AuditEvent.objects.filter(
        action="view", target="file", target_id=file.pk, actor_id=make_file.user.pk
    ).exists()
    assert "Barreau sans adresse" in choices[-1][1] and "km" not in choices[-1][1]


def test_distance_falls_back_on_the_place_of_the_facts_then_the_office(
    client, directory, make_file
):
    login(client, make_file.user)
    facts_only = make_file(facts_town=EPINAL)
    assert listed(client, facts_only, Kind.BAR)[0][1][0] == str(directory["epinal"].pk)
    origin = services.partner_origin(facts_only)
    assert origin.commune.code == EPINAL and origin.basis == services.OriginBasis.FACTS
    nothing = make_file()
    assert listed(client, nothing, Kind.BAR)[0][1][0] == str(directory["nancy"].pk)
    assert services.partner_origin(nothing).basis == services.OriginBasis.OFFICE


def test_the_association_itself_is_never_offered_and_refused_by_the_service(
    client, directory, make_file
):
    file = make_file(person_town=NANCY)
    login(client, make_file.user)
    choices, _html = listed(client, file, Kind.ASSOCIATION)
    assert [value for value, _label in choices] == ["", str(directory["other"].pk)]
    url = reverse("cases:referral_new", args=[file.pk])
    # Posted by hand, the association's own entry is refused with a field error.
    form = client.get(url, {"kind": Kind.ASSOCIATION}).content.decode()
    once = re.search(r'name="once" value="([^"]+)"', form).group(1)
    posted = client.post(
        url,
        {
            "once": once,
            "kind": Kind.ASSOCIATION,
            "partner": directory["own"].pk,
            "status": "proposed",
        },
    )
    assert posted.status_code == 422
    assert 'class="field-error"' in posted.content.decode()
    assert not Referral.objects.exists()
    # National numbers are not a kind one refers to.
    assert Kind.NATIONAL_NUMBER not in services.REFERRAL_KINDS
    assert listed(client, file, Kind.NATIONAL_NUMBER)[0] == []
    # The service refuses it too, whatever the form said.
    for refused in (directory["own"], directory["number"]):
        with pytest.raises(services.NotAPartner):
            services.add_referral(actor(make_file.user), file, {"partner": refused})
    assert not Referral.objects.exists()


def test_a_partner_of_the_list_or_typed_by_name_is_saved(client, directory, make_file):
    file = make_file(person_town=TOUL)
    login(client, make_file.user)
    url = reverse("cases:referral_new", args=[file.pk])

    def once():
        page = client.get(url, {"kind": Kind.BAR}).content.decode()
        return re.search(r'name="once" value="([^"]+)"', page).group(1)

    chosen = client.post(
        url,
        {"once": once(), "kind": Kind.BAR, "partner": directory["nancy"].pk, "status": "proposed"},
    )
    assert chosen.status_code == 302
    typed = client.post(
        url, {"once": once(), "partner_name": "Maître Durand", "status": "proposed"}
    )
    assert typed.status_code == 302
    empty = client.post(url, {"once": once(), "kind": Kind.BAR, "status": "proposed"})
    assert empty.status_code == 422
    saved = {r.partner_name: r.partner_id for r in Referral.objects.filter(case_file=file)}
    assert saved == {"Barreau de Nancy": directory["nancy"].pk, "Maître Durand": None}


def test_at_most_twenty_partners_are_listed(client, towns, make_file):
    for i in range(services.PARTNERS_SHOWN + 5):
        service(f"partner-{i}", Kind.PARTNER, f"Partenaire {i:02d}", lat=48.0 + i / 10, lon=6.2)
    file = make_file(person_town=NANCY)
    login(client, make_file.user)
    choices, _html = listed(client, file, Kind.PARTNER)
    names = [label.split(" — ")[0] for _value, label in choices[1:]]
    assert len(names) == services.PARTNERS_SHOWN == 20
    assert names[0] == "Partenaire 07"  # 48.7° N: the latitude of Nancy
