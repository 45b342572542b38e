"""What the API and the pages show of a district: an indicator's series beside the
municipality's and the same area type's, and a plan followed up goal by goal.

Counts of residents (an indicator ``about_people``) leave as "<5" below the threshold of
:mod:`samverkan.core.suppression`; nothing else here is about people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from samverkan.core import suppression
from samverkan.districts import queries
from samverkan.districts.analysis.followup import STATUS_LABELS, FollowUp, judge, worst
from samverkan.districts.models import DistrictPlan, Indicator, Target
from samverkan.districts.queries import Series
from samverkan.districts.schemas import (
    GoalOut,
    IndicatorOut,
    MeasureOut,
    PlanOut,
    PointOut,
    SeriesOut,
    TargetOut,
)
from samverkan.geo.models import Area
from samverkan.orgs.policy import Principal


def points(ind: Indicator, values: Series) -> list[PointOut]:
    """The series as points, a small count of residents suppressed."""
    out = []
    for year in sorted(values):
        v = values[year]
        if ind.about_people and ind.kind == "count" and suppression.small(round(v)):
            out.append(PointOut(year=year, value=None, suppressed=True))
        else:
            out.append(PointOut(year=year, value=v))
    return out


def _mean(series: list[Series]) -> tuple[Series, int]:
    years = sorted({y for s in series for y in s})
    out = {}
    for y in years:
        vals = [s[y] for s in series if y in s]
        if vals:
            out[y] = sum(vals) / len(vals)
    return out, len(series)


@dataclass(frozen=True)
class Comparison:
    """An indicator in one area, its municipality and the mean of the same area type."""

    indicator: Indicator
    area: Area
    values: Series
    municipality: Series
    municipality_area: Area | None
    same_type: Series
    same_type_areas: int


def comparison(
    session: Session, p: Principal | None, area: Area, ind: Indicator, today: date
) -> Comparison:
    muni = queries.municipality(session, p, area)
    peers = queries.same_type_areas(session, p, area)
    ids = [area.id, *([muni.id] if muni and muni.id != area.id else []), *(a.id for a in peers)]
    got = queries.series(session, p, ind, ids, today)
    same, n = _mean([got.get(a.id, {}) for a in peers if got.get(a.id)])
    return Comparison(
        ind,
        area,
        got.get(area.id, {}),
        got.get(muni.id, {}) if muni and muni.id != area.id else {},
        muni if muni and muni.id != area.id else None,
        same,
        n,
    )


def series_out(c: Comparison) -> SeriesOut:
    ind = c.indicator
    return SeriesOut(
        indicator=IndicatorOut.model_validate(ind),
        area_id=c.area.id,
        values=points(ind, c.values),
        municipality=points(ind, c.municipality),
        same_type=[PointOut(year=y, value=v) for y, v in sorted(c.same_type.items())],
        same_type_areas=c.same_type_areas,
    )


@dataclass(frozen=True)
class TargetView:
    target: Target
    indicator: Indicator
    values: Series
    follow_up: FollowUp


@dataclass(frozen=True)
class GoalView:
    goal_id: int
    title: str
    description: str
    status: str
    targets: list[TargetView]
    action_ids: list[int]
    measures: list[MeasureOut]


def follow_up(
    session: Session,
    p: Principal | None,
    plan: DistrictPlan,
    today: date,
    until_year: int | None = None,
) -> list[GoalView]:
    """Each goal of the plan with each target judged on the indicator's values so far (up to
    ``until_year`` when given: the follow-up as of that year's end, for the yearly report)."""
    cache: dict[int, Series] = {}
    out = []
    for g in plan.goals:
        views = []
        for t in g.targets:
            ind = queries.indicator(session, t.indicator_id)
            assert ind is not None
            if ind.id not in cache:
                cache[ind.id] = queries.series(session, p, ind, [plan.area_id], today).get(
                    plan.area_id, {}
                )
            values = cache[ind.id]
            if until_year is not None:
                values = {y: v for y, v in values.items() if y <= until_year}
            fu = judge(
                values,
                baseline_year=t.baseline_year,
                baseline_value=t.baseline_value,
                target_value=t.target_value,
                deadline_year=t.deadline_year,
                direction=ind.direction,
                decimals=ind.decimals,
            )
            views.append(TargetView(t, ind, values, fu))
        out.append(
            GoalView(
                g.id,
                g.title,
                g.description,
                worst(v.follow_up.status for v in views),
                views,
                sorted(a.action_id for a in g.action_links),
                [MeasureOut.model_validate(m) for m in g.measures],
            )
        )
    return out


def plan_out(
    plan: DistrictPlan,
    area_name: str,
    goals: list[GoalView],
    gettext: Callable[[str], str] | None = None,
    lang: str = "en",
) -> PlanOut:
    return PlanOut(
        id=plan.id,
        area_id=plan.area_id,
        area_name=area_name,
        owner_org_id=plan.owner_org_id,
        title=plan.title,
        first_year=plan.first_year,
        last_year=plan.last_year,
        summary=plan.summary,
        goals=[
            GoalOut(
                id=g.goal_id,
                title=g.title,
                description=g.description,
                status=g.status,
                targets=[
                    TargetOut(
                        id=v.target.id,
                        indicator=v.indicator.code,
                        indicator_name=v.indicator.name_en if lang == "en" else v.indicator.name_sv,
                        unit=v.indicator.unit,
                        baseline_year=v.target.baseline_year,
                        baseline_value=v.target.baseline_value,
                        target_value=v.target.target_value,
                        deadline_year=v.target.deadline_year,
                        status=v.follow_up.status,
                        reason=v.follow_up.reason.text(gettext, lang),
                        latest_year=v.follow_up.latest_year,
                        latest_value=v.follow_up.latest_value,
                    )
                    for v in g.targets
                ],
                action_ids=g.action_ids,
                measures=g.measures,
            )
            for g in goals
        ],
    )


__all__ = ["STATUS_LABELS", "Comparison", "GoalView", "TargetView", "comparison", "follow_up"]
