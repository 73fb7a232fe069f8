"""A day of the demo association (fv54): a dozen made-up files and requests at every stage.

For a development site only (`appui demo_files`, run by `appui load_demo`). Everything is
done as the demo accounts of `appui.core.demo`, through the services, so that audit lines,
counters and tasks are those of real work. Each story is one person with an obviously
fictional name ("EXEMPLE Nadia"), a phone 06 00 00 00 xx and an example.org address; a
story already there is left as it is, so running again changes nothing. Dates are counted
from today.

One shortcut: the services open a file today and close it today; a demo with every file
opened today shows no day, so the stories set the opening and closing dates back after the
services' work (`_dated`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from appui.core.access import NO_ROLE, Actor, actor_of
from appui.core.models import Organisation

from . import services
from .models import CaseFile, Channel, Intake, MeasureKind, Person, ReferralStatus

ORGANISATION = "fv54"
LAST_NAME = "EXEMPLE"
NANCY = "54395"  # INSEE code of Nancy
ACCOUNTS = {
    "accueil": "accueil@fv54.example",
    "juriste": "juriste@fv54.example",
    "psy": "psy@fv54.example",
    "social": "social@fv54.example",
    "terrorisme": "terrorisme@fv54.example",
    "direction": "direction@fv54.example",
}


class DemoNotReady(Exception):
    """What is missing before the demo files can be made (said in the message)."""


@dataclass
class Team:
    organisation: Organisation
    actors: dict[str, Actor]
    today: dt.date

    def __getitem__(self, name: str) -> Actor:
        return self.actors[name]

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    def at(self, offset: int, hour: int = 10) -> dt.datetime:
        """A moment `offset` days before today at `hour` (Paris time); today, an hour ago."""
        if offset >= 0:
            return timezone.now().replace(second=0, microsecond=0) - dt.timedelta(hours=1)
        day = self.day(offset)
        return dt.datetime(
            day.year, day.month, day.day, hour, 0, tzinfo=timezone.get_current_timezone()
        )


def _team() -> Team:
    organisation = Organisation.objects.filter(code=ORGANISATION).first()
    if organisation is None:
        raise DemoNotReady(f"No association {ORGANISATION!r}: run `appui load_demo` first.")
    users = {
        u.username: u
        for u in get_user_model()
        .objects.filter(username__in=ACCOUNTS.values())
        .select_related("staff_profile__organisation")
    }
    actors = {}
    for name, email in ACCOUNTS.items():
        user = users.get(email)
        who = actor_of(SimpleNamespace(user=user, META={})) if user is not None else None
        if who is None or who.organisation_id != organisation.pk:
            raise DemoNotReady(f"No demo account {email}: run `appui load_demo` first.")
        if who.role == NO_ROLE:
            raise DemoNotReady(
                f"The demo account {email} may not act yet (not confirmed, or inactive): "
                "confirm it, or run `appui load_demo` again."
            )
        actors[name] = who
    return Team(organisation, actors, timezone.localdate())


# --- what the stories share ----------------------------------------------------------------


def _ascii(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name)
    return "".join(c for c in plain if not unicodedata.combining(c)).lower()


def _person(team: Team, who: str, first_name: str, number: int, birth: dt.date) -> Person:
    return services.create_person(
        team[who],
        {
            "last_name": LAST_NAME,
            "first_name": first_name,
            "birth_date": birth,
            "phone": f"06 00 00 00 {number:02d}",
            "email": f"{_ascii(first_name)}.exemple@example.org",
            "commune_code": NANCY,
        },
    )


def _file(team: Team, who: str, person: Person, affair: dict, **kwargs) -> CaseFile:
    return services.open_file(
        team[who],
        person=person,
        role=kwargs.pop("role", "direct"),
        channel=kwargs.pop("channel", Channel.OWN_REQUEST),
        affair_data={"commune_code": NANCY, "in_france": True, **affair},
        **kwargs,
    )


def _interview(team: Team, who: str, file: CaseFile, discipline: str, offset: int, note=""):
    services.add_interview(
        team[who],
        file,
        {
            "discipline": discipline,
            "held_at": team.at(offset),
            "duration_minutes": 45,
            "mode": "in_person",
            "note": note,
        },
    )


def _task(team: Team, who: str, file: CaseFile, title: str, offset: int, assignee=None):
    services.add_task(
        team[who],
        file,
        {"title": title, "due_on": team.day(offset), "assignee": assignee},
    )


def _dated(file: CaseFile, opened_on: dt.date, closed_on: dt.date | None = None) -> None:
    """The demo's one write outside the services: the days a story's file was opened (and
    closed), which the services set to today."""
    fields = {"opened_on": opened_on}
    if closed_on is not None:
        fields["closed_on"] = closed_on
    CaseFile.objects.filter(pk=file.pk).update(**fields)


def _user(team: Team, who: str):
    return get_user_model().objects.select_related("staff_profile").get(pk=team[who].user_id)


# --- the stories ---------------------------------------------------------------------------


def callback_in_danger(team: Team) -> None:
    """A request from the guide's "call me back", tonight, from someone in danger now."""
    services.request_callback(
        commune_code=NANCY,
        data={
            "contact_name": f"{LAST_NAME} Inès",
            "contact_phone": "06 00 00 00 01",
            "contact_email": "ines.exemple@example.org",
            "preferred_time": "Après 18 h, sur le portable (exemple)",
            "language": "fr",
            "offence_categories": ["violence", "threats"],
            "offence_date": team.day(-2),
            "danger_now": True,
            "author_is_partner": True,
            "summary": "Exemple fictif : son ancien compagnon l'attend devant chez elle.",
        },
    )


