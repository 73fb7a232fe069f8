"""Core names no app's permissions nor record kinds: apps register them. The registry gives
the role table, the exceptional reads, the roles that wait for a confirmation and the
audit targets the code gave before; audit lines are written by a person or a typed system
actor, never by nobody, and the system actor is part of the line's hash."""

import datetime as dt
import hashlib
import ipaddress
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from appui.booking.audit_targets import BookingTarget
from appui.booking.permissions import BookingPermission
from appui.cases import policies, services
from appui.cases.audit_targets import CaseTarget
from appui.cases.models import Intake, IntakeStatus
from appui.cases.permissions import CasePermission
from appui.cases.tasks import apply_retention
from appui.compensation.audit_targets import CompensationTarget
from appui.compensation.permissions import CompensationPermission
from appui.complaints.audit_targets import ComplaintTarget
from appui.complaints.permissions import ComplaintPermission
from appui.core import access, audit
from appui.core import services as core_services
from appui.core.access import (
    Actor,
    CorePermission,
    Permission,
    SystemActor,
    UnknownPermission,
)
from appui.core.audit import APPEND_ONLY_SQL
from appui.core.models import AuditAction, AuditEvent, AuditTarget, Role, SystemKind
from appui.helpline.audit_targets import HelplineTarget
from appui.helpline.permissions import HelplinePermission
from appui.stats.audit_targets import StatsTarget
from tests.cases.conftest import OrganisationFactory

CORE = Path(__file__).resolve().parents[2] / "appui" / "core"

# The apps' names as core used to spell them itself (access.Permission, models.AuditTarget,
# access.ROLE_DISCIPLINES): none of them may come back into core.
APP_NAMES = [
    "INTAKE_QUEUE",
    "INTAKE_TRANSFER",
    "PERSON_SEARCH",
    "FILE_CREATE",
    "FILE_VIEW",
    "FILE_EDIT",
    "INTERVIEW_ADD",
    "PSYCHOLOGICAL_NOTES",
    "REFERRAL_EDIT",
    "ASSESSMENT_EDIT",
    "PROTECTION_EDIT",
    "DOCUMENT_ADD",
    "TASKS",
    "PERSON_EXPORT",
    "PERSON_ERASE",
    "EXCEPTIONAL_ACCESS",
    "STATS_ASSOCIATION",
    "STATS_NATIONAL",
    "INTAKE",
    "PERSON",
    "AFFAIR",
    "FILE",
    "INTERVIEW",
    "PSYCHOLOGICAL_NOTE",
    "REFERRAL",
    "ASSESSMENT",
    "PROTECTION",
    "TASK",
    "DOCUMENT",
    "STATISTICS",
    "ROLE_DISCIPLINES",
]

# The role table as it was written in core before the apps registered it.
_CASEWORK = {
    "intake_queue",
    "person_search",
    "file_create",
    "file_view",
    "file_edit",
    "interview_add",
    "referral_edit",
    "protection_edit",
    "document_add",
    "tasks",
    "person_export",
}
TABLE_BEFORE = {
    "receptionist": _CASEWORK - {"person_export"},
    "legal_adviser": _CASEWORK | {"assessment_edit"},
    "psychologist": _CASEWORK | {"assessment_edit", "psychological_notes"},
    "social_worker": _CASEWORK | {"assessment_edit"},
    "terrorism_referent": _CASEWORK | {"assessment_edit"},
    "direction": _CASEWORK
    | {
        "assessment_edit",
        "person_erase",
        "access_log",
        "exceptional_access",
        "stats_association",
    },
    "federation_admin": {"stats_national", "stats_association", "exceptional_access"},
    "helpline_listener": {"intake_transfer", "intake_queue"},
}
DISCIPLINES_BEFORE = {
    "receptionist": {"reception", "referral"},
    "legal_adviser": {"reception", "legal", "referral"},
    "psychologist": {"reception", "psychological", "referral"},
    "social_worker": {"reception", "social", "referral"},
    "terrorism_referent": {"reception", "legal", "social", "referral"},
    "direction": {"reception", "legal", "social", "referral"},
    "federation_admin": set(),
    "helpline_listener": set(),
}
TARGETS_BEFORE = {
    "account": "account",
    "intake": "intake",
    "person": "person",
    "affair": "affair",
    "file": "file",
    "interview": "interview",
    "psychological_note": "psychological note",
    "referral": "referral",
    "assessment": "individual assessment",
    "protection": "protection measure",
    "task": "task",
    "document": "document",
    "statistics": "statistics",
    "organisation": "organisation",
    "access_change": "change of access",
}


def someone(role=Role.LEGAL_ADVISER, **fields) -> Actor:
    values = {
        "user_id": 7,
        "organisation_id": 1,
        "organisation_kind": "association",
        "role": role,
        "name": "Camille",
        "ip": "192.0.2.7",
    }
    return Actor(**(values | fields))


def verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


# --- core names none of the apps' words -------------------------------------------------


def test_core_source_names_no_app_permission_nor_target():
    pattern = re.compile(r"\b(" + "|".join(APP_NAMES) + r")\b")
    # The apps' own registered names too, whatever they add later.
    registered = {p.name for p in CasePermission} | {t.name for t in CaseTarget}
    registered |= {t.name for t in StatsTarget}
    assert registered - set(APP_NAMES) == set()
    offences = [
        f"{path.relative_to(CORE)}:{number}: {match[0]}"
        for path in sorted(CORE.rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        for match in pattern.finditer(line)
    ]
    assert offences == []


# --- the registry gives what core used to list --------------------------------------------


# What apps registered after the registries were made (their own tests cover them).
LATER = {
    p.value
    for p in [
        *CompensationPermission,
        *BookingPermission,
        *ComplaintPermission,
        *HelplinePermission,
    ]
}
LATER_TARGETS = {
    *CompensationTarget.values,
    *BookingTarget.values,
    *ComplaintTarget.values,
    *HelplineTarget.values,
}
# Roles added since (the units' agents, the helpline's supervisors: neither opens a case file).
LATER_ROLES = {Role.UNIT_AGENT, Role.HELPLINE_SUPERVISOR}


def test_the_registered_role_table_is_the_one_core_used_to_hold():
    table = {
        role: {p.value for p in held if p.value not in LATER}
        for role, held in access.role_permissions().items()
        if role not in LATER_ROLES
    }
    assert table == TABLE_BEFORE
    for role, expected in TABLE_BEFORE.items():
        actor = someone(role)
        registered = [*CasePermission, *CorePermission]
        assert {p.value for p in registered if actor.can(p)} <= expected
        assert all(actor.can(p) for p in registered if p.value in expected)


def test_an_exceptional_access_opens_reads_only():
    reader = someone(Role.FEDERATION_ADMIN, exceptional=True)
    opened = {p.value for p in CasePermission if reader.can(p)}
    assert opened == {"file_view", "person_search", "exceptional_access"}
    assert not someone(Role.FEDERATION_ADMIN).can(CasePermission.FILE_VIEW)


def test_roles_that_open_files_wait_for_a_confirmation_as_before():
    """Before: the roles holding FILE_VIEW or EXCEPTIONAL_ACCESS."""
    waits = {role for role in Role.values if core_services.needs_confirmation(role)}
    before = {
        role for role, held in TABLE_BEFORE.items() if held & {"file_view", "exceptional_access"}
    }
    # Since the helpline keeps call records, its listeners read what callers confide: they
    # wait for a confirmation too, as every role now does.
    assert before == set(Role.values) - {Role.HELPLINE_LISTENER} - LATER_ROLES
    assert waits == set(Role.values)


def test_interview_disciplines_are_the_case_files_policy():
    for role, expected in DISCIPLINES_BEFORE.items():
        assert policies.disciplines(someone(role)) == expected
    assert not hasattr(Actor, "disciplines")


@translation.override("en")
def _former_targets():
    return {k: v for k, v in audit.targets().items() if k not in LATER_TARGETS}


def test_registered_targets_are_the_former_ones_with_their_labels():
    assert _former_targets() == TARGETS_BEFORE
    assert {t.value for t in AuditTarget} == {"account", "organisation", "access_change"}
    line = AuditEvent(target="psychological_note")
    with translation.override("en"):
        assert line.target_label == "psychological note"
    with translation.override("fr"):
        assert line.target_label == "note psychologique"
    assert AuditEvent(target="gone_app_record").target_label == "gone_app_record"


# --- what the registry refuses -------------------------------------------------------------


class Stray(Permission):
    """An app's permission that nobody registered."""

    LOOSE = "loose_permission"


class Shadow(Permission):
    """Another enum with a value a registered permission holds."""

    FILE_VIEW = "file_view"


def test_an_unregistered_permission_is_refused():
    direction = someone(Role.DIRECTION)
    with pytest.raises(UnknownPermission):
        direction.can(Stray.LOOSE)
    with pytest.raises(UnknownPermission):
        direction.can(Shadow.FILE_VIEW)  # the same value, not the registered member
    with pytest.raises(UnknownPermission):
        direction.can("file_view")  # a plain string is no permission
    with pytest.raises(UnknownPermission):
        access.grant(Role.DIRECTION, {Stray.LOOSE})
    with pytest.raises(ImproperlyConfigured, match="already registered by CasePermission"):
        access.register(Shadow)
    with pytest.raises(ImproperlyConfigured, match="Unknown role"):
        access.grant("janitor", {CasePermission.TASKS})
    assert direction.can(CasePermission.FILE_VIEW)
    assert access.role_permissions() == {
        role: access.permissions_of(role) for role in [*TABLE_BEFORE, *LATER_ROLES]
    }  # nothing refused was kept


@translation.override("en")
def test_a_target_value_is_registered_once():
    from django.db import models

    class Clash(models.TextChoices):
        FILE = "file", "file"

    with pytest.raises(ImproperlyConfigured, match="already registered by CaseTarget"):
        audit.register_targets(Clash)
    audit.register_targets(CaseTarget)  # the same enum again changes nothing
    assert _former_targets() == TARGETS_BEFORE


@pytest.mark.django_db
def test_an_unregistered_target_is_refused():
    with pytest.raises(LookupError, match="not a registered audit target"), transaction.atomic():
        audit.record(someone(), AuditAction.VIEW, "gossip", 1, organisation_id=1)
    assert not AuditEvent.objects.exists()


# --- a typed system actor ------------------------------------------------------------------


@pytest.mark.django_db
def test_nobody_writes_no_line():
    class LooksLikeAnActor:
        user_id, organisation_id, ip = 7, 1, None

    for nobody in (None, LooksLikeAnActor(), "worker"):
        with pytest.raises(TypeError, match="Actor or a SystemActor"), transaction.atomic():
            audit.record(nobody, AuditAction.VIEW, CaseTarget.FILE, 1, organisation_id=1)
        with pytest.raises(TypeError):
            audit.event(nobody, AuditAction.VIEW, CaseTarget.FILE, 1)
    assert not AuditEvent.objects.exists()
    with pytest.raises(ValueError):
        SystemActor("janitor")


@pytest.mark.django_db
def test_each_system_writer_is_named_on_its_lines(settings):
    federation = OrganisationFactory(kind="federation", code="federation", file_prefix="FED")
    association = OrganisationFactory()
    # The public guide: a callback request.
    intake = services.request_callback(
        commune_code="", data={"contact_name": "Nora", "contact_phone": "06 12 34 56 78"}
    )
    line = AuditEvent.objects.get(target="intake", target_id=intake.pk)
    assert (line.system, line.actor_id, line.ip) == ("guide", None, None)
    with translation.override("en"):
        assert line.get_system_display() == "public guide"
    # A command on the server: an account made by `appui create_staff`.
    call_command(
        "create_staff",
        "direction@example.org",
        "--organisation",
        association.code,
        "--role",
        Role.DIRECTION,
        stdout=StringIO(),
    )
    made = AuditEvent.objects.filter(target="access_change", organisation_id=association.pk)
    assert [line.system for line in made] == ["command"]
    # The worker's retention, then the same policy applied from the command line.
    Intake.objects.filter(pk=intake.pk).update(
        received_at=timezone.now() - dt.timedelta(days=400), status=IntakeStatus.NEW
    )
    apply_retention.call()
    services.request_callback(commune_code="", data={"contact_phone": "06 98 76 54 32"})
    Intake.objects.update(received_at=timezone.now() - dt.timedelta(days=400))
    call_command("retention", "--apply", stdout=StringIO())
    retention = AuditEvent.objects.filter(action="retention").order_by("id")
    assert [line.system for line in retention] == ["worker", "command"]
    # People write lines with a blank `system`.
    with transaction.atomic():
        person = audit.record(someone(), AuditAction.VIEW, CaseTarget.FILE, 1, organisation_id=1)
    assert person.system == "" and person.actor_id == 7
    assert federation.pk and verify().startswith("ok: ")


DROP = {
    "sqlite": ["DROP TRIGGER core_auditevent_no_update", "DROP TRIGGER core_auditevent_no_delete"],
    "postgresql": ["DROP TRIGGER core_auditevent_no_change ON core_auditevent"],
}


def tamper(sql, params):
    """Run `sql` with the append-only trigger lifted, as someone with the database's keys."""
    with connection.cursor() as cursor:
        for statement in DROP[connection.vendor]:
            cursor.execute(statement)
        cursor.execute(sql, params)
        for statement in APPEND_ONLY_SQL[connection.vendor]:  # set again, for good
            cursor.execute(statement)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("writer", "forged"),
    [
        (SystemActor(SystemKind.WORKER), ""),  # the system's line passed off as a person's
        (SystemActor(SystemKind.WORKER), "guide"),  # … or as another system's
        (someone(), "command"),  # a person's line passed off as the system's
    ],
)
def test_verify_names_a_line_whose_writer_was_altered(writer, forged):
    with transaction.atomic():
        before = audit.record(writer, AuditAction.VIEW, CaseTarget.FILE, 1, organisation_id=1)
        line = audit.record(writer, AuditAction.VIEW, CaseTarget.FILE, 2, organisation_id=1)
        audit.record(writer, AuditAction.VIEW, CaseTarget.FILE, 3, organisation_id=1)
    assert verify() == "ok: 3 lines in 1 chains\n"
    tamper("UPDATE core_auditevent SET system = %s WHERE id = %s", [forged, line.pk])
    out = StringIO()
    with pytest.raises(CommandError, match=f"first: line {line.pk}"):
        call_command("audit", "verify", stdout=out)
    assert f"broken: line {line.pk} of chain 1: hash expected " in out.getvalue()
    assert before.pk < line.pk


