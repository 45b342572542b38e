"""Reads of the lägesbild: weekly totals, the week's heatmap and incidents, as the reader may see
them.

Everything here is narrowed by the same visibility rule as the incident list, applied to the
weekly totals too: a count never includes what the reader could not open. The rule comes in
resolved (``seen``, :func:`samverkan.incidents.queries.reach`), once for all the reads of a
picture.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from samverkan.core.timeutil import STOCKHOLM
from samverkan.incidents.models import Incident, SlotCount, WeekCount
from samverkan.incidents.queries import Reach
from samverkan.situation.models import LevelOverride

_WEEKS: Any = WeekCount.__table__
_SLOTS: Any = SlotCount.__table__


def first_week(session: Session) -> date | None:
    """The Monday of the oldest week with any incident: where the history starts."""
    return session.scalar(select(func.min(_WEEKS.c.week)))


def weekly(
    session: Session, seen: Reach, first: date, last: date, area_ids: Iterable[int]
) -> list[tuple[date, int, int, int]]:
    """``(week, area_id, category_id, count)`` for the weeks ``first``..``last`` (Mondays)."""
    ids = list(area_ids)
    if not ids:
        return []
    t = _WEEKS
    stmt = (
        select(t.c.week, t.c.area_id, t.c.category_id, func.sum(t.c.n))
        .where(t.c.week >= first, t.c.week <= last, t.c.area_id.in_(ids))
        .where(seen.clause(t))
        .group_by(t.c.week, t.c.area_id, t.c.category_id)
    )
    return [(w, a, c, int(n)) for w, a, c, n in session.execute(stmt)]


def slots(
    session: Session, seen: Reach, week: date, area_ids: Iterable[int]
) -> list[tuple[int, int, int, str, int]]:
    """``(area_id, category_id, weekday, band, count)`` of one week (its Monday)."""
    ids = list(area_ids)
    if not ids:
        return []
    t = _SLOTS
    stmt = (
        select(t.c.area_id, t.c.category_id, t.c.weekday, t.c.band, func.sum(t.c.n))
        .where(t.c.week == week, t.c.area_id.in_(ids))
        .where(seen.clause(t))
        .group_by(t.c.area_id, t.c.category_id, t.c.weekday, t.c.band)
    )
    return [(a, c, d, b, int(n)) for a, c, d, b, n in session.execute(stmt)]


def _span(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(first_day, time.min, tzinfo=STOCKHOLM)
    end = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=STOCKHOLM)
    return start, end


def located_points(
    session: Session, seen: Reach, first_day: date, last_day: date, area_ids: Iterable[int]
) -> list[tuple[int, float, float]]:
    """``(area_id, lat, lon)`` of counted incidents with a point more precise than their area
    that happened on these Stockholm days (columns only: the hotspots of many thousands)."""
    ids = list(area_ids)
    if not ids:
        return []
    start, end = _span(first_day, last_day)
    stmt = (
        select(Incident.area_id, Incident.lat, Incident.lon)
        .where(Incident.occurred_at >= start, Incident.occurred_at < end)
        .where(Incident.area_id.in_(ids), Incident.status != "dubblett")
        .where(Incident.lat.is_not(None), Incident.lon.is_not(None))
        .where(Incident.precision.in_(("exakt", "adress")))
        .where(seen.clause())
    )
    rows = session.execute(stmt)
    return [(a, y, x) for a, y, x in rows if a is not None and y is not None and x is not None]


def top_incidents(
    session: Session,
    seen: Reach,
    first_day: date,
    last_day: date,
    area_ids: Iterable[int],
    per_area: int,
) -> dict[int, list[Incident]]:
    """Per area, its ``per_area`` most severe (then newest) counted incidents of these
    Stockholm days, in one query (a window per area)."""
    ids = list(area_ids)
    if not ids:
        return {}
    start, end = _span(first_day, last_day)
    order = (Incident.severity.desc(), Incident.occurred_at.desc(), Incident.id.desc())
    ranked = (
        select(
            Incident.id,
            func.row_number().over(partition_by=Incident.area_id, order_by=order).label("n"),
        )
        .where(Incident.occurred_at >= start, Incident.occurred_at < end)
        .where(Incident.area_id.in_(ids), Incident.status != "dubblett")
        .where(seen.clause())
        .subquery()
    )
    stmt = (
        select(Incident)
        .options(selectinload(Incident.category))
        .join(ranked, ranked.c.id == Incident.id)
        .where(ranked.c.n <= per_area)
        .order_by(*order)
    )
    out: dict[int, list[Incident]] = {}
    for inc in session.scalars(stmt):
        if inc.area_id is not None:
            out.setdefault(inc.area_id, []).append(inc)
    return out


def latest_levels(session: Session, area_ids: list[int], week: date) -> dict[int, LevelOverride]:
    """The latest override of each area for the week."""
    if not area_ids:
        return {}
    rows = session.scalars(
        select(LevelOverride)
        .where(LevelOverride.area_id.in_(area_ids), LevelOverride.week == week)
        .order_by(LevelOverride.set_at, LevelOverride.id)
    )
    return {r.area_id: r for r in rows}


def period_stats(
    session: Session, seen: Reach, first_day: date, last_day: date, area_ids: Iterable[int]
) -> dict[int, tuple[int, int, int]]:
    """Per area: ``(count, sum of severity, count at semi-public places)`` of the counted
    incidents that happened on these Stockholm days."""
    ids = list(area_ids)
    if not ids:
        return {}
    start, end = _span(first_day, last_day)
    stmt = (
        select(
            Incident.area_id,
            func.count(),
            func.sum(Incident.severity),
            func.sum(case((Incident.place_type == "halvoffentlig", 1), else_=0)),
        )
        .where(Incident.occurred_at >= start, Incident.occurred_at < end)
        .where(Incident.area_id.in_(ids), Incident.status != "dubblett")
        .where(seen.clause())
        .group_by(Incident.area_id)
    )
    return {
        int(a): (int(n), int(sev or 0), int(semi or 0))
        for a, n, sev, semi in session.execute(stmt)
        if a is not None
    }


def located_events(
    session: Session,
    seen: Reach,
    first_day: date,
    last_day: date,
    area_ids: Iterable[int],
    category_ids: Iterable[int],
) -> list[tuple[float, float, datetime]]:
    """``(lat, lon, occurred_at)`` of counted, located incidents of these categories."""
    ids, cats = list(area_ids), list(category_ids)
    if not ids or not cats:
        return []
    start, end = _span(first_day, last_day)
    stmt = (
        select(Incident.lat, Incident.lon, Incident.occurred_at)
        .where(Incident.occurred_at >= start, Incident.occurred_at < end)
        .where(Incident.area_id.in_(ids), Incident.category_id.in_(cats))
        .where(Incident.status != "dubblett", Incident.precision.in_(("exakt", "adress")))
        .where(Incident.lat.is_not(None), Incident.lon.is_not(None))
        .where(seen.clause())
    )
    return [(y, x, t) for y, x, t in session.execute(stmt) if y is not None and x is not None]


def week_profile(
    session: Session, seen: Reach, first: date, last: date, area_ids: Iterable[int]
) -> list[tuple[int, str, int]]:
    """``(weekday, band, count)`` over the weeks ``first``..``last`` (Mondays): the rhythm of
    the week in these areas."""
    ids = list(area_ids)
    if not ids:
        return []
    t = _SLOTS
    stmt = (
        select(t.c.weekday, t.c.band, func.sum(t.c.n))
        .where(t.c.week >= first, t.c.week <= last, t.c.area_id.in_(ids))
        .where(seen.clause(t))
        .group_by(t.c.weekday, t.c.band)
    )
    return [(int(d), b, int(n)) for d, b, n in session.execute(stmt)]


def located_places(
    session: Session, seen: Reach, first_day: date, last_day: date, area_ids: Iterable[int]
) -> list[tuple[float, float, str, int]]:
    """``(lat, lon, place name, severity)`` of counted, located incidents of these days."""
    ids = list(area_ids)
    if not ids:
        return []
    start, end = _span(first_day, last_day)
    stmt = (
        select(Incident.lat, Incident.lon, Incident.place_name, Incident.severity)
        .where(Incident.occurred_at >= start, Incident.occurred_at < end)
        .where(Incident.area_id.in_(ids), Incident.status != "dubblett")
        .where(Incident.lat.is_not(None), Incident.lon.is_not(None))
        .where(Incident.precision.in_(("exakt", "adress")))
        .where(seen.clause())
    )
    return [
        (y, x, name or "", int(s or 1))
        for y, x, name, s in session.execute(stmt)
        if y is not None and x is not None
    ]
