"""The lägesbild's JSON API: ``GET /api/v1/lagesbild`` and its prioritisation and near repeats."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from samverkan.core.deps import SessionDep
from samverkan.orgs.deps import ApiDep
from samverkan.situation import report
from samverkan.situation.schemas import LagesbildOut, NearRepeatsOut, PrioritiesOut
from samverkan.situation.views import AreaQuery, PeriodQuery, WeekQuery, build, near, priorities

api = APIRouter(prefix="/api/v1", tags=["lagesbild"])


@api.get(
    "/lagesbild",
    response_model=LagesbildOut,
    summary="The weekly lägesbild (situation picture)",
)
def lagesbild_json(
    request: Request, db: SessionDep, p: ApiDep, week: WeekQuery = None, area: AreaQuery = None
) -> dict[str, Any]:
    lang = "en" if request.query_params.get("lang") == "en" else "sv"
    return report.as_json(build(db, p, week, area), lang)


@api.get(
    "/lagesbild/prioritering",
    response_model=PrioritiesOut,
    summary="Need against possibility to influence, per area",
)
def priorities_json(
    request: Request,
    db: SessionDep,
    p: ApiDep,
    week: WeekQuery = None,
    period: PeriodQuery = "kvartal",
) -> dict[str, Any]:
    lang = "en" if request.query_params.get("lang") == "en" else "sv"
    return report.priorities_json(priorities(db, p, week, period), lang)


@api.get(
    "/lagesbild/narupprepning",
    response_model=NearRepeatsOut,
    summary="Near repeats (Knox) of a category in an area",
)
def near_json(
    request: Request,
    db: SessionDep,
    p: ApiDep,
    area: Annotated[int, Query(description="area id")],
    category: Annotated[str, Query(max_length=40, description="category code")],
    week: WeekQuery = None,
    weeks: Annotated[int, Query(ge=4, le=260, description="weeks up to the week")] = 52,
) -> dict[str, Any]:
    from samverkan.situation import nearrepeat

    lang = "en" if request.query_params.get("lang") == "en" else "sv"
    return nearrepeat.as_json(near(db, p, week, area, category, weeks), lang)
