"""What the compensation files' staff may do, and who holds it: registered with core when
this module is imported (`CompensationConfig.ready` imports it).

Legal advisers and the direction do the work; the association's other staff see each
compensation file's route, stage and next date on the case file, never its amounts or bank
details; the helpline and the federation see no compensation file (the federation reads
the network's anonymous figures only).
"""

from __future__ import annotations

from appui.core import access
from appui.core.access import Permission
from appui.core.models import Role


class CompensationPermission(Permission):
    SUMMARY = "compensation_summary"  # route, stage and next date, on the case file
    MANAGE = "compensation_manage"  # open, edit, generate; amounts and bank details
    STATS = "compensation_stats"  # the association's anonymous figures
    STATS_NATIONAL = "compensation_stats_national"  # the network's anonymous figures


P = CompensationPermission
GRANTS: dict[str, frozenset[CompensationPermission]] = {
    Role.RECEPTIONIST: frozenset({P.SUMMARY}),
    Role.PSYCHOLOGIST: frozenset({P.SUMMARY}),
    Role.SOCIAL_WORKER: frozenset({P.SUMMARY}),
    Role.TERRORISM_REFERENT: frozenset({P.SUMMARY}),
    Role.LEGAL_ADVISER: frozenset({P.SUMMARY, P.MANAGE, P.STATS}),
    Role.DIRECTION: frozenset({P.SUMMARY, P.MANAGE, P.STATS}),
    Role.FEDERATION_ADMIN: frozenset({P.STATS_NATIONAL}),
}

access.register(CompensationPermission, opens_files={P.SUMMARY, P.MANAGE})
for _role, _permissions in GRANTS.items():
    access.grant(_role, _permissions)
