"""The remedies' wording: complete in three languages, plain, and readable in French."""

import datetime as dt
import re
import statistics

import pytest
import textstat

from appui.advice import wording as W
from appui.advice.plan import advise
from appui.rights.messages import date, money
from appui.rights.remedies import REMEDY_IDS

SAMPLE = {"cap": money(4822.5, "fr"), "amount": money(1000, "fr"), "limit": money(10000, "fr")}
SAMPLE_DATE = date(dt.date(2027, 6, 10), "fr")
CATALOGUES = {
    "TITLES": W.TITLES,
    "STATUS": W.STATUS,
    "SUMMARIES": W.SUMMARIES,
    "DEADLINES": W.DEADLINES,
    "DEADLINE_LABELS": W.DEADLINE_LABELS,
    "MISSING": W.MISSING,
    "SECTIONS": W.SECTIONS,
    "NUMBER_NAMES": W.NUMBER_NAMES,
}
# What a person reads first: each part's opening and each route's summary and steps.
PLAIN = {**W.SECTIONS, **W.SUMMARIES, **W.DEADLINES}


def french(entry):
    return entry[0].format(date=SAMPLE_DATE, **SAMPLE)


def reading_ease(text):
    textstat.set_lang("fr")
    return textstat.flesch_reading_ease(text)


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_every_entry_is_in_three_languages(name):
    for key, entry in CATALOGUES[name].items():
        assert len(entry) == 3, key
        filled = [bool(text.strip()) for text in entry]
        assert all(filled) or not any(filled), f"{name}[{key}] is missing a language"


def test_documents_are_in_three_languages():
    for remedy, docs in W.DOCUMENTS.items():
        for doc in docs:
            assert len(doc) == 3 and all(text.strip() for text in doc), remedy


def test_every_remedy_has_a_title_and_a_summary():
    for remedy in REMEDY_IDS:
        assert remedy in W.TITLES
        assert any(key == remedy or key.startswith(remedy + ".") for key in W.SUMMARIES), remedy


@pytest.mark.parametrize("key", sorted(PLAIN))
def test_the_public_wording_cites_no_article(key):
    for text in PLAIN[key]:
        assert not re.search(r"\bart(icle)?\.?\s*\d|law\.md|§|CPP|\bL\d{3}", text), key


def test_french_summaries_read_easily():
    """Kandel–Moles reading ease (textstat's French Flesch): 60 on average, none below 50."""
    scores = {key: reading_ease(french(entry)) for key, entry in PLAIN.items() if entry[0]}
    low = {key: round(score) for key, score in scores.items() if score < 50}
    assert low == {}
    assert statistics.mean(scores.values()) >= 60


def test_a_plan_says_each_cap_once_in_the_readers_format():
    facts = {
        "as_of": "2025-03-01",
        "offence": {"category": "vehicle_arson", "date": "2025-02-01", "in_france": True},
        "vehicle": {"registered": True, "inspection_ok": True, "insured": True},
        "situation": {"annual_income": 15000, "other_compensation": False},
    }
    civi = advise(facts, "fr").remedies["civi_vehicle"]
    summary = " ".join(civi.summary)
    assert summary.count("4\u202f822,50\u00a0€") == 1
    assert "1er février 2028" in summary or "février 2028" in summary
    english = advise(facts, "en").remedies["civi_vehicle"]
    assert "€4,822.50" in " ".join(english.summary)


def test_missing_facts_are_asked_as_questions():
    facts = {"as_of": "2025-03-01", "offence": {"category": "violence", "date": "2025-02-01"}}
    civi = advise(facts, "es").remedies["civi_full"]
    assert civi.status == "unknown"
    assert "los días de ITT del certificado médico" in civi.missing


def test_bad_facts_are_reported_not_raised():
    advice = advise({"offence": {"category": "nonsense"}}, "en")
    assert advice.error is not None and advice.remedies == {}


def test_a_passed_limit_is_said_first_not_beside_open():
    facts = {
        "as_of": "2026-11-30",
        "offence": {"category": "theft", "class": "delit", "date": "2010-05-01"},
    }
    complaint = advise(facts, "en").remedies["complaint"]
    assert complaint.status_label == "Time limit probably passed"
    assert complaint.summary[0].startswith("The time limit to try the author seems to have passed")
    recent = {**facts, "offence": {**facts["offence"], "date": "2026-05-01"}}
    assert advise(recent, "en").remedies["complaint"].status_label == "Open to you"


@pytest.mark.parametrize("indirect", [False, True])
def test_every_missing_fact_the_engine_names_has_a_question(indirect):
    """No fact path (the code's own name) ever reaches a reader."""
    from appui.rights.facts import Category

    for category in Category:
        for extra in ({}, {"date": "2025-01-10"}, {"date": "2025-01-10", "class": "delit"}):
            facts = {
                "as_of": "2025-03-01",
                "offence": {"category": category.value, **extra},
                "victim": {"indirect": indirect},
                "insurance": {"payment_card": True},
            }
            for remedy in advise(facts, "fr").remedies.values():
                for path, question in zip(remedy.missing_paths, remedy.missing, strict=True):
                    assert path in W.MISSING, path
                    assert question != path
