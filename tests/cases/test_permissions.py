"""The permission matrix: every staff page × every role × own or other association.

The table below is written by hand from the issue's rules, not derived from the code's own
table, and every URL of the staff area must appear in it: a new page without a rule here
fails `test_every_staff_page_has_a_rule`.
"""

import datetime as dt

import pytest
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from appui.cases import services
from appui.cases.models import Channel, Document, Referral, Task, TaskKind
from appui.compensation.models import CompensationFile, DamageHead, SumReceived
from appui.core.models import Role

from .conftest import actor, login

R, L, P, S, T, D, F, H, V, U = (
    Role.RECEPTIONIST,
    Role.LEGAL_ADVISER,
    Role.PSYCHOLOGIST,
    Role.SOCIAL_WORKER,
    Role.TERRORISM_REFERENT,
    Role.DIRECTION,
    Role.FEDERATION_ADMIN,
    Role.HELPLINE_LISTENER,
    Role.HELPLINE_SUPERVISOR,
    Role.UNIT_AGENT,
)
CASEWORK = {R, L, P, S, T, D}
EVERYONE = set(Role)

# url name → (HTTP method, roles allowed on their own association's records, takes an id)
MATRIX = {
    "cases:home": ("get", CASEWORK, False),
    "cases:task_done": ("post", CASEWORK, True),
    "cases:intake_queue": ("get", CASEWORK | {H, V}, False),
    "cases:intake_new": ("get", CASEWORK | {H, V}, False),
    "cases:intake_queue_stamp": ("get", CASEWORK | {H, V}, False),
    "cases:intake": ("get", CASEWORK | {H, V}, True),
    "cases:search": ("get", CASEWORK, False),
    "cases:person_new": ("get", CASEWORK, False),
    "cases:person": ("get", CASEWORK, True),
    "cases:person_edit": ("get", CASEWORK, True),
    "cases:file_new": ("get", CASEWORK, True),
    "cases:person_export": ("get", {L, P, S, T, D}, True),
    "cases:person_erase": ("get", {D}, True),
    "cases:file": ("get", CASEWORK, True),
    "cases:caseload": ("get", CASEWORK, False),
    "cases:handoff": ("get", CASEWORK, True),
    "cases:task_new": ("get", CASEWORK, True),
    "cases:affair_edit": ("get", CASEWORK, True),
    "cases:facts_edit": ("get", CASEWORK, True),
    "cases:file_close": ("post", CASEWORK, True),
    "cases:interview_new": ("get", CASEWORK, True),
    "cases:referral_new": ("get", CASEWORK, True),
    "cases:referral_status": ("post", CASEWORK, True),
    "cases:assessment_new": ("get", {L, P, S, T, D}, True),
    "cases:protection_new": ("get", CASEWORK, True),
    "cases:document_new": ("get", CASEWORK, True),
    "cases:document": ("get", CASEWORK, True),
    "cases:access_log": ("get", {D}, True),
    "cases:exceptional_access": ("get", {D, F}, False),
    "cases:access_review": ("get", {D}, False),
    "staff:account": ("get", EVERYONE, False),
    "staff:waiting": ("get", EVERYONE, False),
    "staff:accounts": ("get", {D}, False),
    "staff:reauthenticate": ("get", EVERYONE, False),
    "staff:recovery_codes": ("post", EVERYONE, False),
    "stats:association": ("get", {D, F}, False),
    "stats:national": ("get", {F}, False),
    "stats:export": ("get", {D, F}, False),
    # Compensation files: legal advisers and the direction; the federation reads the
    # network's anonymous figures only.
    "compensation:list": ("get", {L, D}, False),
    "compensation:stats": ("get", {L, D, F}, False),
    "compensation:new": ("get", {L, D}, True),
    "compensation:detail": ("get", {L, D}, True),
    "compensation:head_add": ("post", {L, D}, True),
    "compensation:head_delete": ("post", {L, D}, True),
    "compensation:received_add": ("post", {L, D}, True),
    "compensation:received_delete": ("post", {L, D}, True),
    "compensation:legal_costs": ("post", {L, D}, True),
    "compensation:checklist": ("post", {L, D}, True),
    "compensation:event_add": ("post", {L, D}, True),
    "compensation:event_undo": ("post", {L, D}, True),
    "compensation:bank": ("post", {L, D}, True),
    "compensation:addressee": ("post", {L, D}, True),
    "compensation:generate": ("post", {L, D}, True),
    # Appointments from a file; the victim bureau's day (BAV)
    "cases:appointment_new": ("get", CASEWORK, True),
    "cases:appointment_move": ("get", CASEWORK, True),
    "cases:appointment_cancel": ("post", CASEWORK, True),
    "cases:bav_day": ("get", CASEWORK | {H, V}, False),
    "cases:bav_intake": ("post", CASEWORK, True),
    "cases:bav_interview": ("get", CASEWORK, True),
    # The agendas of the organisation's places: associations' staff and units' agents (a
    # unit's agent, "own" side, is in a unit beside the association: its appointments are
    # not theirs).
    "agenda:day": ("get", CASEWORK | {U}, False),
    "agenda:week": ("get", CASEWORK | {U}, False),
    "agenda:feed": ("get", CASEWORK | {U}, False),
    "agenda:appointment": ("get", CASEWORK, True),
    "agenda:move": ("get", CASEWORK, True),
    "agenda:confirm": ("post", CASEWORK, True),
    "agenda:mark": ("post", CASEWORK, True),
    "agenda:cancel": ("post", CASEWORK, True),
    # Pre-complaints: the unit's agents only ("own" side: the unit beside our association).
    "complaints_staff:list": ("get", {U}, False),
    "complaints_staff:detail": ("get", {U}, True),
    "complaints_staff:numbers": ("get", {U}, True),
    "complaints_staff:move": ("get", {U}, True),
    "complaints_staff:confirm": ("post", {U}, True),
    "complaints_staff:signed": ("post", {U}, True),
    "complaints_staff:missed": ("post", {U}, True),
}
# The calendar feed is read by a calendar application, by its secret token alone.
PUBLIC = {"staff:login", "staff:logout", "agenda:feed_ics"}


