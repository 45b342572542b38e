"""Reads of the district work, through the caller's reach.

An area is read through :func:`samverkan.geo.queries.area` (404 outside the caller's areas) and
only by the partners of the district work (:func:`policy.can_read_districts`). An indicator's
series is its stored yearly values, or — for an EST indicator — the year's sum of EST's weekly
totals over the area and the areas within it, narrowed by the same visibility rule as the
lägesbild (:class:`samverkan.incidents.queries.Reach`), so a report the caller may not see is
never counted and nothing is counted twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from samverkan.districts.models import (
    AreaProfile,
    DialogueNote,
    DistrictPlan,
    Goal,
    Indicator,
    IndicatorValue,
    Intervention,
    StatImport,
)
from samverkan.geo import queries as geo_queries
from samverkan.geo.models import Area
from samverkan.incidents import queries as incident_queries
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal
from samverkan.situation import queries as situation_queries

Series = dict[int, float]  # year -> value


def area(session: Session, p: Principal | None, area_id: int) -> Area | None:
    """The area, when the caller takes part in the district work and may see it."""
    if not policy.can_read_districts(p):
        return None
    return geo_queries.area(session, p, area_id)


def visible_areas(session: Session, p: Principal | None) -> list[Area]:
    if not policy.can_read_districts(p):
        return []
    return geo_queries.visible_areas(session, p)


def indicators(session: Session) -> list[Indicator]:
    stmt = select(Indicator).order_by(Indicator.grp, Indicator.sort_order, Indicator.id)
    return list(session.scalars(stmt))


def indicator_by_code(session: Session, code: str) -> Indicator | None:
    return session.scalar(select(Indicator).where(Indicator.code == code))


def indicator(session: Session, indicator_id: int) -> Indicator | None:
    return session.get(Indicator, indicator_id)


def stored_series(
    session: Session, indicator_id: int, area_ids: Iterable[int]
) -> dict[int, Series]:
    """``{area_id: {year: value}}`` of the stored values."""
    ids = list(area_ids)
    out: dict[int, Series] = defaultdict(dict)
    if not ids:
        return out
    stmt = select(IndicatorValue.area_id, IndicatorValue.year, IndicatorValue.value).where(
        IndicatorValue.indicator_id == indicator_id, IndicatorValue.area_id.in_(ids)
    )
    for area_id, year, value in session.execute(stmt):
        out[area_id][year] = float(value)
    return out


def est_series(
    session: Session,
    p: Principal | None,
    category: str,
    area_ids: Iterable[int],
    today: date,
) -> dict[int, Series]:
    """``{area_id: {year: count}}``: the EST reports of ``category`` (and those below it) in
    each area and the areas within it, per whole ISO year up to the last one ended by
    ``today``, from the weekly totals the caller may see. Years before the first report are
    absent, and so is the year of the first report unless it came in the year's first week
    (a partial year would read as a fall); later years without a report are 0."""
    ids = list(area_ids)
    first = situation_queries.first_week(session)
    out: dict[int, Series] = {a: {} for a in ids}
    if not ids or first is None:
        return out
    codes = incident_queries.category_codes_below(session, category)
    cat_ids = {
        c.id for c in incident_queries.categories(session, include_retired=True) if c.code in codes
    }
    last_year = today.isocalendar().year - 1
    # a year is counted only whole: the year reporting began in only if it began in week 1
    started = first.isocalendar()
    first_year = started.year if started.week == 1 else started.year + 1
    if last_year < first_year:
        return out
    tree = geo_queries.area_tree(session)
    owner: dict[int, list[int]] = defaultdict(list)
    for a in ids:
        for below in tree.below([a]):
            owner[below].append(a)
    start = date.fromisocalendar(first_year, 1, 1)
    end = date.fromisocalendar(last_year + 1, 1, 1) - timedelta(days=7)
    seen = incident_queries.reach(session, p)
    for a in ids:
        out[a] = {y: 0.0 for y in range(first_year, last_year + 1)}
    for week, area_id, category_id, n in situation_queries.weekly(
        session, seen, start, end, owner.keys()
    ):
        if category_id not in cat_ids:
            continue
        year = week.isocalendar().year
        for a in owner[area_id]:
            out[a][year] += n
    return out


def series(
    session: Session,
    p: Principal | None,
    ind: Indicator,
    area_ids: Iterable[int],
    today: date,
) -> dict[int, Series]:
    """An indicator's yearly values per area: stored, or from EST's totals."""
    if ind.est_category:
        return est_series(session, p, ind.est_category, area_ids, today)
    return stored_series(session, ind.id, area_ids)


def profiles(session: Session, area_ids: Iterable[int]) -> dict[int, AreaProfile]:
    ids = list(area_ids)
    if not ids:
        return {}
    return {
        pr.area_id: pr
        for pr in session.scalars(select(AreaProfile).where(AreaProfile.area_id.in_(ids)))
    }


def profile(session: Session, area_id: int) -> AreaProfile | None:
    return session.get(AreaProfile, area_id)


def same_type_areas(session: Session, p: Principal | None, a: Area) -> list[Area]:
    """The other areas the caller may see with the same Segregationsbarometern type as ``a``."""
    own = profile(session, a.id)
    if own is None or own.area_type is None:
        return []
    visible = {x.id: x for x in visible_areas(session, p)}
    stmt = select(AreaProfile.area_id).where(
        AreaProfile.area_type == own.area_type, AreaProfile.area_id != a.id
    )
    return [visible[i] for i in session.scalars(stmt) if i in visible]


def comparable_areas(session: Session, p: Principal | None, a: Area) -> list[Area]:
    """The areas an evaluation compares ``a`` with: the other areas of its kind the caller may
    see, below the same municipality (its parent), that are not above or below it."""
    return [
        x
        for x in visible_areas(session, p)
        if x.id != a.id and x.kind == a.kind and x.parent_id == a.parent_id
    ]


def municipality(session: Session, p: Principal | None, a: Area) -> Area | None:
    """The municipality an area lies in (itself when it is one), if the caller may see it."""
    current: Area | None = a
    while current is not None and current.kind != "kommun":
        current = geo_queries.area(session, p, current.parent_id) if current.parent_id else None
    return current


def dialogue_notes(session: Session, area_id: int, limit: int = 50) -> list[DialogueNote]:
    stmt = (
        select(DialogueNote)
        .where(DialogueNote.area_id == area_id)
        .order_by(DialogueNote.held_on.desc(), DialogueNote.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def imports(session: Session, p: Principal | None, limit: int = 50) -> list[StatImport]:
    """The statistics files the caller's organisations read in (every file for a superadmin)."""
    if not policy.can_read_districts(p):
        return []
    assert p is not None
    stmt = select(StatImport).order_by(StatImport.id.desc()).limit(limit)
    if not p.is_superadmin:
        stmt = stmt.where(StatImport.org_id.in_(policy.district_reader_org_ids(p)))
    return list(session.scalars(stmt))


