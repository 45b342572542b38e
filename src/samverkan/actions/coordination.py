"""The coordinated calendar as the reader may see it: their groups' actions (not cancelled) and
presence plans as spans, with what domains above add (an association's activities of the week
in a district: :func:`register`), the areas in need from the latest lägesbild, made into the
grid of :mod:`samverkan.actions.calendar`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from samverkan.actions import queries
from samverkan.actions.calendar import PRESENCE, Grid, Span, coordinate
from samverkan.actions.models import Action
from samverkan.core.timeutil import IsoWeek, to_local
from samverkan.geo import queries as geo_queries
from samverkan.orgs.policy import Principal
from samverkan.presence.models import PresencePlan, Team
from samverkan.situation import cache

Source = Callable[[Session, Principal | None, date, date], list[Span]]
"""Spans a domain above adds to the calendar from the first to the last day (inclusive), as the
reader may see them."""

_SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    """Add ``source``'s spans to the calendar (registering the same function twice adds
    nothing). Domains above ``actions`` register through the composition root."""
    _SOURCES[f"{source.__module__}.{source.__qualname__}"] = source


def spans(session: Session, p: Principal | None, first: date, last: date) -> list[Span]:
    """Every action and presence plan of the caller's groups that touches ``first``..``last``,
    and every registered source's spans."""
    return own_spans(session, p, first, last) + [
        s for source in _SOURCES.values() for s in source(session, p, first, last)
    ]


def own_spans(session: Session, p: Principal | None, first: date, last: date) -> list[Span]:
    """The actions and presence plans of the caller's groups that touch ``first``..``last``."""
    ids = queries.group_ids(p)
    if not ids:
        return []
    out = []
    actions = session.scalars(
        select(Action)
        .options(selectinload(Action.owner))
        .where(Action.group_id.in_(ids), Action.status != "avbruten", Action.due_on >= first)
    )
    for a in actions:
        start = a.start_on or to_local(a.created_at).date()
        end = a.completed_on if a.status == "klar" and a.completed_on else a.due_on
        if start > last:
            continue
        out.append(Span(a.area_id, a.owner.name, a.title, a.type, start, end, f"/insatser/{a.id}"))
    team_area = {
        t.name: t.area_id for t in session.scalars(select(Team).where(Team.group_id.in_(ids)))
    }
    plans = session.scalars(
        select(PresencePlan)
        .options(selectinload(PresencePlan.stints))
        .where(PresencePlan.group_id.in_(ids), PresencePlan.week >= IsoWeek.of(first).monday)
        .where(PresencePlan.week <= last)
    )
    for plan in plans:
        hours: dict[tuple[int, str], int] = {}
        for s in plan.stints:
            if s.team in team_area:
                key = (team_area[s.team], s.team)
                hours[key] = hours.get(key, 0) + s.end_hour - s.start_hour
        for (area_id, team), h in sorted(hours.items()):
            out.append(
                Span(
                    area_id,
                    team,
                    f"{h} h",
                    PRESENCE,
                    plan.week,
                    plan.week + timedelta(days=6),
                    f"/narvaro/plan/{plan.id}",
                )
            )
    return out


def grid(
    session: Session, p: Principal | None, first_week: IsoWeek, n_weeks: int, now: IsoWeek
) -> Grid:
    """The calendar of ``n_weeks`` from ``first_week``; areas in need by last week's picture."""
    last = first_week.monday + timedelta(weeks=n_weeks) - timedelta(days=1)
    pic = cache.build(session, p, now - 1)
    needy = {a.area_id for a in pic.areas if a.level in ("orange", "rod") or a.signals}
    areas = {a.id: a.name for a in geo_queries.visible_areas(session, p)}
    tree = geo_queries.area_tree(session)
    below = {a: tree.below({a}) - {a} for a in areas}
    return coordinate(
        spans(session, p, first_week.monday, last),
        first_week.monday,
        n_weeks,
        areas,
        needy,
        now.monday,
        below,
    )
