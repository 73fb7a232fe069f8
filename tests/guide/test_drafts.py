"""A victim's draft CIVI request or civil-party letter, from her plan: the form, bad input,
the PDF she gets back, nothing written but her session, and forgetting it."""

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from appui.core.crypto import decrypt_json
from appui.guide import services
from appui.rights.deadlines import is_working_day
from appui.rights.facts import today_in_paris

from .test_flow import answer, choose_town, step

pytestmark = pytest.mark.django_db

CIVI = reverse("guide:draft", args=["civi_full"])
LETTER = reverse("guide:draft", args=["civil_party"])


def next_monday_not_after_holiday(start: dt.date) -> dt.date:
    """A Monday hearing whose Sunday eve is the last day, the Friday before a working day."""
    day = start + dt.timedelta(days=(7 - start.weekday()) % 7 or 7)
    while not is_working_day(day - dt.timedelta(days=3), "88"):
        day += dt.timedelta(days=7)
    return day


HEARING = next_monday_not_after_holiday(today_in_paris() + dt.timedelta(days=40))


def assaulted_in_epinal(client, hearing=HEARING):
    """Hit in Épinal, 45 days of ITT, a complaint, a hearing set: CIVI and civil party open."""
    answer(client, "danger", {"danger": "no"})
    answer(client, "age", {"minor": "no"})
    answer(client, "what", {"situations": "hit"})
    answer(client, "when", {"date": "2025-03-01"})
    choose_town(client, "epinal", "88160")
    answer(client, "author", {"author": "known"})
    answer(client, "harm", {"injured": "yes", "itt_days": "45", "permanent": "no"})
    answer(
        client,
        "procedure",
        {"complaint": "yes", "complaint_date": "2025-03-02", "hearing_date": hearing.isoformat()},
    )
    answer(client, "about", {"birth_date": "1980-01-05"})


IDENTITY = {
    "last_name": "Martin",
    "first_names": "Claire Anne",
    "birth_date": "1980-01-05",
    "birth_place": "Épinal",
    "nationality": "française",
    "profession": "aide-soignante",
    "address": "3 rue des Lilas\n88000 Épinal",
    "phone": "",
    "email": "",
}


def letter_data(**changes):
    data = {
        **IDENTITY,
        "circumstances": "Frappée à la sortie du travail.",
        "court": "Tribunal correctionnel d'Épinal",
        "hearing_date": HEARING.isoformat(),
        "case_number": "25061000123",
        "defendant": "Jean DUPONT",
        "head_1": "det.SE",
        "detail_1": "3 sur 7 selon le médecin",
        "amount_1": "4200",
        "head_2": "other",
        "detail_2": "Lunettes cassées",
        "amount_2": "180.50",
        "payer_1": "CPAM des Vosges",
        "received_1": "310.20",
        "documents": ["head_proofs"],
        "other_documents": "Photo des lunettes",
    }
    data.update(changes)
    return data