def staff_url_names():
    names = set()
    for namespace in ("cases", "staff", "stats", "compensation", "agenda", "complaints_staff"):
        resolver = get_resolver().namespace_dict[namespace][1]
        for pattern in resolver.url_patterns:
            assert isinstance(pattern, URLPattern)
            names.add(f"{namespace}:{pattern.name}")
    return names


def test_every_staff_page_has_a_rule():
    assert staff_url_names() - PUBLIC == set(MATRIX)


def test_every_staff_page_declares_its_permission():
    for name in MATRIX:
        resolver = get_resolver().namespace_dict[name.split(":")[0]][1]
        view = next(p.callback for p in resolver.url_patterns if p.name == name.split(":")[1])
        assert hasattr(view, "staff_permission"), f"{name} does not use staff_view"


@pytest.fixture
def records(staff, own):
    """A complete file in our association, made by its direction."""
    author = staff(D)
    who = actor(author)
    intake = services.create_intake(
        who, channel=Channel.OWN_REQUEST, data={"contact_name": "Jeanne Martin"}
    )
    person = services.create_person(who, {"last_name": "Martin", "first_name": "Jeanne"})
    file = services.open_file(
        who,
        person=person,
        role="direct",
        channel=Channel.OWN_REQUEST,
        affair_data={"offence_category": "theft"},
    )
    file.referent = None
    file.save()
    referral = Referral.objects.create(
        case_file=file, partner_name="CIDFF", proposed_on=dt.date(2026, 1, 2), author=author
    )
    task = Task.objects.create(
        organisation=own,
        case_file=file,
        kind=TaskKind.MANDATE_DUE,
        key="manual",
        title="x",
        due_on=dt.date(2026, 1, 2),
    )
    document = Document.objects.create(
        case_file=file,
        title="t",
        original_name="a.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0",
        storage_name="missing",
        uploaded_at=timezone.now(),
        uploaded_by=author,
    )
    compensation = CompensationFile.objects.create(
        organisation=own,
        case_file=file,
        route="civi_capped",
        opened_on=dt.date(2026, 1, 2),
        opened_by=author,
    )
    head = DamageHead.objects.create(compensation=compensation, head="pro.STOLEN", amount=300)
    line = SumReceived.objects.create(compensation=compensation, payer="insurer", amount=50)
    from appui.booking.models import Agenda, AgendaCapacity, Booking, Motive
    from appui.directory.models import Kind, Service

    office = Agenda.objects.create(
        service=Service.objects.get(slug="gnav-france-victimes-54", organisation=own)
    )
    AgendaCapacity.objects.create(agenda=office, motive=Motive.ASSOCIATION)
    bureau = Agenda.objects.create(
        service=Service.objects.create(
            slug="bav-matrice",
            organisation=own,
            kind=Kind.BAV,
            name="BAV",
            opening_hours="Mo-Su 08:00-18:00",
        )
    )
    AgendaCapacity.objects.create(agenda=bureau, motive=Motive.BAV)
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    appointment = Booking.objects.create(
        agenda=office,
        motive=Motive.ASSOCIATION,
        start=noon + dt.timedelta(days=2),
        end=noon + dt.timedelta(days=2, minutes=30),
        reference="APPT0001",
        token_hash="a" * 64,
        name="Jeanne Martin",
        source="cases",
        source_id=file.pk,
    )
    bav_booking = Booking.objects.create(
        agenda=bureau,
        motive=Motive.BAV,
        start=noon,
        end=noon + dt.timedelta(minutes=30),
        reference="BAV00001",
        token_hash="b" * 64,
        name="Jeanne Martin",
        source="bav",
    )
    from appui.complaints.models import Category, PreComplaint

    from .conftest import unit

    station = unit("own").services.get()
    desk = Agenda.objects.create(service=station)
    AgendaCapacity.objects.create(agenda=desk, motive=Motive.PRE_COMPLAINT)
    received = timezone.now()
    pre_complaint = PreComplaint.objects.create(
        unit=station,
        booking=Booking.objects.create(
            agenda=desk,
            motive=Motive.PRE_COMPLAINT,
            start=noon + dt.timedelta(days=3),
            end=noon + dt.timedelta(days=3, minutes=30),
            reference="PREC0001",
            token_hash="c" * 64,
            name="Jeanne Martin",
            source="complaints",
        ),
        category=Category.values[0],
        received_at=received,
        erase_after=received + dt.timedelta(days=30),
        declarant='{"first_name": "Jeanne", "last_name": "Martin"}',
        payments='{"lines": [{"kind": "card", "number": "4970101234567893"}]}',
    )
    return {
        "pre_complaint": pre_complaint,
        "appointment": appointment,
        "bav_booking": bav_booking,
        "intake": intake,
        "person": person,
        "file": file,
        "referral": referral,
        "task": task,
        "document": document,
        "compensation": compensation,
        "head": head,
        "received": line,
    }


