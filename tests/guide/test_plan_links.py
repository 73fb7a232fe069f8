"""The plan's links to what can be done online: the pre-complaint where the facts fit it
(property or discrimination-type facts, author unknown), and a session at the victim bureau
of her court when that bureau takes appointments."""

import pytest
from django.urls import reverse

from appui.booking.models import Agenda, AgendaCapacity, Motive
from appui.directory.models import Service
from appui.guide import plan as plans
from appui.territory.models import Court, CourtArea

pytestmark = pytest.mark.django_db

VERDUN, COMMERCY = "55545", "55122"


def answers(situations=("theft",), **more):
    return {
        "danger": "no",
        "minor": "no",
        "situations": list(situations),
        "date": "2026-11-02",
        "commune": VERDUN,
        "author": "unknown",
        "complaint": "no",
        **more,
    }


def bav_agenda(slug, motive=Motive.BAV, *, active=True):
    agenda = Agenda.objects.create(service=Service.objects.get(slug=slug), active=active)
    AgendaCapacity.objects.create(agenda=agenda, motive=motive)
    return agenda


@pytest.mark.parametrize(
    ("situations", "more", "fits"),
    [
        (("theft",), {}, True),
        (("fraud", "damage"), {}, True),
        (("insults",), {}, True),
        (("discrimination",), {}, True),
        (("car_burnt",), {}, True),
        (("theft",), {"author": "known"}, False),
        (("theft",), {"author": "partner"}, False),
        (("theft",), {"author": None}, False),  # not answered: not known to be unknown
        (("hit",), {}, False),
        (("theft", "hit"), {}, False),  # a bag snatched with a blow: violence too
        (("threats",), {}, False),
        (("other",), {}, False),
        (("theft",), {"complaint": "yes"}, False),
        (("theft",), {"danger": "yes"}, False),
        (("theft",), {"abroad": True, "commune": None}, False),
    ],
)
def test_the_pre_complaint_is_offered_where_the_facts_fit(territory, situations, more, fits):
    given = {k: v for k, v in answers(situations, **more).items() if v is not None}
    result = plans.build(given, "fr")
    assert (result.pre_complaint is not None) == fits
    if fits:
        assert result.pre_complaint == plans.pre_complaint_url()


def plan_page(client, given):
    """The plan page for these answers, in English (the interface's msgids)."""
    session = client.session
    session["guide"] = dict(given)
    session.save()
    response = client.get(reverse("guide:plan"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.get("Location")
    return response.content.decode()


def test_the_plan_page_links_to_the_pre_complaint_with_the_national_complaint_said(
    client, territory, directory
):
    page = plan_page(client, answers())
    assert f'href="{plans.pre_complaint_url()}"' in page
    assert "Declare it online and choose your appointment" in page
    assert "Since 15 October 2024, the national online complaint has replaced" in page
    # Its legal basis is under "Legal detail" only.
    start = page.index("Declare it online and choose your appointment")
    detail = page.index('<details class="legal-detail">', start)
    assert page.index("Décret n° 2008-1109", start) > detail
    page = plan_page(client, answers(author="known"))
    assert "Declare it online and choose your appointment" not in page
    assert f'href="{plans.pre_complaint_url()}"' not in page


def test_a_bav_of_her_court_that_takes_appointments_gets_a_booking_button(territory, directory):
    plain = plans.build(answers(), "fr")
    assert plain.bav_bookings == []  # no agenda yet: nothing to book
    bav_agenda("bav-verdun")
    bav_agenda("bav-bar-le-duc")
    [verdun] = plans.build(answers(), "fr").bav_bookings
    assert verdun.name.endswith("de Verdun")
    assert verdun.url == _bav_url("bav-verdun")
    # A town without a bureau, its court not known: every bureau of her list that books.
    slugs = {b.url for b in plans.build(answers(commune=COMMERCY), "fr").bav_bookings}
    assert slugs == {_bav_url("bav-verdun"), _bav_url("bav-bar-le-duc")}
    # Its court known: that court's bureau only.
    court = Court.objects.create(kind="tribunal_judiciaire", number="55-test", name="Bar-le-Duc")
    CourtArea.objects.create(commune_id=COMMERCY, court=court, kind=court.kind)
    [ours] = plans.build(answers(commune=COMMERCY), "fr").bav_bookings
    assert ours.url == _bav_url("bav-bar-le-duc")


def test_no_button_for_a_bureau_that_does_not_take_bav_sessions(territory, directory):
    bav_agenda("bav-verdun", Motive.ASSOCIATION)
    assert plans.build(answers(), "fr").bav_bookings == []
    Agenda.objects.all().delete()
    bav_agenda("bav-verdun", active=False)
    assert plans.build(answers(), "fr").bav_bookings == []
    Agenda.objects.all().delete()
    service = Service.objects.get(slug="bav-verdun")
    service.opening_hours = ""
    service.save(update_fields=["opening_hours"])
    bav_agenda("bav-verdun")
    assert plans.build(answers(), "fr").bav_bookings == []


def _bav_url(slug):
    return plans._url("booking:bav", [slug], f"/rendez-vous/bav/{slug}/")


def test_the_bav_button_is_on_the_plan_page_whatever_the_offence(client, territory, directory):
    page = plan_page(client, answers(("hit",), author="known"))
    assert "Book a session at the victim bureau" not in page
    bav_agenda("bav-verdun")
    page = plan_page(client, answers(("hit",), author="known"))
    assert f'href="{_bav_url("bav-verdun")}"' in page
    assert "Book a session at the victim bureau" in page
    # In the local help, after the services listed.
    assert page.index('aria-labelledby="help"') < page.index(_bav_url("bav-verdun"))
