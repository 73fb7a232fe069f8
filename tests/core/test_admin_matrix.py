"""The permission matrix of the administration: every account kind × every admin page.

The pages come from the admin site's registry (the index, then each registered model's
list, add form and change form on one of its records), so a newly registered model is in
the matrix at once. What each account may reach is written by hand below from the rules,
not read from the code: a new model is expected closed to everyone but superusers until a
rule here says otherwise.

Rules: only accounts with an authenticator-verified session, `is_staff` and a staff profile
in force (or none) get in; the federation administrator (network and directory groups)
reaches the network's models and the directory, and nothing of Django's accounts, devices,
lockouts or tasks; the changes of access are seen, never added; nobody reaches their own
profile's change form with an editable role, organisation or active flag.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from appui.core import services
from appui.core.models import Organisation, OrganisationKind, Role, StaffProfile

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
# The federation administrator's groups (network and directory) open these models.
NETWORK = {
    "core.organisation",
    "core.staffprofile",
    "core.accesschange",
    "helpline.switchboard",
    "helpline.listener",
}
DIRECTORY = {"directory.service", "booking.agenda"}
# Models whose records are never added by hand, whoever asks.
NEVER_ADDED = {
    "core.accesschange",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "django_tasks_database.dbtaskresult",
}
ASSOCIATION_ROLES = [
    Role.RECEPTIONIST,
    Role.LEGAL_ADVISER,
    Role.PSYCHOLOGIST,
    Role.SOCIAL_WORKER,
    Role.TERRORISM_REFERENT,
    Role.DIRECTION,
]
# Every Role value, a waiting account of each kind, and accounts without a profile.
WHO = [
    *Role.values,
    "pending association account",
    "pending federation administrator",
    "directory editor",
    "superuser",
    "anonymous",
]
OUT = "login"  # sent to the login page


def test_the_matrix_covers_every_role():
    assert set(Role.values) <= set(WHO)
    assert set(ASSOCIATION_ROLES) | {
        Role.FEDERATION_ADMIN,
        Role.HELPLINE_LISTENER,
        Role.HELPLINE_SUPERVISOR,
        Role.UNIT_AGENT,
    } == set(Role.values)


def expected(who: str, view: str, label: str | None):
    """The status `who` gets on `view` ("index", "changelist", "add", "change") of the model
    `label`: 200, 403, or OUT."""
    if who == Role.FEDERATION_ADMIN:
        if view == "index":
            return 200
        if label in NETWORK | DIRECTORY:
            return 403 if view == "add" and label in NEVER_ADDED else 200
        return 403
    if who == "directory editor":
        if view == "index" or label in DIRECTORY:
            return 200
        return 403
    if who == "superuser":
        return 403 if view == "add" and label in NEVER_ADDED else 200
    # An association's professionals, the helpline, waiting accounts, the public.
    return OUT


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def network(db):
    Organisation.objects.create(
        kind=OrganisationKind.FEDERATION, code="federation", name="Fédération", file_prefix="FED"
    )
    Organisation.objects.create(
        kind=OrganisationKind.ASSOCIATION, code="fv54", name="France Victimes 54", file_prefix="FV"
    )
    Organisation.objects.create(
        kind=OrganisationKind.UNIT, code="police-nancy", name="Commissariat", file_prefix="PN"
    )
    make = services.create_staff
    make("ada@federation.example", organisation="federation", role="federation_admin",
         groups=("directory", "network"))  # fmt: skip
    make("direction@fv54.example", organisation="fv54", role="direction")
    # The records whose change forms are opened: another account's, never the visitor's.
    make("cible@fv54.example", organisation="fv54", role="receptionist")
    target = StaffProfile.objects.get(user__username="cible@fv54.example")
    target.role = Role.LEGAL_ADVISER
    services.change_account(
        target, by=get_user_model().objects.get(username="ada@federation.example")
    )
    from appui.directory import services as directory

    assert directory.import_file(
        '{"format": "appui-directory", "version": 1, "services": [{"slug": "bav-nancy", '
        '"kind": "bav", "name": "BAV de Nancy", "coverage": {"departements": ["54"]}}]}',
        "json",
    ).ok
    from appui.booking.models import Agenda, AgendaCapacity, Motive
    from appui.directory.models import Service

    agenda = Agenda.objects.create(service=Service.objects.get(slug="bav-nancy"))
    AgendaCapacity.objects.create(agenda=agenda, motive=Motive.BAV, capacity=1)
    from django.utils import timezone

    from appui.helpline.models import Listener, Switchboard

    Switchboard.objects.create(name="Standard", slug="standard", secret="s" * 32)
    Listener.objects.create(
        user=get_user_model().objects.get(username="cible@fv54.example"),
        extension="1001",
        status_since=timezone.now(),
    )
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    lockout = {"user_agent": "x", "ip_address": "192.0.2.1", "username": "cible@fv54.example"}
    lockout |= {"http_accept": "*/*", "path_info": "/admin/login/"}
    AccessAttempt.objects.create(**lockout, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**lockout)
    AccessFailureLog.objects.create(**lockout)
    from appui.core.tasks import purge_expired_sessions

    purge_expired_sessions.enqueue()


def account_for(who: str):
    """The account of `who`, made as `appui create_staff` and the administration make them;
    None for the public."""
    User = get_user_model()
    ada = User.objects.get(username="ada@federation.example")
    if who == "anonymous":
        return None
    if who == Role.FEDERATION_ADMIN:
        return ada
    email = f"{who.replace(' ', '-')}@matrix.example"
    if who in ASSOCIATION_ROLES:
        services.create_staff(email, organisation="fv54", role=who)
    elif who == Role.HELPLINE_LISTENER:
        services.create_staff(email, organisation="federation", role=who)
    elif who == Role.UNIT_AGENT:
        services.create_staff(email, organisation="police-nancy", role=who)
    elif who == "directory editor":
        services.create_staff(email, groups=("directory",))
    elif who == "superuser":
        services.create_staff(
            email, superuser=True, organisation="federation", role=Role.FEDERATION_ADMIN
        )
    else:
        # Waiting accounts made in the administration; the federation one even has the
        # administration's groups already.
        services.create_staff(email, groups=("directory", "network"))
        federation = who == "pending federation administrator"
        services.open_account(
            user=User.objects.get(username=email),
            organisation=Organisation.objects.get(code="federation" if federation else "fv54"),
            role=Role.FEDERATION_ADMIN if federation else Role.PSYCHOLOGIST,
            display_name=who,
            by=ada,
        )
        assert services.pending_change(User.objects.get(username=email).pk) is not None
    return User.objects.get(username=email)


def log_in(client, user):
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()


def record_of(model):
    """One record of `model` for its change form: the target account's when it has one."""
    target = get_user_model().objects.get(username="cible@fv54.example")
    if model is get_user_model():
        return target
    owners = [
        f.name
        for f in model._meta.get_fields()
        if f.concrete and f.is_relation and f.related_model is get_user_model()
    ]
    manager = model._default_manager
    record = manager.filter(**{owners[0]: target}).first() if owners else manager.first()
    assert record is not None, (
        f"{model._meta.label} is registered in the admin: make one record of it in the "
        "`network` fixture of this test"
    )
    return record


