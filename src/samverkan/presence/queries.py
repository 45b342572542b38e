"""Reads of teams and presence plans: of the groups whose teams the caller may see, people's
names and shifts as they are (:func:`policy.can_see_presence`; 404 for the rest)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from samverkan.orgs import policy
from samverkan.orgs.policy import Principal
from samverkan.presence.models import PresencePlan, Team, TeamMember


def _groups(session: Session, p: Principal | None) -> set[int]:
    """The groups whose teams and plans the caller sees (:func:`policy.can_see_presence`)."""
    if p is None:
        return set()
    ids = set(p.group_ids | p.owned_group_ids)
    if not ids:
        return set()
    employers: dict[int, set[int]] = {g: set() for g in ids}
    rows = session.execute(
        select(Team.group_id, TeamMember.org_id)
        .join(TeamMember, TeamMember.team_id == Team.id)
        .where(Team.group_id.in_(ids))
        .distinct()
    )
    for group_id, org_id in rows:
        employers[group_id].add(org_id)
    return {g for g in ids if policy.can_see_presence(p, g, employers[g])}


def teams(session: Session, p: Principal | None, group_id: int | None = None) -> list[Team]:
    """The teams of the caller's groups (or of one of them), by name."""
    ids = _groups(session, p)
    if group_id is not None:
        ids &= {group_id}
    if not ids:
        return []
    stmt = (
        select(Team)
        .options(selectinload(Team.members).selectinload(TeamMember.org), selectinload(Team.area))
        .where(Team.group_id.in_(ids))
        .order_by(Team.name, Team.id)
    )
    return list(session.scalars(stmt))


def team(session: Session, p: Principal | None, team_id: int) -> Team | None:
    t = session.get(Team, team_id)
    return t if t is not None and t.group_id in _groups(session, p) else None


def member(session: Session, p: Principal | None, member_id: int) -> TeamMember | None:
    m = session.get(TeamMember, member_id)
    return m if m is not None and m.team.group_id in _groups(session, p) else None


def plan(session: Session, p: Principal | None, plan_id: int) -> PresencePlan | None:
    stmt = (
        select(PresencePlan)
        .options(selectinload(PresencePlan.stints))
        .where(PresencePlan.id == plan_id)
    )
    found = session.scalar(stmt)
    return found if found is not None and found.group_id in _groups(session, p) else None


def plans(session: Session, p: Principal | None, limit: int = 20) -> list[PresencePlan]:
    """The caller's groups' plans, the latest week first."""
    ids = _groups(session, p)
    if not ids:
        return []
    stmt = (
        select(PresencePlan)
        .where(PresencePlan.group_id.in_(ids))
        .order_by(PresencePlan.week.desc(), PresencePlan.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def team_for_area(session: Session, group_id: int, area_ids: set[int]) -> Team | None:
    """The group's team whose district is one of ``area_ids``."""
    if not area_ids:
        return None
    return session.scalar(
        select(Team).where(Team.group_id == group_id, Team.area_id.in_(area_ids)).limit(1)
    )
