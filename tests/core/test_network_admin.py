"""The federation keeps its network (associations, places, staff profiles) in /admin/,
each save audited; a directory editor cannot."""

import pytest
from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from appui.core.models import AuditEvent, Organisation
from appui.core.services import create_staff

pytestmark = pytest.mark.django_db


def admin_client(client, email, groups):
    create_staff(email, groups=groups)
    user = get_user_model().objects.get(username=email)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


def test_network_administrators_edit_organisations_with_an_audit_line(client):
    admin_client(client, "reseau@example.org", ["network"])
    response = client.post(
        "/admin/core/organisation/add/",
        {
            "kind": "association",
            "code": "fv55",
            "name": "France Victimes 55",
            "departement": "55",
            "file_prefix": "FV55",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation = Organisation.objects.get(code="fv55")
    assert AuditEvent.objects.filter(target="organisation", target_id=organisation.pk).exists()
    assert client.get(f"/admin/core/organisation/{organisation.pk}/delete/").status_code == 403


def test_directory_editors_do_not_reach_the_network(client):
    admin_client(client, "annuaire@example.org", ["directory"])
    assert client.get("/admin/core/organisation/").status_code == 403


def test_network_administrators_make_staff_profiles_that_wait_for_confirmation(client):
    """An account made here opens no file until the association's direction confirms it;
    the profile's save and the request are audited, and profiles are never deleted."""
    from appui.core.models import AccessChange, OrganisationKind, StaffProfile

    admin_client(client, "reseau@example.org", ["network"])
    fv55 = Organisation.objects.create(
        kind=OrganisationKind.ASSOCIATION, code="fv55", name="FV 55", file_prefix="FV55"
    )
    psy = get_user_model().objects.create_user("psy@fv55.example", email="psy@fv55.example")
    response = client.post(
        "/admin/core/staffprofile/add/",
        {
            "user": str(psy.pk),
            "organisation": str(fv55.pk),
            "role": "psychologist",
            "display_name": "Paule",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = StaffProfile.objects.get(user=psy)
    assert not profile.active
    change = AccessChange.objects.get(account=psy)
    assert change.status == "pending" and change.asked_by.username == "reseau@example.org"
    lines = AuditEvent.objects.filter(organisation_id=fv55.pk)
    assert {(e.action, e.target) for e in lines} == {
        ("create", "account"),
        ("access_requested", "access_change"),
    }
    assert client.get(f"/admin/core/staffprofile/{profile.pk}/delete/").status_code == 403
