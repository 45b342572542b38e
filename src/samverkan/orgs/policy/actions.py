"""Who may hold meetings, plan and own actions: the EST group's own work."""

from __future__ import annotations

from samverkan.orgs.policy.base import Principal
from samverkan.orgs.policy.incidents import REPORTING_ROLES


def in_group(p: Principal | None, group_id: int) -> bool:
    """A member or owner of the EST group (a superadmin is not: meetings and actions are the
    group's own work)."""
    return p is not None and (group_id in p.group_ids or group_id in p.owned_group_ids)


def can_plan(p: Principal | None, group_id: int) -> bool:
    """An EST samordnare of the group holds meetings, writes minutes and assigns actions to any
    of the group's organisations."""
    return (
        in_group(p, group_id)
        and p is not None
        and p.user_id is not None
        and (p.has_role("samordnare"))
    )


def can_own_action(p: Principal | None, group_id: int, owner_org_id: int) -> bool:
    """Each partner plans and updates its own actions (its reporters and samordnare, or its
    API token); a samordnare of the group may assign and update any."""
    if not in_group(p, group_id) or p is None:
        return False
    return bool(p.roles.get(owner_org_id, frozenset()) & REPORTING_ROLES) or can_plan(p, group_id)
