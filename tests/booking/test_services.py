"""Every write of the agendas through `appui.booking.services`: book, move, cancel, confirm,
mark, erase; the link's token; the audit line each write leaves with the place's
organisation. Real rows, no mock of the code under test; `now` is always given."""

import datetime as dt
import secrets

import pytest
from django.db import connection
from django.utils import translation

from appui.booking import services
from appui.booking.models import (
    HOLDING,
    Agenda,
    AgendaCapacity,
    Booking,
    BookingState,
    Motive,
    SlotLoad,
)
from appui.booking.services import Contact, Unavailable
from appui.core.access import Actor
from appui.core.models import AuditAction, AuditEvent, Organisation, OrganisationKind, Role
from appui.directory.hours import PARIS
from appui.directory.models import Kind, Service

pytestmark = pytest.mark.django_db

EPINAL_BAV = "Tu 13:15-16:00; We 08:30-11:30; Th 08:30-11:30,13:15-16:00; Fr 08:30-11:30; PH off"
NOW = dt.datetime(2025, 11, 28, 10, 0, tzinfo=PARIS)  # a Friday
WED_9 = dt.datetime(2025, 12, 3, 9, 0, tzinfo=PARIS)
WED_930 = dt.datetime(2025, 12, 3, 9, 30, tzinfo=PARIS)
THU_9 = dt.datetime(2025, 12, 4, 9, 0, tzinfo=PARIS)
ALICE = Contact(name="Alice Martin", phone="06 12 34 56 78", email="alice@example.org")


@pytest.fixture
def unit(db):
    return Organisation.objects.create(
        kind=OrganisationKind.UNIT, code="police-epinal", name="Police d'Épinal", file_prefix="PE"
    )


@pytest.fixture
def agenda(unit):
    service = Service.objects.create(
        slug="demo-commissariat-epinal",
        kind=Kind.POLICE,
        name="Commissariat d'Épinal",
        commune_code="88160",
        opening_hours=EPINAL_BAV,
        organisation=unit,
    )
    made = Agenda.objects.create(service=service, slot_minutes=30)
    AgendaCapacity.objects.create(agenda=made, motive=Motive.PRE_COMPLAINT, capacity=2)
    AgendaCapacity.objects.create(agenda=made, motive=Motive.BAV, capacity=1)
    return made


@pytest.fixture
def agent(unit):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("agent@police-epinal.example", password="x" * 20)
    return Actor(user.pk, unit.pk, OrganisationKind.UNIT, Role.UNIT_AGENT, "Agent", ip="10.0.0.1")


def book(agenda, start=WED_9, motive=Motive.PRE_COMPLAINT, contact=ALICE, **options):
    options.setdefault("now", NOW)
    return services.book(agenda, motive, start, contact, **options)


def taken(agenda, start, motive=Motive.PRE_COMPLAINT) -> int:
    return (
        SlotLoad.objects.filter(agenda=agenda, motive=motive, start=start)
        .values_list("taken", flat=True)
        .first()
        or 0
    )


def lines(booking=None, action=None):
    found = AuditEvent.objects.filter(target="booking")
    if booking is not None:
        found = found.filter(target_id=booking.pk)
    if action is not None:
        found = found.filter(action=action)
    return list(found.order_by("id"))


