"""The public holidays behind CPP 801 and working days (deadlines.py, law.md §6):
C. trav. L3133-1; Alsace-Moselle L3134-13; overseas, loi 83-550 / décret 83-1003."""

import datetime as dt

import pytest

from appui.rights import deadlines as D

P = pytest.param
d = dt.date

NATIONAL_2026 = {
    d(2026, 1, 1),
    d(2026, 4, 6),  # Easter Monday
    d(2026, 5, 1),
    d(2026, 5, 8),
    d(2026, 5, 14),  # Ascension
    d(2026, 5, 25),  # Whit Monday
    d(2026, 7, 14),
    d(2026, 8, 15),
    d(2026, 11, 1),
    d(2026, 11, 11),
    d(2026, 12, 25),
}


@pytest.mark.parametrize(
    "department,extra",
    [
        P(None, set(), id="no-department"),
        P("75", set(), id="paris"),
        P("2A", set(), id="corse-du-sud"),
        P("57", {d(2026, 4, 3), d(2026, 12, 26)}, id="moselle"),
        P("67", {d(2026, 4, 3), d(2026, 12, 26)}, id="bas-rhin"),
        P("68", {d(2026, 4, 3), d(2026, 12, 26)}, id="haut-rhin"),
        P("971", {d(2026, 5, 27)}, id="guadeloupe"),
        P("972", {d(2026, 5, 22)}, id="martinique"),
        P("973", {d(2026, 6, 10)}, id="guyane"),
        P("974", {d(2026, 12, 20)}, id="la-reunion"),
        P("976", {d(2026, 4, 27)}, id="mayotte"),
        P("975", set(), id="saint-pierre-et-miquelon-national-list"),
    ],
)
def test_the_legal_public_holidays_of_2026(department, extra):
    assert D.public_holidays(2026, department) == NATIONAL_2026 | extra


@pytest.mark.parametrize(
    "department,day",
    [
        P("971", d(2026, 2, 17), id="mardi-gras-guadeloupe"),
        P("972", d(2026, 2, 18), id="ash-wednesday-martinique"),
        P("971", d(2026, 3, 12), id="mi-careme-guadeloupe"),
        P("971", d(2026, 4, 3), id="good-friday-guadeloupe"),
        P("972", d(2026, 4, 3), id="good-friday-martinique"),
        P("971", d(2026, 7, 21), id="victor-schoelcher-guadeloupe"),
        P("972", d(2026, 7, 21), id="victor-schoelcher-martinique"),
    ],
)
def test_customary_days_off_overseas_are_working_days(department, day):
    assert day.weekday() < 5
    assert D.is_working_day(day, department)


@pytest.mark.parametrize(
    "year,day,holiday",
    [
        P(2005, d(2005, 5, 16), True, id="whit-monday-2005-solidarity-day-still-a-holiday"),
        P(2007, d(2007, 5, 28), True, id="whit-monday-2007"),
        P(1983, d(1983, 5, 27), False, id="guadeloupe-before-decret-83-1003"),
        P(1984, d(1984, 5, 27), True, id="guadeloupe-from-1984"),
        P(1981, d(1981, 5, 8), False, id="8-may-before-loi-81-893"),
        P(1982, d(1982, 5, 8), True, id="8-may-from-1982"),
    ],
)
def test_history_of_the_list(year, day, holiday):
    department = "971" if day.month == 5 and day.day == 27 else None
    assert (day in D.public_holidays(year, department)) is holiday


@pytest.mark.parametrize(
    "year,easter",
    [
        (1900, d(1900, 4, 15)),
        (2024, d(2024, 3, 31)),
        (2025, d(2025, 4, 20)),
        (2038, d(2038, 4, 25)),
    ],
)
def test_easter(year, easter):
    assert D.easter(year) == easter


@pytest.mark.parametrize(
    "start,count,department,expected,local",
    [
        P(d(2025, 3, 3), 5, None, d(2025, 3, 10), False, id="five-from-monday"),
        P(d(2025, 3, 8), 2, None, d(2025, 3, 11), False, id="from-a-saturday"),
        P(d(2026, 4, 2), 2, "57", d(2026, 4, 8), True, id="good-friday-moselle"),
        P(d(2026, 4, 2), 2, "88", d(2026, 4, 7), False, id="good-friday-vosges"),
        P(d(2026, 4, 2), 2, "971", d(2026, 4, 7), False, id="good-friday-guadeloupe"),
        P(d(2026, 5, 20), 2, "971", d(2026, 5, 22), False, id="guadeloupe-plain-week"),
        P(d(2026, 5, 26), 1, "971", d(2026, 5, 28), False, id="guadeloupe-27-may"),
    ],
)
def test_add_working_days(start, count, department, expected, local):
    assert D.add_working_days(start, count, department) == (expected, local)


def test_a_cpp_801_extension_over_good_friday_is_flagged(run, make_facts, remedy, deadline):
    # 3 April 2026 is Good Friday: in the Moselle the CIVI deadline moves to Tuesday 7 April.
    base = {"offence.date": "2023-04-03", "procedure.complaint_date": ...}
    moselle = remedy(run(make_facts("violence", {**base, "offence.department": "57"})), "civi_full")
    assert deadline(moselle, "civi_request")["date"] == "2026-04-07"
    assert any("L3134-13" in u for u in moselle["uncertain"])
    vosges = remedy(run(make_facts("violence", {**base, "offence.department": "88"})), "civi_full")
    assert deadline(vosges, "civi_request")["date"] == "2026-04-03"
    assert not any("L3134-13" in u for u in vosges["uncertain"])


def test_an_extension_not_resting_on_good_friday_is_not_flagged(run, make_facts, remedy):
    # 26 December 2022 + 3 years in the Moselle: Friday 26 December 2025, then the weekend.
    facts = make_facts(
        "violence",
        {"offence.date": "2022-12-26", "procedure.complaint_date": ..., "offence.department": "57"},
    )
    civi = remedy(run(facts), "civi_full")
    assert civi["deadlines"][0]["date"] == "2025-12-29"
    assert not any("L3134-13" in u for u in civi["uncertain"])


@pytest.mark.parametrize(
    "department,date",
    [P("971", "2026-05-28", id="guadeloupe-27-may"), P("75", "2026-05-27", id="paris")],
)
def test_cpp_801_overseas(run, make_facts, remedy, deadline, department, date):
    facts = make_facts(
        "violence",
        {
            "offence.date": "2023-05-27",
            "procedure.complaint_date": ...,
            "offence.department": department,
        },
    )
    assert deadline(remedy(run(facts), "civi_full"), "civi_request")["date"] == date
