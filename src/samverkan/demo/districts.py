"""The demo's district development, as of the seed's day ``until`` (nothing after it):

- the districts' RegSO-like codes on their areas (the municipality's is SCB's kommunkod);
- their profiles: Skäggetorp a particularly vulnerable area (the police, 2015) of area type 1,
  Ryd a vulnerable area of type 2 with 500 new rental flats planned and 100 finished, Berga
  type 2, the rest of the town type 4;
- ten years of every stored indicator (the last ten whole years before the seed's year) for
  each district and the municipality, read in as two statistics files would be: the official
  statistics by the municipality's analyst, the tenant survey's indices by Stångåstaden;
- a district plan per district (Stångåstaden's for Skäggetorp, Ryd and Berga, the
  municipality's for the rest of the town) whose goals are on track, behind or reached on the
  seed's day, with the demo's EST actions and the programs' measures linked to them;
- the intervention "own trygghetsvärdar instead of guards" in Skäggetorp, whose evaluation
  has too few comparison districts for a synthetic control, and says so;
- notes of resident dialogue in Skäggetorp and Ryd.

Everything goes through the districts' services (checked and audited). Deterministic: each
series comes from a ``random.Random`` seeded by its indicator and area, placed by offset from
the seed's year, so the follow-up is the same whatever day the demo is made.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.actions import queries as action_queries
from samverkan.actions.models import Action
from samverkan.demo import districts_data as dd
from samverkan.districts import plan_service, queries, service
from samverkan.districts.catalogue import CATALOGUE
from samverkan.districts.schemas import (
    DialogueNoteIn,
    GoalIn,
    InterventionIn,
    MeasureIn,
    PlanIn,
    ProfileIn,
    TargetIn,
)
from samverkan.districts.statfile import StatTable, StatValue
from samverkan.geo import queries as geo_queries
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal

DECIMALS = {e.code: e.decimals for e in CATALOGUE}
STORED = tuple(e.code for e in CATALOGUE if e.est_category is None)


def _level(code: str, area: str) -> list[float]:
    """One indicator's ten values in one area: its path, its step, noise of its own seed."""
    start, end, sd = dd.LEVELS[code][dd.AREAS.index(area)]
    step_at, step = dd.STEPS.get((code, area), (dd.YEARS, 0.0))
    rng = random.Random(f"{dd.SEED}:{code}:{area}")
    out = []
    for k in range(dd.YEARS):
        v = start + (end - start) * k / (dd.YEARS - 1) + rng.gauss(0, sd)
        out.append(round(v + (step if k >= step_at else 0.0), DECIMALS[code]))
    return out


def _homes(area: str) -> tuple[list[float], list[float]]:
    """The stock of homes at each year's end and the homes finished that year."""
    if area == dd.KOMMUN:  # the districts' and the countryside's
        parts = [_homes(a) for a in dd.HOMES]
        rural = [120.0 + 10 * (k % 3) for k in range(dd.YEARS)]
        finished = [sum(p[1][k] for p in parts) + rural[k] for k in range(dd.YEARS)]
        stock = [
            sum(p[0][k] for p in parts) + 21_300 + sum(rural[: k + 1]) for k in range(dd.YEARS)
        ]
        return stock, finished
    start, built = dd.HOMES[area]
    stock = [float(start + sum(built[: k + 1])) for k in range(dd.YEARS)]
    return stock, [float(b) for b in built]