def raw(booking, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM booking_booking WHERE id = %s", [booking.pk])  # noqa: S608
        return cursor.fetchone()[0]


# --- book ------------------------------------------------------------------------------


def test_booking_takes_a_place_and_hands_out_a_link_kept_as_a_hash(agenda, unit):
    booking, token = book(agenda, contact=ALICE, source="complaints", source_id=7)
    assert (booking.start, booking.end) == (WED_9, WED_9 + dt.timedelta(minutes=30))
    assert booking.state == BookingState.BOOKED
    assert len(booking.reference) == services.REFERENCE_LENGTH
    assert set(booking.reference) <= set(services.REFERENCE_ALPHABET)
    assert len(token) >= 22  # 128 bits in base64 take 22 characters; this is 192
    assert booking.token_hash == services.hash_token(token) != token
    assert taken(agenda, WED_9) == 1
    stored = Booking.objects.get(pk=booking.pk)
    assert (stored.name, stored.phone, stored.email) == (ALICE.name, ALICE.phone, ALICE.email)
    assert "Alice" not in raw(booking, "name") and "06 12" not in raw(booking, "phone")
    assert (stored.source, stored.source_id) == ("complaints", 7)
    assert services.by_token(token) == booking


def test_reminders_need_a_way_to_reach_her(agenda):
    with_phone, _ = book(agenda, contact=Contact(name="A", phone="0612345678", reminders=True))
    without, _ = book(agenda, contact=Contact(name="B", reminders=True))
    assert with_phone.reminders and not without.reminders


def test_the_public_booking_is_audited_with_the_places_organisation(agenda, unit):
    booking, _ = book(agenda)
    [line] = lines(booking)
    assert line.action == AuditAction.CREATE
    assert line.organisation_id == unit.pk
    assert line.system == "public" and line.actor_id is None


def test_staff_booking_records_who_booked_and_who_receives(agenda, agent, unit):
    booking, _ = book(agenda, actor=agent, staff_user_id=agent.user_id, note="Bring the receipt")
    assert booking.booked_by_id == agent.user_id and booking.staff_id == agent.user_id
    assert Booking.objects.get(pk=booking.pk).note == "Bring the receipt"
    [line] = lines(booking)
    assert (line.actor_id, line.actor_organisation_id, line.organisation_id) == (
        agent.user_id,
        unit.pk,
        unit.pk,
    )
    assert line.system == ""


def test_an_association_place_audits_under_its_association(agenda):
    association = Organisation.objects.create(
        kind=OrganisationKind.ASSOCIATION, code="fv88", name="France Victimes 88", file_prefix="F"
    )
    Service.objects.filter(pk=agenda.service_id).update(organisation=association)
    booking, _ = book(Agenda.objects.get(pk=agenda.pk), motive=Motive.BAV)
    assert lines(booking)[0].organisation_id == association.pk


def test_capacity_is_per_motive_and_a_full_slot_is_refused_with_nothing_saved(agenda):
    book(agenda)
    book(agenda)
    before = (Booking.objects.count(), AuditEvent.objects.count())
    with pytest.raises(Unavailable) as refused:
        book(agenda)
    assert refused.value.reason == "full"
    assert (Booking.objects.count(), AuditEvent.objects.count()) == before
    assert taken(agenda, WED_9) == 2
    book(agenda, motive=Motive.BAV)  # the victim bureau's place in the same slot is apart
    with pytest.raises(Unavailable) as refused:
        book(agenda, motive=Motive.BAV)
    assert refused.value.reason == "full"
    assert taken(agenda, WED_9, Motive.BAV) == 1


@pytest.mark.parametrize(
    ("start", "motive", "reason"),
    [
        (dt.datetime(2025, 12, 3, 9, 10, tzinfo=PARIS), Motive.PRE_COMPLAINT, "not_a_slot"),
        (dt.datetime(2025, 12, 1, 9, 0, tzinfo=PARIS), Motive.PRE_COMPLAINT, "not_a_slot"),
        (dt.datetime(2025, 12, 25, 9, 0, tzinfo=PARIS), Motive.PRE_COMPLAINT, "not_a_slot"),
        (dt.datetime(2026, 1, 7, 9, 0, tzinfo=PARIS), Motive.PRE_COMPLAINT, "not_a_slot"),
        (dt.datetime(2025, 11, 26, 9, 0, tzinfo=PARIS), Motive.PRE_COMPLAINT, "past"),
        (dt.datetime(2025, 11, 28, 10, 30, tzinfo=PARIS), Motive.PRE_COMPLAINT, "past"),
        (WED_9, Motive.ASSOCIATION, "not_offered"),
    ],
    ids=["off-grid", "monday", "christmas", "beyond-horizon", "past", "within-notice", "motive"],
)
def test_what_cannot_be_booked(agenda, start, motive, reason):
    with pytest.raises(Unavailable) as refused:
        book(agenda, start=start, motive=motive)
    assert refused.value.reason == reason
    assert not Booking.objects.exists() and not SlotLoad.objects.filter(taken__gt=0).exists()


def test_an_inactive_agenda_takes_no_booking(agenda):
    Agenda.objects.filter(pk=agenda.pk).update(active=False)
    with pytest.raises(Unavailable) as refused:
        book(Agenda.objects.get(pk=agenda.pk))
    assert refused.value.reason == "not_offered"


def test_latest_day_refuses_later_slots_at_booking_and_at_moving(agenda):
    with pytest.raises(Unavailable) as refused:
        book(agenda, start=THU_9, latest_day=dt.date(2025, 12, 3))
    assert refused.value.reason == "too_late"
    booking, _ = book(agenda, start=WED_9, latest_day=dt.date(2025, 12, 3))
    assert booking.latest_day == dt.date(2025, 12, 3)
    with pytest.raises(Unavailable) as refused:
        services.move(booking, THU_9, now=NOW)
    assert refused.value.reason == "too_late"
    assert Booking.objects.get(pk=booking.pk).start == WED_9
    services.move(booking, WED_930, now=NOW)  # the same day is still in time
    assert taken(agenda, WED_930) == 1


def test_the_reason_reads_in_the_readers_language(agenda):
    with translation.override("en"), pytest.raises(Unavailable) as refused:
        book(agenda, motive=Motive.ASSOCIATION)
    with translation.override("en"):
        assert str(refused.value) == "This place does not take this kind of appointment."


def test_references_are_unique_and_a_clash_draws_another(agenda, monkeypatch):
    letters = iter("A" * 8 + "A" * 8 + "B" * 8)
    monkeypatch.setattr(secrets, "choice", lambda alphabet: next(letters))
    first, _ = book(agenda)
    second, _ = book(agenda)  # draws AAAAAAAA again, then BBBBBBBB
    assert (first.reference, second.reference) == ("AAAAAAAA", "BBBBBBBB")
    assert Booking.objects.filter(reference="BBBBBBBB").exists()
    assert taken(agenda, WED_9) == 2
    monkeypatch.undo()
    first_free, _ = book(agenda, start=WED_930)
    second_free, _ = book(agenda, start=WED_930)
    assert first_free.reference != second_free.reference


# --- the link --------------------------------------------------------------------------


def test_forged_replayed_or_malformed_tokens_find_nothing(agenda):
    booking, token = book(agenda)
    other, _ = book(agenda)
    assert services.by_token(token) == booking
    for forged in [
        "",
        token[:-1],
        token + "x",
        token.upper() if token.upper() != token else token.lower(),
        booking.token_hash,  # the stored hash is not a key
        secrets.token_urlsafe(services.TOKEN_BYTES),
        "x" * 101,
        "' OR 1=1 --",
    ]:
        found = services.by_token(forged)
        assert found is None, forged
    assert services.by_token(token) != other


# --- move ------------------------------------------------------------------------------


def test_move_takes_the_new_place_then_gives_the_old_one_back(agenda, agent):
    booking, token = book(agenda)
    services.confirm(booking, agent)
    Booking.objects.filter(pk=booking.pk).update(reminder_sent_at=NOW)
    booking = services.by_token(token)
    moved = services.move(booking, THU_9, now=NOW)
    stored = Booking.objects.get(pk=booking.pk)
    assert (
        (stored.start, stored.end)
        == (THU_9, THU_9 + dt.timedelta(minutes=30))
        == (
            moved.start,
            moved.end,
        )
    )
    # A moved appointment waits for a new confirmation and a new reminder.
    assert stored.state == BookingState.BOOKED and stored.reminder_sent_at is None
    assert (taken(agenda, WED_9), taken(agenda, THU_9)) == (0, 1)
    assert [line.action for line in lines(booking)] == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
        AuditAction.UPDATE,
    ]
    assert services.by_token(token) == stored  # the same link still holds it


