"""Who sees which agenda: the one access idiom of the staff pages, applied to appointments.

An actor sees the agendas of the places their own organisation runs (the directory
service's `organisation`): an association its offices, desks and the victim bureaus it
holds; a police or gendarmerie unit its own. The federation sees no one's appointments, and
an exceptional access opens none: an agenda is not a case file. Another organisation's
agenda or appointment answers 404, as one that does not exist.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from appui.core.access import Actor, Permission
from appui.core.models import UNIT_ROLES, StaffProfile

from .models import Agenda, Booking
from .permissions import BookingPermission as P


def _sees_agendas(actor: Actor | None) -> bool:
    return (
        actor is not None
        and actor.organisation_id is not None
        and not actor.is_federation
        and actor.can(P.AGENDA_VIEW)
    )


def organisation_of(record: Agenda | Booking) -> int | None:
    """The organisation running the place of an agenda or an appointment."""
    agenda = record.agenda if isinstance(record, Booking) else record
    return agenda.service.organisation_id


# Sources whose appointments are changed on their own app's pages only (a pre-complaint's
# appointment goes with the pre-complaint: signed, missed, erased), registered by those apps.
_managed_elsewhere: set[str] = set()


def manage_elsewhere(source: str) -> None:
    """The appointments of `source` are read in the agenda but changed by their own app."""
    _managed_elsewhere.add(source)


def allows(
    actor: Actor | None, permission: Permission, record: Agenda | Booking | None = None
) -> bool:
    """Whether `actor` may take an action, on `record` when given: in their own
    organisation's agendas only; an appointment another app manages is only read here."""
    if not _sees_agendas(actor) or not actor.can(permission):
        return False
    if (
        permission == P.AGENDA_BOOK
        and isinstance(record, Booking)
        and record.source in _managed_elsewhere
    ):
        return False
    return record is None or organisation_of(record) == actor.organisation_id


def require(actor: Actor | None, permission: Permission, record=None) -> Actor:
    """The one check before an action: `allows`, or PermissionDenied."""
    if not allows(actor, permission, record):
        raise PermissionDenied
    return actor


def agendas(actor: Actor | None):
    """The agendas of the places the actor's organisation runs."""
    if not _sees_agendas(actor):
        return Agenda.objects.none()
    return Agenda.objects.filter(service__organisation_id=actor.organisation_id)


def bookings(actor: Actor | None):
    """The appointments in those agendas."""
    if not _sees_agendas(actor):
        return Booking.objects.none()
    return Booking.objects.filter(agenda__service__organisation_id=actor.organisation_id)


def get_agenda(actor: Actor, pk: int) -> Agenda:
    found = agendas(actor).select_related("service").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def get_booking(actor: Actor, pk: int) -> Booking:
    found = bookings(actor).select_related("agenda__service", "staff").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def feed_actor(user_id: int, ip: str | None = None) -> Actor | None:
    """The owner of a private calendar address, as an actor whose reads are audited: the
    feed is fetched by a calendar app, not by a logged-in person. None when the account is
    inactive or its role sees no agenda (the address then stops working)."""
    profile = (
        StaffProfile.objects.select_related("organisation", "user").filter(user_id=user_id).first()
    )
    if profile is None or not profile.active or not profile.user.is_active:
        return None
    actor = Actor(
        user_id=user_id,
        organisation_id=profile.organisation_id,
        organisation_kind=profile.organisation.kind,
        role=profile.role,
        name=profile.display_name,
        ip=ip,
    )
    return actor if _sees_agendas(actor) else None


def feed_bookings(actor: Actor):
    """What a staff member's calendar shows: the appointments they receive, and for a unit
    agent every appointment of their unit (pre-complaints are booked to the unit)."""
    if not _sees_agendas(actor):
        return Booking.objects.none()
    mine = Q(staff_id=actor.user_id, agenda__service__organisation_id=actor.organisation_id)
    if actor.role in UNIT_ROLES:
        mine |= Q(agenda__service__organisation_id=actor.organisation_id)
    return Booking.objects.filter(mine)
