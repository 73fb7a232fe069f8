"""The audit log's chains: one per organisation, each line holding the previous line's hash,
and `appui audit verify` naming the first broken link."""

import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from appui.cases.audit_targets import CaseTarget as T
from appui.core import audit
from appui.core.access import Actor, SystemActor
from appui.core.audit import APPEND_ONLY_SQL, line_hash
from appui.core.models import AuditAction as A
from appui.core.models import AuditEvent, OrganisationKind, Role, SystemKind

pytestmark = pytest.mark.django_db

DROP = {
    "sqlite": ["DROP TRIGGER core_auditevent_no_update", "DROP TRIGGER core_auditevent_no_delete"],
    "postgresql": ["DROP TRIGGER core_auditevent_no_change ON core_auditevent"],
}


Who = Actor(
    user_id=7,
    organisation_id=1,
    organisation_kind=OrganisationKind.ASSOCIATION,
    role=Role.LEGAL_ADVISER,
    name="Camille",
    ip="2001:db8::1",
)
WORKER = SystemActor(SystemKind.WORKER)


def write(organisation_id, target_id=1):
    with transaction.atomic():
        return audit.record(Who, A.VIEW, T.FILE, target_id, organisation_id=organisation_id)


def verify(*args):
    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def tamper(sql, params):
    """Run `sql` with the append-only trigger lifted, as someone with the database's keys."""
    with connection.cursor() as cursor:
        for statement in DROP[connection.vendor]:
            cursor.execute(statement)
        cursor.execute(sql, params)
        for statement in APPEND_ONLY_SQL[connection.vendor]:
            if "FUNCTION" not in statement:
                cursor.execute(statement)


def test_lines_chain_per_organisation():
    a1, b1, a2, s1, a3 = write(1), write(2), write(1), write(None), write(1)
    assert (a1.chain, b1.chain, s1.chain) == (1, 2, 0)
    assert a1.previous_hash == b1.previous_hash == s1.previous_hash == ""
    assert a2.previous_hash == a1.hash and a3.previous_hash == a2.hash
    for line in AuditEvent.objects.all():  # as read back from the database
        values = {name: getattr(line, name) for name in audit.HASHED_FIELDS}
        assert line.hash == line_hash(values) and len(line.hash) == 64
    assert verify() == "ok: 5 lines in 3 chains\n"
    assert verify("--organisation", "1") == "ok: 3 lines in 1 chains\n"


def test_verify_names_a_line_altered_in_the_database():
    write(1)
    altered = write(1, target_id=10)
    write(1)
    other = write(2)
    tamper("UPDATE core_auditevent SET target_id = 11 WHERE id = %s", [altered.pk])
    with pytest.raises(CommandError, match=f"first: line {altered.pk}"):
        verify()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("audit", "verify", stdout=out)
    report = out.getvalue()
    assert f"broken: line {altered.pk} of chain 1: hash expected " in report
    assert f"found {altered.hash}" in report
    assert report.count("broken:") == 1
    # The other association's chain is intact.
    assert verify("--organisation", "2") == "ok: 1 lines in 1 chains\n"
    assert other.previous_hash == ""


def forge(previous_hash, target_id):
    """Insert a line with a well-formed hash of its own, linked to `previous_hash`."""
    forged = audit.event(WORKER, A.VIEW, T.FILE, target_id, organisation_id=1)
    audit._link([forged], previous_hash)
    tamper(
        "INSERT INTO core_auditevent (at, system, action, target, target_id, organisation_id,"
        " exceptional, chain, previous_hash, hash)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            forged.at,
            forged.system,
            forged.action,
            forged.target,
            target_id,
            1,
            False,
            1,
            previous_hash,
            forged.hash,
        ],
    )
    return AuditEvent.objects.get(target_id=target_id)


def test_verify_names_a_forged_line():
    first = write(1)
    write(1)
    forged = forge(first.hash, 99)  # a branch: it claims to follow the first line
    write(1)
    out = StringIO()
    with pytest.raises(CommandError, match=f"first: line {forged.pk}"):
        call_command("audit", "verify", stdout=out)
    assert f"broken: line {forged.pk} of chain 1: previous_hash expected " in out.getvalue()


def test_verify_names_the_line_after_a_removed_one():
    write(1)
    removed = write(1, target_id=5)
    after = write(1)
    tamper("DELETE FROM core_auditevent WHERE id = %s", [removed.pk])
    out = StringIO()
    with pytest.raises(CommandError, match=f"first: line {after.pk}"):
        call_command("audit", "verify", stdout=out)
    assert (
        f"broken: line {after.pk} of chain 1: previous_hash expected {removed.previous_hash}, "
        f"found {removed.hash}" in out.getvalue()
    )


def test_a_forged_line_read_back_hashes_as_written():
    """The canonical form survives a raw write and a read (dates, addresses, booleans)."""
    last = write(1)
    forge(last.hash, 99)
    assert verify() == "ok: 2 lines in 1 chains\n"
    assert write(1).previous_hash == AuditEvent.objects.get(target_id=99).hash


def test_two_organisations_chains_are_independent():
    lines = [write(org) for org in (1, 2, 1, 2, 2)]
    tamper("UPDATE core_auditevent SET person_id = 5 WHERE id = %s", [lines[1].pk])
    assert verify("--organisation", "1") == "ok: 2 lines in 1 chains\n"
    with pytest.raises(CommandError, match=f"first: line {lines[1].pk}"):
        verify("--organisation", "2")


def test_record_many_links_in_order_by_chain():
    head = write(1)
    events = [
        audit.event(Who, A.VIEW, T.PERSON, i, organisation_id=org)
        for i, org in enumerate([2, 1, None, 2, 1])
    ]
    with transaction.atomic():
        audit.record_many(events)
    b1, a1, s1, b2, a2 = events
    assert a1.previous_hash == head.hash and a2.previous_hash == a1.hash
    assert b1.previous_hash == "" and b2.previous_hash == b1.hash
    assert (s1.chain, s1.previous_hash) == (0, "")
    assert verify() == "ok: 6 lines in 3 chains\n"


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_of_one_chain_never_fork():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write; the lock is PostgreSQL's")
    errors = []

    def writer(org):
        from django.db import connections

        try:
            for i in range(20):
                write(org, target_id=i)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(org,)) for org in (1, 1, 1, 2, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert verify() == "ok: 100 lines in 2 chains\n"
    assert AuditEvent.objects.filter(chain=1).values("previous_hash").distinct().count() == 60
