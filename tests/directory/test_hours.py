"""Opening hours in words, in Paris time, with French public holidays and closures."""

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appui.directory.hours import HoursStatus, describe, status

from .conftest import paris

BAR_LE_DUC = "Tu 08:45-11:45; PH off"
VERDUN = "We 13:45-16:45; PH off"
EPINAL = "Tu 13:15-16:00; We 08:30-11:30; Th 08:30-11:30,13:15-16:00; Fr 08:30-11:30; PH off"
HELPLINE = "Mo-Su 09:00-19:00, Mo-Su 19:00-20:00 unknown"


def closure(start, end):
    return SimpleNamespace(start=start, end=end, reason="")


@pytest.mark.parametrize(
    ("now", "lang", "expected"),
    [
        # Monday 17 November 2025: opens the next morning.
        (paris(2025, 11, 17, 10, 0), "fr", HoursStatus(False, "Ouvre demain à 8 h 45")),
        (paris(2025, 11, 17, 10, 0), "en", HoursStatus(False, "Opens tomorrow at 8:45 am")),
        (paris(2025, 11, 17, 10, 0), "es", HoursStatus(False, "Abre mañana a las 8:45")),
        # Tuesday 18 November, during the office hours.
        (paris(2025, 11, 18, 9, 0), "fr", HoursStatus(True, "Ouvert maintenant, jusqu'à 11 h 45")),
        (paris(2025, 11, 18, 9, 0), "en", HoursStatus(True, "Open now, until 11:45 am")),
        (paris(2025, 11, 18, 9, 0), "es", HoursStatus(True, "Abierto ahora, hasta las 11:45")),
        # Early that Tuesday, and once closed.
        (paris(2025, 11, 18, 7, 0), "fr", HoursStatus(False, "Ouvre aujourd'hui à 8 h 45")),
        (
            paris(2025, 11, 18, 11, 45),
            "fr",
            HoursStatus(False, "Ouvre le mardi 25 novembre à 8 h 45"),
        ),
        # Thursday: next Tuesday by its name.
        (paris(2025, 11, 20, 15, 0), "fr", HoursStatus(False, "Ouvre mardi à 8 h 45")),
        (paris(2025, 11, 20, 15, 0), "en", HoursStatus(False, "Opens Tuesday at 8:45 am")),
        (paris(2025, 11, 20, 15, 0), "es", HoursStatus(False, "Abre el martes a las 8:45")),
    ],
)
def test_bar_le_duc_office(now, lang, expected):
    assert status(BAR_LE_DUC, [], now, lang) == expected


def test_public_holiday_keeps_the_office_closed():
    """Tuesday 11 November 2025 (Armistice) is a public holiday: next opening a week later."""
    armistice = paris(2025, 11, 11, 9, 30)
    assert status(BAR_LE_DUC, [], armistice, "fr") == HoursStatus(
        False, "Ouvre le mardi 18 novembre à 8 h 45"
    )
    assert status(BAR_LE_DUC, [], armistice, "en").text == "Opens Tuesday 18 November at 8:45 am"
    assert status(BAR_LE_DUC, [], armistice, "es").text == (
        "Abre el martes 18 de noviembre a las 8:45"
    )
    # The same instant with no holiday rule would be open: the holiday is what closes it.
    assert status("Tu 08:45-11:45", [], armistice, "fr").open is True


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (paris(2025, 11, 18, 14, 0), HoursStatus(True, "Ouvert maintenant, jusqu'à 16 h")),
        (paris(2025, 11, 20, 12, 0), HoursStatus(False, "Ouvre aujourd'hui à 13 h 15")),
        (paris(2025, 11, 20, 16, 0), HoursStatus(False, "Ouvre demain à 8 h 30")),
        (paris(2025, 11, 21, 11, 0), HoursStatus(True, "Ouvert maintenant, jusqu'à 11 h 30")),
        (paris(2025, 11, 22, 10, 0), HoursStatus(False, "Ouvre mardi à 13 h 15")),
    ],
)
def test_epinal_office_in_french(now, expected):
    assert status(EPINAL, [], now, "fr") == expected


def test_english_afternoons_use_the_twelve_hour_clock():
    assert status(EPINAL, [], paris(2025, 11, 18, 14, 0), "en").text == "Open now, until 4 pm"
    assert status(VERDUN, [], paris(2025, 11, 19, 10, 0), "en").text == "Opens today at 1:45 pm"
    assert status(VERDUN, [], paris(2025, 11, 19, 10, 0), "es").text == "Abre hoy a las 13:45"