def test_a_move_into_a_full_slot_leaves_the_appointment_as_it_was(agenda):
    book(agenda, start=THU_9)
    book(agenda, start=THU_9)
    booking, _ = book(agenda)
    audit_lines = AuditEvent.objects.count()
    with pytest.raises(Unavailable) as refused:
        services.move(booking, THU_9, now=NOW)
    assert refused.value.reason == "full"
    assert Booking.objects.get(pk=booking.pk).start == WED_9
    assert (taken(agenda, WED_9), taken(agenda, THU_9)) == (1, 2)
    assert AuditEvent.objects.count() == audit_lines


def test_a_move_to_the_same_slot_changes_nothing(agenda):
    booking, _ = book(agenda)
    services.move(booking, WED_9, now=NOW)
    assert taken(agenda, WED_9) == 1 and len(lines(booking)) == 1


def test_a_move_into_the_past_or_off_the_grid_is_refused(agenda):
    booking, _ = book(agenda)
    for start, reason in [
        (dt.datetime(2025, 11, 28, 10, 30, tzinfo=PARIS), "past"),
        (dt.datetime(2025, 12, 3, 12, 0, tzinfo=PARIS), "not_a_slot"),
    ]:
        with pytest.raises(Unavailable) as refused:
            services.move(booking, start, now=NOW)
        assert refused.value.reason == reason
    assert taken(agenda, WED_9) == 1


