"""The call records' services: taking, saving what she says, closing once with its outcome,
the guide's answers and plan from a record, and the screen pop's question."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from appui.cases.models import Intake
from appui.core.models import AuditAction, AuditEvent
from appui.helpline.audit_targets import HelplineTarget
from appui.helpline.models import (
    Call,
    Caller,
    CallState,
    HelplineCount,
    NonData,
    Outcome,
)
from appui.helpline.services import calls
from tests.helpline.conftest import VERDUN, actor

NANCY = "54395"


def facts(**given) -> dict:
    return {"caller_type": "victim", "situations": ["hit"], "commune_code": VERDUN, **given}


def test_a_call_taken_by_hand_is_in_progress_and_anonymous(listener, territory):
    user = listener()
    call = calls.take_call(actor(user))
    assert (call.state, call.listener_id, call.number_key, call.number) == (
        CallState.ACTIVE,
        user.pk,
        "",
        "",
    )
    assert call.answered_at == call.ringing_at
    assert AuditEvent.objects.filter(
        target=HelplineTarget.CALL, target_id=call.pk, action=AuditAction.CREATE
    ).exists()


def test_a_typed_number_of_a_recognised_caller_names_her(listener, territory):
    earlier = timezone.now() - dt.timedelta(days=40)
    caller = Caller.objects.create(
        number_key=calls.numbers.number_key("06 12 34 56 78"),
        number="0612345678",
        consented_at=earlier,
        last_call_at=earlier,
    )
    call = calls.take_call(actor(listener()), number="+33 6 12 34 56 78")
    assert call.caller_id == caller.pk and call.number == ""  # the key only, never the number
    caller.refresh_from_db()
    assert caller.last_call_at == call.ringing_at


def test_what_she_says_abroad_keeps_no_town_of_france_but_her_home(listener, territory):
    me = actor(listener())
    call = calls.take_call(me)
    calls.save_facts(
        me,
        call,
        facts(abroad=True, abroad_country="Espagne", home_commune_code=VERDUN, commune_code=NANCY),
    )
    call.refresh_from_db()
    assert (call.abroad, call.abroad_country, call.commune_code, call.home_commune_code) == (
        True,
        "Espagne",
        "",
        VERDUN,
    )
    assert calls.place_code(call) == VERDUN
    calls.save_facts(me, call, facts(abroad=False, abroad_country="Espagne"))
    call.refresh_from_db()
    assert (call.abroad_country, call.home_commune_code, call.commune_code) == ("", "", VERDUN)


def test_the_guides_answers_from_a_record():
    call = Call(
        situations=["rape", "threats"],
        facts_date=dt.date(2025, 3, 2),
        commune_code=VERDUN,
        author="former_partner",
        danger_now=True,
    )
    assert calls.answers(call) == {
        "situations": ["rape", "threats"],
        "date": "2025-03-02",
        "commune": VERDUN,
        "author": "partner",
        "danger": "yes",
    }
    abroad = Call(abroad=True, home_commune_code=VERDUN, author="stranger", danger_now=False)
    assert calls.answers(abroad) == {
        "abroad": True,
        "home_commune": VERDUN,
        "author": "unknown",
        "danger": "no",
    }
    assert calls.answers(Call()) == {}


def test_the_plan_is_the_guides_with_the_association_near_her(meuse):
    assert calls.plan(Call(), "fr") is None
    plan = calls.plan(Call(situations=["hit"], commune_code=VERDUN), "fr")
    assert [s.name for s in plan.services if s.kind == "association"] == [
        "France Victimes 55 (test)"
    ]
    # Abroad, the help near where she lives.
    plan = calls.plan(Call(situations=["hit"], abroad=True, home_commune_code=VERDUN), "en")
    assert plan.abroad and plan.help_place.code == VERDUN
    assert "France Victimes 55 (test)" in [s.name for s in plan.services]


def test_the_competent_association_or_none(meuse):
    assert calls.competent_association(Call(commune_code=VERDUN)) == meuse
    assert calls.competent_association(Call(commune_code=NANCY)) is None  # none covers Nancy
    assert calls.competent_association(Call()) is None


def test_a_record_closes_once_and_is_counted_once(listener, territory):
    me = actor(listener())
    call = calls.take_call(me)
    closed = calls.close(me, call, facts(), calls.Closing(outcome=Outcome.INFORMED))
    assert closed.state == CallState.CLOSED and closed.closed_at and closed.ended_at
    with pytest.raises(calls.RecordClosed):
        calls.close(me, call, facts(), calls.Closing(outcome=Outcome.INFORMED))
    with pytest.raises(calls.RecordClosed):
        calls.log_non_data(me, NonData.SILENT, call)
    with pytest.raises(calls.RecordClosed):
        calls.save_facts(me, call, facts(caller_type="witness"))
    count = HelplineCount.objects.get()
    assert (count.calls, count.departement, count.category, count.outcome) == (
        1,
        "55",
        "hit",
        Outcome.INFORMED,
    )
    assert Call.objects.get(pk=call.pk).caller_type == "victim"


def test_the_counters_of_a_call_abroad_name_her_home_departement(listener, territory):
    me = actor(listener())
    call = calls.take_call(me)
    calls.close(
        me,
        call,
        facts(abroad=True, abroad_country="Belgique", home_commune_code=VERDUN),
        calls.Closing(outcome=Outcome.INFORMED),
    )
    assert HelplineCount.objects.get().departement == "55"


def test_a_transfer_goes_to_an_association_only(listener, meuse, federation):
    me = actor(listener())
    call = calls.take_call(me)
    to_federation = calls.Closing(
        outcome=Outcome.TRANSFERRED,
        transfer=calls.Transfer(organisation_id=federation.pk, summary="résumé"),
    )
    with pytest.raises(PermissionDenied):
        calls.close(me, call, facts(), to_federation)
    call.refresh_from_db()
    assert call.state == CallState.ACTIVE and not Intake.objects.exists()
    assert not HelplineCount.objects.exists()
    to_meuse = calls.Closing(
        outcome=Outcome.TRANSFERRED,
        transfer=calls.Transfer(organisation_id=meuse.pk, summary="résumé", contact_name="Julie"),
    )
    closed = calls.close(me, call, facts(language="ar"), to_meuse)
    intake = closed.transfer
    assert (intake.organisation_id, intake.contact_name, intake.language) == (
        meuse.pk,
        "Julie",
        "ar",
    )


def test_an_escalation_logs_its_number(listener, territory):
    me = actor(listener())
    call = calls.take_call(me)
    closed = calls.close(
        me,
        call,
        facts(danger_now=True),
        calls.Closing(outcome=Outcome.ESCALATED, escalated_to="112"),
    )
    assert (closed.outcome, closed.escalated_to, closed.danger_now) == (
        Outcome.ESCALATED,
        "112",
        True,
    )


def test_a_non_data_call_from_the_console_is_a_closed_record(listener, territory):
    me = actor(listener())
    call = calls.log_non_data(me, NonData.ABUSIVE)
    assert (call.state, call.non_data, call.kind_label) == (
        CallState.CLOSED,
        NonData.ABUSIVE,
        NonData.ABUSIVE.label,
    )
    with pytest.raises(ValueError):
        calls.log_non_data(me, "boring")
    assert HelplineCount.objects.get().kind == NonData.ABUSIVE


def test_a_listener_acts_on_her_own_records_only(listener, territory):
    mine, theirs = actor(listener()), actor(listener("1002"))
    call = calls.take_call(mine)
    for attempt in (
        lambda: calls.save_facts(theirs, call, facts()),
        lambda: calls.close(theirs, call, facts(), calls.Closing(outcome=Outcome.INFORMED)),
        lambda: calls.log_non_data(theirs, NonData.SILENT, call),
        lambda: calls.hang_up(theirs, call),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    call.refresh_from_db()
    assert call.state == CallState.ACTIVE and call.situations == []


def test_a_supervisor_may_finish_a_listeners_record(listener, supervisor, territory):
    call = calls.take_call(actor(listener()))
    closed = calls.log_non_data(actor(supervisor), NonData.TEST, call)
    assert closed.state == CallState.CLOSED


def test_the_screen_pop_is_her_newest_call_in_progress(listener, territory):
    user = listener()
    me = actor(user)
    assert calls.screen_pop(user.pk) is None
    first = calls.take_call(me)
    second = calls.take_call(me)
    assert calls.screen_pop(user.pk) == second.pk
    calls.hang_up(me, second)
    assert calls.screen_pop(user.pk) == first.pk


def test_her_last_closed_calls_newest_first(listener, territory):
    user = listener()
    me = actor(user)
    made = [calls.log_non_data(me, NonData.SILENT) for _ in range(calls.RECENT + 2)]
    shown = calls.recent(user.pk)
    assert [c.pk for c in shown] == [c.pk for c in reversed(made)][: calls.RECENT]
