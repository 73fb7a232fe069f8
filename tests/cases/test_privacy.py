"""Confidentiality through the public doors: encryption at rest, the append-only audit log,
exports and erasure, retention, login throttling, idle sessions, password confirmation,
double submits and bad uploads."""

import datetime as dt
import io
import json

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_otp.oath import totp

from appui.cases import retention, search, services
from appui.cases.models import (
    ArchivedFile,
    CaseFile,
    Channel,
    Document,
    FileStatus,
    Interview,
    MonthlyCount,
    Person,
)
from appui.core.access import REAUTH_SESSION_KEY
from appui.core.models import AuditEvent, Role

from .conftest import actor, login


@pytest.fixture
def file_with_notes(staff, own):
    receptionist, psychologist = staff(Role.RECEPTIONIST), staff(Role.PSYCHOLOGIST)
    who = actor(receptionist)
    person = services.create_person(
        who, {"last_name": "Lefèvre", "first_name": "Anaïs", "phone": "06 11 22 33 44"}
    )
    file = services.open_file(
        who,
        person=person,
        role="direct",
        channel=Channel.OWN_REQUEST,
        affair_data={"offence_category": "violence", "circumstances": "Agression dans le tram."},
    )
    now = timezone.now()
    services.add_interview(
        who,
        file,
        {
            "discipline": "reception",
            "held_at": now,
            "duration_minutes": 20,
            "mode": "phone",
            "note": "Accueil téléphonique.",
        },
    )
    services.add_interview(
        actor(psychologist),
        file,
        {
            "discipline": "psychological",
            "held_at": now,
            "duration_minutes": 50,
            "mode": "in_person",
            "note": "Secret : cauchemars récurrents.",
        },
    )
    return {
        "file": file,
        "person": person,
        "receptionist": receptionist,
        "psychologist": psychologist,
    }


def raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_notes_and_circumstances_are_encrypted_at_rest(file_with_notes):
    interview = Interview.objects.get(discipline="psychological")
    stored = raw("cases_interview", "note", interview.pk)
    assert "cauchemars" not in stored and stored.startswith("gAAAA")
    assert Interview.objects.get(pk=interview.pk).note == "Secret : cauchemars récurrents."
    affair = file_with_notes["file"].affair
    assert "tram" not in raw("cases_affair", "circumstances", affair.pk)


def test_key_rotation_rewrites_values_with_the_new_key(file_with_notes, settings):
    old = list(settings.APPUI_ENCRYPTION_KEYS)
    new = Fernet.generate_key()
    settings.APPUI_ENCRYPTION_KEYS = [new, *old]
    out = io.StringIO()
    call_command("encryption", "rotate", stdout=out)
    assert "Re-encrypted" in out.getvalue()
    settings.APPUI_ENCRYPTION_KEYS = [new]  # the old key is gone: everything still reads
    assert Interview.objects.get(discipline="psychological").note.startswith("Secret")
    assert "tram" in CaseFile.objects.get().affair.circumstances


def test_the_audit_log_is_append_only(transactional_db, staff):
    user = staff(Role.DIRECTION)
    with transaction.atomic():
        services.search_people(actor(user), name="x")
    event = AuditEvent.objects.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="view")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get().action == "search"


def test_reads_are_audited_and_notes_shown_to_psychologists_only(client, file_with_notes):
    file = file_with_notes["file"]
    login(client, file_with_notes["receptionist"])
    page = client.get(reverse("cases:file", args=[file.pk])).content.decode()
    assert "Accueil téléphonique." in page and "cauchemars" not in page
    assert AuditEvent.objects.filter(file_id=file.pk, action="view", target="file").count() == 1
    assert not AuditEvent.objects.filter(target="psychological_note", action="view").exists()
    login(client, file_with_notes["psychologist"])
    assert "cauchemars" in client.get(reverse("cases:file", args=[file.pk])).content.decode()
    assert AuditEvent.objects.filter(target="psychological_note", action="view").count() == 1
    # The audit log names ids and actions, never the data.
    text = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert "Lefèvre" not in text and "cauchemars" not in text


def confirm_password(client):
    session = client.session
    session[REAUTH_SESSION_KEY] = timezone.now().timestamp()
    session.save()


