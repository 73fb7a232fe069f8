"""A legal adviser carries a CIVI request from the opening to the payment: the timeline's
dates become the file's tasks, move when a step is recorded and close when it is done;
impossible steps, bad amounts and bank details are refused field by field, nothing saved."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from appui.cases.models import Task, TaskStatus
from appui.compensation import services
from appui.compensation.models import (
    ChecklistEntry,
    CompensationFile,
    Event,
    ItemStatus,
)
from appui.core.models import AuditEvent, Role

from .conftest import actor, login, violence_file

D = dt.date


def open_civi(jurist, file):
    return services.open_compensation(actor(jurist), file, "civi_full")


CLOCK = {"day": D(2026, 5, 4)}


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The services' today (the engine is given it as `as_of`), moved along by `step` as
    the story goes, so that the dates below stay those of the story."""
    CLOCK["day"] = D(2026, 5, 4)
    monkeypatch.setattr(services, "today", lambda: CLOCK["day"])
    return CLOCK


def step(jurist, comp, kind, day, **extra):
    """Record a step on the day it happened."""
    CLOCK["day"] = max(CLOCK["day"], day)
    return services.record_event(actor(jurist), comp, {"type": kind, "date": day, **extra})


def tasks(file, status=TaskStatus.OPEN):
    return {
        t.key.split(":")[-1]: t.due_on
        for t in Task.objects.filter(case_file=file, source="compensation", status=status)
    }


def test_the_routes_offered_are_those_the_engine_finds_open(civi_file):
    routes = services.routes_open(civi_file)
    assert "civi_full" in routes
    assert "civi_capped" not in routes  # 45 days of ITT: the full route, not the capped one


def test_a_route_the_engine_does_not_open_is_refused(jurist, civi_file):
    with pytest.raises(services.Invalid) as error:
        services.open_compensation(actor(jurist), civi_file, "civi_vehicle")
    assert "route" in error.value.errors
    assert not CompensationFile.objects.exists()


def test_a_civi_request_from_sending_to_payment(jurist, civi_file):
    comp = open_civi(jurist, civi_file)
    keys = set(ChecklistEntry.objects.filter(compensation=comp).values_list("key", flat=True))
    assert {"id_document", "medical_certificate", "complaint_or_judgment"} <= keys
    assert "tax_notice_offence" not in keys  # no resource condition on the full route

    # Sent with the documents missing: refused unless the adviser says why.
    with pytest.raises(services.Invalid) as error:
        step(jurist, comp, "request_filed", D(2026, 5, 4))
    assert "missing_reason" in error.value.errors
    assert not Event.objects.exists()
    ChecklistEntry.objects.filter(compensation=comp).update(status=ItemStatus.RECEIVED)
    step(jurist, comp, "request_filed", D(2026, 5, 4))
    comp.refresh_from_db()
    assert comp.stage == "filed"

    # The offer cannot come before the fund has the file.
    with pytest.raises(services.Invalid):
        step(jurist, comp, "offer_received", D(2026, 6, 1), amount=Decimal("4200"))
    step(jurist, comp, "forwarded_to_fund", D(2026, 5, 29))
    # 29 May + 2 months = 29 July 2026, a Wednesday.
    assert tasks(civi_file) == {"fund_offer_due": D(2026, 7, 29)}

    step(jurist, comp, "offer_received", D(2026, 7, 10), amount=Decimal("4200"))
    comp.refresh_from_db()
    assert comp.stage == "offer_to_answer" and comp.next_id == "victim_answer_due"
    assert "fund_offer_due" in tasks(civi_file, TaskStatus.DONE)
    assert tasks(civi_file) == {"victim_answer_due": D(2026, 9, 10)}

    step(jurist, comp, "offer_accepted", D(2026, 7, 20))
    step(jurist, comp, "homologation_notified", D(2026, 8, 14))
    # 14 August + 1 month = Monday 14 September (15 August is a holiday, not in the way).
    assert tasks(civi_file) == {"payment_due": D(2026, 9, 14)}
    comp.refresh_from_db()
    assert comp.payment_due == D(2026, 9, 14)

    step(jurist, comp, "paid", D(2026, 9, 1), amount=Decimal("4200"))
    comp.refresh_from_db()
    assert comp.stage == "closed" and comp.payment_due is None
    assert tasks(civi_file) == {}
    assert set(tasks(civi_file, TaskStatus.DONE)) >= {
        "fund_offer_due",
        "victim_answer_due",
        "payment_due",
    }