def yearly(area: str) -> dict[str, list[float]]:
    """Every stored indicator's ten values (oldest first) in one area of the demo."""
    out = {code: _level(code, area) for code in dd.LEVELS}
    first, last, young, working = dd.POPULATION[area]
    total = [round(first + (last - first) * k / (dd.YEARS - 1)) for k in range(dd.YEARS)]
    out["bef_totalt"] = [float(t) for t in total]
    out["bef_0_19"] = [float(round(t * young)) for t in total]
    out["bef_20_64"] = [float(round(t * working)) for t in total]
    out["bef_65_plus"] = [float(t - round(t * young) - round(t * working)) for t in total]
    moves = zip(out["inflyttade_per_1000"], out["utflyttade_per_1000"], strict=True)
    out["bruttoomflyttning"] = [round((i + u) / 10, 1) for i, u in moves]
    tenure = zip(out["hyresratt_andel"], out["bostadsratt_andel"], strict=True)
    out["aganderatt_andel"] = [round(100 - h - b, 1) for h, b in tenure]
    out["bostader"], out["nya_bostader"] = _homes(area)
    assert set(out) == set(STORED), set(STORED) ^ set(out)
    return out


def first_year(until: date) -> int:
    """The first of the ten whole years of values before the seed's year."""
    return until.year - dd.YEARS


def seed(session: Session, until: date) -> None:
    """The districts' demo as of ``until`` (nothing when its users or districts are missing)."""
    analyst_user = org_queries.user_by_email(session, dd.ANALYST)
    housing_user = org_queries.user_by_email(session, dd.HOUSING_USER)
    orgs = {o.name: o.id for o in org_queries.all_orgs(session)}
    areas = {a.name: a for a in geo_queries.all_areas(session)}
    if analyst_user is None or housing_user is None or not set(dd.AREAS) <= set(areas):
        return
    kommun = org_queries.principal_for_user(session, analyst_user)
    housing = org_queries.principal_for_user(session, housing_user)
    who = {dd.KOMMUN: kommun, dd.HOUSING: housing}
    for name, code in dd.CODES.items():
        areas[name].code = code  # the areas' statistics codes: no service of geo's for these
    session.flush()
    ids = {name: areas[name].id for name in dd.AREAS}
    _profiles(session, kommun, ids, until)
    _statistics(session, kommun, housing, orgs, until)
    for area, owner, title, summary, goals in dd.PLANS:
        _plan(session, who[owner], orgs, (area, ids[area]), owner, title, summary, goals, until)
    area, title, description, indicator = dd.INTERVENTION
    plan_service.create_intervention(
        session,
        housing,
        InterventionIn(
            area_id=ids[area],
            title=title,
            description=description,
            start_year=until.year + dd.INTERVENTION_START,
            indicator=indicator,
        ),
    )
    for area, days, kind, title, body, participants in dd.NOTES:
        service.add_note(
            session,
            housing,
            ids[area],
            DialogueNoteIn(
                held_on=until - timedelta(days=days),
                kind=kind,
                title=title,
                body=body,
                participants=participants,
            ),
            org_id=orgs[dd.HOUSING],
        )
    session.flush()


def _profiles(session: Session, p: Principal, ids: dict[str, int], until: date) -> None:
    for area, (police, area_type, planned, finished) in dd.PROFILES.items():
        police_year = dd.POLICE_YEARS.get(area)
        service.save_profile(
            session,
            p,
            ids[area],
            ProfileIn(
                police_class=police,
                police_class_year=min(police_year, until.year - 1) if police_year else None,
                area_type=area_type,
                area_type_year=until.year - 2 if area_type else None,
                homes_planned=planned,
                homes_finished=finished,
                homes_note=dd.RYD_HOMES if area == dd.RYD else "",
            ),
        )


def _table(codes: tuple[str, ...], until: date, title: str, source: str) -> StatTable:
    """The demo's values of ``codes`` as one statistics file (area codes, years, columns)."""
    years = tuple(range(first_year(until), until.year))
    values = []
    for area in dd.AREAS:
        series = yearly(area)
        for code in codes:
            for year, value in zip(years, series[code], strict=True):
                values.append(StatValue(dd.CODES[area], year, code, value))
    return StatTable(
        format="csv",
        title=title,
        source=source,
        unit=None,
        variables=codes,
        years=years,
        codes=tuple(dd.CODES[a] for a in dd.AREAS),
        names={dd.CODES[a]: a for a in dd.AREAS},
        values=tuple(values),
    )


