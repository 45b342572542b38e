"""Principals, and the rules of organisations, users and EST groups.

Part of the one place that decides what a principal may see or do.

Deny by default: every function answers False (or an empty scope) unless a rule below allows
it. Routes and services ask here; an object the caller may not see is answered with 404 by the
caller, so that its existence is not revealed. Rules:

- A superadmin (the platform's operator) may administer everything.
- An organisation's ``admin`` administers that organisation's users, memberships and tokens.
- The owner organisation's ``admin`` administers an EST group (members, areas, cadence).
- Organisations see each other when they share an EST group; areas are seen by the members of
  the EST groups that cover them (or cover an area above them).
- Anonymous callers see nothing but the login page, static files and the health check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

ADMIN = "admin"


@dataclass(frozen=True)
class Principal:
    """Who is asking: a logged-in user or an API token, with its organisations and groups."""

    user_id: int | None
    token_id: int | None
    org_id: int | None
    roles: Mapping[int, frozenset[str]] = field(default_factory=dict)
    group_ids: frozenset[int] = frozenset()
    owned_group_ids: frozenset[int] = frozenset()
    partner_org_ids: frozenset[int] = frozenset()
    police_org_ids: frozenset[int] = frozenset()
    org_kinds: Mapping[int, str] = field(default_factory=dict)
    is_superadmin: bool = False
    name: str = ""

    @property
    def org_ids(self) -> frozenset[int]:
        return frozenset(self.roles)

    def orgs_of_kind(self, *kinds: str) -> frozenset[int]:
        """The caller's own organisations of these kinds (``kommun``, ``bostadsbolag``,
        ``forening`` …)."""
        return frozenset(o for o in self.roles if self.org_kinds.get(o) in kinds)

    def has_role(self, role: str, org_id: int | None = None) -> bool:
        if org_id is not None:
            return role in self.roles.get(org_id, frozenset())
        return any(role in r for r in self.roles.values())


@dataclass(frozen=True)
class AreaScope:
    """Which areas a principal may see: all of them, or those covered by some EST groups."""

    all: bool
    group_ids: frozenset[int]

    @property
    def empty(self) -> bool:
        return not self.all and not self.group_ids


def is_authenticated(p: Principal | None) -> bool:
    return p is not None


def can_use_admin(p: Principal | None) -> bool:
    """May open the admin pages at all (some admin right somewhere)."""
    return p is not None and p.user_id is not None and (p.is_superadmin or p.has_role(ADMIN))


def can_create_org(p: Principal | None) -> bool:
    return p is not None and p.user_id is not None and p.is_superadmin


def can_admin_org(p: Principal | None, org_id: int) -> bool:
    """May manage the users, memberships and tokens of ``org_id``."""
    if p is None or p.user_id is None:
        return False
    return p.is_superadmin or p.has_role(ADMIN, org_id)


def can_see_org(p: Principal | None, org_id: int) -> bool:
    """May see that the organisation exists (own, partner in an EST group, or administered)."""
    if p is None:
        return False
    return p.is_superadmin or org_id in p.org_ids or org_id in p.partner_org_ids


def can_admin_user(
    p: Principal | None, user_org_ids: set[int] | frozenset[int], *, superadmin: bool = False
) -> bool:
    """May manage a user: superadmin, or admin of every organisation the user belongs to.

    A user with no membership left, or a platform administrator, is managed by superadmins
    only.
    """
    if p is None or p.user_id is None:
        return False
    if p.is_superadmin:
        return True
    if superadmin:
        return False
    return bool(user_org_ids) and all(p.has_role(ADMIN, o) for o in user_org_ids)


def can_grant_role(p: Principal | None, org_id: int, role: str) -> bool:
    """May give ``role`` in ``org_id`` to someone (never to raise one's own rights elsewhere)."""
    return can_admin_org(p, org_id)


def can_change_own_membership(p: Principal | None, target_user_id: int) -> bool:
    """Nobody changes their own roles: a second admin must do it."""
    return p is not None and p.user_id is not None and p.user_id != target_user_id


def can_see_group(p: Principal | None, group_id: int) -> bool:
    if p is None:
        return False
    return p.is_superadmin or group_id in p.group_ids or group_id in p.owned_group_ids


def can_create_group(p: Principal | None, owner_org_id: int) -> bool:
    return can_admin_org(p, owner_org_id)


def can_manage_group(p: Principal | None, group_id: int) -> bool:
    if p is None or p.user_id is None:
        return False
    return p.is_superadmin or group_id in p.owned_group_ids


def area_scope(p: Principal | None) -> AreaScope:
    """The areas ``p`` may see: those covered by its EST groups (all for a superadmin)."""
    if p is None:
        return AreaScope(all=False, group_ids=frozenset())
    if p.is_superadmin:
        return AreaScope(all=True, group_ids=frozenset())
    return AreaScope(all=False, group_ids=p.group_ids | p.owned_group_ids)