def admin_pages():
    """(view, model label, URL) of every admin page the registry serves."""
    pages = [("index", None, reverse("admin:index"))]
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        label = model._meta.label_lower
        pages.append(("changelist", label, reverse(f"{info}_changelist")))
        pages.append(("add", label, reverse(f"{info}_add")))
        pages.append(("change", label, reverse(f"{info}_change", args=[record_of(model).pk])))
    return pages


def outcome(response):
    if response.status_code == 302 and response["Location"].startswith(LOGIN):
        return OUT
    return response.status_code


def test_the_registry_holds_the_network_and_directory_models():
    labels = {model._meta.label_lower for model in admin.site._registry}
    assert NETWORK | DIRECTORY <= labels


@pytest.mark.parametrize("who", WHO)
def test_admin_permission_matrix(client, network, who):
    account = account_for(who)
    if account is not None:
        log_in(client, account)
    wrong = []
    for view, label, url in admin_pages():
        got = outcome(client.get(url))
        want = expected(who, view, label)
        if got != want:
            wrong.append((view, label, url, f"got {got}, expected {want}"))
    assert wrong == []


@pytest.mark.parametrize("who", WHO)
def test_nobody_reaches_their_own_profile_with_an_editable_role_or_organisation(
    client, network, who
):
    account = account_for(who)
    if account is None:
        return
    log_in(client, account)
    own = StaffProfile.objects.filter(user=account).first()
    if own is None:
        return
    url = reverse("admin:core_staffprofile_change", args=[own.pk])
    response = client.get(url)
    if expected(who, "change", "core.staffprofile") == OUT:
        assert outcome(response) == OUT
    else:
        assert response.status_code == 200
        html = response.content.decode()
        for field in ("role", "organisation", "active", "user"):
            assert f'name="{field}"' not in html, field
    data = {
        "role": Role.PSYCHOLOGIST,
        "organisation": str(Organisation.objects.get(code="fv54").pk),
        "display_name": "x",
        "active": "on",
    }
    assert outcome(client.post(url, data)) in (403, OUT)
    user_url = reverse("admin:auth_user_change", args=[account.pk])
    assert outcome(client.post(user_url, {"username": account.username, "is_superuser": "on"})) in (
        403,
        OUT,
    )
    refreshed = StaffProfile.objects.get(pk=own.pk)
    assert (refreshed.organisation_id, refreshed.role, refreshed.display_name) == (
        own.organisation_id,
        own.role,
        own.display_name,
    )
    account.refresh_from_db()
    assert account.is_superuser == (who == "superuser")


@pytest.mark.parametrize("who", ["superuser", Role.FEDERATION_ADMIN])
def test_another_accounts_profile_has_an_editable_role_and_a_fixed_organisation(
    client, network, who
):
    log_in(client, account_for(who))
    target = StaffProfile.objects.get(user__username="cible@fv54.example")
    html = client.get(reverse("admin:core_staffprofile_change", args=[target.pk])).content.decode()
    assert 'name="role"' in html and 'name="active"' in html
    assert 'name="organisation"' not in html and 'name="user"' not in html
    # Its change of role waits for the direction, and says so.
    assert target.role == Role.RECEPTIONIST and "direction" in html
