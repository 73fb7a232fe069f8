"""What the helpline's staff may do: registered with core when imported.

Listeners take calls, answer messages and call back; a supervisor does the same, and
watches the lines, reviews records and reads the figures; the federation's administrator
reads the figures only. Call records hold what callers confide: every role that reads them
waits for its account's confirmation, like those opening case files. No association's role
holds any of these: an association sees only the intake a caller agreed to transfer.
"""

from __future__ import annotations

from appui.core import access
from appui.core.access import Permission
from appui.core.models import Role


class HelplinePermission(Permission):
    CONSOLE = "helpline_console"  # take calls, keep their records, call back, answer messages
    RECOGNISE = "helpline_recognise"  # recognise a caller who agreed, and her flags
    SUPERVISE = "helpline_supervise"  # the wallboard, every listener's records
    REVIEW = "helpline_review"  # the quality review of a record
    STATS = "helpline_stats"  # the anonymous figures


P = HelplinePermission
_LISTENING = frozenset({P.CONSOLE, P.RECOGNISE})
GRANTS: dict[str, frozenset[HelplinePermission]] = {
    Role.HELPLINE_LISTENER: _LISTENING,
    Role.HELPLINE_SUPERVISOR: _LISTENING | {P.SUPERVISE, P.REVIEW, P.STATS},
    Role.FEDERATION_ADMIN: frozenset({P.STATS}),
}

access.register(HelplinePermission, opens_files={P.CONSOLE, P.RECOGNISE, P.SUPERVISE, P.REVIEW})
for _role, _permissions in GRANTS.items():
    access.grant(_role, _permissions)