def _plans_stmt() -> Select[DistrictPlan]:
    return select(DistrictPlan).options(
        selectinload(DistrictPlan.goals).selectinload(Goal.targets),
        selectinload(DistrictPlan.goals).selectinload(Goal.measures),
        selectinload(DistrictPlan.goals).selectinload(Goal.action_links),
    )


def plans(session: Session, p: Principal | None, area_id: int | None = None) -> list[DistrictPlan]:
    """The plans of the areas the caller may see (of one area when ``area_id``)."""
    if not policy.can_read_districts(p):
        return []
    visible = geo_queries.visible_area_ids(session, p)
    stmt = _plans_stmt().order_by(DistrictPlan.first_year.desc(), DistrictPlan.id)
    if area_id is not None:
        stmt = stmt.where(DistrictPlan.area_id == area_id)
    if visible is not None:
        stmt = stmt.where(DistrictPlan.area_id.in_(visible))
    return list(session.scalars(stmt))


def plan(session: Session, p: Principal | None, plan_id: int) -> DistrictPlan | None:
    found = session.scalar(_plans_stmt().where(DistrictPlan.id == plan_id))
    if found is None or area(session, p, found.area_id) is None:
        return None
    return found


def goal(session: Session, p: Principal | None, goal_id: int) -> Goal | None:
    found = session.get(Goal, goal_id)
    if found is None or plan(session, p, found.plan_id) is None:
        return None
    return found


def interventions(
    session: Session, p: Principal | None, area_id: int | None = None
) -> list[Intervention]:
    if not policy.can_read_districts(p):
        return []
    visible = geo_queries.visible_area_ids(session, p)
    stmt = select(Intervention).order_by(Intervention.start_year.desc(), Intervention.id)
    if area_id is not None:
        stmt = stmt.where(Intervention.area_id == area_id)
    if visible is not None:
        stmt = stmt.where(Intervention.area_id.in_(visible))
    return list(session.scalars(stmt))


def intervention(
    session: Session, p: Principal | None, intervention_id: int
) -> Intervention | None:
    found = session.get(Intervention, intervention_id)
    if found is None or area(session, p, found.area_id) is None:
        return None
    return found
