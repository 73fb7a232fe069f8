"""The guide's questions: closed lists in plain words, and how each answer maps to the law.

A victim does not know that a burnt car is "destruction by fire" (706-14-1) or that
rape is a crime: she picks a situation in her own words, and this module turns it into
the rights engine's offence category and class.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Situation(models.TextChoices):
    HIT = "hit", _("Someone hit me or hurt me")
    SEXUAL_ASSAULT = "sexual_assault", _("Sexual assault (unwanted sexual touching)")
    RAPE = "rape", _("Rape")
    CHILD_SEXUAL = "child_sexual", _("A sexual offence against a child")
    KILLED = "killed", _("Someone close to me was killed")
    THEFT = "theft", _("Theft or burglary")
    FRAUD = "fraud", _("A scam or fraud")
    TRUST = "trust", _("Someone kept money or goods I had entrusted to them")
    EXTORTION = "extortion", _("Extortion or blackmail for money")
    DAMAGE = "damage", _("My belongings or home were damaged")
    CAR_BURNT = "car_burnt", _("My car or motorbike was burnt")
    SQUAT = "squat", _("Someone broke into my home and is living there")
    TERRORISM = "terrorism", _("A terrorist attack")
    ROAD = "road", _("A road accident")
    HUNTING = "hunting", _("A hunting accident")
    HARASSMENT = "harassment", _("Harassment")
    THREATS = "threats", _("Threats")
    DISCRIMINATION = "discrimination", _("Discrimination")
    INSULTS = "insults", _("Insults or defamation")
    EXPLOITATION = "exploitation", _("Forced labour, exploitation or trafficking")
    OTHER = "other", _("Something else")


# Situation → (rights-engine category, offence class or None when it depends on facts the
# victim cannot be expected to know, e.g. whether an insult was public).
OFFENCES: dict[str, tuple[str, str | None]] = {
    Situation.HIT: ("violence", "delit"),
    Situation.SEXUAL_ASSAULT: ("sexual_violence", "delit"),
    Situation.RAPE: ("sexual_violence", "crime"),
    Situation.CHILD_SEXUAL: ("sexual_offence_on_minor", "delit"),
    Situation.KILLED: ("homicide", "crime"),
    Situation.THEFT: ("theft", "delit"),
    Situation.FRAUD: ("fraud", "delit"),
    Situation.TRUST: ("breach_of_trust", "delit"),
    Situation.EXTORTION: ("extortion", "delit"),
    Situation.DAMAGE: ("property_damage", "delit"),
    Situation.CAR_BURNT: ("vehicle_arson", "delit"),
    Situation.SQUAT: ("squat", "delit"),
    Situation.TERRORISM: ("terrorism", "crime"),
    Situation.ROAD: ("traffic_accident", "delit"),
    Situation.HUNTING: ("hunting_accident", "delit"),
    Situation.HARASSMENT: ("harassment", "delit"),
    Situation.THREATS: ("threats", "delit"),
    Situation.DISCRIMINATION: ("discrimination", "delit"),
    Situation.INSULTS: ("defamation_insult", None),
    Situation.EXPLOITATION: ("trafficking", "delit"),
    Situation.OTHER: ("other", None),
}

# Situations that hurt a person: the injuries screen is asked unless only money was taken
# by a trick (a fall during a bag snatch is an injury too, so theft does not skip it).
NO_INJURY_ASKED = {Situation.FRAUD, Situation.TRUST}
PERSON = {
    Situation.HIT,
    Situation.SEXUAL_ASSAULT,
    Situation.RAPE,
    Situation.CHILD_SEXUAL,
    Situation.KILLED,
    Situation.TERRORISM,
    Situation.ROAD,
    Situation.HUNTING,
    Situation.HARASSMENT,
    Situation.THREATS,
    Situation.EXPLOITATION,
    Situation.OTHER,
}
PROPERTY = {
    Situation.THEFT,
    Situation.FRAUD,
    Situation.TRUST,
    Situation.EXTORTION,
    Situation.DAMAGE,
    Situation.CAR_BURNT,
    Situation.SQUAT,
    Situation.TERRORISM,
    Situation.ROAD,
    Situation.OTHER,
}
# The vehicle questions matter only for a vehicle destroyed by fire (its own CIVI route).
VEHICLE = {Situation.CAR_BURNT}
# A bank card may have been used: the 13-month window to dispute a payment.
CARD = {Situation.THEFT, Situation.FRAUD}
KILLED_SITUATIONS = {Situation.KILLED}
# Press offences: public or not, discriminatory or not, change the time limit.
PRESS = {Situation.INSULTS}
# Situations where the author may be a partner and protection measures matter.
PARTNER_RELEVANT = {
    Situation.HIT,
    Situation.SEXUAL_ASSAULT,
    Situation.RAPE,
    Situation.HARASSMENT,
    Situation.THREATS,
    Situation.KILLED,
}


def situations_of(answers: dict) -> list[str]:
    """The situations she gave, in the list's order (most serious first); older sessions
    kept a single one."""
    given = answers.get("situations")
    if given is None:
        given = answers.get("situation")
    if isinstance(given, str):
        given = [given]
    order = {value: rank for rank, value in enumerate(Situation.values)}
    return sorted({s for s in given or () if s in order}, key=order.__getitem__)


def any_of(answers: dict, group: set) -> bool:
    return any(s in group for s in situations_of(answers))


class Insurance(models.TextChoices):
    HOME = "home", _("Home insurance")
    VEHICLE = "vehicle", _("Car or motorbike insurance")
    PAYMENT_CARD = "payment_card", _("A bank card or its insurance")
    LEGAL_PROTECTION = "legal_protection", _("Legal protection (it can pay a lawyer)")


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("I don't know")


class Author(models.TextChoices):
    UNKNOWN = "unknown", _("I don't know who did it")
    KNOWN = "known", _("I know who did it")
    PARTNER = "partner", _("My partner or former partner (spouse, PACS, boyfriend or girlfriend)")


def tri(value: str | None) -> bool | None:
    """A yes / no / don't-know answer as the engine's true / false / unknown."""
    if value == "yes":
        return True
    if value == "no":
        return False
    return None
