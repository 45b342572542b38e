"""Who may set an area's level in the lägesbild."""

from __future__ import annotations

from samverkan.orgs.policy.base import Principal


def can_set_level(p: Principal | None, area_visible: bool) -> bool:
    """An EST samordnare sets an area's level in the lägesbild (with a reason), for areas
    their EST groups cover."""
    return area_visible and p is not None and p.user_id is not None and p.has_role("samordnare")