def test_a_cancelled_or_past_appointment_cannot_move(agenda, agent):
    cancelled, _ = book(agenda)
    services.cancel(cancelled)
    honoured, _ = book(agenda)
    services.mark(honoured, agent, BookingState.HONOURED)
    for booking in (cancelled, honoured):
        with pytest.raises(Unavailable) as refused:
            services.move(booking, THU_9, now=NOW)
        assert refused.value.reason == "closed"
    assert taken(agenda, THU_9) == 0


# --- cancel, confirm, mark ---------------------------------------------------------------


def test_cancel_gives_the_place_back_once(agenda):
    booking, token = book(agenda)
    services.cancel(booking)
    services.cancel(booking)
    assert Booking.objects.get(pk=booking.pk).state == BookingState.CANCELLED
    assert taken(agenda, WED_9) == 0
    assert [line.action for line in lines(booking)] == [AuditAction.CREATE, AuditAction.UPDATE]
    book(agenda)
    book(agenda)  # both places are free again
    assert services.by_token(token).state == BookingState.CANCELLED


def test_confirm_with_the_documents_to_bring(agenda, agent, unit):
    booking, _ = book(agenda)
    services.confirm(booking, agent, note="Pièce d'identité, facture du vélo")
    stored = Booking.objects.get(pk=booking.pk)
    assert stored.state == BookingState.CONFIRMED and stored.holds_a_place
    assert stored.note == "Pièce d'identité, facture du vélo"
    assert "vélo" not in raw(booking, "note")
    services.confirm(stored, agent)  # without a note: the note stays
    assert Booking.objects.get(pk=booking.pk).note.startswith("Pièce")
    line = lines(booking, AuditAction.UPDATE)[0]
    assert (line.actor_id, line.organisation_id) == (agent.user_id, unit.pk)
    assert taken(agenda, WED_9) == 1


def test_a_cancelled_appointment_cannot_be_confirmed_or_marked(agenda, agent):
    booking, _ = book(agenda)
    services.cancel(booking)
    for write in (
        lambda: services.confirm(booking, agent),
        lambda: services.mark(booking, agent, BookingState.HONOURED),
    ):
        with pytest.raises(Unavailable) as refused:
            write()
        assert refused.value.reason == "closed"
    assert Booking.objects.get(pk=booking.pk).state == BookingState.CANCELLED


def test_mark_honoured_or_missed_keeps_the_place_used(agenda, agent):
    came, _ = book(agenda)
    absent, _ = book(agenda)
    services.mark(came, agent, BookingState.HONOURED)
    services.mark(absent, agent, BookingState.MISSED)
    services.mark(absent, agent, BookingState.MISSED)  # again: no error
    states = dict(Booking.objects.values_list("pk", "state"))
    assert states == {came.pk: BookingState.HONOURED, absent.pk: BookingState.MISSED}
    assert taken(agenda, WED_9) == 2
    with pytest.raises(ValueError):
        services.mark(came, agent, BookingState.CANCELLED)
    with pytest.raises(Unavailable):
        services.mark(absent, agent, BookingState.HONOURED)


# --- erasure ---------------------------------------------------------------------------


