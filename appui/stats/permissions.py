"""What the statistics' readers may do, and who holds it: registered with core when this
module is imported (`StatsConfig.ready` imports it)."""

from __future__ import annotations

from appui.core import access
from appui.core.access import Permission
from appui.core.models import Role


class StatsPermission(Permission):
    STATS_ASSOCIATION = "stats_association"  # an association's figures
    STATS_NATIONAL = "stats_national"  # the network's figures


P = StatsPermission
GRANTS: dict[str, frozenset[StatsPermission]] = {
    Role.DIRECTION: frozenset({P.STATS_ASSOCIATION}),
    # The federation keeps the network and its statistics.
    Role.FEDERATION_ADMIN: frozenset({P.STATS_NATIONAL, P.STATS_ASSOCIATION}),
}

access.register(StatsPermission)
for _role, _permissions in GRANTS.items():
    access.grant(_role, _permissions)
