"""Who may see area teams and presence plans (they name people and their shifts)."""

from __future__ import annotations

from collections.abc import Iterable

from samverkan.orgs.policy.actions import can_plan, in_group
from samverkan.orgs.policy.base import Principal


def can_see_presence(p: Principal | None, group_id: int, employer_org_ids: Iterable[int]) -> bool:
    """Area teams and presence plans name people and their shifts: the group's samordnare see
    them, and the people of the organisations that employ a member of the group's teams (not
    every reporter and reader of the group)."""
    if p is None or not in_group(p, group_id):
        return False
    return can_plan(p, group_id) or not p.org_ids.isdisjoint(employer_org_ids)