def url_for(name, records):
    short = name.split(":")[1]
    if short in {"task_done"}:
        return reverse(name, args=[records["task"].pk])
    if short == "intake":
        return reverse(name, args=[records["intake"].pk])
    if short in {"person", "person_edit", "file_new", "person_erase"}:
        return reverse(name, args=[records["person"].pk])
    if short == "person_export":
        return reverse(name, args=[records["person"].pk, "json"])
    if short == "document":
        return reverse(name, args=[records["document"].pk])
    if name.startswith("complaints_staff:") and MATRIX[name][2]:
        return reverse(name, args=[records["pre_complaint"].pk])
    if name.startswith("agenda:") and MATRIX[name][2]:
        return reverse(name, args=[records["appointment"].pk])
    if short in {"appointment_move", "appointment_cancel"}:
        return reverse(name, args=[records["file"].pk, records["appointment"].pk])
    if short == "bav_intake":
        return reverse(name, args=[records["bav_booking"].pk])
    if short == "bav_interview":
        return reverse(name, args=[records["bav_booking"].pk, records["file"].pk])
    if short == "referral_status":
        return reverse(name, args=[records["file"].pk, records["referral"].pk])
    if name.startswith("compensation:") and short != "new" and MATRIX[name][2]:
        comp = records["compensation"].pk
        if short == "head_delete":
            return reverse(name, args=[comp, records["head"].pk])
        if short == "received_delete":
            return reverse(name, args=[comp, records["received"].pk])
        if short == "generate":
            return reverse(name, args=[comp, "civi_request"])
        return reverse(name, args=[comp])
    if MATRIX[name][2]:
        return reverse(name, args=[records["file"].pk])
    return reverse(name)


def fetch(client, name, records):
    method = MATRIX[name][0]
    url = url_for(name, records)
    data = {"status": "done"} if name.endswith("referral_status") else {}
    return getattr(client, method)(url, data)


def allowed(response) -> bool:
    if response.status_code in (403, 404):
        return False
    if response.status_code == 302:
        return "/pro/login/" not in response["Location"]
    return True


CASES = [
    (name, role, side)
    for name in MATRIX
    for role in Role
    for side in ("own", "other")
    if side == "own" or MATRIX[name][2]
]


@pytest.mark.parametrize(("name", "role", "side"), CASES)
def test_permission_matrix(client, staff, records, settings, tmp_path, name, role, side):
    settings.APPUI_DOCUMENTS_DIR = tmp_path
    (tmp_path / "missing").write_bytes(
        __import__("appui.core.crypto", fromlist=["x"]).encrypt_bytes(b"%PDF")
    )
    login(client, staff(role, side), password_confirmed=True)
    response = fetch(client, name, records)
    expected = role in MATRIX[name][1] and side == "own"
    assert allowed(response) == expected, (name, role, side, response.status_code)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_visitors_are_sent_to_login(client, records, name):
    response = fetch(client, name, records)
    assert response.status_code == 302 and "/pro/login/" in response["Location"]


def test_pages_that_take_data_out_ask_for_the_password_first(client, staff, records):
    login(client, staff(D))
    for name in ("cases:person_export", "cases:person_erase", "stats:export"):
        response = fetch(client, name, records)
        assert response.status_code == 302 and "/pro/confirm/" in response["Location"], name


def test_a_password_without_the_authenticator_is_not_enough(client, staff, records):
    client.force_login(staff(D))  # no verified device in the session
    response = client.get(reverse("cases:file", args=[records["file"].pk]))
    assert response.status_code == 302 and "/pro/login/" in response["Location"]


@pytest.mark.parametrize("name", sorted(n for n in MATRIX if MATRIX[n][2]))
def test_tampered_ids_answer_404(client, staff, records, name):
    allowed_roles = MATRIX[name][1]
    login(client, staff(D if D in allowed_roles else U), password_confirmed=True)
    url = url_for(name, records)
    parts = url.rstrip("/").split("/")
    # Replace the first id by one that does not exist.
    for i, part in enumerate(parts):
        if part.isdigit():
            parts[i] = "999999"
            break
    tampered = "/".join(parts) + ("/" if url.endswith("/") else "")
    response = getattr(client, MATRIX[name][0])(tampered)
    assert response.status_code == 404, (name, tampered, response.status_code)