def mandate_intake(team: Team) -> None:
    """A prosecutor's mandate, recorded at the reception, not yet taken."""
    services.create_intake(
        team["accueil"],
        channel=Channel.PROSECUTOR_MANDATE,
        data={
            "contact_name": f"{LAST_NAME} Marc",
            "contact_phone": "06 00 00 00 02",
            "contact_email": "marc.exemple@example.org",
            "commune_code": NANCY,
            "offence_category": "theft",
            "summary": "Exemple fictif : cambriolage de son appartement.",
            "mandate_reference": "EXEMPLE-PARQ-0001",
            "mandate_due": team.day(9),
        },
    )


def several_disciplines(team: Team) -> None:
    """Violence by a former partner, followed at the reception, by the legal adviser, the
    psychologist and the social worker."""
    person = _person(team, "accueil", "Nadia", 10, dt.date(1987, 3, 14))
    file = _file(
        team,
        "juriste",
        person,
        {
            "offence_category": "violence",
            "offence_class": "delit",
            "offence_date": team.day(-30),
            "author_known": True,
            "author_relationship": "former_partner",
            "complaint_filed": True,
            "complaint_date": team.day(-29),
            "circumstances": "Exemple fictif : coups lors de la remise des enfants.",
        },
        channel=Channel.POLICE,
    )
    services.update_facts(team["juriste"], file, {"itt_days": 5, "french_national": True})
    _interview(team, "accueil", file, "reception", -21)
    _interview(team, "juriste", file, "legal", -20, "Exemple : droits expliqués, CIVI.")
    _interview(team, "psy", file, "psychological", -14, "Exemple : note du psychologue.")
    _interview(team, "social", file, "social", -7)
    _dated(file, team.day(-21))


def overdue(team: Team) -> None:
    """A fraud under a prosecutor's mandate: the mandate's report and a call back are late."""
    person = _person(team, "accueil", "Louis", 11, dt.date(1954, 11, 2))
    file = _file(
        team,
        "juriste",
        person,
        {"offence_category": "fraud", "offence_date": team.day(-60), "author_known": False},
        channel=Channel.PROSECUTOR_MANDATE,
        mandate_reference="EXEMPLE-PARQ-0002",
        mandate_due=team.day(-3),
    )
    _interview(team, "juriste", file, "legal", -34)
    _task(team, "juriste", file, "Relancer M. pour les relevés bancaires", -5)
    _dated(file, team.day(-35))


