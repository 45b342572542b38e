"""Hours of a team that other domains hold: an action given to the team takes part of its week.

A presence plan leaves those hours free (its people are busy with the action then), and a plan's
page says when what is held grew after the plan was made. Domains above ``presence`` register
what they hold through the composition root (a hook in their ``domain.py``), so ``presence``
never imports them (see docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy.orm import Session

from samverkan.presence.models import Team

Holder = Callable[[Session, Team, date, date], float]
"""Hours of ``team`` held from the first to the last day (inclusive)."""

_HOLDERS: dict[str, Holder] = {}


def register(holder: Holder) -> None:
    """Count ``holder``'s hours as held (registering the same function twice adds nothing)."""
    _HOLDERS[f"{holder.__module__}.{holder.__qualname__}"] = holder


def held(session: Session, team: Team, first: date, last: date) -> float:
    """Every holder's hours of ``team`` from ``first`` to ``last``."""
    return sum(h(session, team, first, last) for h in _HOLDERS.values())


def in_week(session: Session, teams: list[Team], monday: date) -> dict[int, float]:
    """Per team id: the hours held in the week from ``monday``."""
    sunday = monday + timedelta(days=6)
    return {t.id: held(session, t, monday, sunday) for t in teams}
