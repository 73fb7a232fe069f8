"""What the case files' staff may do: the permissions of the case files, which roles of the
network hold them, and which interview disciplines each role records.

Registered with core when this module is imported (`CasesConfig.ready` imports it): core
names none of them. The separation of duties reads `opens_files` (a role that reads files,
or may break the glass, waits for its confirmation); an exceptional access opens
`exceptional_reads` to a role that lacks them.
"""

from __future__ import annotations

from appui.core import access
from appui.core.access import Permission
from appui.core.models import Role

from .models import Discipline as D


class CasePermission(Permission):
    INTAKE_QUEUE = "intake_queue"  # see and take the association's intake queue
    INTAKE_TRANSFER = "intake_transfer"  # send an intake to any association (116 006)
    PERSON_SEARCH = "person_search"
    FILE_CREATE = "file_create"
    FILE_VIEW = "file_view"
    FILE_EDIT = "file_edit"
    INTERVIEW_ADD = "interview_add"
    PSYCHOLOGICAL_NOTES = "psychological_notes"  # read and write psychological notes
    REFERRAL_EDIT = "referral_edit"
    ASSESSMENT_EDIT = "assessment_edit"  # EVVI
    PROTECTION_EDIT = "protection_edit"
    DOCUMENT_ADD = "document_add"
    TASKS = "tasks"
    PERSON_EXPORT = "person_export"
    PERSON_ERASE = "person_erase"
    EXCEPTIONAL_ACCESS = "exceptional_access"  # break the glass


P = CasePermission
_CASEWORK = {
    P.INTAKE_QUEUE,
    P.PERSON_SEARCH,
    P.FILE_CREATE,
    P.FILE_VIEW,
    P.FILE_EDIT,
    P.INTERVIEW_ADD,
    P.REFERRAL_EDIT,
    P.PROTECTION_EDIT,
    P.DOCUMENT_ADD,
    P.TASKS,
    P.PERSON_EXPORT,
}
GRANTS: dict[str, frozenset[CasePermission]] = {
    Role.RECEPTIONIST: frozenset(_CASEWORK - {P.PERSON_EXPORT}),
    Role.LEGAL_ADVISER: frozenset(_CASEWORK | {P.ASSESSMENT_EDIT}),
    Role.PSYCHOLOGIST: frozenset(_CASEWORK | {P.ASSESSMENT_EDIT, P.PSYCHOLOGICAL_NOTES}),
    Role.SOCIAL_WORKER: frozenset(_CASEWORK | {P.ASSESSMENT_EDIT}),
    Role.TERRORISM_REFERENT: frozenset(_CASEWORK | {P.ASSESSMENT_EDIT}),
    Role.DIRECTION: frozenset(
        _CASEWORK | {P.ASSESSMENT_EDIT, P.PERSON_ERASE, P.EXCEPTIONAL_ACCESS}
    ),
    # The federation sees no file by default: it may only break the glass.
    Role.FEDERATION_ADMIN: frozenset({P.EXCEPTIONAL_ACCESS}),
    Role.HELPLINE_LISTENER: frozenset({P.INTAKE_TRANSFER, P.INTAKE_QUEUE}),
    Role.HELPLINE_SUPERVISOR: frozenset({P.INTAKE_TRANSFER, P.INTAKE_QUEUE}),
}

access.register(
    CasePermission,
    # What an exceptional access opens, to a role that lacks it (a federation
    # administrator): reading and finding, never writing.
    exceptional_reads={P.FILE_VIEW, P.PERSON_SEARCH},
    # Reading files, or breaking the glass to read another association's.
    opens_files={P.FILE_VIEW, P.EXCEPTIONAL_ACCESS},
)
for _role, _permissions in GRANTS.items():
    access.grant(_role, _permissions)


# Which interview disciplines each role records (psychological support: psychologists only);
# `policies.disciplines(actor)` reads it.
ROLE_DISCIPLINES: dict[str, frozenset[str]] = {
    Role.RECEPTIONIST: frozenset({D.RECEPTION, D.REFERRAL}),
    Role.LEGAL_ADVISER: frozenset({D.RECEPTION, D.LEGAL, D.REFERRAL}),
    Role.PSYCHOLOGIST: frozenset({D.RECEPTION, D.PSYCHOLOGICAL, D.REFERRAL}),
    Role.SOCIAL_WORKER: frozenset({D.RECEPTION, D.SOCIAL, D.REFERRAL}),
    Role.TERRORISM_REFERENT: frozenset({D.RECEPTION, D.LEGAL, D.SOCIAL, D.REFERRAL}),
    Role.DIRECTION: frozenset({D.RECEPTION, D.LEGAL, D.SOCIAL, D.REFERRAL}),
    Role.FEDERATION_ADMIN: frozenset(),
    Role.HELPLINE_LISTENER: frozenset(),
    Role.HELPLINE_SUPERVISOR: frozenset(),
}