def test_time_is_read_on_the_paris_clock():
    """09:00 UTC on a November Tuesday is 10:00 in Paris: open until 11:45."""
    utc = dt.datetime(2025, 11, 18, 7, 50, tzinfo=dt.UTC)
    assert status(BAR_LE_DUC, [], utc, "fr").open is True
    summer = dt.datetime(2025, 7, 1, 6, 50, tzinfo=dt.UTC)  # 08:50 in Paris (UTC+2)
    assert status(BAR_LE_DUC, [], summer, "fr").text == "Ouvert maintenant, jusqu'à 11 h 45"


def test_a_closure_overrides_the_usual_hours():
    holidays = [closure(dt.date(2025, 12, 22), dt.date(2026, 1, 2))]
    tuesday = paris(2025, 12, 23, 9, 0)
    assert status(BAR_LE_DUC, holidays, tuesday, "fr") == HoursStatus(
        False,
        "Fermé exceptionnellement jusqu'au 2 janvier 2026 inclus. "
        "Ouvre le mardi 6 janvier 2026 à 8 h 45",
    )
    assert status(BAR_LE_DUC, holidays, tuesday, "en").text.startswith(
        "Temporarily closed until 2 January 2026 inclusive. Opens Tuesday 6 January 2026"
    )
    assert status(BAR_LE_DUC, holidays, tuesday, "es").text.startswith(
        "Cerrado temporalmente hasta el 2 de enero de 2026 inclusive."
    )
    # Before the closure, the next opening skips the closed Tuesdays.
    before = paris(2025, 12, 19, 9, 0)
    assert status(BAR_LE_DUC, holidays, before, "fr").text == (
        "Ouvre le mardi 6 janvier 2026 à 8 h 45"
    )
    # A closure in the past changes nothing.
    past = [closure(dt.date(2025, 1, 1), dt.date(2025, 1, 31))]
    assert status(BAR_LE_DUC, past, tuesday.replace(day=16), "fr").open is True


def test_closures_that_follow_on_are_one_closure():
    closures = [
        closure(dt.date(2025, 12, 1), dt.date(2025, 12, 10)),
        closure(dt.date(2025, 12, 11), dt.date(2025, 12, 20)),
    ]
    text = status(EPINAL, closures, paris(2025, 12, 2, 14, 0), "fr").text
    assert text.startswith("Fermé exceptionnellement jusqu'au 20 décembre inclus.")


def test_a_closure_is_known_even_without_hours():
    closures = [closure(dt.date(2025, 12, 22), dt.date(2026, 1, 2))]
    assert status(None, closures, paris(2025, 12, 23, 9, 0), "fr") == HoursStatus(
        False, "Fermé exceptionnellement jusqu'au 2 janvier 2026 inclus"
    )


@pytest.mark.parametrize(
    ("lang", "text"),
    [("fr", "Horaires : appeler"), ("en", "Hours: please call"), ("es", "Horario: llame")],
)
@pytest.mark.parametrize("hours", [None, "", "   "])
def test_no_hours_means_call(hours, lang, text):
    assert status(hours, [], paris(2025, 11, 18, 9, 0), lang) == HoursStatus(None, text)
    assert describe(hours, lang) == []


def test_uncertain_hours_say_call():
    """The 116 006 closes at 19 h or 20 h depending on the source: in between, call."""
    assert status(HELPLINE, [], paris(2025, 11, 18, 18, 0), "fr") == HoursStatus(
        True, "Ouvert maintenant, jusqu'à 19 h"
    )
    assert status(HELPLINE, [], paris(2025, 11, 18, 19, 30), "fr") == HoursStatus(
        None, "Horaires : appeler"
    )
    assert status(HELPLINE, [], paris(2025, 11, 18, 21, 0), "fr") == HoursStatus(
        False, "Ouvre demain à 9 h"
    )


def test_always_open_and_never_open():
    assert status("24/7", [], paris(2025, 11, 18, 3, 0), "fr") == HoursStatus(
        True, "Ouvert maintenant, 24 h/24"
    )
    assert status("24/7", [], paris(2025, 11, 18, 3, 0), "en").text == "Open now, 24 hours a day"
    assert status("off", [], paris(2025, 11, 18, 3, 0), "es") == HoursStatus(False, "Cerrado")


def test_open_past_midnight():
    monday_night = paris(2025, 11, 17, 23, 0)
    assert status("Mo 22:00-02:00", [], monday_night, "fr").text == (
        "Ouvert maintenant, jusqu'à demain 2 h"
    )
    assert status("Mo 22:00-02:00", [], monday_night, "en").text == (
        "Open now, until 2 am tomorrow"
    )
    assert status("Mo 22:00-02:00", [], monday_night, "es").text == (
        "Abierto ahora, hasta mañana a las 2:00"
    )
    assert status("Mo-Su 13:00-24:00", [], monday_night, "en").text == "Open now, until midnight"


