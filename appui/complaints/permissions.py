"""What the units' staff may do with pre-complaints: registered with core when imported.

Only a unit's agents see and process its pre-complaints; associations and the federation
see none. A name and a card number are personal data: the role waits for its account's
confirmation like those opening case files.
"""

from __future__ import annotations

from appui.core import access
from appui.core.access import Permission
from appui.core.models import Role


class ComplaintPermission(Permission):
    VIEW = "complaint_view"  # the unit's list and each pre-complaint
    PROCESS = "complaint_process"  # confirm, move, mark signed or missed


P = ComplaintPermission
GRANTS: dict[str, frozenset[ComplaintPermission]] = {
    Role.UNIT_AGENT: frozenset({P.VIEW, P.PROCESS}),
}

access.register(ComplaintPermission, opens_files={P.VIEW, P.PROCESS})
for _role, _permissions in GRANTS.items():
    access.grant(_role, _permissions)