def test_taking_back_a_step_moves_the_tasks_back(jurist, civi_file):
    comp = open_civi(jurist, civi_file)
    step(jurist, comp, "request_filed", D(2026, 5, 4), missing_reason="Sent in a hurry")
    step(jurist, comp, "forwarded_to_fund", D(2026, 5, 29))
    step(jurist, comp, "offer_received", D(2026, 7, 10), amount=Decimal("1000"))
    services.remove_last_event(actor(jurist), comp)
    comp.refresh_from_db()
    assert comp.stage == "awaiting_offer"
    # The task closed by the offer is done already: the sync never reopens a done task,
    # and the timeline asks for it again, so a new one is not created over it either.
    assert Event.objects.filter(compensation=comp).count() == 2


def test_a_step_in_the_future_is_refused_on_its_date(jurist, civi_file):
    comp = open_civi(jurist, civi_file)
    future = CLOCK["day"] + dt.timedelta(days=3)
    with pytest.raises(services.Invalid) as error:
        services.record_event(
            actor(jurist), comp, {"type": "request_filed", "date": future, "missing_reason": "x"}
        )
    assert "date" in error.value.errors
    assert not Event.objects.exists()


def test_a_hearing_before_the_facts_is_refused(jurist, civi_file):
    comp = open_civi(jurist, civi_file)
    with pytest.raises(services.Invalid) as error:
        step(jurist, comp, "hearing_set", D(2026, 4, 1), hearing=D(2025, 1, 6))
    assert "hearing" in error.value.errors


def test_the_event_form_answers_field_errors_in_french(client, jurist, civi_file):
    comp = open_civi(jurist, civi_file)
    login(client, jurist)
    page = client.get(reverse("compensation:detail", args=[comp.pk])).content.decode()
    once = page.split('name="once" value="')[1].split('"')[0]
    response = client.post(
        reverse("compensation:event_add", args=[comp.pk]),
        {"once": once, "type": "offer_received", "date": "2026-05-02", "amount": "-5"},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "négatif" in body
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("iban", "bic", "field"),
    [
        ("FR76 3000 6000 0112 3456 7890 188", "", "iban"),  # one digit wrong
        ("FR7630006000011234567890189", "BNPA12", "bic"),
        ("FR7630006000011234567890189", "DEUTDEFF", "bic"),  # a German bank, a French IBAN
    ],
)
def test_bank_details_are_checked(jurist, civi_file, iban, bic, field):
    comp = open_civi(jurist, civi_file)
    with pytest.raises(services.Invalid) as error:
        services.set_bank_details(actor(jurist), comp, iban, bic, "Claire Moreau")
    assert field in error.value.errors
    comp.refresh_from_db()
    assert comp.iban == ""


