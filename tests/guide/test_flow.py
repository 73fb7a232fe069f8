"""The guide through Django's full stack: screens, answers, the plan, the PDF, bad input."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from appui.core.crypto import decrypt_json

pytestmark = pytest.mark.django_db

STEP = "guide:step"


def step(name):
    return reverse(STEP, args=[name])


def answer(client, name, data, expect=302):
    response = client.post(step(name), data)
    assert response.status_code == expect, response.content.decode()[:2000]
    return response


def choose_town(client, query, code):
    searched = client.post(step("where"), {"action": "search", "place": query})
    assert searched.status_code == 200
    assert code in searched.content.decode()
    return answer(client, "where", {"place": query, "commune": code})


def burnt_car_in_epinal(client):
    answer(client, "danger", {"danger": "no"})
    answer(client, "age", {"minor": "no"})
    answer(client, "what", {"situations": "car_burnt"})
    answer(client, "when", {"date": "2025-02-01"})
    choose_town(client, "epinal", "88160")
    answer(client, "author", {"author": "unknown"})
    answer(client, "harm", {"injured": "no"})
    answer(
        client,
        "losses",
        {
            "other_compensation": "no",
            "serious_situation": "yes",
            "registered": "yes",
            "inspection_ok": "yes",
            "insured": "yes",
        },
    )
    answer(client, "procedure", {"complaint": "yes", "complaint_date": "2025-02-02"})
    return answer(
        client,
        "about",
        {"annual_income": "15000", "household_extra_persons": "1"},
    )


def test_the_screens_follow_each_other_and_end_on_the_plan(client, territory, directory):
    response = answer(client, "danger", {"danger": "no"})
    assert response["Location"] == step("age")
    last = burnt_car_in_epinal(client)
    assert last["Location"] == reverse("guide:plan")
    plan = client.get(reverse("guide:plan"))
    assert plan.status_code == 200
    html = plan.content.decode()
    assert "4\u202f822,50\u00a0€" in html  # 706-14-1 cap, 2025 ceiling
    assert "03 29 34 92 91" in html  # the Épinal BAV, from the seed
    assert "no-store" in plan["Cache-Control"]
    assert plan["Referrer-Policy"] == "no-referrer"


def test_harm_is_not_asked_for_a_scam_alone(client, territory, directory):
    burnt_car_in_epinal(client)
    answer(client, "what", {"situations": "fraud"})
    assert client.get(step("harm"))["Location"] == step("losses")


def test_going_back_shows_and_changes_an_earlier_answer(client, territory, directory):
    burnt_car_in_epinal(client)
    page = client.get(step("what")).content.decode()
    assert re.search(r'value="car_burnt"[^>]*checked', page)
    answer(client, "what", {"situations": "theft"})
    plan = client.get(reverse("guide:plan")).content.decode()
    assert "4\u202f822,50\u00a0€" in plan  # the capped CIVI now, same ceiling


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("when", {"date": "2999-01-01"}, "futur"),
        ("when", {"date": "not a date"}, "date"),
        ("what", {"situations": "<script>"}, "Sélectionnez"),
        ("danger", {}, "obligatoire"),
        ("where", {"place": "x", "commune": "99999"}, "commune"),
    ],
    ids=["future", "nonsense-date", "tampered-choice", "missing", "unknown-commune"],
)
def test_bad_input_is_said_on_the_same_screen(client, territory, directory, name, data, message):
    answer(client, "danger", {"danger": "no"})
    answer(client, "what", {"situations": "theft"})
    response = client.post(step(name), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "error-summary" in html
    assert message in html


def test_a_search_with_no_town_says_so(client, territory, directory):
    response = client.post(step("where"), {"action": "search", "place": "zzzzqqq"})
    assert response.status_code == 422
    assert "zzzzqqq" in response.content.decode()


def test_unknown_screen_is_a_404(client):
    assert client.get(step("nope")).status_code == 404


def test_the_plan_waits_for_the_essential_answers(client):
    response = client.get(reverse("guide:plan"))
    assert response["Location"] == step("danger")


def test_danger_leads_to_the_emergency_numbers_first(client):
    response = answer(client, "danger", {"danger": "yes"})
    assert response["Location"] == reverse("guide:urgent")
    page = client.get(reverse("guide:urgent")).content.decode()
    assert page.index('href="tel:17"') < page.index("116 006")


def test_the_plan_as_a_pdf(client, territory, directory):
    burnt_car_in_epinal(client)
    response = client.get(reverse("guide:plan_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]


def test_forget_drops_the_answers(client, territory, directory):
    burnt_car_in_epinal(client)
    client.post(reverse("guide:forget"))
    assert client.get(reverse("guide:plan"))["Location"] == step("danger")


def test_the_session_ends_with_the_browser(client):
    answer(client, "danger", {"danger": "no"})
    assert client.session.get_expire_at_browser_close()


def test_a_hearing_date_before_the_facts_is_refused(client, territory, directory):
    answer(client, "danger", {"danger": "no"})
    answer(client, "what", {"situations": "theft"})
    answer(client, "when", {"date": "2025-02-01"})
    response = client.post(step("procedure"), {"complaint": "no", "hearing_date": "2025-01-01"})
    assert response.status_code == 422
    assert (dt.date(2025, 2, 1)).strftime("%d/%m/%Y") in response.content.decode()


def test_a_cross_site_post_is_refused(client):
    response = client.post(
        step("danger"), {"danger": "no"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    assert "guide" not in client.session


def test_a_french_victim_of_terrorism_abroad_gets_her_own_path(client, territory, directory):
    answer(client, "danger", {"danger": "no"})
    answer(client, "what", {"situations": "terrorism"})
    answer(client, "when", {"date": "2025-01-10"})
    answer(client, "where", {"abroad": "on"})
    answer(client, "home", {"lives_abroad": "on", "french_national": "yes"})
    answer(client, "author", {"author": "known"})
    answer(client, "harm", {"injured": "yes", "itt_days": "45"})
    answer(client, "losses", {})
    answer(client, "procedure", {"complaint": "no"})
    answer(client, "about", {})
    html = client.get(reverse("guide:plan")).content.decode()
    assert "FGTI" in html
    assert "+33 1 80 52 33 76" in html  # 116 006 from abroad
    assert "01 44 77 25 75" in html  # the interministerial delegation, from the seed
    assert "gouvernement.fr/guide-victimes" in html


def test_dates_are_written_out_in_the_readers_language(client, territory, directory):
    burnt_car_in_epinal(client)  # facts on 1 February 2025
    assert "1er février 2025" in client.get(reverse("guide:plan")).content.decode()
    client.cookies["django_language"] = "es"
    assert "1 de febrero de 2025" in client.get(reverse("guide:plan")).content.decode()


def test_the_pdf_says_the_plan_in_plain_words_with_its_legal_detail(client, territory, directory):
    import io

    from pypdf import PdfReader

    burnt_car_in_epinal(client)
    response = client.get(reverse("guide:plan_pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "4 822,50 €" in text  # the burnt-vehicle cap, in the summary
    assert "706-14-1" in text  # the articles, under the legal detail
    assert "law.md" not in text and "§" not in text


def test_changing_what_happened_keeps_the_injuries_and_says_what_was_removed(
    client, territory, directory
):
    burnt_car_in_epinal(client)
    answer(client, "harm", {"injured": "yes", "itt_days": "10"})
    answer(client, "what", {"situations": ["theft"]})  # no car any more
    page = client.get(step("when")).content.decode()
    assert "Pertes et assurances" in page  # the vehicle answers were removed, and it says so
    answers = decrypt_json(client.session["guide"])
    assert answers["itt_days"] == 10  # the injuries stay: a theft can hurt too
    assert "registered" not in answers
    assert "Pertes et assurances" not in client.get(step("when")).content.decode()  # said once


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("when", {"date": "0201-01-01"}, "1900"),
        ("about", {"birth_date": "2025-06-01"}, "après la date des faits"),
        ("losses", {"loss_known_on": "2025-01-01"}, "antérieure à la date des faits"),
        ("procedure", {"complaint": "no", "damages_awarded": "1e307"}, "Assurez-vous"),
        ("what", {"situations": ["theft", "nonsense"]}, "Sélectionnez"),
    ],
    ids=["year-201", "born-after-the-facts", "loss-before-facts", "huge-amount", "tampered"],
)
def test_impossible_answers_are_refused_on_the_same_screen(
    client, territory, directory, name, data, message
):
    burnt_car_in_epinal(client)  # facts on 1 February 2025
    response = client.post(step(name), data)
    assert response.status_code == 422
    assert message in response.content.decode()


def test_a_minor_is_told_of_119_first(client, territory, directory):
    burnt_car_in_epinal(client)
    answer(client, "age", {"minor": "yes"})
    html = client.get(reverse("guide:plan")).content.decode()
    assert html.index('href="tel:119"') < html.index('href="tel:116006"')


def test_abroad_asks_where_she_lives_and_shows_help_there(client, territory, directory):
    burnt_car_in_epinal(client)
    answer(client, "what", {"situations": ["hit"]})
    response = answer(client, "where", {"abroad": "on"})
    assert response["Location"] == step("home")
    client.post(step("home"), {"action": "search", "place": "epinal"})
    answer(client, "home", {"place": "epinal", "commune": "88160", "french_national": "yes"})
    html = client.get(reverse("guide:plan")).content.decode()
    assert "03 29 34 92 91" in html  # the Épinal victim bureau, near home
    assert "CIVI" in html


def test_the_quick_exit_without_javascript_forgets_then_leaves(
    client, territory, directory, settings
):
    burnt_car_in_epinal(client)
    response = client.get(reverse("guide:exit"))
    assert response.status_code == 302
    assert response["Location"] == settings.APPUI_QUICK_EXIT_URL
    assert response["Referrer-Policy"] == "no-referrer"
    assert "guide" not in client.session
    home = client.get("/").content.decode()
    assert f'href="{reverse("guide:exit")}"' in home  # the link every public page carries


def test_the_answers_in_the_session_row_are_encrypted(client, territory, directory):
    from django.contrib.sessions.models import Session

    burnt_car_in_epinal(client)
    stored = Session.objects.get().get_decoded()["guide"]
    assert isinstance(stored, str) and stored.startswith("gAAAA")
    assert "car_burnt" not in stored and "88160" not in stored
    assert decrypt_json(stored)["commune"] == "88160"


def test_an_older_clear_session_is_read_and_saved_encrypted(client, territory, directory):
    session = client.session
    session["guide"] = {"danger": "no", "minor": "no"}
    session.save()
    answer(client, "what", {"situations": "theft"})
    answers = decrypt_json(client.session["guide"])
    assert answers["danger"] == "no" and answers["situations"] == ["theft"]
