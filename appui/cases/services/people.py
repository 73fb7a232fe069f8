"""People: search by name or by file number (every search audited), creation, identity,
reads."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from appui.core import audit
from appui.core.access import Actor
from appui.core.models import Organisation

from .. import policies, search
from ..models import (
    CaseFile,
    Intake,
    Person,
)
from ..permissions import CasePermission as P
from ..policies import require
from ._common import A, T, today

PERSON_FIELDS = (
    "last_name",
    "first_name",
    "birth_date",
    "phone",
    "email",
    "commune_code",
    "language",
    "interpreter_needed",
)
# Unknown stays unknown (None) for these; empty text is "" for the others.
_NULLABLE = {"birth_date", "interpreter_needed"}


def _set_person(person: Person, data: dict[str, Any]) -> None:
    for name in PERSON_FIELDS:
        if name in data:
            value = data[name]
            setattr(person, name, value if value is not None or name in _NULLABLE else "")
    person.last_name = person.last_name.strip()
    person.first_name = person.first_name.strip()
    person.search_name = search.search_name(person.last_name, person.first_name)
    person.phone_digits = search.phone_digits(person.phone)


def search_people(actor: Actor, **criteria) -> list[search.Match]:
    require(actor, P.PERSON_SEARCH)
    with transaction.atomic():
        scope = policies.organisations(actor)
        matches = search.find(policies.people(actor, scope), organisation_ids=scope, **criteria)
        _record_search(actor, matches, scope)
    return matches


def search_files(actor: Actor, number: str) -> list[search.FileMatch]:
    """Files by their number or their affair's prosecutor's number, among the files the
    actor may see; short numbers ("123") within the actor's own association only. Audited
    as a search of people: a file names its person."""
    require(actor, P.PERSON_SEARCH)
    own = None
    if not actor.is_federation:
        prefix = Organisation.objects.values_list("file_prefix", flat=True).get(
            pk=actor.organisation_id
        )
        own = (actor.organisation_id, prefix)
    with transaction.atomic():
        scope = policies.organisations(actor)
        matches = search.find_files(policies.files(actor), number, own=own, this_year=today().year)
        _record_search(actor, [m.file for m in matches], scope, target=T.FILE)
    return matches


def _record_search(
    actor: Actor, matches: list[search.Match] | list[CaseFile], scope: set[int], target=T.PERSON
) -> None:
    """One line per association whose people (or files) were shown, flagged when it is not
    the searcher's own (an exceptional access); when nobody was found, one per association
    searched, since "not known there" is an answer too."""
    shown = {
        m.organisation_id if isinstance(m, CaseFile) else m.person.organisation_id for m in matches
    }
    shown = shown or scope or {actor.organisation_id}
    audit.record_many(
        [
            audit.event(
                actor,
                A.SEARCH,
                target,
                organisation_id=organisation_id,
                exceptional=policies.is_exceptional(actor, organisation_id),
            )
            for organisation_id in sorted(shown)
        ]
    )


def likely_duplicates(actor: Actor, data: dict[str, Any]) -> list[search.Match]:
    """People already known who may be the one about to be created."""
    name = f"{data.get('last_name', '')} {data.get('first_name', '')}"
    matches = search_people(
        actor, name=name, birth_date=data.get("birth_date"), phone=data.get("phone") or ""
    )
    # A shared birth date or phone alone is not enough to suspect the same person.
    return [m for m in matches if "name" in m.reasons]


def create_person(actor: Actor, data: dict[str, Any]) -> Person:
    require(actor, P.FILE_CREATE)
    with transaction.atomic():
        person = Person(organisation_id=actor.organisation_id)
        _set_person(person, data)
        person.save()
        audit.record(
            actor,
            A.CREATE,
            T.PERSON,
            person.pk,
            person_id=person.pk,
            organisation_id=person.organisation_id,
        )
    return person


def update_person(actor: Actor, person: Person, data: dict[str, Any]) -> Person:
    require(actor, P.FILE_EDIT, person)
    with transaction.atomic():
        _set_person(person, data)
        person.save()
        audit.record(
            actor,
            A.UPDATE,
            T.PERSON,
            person.pk,
            person_id=person.pk,
            organisation_id=person.organisation_id,
        )
    return person


def read_person(actor: Actor, pk: int) -> tuple[Person, list[CaseFile]]:
    with transaction.atomic():
        person = policies.get_person(actor, pk)
        files = list(
            policies.files(actor)
            .filter(person=person)
            .select_related("affair")
            .order_by("-opened_on")
        )
        _person_read_line(actor, person)
    return person, files


def record_queue_read(actor: Actor, intakes: list[Intake]) -> None:
    """The intake queue shows callers' names and danger: one read line per intake listed."""
    if not intakes:
        return
    with transaction.atomic():
        audit.record_many(
            [
                audit.event(
                    actor,
                    A.VIEW,
                    T.INTAKE,
                    intake.pk,
                    organisation_id=intake.organisation_id,
                    exceptional=policies.is_exceptional(actor, intake.organisation_id),
                )
                for intake in intakes
            ]
        )


def record_person_read(actor: Actor, person: Person) -> None:
    """A page that shows a person without being their page (identity form, new file,
    erasure): the read is recorded, flagged when exceptional."""
    with transaction.atomic():
        _person_read_line(actor, person)


def _person_read_line(actor: Actor, person: Person) -> None:
    audit.record(
        actor,
        A.VIEW,
        T.PERSON,
        person.pk,
        person_id=person.pk,
        organisation_id=person.organisation_id,
        exceptional=policies.is_exceptional(actor, person.organisation_id),
    )
