"""The rules of district plans and interventions: a plan with its goals, each goal with at
least one indicator target (a deadline required), the EST actions the editor may see and the
programs' measures linked to it; an intervention to evaluate.

A plan is kept by its owner organisation's analysts, coordinators and admins
(:func:`policy.can_edit_district_plan`); a plan or district the caller may not see is
:class:`NotFound`. Everything is checked before anything is added. The caller commits.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from samverkan.actions import queries as action_queries
from samverkan.core import audit
from samverkan.core.errors import N_, Invalid, NotFound
from samverkan.districts import queries, service
from samverkan.districts.models import (
    DistrictPlan,
    Goal,
    GoalAction,
    Intervention,
    Measure,
    Target,
)
from samverkan.districts.schemas import GoalIn, InterventionIn, MeasureIn, PlanIn, TargetIn
from samverkan.districts.service import AREA_NOT_FOUND, editor
from samverkan.orgs import policy
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal

PLAN_NOT_FOUND = N_("district plan %(id)s not found")
GOAL_NOT_FOUND = N_("goal %(id)s not found")


def _area(session: Session, p: Principal, area_id: int) -> None:
    if queries.area(session, p, area_id) is None:
        raise NotFound(AREA_NOT_FOUND, field="area_id", id=area_id)


def _targets(
    session: Session, p: Principal, area_id: int, items: list[TargetIn], field: str
) -> list[Target]:
    out = []
    for i, t in enumerate(items):
        where = f"{field}.{i}"
        ind = service.indicator(session, t.indicator, f"{where}.indicator")
        baseline = t.baseline_value
        if baseline is None:
            # an EST series needs a day after the baseline year has ended
            got = queries.series(session, p, ind, [area_id], date(t.baseline_year + 1, 12, 31))
            baseline = got.get(area_id, {}).get(t.baseline_year)
            if baseline is None:
                raise Invalid(
                    N_("no value of %(code)s in %(year)s: give the baseline"),
                    field=f"{where}.baseline_value",
                    code=ind.code,
                    year=t.baseline_year,
                )
        assert t.deadline_year is not None  # the schema requires it
        out.append(
            Target(
                indicator_id=ind.id,
                baseline_year=t.baseline_year,
                baseline_value=baseline,
                target_value=t.target_value,
                deadline_year=t.deadline_year,
            )
        )
    return out


def _measures(
    session: Session, p: Principal, owner: int, items: list[MeasureIn], field: str
) -> list[Measure]:
    out = []
    for i, m in enumerate(items):
        org = m.owner_org_id or owner
        if session.get(Organisation, org) is None:
            raise Invalid(
                N_("no such organisation: %(id)s"), field=f"{field}.{i}.owner_org_id", id=org
            )
        out.append(
            Measure(title=m.title, program=m.program, owner_org_id=org, due=m.due, status=m.status)
        )
    return out


def _actions(session: Session, p: Principal, ids: list[int], field: str) -> list[GoalAction]:
    out = []
    for action_id in dict.fromkeys(ids):
        if action_queries.action(session, p, action_id) is None:
            raise Invalid(N_("no such EST action: %(id)s"), field=field, id=action_id)
        out.append(GoalAction(action_id=action_id))
    return out


def _goal(
    session: Session, p: Principal, area_id: int, owner: int, g: GoalIn, field: str, order: int
) -> Goal:
    goal = Goal(title=g.title, description=g.description, sort_order=order)
    goal.targets = _targets(session, p, area_id, g.targets, f"{field}.targets")
    goal.measures = _measures(session, p, owner, g.measures, f"{field}.measures")
    goal.action_links = _actions(session, p, g.action_ids, f"{field}.action_ids")
    return goal


def create_plan(session: Session, p: Principal, data: PlanIn) -> DistrictPlan:
    """A district plan for the caller's organisation, with its goals."""
    owner = editor(p, data.owner_org_id)
    _area(session, p, data.area_id)
    plan = DistrictPlan(
        area_id=data.area_id,
        owner_org_id=owner,
        title=data.title,
        first_year=data.first_year,
        last_year=data.last_year,
        summary=data.summary,
    )
    plan.goals = [
        _goal(session, p, data.area_id, owner, g, f"goals.{i}", (i + 1) * 10)
        for i, g in enumerate(data.goals)
    ]
    exists = [
        x
        for x in queries.plans(session, p, data.area_id)
        if x.owner_org_id == owner and x.first_year == data.first_year
    ]
    if exists:
        raise Invalid(
            N_("the district already has this organisation's plan from %(year)s"),
            field="first_year",
            year=data.first_year,
        )
    session.add(plan)
    session.flush()
    audit.record(
        session,
        "district.plan_create",
        actor=p,
        object_type="district_plan",
        object_id=plan.id,
        org_id=owner,
        detail={"area_id": data.area_id, "goals": len(plan.goals)},
    )
    return plan


