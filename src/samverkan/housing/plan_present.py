"""A safety plan as the API and the pages show it: each risk with its level, each measure and
review with whether it is overdue on a day."""

from __future__ import annotations

from datetime import date

from samverkan.housing.analysis.plan_risk import level, score
from samverkan.housing.plan_models import (
    MEASURE_OPEN,
    PlanMeasure,
    PlanReview,
    PlanRisk,
    SafetyPlan,
)
from samverkan.housing.plan_schemas import MeasureOut, PlanOut, ReviewOut, RiskOut


def risk_out(r: PlanRisk) -> RiskOut:
    return RiskOut(
        id=r.id,
        description=r.description,
        likelihood=r.likelihood,
        consequence=r.consequence,
        score=score(r.likelihood, r.consequence),
        level=level(r.likelihood, r.consequence),
    )


def measure_overdue(m: PlanMeasure, on: date) -> bool:
    return m.status in MEASURE_OPEN and m.due_on < on


def review_overdue(r: PlanReview, on: date) -> bool:
    return r.held_on is None and r.due_on < on


def measure_out(m: PlanMeasure, on: date) -> MeasureOut:
    return MeasureOut(
        id=m.id,
        what=m.what,
        owner=m.owner,
        due_on=m.due_on,
        status=m.status,
        done_on=m.done_on,
        risk_id=m.risk_id,
        action_id=m.action_id,
        overdue=measure_overdue(m, on),
    )


def review_out(r: PlanReview, on: date) -> ReviewOut:
    return ReviewOut(
        id=r.id, due_on=r.due_on, held_on=r.held_on, note=r.note, overdue=review_overdue(r, on)
    )


def plan_out(x: SafetyPlan, on: date) -> PlanOut:
    return PlanOut(
        id=x.id,
        org_id=x.org_id,
        title=x.title,
        area_id=x.area_id,
        property_name=x.property_name,
        starts_on=x.starts_on,
        ends_on=x.ends_on,
        owner_user_id=x.owner_user_id,
        risks=[risk_out(r) for r in x.risks],
        measures=[measure_out(m, on) for m in x.measures],
        reviews=[review_out(r, on) for r in x.reviews],
    )