def test_export_asks_for_the_password_then_withholds_psychological_notes(
    client, staff, file_with_notes
):
    person = file_with_notes["person"]
    url = reverse("cases:person_export", args=[person.pk, "json"])
    login(client, staff(Role.LEGAL_ADVISER))
    response = client.get(url)
    assert response.status_code == 302 and "/pro/confirm/" in response["Location"]
    response = client.post(
        reverse("staff:reauthenticate") + f"?next={url}", {"password": "wrong", "next": url}
    )
    assert response.status_code == 422
    response = client.post(
        reverse("staff:reauthenticate"), {"password": "a-long-test-password", "next": url}
    )
    assert response.status_code == 302 and response["Location"] == url
    data = json.loads(client.get(url).content)
    interviews = data["files"][0]["interviews"]
    psychological = next(i for i in interviews if i["discipline"] == "psychological")
    assert psychological["note"] is None and psychological["note_withheld"]
    assert data["files"][0]["affair"]["circumstances"] == "Agression dans le tram."
    login(client, file_with_notes["psychologist"])
    confirm_password(client)
    data = json.loads(client.get(url).content)
    assert "cauchemars" in json.dumps(data, ensure_ascii=False)
    pdf = client.get(reverse("cases:person_export", args=[person.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", person_id=person.pk).count() == 3


def test_erasure_removes_the_person_everywhere_but_keeps_the_proof(
    client, staff, file_with_notes, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.APPUI_DOCUMENTS_DIR = tmp_path
    file, person = file_with_notes["file"], file_with_notes["person"]
    direction = staff(Role.DIRECTION)
    document = services.add_document(
        actor(direction),
        file,
        title="Certificat",
        name="certificat.pdf",
        content_type="application/pdf",
        data=b"%PDF-1.4 test",
    )
    assert (tmp_path / document.storage_name).exists()
    counters = list(MonthlyCount.objects.values_list("measure", "key", "count"))
    login(client, direction)
    confirm_password(client)
    url = reverse("cases:person_erase", args=[person.pk])
    assert client.post(url, {}).status_code == 200  # not confirmed: nothing erased
    assert Person.objects.filter(pk=person.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        with_commit = client.post(url, {"confirm": str(person.pk)})
    assert with_commit.status_code == 302
    assert not Person.objects.exists() and not CaseFile.objects.exists()
    assert not Interview.objects.exists() and not Document.objects.exists()
    assert not (tmp_path / document.storage_name).exists()
    assert search.find(Person.objects.all(), name="Lefevre") == []
    assert AuditEvent.objects.filter(person_id=person.pk, action="erase").exists()
    assert AuditEvent.objects.filter(file_id=file.pk).exists()  # who accessed what stays
    assert list(MonthlyCount.objects.values_list("measure", "key", "count")) == counters


def test_retention_dry_run_then_apply(file_with_notes, staff):
    file = file_with_notes["file"]
    other_person = services.create_person(
        actor(file_with_notes["receptionist"]), {"last_name": "Encore", "first_name": "Suivie"}
    )
    services.open_file(
        actor(file_with_notes["receptionist"]),
        person=other_person,
        role="direct",
        channel=Channel.OWN_REQUEST,
        affair_data={"offence_category": "theft"},
    )
    CaseFile.objects.filter(pk=file.pk).update(
        status=FileStatus.CLOSED, closed_on=dt.date(2019, 3, 4)
    )
    report = retention.apply(dry_run=True)
    assert (report.people, report.files) == (1, 1)
    assert CaseFile.objects.count() == 2
    report = retention.apply(dry_run=False)
    assert CaseFile.objects.count() == 1 and Person.objects.get().last_name == "Encore"
    archived = ArchivedFile.objects.get()
    assert archived.interviews == {"reception": 1, "psychological": 1}
    assert archived.closed_month == dt.date(2019, 3, 1)
    out = io.StringIO()
    call_command("retention", stdout=out)
    assert "dry run" in out.getvalue()


def test_logins_are_throttled_after_five_failures(client, staff):
    user = staff(Role.RECEPTIONIST)
    device = user.totpdevice_set.get()
    for _ in range(5):
        response = client.post(
            reverse("staff:login"), {"email": user.email, "password": "wrong", "code": "123456"}
        )
    response = client.post(
        reverse("staff:login"),
        {
            "email": user.email,
            "password": "a-long-test-password",
            "code": f"{totp(device.bin_key):06d}",
        },
    )
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_login_with_password_and_code_or_a_recovery_code(client, staff):
    from appui.core.services import create_staff

    access = create_staff("nouvelle@example.org", organisation="fv54", role="legal_adviser")
    assert len(access.recovery_codes) == 10
    response = client.post(
        reverse("staff:login"),
        {
            "email": "nouvelle@example.org",
            "password": access.password,
            "code": access.recovery_codes[0],
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("cases:home")).status_code == 200
    client.post(reverse("staff:logout"))
    # A recovery code works once.
    response = client.post(
        reverse("staff:login"),
        {
            "email": "nouvelle@example.org",
            "password": access.password,
            "code": access.recovery_codes[0],
        },
    )
    assert response.status_code == 422
    assert AuditEvent.objects.filter(action="recovery_code_used").count() == 1


def test_sessions_end_after_thirty_idle_minutes(client, staff, settings):
    login(client, staff(Role.RECEPTIONIST))
    assert client.get(reverse("cases:home")).status_code == 200
    session = client.session
    session["appui_last_seen"] = timezone.now().timestamp() - settings.APPUI_STAFF_IDLE_SECONDS - 1
    session.save()
    response = client.get(reverse("cases:home"))
    assert response.status_code == 302 and "timeout=1" in response["Location"]
    assert client.get(reverse("cases:home")).status_code == 302


def test_a_double_submit_saves_once(client, staff):
    login(client, staff(Role.RECEPTIONIST))
    page = client.get(reverse("cases:person_new"))
    data = {"once": page.context["once"], "last_name": "Double", "first_name": "Clic"}
    assert client.post(reverse("cases:person_new"), data).status_code == 302
    assert client.post(reverse("cases:person_new"), data).status_code == 302
    assert Person.objects.count() == 1


def test_likely_duplicates_are_shown_before_creating(client, staff, file_with_notes):
    login(client, file_with_notes["receptionist"])
    page = client.get(reverse("cases:person_new"))
    data = {"once": page.context["once"], "last_name": "LEFEVRE", "first_name": "Anais"}
    response = client.post(reverse("cases:person_new"), data)
    assert response.status_code == 200 and response.context["duplicates"]
    assert Person.objects.count() == 1
    response = client.post(reverse("cases:person_new"), {**data, "confirm": "1"})
    assert response.status_code == 302 and Person.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00" + b"\x00" * 300, "PDF, JPEG"),
        ("fake.pdf", b"<html>not a pdf</html>", "PDF, JPEG"),
    ],
)
def test_uploads_of_the_wrong_type_are_refused(
    client, staff, file_with_notes, settings, tmp_path, name, content, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.APPUI_DOCUMENTS_DIR = tmp_path
    login(client, file_with_notes["receptionist"])
    url = reverse("cases:document_new", args=[file_with_notes["file"].pk])
    once = client.get(url).context["once"]
    response = client.post(
        url, {"once": once, "title": "x", "upload": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 422 and message in response.content.decode()
    assert not Document.objects.exists() and list(tmp_path.iterdir()) == []


def test_oversized_uploads_are_refused(client, staff, file_with_notes, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.APPUI_DOCUMENTS_DIR = tmp_path
    settings.APPUI_DOCUMENT_MAX_BYTES = 1024
    login(client, file_with_notes["receptionist"])
    url = reverse("cases:document_new", args=[file_with_notes["file"].pk])
    once = client.get(url).context["once"]
    response = client.post(
        url,
        {
            "once": once,
            "title": "x",
            "upload": SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 5000),
        },
    )
    assert response.status_code == 422
    assert not Document.objects.exists()


def test_documents_are_stored_encrypted_and_served_only_through_the_view(
    client, staff, file_with_notes, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.APPUI_DOCUMENTS_DIR = tmp_path
    login(client, file_with_notes["receptionist"])
    url = reverse("cases:document_new", args=[file_with_notes["file"].pk])
    once = client.get(url).context["once"]
    body = b"%PDF-1.4\n% certificat medical\n"
    response = client.post(
        url, {"once": once, "title": "Certificat", "upload": SimpleUploadedFile("c.pdf", body)}
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert b"certificat" not in (tmp_path / document.storage_name).read_bytes()
    download = client.get(reverse("cases:document", args=[document.pk]))
    assert download.content == body and download["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(target="document", action="download").count() == 1


def test_each_role_lands_where_it_works(client, staff):
    from appui.core.services import create_staff

    landings = {
        "receptionist": "/pro/",
        "helpline_listener": "/pro/intakes/",
        "federation_admin": "/pro/stats/",
    }
    for role, landing in landings.items():
        org = "federation" if role != "receptionist" else "fv54"
        access = create_staff(f"{role}@example.org", organisation=org, role=role)
        response = client.post(
            reverse("staff:login"),
            {
                "email": f"{role}@example.org",
                "password": access.password,
                "code": access.recovery_codes[0],
            },
        )
        assert response["Location"] == landing, role
        assert client.get(landing).status_code == 200
        client.post(reverse("staff:logout"))


@pytest.fixture
def clear_details(file_with_notes, settings, tmp_path):
    """Names, titles and the like that were stored clear before issue 9: now each a token."""
    settings.APPUI_DOCUMENTS_DIR = tmp_path
    file = file_with_notes["file"]
    who = actor(file_with_notes["receptionist"])
    intake = services.create_intake(
        who,
        channel=Channel.OWN_REQUEST,
        data={
            "contact_name": "Bérénice Clairval",
            "contact_phone": "06 98 76 54 32",
            "preferred_time": "après dix-huit heures",
        },
    )
    referral = services.add_referral(
        who, file, {"partner_name": "Cabinet Maître Ravelin", "proposed_on": dt.date(2026, 11, 2)}
    )
    assessment = services.add_assessment(
        actor(file_with_notes["psychologist"]),
        file,
        {"requested_by": "Parquet de Quimperlé", "requested_on": dt.date(2026, 11, 3)},
    )
    document = services.add_document(
        who,
        file,
        title="Plainte Clairval",
        name="plainte-clairval.pdf",
        content_type="application/pdf",
        data=b"%PDF-1.4\n",
    )
    return {
        ("cases_intake", "contact_name", intake.pk): "Bérénice Clairval",
        ("cases_intake", "contact_phone", intake.pk): "06 98 76 54 32",
        ("cases_intake", "preferred_time", intake.pk): "après dix-huit heures",
        ("cases_referral", "partner_name", referral.pk): "Cabinet Maître Ravelin",
        ("cases_individualassessment", "requested_by", assessment.pk): "Parquet de Quimperlé",
        ("cases_document", "title", document.pk): "Plainte Clairval",
        ("cases_document", "original_name", document.pk): "plainte-clairval.pdf",
    }


def test_contact_details_titles_and_names_are_encrypted_at_rest(
    client, file_with_notes, clear_details
):
    for (table, column, pk), clear in clear_details.items():
        stored = raw(table, column, pk)
        assert clear not in stored and stored.startswith("gAAAA"), column
    login(client, file_with_notes["receptionist"])
    shown = client.get(reverse("cases:file", args=[file_with_notes["file"].pk])).content.decode()
    intake_pk = next(pk for (table, _, pk) in clear_details if table == "cases_intake")
    shown += client.get(reverse("cases:intake", args=[intake_pk])).content.decode()
    shown += client.get(reverse("cases:intake_queue")).content.decode()
    for clear in clear_details.values():
        if clear != "plainte-clairval.pdf":  # no page shows the file name
            assert escape(clear) in shown, clear
    assert Document.objects.get().original_name == "plainte-clairval.pdf"  # as exports show it


def test_key_rotation_rewrites_the_contact_details_titles_and_names(
    file_with_notes, clear_details, settings
):
    before = {key: raw(*key) for key in clear_details}
    new = Fernet.generate_key()
    settings.APPUI_ENCRYPTION_KEYS = [new, *settings.APPUI_ENCRYPTION_KEYS]
    call_command("encryption", "rotate", stdout=io.StringIO())
    only_new = Fernet(new)
    for key, clear in clear_details.items():
        stored = raw(*key)
        assert stored != before[key]
        assert only_new.decrypt(stored.encode()).decode() == clear, key
