"""The yearly evaluation report: the year's completed actions by type, each followed up, and
each type's effect pooled over its actions (:func:`evaluation.yearly`), with what they cost."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from samverkan.actions import queries
from samverkan.actions.followup import FollowUp, follow_up
from samverkan.actions.models import Action
from samverkan.orgs.policy import Principal

if TYPE_CHECKING:
    from samverkan.actions.analysis.evaluation import TypeSummary


@dataclass
class TypeRow:
    """One action type: its pooled effect, and its actions with their own follow-up."""

    summary: TypeSummary
    actions: list[tuple[Action, FollowUp]] = field(default_factory=list)
    hours: float = 0.0  # spent (planned where nothing was recorded)
    cost_sek: int = 0


@dataclass
class Report:
    year: int
    types: list[TypeRow]
    too_early: list[tuple[Action, FollowUp]]  # their eight weeks after are not over
    no_area: list[Action]


def report(session: Session, p: Principal | None, year: int, today: date) -> Report:
    """The report of ``year`` as ``p`` may see it (their groups' actions and incidents)."""
    from samverkan.actions.analysis.evaluation import yearly  # scipy: loaded when asked

    ids = queries.group_ids(p)
    done = (
        list(
            session.scalars(
                select(Action)
                .options(selectinload(Action.owner), selectinload(Action.area))
                .where(Action.group_id.in_(ids), Action.status == "klar")
                .where(Action.completed_on >= date(year, 1, 1))
                .where(Action.completed_on < date(year + 1, 1, 1))
                .order_by(Action.completed_on, Action.id)
            )
        )
        if ids
        else []
    )
    by_type: dict[str, list[tuple[Action, FollowUp]]] = defaultdict(list)
    too_early, no_area = [], []
    for a in done:
        f = follow_up(session, p, a, today)
        if f.status == "done" and f.effect is not None:
            by_type[a.type].append((a, f))
        elif f.status == "too_early":
            too_early.append((a, f))
        else:
            no_area.append(a)
    summaries = yearly({t: [f.effect for _a, f in rows if f.effect] for t, rows in by_type.items()})
    types = []
    for s in summaries:
        rows = by_type[s.action_type]
        types.append(
            TypeRow(
                s,
                rows,
                hours=sum(hours_of(a) for a, _ in rows),
                cost_sek=sum(a.cost_sek or 0 for a, _ in rows),
            )
        )
    return Report(year, types, too_early, no_area)


def hours_of(a: Action) -> float:
    """The hours an action took: those recorded as spent, else those planned."""
    if a.hours_spent is not None:
        return a.hours_spent
    return a.hours or 0.0
