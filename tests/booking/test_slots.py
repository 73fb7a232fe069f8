"""The slots an agenda offers: its directory hours cut into slots, less public holidays (the
national ones and Alsace-Moselle's), the place's closures, the notice and the horizon, and
what is already taken, motive by motive."""

import datetime as dt

import pytest

from appui.booking.models import Agenda, AgendaCapacity, Motive, SlotLoad
from appui.booking.slots import day_starts, free_slots, is_holiday, slot_at
from appui.directory.hours import PARIS
from appui.directory.models import Closure, Kind, Service

pytestmark = pytest.mark.django_db

# The seed's hours of the Épinal victim bureau (appui/directory/data/seed_nancy.json).
EPINAL_BAV = "Tu 13:15-16:00; We 08:30-11:30; Th 08:30-11:30,13:15-16:00; Fr 08:30-11:30; PH off"
EPINAL, METZ, STRASBOURG, MULHOUSE = "88160", "57463", "67482", "68224"


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def place(hours=EPINAL_BAV, commune=EPINAL, capacities=None, slug="bav-epinal", **agenda) -> Agenda:
    service = Service.objects.create(
        slug=slug, kind=Kind.BAV, name=slug, commune_code=commune, opening_hours=hours
    )
    made = Agenda.objects.create(service=service, slot_minutes=30, **agenda)
    for motive, capacity in (capacities or {Motive.BAV: 1}).items():
        AgendaCapacity.objects.create(agenda=made, motive=motive, capacity=capacity)
    return Agenda.objects.select_related("service").get(pk=made.pk)


def starts(slots) -> dict[dt.date, list[str]]:
    by_day: dict[dt.date, list[str]] = {}
    for slot in slots:
        by_day.setdefault(slot.start.date(), []).append(f"{slot.start:%H:%M}")
    return by_day


# A week without public holidays, seen from the Friday before.
MONDAY = dt.date(2025, 12, 1)
BEFORE = paris(2025, 11, 28, 10, 0)
AFTERNOON = ["13:15", "13:45", "14:15", "14:45", "15:15"]
MORNING = ["08:30", "09:00", "09:30", "10:00", "10:30", "11:00"]


def test_a_week_of_the_epinal_bureau_in_half_hours():
    agenda = place()
    slots = free_slots([agenda], Motive.BAV, MONDAY, MONDAY + dt.timedelta(days=6), now=BEFORE)
    assert starts(slots[agenda.pk]) == {
        dt.date(2025, 12, 2): AFTERNOON,  # a slot must end by 16:00: no 15:45
        dt.date(2025, 12, 3): MORNING,
        dt.date(2025, 12, 4): MORNING + AFTERNOON,
        dt.date(2025, 12, 5): MORNING,
    }
    first = slots[agenda.pk][0]
    assert first.start == paris(2025, 12, 2, 13, 15)
    assert first.start.tzinfo == PARIS
    assert first.end - first.start == dt.timedelta(minutes=30)
    assert (first.capacity, first.taken, first.free) == (1, 0, 1)


def test_slots_keep_the_wall_clock_across_the_change_to_summer_time():
    agenda = place()
    tuesday = dt.date(2026, 3, 31)  # two days after the clocks went forward
    slots = free_slots([agenda], Motive.BAV, tuesday, tuesday, now=paris(2026, 3, 20, 9, 0))
    first = slots[agenda.pk][0].start
    assert f"{first:%H:%M}" == "13:15"
    assert first.astimezone(dt.UTC).hour == 11


def test_christmas_is_closed_everywhere_and_the_26th_in_alsace_moselle_only():
    places = {
        commune: place(commune=commune, slug=f"bav-{commune}", hours=hours)
        for commune, hours in [
            (EPINAL, EPINAL_BAV),
            (METZ, EPINAL_BAV),
            (STRASBOURG, EPINAL_BAV),
            # Without "PH off": the agenda still keeps the legal holidays.
            (MULHOUSE, EPINAL_BAV.removesuffix("; PH off")),
        ]
    }
    week = dt.date(2025, 12, 22), dt.date(2025, 12, 28)
    slots = free_slots(list(places.values()), Motive.BAV, *week, now=paris(2025, 12, 19, 9, 0))
    for commune, agenda in places.items():
        days = starts(slots[agenda.pk])
        assert dt.date(2025, 12, 25) not in days, commune  # Thursday, Christmas
        assert days[dt.date(2025, 12, 23)] == AFTERNOON
        assert days[dt.date(2025, 12, 24)] == MORNING
        alsace_moselle = commune != EPINAL
        assert (dt.date(2025, 12, 26) in days) is not alsace_moselle, commune
    assert is_holiday(dt.date(2025, 12, 26), METZ)
    assert not is_holiday(dt.date(2025, 12, 26), EPINAL)
    assert is_holiday(dt.date(2026, 4, 3), STRASBOURG)  # Good Friday
    assert not is_holiday(dt.date(2026, 4, 3), EPINAL)


