"""The helpline's tests: the federation's listeners and supervisor, the Meuse association
(its directory entry covering Verdun), a switchboard, and signed webhook posts."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest
from django.utils import timezone

from appui.core.models import Organisation, OrganisationKind, Role
from tests.cases.conftest import (  # noqa: F401  (fixtures)
    _fast_passwords,
    actor,
    as_user,
    federation,
    login,
    make_staff,
    other,
    own,
    staff,
)

SECRET = "a-shared-secret-of-the-test-switchboard"
VERDUN = "55545"


@pytest.fixture(scope="module")
def territory(django_db_setup, django_db_blocker):
    from appui.territory import services

    with django_db_blocker.unblock():
        services.load(force=True)
    yield
    with django_db_blocker.unblock():
        services.unload()


@pytest.fixture
def meuse(db, federation, territory):  # noqa: F811
    """The Meuse association, whose directory entry covers the whole département (Verdun)."""
    from appui.directory.models import CoverageLevel, Kind, Service

    org = Organisation.objects.create(
        code="fv55",
        kind=OrganisationKind.ASSOCIATION,
        name="France Victimes 55 (test)",
        departement="55",
        file_prefix="FV55",
    )
    service = Service.objects.create(
        slug="test-fv55",
        kind=Kind.ASSOCIATION,
        name="France Victimes 55 (test)",
        organisation=org,
        commune_code=VERDUN,
    )
    service.coverage.create(level=CoverageLevel.DEPARTEMENT, code="55")
    return org


@pytest.fixture
def listener(federation):  # noqa: F811
    """`listener(extension="1001")`: a helpline listener of the federation, known to the
    switchboard by her extension."""
    from appui.helpline.models import Listener, ListenerStatus

    def make(extension="1001", role=Role.HELPLINE_LISTENER):
        user = make_staff(federation, role)
        Listener.objects.create(
            user=user,
            extension=extension,
            status=ListenerStatus.AVAILABLE,
            status_since=timezone.now(),
            seen_at=timezone.now(),  # her console is open
        )
        return user

    return make


@pytest.fixture
def supervisor(federation):  # noqa: F811
    return make_staff(federation, Role.HELPLINE_SUPERVISOR)


@pytest.fixture
def switchboard(db):
    from appui.helpline.models import Adapter, Switchboard

    return Switchboard.objects.create(
        name="Test switchboard", slug="test", adapter=Adapter.GENERIC, secret=SECRET
    )


def sign(body: bytes, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    """The headers a switchboard sends with `body` (Django test client's keyword form)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    mac = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).digest()
    return {
        "HTTP_X_APPUI_TIMESTAMP": stamp,
        "HTTP_X_APPUI_SIGNATURE": base64.urlsafe_b64encode(mac).rstrip(b"=").decode(),
    }


def event(kind: str, call_id: str = "call-1", **fields) -> dict:
    """A generic event, its id made from the call and the kind unless given."""
    return {
        "event_id": fields.pop("event_id", f"{call_id}-{kind}"),
        "type": kind,
        "call_id": call_id,
        "at": fields.pop("at", timezone.now().isoformat()),
        **fields,
    }


@pytest.fixture
def post_event(client, switchboard):
    """`post_event(event(...))`: POST it signed to the test switchboard's generic endpoint."""

    def post(payload: dict, *, secret: str = SECRET, timestamp: int | None = None, slug=None):
        body = json.dumps(payload).encode()
        return client.post(
            f"/api/telephony/{slug or switchboard.slug}/events",
            data=body,
            content_type="application/json",
            **sign(body, secret, timestamp),
        )

    return post
