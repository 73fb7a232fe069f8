"""Breaking the glass: a written reason and the password again, a time limit, every read
flagged, and the association's direction told."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from appui.cases import services
from appui.cases.models import Channel
from appui.core.models import AuditEvent, ExceptionalAccess, Role

from .conftest import actor, login


def test_exceptional_access_is_reasoned_limited_flagged_and_shown(client, staff, own, other):
    ours = staff(Role.DIRECTION)
    person = services.create_person(actor(ours), {"last_name": "Bernard", "first_name": "Lou"})
    file = services.open_file(
        actor(ours),
        person=person,
        role="direct",
        channel=Channel.OWN_REQUEST,
        affair_data={"offence_category": "fraud"},
    )
    admin = staff(Role.FEDERATION_ADMIN, "federation")
    login(client, admin)
    file_url = reverse("cases:file", args=[file.pk])
    assert client.get(file_url).status_code in (403, 404)  # the federation sees no file
    url = reverse("cases:exceptional_access")
    assert "/pro/confirm/" in client.get(url)["Location"]  # the password again first
    login(client, admin, password_confirmed=True)
    response = client.post(url, {"organisation": own.pk, "reason": "court"})
    assert response.status_code == 422  # a reason of a few words is not enough
    assert not ExceptionalAccess.objects.exists()
    reason = "Request from the prosecutor about a victim who moved to another département."
    assert client.post(url, {"organisation": own.pk, "reason": reason}).status_code == 302
    page = client.get(file_url)
    assert page.status_code == 200 and "BERNARD" in page.content.decode()
    event = AuditEvent.objects.filter(file_id=file.pk, actor_id=admin.pk, action="view").get()
    assert event.exceptional
    # Reading is all: no writing through an exceptional access.
    assert client.get(reverse("cases:affair_edit", args=[file.pk])).status_code == 403
    assert "BERNARD" in client.get(reverse("cases:search") + "?name=bernard").content.decode()
    # The association's direction sees who, why and what was read.
    login(client, ours)
    review = client.get(reverse("cases:access_review")).content.decode()
    assert reason in review
    # Once the time is up, the file is closed again.
    ExceptionalAccess.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    login(client, admin)
    assert client.get(file_url).status_code in (403, 404)