def pdf_text(content: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: `make pdftotext` installs it")
    path = tmp_path / "draft.pdf"
    path.write_bytes(content)
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    return " ".join(out.replace("\u202f", " ").replace("\u00a0", " ").split())


def row_counts() -> dict[str, int]:
    """Rows of every table but the sessions'."""
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table == "django_session" or table in counts:
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - our own table names
            counts[table] = cursor.fetchone()[0]
    return counts


def test_the_plan_offers_a_draft_under_the_open_routes(client, territory, directory):
    assaulted_in_epinal(client)
    html = client.get(reverse("guide:plan")).content.decode()
    assert f'href="{CIVI}"' in html
    assert f'href="{LETTER}"' in html
    assert 'href="/guide/draft/civi_capped/"' not in html  # 45 days of ITT: 706-3, not 706-14


def test_a_closed_route_has_no_draft(client, territory, directory):
    assaulted_in_epinal(client)
    response = client.get(reverse("guide:draft", args=["civi_capped"]))
    assert response["Location"] == reverse("guide:plan")
    assert client.get(reverse("guide:draft", args=["sarvi"])).status_code == 404


def test_no_draft_before_the_essential_answers(client):
    assert client.get(LETTER)["Location"] == step("danger")


def test_the_form_is_prefilled_from_her_answers(client, territory, directory):
    assaulted_in_epinal(client)
    response = client.get(LETTER)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    assert f'value="{HEARING.isoformat()}"' in html
    assert 'value="1980-01-05"' in html
    assert 'autocomplete="off"' in html
    # the required documents of the route are ticked, the others not
    assert re.search(r'value="head_proofs"[^>]*checked', html)
    assert not re.search(r'value="legal_costs"[^>]*checked', html)
    # the common heads of a direct victim, and "other"
    assert 'value="det.SE"' in html and 'value="other"' in html
    assert 'value="ide.FO"' not in html  # a relative's head
    assert 'value="dpp.FLA"' not in html  # adapted housing: an expert's figure, not hers


def test_the_civil_party_page_gives_the_day_it_must_arrive(client, territory, directory):
    """A Monday hearing: the last day is the Sunday, so she is told to make it arrive on the
    Friday before."""
    assaulted_in_epinal(client)
    client.cookies["django_language"] = "en"
    html = client.get(LETTER).content.decode()
    sunday, friday = HEARING - dt.timedelta(days=1), HEARING - dt.timedelta(days=3)
    assert f"RECEIVE your letter by {sunday.day} " in html
    assert "That day is a Sunday" in html
    assert f"arrive by {friday.day} " in html


def test_the_civi_page_names_the_commission(client, territory, directory):
    assaulted_in_epinal(client)
    html = client.get(CIVI).content.decode()
    assert 'name="home_town"' in html
    response = client.post(CIVI, {**IDENTITY, "home_town": "Épinal", "documents": []})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    client.cookies["django_language"] = "en"
    again = client.get(CIVI).content.decode()
    assert "Tribunal judiciaire d&#x27;Épinal" in again or "Tribunal judiciaire d'Épinal" in again


def test_the_pdf_comes_back_at_once_and_says_it_is_a_draft(client, territory, directory, tmp_path):
    assaulted_in_epinal(client)
    response = client.post(LETTER, letter_data())
    assert response.status_code == 200, response.content.decode()[:3000]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content, tmp_path)
    sunday = HEARING - dt.timedelta(days=1)
    for expected in (
        "Brouillon – à relire",
        "Claire Anne MARTIN",
        "Tribunal correctionnel d'Épinal",
        "25061000123",
        "Jean DUPONT",
        "(SE)",
        "3 sur 7 selon le médecin",
        "4 200,00 €",
        "Lunettes cassées",
        "180,50 €",
        "Total demandé 4 380,50 €",
        "CPAM des Vosges",
        "310,20 €",
        "Photo des lunettes",
        f"au plus tard le {sunday.day} ",
    ):
        assert expected in text, expected


def test_the_civi_request_carries_her_answers(client, territory, directory, tmp_path):
    assaulted_in_epinal(client)
    response = client.post(
        CIVI,
        {**IDENTITY, "home_town": "Épinal", "head_1": "det.SE", "amount_1": "4200"},
    )
    assert response["Content-Type"] == "application/pdf", response.content.decode()[:3000]
    text = pdf_text(response.content, tmp_path)
    civi = "Commission d'indemnisation des victimes d'infractions – Tribunal judiciaire d'Épinal"
    assert civi in text
    assert "7 place Edmond Henry" in text
    assert "article 706-3 du code de procédure pénale" in text
    assert "Plainte déposée le 2 mars 2025" in text
    assert "Date des faits 1er mars 2025" in text
    assert "Total demandé 4 200,00 €" in text
    assert "Juridiction saisie à compléter" in text


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"last_name": ""}, "last_name"),
        ({"birth_date": "1850-01-01"}, "birth_date"),
        ({"birth_date": "2999-01-01"}, "birth_date"),
        ({"hearing_date": "2025-02-01"}, "hearing_date"),  # before the facts
        ({"hearing_date": "2026-01-01"}, "hearing_date"),  # passed
        ({"amount_1": "-5"}, "amount_1"),
        ({"amount_1": "1000000000.01"}, "amount_1"),
        ({"amount_1": "beaucoup"}, "amount_1"),
        ({"head_1": "", "amount_1": "100"}, "head_1"),
        ({"head_1": "<script>"}, "head_1"),
        ({"head_2": "other", "detail_2": ""}, "detail_2"),
        ({"payer_1": ""}, "payer_1"),
        ({"none_received": "on"}, "none_received"),
        ({"email": "not an email"}, "email"),
        ({"documents": ["not-a-document"]}, "documents"),
    ],
)
def test_bad_input_is_said_by_the_field_and_gives_no_pdf(
    client, territory, directory, changes, field
):
    assaulted_in_epinal(client)
    response = client.post(LETTER, letter_data(**changes))
    assert response.status_code == 422
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "error-summary" in html
    assert re.search(rf'href="#id_{field}(_0)?"', html)
    assert f'id="id_{field}_error"' in html
    assert services.DRAFTS_KEY not in client.session


