"""Telling organisations about their actions by e-mail: when one is assigned to them, and when
one is overdue (``samverkan actions remind``). Recipients: the owning organisation's samordnare
and admins, and the person the action is assigned to."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.actions.models import OPEN_STATUSES, Action
from samverkan.core import mail
from samverkan.core.settings import Settings
from samverkan.orgs.models import Membership, User

NOTIFIED_ROLES = ("samordnare", "admin")


def recipients(session: Session, a: Action) -> set[str]:
    rows = session.scalars(
        select(User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.org_id == a.owner_org_id, Membership.role.in_(NOTIFIED_ROLES))
        .where(User.is_active.is_(True))
    )
    out = set(rows)
    if a.owner_user_id is not None:
        person = session.get(User, a.owner_user_id)
        if person is not None and person.is_active:
            out.add(person.email)
    return out


def _link(settings: Settings, a: Action) -> str:
    return f"{settings.base_url.rstrip('/')}/insatser/{a.id}"


def assigned(settings: Settings, session: Session, a: Action) -> bool:
    """Mail the owning organisation that an action is theirs."""
    return mail.send(
        settings,
        recipients(session, a),
        f"Ny insats: {a.title}",
        f"{a.owner.name} har fått insatsen ”{a.title}” att utföra senast {a.due_on}.\n\n"
        f"{a.description}\n\n{_link(settings, a)}\n",
    )


def remind_overdue(settings: Settings, session: Session, today: date) -> int:
    """Mail each organisation its open actions past their due date; returns messages sent."""
    rows = session.scalars(
        select(Action).where(Action.status.in_(OPEN_STATUSES), Action.due_on < today)
    ).all()
    sent = 0
    for a in rows:
        sent += mail.send(
            settings,
            recipients(session, a),
            f"Försenad insats: {a.title}",
            f"Insatsen ”{a.title}” skulle ha varit klar {a.due_on} och är inte markerad klar.\n"
            f"Uppdatera status eller nytt datum: {_link(settings, a)}\n",
        )
    return sent