def test_a_directory_closure_removes_its_days_inclusive():
    agenda = place()
    Closure.objects.create(
        service=agenda.service,
        start=dt.date(2025, 12, 3),
        end=dt.date(2025, 12, 4),
        reason="travaux",
    )
    Closure.objects.create(  # after the window: no effect
        service=agenda.service, start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 3)
    )
    slots = free_slots([agenda], Motive.BAV, MONDAY, MONDAY + dt.timedelta(days=6), now=BEFORE)
    assert sorted(starts(slots[agenda.pk])) == [dt.date(2025, 12, 2), dt.date(2025, 12, 5)]
    assert slot_at(agenda, Motive.BAV, paris(2025, 12, 3, 9, 0), now=BEFORE) is None


def test_no_slot_closer_than_the_notice_nor_before_today():
    agenda = place(notice_minutes=60)
    tuesday = dt.date(2025, 12, 2)
    now = paris(2025, 12, 2, 13, 0)
    slots = free_slots([agenda], Motive.BAV, MONDAY, tuesday, now=now)
    # 13:15 and 13:45 start before 14:00 (now + one hour); Monday is past.
    assert starts(slots[agenda.pk]) == {tuesday: ["14:15", "14:45", "15:15"]}
    assert slot_at(agenda, Motive.BAV, paris(2025, 12, 2, 13, 45), now=now) is None
    assert slot_at(agenda, Motive.BAV, paris(2025, 12, 2, 14, 15), now=now).free == 1


def test_nothing_beyond_the_horizon():
    agenda = place(horizon_days=8)
    now = paris(2025, 12, 2, 7, 0)  # Tuesday: the horizon ends Wednesday 10 December
    slots = free_slots([agenda], Motive.BAV, dt.date(2025, 12, 2), dt.date(2025, 12, 31), now=now)
    days = starts(slots[agenda.pk])
    assert max(days) == dt.date(2025, 12, 10)
    assert days[dt.date(2025, 12, 10)] == MORNING
    assert slot_at(agenda, Motive.BAV, paris(2025, 12, 11, 9, 0), now=now) is None
    assert slot_at(agenda, Motive.BAV, paris(2025, 12, 10, 9, 0), now=now) is not None


def test_capacity_and_load_are_per_motive():
    agenda = place(capacities={Motive.PRE_COMPLAINT: 2, Motive.BAV: 1})
    nine = paris(2025, 12, 3, 9, 0)
    SlotLoad.objects.create(agenda=agenda, motive=Motive.PRE_COMPLAINT, start=nine, taken=2)
    SlotLoad.objects.create(
        agenda=agenda, motive=Motive.BAV, start=paris(2025, 12, 3, 9, 30), taken=1
    )
    SlotLoad.objects.create(
        agenda=agenda, motive=Motive.PRE_COMPLAINT, start=paris(2025, 12, 3, 10, 0), taken=1
    )
    day = dt.date(2025, 12, 3)

    def free(motive, **options):
        found = free_slots([agenda], motive, day, day, now=BEFORE, **options)[agenda.pk]
        return {f"{slot.start:%H:%M}": (slot.capacity, slot.taken) for slot in found}

    pre = free(Motive.PRE_COMPLAINT)
    assert "09:00" not in pre  # full for pre-complaints
    assert pre["09:30"] == (2, 0) and pre["10:00"] == (2, 1)
    bav = free(Motive.BAV)
    assert bav["09:00"] == (1, 0) and "09:30" not in bav
    assert free(Motive.PRE_COMPLAINT, with_full=True)["09:00"] == (2, 2)
    full = slot_at(agenda, Motive.PRE_COMPLAINT, nine, now=BEFORE)
    assert (full.capacity, full.taken, full.free) == (2, 2, 0)