def referral_waiting(team: Team) -> None:
    """Harassment at work: a referral proposed, not yet done."""
    person = _person(team, "accueil", "Sofia", 12, dt.date(1993, 6, 21))
    file = _file(
        team,
        "juriste",
        person,
        {
            "offence_category": "harassment",
            "offence_date": team.day(-45),
            "author_known": True,
            "author_relationship": "work",
        },
    )
    _interview(team, "juriste", file, "legal", -12)
    services.add_referral(
        team["juriste"],
        file,
        {
            "partner_name": "Maison de la justice et du droit (exemple)",
            "reason": "Consultation d'avocat gratuite.",
            "status": ReferralStatus.PROPOSED,
            "proposed_on": team.day(-4),
        },
    )
    _dated(file, team.day(-12))


def assessment_requested(team: Team) -> None:
    """The prosecutor asked for an individual assessment (EVVI), due next week."""
    person = _person(team, "accueil", "Hugo", 13, dt.date(2001, 9, 5))
    file = _file(
        team,
        "psy",
        person,
        {
            "offence_category": "sexual_violence",
            "offence_class": "crime",
            "offence_date": team.day(-10),
            "complaint_filed": True,
            "complaint_date": team.day(-9),
        },
        channel=Channel.PROSECUTOR_MANDATE,
        mandate_reference="EXEMPLE-PARQ-0003",
        mandate_due=team.day(20),
    )
    _interview(team, "psy", file, "psychological", -5, "Exemple : premier entretien.")
    services.add_assessment(
        team["psy"],
        file,
        {
            "requested_on": team.day(-6),
            "requested_by": "Parquet de Nancy (exemple)",
            "due_on": team.day(6),
        },
    )
    _dated(file, team.day(-7))


def grave_danger_phone(team: Team) -> None:
    """Violence by a partner, grave danger: a grave-danger phone granted five months ago,
    to renew next month."""
    person = _person(team, "accueil", "Léa", 14, dt.date(1990, 1, 30))
    file = _file(
        team,
        "social",
        person,
        {
            "offence_category": "violence",
            "offence_class": "delit",
            "offence_date": team.day(-170),
            "author_known": True,
            "author_relationship": "partner",
            "complaint_filed": True,
            "complaint_date": team.day(-169),
        },
        channel=Channel.POLICE,
    )
    services.update_facts(
        team["social"],
        file,
        {"grave_danger": True, "no_contact_ban": True, "protection_consent": True},
    )
    _interview(team, "social", file, "social", -160)
    _interview(team, "social", file, "social", -30)
    services.add_protection(
        team["social"], file, {"kind": MeasureKind.TGD, "start_on": team.day(-150)}
    )
    _dated(file, team.day(-165))


def closed(team: Team) -> None:
    """A theft, followed and closed."""
    person = _person(team, "accueil", "Paul", 15, dt.date(1978, 4, 12))
    file = _file(
        team,
        "juriste",
        person,
        {"offence_category": "theft", "offence_date": team.day(-100), "author_known": False},
    )
    _interview(team, "accueil", file, "reception", -90)
    _interview(team, "juriste", file, "legal", -80)
    services.close_file(team["juriste"], file)
    _dated(file, team.day(-90), team.day(-10))


def handed_over(team: Team) -> None:
    """Taken yesterday from the intake queue by the reception, then handed to the legal
    adviser: no interview yet."""
    intake = services.create_intake(
        team["accueil"],
        channel=Channel.HELPLINE,
        data={
            "contact_name": f"{LAST_NAME} Zoé",
            "contact_phone": "06 00 00 00 16",
            "contact_email": "zoe.exemple@example.org",
            "commune_code": NANCY,
            "offence_category": "threats",
        },
    )
    person = _person(team, "accueil", "Zoé", 16, dt.date(1999, 12, 1))
    file = _file(
        team,
        "accueil",
        person,
        {"offence_category": "threats", "offence_date": team.day(-3), "author_known": True},
        channel=Channel.HELPLINE,
        intake=intake,
    )
    services.hand_off(team["accueil"], file, _user(team, "juriste"))
    _dated(file, team.day(-1))


