"""Separation of duties for staff accounts.

Nobody changes their own account; an account's organisation never changes; an association
account that can open files works only once the association's direction has confirmed it
(the first direction: a second federation administrator); every request, confirmation and
refusal is kept, with who, when and the old and new values.
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from appui.cases.audit_targets import CaseTarget
from appui.core import services
from appui.core.access import actor_of
from appui.core.models import (
    AccessChange,
    AccessChangeKind,
    AccessChangeStatus,
    AuditAction,
    AuditEvent,
    AuditTarget,
    Organisation,
    OrganisationKind,
    Role,
    StaffProfile,
)

pytestmark = pytest.mark.django_db

PROFILES = "/admin/core/staffprofile/"
NOTE = "Secret : cauchemars récurrents."


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def network(db):
    """The federation, France Victimes 54 with a confirmed direction, and the federation's
    administrator as `load_demo` makes her (network and directory groups)."""
    Organisation.objects.create(
        kind=OrganisationKind.FEDERATION, code="federation", name="Fédération", file_prefix="FED"
    )
    Organisation.objects.create(
        kind=OrganisationKind.ASSOCIATION, code="fv54", name="France Victimes 54", file_prefix="FV"
    )
    Organisation.objects.create(
        kind=OrganisationKind.ASSOCIATION, code="fv88", name="France Victimes 88", file_prefix="FW"
    )
    make = services.create_staff
    make("ada@federation.example", organisation="federation", role="federation_admin",
         groups=("directory", "network"), name="Ada")  # fmt: skip
    make("bea@federation.example", organisation="federation", role="federation_admin",
         groups=("directory", "network"), name="Béa")  # fmt: skip
    make("direction@fv54.example", organisation="fv54", role="direction", name="Dominique")
    make("psy@fv54.example", organisation="fv54", role="psychologist", name="Paule")
    make("accueil@fv54.example", organisation="fv54", role="receptionist", name="Camille")
    return {o.code: o for o in Organisation.objects.all()}


def user(email):
    return get_user_model().objects.get(username=email)


def profile(email):
    return StaffProfile.objects.get(user__username=email)


def log_in(client, email):
    """Logged in with password and authenticator code, as both login pages do."""
    account = user(email)
    client.force_login(account)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=account).persistent_id
    session.save()
    return client


class _Request:
    META = {"REMOTE_ADDR": "127.0.0.1"}

    def __init__(self, account):
        self.user = account


def actor(email):
    return actor_of(_Request(user(email)))


@pytest.fixture
def file_with_note(network):
    """A file of France Victimes 54 with a psychological note."""
    from appui.cases import services as cases

    person = cases.create_person(
        actor("accueil@fv54.example"), {"last_name": "Lefèvre", "first_name": "Anaïs"}
    )
    file = cases.open_file(
        actor("accueil@fv54.example"),
        person=person,
        role="direct",
        channel="own_request",
        affair_data={"offence_category": "violence"},
    )
    cases.add_interview(
        actor("psy@fv54.example"),
        file,
        {
            "discipline": "psychological",
            "held_at": timezone.now(),
            "duration_minutes": 50,
            "mode": "in_person",
            "note": NOTE,
        },
    )
    return file


def form_data(account, **changes):
    data = {
        "user": str(account.user_id),
        "organisation": str(account.organisation_id),
        "role": account.role,
        "display_name": account.display_name,
        "active": "on" if account.active else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


# --- the defect ------------------------------------------------------------------------


def test_a_federation_administrator_cannot_make_herself_psychologist_of_an_association(
    client, network, file_with_note
):
    """The reported defect: Ada opens her own staff profile in /admin/, moves it to France
    Victimes 54 as a psychologist, then reads the association's files and psychological
    notes through /pro/ as ordinary reads."""
    log_in(client, "ada@federation.example")
    own = profile("ada@federation.example")
    url = f"{PROFILES}{own.pk}/change/"

    client.get(url)
    client.post(
        url,
        form_data(own, organisation=str(network["fv54"].pk), role=Role.PSYCHOLOGIST),
    )
    file_page = client.get(reverse("cases:file", args=[file_with_note.pk]))
    search = client.get(reverse("cases:search"), {"name": "Lefèvre"})

    own.refresh_from_db()
    assert (own.organisation.code, own.role) == ("federation", Role.FEDERATION_ADMIN)
    assert file_page.status_code in (403, 404)
    assert NOTE not in file_page.content.decode()
    assert search.status_code in (403, 404)
    assert not AuditEvent.objects.filter(
        actor_id=own.user_id, target__in=[CaseTarget.FILE, CaseTarget.PSYCHOLOGICAL_NOTE]
    ).exists()


# --- 1. nobody changes their own account -------------------------------------------------


def test_ones_own_profile_is_shown_read_only_and_a_forged_post_is_refused(client, network):
    log_in(client, "ada@federation.example")
    own = profile("ada@federation.example")
    url = f"{PROFILES}{own.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for field in ("role", "organisation", "active", "user", "display_name"):
        assert f'name="{field}"' not in html, field
    response = client.post(url, form_data(own, role=Role.HELPLINE_LISTENER, display_name="X"))
    assert response.status_code == 403
    own.refresh_from_db()
    assert (own.role, own.display_name, own.active) == (Role.FEDERATION_ADMIN, "Ada", True)
    assert client.get(f"{PROFILES}{own.pk}/delete/").status_code == 403


def test_nobody_gives_themselves_a_staff_profile(client, network):
    """A superuser without a profile cannot make one for herself in the administration."""
    chief = services.create_staff("chef@example.org", superuser=True)
    log_in(client, chief.username)
    response = client.post(
        f"{PROFILES}add/",
        {
            "user": str(user("chef@example.org").pk),
            "organisation": str(network["fv54"].pk),
            "role": Role.PSYCHOLOGIST,
            "display_name": "Chef",
        },
    )
    assert response.status_code == 200
    assert "Personne ne crée ni ne modifie son propre compte" in str(response.context["errors"])
    assert not StaffProfile.objects.filter(user__username="chef@example.org").exists()


def test_ones_own_user_authenticator_and_password_are_read_only(client, network):
    chief = services.create_staff(
        "chef@federation.example", superuser=True, organisation="federation",
        role="federation_admin",
    )  # fmt: skip
    me = user(chief.username)
    other = user("psy@fv54.example")
    log_in(client, chief.username)
    own_page = client.get(f"/admin/auth/user/{me.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in own_page and 'name="groups"' not in own_page
    assert (
        'name="is_superuser"' in client.get(f"/admin/auth/user/{other.pk}/change/").content.decode()
    )
    response = client.post(
        f"/admin/auth/user/{me.pk}/change/",
        {"username": me.username, "is_active": "", "is_superuser": "on", "is_staff": "on"},
    )
    assert response.status_code == 403
    assert client.get(f"/admin/auth/user/{me.pk}/password/").status_code == 403
    assert client.get(f"/admin/auth/user/{me.pk}/delete/").status_code == 403
    device = TOTPDevice.objects.get(user=me)
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/delete/").status_code == 403
    assert client.get(f"/admin/auth/user/{other.pk}/password/").status_code == 200
    # One's own password: the normal password change, which asks for the current one.
    assert client.get("/admin/password_change/").status_code == 200


# --- 2. an account's organisation never changes ------------------------------------------


def test_the_organisation_is_read_only_in_the_change_form_and_refused_by_the_service(
    client, network
):
    log_in(client, "ada@federation.example")
    psy = profile("psy@fv54.example")
    url = f"{PROFILES}{psy.pk}/change/"
    html = client.get(url).content.decode()
    assert 'name="organisation"' not in html and 'name="role"' in html
    response = client.post(url, form_data(psy, organisation=str(network["fv88"].pk)))
    assert response.status_code == 302
    assert profile("psy@fv54.example").organisation.code == "fv54"

    psy.organisation = network["fv88"]
    with pytest.raises(services.AccountChangeRefused, match="ne change jamais"):
        services.change_account(psy, by=user("ada@federation.example"))
    with pytest.raises(ValueError, match="never changes"):
        psy.save()
    assert profile("psy@fv54.example").organisation.code == "fv54"


def test_create_staff_refuses_to_move_an_account_and_a_role_that_does_not_fit(network):
    with pytest.raises(services.StaffError, match="never changes organisation"):
        services.create_staff("psy@fv54.example", organisation="fv88", role="psychologist")
    with pytest.raises(services.StaffError, match="does not exist"):
        services.create_staff("x@fv54.example", organisation="fv54", role="federation_admin")
    assert profile("psy@fv54.example").organisation.code == "fv54"


def test_an_organisations_kind_never_changes(client, network):
    log_in(client, "ada@federation.example")
    fv54 = network["fv54"]
    html = client.get(f"/admin/core/organisation/{fv54.pk}/change/").content.decode()
    assert 'name="kind"' not in html
    fv54.kind = OrganisationKind.FEDERATION
    with pytest.raises(services.AccountChangeRefused):
        services.save_network_record(fv54, user=user("ada@federation.example"))


# --- 3. the association's direction confirms --------------------------------------------


def bare_account(email):
    """A login made on the server, with an authenticator, and no staff profile yet."""
    account = get_user_model().objects.create_user(email, email=email, password="long-password-1")
    TOTPDevice.objects.create(user=account, name="app", confirmed=True)
    return account


def add_profile(client, email, organisation, role, name="Nouvelle"):
    return client.post(
        f"{PROFILES}add/",
        {
            "user": str(user(email).pk),
            "organisation": str(organisation.pk),
            "role": role,
            "display_name": name,
        },
    )


def test_a_new_association_account_waits_for_its_direction(client, network, file_with_note):
    bare_account("nouvelle@fv54.example")
    log_in(client, "ada@federation.example")
    response = add_profile(client, "nouvelle@fv54.example", network["fv54"], Role.PSYCHOLOGIST)
    assert response.status_code == 302
    new = profile("nouvelle@fv54.example")
    assert not new.active
    change = AccessChange.objects.get(account__username="nouvelle@fv54.example")
    assert (change.kind, change.status, change.new_role) == (
        AccessChangeKind.CREATE,
        AccessChangeStatus.PENDING,
        Role.PSYCHOLOGIST,
    )
    assert change.asked_by.username == "ada@federation.example"

    # Until then: no permission at all, and a plain page saying why.
    client.logout()
    log_in(client, "nouvelle@fv54.example")
    file_page = client.get(reverse("cases:file", args=[file_with_note.pk]))
    assert file_page.status_code == 403 and NOTE not in file_page.content.decode()
    waiting = client.get(reverse("staff:waiting"))
    assert waiting.status_code == 200
    assert "France Victimes 54" in waiting.content.decode()
    assert "attente" in waiting.content.decode()  # French by default
    assert client.get(reverse("staff:account")).status_code == 403

    # The direction confirms it on "Accounts to confirm".
    client.logout()
    log_in(client, "direction@fv54.example")
    page = client.get(reverse("staff:accounts"))
    assert page.status_code == 200 and "Nouvelle" in page.content.decode()
    response = client.post(reverse("staff:accounts"), {"change": change.pk, "decision": "confirm"})
    assert response.status_code == 302
    assert profile("nouvelle@fv54.example").active
    change.refresh_from_db()
    assert change.status == AccessChangeStatus.CONFIRMED
    assert change.decided_by.username == "direction@fv54.example" and change.decided_at

    client.logout()
    log_in(client, "nouvelle@fv54.example")
    assert NOTE in client.get(reverse("cases:file", args=[file_with_note.pk])).content.decode()
    assert client.get(reverse("staff:waiting")).status_code == 302


def test_a_waiting_account_logs_in_to_the_waiting_page(client, network):
    bare_account("nouvelle@fv54.example")
    services.open_account(
        user=user("nouvelle@fv54.example"),
        organisation=network["fv54"],
        role=Role.LEGAL_ADVISER,
        display_name="Nouvelle",
        by=user("ada@federation.example"),
    )
    from django_otp.oath import totp

    device = TOTPDevice.objects.get(user__username="nouvelle@fv54.example")
    response = client.post(
        reverse("staff:login"),
        {
            "email": "nouvelle@fv54.example",
            "password": "long-password-1",
            "code": f"{totp(device.bin_key):06d}",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("staff:waiting")
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "direction" in text and "France Victimes 54" in text
    assert reverse("cases:search") not in text  # no menu: nothing to open


def test_a_role_change_waits_and_the_old_role_stays_in_force(client, network, file_with_note):
    log_in(client, "ada@federation.example")
    camille = profile("accueil@fv54.example")
    response = client.post(
        f"{PROFILES}{camille.pk}/change/", form_data(camille, role=Role.PSYCHOLOGIST)
    )
    assert response.status_code == 302
    camille.refresh_from_db()
    assert (camille.role, camille.active) == (Role.RECEPTIONIST, True)
    html = client.get(f"{PROFILES}{camille.pk}/change/").content.decode()
    assert "Dominique" not in html and "direction" in html  # waits for the direction

    client.logout()
    log_in(client, "accueil@fv54.example")
    page = client.get(reverse("cases:file", args=[file_with_note.pk]))
    assert page.status_code == 200 and NOTE not in page.content.decode()

    change = services.pending_change(camille.user_id)
    assert (change.kind, change.old_role, change.new_role) == (
        AccessChangeKind.ROLE,
        Role.RECEPTIONIST,
        Role.PSYCHOLOGIST,
    )
    services.decide_access_change(change.pk, by=user("direction@fv54.example"), confirm=True)
    assert NOTE in client.get(reverse("cases:file", args=[file_with_note.pk])).content.decode()


def test_a_refused_change_leaves_the_account_as_it_was(client, network):
    log_in(client, "ada@federation.example")
    camille = profile("accueil@fv54.example")
    client.post(f"{PROFILES}{camille.pk}/change/", form_data(camille, role=Role.DIRECTION))
    change = services.pending_change(camille.user_id)
    client.logout()
    log_in(client, "direction@fv54.example")
    response = client.post(reverse("staff:accounts"), {"change": change.pk, "decision": "refuse"})
    assert response.status_code == 302
    camille.refresh_from_db()
    assert camille.role == Role.RECEPTIONIST
    change.refresh_from_db()
    assert change.status == AccessChangeStatus.REFUSED
    assert change.decided_by.username == "direction@fv54.example"
    # Decided once: a second answer finds nothing to decide.
    again = client.post(reverse("staff:accounts"), {"change": change.pk, "decision": "confirm"})
    assert again.status_code == 404
    camille.refresh_from_db()
    assert camille.role == Role.RECEPTIONIST


def test_making_inactive_is_at_once_and_active_again_waits(client, network):
    log_in(client, "ada@federation.example")
    psy = profile("psy@fv54.example")
    client.post(f"{PROFILES}{psy.pk}/change/", form_data(psy, active=""))
    psy.refresh_from_db()
    assert not psy.active
    assert AccessChange.objects.filter(
        account=psy.user, kind=AccessChangeKind.DEACTIVATE, status=AccessChangeStatus.APPLIED
    ).exists()
    client.post(f"{PROFILES}{psy.pk}/change/", form_data(psy, active="on"))
    psy.refresh_from_db()
    assert not psy.active
    change = services.pending_change(psy.user_id)
    assert (change.kind, change.old_active, change.new_active) == (
        AccessChangeKind.ACTIVATE,
        False,
        True,
    )


def test_only_a_confirmed_direction_of_the_association_opens_accounts_to_confirm(client, network):
    services.create_staff("direction@fv88.example", organisation="fv88", role="direction")
    camille = profile("accueil@fv54.example")
    camille.role = Role.LEGAL_ADVISER
    services.change_account(camille, by=user("ada@federation.example"))
    change = services.pending_change(camille.user_id)
    url = reverse("staff:accounts")
    for email in (
        "psy@fv54.example",
        "accueil@fv54.example",
        "ada@federation.example",
    ):
        client.logout()
        log_in(client, email)
        assert client.get(url).status_code == 403, email
        assert client.post(url, {"change": change.pk, "decision": "confirm"}).status_code == 403
    # Another association's direction sees nothing to confirm, and cannot confirm it.
    client.logout()
    log_in(client, "direction@fv88.example")
    assert "Camille" not in client.get(url).content.decode()
    assert client.post(url, {"change": change.pk, "decision": "confirm"}).status_code == 404
    assert profile("accueil@fv54.example").role == Role.RECEPTIONIST
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_a_direction_confirms_neither_her_own_change_nor_one_she_asked(network):
    from django.core.exceptions import PermissionDenied

    direction = user("direction@fv54.example")
    services.create_staff("direction2@fv54.example", organisation="fv54", role="direction")
    own = profile("direction@fv54.example")
    own.role = Role.LEGAL_ADVISER
    services.change_account(own, by=user("ada@federation.example"))
    change = services.pending_change(direction.pk)
    assert not services.may_decide(direction, change)
    assert services.changes_to_decide(direction) == []
    assert services.may_decide(user("direction2@fv54.example"), change)
    with pytest.raises(PermissionDenied):
        services.decide_access_change(change.pk, by=direction, confirm=True)

    camille = profile("accueil@fv54.example")
    camille.role = Role.PSYCHOLOGIST
    services.change_account(camille, by=direction)
    asked = services.pending_change(camille.user_id)
    assert not services.may_decide(direction, asked)
    assert services.may_decide(user("direction2@fv54.example"), asked)


# --- 4. the first direction: a second federation administrator ---------------------------


def test_the_first_direction_of_a_new_association_is_confirmed_by_a_second_administrator(
    client, network
):
    log_in(client, "ada@federation.example")
    response = client.post(
        "/admin/core/organisation/add/",
        {
            "kind": "association",
            "code": "fv55",
            "name": "France Victimes 55",
            "departement": "55",
            "file_prefix": "FV55",
            "places-TOTAL_FORMS": "0",
            "places-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    fv55 = Organisation.objects.get(code="fv55")
    bare_account("direction@fv55.example")
    assert add_profile(client, "direction@fv55.example", fv55, Role.DIRECTION).status_code == 302
    change = services.pending_change(user("direction@fv55.example").pk)
    assert services.confirmer_of(change) == services.FEDERATION
    assert not profile("direction@fv55.example").active
    # Not a direction of another association, not the administrator who asked.
    assert not services.may_decide(user("direction@fv54.example"), change)
    changes = "/admin/core/accesschange/"
    page = client.get(changes)
    assert page.status_code == 200 and "confirm_selected" in page.content.decode()
    client.post(
        changes, {"action": "confirm_selected", "_selected_action": [change.pk], "index": "0"}
    )
    assert not profile("direction@fv55.example").active
    change.refresh_from_db()
    assert change.status == AccessChangeStatus.PENDING

    client.logout()
    log_in(client, "bea@federation.example")
    response = client.post(
        changes, {"action": "confirm_selected", "_selected_action": [change.pk], "index": "0"}
    )
    assert response.status_code == 302
    assert profile("direction@fv55.example").active
    change.refresh_from_db()
    assert change.status == AccessChangeStatus.CONFIRMED
    assert change.decided_by.username == "bea@federation.example"

    # From then on the association's own direction confirms its accounts.
    bare_account("juriste@fv55.example")
    assert add_profile(client, "juriste@fv55.example", fv55, Role.LEGAL_ADVISER).status_code == 302
    second = services.pending_change(user("juriste@fv55.example").pk)
    assert services.confirmer_of(second) == services.DIRECTION
    assert not services.may_decide(user("ada@federation.example"), second)
    assert services.may_decide(user("direction@fv55.example"), second)


def test_a_directions_account_waits_for_the_federation_when_it_would_be_the_only_one(network):
    """An account made a direction while no other confirmed direction exists there."""
    camille = profile("accueil@fv54.example")
    fv54_direction = profile("direction@fv54.example")
    fv54_direction.active = False
    services.change_account(fv54_direction, by=user("ada@federation.example"))
    camille.role = Role.DIRECTION
    services.change_account(camille, by=user("ada@federation.example"))
    change = services.pending_change(camille.user_id)
    assert services.confirmer_of(change) == services.FEDERATION
    assert services.may_decide(user("bea@federation.example"), change)
    assert not services.may_decide(user("ada@federation.example"), change)


def test_the_roles_of_an_organisation_fit_its_kind(client, network):
    bare_account("x@fv54.example")
    log_in(client, "ada@federation.example")
    response = add_profile(client, "x@fv54.example", network["fv54"], Role.FEDERATION_ADMIN)
    assert response.status_code == 200
    assert not StaffProfile.objects.filter(user__username="x@fv54.example").exists()
    psy = profile("psy@fv54.example")
    response = client.post(
        f"{PROFILES}{psy.pk}/change/", form_data(psy, role=Role.HELPLINE_LISTENER)
    )
    assert response.status_code == 200
    assert profile("psy@fv54.example").role == Role.PSYCHOLOGIST


def test_a_new_federation_administrator_waits_for_another_one(client, network):
    bare_account("carla@federation.example")
    log_in(client, "ada@federation.example")
    add_profile(client, "carla@federation.example", network["federation"], Role.FEDERATION_ADMIN)
    carla = profile("carla@federation.example")
    assert not carla.active
    change = services.pending_change(carla.user_id)
    assert services.may_decide(user("bea@federation.example"), change)
    assert not services.may_decide(user("ada@federation.example"), change)
    # A helpline listener reads what callers confide in the call records: she waits too.
    bare_account("lou@federation.example")
    add_profile(client, "lou@federation.example", network["federation"], Role.HELPLINE_LISTENER)
    assert not profile("lou@federation.example").active
    assert services.may_decide(
        user("bea@federation.example"),
        services.pending_change(profile("lou@federation.example").user_id),
    )


def test_a_waiting_account_cannot_use_the_administration(client, network):
    bare_account("carla@federation.example")
    services.open_account(
        user=user("carla@federation.example"),
        organisation=network["federation"],
        role=Role.FEDERATION_ADMIN,
        display_name="Carla",
        by=user("ada@federation.example"),
    )
    carla = user("carla@federation.example")
    carla.is_staff = True
    carla.save()
    from django.contrib.auth.models import Group

    carla.groups.add(Group.objects.get(name="Federation network administrators"))
    log_in(client, "carla@federation.example")
    response = client.get("/admin/core/organisation/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


# --- 5. the record: who, when, old and new values ----------------------------------------


def test_every_step_is_recorded_with_who_when_and_the_values(client, network):
    ada, direction = user("ada@federation.example"), user("direction@fv54.example")
    start = timezone.now()
    camille = profile("accueil@fv54.example")
    camille.role = Role.SOCIAL_WORKER
    services.change_account(camille, by=ada, ip="192.0.2.1")
    asked = services.pending_change(camille.user_id)
    services.decide_access_change(asked.pk, by=direction, confirm=True, ip="192.0.2.2")

    lines = AuditEvent.objects.filter(target=AuditTarget.ACCESS_CHANGE, target_id=asked.pk)
    assert sorted((e.action, e.actor_id, e.organisation_id, e.ip) for e in lines) == sorted(
        [
            (AuditAction.ACCESS_REQUESTED, ada.pk, network["fv54"].pk, "192.0.2.1"),
            (AuditAction.ACCESS_CONFIRMED, direction.pk, network["fv54"].pk, "192.0.2.2"),
        ]
    )
    changes = services.access_changes(network["fv54"].pk, since=start)
    assert [(c.account_id, c.kind, c.old_role, c.new_role, c.status) for c in changes] == [
        (
            camille.user_id,
            AccessChangeKind.ROLE,
            Role.RECEPTIONIST,
            Role.SOCIAL_WORKER,
            AccessChangeStatus.CONFIRMED,
        )
    ]
    [change] = changes
    assert change.asked_by == ada and change.decided_by == direction
    assert change.asked_at >= start and change.decided_at >= change.asked_at
    # Earlier changes (the accounts' creation on the command line) too, without `since`.
    everything = services.access_changes(network["fv54"].pk)
    assert {c.kind for c in everything} == {AccessChangeKind.CREATE, AccessChangeKind.ROLE}
    assert all(c.organisation_id == network["fv54"].pk for c in everything)
    assert services.access_changes(network["fv54"].pk, since=timezone.now() + dt.timedelta(1)) == []


def test_the_access_changes_table_names_who_what_old_new_asked_and_confirmed(network):
    from django.template.loader import render_to_string
    from django.utils import translation

    camille = profile("accueil@fv54.example")
    camille.role = Role.LEGAL_ADVISER
    services.change_account(camille, by=user("ada@federation.example"))
    change = services.pending_change(camille.user_id)
    services.decide_access_change(change.pk, by=user("direction@fv54.example"), confirm=True)
    with translation.override("en"):
        html = render_to_string(
            "core/_access_changes.html",
            {"access_changes": services.access_changes(network["fv54"].pk)},
        )
    assert "<caption id=" in html and '<th scope="col">Asked by</th>' in html
    assert '<th scope="row">Camille</th>' in html
    assert "receptionist, active → legal adviser, active" in html
    assert "Ada" in html and "confirmed: Dominique" in html
    assert "on the server (command line)" in html  # the accounts made by create_staff
    with translation.override("es"):
        assert "Solicitado por" in render_to_string(
            "core/_access_changes.html",
            {"access_changes": services.access_changes(network["fv54"].pk)},
        )


# --- 7. accounts made on the server are confirmed ----------------------------------------


def test_demo_and_create_staff_accounts_are_confirmed(db, settings):
    from appui.core import demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load()
    demo.load()  # again: idempotent, nothing new to confirm
    assert StaffProfile.objects.count() == len(demo.ACCOUNTS)
    assert not StaffProfile.objects.filter(active=False).exists()
    assert not AccessChange.objects.exclude(status=AccessChangeStatus.APPLIED).exists()
    assert AccessChange.objects.count() == len(demo.ACCOUNTS)
    assert not AccessChange.objects.exclude(asked_by=None).exists()


def test_create_staff_command_makes_a_confirmed_association_account(network):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "create_staff",
        "juriste@fv54.example",
        "--organisation",
        "fv54",
        "--role",
        "legal_adviser",
        "--name",
        "Jules",
        stdout=out,
    )
    made = profile("juriste@fv54.example")
    assert (made.role, made.active, made.display_name) == (Role.LEGAL_ADVISER, True, "Jules")
    assert "Recovery codes" in out.getvalue() and "/pro/" in out.getvalue()
    # Again, for a waiting change of role: the server's command line puts it in force.
    made.role = Role.PSYCHOLOGIST
    services.change_account(made, by=user("ada@federation.example"))
    call_command(
        "create_staff",
        "juriste@fv54.example",
        "--organisation",
        "fv54",
        "--role",
        "legal_adviser",
        stdout=StringIO(),
    )
    assert services.pending_change(made.user_id) is None
    assert profile("juriste@fv54.example").role == Role.LEGAL_ADVISER


def test_create_staff_command_refuses_to_move_an_account(run_appui):
    result = run_appui("create_staff", "a@example.org", "--organisation", "x", "--role", "nurse")
    assert result.returncode == 2 and "invalid choice: 'nurse'" in result.stderr


def test_an_inactive_account_does_nothing_and_is_told_so(client, network, file_with_note):
    psy = profile("psy@fv54.example")
    psy.active = False
    services.change_account(psy, by=user("ada@federation.example"))
    log_in(client, "psy@fv54.example")
    page = client.get(reverse("cases:file", args=[file_with_note.pk]))
    assert page.status_code == 403 and NOTE not in page.content.decode()
    assert "Votre compte n'est pas actif" in page.content.decode()
    assert "France Victimes 54" in client.get(reverse("staff:waiting")).content.decode()