def test_a_motive_not_offered_and_an_inactive_agenda_have_no_slot():
    agenda = place(capacities={Motive.BAV: 1})
    closed = place(slug="bav-closed", active=False)
    week = MONDAY, MONDAY + dt.timedelta(days=6)
    assert free_slots([agenda], Motive.PRE_COMPLAINT, *week, now=BEFORE) == {agenda.pk: []}
    assert free_slots([closed], Motive.BAV, *week, now=BEFORE) == {closed.pk: []}
    assert slot_at(agenda, Motive.ASSOCIATION, paris(2025, 12, 3, 9, 0), now=BEFORE) is None


def test_a_place_without_hours_offers_nothing():
    agenda = place(hours="")
    slots = free_slots([agenda], Motive.BAV, MONDAY, MONDAY + dt.timedelta(days=6), now=BEFORE)
    assert slots == {agenda.pk: []}


def test_slot_at_only_answers_for_the_grid():
    agenda = place()
    assert slot_at(agenda, Motive.BAV, paris(2025, 12, 3, 9, 0), now=BEFORE).end == paris(
        2025, 12, 3, 9, 30
    )
    assert slot_at(agenda, Motive.BAV, paris(2025, 12, 3, 9, 10), now=BEFORE) is None
    assert slot_at(agenda, Motive.BAV, paris(2025, 12, 3, 11, 30), now=BEFORE) is None
    # The same instant written in UTC is the same slot.
    utc = paris(2025, 12, 3, 9, 0).astimezone(dt.UTC)
    assert slot_at(agenda, Motive.BAV, utc, now=BEFORE).start == paris(2025, 12, 3, 9, 0)


def test_day_starts_fit_whole_slots_in_each_span():
    thursday = dt.date(2025, 12, 4)
    assert [f"{s:%H:%M}" for s in day_starts(EPINAL_BAV, thursday, 45)] == [
        "08:30",
        "09:15",
        "10:00",
        "10:45",  # ends 11:30
        "13:15",
        "14:00",
        "14:45",  # 15:30 would end 16:15
    ]
    assert day_starts(EPINAL_BAV, dt.date(2025, 12, 1), 30) == []  # Monday


def test_many_agendas_are_read_in_three_queries(django_assert_max_num_queries):
    agendas = [
        place(slug=f"unit-{i}", capacities={Motive.PRE_COMPLAINT: 2}, hours="Mo-Fr 08:30-12:00")
        for i in range(10)
    ]
    Closure.objects.create(service=agendas[0].service, start=MONDAY, end=MONDAY)
    SlotLoad.objects.create(
        agenda=agendas[1], motive=Motive.PRE_COMPLAINT, start=paris(2025, 12, 1, 8, 30), taken=2
    )
    agendas = list(Agenda.objects.select_related("service").filter(pk__in=[a.pk for a in agendas]))
    with django_assert_max_num_queries(3):
        slots = free_slots(
            agendas, Motive.PRE_COMPLAINT, MONDAY, MONDAY + dt.timedelta(days=29), now=BEFORE
        )
    by_pk = {agenda.service.slug: slots[agenda.pk] for agenda in agendas}
    assert dt.date(2025, 12, 1) not in starts(by_pk["unit-0"])
    assert starts(by_pk["unit-1"])[dt.date(2025, 12, 1)][0] == "09:00"
    # 30 days from Friday 28 November: up to Sunday 28 December, less Christmas.
    assert len(starts(by_pk["unit-2"])) == 19


def test_a_place_open_at_night_offers_no_time_the_clock_skips():
    """On the last Sunday of March 02:00 becomes 03:00: "02:00" and "02:30" name the same
    instants as 03:00 and 03:30, and would be shown twice, sharing their places."""
    agenda = place(hours="Mo-Su 00:00-24:00", slug="commissariat-24h", capacities={Motive.BAV: 1})
    sunday = dt.date(2026, 3, 29)
    slots = free_slots([agenda], Motive.BAV, sunday, sunday, now=paris(2026, 3, 20, 9, 0))
    found = [slot.start for slot in slots[agenda.pk]]
    assert len({start.timestamp() for start in found}) == len(found)
    assert "02:00" not in [f"{start:%H:%M}" for start in found]
