"""Factories and logged-in clients for the case files' tests."""

import factory
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from appui.core.access import REAUTH_SESSION_KEY, actor_of
from appui.core.models import Organisation, OrganisationKind, Role, StaffProfile
from appui.directory.models import Kind, Service


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.ASSOCIATION
    code = factory.Sequence(lambda n: f"asso{n}")
    name = factory.Sequence(lambda n: f"Association {n}")
    departement = "54"
    file_prefix = factory.Sequence(lambda n: f"A{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    password = factory.django.Password("a-long-test-password")


def make_staff(organisation, role, name=None):
    user = UserFactory()
    StaffProfile.objects.create(
        user=user, organisation=organisation, role=role, display_name=name or f"{role} {user.pk}"
    )
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def federation(db):
    return OrganisationFactory(
        kind=OrganisationKind.FEDERATION,
        code="federation",
        name="Fédération",
        file_prefix="FED",
        departement="75",
    )


@pytest.fixture
def own(db, federation):
    org = OrganisationFactory(
        code="fv54",
        name="France Victimes 54",
        file_prefix="FV54",
    )
    # Its office, under the seed directory's slug: loading the seed fills it in.
    Service.objects.create(
        slug="gnav-france-victimes-54",
        organisation=org,
        kind=Kind.ASSOCIATION,
        name="Bureau",
        commune_code="54395",
    )
    return org


@pytest.fixture
def other(db, federation):
    org = OrganisationFactory(
        code="fv88",
        name="France Victimes 88",
        departement="88",
        file_prefix="FV88",
    )
    Service.objects.create(
        slug="france-victimes-88-saint-die",
        organisation=org,
        kind=Kind.ASSOCIATION,
        name="Bureau de Saint-Dié",
        commune_code="88413",
    )
    return org


def unit(which: str) -> Organisation:
    """A police unit beside the association `which` ("own", "other"), with its station."""
    organisation, made = Organisation.objects.get_or_create(
        code=f"unit-{which}",
        defaults={"kind": OrganisationKind.UNIT, "name": f"Unit {which}", "file_prefix": "U"},
    )
    if made:
        Service.objects.create(
            slug=f"unit-{which}",
            organisation=organisation,
            kind=Kind.POLICE,
            name=f"Commissariat {which}",
            commune_code="54395",
            opening_hours="Mo-Su 08:00-18:00",
        )
    return organisation


@pytest.fixture
def staff(own, other, federation):
    """`staff(role, which="own")`: a user of that role in our association, the other one,
    or the federation."""
    orgs = {"own": own, "other": other, "federation": federation}

    def make(role, which="own"):
        if role == Role.UNIT_AGENT and which != "federation":
            return make_staff(unit(which), role)
        return make_staff(orgs[which], role)

    return make


def login(client, user, *, password_confirmed=False):
    """Log in as with password and code; `password_confirmed` as if the password had just
    been asked again (exports, erasure)."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    if password_confirmed:
        session[REAUTH_SESSION_KEY] = timezone.now().timestamp()
    session.save()
    return client


@pytest.fixture
def as_user(client):
    """`as_user(user)`: the test client, logged in with password and authenticator."""
    return lambda user: login(client, user)


class _Request:
    META = {"REMOTE_ADDR": "127.0.0.1"}

    def __init__(self, user):
        self.user = user


def actor(user):
    return actor_of(_Request(user))


ROLES = list(Role)