# --- lines written before the registry keep their hash ----------------------------------

# The hash as core computed it before `system` existed (core.audit, migration 0005 to 0007).
OLD_FIELDS = (
    "at",
    "actor_id",
    "actor_organisation_id",
    "action",
    "target",
    "target_id",
    "file_id",
    "person_id",
    "organisation_id",
    "ip",
    "exceptional",
    "chain",
    "previous_hash",
)


def old_line_hash(values: dict) -> str:
    data = {name: values[name] for name in OLD_FIELDS}
    data["at"] = values["at"].astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    ip = values["ip"]
    data["ip"] = ipaddress.ip_address(str(ip)).compressed if ip else None
    data["exceptional"] = bool(values["exceptional"])
    for name in ("actor_id", "actor_organisation_id", "target_id", "file_id", "person_id"):
        data[name] = None if data[name] is None else int(data[name])
    data["organisation_id"] = (
        None if data["organisation_id"] is None else int(data["organisation_id"])
    )
    data["chain"] = int(data["chain"])
    data["action"], data["target"] = str(data["action"]), str(data["target"])
    return hashlib.sha256(
        json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    ).hexdigest()


OLD_LINES = [
    # (actor_id, action, target, target_id, organisation_id, ip, exceptional)
    (7, "view", "file", 11, 1, "192.0.2.7", False),
    (7, "view", "psychological_note", 12, 1, "2001:db8::1", False),
    (None, "create", "intake", 13, 2, None, False),  # a callback request: nobody's then
    (8, "export", "statistics", None, 2, "192.0.2.8", True),
    (None, "retention", "intake", None, None, None, False),
    (9, "update", "account", 14, 1, "192.0.2.9", False),
]