def hearing_this_week(team: Team) -> None:
    """A road accident: the hearing is this week."""
    person = _person(team, "accueil", "Yanis", 17, dt.date(1985, 8, 8))
    file = _file(
        team,
        "juriste",
        person,
        {
            "offence_category": "traffic_accident",
            "offence_date": team.day(-200),
            "author_known": True,
            "author_insured": True,
            "complaint_filed": True,
            "complaint_date": team.day(-199),
            "court": "Tribunal judiciaire de Nancy",
            "next_hearing_date": team.day(3),
        },
    )
    services.update_facts(team["juriste"], file, {"itt_days": 12})
    _interview(team, "juriste", file, "legal", -40)
    _task(team, "juriste", file, "Préparer l'audience avec M.", 2)
    _dated(file, team.day(-45))


def terrorism(team: Team) -> None:
    """A victim of a terrorist attack, followed by the terrorism referent."""
    person = _person(team, "accueil", "Rose", 18, dt.date(1969, 2, 17))
    file = _file(
        team,
        "terrorisme",
        person,
        {"offence_category": "terrorism", "offence_class": "crime", "offence_date": team.day(-75)},
    )
    _interview(team, "terrorisme", file, "legal", -60)
    _interview(team, "terrorisme", file, "social", -20)
    _dated(file, team.day(-60))


def seen_today(team: Team) -> None:
    """Threats: seen this morning at the reception, which follows the file."""
    person = _person(team, "accueil", "Jade", 19, dt.date(2004, 5, 25))
    file = _file(
        team,
        "accueil",
        person,
        {"offence_category": "threats", "offence_date": team.day(-1), "author_known": True},
    )
    _interview(team, "accueil", file, "reception", 0)


def relative(team: Team) -> None:
    """The son of Nadia (above), in the same affair: a relative followed by the
    psychologist."""
    nadia = CaseFile.objects.filter(
        organisation=team.organisation, person__last_name=LAST_NAME, person__first_name="Nadia"
    ).first()
    if nadia is None:
        return
    person = _person(team, "accueil", "Noé", 20, dt.date(2012, 7, 3))
    file = services.open_file(
        team["psy"],
        person=person,
        role="relative",
        channel=Channel.POLICE,
        affair=nadia.affair,
    )
    _interview(team, "psy", file, "psychological", -9, "Exemple : séance avec l'enfant.")
    _dated(file, team.day(-10))


# A story is known by its person (EXEMPLE first name) or, for a request still in the queue,
# by its email address.
STORIES: list[tuple[str, Callable[[Team], None]]] = [
    ("ines.exemple@example.org", callback_in_danger),
    ("marc.exemple@example.org", mandate_intake),
    ("Nadia", several_disciplines),
    ("Louis", overdue),
    ("Sofia", referral_waiting),
    ("Hugo", assessment_requested),
    ("Léa", grave_danger_phone),
    ("Paul", closed),
    ("Zoé", handed_over),
    ("Yanis", hearing_this_week),
    ("Rose", terrorism),
    ("Jade", seen_today),
    ("Noé", relative),
]


def _exists(team: Team, key: str) -> bool:
    if "@" in key:
        return Intake.objects.filter(organisation=team.organisation, contact_email=key).exists()
    return Person.objects.filter(
        organisation=team.organisation, last_name=LAST_NAME, first_name=key
    ).exists()


def load() -> tuple[int, int]:
    """Make the stories missing: (made, already there). Refused in production."""
    if settings.IS_PRODUCTION:
        raise DemoNotReady("Production: no demo file is made.")
    team = _team()
    if services.competent_organisation(NANCY).pk != team.organisation.pk:
        raise DemoNotReady(
            "The directory does not send Nancy's requests to fv54: run `appui load_demo` "
            "first (it loads the communes and the seed's directory)."
        )
    made = kept = 0
    for key, story in STORIES:
        with transaction.atomic():
            if _exists(team, key):
                kept += 1
                continue
            story(team)
            made += 1
    return made, kept
