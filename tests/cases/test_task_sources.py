"""Tasks come from several sources; the sync of one never cancels another's tasks."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from appui.cases import services, task_sources
from appui.cases.models import (
    Measure,
    MeasureKind,
    MonthlyCount,
    Task,
    TaskKind,
    TaskSource,
    TaskStatus,
)
from appui.core.models import Role
from appui.rights import parameters

from .conftest import actor
from .test_rights_on_file import open_partner_violence

TODAY = services.today()


def test_a_task_of_another_source_survives_a_change_of_the_facts(staff):
    user = staff(Role.LEGAL_ADVISER)
    file = open_partner_violence(user)
    booking = Task.objects.create(
        organisation_id=file.organisation_id,
        case_file=file,
        kind=TaskKind.MANUAL,
        source="booking",
        key="appointment:1",
        title="Appointment at the police station",
        due_on=TODAY + dt.timedelta(days=3),
    )
    services.update_facts(actor(user), file, {"itt_days": 10})
    booking.refresh_from_db()
    assert booking.status == TaskStatus.OPEN


def test_a_registered_source_is_synchronised_on_its_own(staff):
    user = staff(Role.LEGAL_ADVISER)
    file = open_partner_violence(user)
    rights_open = set(
        file.tasks.filter(source=TaskSource.RIGHTS, status=TaskStatus.OPEN).values_list(
            "key", flat=True
        )
    )
    assert rights_open
    wanted = [Task(kind=TaskKind.MANUAL, key="civi:file", title="Send the file", due_on=TODAY)]
    task_sources.register("elsewhere", lambda f: list(wanted))
    try:
        services.sync_tasks(file, "elsewhere")
        task = file.tasks.get(source="elsewhere")
        assert task.assignee_id == file.referent_id
        wanted.clear()
        services.sync_tasks(file, "elsewhere")
        task.refresh_from_db()
        assert task.status == TaskStatus.CANCELLED
        # The law's tasks were not touched by the other source's sync.
        assert rights_open == set(
            file.tasks.filter(source=TaskSource.RIGHTS, status=TaskStatus.OPEN).values_list(
                "key", flat=True
            )
        )
    finally:
        task_sources._PROVIDERS.pop("elsewhere", None)
        task_sources._LABELS.pop("elsewhere", None)


def test_a_source_closes_its_task_as_done_and_words_it_itself(staff):
    user = staff(Role.LEGAL_ADVISER)
    file = open_partner_violence(user)
    wanted = [Task(kind=TaskKind.MANUAL, key="x", title="Titre", due_on=TODAY)]
    task_sources.register("elsewhere", lambda f: list(wanted), label=lambda t: "Worded")
    try:
        services.sync_tasks(file, "elsewhere")
        task = file.tasks.get(source="elsewhere")
        assert task.label == "Worded"
        wanted[0].status = TaskStatus.DONE
        services.sync_tasks(file, "elsewhere")
        task.refresh_from_db()
        assert task.status == TaskStatus.DONE and task.done_at is not None
        # A task the source says is done is never made only to be closed.
        wanted.append(Task(kind=TaskKind.MANUAL, key="y", title="t", due_on=TODAY, status="done"))
        services.sync_tasks(file, "elsewhere")
        assert not file.tasks.filter(source="elsewhere", key="y").exists()
    finally:
        task_sources._PROVIDERS.pop("elsewhere", None)
        task_sources._LABELS.pop("elsewhere", None)


def test_a_task_added_by_hand_is_never_cancelled_by_a_sync(staff):
    user = staff(Role.LEGAL_ADVISER)
    colleague = staff(Role.PSYCHOLOGIST)
    file = open_partner_violence(user)
    task = services.add_task(
        actor(user),
        file,
        {"title": "Call the lawyer back", "due_on": TODAY, "assignee": colleague},
    )
    assert (task.assignee_id, task.created_by_id, task.source) == (
        colleague.pk,
        user.pk,
        TaskSource.MANUAL,
    )
    services.update_facts(actor(user), file, {"itt_days": 3})
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_a_task_cannot_go_to_someone_outside_the_association(staff):
    user = staff(Role.LEGAL_ADVISER)
    stranger = staff(Role.LEGAL_ADVISER, "other")
    file = open_partner_violence(user)
    with pytest.raises(PermissionDenied):
        services.add_task(actor(user), file, {"title": "x", "due_on": TODAY, "assignee": stranger})
    assert not file.tasks.filter(source=TaskSource.MANUAL).exists()


def test_the_tgd_renewal_follows_the_engines_parameter(staff, monkeypatch):
    user = staff(Role.SOCIAL_WORKER)
    file = open_partner_violence(user)
    start = dt.date(2026, 10, 1)
    measure = services.add_protection(
        actor(user), file, {"kind": MeasureKind.TGD, "start_on": start}
    )
    assert measure.renewal_due == dt.date(2027, 4, 1)  # six months, CPP art. 41-3-1
    real = parameters.PARAMETERS["tgd_duration"]
    changed = parameters.Parameter(
        real.name,
        real.description,
        real.yearly,
        [parameters.Value(dt.date(2014, 8, 6), 4, "months", "test value")],
    )
    monkeypatch.setitem(parameters.PARAMETERS, "tgd_duration", changed)
    measure = services.add_protection(
        actor(user), file, {"kind": MeasureKind.TGD, "start_on": start}
    )
    assert measure.renewal_due == dt.date(2027, 2, 1)


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_counts_of_a_month_add_up(staff):
    """Several processes counting the first event of a month: one row, every count kept."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one at a time")
    user = staff(Role.LEGAL_ADVISER)
    from appui.core.models import Organisation

    organisation = Organisation.objects.get(pk=actor(user).organisation_id)
    from appui.cases.services import _common

    day = dt.date(2031, 5, 17)
    barrier = threading.Barrier(8)
    errors = []

    def count():
        from django.db import connections

        try:
            barrier.wait()
            _common._count(organisation, day, Measure.NEW_FILES)
        except Exception as exc:  # pragma: no cover - the failure being tested
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=count) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    row = MonthlyCount.objects.get(
        organisation=organisation, month=day.replace(day=1), measure=Measure.NEW_FILES
    )
    assert row.count == 8
