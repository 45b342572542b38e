"""Reads of the safety plans through the caller's principal (None for a plan the caller may not
read: its routes answer 404), and the overdue reviews and measures."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from samverkan.housing.plan_models import (
    MEASURE_OPEN,
    PlanMeasure,
    PlanReview,
    SafetyPlan,
)
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal

_LOADS = (
    selectinload(SafetyPlan.risks),
    selectinload(SafetyPlan.measures),
    selectinload(SafetyPlan.reviews),
)


def plan(session: Session, p: Principal | None, plan_id: int) -> SafetyPlan | None:
    found = session.scalar(select(SafetyPlan).options(*_LOADS).where(SafetyPlan.id == plan_id))
    if found is None or not policy.can_read_plans(p, found.org_id):
        return None
    return found


def plans(session: Session, p: Principal | None) -> list[SafetyPlan]:
    """The plans of the caller's housing companies, the newest period first."""
    orgs = policy.plan_org_ids(p)
    if not orgs:
        return []
    q = (
        select(SafetyPlan)
        .options(*_LOADS)
        .where(SafetyPlan.org_id.in_(orgs))
        .order_by(SafetyPlan.starts_on.desc(), SafetyPlan.id.desc())
    )
    return list(session.scalars(q))


def overdue_reviews(session: Session, p: Principal | None, on: date) -> list[PlanReview]:
    """The reviews due before ``on`` and not held, the oldest first."""
    orgs = policy.plan_org_ids(p)
    if not orgs:
        return []
    q = (
        select(PlanReview)
        .join(SafetyPlan)
        .where(SafetyPlan.org_id.in_(orgs), PlanReview.held_on.is_(None), PlanReview.due_on < on)
        .order_by(PlanReview.due_on, PlanReview.id)
    )
    return list(session.scalars(q))


def overdue_measures(session: Session, p: Principal | None, on: date) -> list[PlanMeasure]:
    """The measures still to do whose due day is before ``on``, the oldest first."""
    orgs = policy.plan_org_ids(p)
    if not orgs:
        return []
    q = (
        select(PlanMeasure)
        .join(SafetyPlan)
        .where(
            SafetyPlan.org_id.in_(orgs),
            PlanMeasure.status.in_(MEASURE_OPEN),
            PlanMeasure.due_on < on,
        )
        .order_by(PlanMeasure.due_on, PlanMeasure.id)
    )
    return list(session.scalars(q))


def counts(session: Session, p: Principal | None, on: date) -> dict[str, int]:
    """The start page's figures: plans, overdue reviews, overdue measures."""
    orgs = policy.plan_org_ids(p)
    if not orgs:
        return {"plans": 0, "overdue_reviews": 0, "overdue_measures": 0}
    n = session.scalar(select(func.count(SafetyPlan.id)).where(SafetyPlan.org_id.in_(orgs)))
    return {
        "plans": int(n or 0),
        "overdue_reviews": len(overdue_reviews(session, p, on)),
        "overdue_measures": len(overdue_measures(session, p, on)),
    }