def test_spanish_says_a_la_una():
    assert status("Mo-Su 13:00-13:30", [], paris(2025, 11, 17, 12, 0), "es").text == (
        "Abre hoy a las 13:00"
    )
    assert status("Mo-Su 01:30-02:00", [], paris(2025, 11, 17, 0, 30), "es").text == (
        "Abre hoy a la 1:30"
    )


def test_unreadable_hours_are_treated_as_unknown():
    assert status("every tuesday", [], paris(2025, 11, 18, 9, 0), "fr").open is None
    assert describe("every tuesday", "fr") == ["every tuesday"]


def test_describe_epinal_in_three_languages():
    assert describe(EPINAL, "fr") == [
        "mardi : 13 h 15 – 16 h",
        "mercredi : 8 h 30 – 11 h 30",
        "jeudi : 8 h 30 – 11 h 30, 13 h 15 – 16 h",
        "vendredi : 8 h 30 – 11 h 30",
        "jours fériés : fermé",
    ]
    assert describe(EPINAL, "en") == [
        "Tuesday: 1:15 pm – 4 pm",
        "Wednesday: 8:30 am – 11:30 am",
        "Thursday: 8:30 am – 11:30 am, 1:15 pm – 4 pm",
        "Friday: 8:30 am – 11:30 am",
        "Public holidays: closed",
    ]
    assert describe(EPINAL, "es") == [
        "martes: 13:15 – 16:00",
        "miércoles: 8:30 – 11:30",
        "jueves: 8:30 – 11:30, 13:15 – 16:00",
        "viernes: 8:30 – 11:30",
        "festivos: cerrado",
    ]


def test_describe_groups_days_with_the_same_hours():
    hours = "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"
    assert describe(hours, "fr") == [
        "du lundi au vendredi : 9 h – 12 h, 14 h – 17 h",
        "samedi : 9 h – 12 h",
    ]
    assert describe(hours, "en")[0] == "Monday to Friday: 9 am – 12 pm, 2 pm – 5 pm"
    assert describe(hours, "es")[0] == "de lunes a viernes: 9:00 – 12:00, 14:00 – 17:00"
    assert describe("Sa-Su 10:00-12:00", "fr") == ["samedi et dimanche : 10 h – 12 h"]
    assert describe("24/7", "fr") == ["24 h/24, 7 j/7"]
    assert describe("Mo-Fr 09:00-17:00; PH 10:00-12:00", "fr")[-1] == ("jours fériés : 10 h – 12 h")


def test_describe_reads_an_unconfirmed_extension_as_one():
    assert describe(HELPLINE, "fr") == ["tous les jours : 9 h – 19 h (peut-être jusqu'à 20 h)"]
    assert describe(HELPLINE, "en") == ["every day: 9 am – 7 pm (perhaps until 8 pm)"]
    assert describe(HELPLINE, "es") == ["todos los días: 9:00 – 19:00 (quizás hasta las 20:00)"]


def test_describe_marks_an_unconfirmed_span_on_its_own():
    assert describe("Mo 09:00-12:00, Mo 14:00-16:00 unknown", "en") == [
        "Monday: 9 am – 12 pm, 2 pm – 4 pm (to be confirmed)"
    ]


def test_describe_shows_what_it_cannot_render_as_written():
    assert describe("Jan-Mar Mo 10:00-12:00", "fr") == ["Jan-Mar Mo 10:00-12:00"]
    assert describe("Mo 09:00-12:00 || unknown", "fr") == ["Mo 09:00-12:00 || unknown"]


@settings(max_examples=200, deadline=None)
@given(
    expression=st.text(max_size=40) | st.sampled_from([EPINAL, HELPLINE, "24/7", "sunrise-sunset"]),
    now=st.datetimes(
        min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001 (hypothesis wants naive bounds)
        max_value=dt.datetime(2090, 1, 1),  # noqa: DTZ001
        timezones=st.just(dt.UTC),
    ),
    lang=st.sampled_from(["fr", "en", "es", "xx"]),
)
def test_any_expression_at_any_instant_gives_a_sentence(expression, now, lang):
    result = status(expression, [], now, lang)
    assert result.open in (True, False, None) and result.text
    assert all(isinstance(line, str) and line for line in describe(expression, lang))


def test_holidays_the_source_says_nothing_of_are_to_be_asked_not_open_all_day():
    """The public directory's units carry "PH unknown": say to call, never "0 h – 24 h"."""
    hours = "Mo-Fr 08:00-12:00,14:00-18:00; PH unknown"
    assert describe(hours, "fr")[-1] == "jours fériés : appeler avant de venir"
    assert describe(hours, "en")[-1] == "Public holidays: call before coming"