BEFORE = [("core", "0007_network_administrators_see_access_changes")]


def write_old_lines() -> None:
    """Lines written by the code of migration 0007: no `system` column, the old hash."""
    heads: dict[int, str] = {}
    at = timezone.now().replace(microsecond=123456)
    with connection.cursor() as cursor:
        for n, (actor, action, target, target_id, org, ip, exceptional) in enumerate(OLD_LINES):
            values = {
                "at": at + dt.timedelta(seconds=n),
                "actor_id": actor,
                "actor_organisation_id": org if actor else None,
                "action": action,
                "target": target,
                "target_id": target_id,
                "file_id": None,
                "person_id": None,
                "organisation_id": org,
                "ip": ip,
                "exceptional": exceptional,
                "chain": org or 0,
                "previous_hash": heads.get(org or 0, ""),
            }
            values["hash"] = heads[org or 0] = old_line_hash(values)
            columns = list(values)
            cursor.execute(
                f"INSERT INTO core_auditevent ({', '.join(columns)})"  # noqa: S608
                f" VALUES ({', '.join(['%s'] * len(columns))})",
                [values[c] for c in columns],
            )


@pytest.mark.django_db(transaction=True)
def test_a_log_written_before_the_migration_still_verifies():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        columns = [
            c.name
            for c in connection.introspection.get_table_description(
                connection.cursor(), "core_auditevent"
            )
        ]
        assert "system" not in columns
        write_old_lines()
    finally:
        # Forward to every app's latest migration: going back also undid the later
        # migrations of other apps that depend on this one.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert verify() == "ok: 6 lines in 3 chains\n"
    assert set(AuditEvent.objects.values_list("system", flat=True)) == {""}
    # New lines, by people and by the system, follow the old ones in their chains.
    with transaction.atomic():
        new = audit.record(someone(), AuditAction.VIEW, CaseTarget.FILE, 20, organisation_id=1)
        worker = audit.record(
            SystemActor(SystemKind.WORKER), AuditAction.RETENTION, CaseTarget.PERSON
        )
    assert new.previous_hash == AuditEvent.objects.get(target="account").hash
    assert worker.previous_hash == AuditEvent.objects.get(action="retention", system="").hash
    assert verify() == "ok: 8 lines in 3 chains\n"
    # The migration set the append-only triggers again.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=new.pk).update(system="worker")
    # An old line passed off as the system's is seen.
    old = AuditEvent.objects.get(target="psychological_note")
    tamper("UPDATE core_auditevent SET system = %s WHERE id = %s", ["worker", old.pk])
    with pytest.raises(CommandError, match=f"first: line {old.pk}"):
        verify()
