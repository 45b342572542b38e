"""The safety plans' API: ``/api/v1/housing/plans`` (Bearer token, personal). The housing
company's case workers and admins read and change its plans, its samordnare reads them;
everybody else gets 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, NotFound
from samverkan.core.timeutil import today
from samverkan.housing import plan_present as present
from samverkan.housing import plan_queries, plan_service
from samverkan.housing.plan_schemas import (
    HeldIn,
    MeasureIn,
    MeasureOut,
    MeasureStatusIn,
    PlanIn,
    PlanOut,
    ReviewIn,
    ReviewOut,
    RiskIn,
    RiskOut,
)
from samverkan.orgs import policy
from samverkan.orgs.deps import ApiDep
from samverkan.orgs.policy import Principal

api = APIRouter(prefix="/api/v1/housing", tags=["housing"])


class OverdueOut(BaseModel):
    reviews: list[ReviewOut]
    measures: list[MeasureOut]


def _use(p: Principal) -> None:
    if not policy.plan_org_ids(p):
        raise NotFound(N_("not found"))


@api.get("/plans", response_model=list[PlanOut], summary="The caller's safety plans")
def plans(db: SessionDep, p: ApiDep) -> Any:
    _use(p)
    day = today()
    return [present.plan_out(x, day) for x in plan_queries.plans(db, p)]


@api.post("/plans", status_code=201, response_model=PlanOut)
def create(db: SessionDep, p: ApiDep, org_id: int, body: PlanIn) -> Any:
    _use(p)
    return present.plan_out(plan_service.create(db, p, org_id, body), today())


@api.get("/plans/overdue", response_model=OverdueOut)
def overdue(db: SessionDep, p: ApiDep, on: date | None = None) -> Any:
    """The reviews not held and the measures not done whose day has passed."""
    _use(p)
    day = on or today()
    return OverdueOut(
        reviews=[present.review_out(r, day) for r in plan_queries.overdue_reviews(db, p, day)],
        measures=[present.measure_out(m, day) for m in plan_queries.overdue_measures(db, p, day)],
    )


@api.get("/plans/{plan_id}", response_model=PlanOut)
def plan(db: SessionDep, p: ApiDep, plan_id: int) -> Any:
    _use(p)
    found = plan_queries.plan(db, p, plan_id)
    if found is None:
        raise NotFound(N_("safety plan %(id)s not found"), id=plan_id)
    return present.plan_out(found, today())


@api.post("/plans/{plan_id}/risks", status_code=201, response_model=RiskOut)
def add_risk(db: SessionDep, p: ApiDep, plan_id: int, body: RiskIn) -> Any:
    _use(p)
    return present.risk_out(plan_service.add_risk(db, p, plan_id, body))


@api.post("/plans/{plan_id}/measures", status_code=201, response_model=MeasureOut)
def add_measure(db: SessionDep, p: ApiDep, plan_id: int, body: MeasureIn) -> Any:
    """A measure, optionally against one of the plan's risks and part of an EST action the
    caller may see."""
    _use(p)
    return present.measure_out(plan_service.add_measure(db, p, plan_id, body), today())


@api.put("/plans/{plan_id}/measures/{measure_id}/status", response_model=MeasureOut)
def set_status(
    db: SessionDep, p: ApiDep, plan_id: int, measure_id: int, body: MeasureStatusIn
) -> Any:
    _use(p)
    m = plan_service.set_measure_status(db, p, plan_id, measure_id, body)
    return present.measure_out(m, today())


@api.post("/plans/{plan_id}/reviews", status_code=201, response_model=ReviewOut)
def add_review(db: SessionDep, p: ApiDep, plan_id: int, body: ReviewIn) -> Any:
    _use(p)
    return present.review_out(plan_service.add_review(db, p, plan_id, body), today())


@api.put("/plans/{plan_id}/reviews/{review_id}", response_model=ReviewOut)
def hold_review(db: SessionDep, p: ApiDep, plan_id: int, review_id: int, body: HeldIn) -> Any:
    _use(p)
    return present.review_out(plan_service.hold_review(db, p, plan_id, review_id, body), today())
