"""Ask to be called back: sent once however often the page is reloaded, limited per address
and per phone, robots fooled by a hidden field, the client's address read behind a trusted
proxy only, no cookie outliving the browser, and bad input told on the same screen."""

import datetime as dt

import pytest
from axes.helpers import get_client_ip_address
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from appui.cases import services as cases
from appui.cases.models import CallbackAttempt, Intake
from appui.core.clientip import client_ip, parse_trusted_proxies, resolve
from appui.core.models import OrganisationKind
from appui.directory.models import Service
from appui.guide.callback import SENT_KEY
from tests.cases.conftest import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/guide/callback/"
SENT = "/guide/callback/sent/"
NANCY = {"danger": "no", "situations": ["hit"], "date": "2026-10-01", "commune": "54395"}


@pytest.fixture
def fv54(directory):
    OrganisationFactory(
        kind=OrganisationKind.FEDERATION, code="federation", name="Fédération", file_prefix="FED"
    )
    org = OrganisationFactory(code="fv54", name="France Victimes 54", file_prefix="FV54")
    Service.objects.filter(slug="gnav-france-victimes-54").update(organisation=org)
    return org


def answered(client, answers=NANCY):
    session = client.session
    session["guide"] = dict(answers)
    session.save()
    return client


def request(phone="06 12 34 56 78", **extra):
    return {"name": "Marie", "phone": phone, "preferred_time": "", "consent": "on", **extra}


def test_the_request_is_sent_once_however_often_the_page_is_reloaded(client, fv54):
    answered(client)
    response = client.post(URL, request())
    assert response.status_code == 302 and response["Location"] == reverse("guide:callback_sent")
    for _ in range(3):
        page = client.get(SENT)
        assert page.status_code == 200
        assert "France Victimes 54" in page.content.decode()
        assert "no-store" in page["Cache-Control"]
    assert Intake.objects.count() == 1
    # The session keeps the association's id for that page, and nothing else of the request.
    session = client.session
    assert session[SENT_KEY] == fv54.pk
    assert set(session.keys()) - {"_session_expiry"} == {"guide", SENT_KEY}
    # Nothing sent yet: the "sent" page leads to the form.
    other = client.__class__()
    assert other.get(SENT)["Location"] == URL


def test_the_sixth_request_in_an_hour_from_one_address_is_refused(client, fv54):
    answered(client)
    for n in range(5):
        response = client.post(URL, request(f"06 00 00 00 0{n}"), REMOTE_ADDR="203.0.113.5")
        assert response.status_code == 302
    refused = client.post(URL, request("06 00 00 00 09"), REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    text = refused.content.decode()
    assert "116006" in text and "116 006" in text
    assert refused.context["form"].data["phone"] == "06 00 00 00 09"  # the same screen
    assert Intake.objects.count() == 5 and CallbackAttempt.objects.count() == 10
    # Another address is not held back; and the hour passes.
    assert client.post(URL, request("06 00 00 00 09"), REMOTE_ADDR="203.0.113.6").status_code == 302
    CallbackAttempt.objects.update(at=timezone.now() - dt.timedelta(minutes=61))
    assert client.post(URL, request("06 00 00 00 08"), REMOTE_ADDR="203.0.113.5").status_code == 302


def test_the_fourth_request_in_a_day_for_one_phone_is_refused(client, fv54):
    answered(client)
    written = ["06 12 34 56 78", "+33 6 12 34 56 78", "0033 (0)6 12 34 56 78"]
    for n, phone in enumerate(written):
        assert client.post(URL, request(phone), REMOTE_ADDR=f"198.51.100.{n}").status_code == 302
    refused = client.post(URL, request("06.12.34.56.78"), REMOTE_ADDR="198.51.100.9")
    assert refused.status_code == 429 and "116 006" in refused.content.decode()
    assert Intake.objects.count() == 3
    # Only keyed hashes are kept: neither the number nor the address can be read back.
    stored = " ".join(CallbackAttempt.objects.values_list("key", flat=True))
    assert "0612345678" not in stored and "198.51.100" not in stored
    # After a day the number may ask again, and the worker forgets the old counts.
    CallbackAttempt.objects.update(at=timezone.now() - dt.timedelta(hours=25))
    assert client.post(URL, request(), REMOTE_ADDR="198.51.100.9").status_code == 302
    from appui.cases.tasks import purge_callback_attempts

    assert purge_callback_attempts.call() == 6
    assert CallbackAttempt.objects.count() == 2


def test_the_phone_is_normalised_before_it_is_counted():
    same = {"0612345678", "06 12 34 56 78", "+33612345678", "+33 (0)6 12 34 56 78", "0033612345678"}
    assert {cases.normalise_phone(p) for p in same} == {"0612345678"}
    assert cases.normalise_phone("+32 470 12 34 56") == "32470123456"


def test_the_worker_purges_the_counts():
    from appui.core.management.commands.worker import periodic_tasks

    assert ("appui.cases.tasks.purge_callback_attempts", 3600) in periodic_tasks()


def test_a_filled_honeypot_is_told_sent_and_creates_nothing(client, fv54):
    answered(client)
    page = client.get(URL).content.decode()
    assert 'aria-hidden="true"' in page and 'name="website"' in page and 'tabindex="-1"' in page
    response = client.post(URL, request(website="http://spam.example"))
    assert response.status_code == 200
    assert "116 006" in response.content.decode()
    assert not Intake.objects.exists() and not CallbackAttempt.objects.exists()
    assert SENT_KEY not in client.session


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored(client, fv54):
    answered(client)
    for n in range(5):
        forged = {"HTTP_X_FORWARDED_FOR": f"192.0.2.{n}", "REMOTE_ADDR": "203.0.113.7"}
        assert client.post(URL, request(f"06 00 00 00 0{n}"), **forged).status_code == 302
    forged = {"HTTP_X_FORWARDED_FOR": "192.0.2.99", "REMOTE_ADDR": "203.0.113.7"}
    assert client.post(URL, request("06 00 00 00 09"), **forged).status_code == 429


def test_behind_a_trusted_proxy_forwarded_for_is_honoured(client, fv54, settings):
    settings.APPUI_TRUSTED_PROXIES = 1
    answered(client)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(5):
        xff = {"HTTP_X_FORWARDED_FOR": "192.0.2.10", **proxy}
        assert client.post(URL, request(f"06 00 00 00 0{n}"), **xff).status_code == 302
    # Her sixth is refused; another visitor behind the same proxy is not.
    xff = {"HTTP_X_FORWARDED_FOR": "192.0.2.10", **proxy}
    assert client.post(URL, request("06 00 00 00 09"), **xff).status_code == 429
    xff = {"HTTP_X_FORWARDED_FOR": "192.0.2.11", **proxy}
    assert client.post(URL, request("06 00 00 00 09"), **xff).status_code == 302


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "client"),
    [
        (0, "203.0.113.7", "192.0.2.1", "203.0.113.7"),
        (1, "10.0.0.2", "192.0.2.1", "192.0.2.1"),
        (1, "10.0.0.2", "6.6.6.6, 192.0.2.1", "192.0.2.1"),  # a forged left part
        (2, "10.0.0.3", "6.6.6.6, 192.0.2.1, 10.0.0.2", "192.0.2.1"),
        (2, "10.0.0.3", "", "10.0.0.3"),  # not through the proxies: only the peer is sure
        (("10.0.0.0/8",), "10.0.0.3", "6.6.6.6, 192.0.2.1, 10.0.0.2", "192.0.2.1"),
        (("10.0.0.0/8",), "203.0.113.7", "192.0.2.1", "203.0.113.7"),  # not a proxy of ours
        (("10.0.0.0/8",), "10.0.0.3", "junk, 192.0.2.1:4711", "192.0.2.1"),
        (
            ("10.0.0.0/8", "2001:db8::/32"),
            "2001:db8::1",
            "[2001:db9::5]:80, 10.0.0.1",
            "2001:db9::5",
        ),
        (("10.0.0.0/8",), "10.0.0.3", "10.0.0.1", "10.0.0.1"),  # all ours: the farthest
    ],
)
def test_the_client_address_rule(trusted, remote, forwarded, client):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert resolve(meta, trusted) == client


