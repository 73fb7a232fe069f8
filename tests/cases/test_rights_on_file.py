"""A file's facts feed the rights engine: routes, missing facts named as the file's fields,
and legal deadlines that become dated tasks (and follow the facts when they change)."""

import datetime as dt

from django.urls import reverse

from appui.cases import rights, services
from appui.cases.models import Channel, Task, TaskStatus
from appui.core.models import Role

from .conftest import actor, login


def open_partner_violence(user):
    who = actor(user)
    person = services.create_person(
        who, {"last_name": "Lambert", "first_name": "Julie", "birth_date": dt.date(1988, 1, 9)}
    )
    return services.open_file(
        who,
        person=person,
        role="direct",
        channel=Channel.POLICE,
        affair_data={
            "offence_category": "violence",
            "offence_class": "delit",
            "offence_date": dt.date(2026, 9, 20),
            "commune_code": "54395",
            "in_france": True,
            "author_known": True,
            "author_relationship": "former_partner",
        },
    )


def test_missing_facts_are_named_as_fields_and_the_tgd_opens_with_them(client, staff):
    user = staff(Role.SOCIAL_WORKER)
    file = open_partner_violence(user)
    login(client, user)
    page = client.get(reverse("cases:file", args=[file.pk])).content.decode()
    assert "danger.consent" not in page
    assert "agrees to a grave-danger phone" in page or "accepte le téléphone grave danger" in page
    services.update_facts(
        actor(user),
        file,
        {
            "grave_danger": True,
            "cohabiting_with_author": False,
            "imminent_danger": True,
            "protection_consent": True,
        },
    )
    result, errors = rights.assessment_for(file)
    assert errors == [] and result.remedy("tgd").status.value == "eligible"


def test_deadline_tasks_follow_the_facts(staff):
    user = staff(Role.LEGAL_ADVISER)
    file = open_partner_violence(user)
    # A route that may be open (facts missing) already gives its deadline, to watch it.
    task = Task.objects.get(key="civi_full:civi_request")
    assert task.status == TaskStatus.OPEN and task.due_on == dt.date(2029, 9, 20)
    assert task.assignee_id == user.pk and "706-5" in task.legal_basis
    # A hearing date gives the civil-party deadline (the day before, CPP 420-1).
    services.update_affair(actor(user), file, {"next_hearing_date": dt.date(2027, 3, 15)})
    civil_party = Task.objects.get(key="civil_party:civil_party_by")
    assert civil_party.due_on == dt.date(2027, 3, 14)
    # The facts change: an insult opens no CIVI route, and its task is no longer needed.
    services.update_affair(actor(user), file, {"offence_category": "defamation_insult"})
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED
    done = services.complete_task(actor(user), civil_party.pk)
    assert done.status == TaskStatus.DONE


def test_amounts_and_uncertain_points_read_as_words_on_the_file(client, staff):
    user = staff(Role.LEGAL_ADVISER)
    file = open_partner_violence(user)
    services.update_facts(actor(user), file, {"itt_days": 10})
    login(client, user)
    page = client.get(reverse("cases:file", args=[file.pk])).content.decode()
    assert "5\u202f000\u00a0€" in page  # the 2023 cap, as a French reader writes it
    assert "5000,00" not in page
    assert "law.md" not in page


def test_an_affair_holds_several_offences_and_the_engine_reads_them(client, staff):
    """A theft with a blow: the insurance route opens through the theft."""
    user = staff(Role.LEGAL_ADVISER)
    file = open_partner_violence(user)
    result, _ = rights.assessment_for(file)
    assert result.remedy("insurance").status.value == "not_eligible"
    services.update_affair(actor(user), file, {"other_offence_categories": ["theft"]})
    file.refresh_from_db()
    result, _ = rights.assessment_for(file)
    assert result.remedy("insurance").status.value == "eligible"
    login(client, user)
    page = client.get(reverse("cases:file", args=[file.pk])).content.decode()
    assert "violences, vol" in page  # the main offence, then the other
