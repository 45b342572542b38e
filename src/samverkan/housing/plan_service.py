"""Safety plans: a housing company's plan, its risks, measures and reviews.

- Only a housing company (an organisation of the kind ``bostadsbolag``) or a municipality (its
  housing unit, whose flats En väg in sublets) has plans, made and changed by its case workers
  and admins; its owner is one of the organisation's users.
- A measure may name one of the plan's risks, and an EST action the editor may see (through
  :mod:`samverkan.actions.queries`); another's action is refused as if it did not exist.
- A measure is done on a day not before the plan's start; a review is held on a day.

Every write checks first and is audited with ids and codes only; the caller commits."""

from __future__ import annotations

from sqlalchemy.orm import Session

from samverkan.actions import queries as action_queries
from samverkan.core import audit
from samverkan.core.errors import N_, Invalid, NotFound
from samverkan.geo import queries as geo_queries
from samverkan.housing import plan_queries
from samverkan.housing.plan_models import PlanMeasure, PlanReview, PlanRisk, SafetyPlan
from samverkan.housing.plan_schemas import (
    HeldIn,
    MeasureIn,
    MeasureStatusIn,
    PlanIn,
    ReviewIn,
    RiskIn,
)
from samverkan.orgs import policy
from samverkan.orgs import queries as org_queries
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal

PLAN_KINDS = ("bostadsbolag", "kommun")


def create(session: Session, p: Principal, org_id: int, data: PlanIn) -> SafetyPlan:
    """A plan of the housing company ``org_id``, with its first review day if given."""
    org = session.get(Organisation, org_id)
    if org is None or not policy.can_edit_plans(p, org_id):
        raise NotFound(N_("organisation not found"))
    if org.kind not in PLAN_KINDS:
        raise Invalid(
            N_("only a housing company or a municipality makes safety plans"), field="org_id"
        )
    geo_queries.check_district(session, p, data.area_id, field="area_id")
    owner = data.owner_user_id or p.user_id
    if owner is not None and org_id not in org_queries.user_org_ids(session, owner):
        raise Invalid(N_("the owner must be a user of the housing company"), field="owner_user_id")
    if data.review_on is not None and data.review_on < data.starts_on:
        raise Invalid(N_("cannot be before the period starts"), field="review_on")
    plan = SafetyPlan(
        org_id=org_id,
        title=data.title.strip(),
        area_id=data.area_id,
        property_name=data.property_name.strip(),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        owner_user_id=owner,
    )
    if data.review_on is not None:
        plan.reviews.append(PlanReview(due_on=data.review_on))
    session.add(plan)
    session.flush()
    audit.record(
        session,
        "plan.create",
        actor=p,
        object_type="safety_plan",
        object_id=plan.id,
        org_id=plan.org_id,
        detail={},
    )
    return plan


def _plan(session: Session, p: Principal, plan_id: int) -> SafetyPlan:
    found = plan_queries.plan(session, p, plan_id)
    if found is None:
        raise NotFound(N_("safety plan %(id)s not found"), id=plan_id)
    if not policy.can_edit_plans(p, found.org_id):
        raise NotFound(N_("safety plan %(id)s not found"), id=plan_id)
    return found


def add_risk(session: Session, p: Principal, plan_id: int, data: RiskIn) -> PlanRisk:
    plan = _plan(session, p, plan_id)
    risk = PlanRisk(
        description=data.description.strip(),
        likelihood=data.likelihood,
        consequence=data.consequence,
    )
    plan.risks.append(risk)
    session.flush()
    audit.record(
        session,
        "plan.risk",
        actor=p,
        object_type="safety_plan",
        object_id=plan.id,
        org_id=plan.org_id,
        detail={"risk_id": risk.id},
    )
    return risk


def add_measure(session: Session, p: Principal, plan_id: int, data: MeasureIn) -> PlanMeasure:
    plan = _plan(session, p, plan_id)
    if data.risk_id is not None and data.risk_id not in {r.id for r in plan.risks}:
        raise Invalid(N_("no such risk in this plan"), field="risk_id")
    if data.action_id is not None and action_queries.action(session, p, data.action_id) is None:
        raise Invalid(N_("no such EST action"), field="action_id")
    measure = PlanMeasure(
        what=data.what.strip(),
        owner=data.owner.strip(),
        due_on=data.due_on,
        risk_id=data.risk_id,
        action_id=data.action_id,
    )
    plan.measures.append(measure)
    session.flush()
    audit.record(
        session,
        "plan.measure",
        actor=p,
        object_type="safety_plan",
        object_id=plan.id,
        org_id=plan.org_id,
        detail={"measure_id": measure.id},
    )
    return measure


def set_measure_status(
    session: Session, p: Principal, plan_id: int, measure_id: int, data: MeasureStatusIn
) -> PlanMeasure:
    plan = _plan(session, p, plan_id)
    measure = next((m for m in plan.measures if m.id == measure_id), None)
    if measure is None:
        raise NotFound(N_("measure %(id)s not found"), id=measure_id)
    if data.on < plan.starts_on:
        raise Invalid(
            N_("cannot be before the plan starts (%(day)s)"),
            field="on",
            day=plan.starts_on.isoformat(),
        )
    measure.status = data.status
    measure.done_on = data.on if data.status == "done" else None
    session.flush()
    audit.record(
        session,
        "plan.measure_status",
        actor=p,
        object_type="safety_plan",
        object_id=plan.id,
        org_id=plan.org_id,
        detail={"measure_id": measure.id, "status": data.status},
    )
    return measure


def add_review(session: Session, p: Principal, plan_id: int, data: ReviewIn) -> PlanReview:
    """A review day; held now when ``held_on`` is given."""
    plan = _plan(session, p, plan_id)
    review = PlanReview(due_on=data.due_on, held_on=data.held_on, note=data.note.strip())
    plan.reviews.append(review)
    session.flush()
    audit.record(
        session,
        "plan.review",
        actor=p,
        object_type="safety_plan",
        object_id=plan.id,
        org_id=plan.org_id,
        detail={"review_id": review.id},
    )
    return review


def hold_review(
    session: Session, p: Principal, plan_id: int, review_id: int, data: HeldIn
) -> PlanReview:
    """Record a planned review as held."""
    plan = _plan(session, p, plan_id)
    review = next((r for r in plan.reviews if r.id == review_id), None)
    if review is None:
        raise NotFound(N_("review %(id)s not found"), id=review_id)
    if data.held_on < plan.starts_on:
        raise Invalid(
            N_("cannot be before the plan starts (%(day)s)"),
            field="held_on",
            day=plan.starts_on.isoformat(),
        )
    review.held_on, review.note = data.held_on, data.note.strip()
    session.flush()
    audit.record(
        session,
        "plan.review",
        actor=p,
        object_type="safety_plan",
        object_id=plan.id,
        org_id=plan.org_id,
        detail={"review_id": review.id},
    )
    return review
