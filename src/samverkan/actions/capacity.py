"""The capacity of a team for the actions given to it: its hours over the action's days, less
what the team's other open actions hold then. An action's hours are spread evenly over its days
(from its start, or its creation, to its due date). What the actions hold is registered with
``presence.holds``, so that a presence plan leaves those hours free."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.actions.models import OPEN_STATUSES, Action
from samverkan.core.errors import N_, Invalid
from samverkan.core.timeutil import to_local
from samverkan.presence.models import Team


@dataclass(frozen=True)
class Capacity:
    """A team's hours over a span of days: what it has, what other open actions hold."""

    team: Team
    first: date
    last: date
    hours: float  # the team's hours over the span (its hours a week × days / 7)
    booked: float  # other open actions' hours, the part of each that falls in the span

    @property
    def left(self) -> float:
        return max(0.0, self.hours - self.booked)


def booked(
    session: Session, team: Team, first: date, last: date, exclude_action_id: int | None = None
) -> float:
    """The hours the team's open actions hold from ``first`` to ``last`` (inclusive): the part
    of each action's hours that falls in those days."""
    total = 0.0
    stmt = select(Action).where(
        Action.team_id == team.id, Action.status.in_(OPEN_STATUSES), Action.hours.is_not(None)
    )
    for a in session.scalars(stmt):
        if a.id == exclude_action_id or a.hours is None:
            continue
        start = a.start_on or to_local(a.created_at).date()
        span = (a.due_on - start).days + 1
        overlap = (min(last, a.due_on) - max(first, start)).days + 1
        if span > 0 and overlap > 0:
            total += a.hours * overlap / span
    return total


def capacity(
    session: Session, team: Team, first: date, last: date, exclude_action_id: int | None = None
) -> Capacity:
    """The team's capacity from ``first`` to ``last`` (inclusive). An action's hours are
    spread evenly over its days (from its start, or its creation, to its due date)."""
    first = min(first, last)  # an action due before it would start: its due day only
    days = (last - first).days + 1
    taken = booked(session, team, first, last, exclude_action_id)
    return Capacity(team, first, last, team.hours * days / 7, taken)


def _h(x: float) -> str:
    """Hours as people write them: 16, 16.5 (one decimal at most)."""
    return f"{round(x, 1):g}"


def check(
    session: Session,
    team: Team,
    hours: float,
    first: date,
    last: date,
    exclude_action_id: int | None = None,
) -> None:
    """Refuse an action that would need more of the team's hours than it has left."""
    c = capacity(session, team, first, last, exclude_action_id)
    first = c.first
    if hours > c.left + 1e-9:
        raise Invalid(
            N_(
                "hours: %(hours)s h is beyond the capacity of team %(team)s: %(weekly)s h a week "
                "gives %(total)s h from %(first)s to %(last)s, other actions hold %(booked)s h, "
                "%(left)s h are left"
            ),
            field="hours",
            hours=f"{hours:g}",
            team=team.name,
            weekly=f"{team.hours:g}",
            total=_h(c.hours),
            first=first.isoformat(),
            last=last.isoformat(),
            booked=_h(c.booked),
            left=_h(c.left),
        )
