"""Who may see and fill the agendas: registered with core when imported.

An association's staff see and fill the agendas of their association's places; a unit
agent those of their unit. The federation sees no one's appointments.
"""

from __future__ import annotations

from appui.core import access
from appui.core.access import Permission
from appui.core.models import Role


class BookingPermission(Permission):
    AGENDA_VIEW = "agenda_view"  # the day and week of their organisation's places
    AGENDA_BOOK = "agenda_book"  # give, move, cancel appointments; mark them honoured


P = BookingPermission
_STAFF = frozenset({P.AGENDA_VIEW, P.AGENDA_BOOK})
GRANTS: dict[str, frozenset[BookingPermission]] = {
    Role.RECEPTIONIST: _STAFF,
    Role.LEGAL_ADVISER: _STAFF,
    Role.PSYCHOLOGIST: _STAFF,
    Role.SOCIAL_WORKER: _STAFF,
    Role.TERRORISM_REFERENT: _STAFF,
    Role.DIRECTION: _STAFF,
    Role.UNIT_AGENT: _STAFF,
}

# A name and a phone number in an agenda are personal data: the roles holding these wait
# for their account's confirmation like those opening case files.
access.register(BookingPermission, opens_files={P.AGENDA_VIEW, P.AGENDA_BOOK})
for _role, _permissions in GRANTS.items():
    access.grant(_role, _permissions)
