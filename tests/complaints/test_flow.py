"""The public pre-complaint: the gate, each section with bad input, the review, the choice
of a unit and a time, and sending."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from appui.booking.models import Booking, BookingState
from appui.complaints import drafts, services
from appui.complaints.models import ComplaintCount, PreComplaint, State
from appui.core.crypto import decrypt_json
from appui.directory.hours import PARIS

from .conftest import ADDRESS, CARD, EMAIL, IBAN, NAME, PHONE

pytestmark = pytest.mark.django_db

START = "/pre-plainte/"


def url(slug):
    return reverse("complaints:section", args=[slug])


def gate(client, what="theft", author="no", danger="no"):
    return client.post(START, {"what": what, "author_known": author, "danger": danger})


DECLARANT = {
    "on_behalf": "self",
    "last_name": NAME[1],
    "first_name": NAME[0],
    "birth_date": "1990-03-04",
    "home": "Épinal",
    "address": "12 rue des Tilleuls",
    "phone": PHONE,
    "email": EMAIL,
}


def facts(**changes):
    day = timezone.now().astimezone(PARIS).date() - dt.timedelta(days=2)
    return {
        "when": "date",
        "date": day.isoformat(),
        "time": "18:30",
        "commune": "Épinal",
        "place": "Devant la gare",
        "story": "Mon vélo bleu a disparu.",
        **changes,
    }


def lines(rows, nothing=False, **extra):
    data = {
        "lines-TOTAL_FORMS": str(len(rows)),
        "lines-INITIAL_FORMS": str(len(rows)),
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "20",
        **extra,
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"lines-{index}-{key}"] = value
    if nothing:
        data["nothing"] = "on"
    return data


def fill(client, *, payments=None):
    """The whole form, correctly, up to the review page."""
    assert gate(client).status_code == 302
    assert client.post(url("declarant"), DECLARANT).status_code == 302
    assert client.post(url("faits"), facts()).status_code == 302
    goods = lines([{"item": "Vélo bleu", "value": "450", "details": "cadre WTU123"}, {}])
    assert client.post(url("biens"), goods).status_code == 302
    cards = payments or lines(
        [{"kind": "card", "issuer": "Banque", "number": CARD}, {"kind": "account", "number": IBAN}]
    )
    assert client.post(url("moyens-de-paiement"), cards).status_code == 302
    response = client.post(url("temoins-et-preuves"), {"witnesses": "no", "evidence": ["receipts"]})
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:review")


def session_draft(client):
    token = client.session[drafts.DRAFT_KEY]
    return decrypt_json(token)


# --- the gate -------------------------------------------------------------------------


def test_start_page_says_the_national_online_complaint_and_is_private(client):
    response = client.get(START)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    with translation.override("en"):
        response = client.get(START, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "15 October 2024" in html or "15 octobre 2024" in html
    assert "2008-1109" in html  # under the legal detail


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ({"danger": "yes"}, "danger"),
        ({"what": "violence"}, "violence"),
        ({"what": "other"}, "other"),
        ({"author": "yes"}, "known"),
    ],
)
def test_the_gate_sends_elsewhere_kindly(client, answers, reason):
    response = gate(client, **answers)
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:elsewhere", args=[reason])
    page = client.get(response["Location"]).content.decode()
    assert "116006" in page and "tel:17" in page  # the helpline, and the emergency numbers
    assert 'href="/guide/' in page or "guide" in page  # never a dead end
    assert drafts.DRAFT_KEY not in client.session  # nothing kept


def test_the_gate_asks_every_question(client):
    response = client.post(START, {"what": "theft"})
    assert response.status_code == 422
    assert b'id="error-summary"' in response.content
    assert b'#id_danger"' in response.content and b'#id_author_known"' in response.content


def test_a_section_without_the_gate_goes_back_to_it(client):
    assert client.get(url("faits"))["Location"] == START


def test_an_unknown_section_or_reason_is_404(client):
    gate(client)
    assert client.get("/pre-plainte/nimporte/").status_code == 404
    assert client.get("/pre-plainte/ailleurs/nimporte/").status_code == 404


# --- sections with bad input --------------------------------------------------------------


def test_declarant_errors_are_field_level(client, territory):
    gate(client)
    response = client.post(
        url("declarant"), {**DECLARANT, "phone": "", "email": "", "birth_date": "2015-01-01"}
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) == {"phone", "birth_date"}
    assert b'href="#id_phone"' in response.content


def test_declarant_for_a_company_or_a_child_says_so(client, territory):
    gate(client)
    response = client.post(url("declarant"), {**DECLARANT, "on_behalf": "company"})
    assert set(response.context["form"].errors) == {"company_name", "company_role"}
    response = client.post(
        url("declarant"),
        {
            **DECLARANT,
            "on_behalf": "minor",
            "minor_last_name": "Q",
            "minor_first_name": "Léo",
            "minor_birth_date": "1990-01-01",
            "relationship": "parent",
        },
    )
    assert set(response.context["form"].errors) == {"minor_birth_date"}  # not a minor
    response = client.post(
        url("declarant"),
        {
            **DECLARANT,
            "on_behalf": "company",
            "company_name": "Boulangerie",
            "company_role": "gérante",
            "company_number": "12345678901234",
        },
    )
    assert set(response.context["form"].errors) == {"company_number"}
    response = client.post(
        url("declarant"),
        {
            **DECLARANT,
            "on_behalf": "company",
            "company_name": "Boulangerie",
            "company_role": "gérante",
            "company_number": "732 829 320 00074",
        },
    )
    assert response.status_code == 302
    assert session_draft(client)["declarant"]["company_number"] == "73282932000074"


def test_an_unknown_town_is_said_beside_the_field(client, territory):
    gate(client)
    response = client.post(url("declarant"), {**DECLARANT, "home": "Zzzzville"})
    assert response.status_code == 422
    assert "home" in response.context["form"].errors


def test_a_date_of_facts_in_the_future_is_refused(client, territory):
    gate(client)
    client.post(url("declarant"), DECLARANT)
    tomorrow = timezone.now().astimezone(PARIS).date() + dt.timedelta(days=1)
    response = client.post(url("faits"), facts(date=tomorrow.isoformat()))
    assert response.status_code == 422
    with translation.override("en"):
        assert "in the future" in str(response.context["form"].errors["date"])
    # Today, at a time still to come, is refused on the time.
    later = timezone.now().astimezone(PARIS) + dt.timedelta(hours=2)
    if later.date() == timezone.now().astimezone(PARIS).date():
        response = client.post(
            url("faits"), facts(date=later.date().isoformat(), time=later.strftime("%H:%M"))
        )
        assert "time" in response.context["form"].errors
    # A period whose end is before its start.
    response = client.post(
        url("faits"),
        facts(when="period", date="", start_date="2026-01-10", end_date="2026-01-05"),
    )
    assert set(response.context["form"].errors) == {"end_date"}
    response = client.post(
        url("faits"), facts(when="period", start_date="2026-01-01", end_date="2026-01-05")
    )
    assert response.status_code == 302


def test_goods_need_a_line_or_the_box(client, territory):
    gate(client)
    response = client.post(url("biens"), lines([{}, {}]))
    assert response.status_code == 422
    assert "nothing" in response.context["nothing"].errors
    response = client.post(url("biens"), lines([{"value": "abc", "item": "Vélo"}]))
    assert response.status_code == 422
    assert b'href="#id_lines-0-value"' in response.content
    response = client.post(url("biens"), lines([{"value": "12", "details": "rouge"}]))
    assert "item" in response.context["formset"].forms[0].errors
    response = client.post(url("biens"), lines([{}], nothing=True))
    assert response.status_code == 302
    assert session_draft(client)["goods"] == {"nothing": True, "lines": []}


def test_goods_more_lines_without_javascript(client, territory):
    gate(client)
    response = client.post(
        url("biens"), lines([{"item": "Vélo", "value": "450"}, {}], action="more")
    )
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 3  # the line given, two blank ones
    assert session_draft(client)["goods"]["lines"] == [{"item": "Vélo", "value": "450"}]


def test_payment_numbers_are_checked_then_shown_masked(client, territory):
    gate(client)
    response = client.post(
        url("moyens-de-paiement"), lines([{"kind": "card", "number": "4970 1012 3456 7890"}])
    )
    assert response.status_code == 422
    assert "number" in response.context["formset"].forms[0].errors
    response = client.post(
        url("moyens-de-paiement"), lines([{"kind": "account", "number": "FR76 1234"}])
    )
    assert "number" in response.context["formset"].forms[0].errors
    response = client.post(url("moyens-de-paiement"), lines([{"number": "123"}]))
    assert "kind" in response.context["formset"].forms[0].errors
    response = client.post(
        url("moyens-de-paiement"),
        lines(
            [
                {"kind": "card", "issuer": "Banque", "number": CARD},
                {"kind": "account", "number": IBAN},
            ]
        ),
    )
    assert response.status_code == 302
    # Coming back: the numbers are not in the page, only their last four characters.
    page = client.get(url("moyens-de-paiement")).content.decode()
    assert "7893" in page and CARD.replace(" ", "") not in page and "1234567890" not in page
    # Left empty, a number given before is kept.
    response = client.post(
        url("moyens-de-paiement"),
        lines([{"kind": "card", "issuer": "Autre banque", "number": "", "saved": "0"}]),
    )
    assert response.status_code == 302
    assert session_draft(client)["payments"]["lines"] == [
        {"kind": "card", "issuer": "Autre banque", "number": CARD.replace(" ", "")}
    ]


def test_witnesses_named_when_there_are_some(client, territory):
    gate(client)
    response = client.post(url("temoins-et-preuves"), {"witnesses": "yes"})
    assert set(response.context["form"].errors) == {"witnesses_text"}


def test_the_session_holds_no_clear_answer(client, territory):
    gate(client)
    client.post(url("declarant"), DECLARANT)
    from django.contrib.sessions.models import Session

    raw = Session.objects.get().session_data
    decoded = Session.objects.get().get_decoded()
    assert NAME[1] not in raw and NAME[1] not in str(decoded)


# --- review, units, sending ---------------------------------------------------------------


def test_review_needs_every_section_and_links_each(client, territory):
    gate(client)
    client.post(url("declarant"), DECLARANT)
    assert client.get(reverse("complaints:review"))["Location"] == url("faits")
    assert client.get(reverse("complaints:units"))["Location"] == url("faits")
    client.post(url("faits"), facts())
    client.post(url("biens"), lines([{"item": "Vélo", "value": "450"}]))
    client.post(url("moyens-de-paiement"), lines([], nothing=True))
    client.post(url("temoins-et-preuves"), {"witnesses": "no"})
    response = client.get(reverse("complaints:review"))
    assert response.status_code == 200
    html = response.content.decode()
    for slug in ("declarant", "faits", "biens", "moyens-de-paiement", "temoins-et-preuves"):
        assert f'href="{url(slug)}"' in html
    assert NAME[1] in html and "Vélo" in html


def test_units_nearest_the_facts_or_home_with_free_times(client, units):
    fill(client)
    response = client.get(reverse("complaints:units"))
    assert response.status_code == 200
    found = response.context["units"]
    names = [n.unit.slug for n in found]
    # Nancy's police station takes no pre-complaint; Épinal is nearest to Épinal.
    assert names == ["demo-commissariat-epinal", "demo-gendarmerie-verdun"]
    assert found[0].slots and found[0].km is not None and found[0].km < 5
    last = services.latest_day(timezone.now())
    assert all(slot.start.astimezone(PARIS).date() <= last for n in found for slot in n.slots)


def test_units_never_offer_a_day_past_the_erasure(units):
    now = dt.datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)
    slots = services.unit_slots(units["epinal"], now=now)
    assert slots
    assert max(s.start.astimezone(PARIS).date() for s in slots) <= dt.date(2026, 12, 30)
    assert services.latest_day(now) == dt.date(2026, 12, 30)  # erased on 31 December


def first_slot(unit):
    slot = services.unit_slots(unit)[0]
    return slot.start.astimezone(PARIS)


def test_send_creates_the_pre_complaint_and_its_appointment(client, units, mailoutbox):
    fill(client)
    start = first_slot(units["epinal"])
    response = client.post(
        reverse("complaints:unit", args=[units["epinal"].pk]),
        {"day": start.date().isoformat(), "start": start.isoformat(), "reminders": "on"},
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("complaints:sent")
    pre_complaint = PreComplaint.objects.get()
    assert pre_complaint.state == State.RECEIVED
    assert pre_complaint.erase_after == pre_complaint.received_at + dt.timedelta(days=30)
    appointment = pre_complaint.booking
    assert appointment.start == start and appointment.state == BookingState.BOOKED
    assert appointment.source == "complaints" and appointment.source_id == pre_complaint.pk
    assert appointment.latest_day == services.latest_day(pre_complaint.received_at)
    assert appointment.name == f"{NAME[0]} {NAME[1]}" and appointment.reminders
    assert ComplaintCount.objects.get().outcome == "received"
    # Her draft left the session; the "sent" page shows her code and links.
    assert drafts.DRAFT_KEY not in client.session
    page = client.get(reverse("complaints:sent"))
    html = page.content.decode()
    assert appointment.reference in html
    assert "/rendez-vous/" in html and "rendez-vous.ics" in html
    assert NAME[1] not in html
    # A neutral confirmation by e-mail (and text message).
    assert len(mailoutbox) == 1
    message = mailoutbox[0].body
    assert appointment.reference in message and "plainte" not in message.lower()


def test_a_slot_taken_meanwhile_keeps_her_answers(client, units):
    from appui.booking import services as booking

    fill(client)
    agenda = units["verdun"].agenda  # one place a slot
    start = first_slot(units["verdun"])
    booking.book(agenda, "pre_complaint", start, booking.Contact(name="Autre"))
    response = client.post(
        reverse("complaints:unit", args=[units["verdun"].pk]),
        {"day": start.date().isoformat(), "start": start.isoformat()},
    )
    assert response.status_code == 409
    assert response.context["problem"]
    assert PreComplaint.objects.count() == 0 and Booking.objects.count() == 1
    assert session_draft(client)["declarant"]["last_name"] == NAME[1]
    assert start.isoformat() not in [
        v for v, _l in response.context["form"].fields["start"].widget.choices
    ]


def test_a_slot_that_is_no_slot_or_too_late_is_refused(client, units):
    fill(client)
    place = units["epinal"]
    odd = first_slot(place).replace(minute=7)
    response = client.post(reverse("complaints:unit", args=[place.pk]), {"start": odd.isoformat()})
    assert response.status_code == 409
    late = dt.datetime.combine(
        services.latest_day(timezone.now()) + dt.timedelta(days=7), dt.time(9), PARIS
    )
    response = client.post(reverse("complaints:unit", args=[place.pk]), {"start": late.isoformat()})
    assert response.status_code == 409
    response = client.post(reverse("complaints:unit", args=[place.pk]), {"start": "hier"})
    assert response.status_code == 422
    assert PreComplaint.objects.count() == 0


def test_a_unit_that_takes_no_pre_complaint_is_404(client, units):
    fill(client)
    assert client.get(reverse("complaints:unit", args=[units["nancy"].pk])).status_code == 404


def test_the_per_address_limit(client, units, settings):
    settings.APPUI_PUBLIC_LIMIT_PER_ADDRESS_HOUR = 2
    place = units["epinal"]
    slots = services.unit_slots(place)
    for index in range(3):
        fill(client)
        start = slots[index].start.astimezone(PARIS)
        response = client.post(
            reverse("complaints:unit", args=[place.pk]),
            {"start": start.isoformat(), "day": start.date().isoformat()},
            REMOTE_ADDR=ADDRESS,
        )
        if index < 2:
            assert response.status_code == 302
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert PreComplaint.objects.count() == 2
    assert session_draft(client)["declarant"]  # her answers are kept
    # Another address may still send.
    response = client.post(
        reverse("complaints:unit", args=[place.pk]),
        {"start": slots[2].start.astimezone(PARIS).isoformat()},
        REMOTE_ADDR="198.51.100.2",
    )
    assert response.status_code == 302


def test_the_honeypot_creates_nothing(client, units):
    fill(client)
    start = first_slot(units["epinal"])
    response = client.post(
        reverse("complaints:unit", args=[units["epinal"].pk]),
        {"start": start.isoformat(), "website": "http://spam.example"},
    )
    assert response.status_code == 200
    assert PreComplaint.objects.count() == 0 and Booking.objects.count() == 0


def test_forget_deletes_everything_typed(client, territory):
    gate(client)
    client.post(url("declarant"), DECLARANT)
    response = client.post(reverse("complaints:forget"))
    assert response.status_code == 302
    assert drafts.DRAFT_KEY not in client.session


def test_pages_in_english_and_spanish(client, units):
    fill(client)
    for language in ("en", "es"):
        client.post("/i18n/setlang/", {"language": language})
        for name in ("complaints:start", "complaints:review", "complaints:units"):
            assert client.get(reverse(name)).status_code == 200


def test_the_per_phone_limit(client, units, settings):
    settings.APPUI_PUBLIC_LIMIT_PER_PHONE_DAY = 1
    place = units["epinal"]
    slots = services.unit_slots(place)
    for index, address in enumerate(("198.51.100.3", "198.51.100.4")):
        fill(client)
        start = slots[index].start.astimezone(PARIS)
        response = client.post(
            reverse("complaints:unit", args=[place.pk]),
            {"start": start.isoformat(), "day": start.date().isoformat()},
            REMOTE_ADDR=address,
        )
    assert response.status_code == 429
    assert response["Retry-After"] == str(24 * 60 * 60)
    assert PreComplaint.objects.count() == 1 and Booking.objects.count() == 1


def test_a_changed_answer_at_the_gate_closes_the_form(client, territory):
    gate(client)
    client.post(url("declarant"), DECLARANT)
    assert gate(client, author="yes")["Location"].endswith("/ailleurs/known/")
    assert client.get(url("faits"))["Location"] == START
    assert gate(client).status_code == 302  # answered again: her sections are still there
    assert session_draft(client)["declarant"]["last_name"] == NAME[1]


def test_every_public_page_is_private(client, units):
    fill(client)
    pages = [
        START,
        url("declarant"),
        url("faits"),
        url("biens"),
        url("moyens-de-paiement"),
        url("temoins-et-preuves"),
        reverse("complaints:review"),
        reverse("complaints:units"),
        reverse("complaints:unit", args=[units["epinal"].pk]),
        reverse("complaints:elsewhere", args=["known"]),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert "no-store" in response["Cache-Control"], page
        assert response["Referrer-Policy"] == "no-referrer", page


def test_the_quick_exit_forgets_her_draft(client, territory):
    gate(client)
    client.post(url("declarant"), DECLARANT)
    client.post(reverse("guide:forget"))
    assert drafts.DRAFT_KEY not in client.session


def test_ten_units_at_most_nearest_first(units):
    from appui.booking.models import Agenda, AgendaCapacity
    from appui.directory.models import Kind, Service

    # Twelve more units, spread over the Vosges and Meurthe-et-Moselle.
    towns = ["88413", "88465", "88321", "88029", "88160", "88196", "54395", "54547",
             "54528", "54304", "54431", "54099"]  # fmt: skip
    for index, code in enumerate(towns):
        service = Service.objects.create(
            slug=f"unit-{index}",
            kind=Kind.GENDARMERIE if index % 2 else Kind.POLICE,
            name=f"Unité {index}",
            commune_code=code,
            opening_hours="Mo-Fr 08:00-12:00",
        )
        agenda = Agenda.objects.create(service=service)
        AgendaCapacity.objects.create(agenda=agenda, motive="pre_complaint", capacity=1)
    found = services.nearest_units("88160")
    assert len(found) == 10
    distances = [n.km for n in found]
    assert distances == sorted(distances)
    assert found[0].km == 0.0
