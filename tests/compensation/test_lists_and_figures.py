"""The association's compensation lists, and the anonymous figures: sums per route and the
median time from request to offer and to payment, on the page and as CSV."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from appui.compensation import services
from appui.compensation.models import CompensationCount
from appui.core.models import Role

from .conftest import actor, login, violence_file

D = dt.date


@pytest.fixture
def clock(monkeypatch):
    day = {"today": D(2026, 10, 1)}
    monkeypatch.setattr(services, "today", lambda: day["today"])
    return day


def story(jurist, request_day, offer_day, paid_day=None, amount="1000"):
    who = actor(jurist)
    comp = services.open_compensation(who, violence_file(jurist), "civi_full")
    services.save_head(who, comp, {"head": "det.SE", "amount": Decimal("5000"), "basis": ""})

    def step(kind, day, **extra):
        services.record_event(who, comp, {"type": kind, "date": day, **extra})

    step("request_filed", request_day, missing_reason="urgent")
    step("forwarded_to_fund", request_day + dt.timedelta(days=5))
    step("offer_received", offer_day, amount=Decimal(amount))
    if paid_day:
        step("offer_accepted", offer_day + dt.timedelta(days=1))
        step("homologation_notified", offer_day + dt.timedelta(days=2))
        step("paid", paid_day, amount=Decimal(amount))
    return comp


def test_medians_and_sums_from_the_counters(client, jurist, clock):
    # Days from request to offer: 30, 40, 90 → median 40; to payment: 60, 100 → lower median 60.
    story(jurist, D(2026, 3, 1), D(2026, 3, 31), D(2026, 4, 30), amount="1000")
    story(jurist, D(2026, 3, 1), D(2026, 4, 10), D(2026, 6, 9), amount="2000")
    story(jurist, D(2026, 3, 1), D(2026, 5, 30), amount="4000")
    assert not CompensationCount.objects.filter(measure="claimed", total__lt=0).exists()
    login(client, jurist)
    response = client.get(reverse("compensation:stats") + "?year=2026&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    civi = next(r for r in rows if r["route"] == "civi_full")
    assert civi["opened"] == "3"
    assert civi["claimed_eur"] == "15000.00"
    assert civi["offered_eur"] == "7000.00"
    assert civi["awarded_eur"] == "3000.00"  # the two accepted offers, once approved
    assert civi["paid_eur"] == "3000.00"
    assert civi["median_days_request_to_offer"] == "40"
    assert civi["median_days_request_to_payment"] == "60"
    page = client.get(reverse("compensation:stats") + "?year=2026").content.decode()
    assert "<svg" in page and "Montants payés, par voie (€)" in page


def test_a_step_taken_back_takes_its_counts_back(jurist, clock):
    comp = story(jurist, D(2026, 3, 1), D(2026, 3, 31), amount="1000")
    services.remove_last_event(actor(jurist), comp)
    offered = CompensationCount.objects.filter(measure="offered").values_list("count", "total")
    assert list(offered) == [(0, 0)]


def test_the_lists(client, jurist, clock):
    offer = story(jurist, D(2026, 8, 1), D(2026, 9, 20))  # answer due 20 November
    late = story(jurist, D(2026, 3, 1), D(2026, 4, 1))
    services.record_event(actor(jurist), late, {"type": "offer_accepted", "date": D(2026, 4, 2)})
    services.record_event(
        actor(jurist), late, {"type": "homologation_notified", "date": D(2026, 4, 10)}
    )
    login(client, jurist)
    offers = client.get(reverse("compensation:list") + "?list=offers").content.decode()
    assert f'href="/pro/compensation/{offer.pk}/"' in offers
    assert f'href="/pro/compensation/{late.pk}/"' not in offers
    payments = client.get(reverse("compensation:list") + "?list=payments").content.decode()
    assert f'href="/pro/compensation/{late.pk}/"' in payments  # due 11 May, not paid
    assert f'href="/pro/compensation/{offer.pk}/"' not in payments


def test_the_federation_reads_the_network_figures_only(client, staff, jurist, clock):
    story(jurist, D(2026, 3, 1), D(2026, 3, 31), amount="1000")
    admin = staff(Role.FEDERATION_ADMIN, "federation")
    login(client, admin)
    response = client.get(reverse("compensation:stats") + "?year=2026&format=csv")
    assert "civi_full" in response.content.decode()
    assert client.get(reverse("compensation:list")).status_code == 403


def test_the_lists_speak_the_readers_language(client, jurist):
    login(client, jurist)
    english = client.get(reverse("compensation:list"), HTTP_ACCEPT_LANGUAGE="en").content
    assert b"Offers awaiting the victim&#x27;s answer" in english
    french = client.get(reverse("compensation:list"), HTTP_ACCEPT_LANGUAGE="fr").content
    assert "Offres en attente de la réponse de la victime".encode() in french