def test_bank_details_are_encrypted_and_masked(client, jurist, civi_file):
    comp = open_civi(jurist, civi_file)
    services.set_bank_details(
        actor(jurist), comp, "fr76 3000 6000 0112 3456 7890 189", "bnpafrpp", "Claire Moreau"
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT iban FROM compensation_compensationfile WHERE id = %s", [comp.pk])
        stored = cursor.fetchone()[0]
    assert "30006000" not in stored
    login(client, jurist)
    page = client.get(reverse("compensation:detail", args=[comp.pk])).content.decode()
    masked = services.masked_iban("FR7630006000011234567890189")
    assert masked == "FR76 •••• •••• •••• •••• •••0 189"
    assert masked in page and "3000 6000" not in page and "30006000" not in page
    assert AuditEvent.objects.filter(target="bank_details", target_id=comp.pk).exists()


def test_other_staff_see_route_stage_and_next_date_but_no_amount(client, staff, jurist, civi_file):
    comp = open_civi(jurist, civi_file)
    services.save_head(
        actor(jurist), comp, {"head": "det.SE", "amount": Decimal("3210.55"), "basis": ""}
    )
    step(jurist, comp, "request_filed", D(2026, 5, 4), missing_reason="urgent")
    login(client, staff(Role.RECEPTIONIST))
    page = client.get(reverse("cases:file", args=[civi_file.pk])).content.decode()
    assert "CIVI" in page and "demande envoyée" in page
    assert "3210" not in page and "3 210" not in page
    assert client.get(reverse("compensation:detail", args=[comp.pk])).status_code == 403


def test_the_capped_route_shows_the_cap_beside_the_claim(client, jurist):
    file = violence_file(jurist, itt_days=10)
    from appui.cases import services as case_services

    case_services.update_facts(
        actor(jurist),
        file,
        {
            "annual_income": Decimal("9000"),
            "household_extra_persons": 0,
            "serious_situation": True,
            "other_compensation": False,
        },
    )
    comp = services.open_compensation(actor(jurist), file, "civi_capped")
    services.save_head(
        actor(jurist), comp, {"head": "det.SE", "amount": Decimal("9000"), "basis": ""}
    )
    login(client, jurist)
    page = client.get(reverse("compensation:detail", args=[comp.pk])).content.decode()
    assert "plafond" in page.lower()
    assert "ne peut pas dépasser le plafond" in page


def test_a_sarvi_award_of_2500_gives_an_aid_of_1000(client, jurist, clock):
    clock["day"] = D(2026, 9, 1)
    file = violence_file(jurist)
    from appui.cases import services as case_services

    case_services.update_affair(
        actor(jurist),
        file,
        {
            "judgment_date": D(2026, 6, 1),
            "decision_final_date": D(2026, 7, 1),
            "damages_awarded": Decimal("2500"),
        },
    )
    case_services.update_facts(actor(jurist), file, {"itt_days": 10})
    routes = services.routes_open(file)
    assert "sarvi" in routes
    comp = services.open_compensation(actor(jurist), file, "sarvi")
    assert comp.events.filter(type="decision_final").exists()
    login(client, jurist)
    page = client.get(reverse("compensation:detail", args=[comp.pk])).content.decode()
    # 30 % of 2,500 € is 750 €, raised to the 1,000 € minimum.
    assert re.search(r"Aide du SARVI\W+</strong> 1\W000\W€", page)
    comp.refresh_from_db()
    assert comp.stage == "window_open"  # two months after the decision became final


def test_the_persons_export_carries_her_compensation_files(client, staff, jurist, civi_file):
    comp = open_civi(jurist, civi_file)
    services.save_head(
        actor(jurist), comp, {"head": "det.SE", "amount": Decimal("800"), "basis": "x"}
    )
    services.set_bank_details(actor(jurist), comp, "FR7630006000011234567890189", "", "C. Moreau")
    from appui.cases import gdpr

    data = gdpr.export_person(actor(jurist), civi_file.person_id)
    [exported] = data["files"][0]["compensation_files"]
    assert exported["route"] == "civi_full"
    assert exported["heads"][0]["amount"] == "800.00"
    assert exported["bank_details"]["iban"] == "FR7630006000011234567890189"


def test_a_date_passed_without_its_event_keeps_its_task_overdue(jurist, civi_file):
    comp = open_civi(jurist, civi_file)
    step(jurist, comp, "request_filed", D(2026, 5, 4), missing_reason="urgent")
    step(jurist, comp, "forwarded_to_fund", D(2026, 5, 29))
    assert tasks(civi_file) == {"fund_offer_due": D(2026, 7, 29)}
    # The fund is late; a hearing is set meanwhile: the offer's task stays, overdue.
    step(jurist, comp, "hearing_set", D(2026, 9, 1), hearing=D(2026, 12, 10))
    assert tasks(civi_file)["fund_offer_due"] == D(2026, 7, 29)
