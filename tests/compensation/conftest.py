"""The case files' factories and logged-in clients, and a file whose facts open the CIVI."""

import datetime as dt

import pytest

from appui.cases import services as case_services
from appui.cases.models import Channel
from appui.core.models import Role
from tests.cases.conftest import (  # noqa: F401  (fixtures)
    _fast_passwords,
    actor,
    as_user,
    federation,
    login,
    other,
    own,
    staff,
)


def violence_file(user, *, itt_days=45, offence_date=dt.date(2026, 3, 1)):
    """A file of violence in Nancy with `itt_days` of ITT: the CIVI's full route opens."""
    who = actor(user)
    person = case_services.create_person(
        who,
        {
            "last_name": "Moreau",
            "first_name": "Claire",
            "birth_date": dt.date(1985, 4, 2),
            "commune_code": "54395",
        },
    )
    file = case_services.open_file(
        who,
        person=person,
        role="direct",
        channel=Channel.OWN_REQUEST,
        affair_data={
            "offence_category": "violence",
            "offence_class": "delit",
            "offence_date": offence_date,
            "commune_code": "54395",
            "in_france": True,
            "author_known": True,
            "author_relationship": "stranger",
            "complaint_filed": True,
            "complaint_date": offence_date,
        },
    )
    case_services.update_facts(who, file, {"itt_days": itt_days, "french_national": True})
    return file


@pytest.fixture
def jurist(staff):  # noqa: F811
    return staff(Role.LEGAL_ADVISER)


@pytest.fixture
def civi_file(jurist):
    return violence_file(jurist)
