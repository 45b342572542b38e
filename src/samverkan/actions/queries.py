"""Reads of meetings and actions: only the caller's EST groups' (404 for the rest)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from samverkan.actions.models import OPEN_STATUSES, Action, Decision, Meeting, action_incident
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal
from samverkan.orgs.queries import group_org_ids

__all__ = ["group_org_ids"]


def group_ids(p: Principal | None) -> set[int]:
    """The EST groups whose meetings and actions ``p`` sees."""
    if p is None:
        return set()
    return set(p.group_ids | p.owned_group_ids)


def action(session: Session, p: Principal | None, action_id: int) -> Action | None:
    a = session.get(Action, action_id)
    if a is None or a.group_id not in group_ids(p):
        return None
    return a


def actions(
    session: Session,
    p: Principal | None,
    *,
    status: str | None = None,
    owner_org_id: int | None = None,
    overdue_on: date | None = None,
    area_id: int | None = None,
    limit: int = 500,
) -> list[Action]:
    """The caller's groups' actions, soonest due first; ``overdue_on``: open and due before."""
    ids = group_ids(p)
    if not ids:
        return []
    stmt = (
        select(Action)
        .options(selectinload(Action.owner), selectinload(Action.history))
        .where(Action.group_id.in_(ids))
        .order_by(Action.due_on, Action.id)
        .limit(limit)
    )
    if status:
        stmt = stmt.where(Action.status == status)
    if owner_org_id is not None:
        stmt = stmt.where(Action.owner_org_id == owner_org_id)
    if area_id is not None:
        stmt = stmt.where(Action.area_id == area_id)
    if overdue_on is not None:
        stmt = stmt.where(Action.status.in_(OPEN_STATUSES), Action.due_on < overdue_on)
    return list(session.scalars(stmt))


def agenda_actions(
    session: Session, p: Principal | None, group_id: int, due_by: date, created_before: datetime
) -> list[Action]:
    """The group's actions due by ``due_by`` that existed before ``created_before``, with their
    history (a meeting's agenda decides from it which were open then), soonest due first."""
    if group_id not in group_ids(p):
        return []
    stmt = (
        select(Action)
        .options(selectinload(Action.owner), selectinload(Action.history))
        .where(
            Action.group_id == group_id,
            Action.due_on <= due_by,
            Action.created_at < created_before,
            # closed and unchanged since before then: closed then too (the rest the history
            # decides)
            or_(Action.status.in_(OPEN_STATUSES), Action.updated_at >= created_before),
        )
        .order_by(Action.due_on, Action.id)
    )
    return list(session.scalars(stmt))


def incident_ids(session: Session, action_id: int) -> list[int]:
    return list(
        session.scalars(
            select(action_incident.c.incident_id)
            .where(action_incident.c.action_id == action_id)
            .order_by(action_incident.c.incident_id)
        )
    )


def decision_action_ids(session: Session, decision_ids: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    if not decision_ids:
        return out
    for a_id, d_id in session.execute(
        select(Action.id, Action.decision_id).where(Action.decision_id.in_(decision_ids))
    ):
        if d_id is not None:
            out.setdefault(d_id, []).append(a_id)
    return out


def meeting(session: Session, p: Principal | None, meeting_id: int) -> Meeting | None:
    m = session.get(Meeting, meeting_id)
    if m is None or m.group_id not in group_ids(p):
        return None
    return m


def meetings(session: Session, p: Principal | None, group_id: int | None = None) -> list[Meeting]:
    ids = group_ids(p)
    if group_id is not None:
        ids &= {group_id}
    if not ids:
        return []
    stmt = (
        select(Meeting)
        .options(selectinload(Meeting.participants), selectinload(Meeting.decisions))
        .where(Meeting.group_id.in_(ids))
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
    )
    return list(session.scalars(stmt))


def decision(session: Session, meeting_id: int, decision_id: int) -> Decision | None:
    return session.scalar(
        select(Decision).where(Decision.id == decision_id, Decision.meeting_id == meeting_id)
    )


def open_or_recent(session: Session, p: Principal | None) -> list[Action]:
    """For the calendar feed: every action of the caller's groups not cancelled."""
    ids = group_ids(p)
    if not ids:
        return []
    return list(
        session.scalars(
            select(Action)
            .options(selectinload(Action.owner))
            .where(Action.group_id.in_(ids), Action.status != "avbruten")
            .order_by(Action.due_on, Action.id)
        )
    )


def orgs(session: Session, org_ids: set[int]) -> list[Organisation]:
    """These organisations, by name."""
    if not org_ids:
        return []
    return list(
        session.scalars(
            select(Organisation).where(Organisation.id.in_(org_ids)).order_by(Organisation.name)
        )
    )


def meeting_at(session: Session, group_id: int, held_on: date, starts: str) -> int | None:
    """The id of the group's meeting at that day and start, if there is one."""
    return session.scalar(
        select(Meeting.id).where(
            Meeting.group_id == group_id, Meeting.held_on == held_on, Meeting.starts == starts
        )
    )