def test_today_s_hearing_is_too_late_for_a_letter(client, territory, directory):
    assaulted_in_epinal(client)
    client.cookies["django_language"] = "en"
    response = client.post(LETTER, letter_data(hearing_date=today_in_paris().isoformat()))
    assert response.status_code == 422
    assert "too late for a letter" in response.content.decode()


def test_nothing_is_written_but_her_session(client, territory, directory):
    assaulted_in_epinal(client)
    before = row_counts()
    response = client.post(LETTER, letter_data())
    assert response["Content-Type"] == "application/pdf"
    assert row_counts() == before


def test_what_she_typed_is_kept_encrypted_for_her_to_correct(client, territory, directory):
    assaulted_in_epinal(client)
    client.post(LETTER, letter_data())
    stored = client.session[services.DRAFTS_KEY]
    assert isinstance(stored, str) and "Martin" not in stored  # a Fernet token
    assert decrypt_json(stored)["civil_party"]["last_name"] == "Martin"
    html = client.get(LETTER).content.decode()
    assert 'value="Martin"' in html and "Lunettes cassées" in html
    # her identity is offered again in the other draft
    assert 'value="Claire Anne"' in client.get(CIVI).content.decode()


def test_forget_my_answers_forgets_the_draft(client, territory, directory):
    assaulted_in_epinal(client)
    client.post(LETTER, letter_data())
    client.post(reverse("guide:forget"))
    assert services.DRAFTS_KEY not in client.session
    assaulted_in_epinal(client)
    assert "Lunettes cassées" not in client.get(LETTER).content.decode()


def test_a_post_from_another_site_is_refused(client, territory, directory):
    assaulted_in_epinal(client)
    response = client.post(LETTER, letter_data(), headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403


def test_a_relative_of_a_person_killed_is_asked_about_that_person(client, territory, directory):
    answer(client, "danger", {"danger": "no"})
    answer(client, "age", {"minor": "no"})
    answer(client, "what", {"situations": "killed"})
    answer(client, "when", {"date": "2025-03-01"})
    choose_town(client, "epinal", "88160")
    answer(client, "author", {"author": "known"})
    answer(client, "harm", {"injured": "no"})
    answer(client, "procedure", {"complaint": "yes", "hearing_date": HEARING.isoformat()})
    answer(client, "about", {})
    html = client.get(LETTER).content.decode()
    assert 'name="link"' in html and 'name="direct_victim_last_name"' in html
    assert 'value="ide.FO"' in html  # funeral costs
    assert 'value="isu.PAF"' not in html and 'value="det.SE"' not in html


def test_the_plan_pdf_carries_no_draft_link(client, territory, directory, tmp_path):
    assaulted_in_epinal(client)
    client.cookies["django_language"] = "en"
    assert "Prepare a draft letter" in client.get(reverse("guide:plan")).content.decode()
    text = pdf_text(client.get(reverse("guide:plan_pdf")).content, tmp_path)
    assert "Prepare a draft" not in text


def test_a_french_resident_abroad_writes_to_the_paris_civi(client, territory, directory):
    answer(client, "danger", {"danger": "no"})
    answer(client, "age", {"minor": "no"})
    answer(client, "what", {"situations": "hit"})
    answer(client, "when", {"date": "2025-03-01"})
    answer(client, "where", {"abroad": "on"})
    answer(client, "home", {"lives_abroad": "on", "french_national": "yes"})
    answer(client, "author", {"author": "unknown"})
    answer(client, "harm", {"injured": "yes", "itt_days": "45"})
    answer(client, "procedure", {"complaint": "no"})
    answer(client, "about", {})
    html = client.get(CIVI).content.decode()
    assert 'name="home_town"' not in html  # her home court is Paris's
    assert "Tribunal judiciaire de Paris" in html