def test_login_lockouts_read_the_same_address(settings):
    factory = RequestFactory()
    forged = factory.post("/pro/login/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert get_client_ip_address(forged) == client_ip(forged) == "203.0.113.7"
    settings.APPUI_TRUSTED_PROXIES = ("10.0.0.0/8",)
    proxied = factory.post("/pro/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert get_client_ip_address(proxied) == client_ip(proxied) == "192.0.2.1"


def test_the_trusted_proxies_setting_is_parsed():
    assert parse_trusted_proxies("") == 0
    assert parse_trusted_proxies("2") == 2
    assert parse_trusted_proxies("10.0.0.1, 172.16.0.0/12") == ("10.0.0.1/32", "172.16.0.0/12")
    with pytest.raises(ImproperlyConfigured):
        parse_trusted_proxies("proxy.example")


def _lasting(response):
    return {
        name: (morsel["max-age"], morsel["expires"])
        for name, morsel in response.cookies.items()
        if morsel["max-age"] or morsel["expires"]
    }


def test_no_public_page_sets_a_cookie_that_outlives_the_browser(client, fv54):
    for url in ("/", "/guide/", "/guide/danger/", URL):
        response = client.get(url)
        assert response.status_code == 200
        assert _lasting(response) == {}, url
    assert "csrftoken" in client.cookies  # the cookie is there, for the session only
    response = client.post("/guide/danger/", {"danger": "no"})
    assert response.status_code == 302 and _lasting(response) == {}
    answered(client)
    response = client.post(URL, request())
    assert response.status_code == 302 and _lasting(response) == {}
    assert _lasting(client.get(SENT)) == {}


def test_bad_input_is_told_on_the_same_screen_and_nothing_is_saved(client, fv54):
    answered(client)
    response = client.post(URL, {"name": "Marie", "phone": "not a phone"})
    assert response.status_code == 422
    assert {"phone", "consent"} <= set(response.context["form"].errors)
    response = client.post(URL, request(phone="0" * 40, name="x" * 500))
    assert response.status_code == 422
    assert not Intake.objects.exists() and not CallbackAttempt.objects.exists()
    # Answers the guide never wrote (an old or tampered session) are left out, never a 500.
    answered(
        client,
        {
            "danger": ["yes"],
            "situations": ["no-such-situation", {"a": 1}],
            "date": "31/02/2026",
            "commune": "999999999",
            "author": "someone",
        },
    )
    assert client.get(URL).status_code == 200
    assert client.post(URL, request()).status_code == 302
    intake = Intake.objects.get()
    assert intake.offence_categories == [] and intake.offence_date is None
    assert intake.commune_code == "" and intake.author_is_partner is None
    assert intake.danger_now is False
