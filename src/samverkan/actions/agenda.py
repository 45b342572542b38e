"""A meeting's agenda, made from the week's lägesbild: the signals, the areas at orange or red,
and the actions due in the coming week or overdue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from samverkan.actions import queries
from samverkan.actions.models import OPEN_STATUSES, Action, Meeting
from samverkan.core.timeutil import IsoWeek
from samverkan.orgs.policy import Principal
from samverkan.situation import cache
from samverkan.situation.picture import AreaPicture, CategoryRow


@dataclass
class Agenda:
    week: IsoWeek  # the week the meeting looks back on
    signals: list[tuple[AreaPicture, CategoryRow]] = field(default_factory=list)
    raised: list[AreaPicture] = field(default_factory=list)  # orange or red
    due: list[Action] = field(default_factory=list)
    overdue: list[Action] = field(default_factory=list)


def agenda(session: Session, p: Principal | None, m: Meeting) -> Agenda:
    """What the meeting should go through (what the reader may see of it)."""
    week = IsoWeek.of(m.held_on) - 1
    pic = cache.build(session, p, week)
    out = Agenda(week)
    for a in pic.areas:
        out.signals.extend((a, r) for r in a.signals)
        if a.level in ("orange", "rod"):
            out.raised.append(a)
    out.signals.sort(key=lambda x: -(x[1].score or 0))
    horizon = m.held_on + timedelta(days=7)
    for act in queries.actions(session, p):
        if act.group_id != m.group_id or act.status not in OPEN_STATUSES:
            continue
        if act.due_on < m.held_on:
            out.overdue.append(act)
        elif act.due_on <= horizon:
            out.due.append(act)
    return out


def meeting_week(held_on: date) -> IsoWeek:
    return IsoWeek.of(held_on) - 1