def test_erasure_leaves_anonymous_rows_frees_the_places_and_kills_the_links(agenda, agent, unit):
    held, held_token = book(agenda, contact=ALICE)
    confirmed, confirmed_token = book(agenda, start=THU_9, contact=ALICE)
    services.confirm(confirmed, agent, note="Facture du vélo")
    honoured, _ = book(agenda, start=WED_930, contact=ALICE)
    services.mark(honoured, agent, BookingState.HONOURED)
    kept, kept_token = book(agenda, contact=Contact(name="Bob Durand", phone="0700000000"))

    assert services.erase_personal_data([held.pk, confirmed.pk, honoured.pk]) == 3

    rows = {b.pk: b for b in Booking.objects.all()}
    assert len(rows) == 4
    for pk in (held.pk, confirmed.pk, honoured.pk):
        row = rows[pk]
        assert (row.name, row.phone, row.email, row.note, row.reminders) == ("", "", "", "", False)
        assert (raw(row, "name"), raw(row, "phone"), raw(row, "email")) == ("", "", "")
    assert rows[held.pk].state == rows[confirmed.pk].state == BookingState.CANCELLED
    assert rows[honoured.pk].state == BookingState.HONOURED  # what happened stays counted
    assert rows[kept.pk].name == "Bob Durand" and rows[kept.pk].state == BookingState.BOOKED
    # Places held are given back; the honoured one was used.
    assert (taken(agenda, WED_9), taken(agenda, THU_9), taken(agenda, WED_930)) == (1, 0, 1)
    assert services.by_token(held_token) is None
    assert services.by_token(confirmed_token) is None
    assert services.by_token(kept_token) == kept
    erased = lines(action=AuditAction.ERASE)
    assert sorted(line.target_id for line in erased) == sorted([held.pk, confirmed.pk, honoured.pk])
    assert {(line.system, line.organisation_id) for line in erased} == {("worker", unit.pk)}


def test_erasing_twice_gives_no_place_back_twice(agenda):
    first, _ = book(agenda)
    book(agenda)
    services.erase_personal_data([first.pk])
    services.erase_personal_data([first.pk])
    assert taken(agenda, WED_9) == 1
    assert services.erase_personal_data([]) == 0


# --- writes from stale copies ----------------------------------------------------------
# Two requests about the same appointment (her link open in two tabs, the unit's page) each
# hold their own copy of the row: a write must act on the row as it is now, or a slot's
# count drifts from the appointments holding it and a place is given twice.


def holding(agenda, start, motive=Motive.PRE_COMPLAINT) -> int:
    return Booking.objects.filter(
        agenda=agenda, motive=motive, start=start, state__in=HOLDING
    ).count()


def test_a_stale_copy_cannot_move_a_cancelled_appointment(agenda):
    booking, token = book(agenda)
    stale = services.by_token(token)
    services.cancel(booking)
    with pytest.raises(Unavailable) as refused:
        services.move(stale, THU_9, now=NOW)
    assert refused.value.reason == "closed"
    assert Booking.objects.get(pk=booking.pk).state == BookingState.CANCELLED
    assert (taken(agenda, WED_9), taken(agenda, THU_9)) == (0, 0)


def test_a_stale_copy_moves_from_where_the_appointment_is_now(agenda):
    """Moved in one tab, then again from the other: the second move must give back the
    place the first one took, not the one she left, or the slot she left is given twice."""
    booking, token = book(agenda, motive=Motive.BAV)  # one place per slot
    stale = services.by_token(token)
    services.move(booking, THU_9, now=NOW)
    book(agenda, motive=Motive.BAV, contact=Contact(name="Bob"))  # the freed 9:00 place
    services.move(stale, WED_930, now=NOW)
    try:
        book(agenda, motive=Motive.BAV, contact=Contact(name="Carol"))
    except Unavailable:
        pass
    for start in (WED_9, THU_9, WED_930):
        assert taken(agenda, start, Motive.BAV) == holding(agenda, start, Motive.BAV) <= 1


def test_a_stale_copy_cannot_confirm_a_cancelled_appointment(agenda, agent):
    """Confirmed after it was cancelled, it would hold a place its slot no longer counts."""
    booking, token = book(agenda)
    stale = services.by_token(token)
    services.cancel(booking)
    with pytest.raises(Unavailable):
        services.confirm(stale, agent)
    assert Booking.objects.get(pk=booking.pk).state == BookingState.CANCELLED
    assert taken(agenda, WED_9) == holding(agenda, WED_9)


def test_a_stale_copy_cannot_mark_a_cancelled_appointment(agenda, agent):
    booking, token = book(agenda)
    stale = services.by_token(token)
    services.cancel(booking)
    with pytest.raises(Unavailable):
        services.mark(stale, agent, BookingState.MISSED)
    assert Booking.objects.get(pk=booking.pk).state == BookingState.CANCELLED


# --- staff calendar feed -----------------------------------------------------------------


def test_a_new_feed_address_replaces_the_old_one(agent):
    first = services.feed_token(agent.user_id)
    assert services.feed_owner(first) == agent.user_id
    second = services.feed_token(agent.user_id)
    assert services.feed_owner(second) == agent.user_id
    assert services.feed_owner(first) is None
    assert services.feed_owner("") is None and services.feed_owner("x" * 101) is None
