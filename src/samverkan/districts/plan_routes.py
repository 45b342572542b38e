"""District plans and interventions: ``/api/v1/district-plans`` and
``/api/v1/district-interventions`` (Bearer token).

Read by the partners of the district work for the areas they may see; a plan is changed by its
owner organisation's analysts, coordinators and admins. The follow-up says for each goal and
target "reached", "on_track", "behind" or "no_data" with the reason. Thin: parse →
:mod:`.plan_service` / :mod:`.queries` → schema."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, NotFound
from samverkan.core.timeutil import today
from samverkan.districts import evaluation, plan_service, present, queries, service
from samverkan.districts.models import DistrictPlan
from samverkan.districts.schemas import GoalIn, InterventionIn, MeasureIn, PlanIn, PlanOut
from samverkan.orgs.deps import ApiDep
from samverkan.orgs.policy import Principal

api = APIRouter(tags=["districts"])


def _out(db: SessionDep, p: Principal, plan: DistrictPlan) -> PlanOut:
    area = queries.area(db, p, plan.area_id)
    return present.plan_out(
        plan, area.name if area else "", present.follow_up(db, p, plan, today())
    )


def _plan(db: SessionDep, p: Principal, plan_id: int) -> DistrictPlan:
    service.reader(p)
    found = queries.plan(db, p, plan_id)
    if found is None:
        raise NotFound(plan_service.PLAN_NOT_FOUND, id=plan_id)
    return found


@api.get("/api/v1/district-plans", response_model=list[PlanOut], summary="District plans")
def plans(db: SessionDep, p: ApiDep, area_id: int | None = None) -> Any:
    service.reader(p)
    return [_out(db, p, x) for x in queries.plans(db, p, area_id)]


@api.post("/api/v1/district-plans", status_code=201, response_model=PlanOut, summary="Make a plan")
def create_plan(db: SessionDep, p: ApiDep, body: PlanIn) -> Any:
    service.reader(p)
    return _out(db, p, plan_service.create_plan(db, p, body))


@api.get("/api/v1/district-plans/{plan_id}", response_model=PlanOut, summary="A plan, followed up")
def plan(db: SessionDep, p: ApiDep, plan_id: int) -> Any:
    return _out(db, p, _plan(db, p, plan_id))


@api.post(
    "/api/v1/district-plans/{plan_id}/goals",
    status_code=201,
    response_model=PlanOut,
    summary="Add a goal with its indicator targets",
)
def add_goal(db: SessionDep, p: ApiDep, plan_id: int, body: GoalIn) -> Any:
    service.reader(p)
    goal = plan_service.add_goal(db, p, plan_id, body)
    return _out(db, p, goal.plan)


@api.post(
    "/api/v1/district-goals/{goal_id}/actions/{action_id}",
    response_model=PlanOut,
    summary="Link an EST action to a goal",
)
def link_action(db: SessionDep, p: ApiDep, goal_id: int, action_id: int) -> Any:
    service.reader(p)
    goal = plan_service.link_action(db, p, goal_id, action_id)
    return _out(db, p, goal.plan)


@api.post(
    "/api/v1/district-goals/{goal_id}/measures",
    status_code=201,
    response_model=PlanOut,
    summary="Add a program's measure to a goal",
)
def add_measure(db: SessionDep, p: ApiDep, goal_id: int, body: MeasureIn) -> Any:
    service.reader(p)
    measure = plan_service.add_measure(db, p, goal_id, body)
    return _out(db, p, measure.goal.plan)


@api.get("/api/v1/district-interventions", summary="Interventions to evaluate")
def interventions(db: SessionDep, p: ApiDep, area_id: int | None = None) -> list[dict[str, Any]]:
    service.reader(p)
    return [evaluation.intervention_out(db, x) for x in queries.interventions(db, p, area_id)]


@api.post("/api/v1/district-interventions", status_code=201, summary="Add an intervention")
def create_intervention(db: SessionDep, p: ApiDep, body: InterventionIn) -> dict[str, Any]:
    service.reader(p)
    return evaluation.intervention_out(db, plan_service.create_intervention(db, p, body))


@api.get(
    "/api/v1/district-interventions/{intervention_id}/evaluation",
    summary="Difference-in-differences and synthetic control against the comparable districts",
)
def evaluate(db: SessionDep, p: ApiDep, intervention_id: int) -> dict[str, Any]:
    service.reader(p)
    item = queries.intervention(db, p, intervention_id)
    if item is None:
        raise NotFound(N_("intervention %(id)s not found"), id=intervention_id)
    return evaluation.as_json(evaluation.evaluate(db, p, item, today()))