def editable_plan(session: Session, p: Principal, plan_id: int) -> DistrictPlan:
    """The plan, when ``p`` may change it (404 when it may not see it, or may not edit)."""
    plan = queries.plan(session, p, plan_id)
    if plan is None or not policy.can_edit_district_plan(p, plan.owner_org_id):
        raise NotFound(PLAN_NOT_FOUND, field="plan_id", id=plan_id)
    return plan


def add_goal(session: Session, p: Principal, plan_id: int, data: GoalIn) -> Goal:
    plan = editable_plan(session, p, plan_id)
    order = (max((g.sort_order for g in plan.goals), default=0)) + 10
    goal = _goal(session, p, plan.area_id, plan.owner_org_id, data, "goal", order)
    plan.goals.append(goal)
    session.flush()
    audit.record(
        session,
        "district.goal_add",
        actor=p,
        object_type="district_goal",
        object_id=goal.id,
        org_id=plan.owner_org_id,
        detail={"plan_id": plan.id, "targets": len(goal.targets)},
    )
    return goal


def _editable_goal(session: Session, p: Principal, goal_id: int) -> Goal:
    goal = queries.goal(session, p, goal_id)
    if goal is None or not policy.can_edit_district_plan(p, goal.plan.owner_org_id):
        raise NotFound(GOAL_NOT_FOUND, field="goal_id", id=goal_id)
    return goal


def link_action(session: Session, p: Principal, goal_id: int, action_id: int) -> Goal:
    """Link an EST action the editor may see to a goal (again: nothing changes)."""
    goal = _editable_goal(session, p, goal_id)
    if action_id not in {a.action_id for a in goal.action_links}:
        goal.action_links.extend(_actions(session, p, [action_id], "action_id"))
        session.flush()
        audit.record(
            session,
            "district.goal_link",
            actor=p,
            object_type="district_goal",
            object_id=goal.id,
            detail={"action_id": action_id},
        )
    return goal


def add_measure(session: Session, p: Principal, goal_id: int, data: MeasureIn) -> Measure:
    goal = _editable_goal(session, p, goal_id)
    (measure,) = _measures(session, p, goal.plan.owner_org_id, [data], "measure")
    goal.measures.append(measure)
    session.flush()
    audit.record(
        session,
        "district.measure_add",
        actor=p,
        object_type="district_goal",
        object_id=goal.id,
        detail={"measure_id": measure.id, "program": data.program},
    )
    return measure


def create_intervention(session: Session, p: Principal, data: InterventionIn) -> Intervention:
    """An intervention in a district from a year on, to evaluate on one indicator."""
    owner = editor(p)
    _area(session, p, data.area_id)
    ind = service.indicator(session, data.indicator, "indicator")
    item = Intervention(
        area_id=data.area_id,
        org_id=owner,
        title=data.title,
        description=data.description,
        start_year=data.start_year,
        indicator_id=ind.id,
    )
    session.add(item)
    session.flush()
    audit.record(
        session,
        "district.intervention",
        actor=p,
        object_type="district_intervention",
        object_id=item.id,
        org_id=owner,
        detail={"area_id": data.area_id, "indicator": ind.code},
    )
    return item