def _statistics(
    session: Session, kommun: Principal, housing: Principal, orgs: dict[str, int], until: date
) -> None:
    official = tuple(c for c in STORED if c not in dd.SURVEY)
    first, last = first_year(until), until.year - 1
    for p, owner, codes, name, title, source in (
        (
            kommun,
            dd.KOMMUN,
            official,
            f"omradesstatistik_{first}-{last}.csv",
            "Områdesstatistik per RegSO (demo)",
            "SCB, Försäkringskassan, Skolverket, Polisen (påhittade värden för demon)",
        ),
        (
            housing,
            dd.HOUSING,
            dd.SURVEY,
            f"aktivbo_{first}-{last}.csv",
            "Hyresgästenkäten per område (demo)",
            "Stångåstadens hyresgästenkät (påhittade värden för demon)",
        ),
    ):
        table = _table(codes, until, title, source)
        service.import_table(session, p, table, name, {c: c for c in codes}, org_id=orgs[owner])


def _est_target(
    session: Session, p: Principal, area_id: int, area: str, code: str, until: date
) -> TargetIn:
    """An EST indicator's target: from the housing company's own count the year before the
    last whole year (a factor of the last year's EST count) to a lower count by the plan's
    last year; a nominal count when the demo has no EST reports."""
    ind = queries.indicator_by_code(session, code)
    assert ind is not None, code
    got = queries.series(session, p, ind, [area_id], until).get(area_id, {})
    last = max(got) if got else until.isocalendar().year - 1
    count = got.get(last) or 100.0
    return TargetIn(
        indicator=code,
        baseline_year=last - 1,
        baseline_value=round(count * dd.EST_BASELINE[area]),
        target_value=round(count * dd.EST_TARGET[area]),
        deadline_year=until.year + dd.PLAN_LAST,
    )


def _actions(session: Session, p: Principal, area_id: int, titles: tuple[str, ...]) -> list[int]:
    """The demo's EST actions of these titles in the district that ``p`` may see."""
    if not titles:
        return []
    stmt = select(Action.id).where(Action.area_id == area_id, Action.title.in_(titles))
    return [
        i for i in session.scalars(stmt.order_by(Action.id)) if action_queries.action(session, p, i)
    ]


def _plan(
    session: Session,
    p: Principal,
    orgs: dict[str, int],
    area: tuple[str, int],
    owner: str,
    title: str,
    summary: str,
    goals: tuple[dd.GoalSpec, ...],
    until: date,
) -> None:
    """``owner``'s plan for the district ``area`` (its name and id) over the plan's years."""
    first, last = until.year + dd.PLAN_FIRST, until.year + dd.PLAN_LAST
    area_name, area_id = area
    goal_ins = []
    for g in goals:
        targets = [
            _est_target(session, p, area_id, area_name, t.indicator, until)
            if t.target is None
            else TargetIn(
                indicator=t.indicator,
                baseline_year=first - 1,
                target_value=t.target,
                deadline_year=last,
            )
            for t in g.targets
        ]
        measures = [
            MeasureIn(
                title=m.title,
                program=m.program,
                owner_org_id=orgs[m.owner],
                due=until + timedelta(days=m.due_days),
                status=m.status,
            )
            for m in g.measures
        ]
        goal_ins.append(
            GoalIn(
                title=g.title,
                description=g.description,
                targets=targets,
                measures=measures,
                action_ids=_actions(session, p, area_id, g.action_titles),
            )
        )
    plan_service.create_plan(
        session,
        p,
        PlanIn(
            area_id=area_id,
            owner_org_id=orgs[owner],
            title=f"{title} {first}–{last}",
            first_year=first,
            last_year=last,
            summary=summary,
            goals=goal_ins,
        ),
    )
