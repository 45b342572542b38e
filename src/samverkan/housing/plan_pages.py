"""Pages of the safety plans, ``/boende/trygghetsplaner``: the list with the overdue reviews and
measures on top and a form for a new plan, and a plan's page with its risks (their level), its
measures (optionally linked to an EST action the editor may see) and its reviews, each with its
form. Readers who may not change (the company's samordnare) see the page without the forms;
everybody else gets 404. A refused form answers 422 with the reason in words, nothing saved."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from samverkan.actions import queries as action_queries
from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, Conflict, Invalid, NotFound
from samverkan.core.forms import errors, form
from samverkan.core.templating import render
from samverkan.core.timeutil import today
from samverkan.geo import queries as geo_queries
from samverkan.housing import plan_present, plan_queries, plan_service
from samverkan.housing.plan_models import MEASURE_STATUSES, SafetyPlan
from samverkan.housing.plan_schemas import (
    HeldIn,
    MeasureIn,
    MeasureStatusIn,
    PlanIn,
    ReviewIn,
    RiskIn,
)
from samverkan.orgs import policy
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/boende", include_in_schema=False)
REFUSED = (ValidationError, Invalid, Conflict)
BASE = "/boende/trygghetsplaner"


def _use(p: Principal) -> None:
    if not policy.plan_org_ids(p):
        raise NotFound(N_("page not found"))


def _opt(f: dict[str, str], key: str) -> str | None:
    return f.get(key) or None


def _list(request: Request, db: Any, p: Principal, **ctx: Any) -> Any:
    status = ctx.pop("status", 200)
    day = today()
    found = plan_queries.plans(db, p)
    titles = {x.id: x.title for x in found}
    editable = sorted(policy.housing_org_ids(p))
    context = {
        "plans": found,
        "titles": titles,
        "reviews": plan_queries.overdue_reviews(db, p, day),
        "measures": plan_queries.overdue_measures(db, p, day),
        "orgs": [o for o in (db.get(Organisation, i) for i in editable) if o is not None],
        "areas": geo_queries.visible_areas(db, p),
        "today": day.isoformat(),
        "form": {},
        **ctx,
    }
    return render(request, "housing/plans.html", context, status)


@router.get("/trygghetsplaner", response_class=HTMLResponse)
def plans(request: Request, db: SessionDep, p: UserDep) -> Any:
    _use(p)
    return _list(request, db, p)


@router.post("/trygghetsplaner", dependencies=[CsrfDep])
async def create(request: Request, db: SessionDep, p: UserDep) -> Response:
    _use(p)
    f = await form(request)
    editable = sorted(policy.housing_org_ids(p))
    if not editable:
        raise NotFound(N_("page not found"))
    try:
        org_id = int(f["org_id"]) if f.get("org_id", "").isdigit() else editable[0]
        data = PlanIn(
            title=f.get("title", ""),
            area_id=_opt(f, "area_id"),
            property_name=f.get("property_name", ""),
            starts_on=f.get("starts_on", ""),
            ends_on=f.get("ends_on", ""),
            review_on=_opt(f, "review_on"),
        )
        x = plan_service.create(db, p, org_id, data)
    except REFUSED as exc:
        db.rollback()
        return _list(request, db, p, form=f, errors=errors(request, exc), status=422)
    return RedirectResponse(f"{BASE}/{x.id}", status_code=303)


def _plan(db: Any, p: Principal, plan_id: int) -> SafetyPlan:
    _use(p)
    found = plan_queries.plan(db, p, plan_id)
    if found is None:
        raise NotFound(N_("safety plan %(id)s not found"), id=plan_id)
    return found


def _page(request: Request, db: Any, p: Principal, plan_id: int, **ctx: Any) -> Any:
    status = ctx.pop("status", 200)
    x = _plan(db, p, plan_id)
    day = today()
    editor = policy.can_edit_plans(p, x.org_id)
    actions = action_queries.actions(db, p) if editor else []
    linked = {m.action_id for m in x.measures if m.action_id}
    titles = {a.id: a.title for a in actions}
    for a_id in linked - set(titles):
        a = action_queries.action(db, p, a_id)
        if a is not None:
            titles[a.id] = a.title
    area = geo_queries.area(db, p, x.area_id) if x.area_id else None
    context = {
        "x": x,
        "v": plan_present.plan_out(x, day),
        "area": area,
        "editor": editor,
        "actions": actions,
        "action_titles": titles,
        "statuses": MEASURE_STATUSES,
        "levels": (1, 2, 3, 4),
        "today": day.isoformat(),
        "form": {},
        **ctx,
    }
    return render(request, "housing/plan.html", context, status)


@router.get("/trygghetsplaner/{plan_id}", response_class=HTMLResponse)
def plan_page(request: Request, db: SessionDep, p: UserDep, plan_id: int) -> Any:
    return _page(request, db, p, plan_id)


def _refused(request: Request, db: Any, p: Principal, plan_id: int, exc: Any, **ctx: Any) -> Any:
    db.rollback()
    return _page(request, db, p, plan_id, errors=errors(request, exc), status=422, **ctx)


def _back(plan_id: int, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"{BASE}/{plan_id}#{anchor}", status_code=303)


@router.post("/trygghetsplaner/{plan_id}/risker", dependencies=[CsrfDep])
async def add_risk(request: Request, db: SessionDep, p: UserDep, plan_id: int) -> Response:
    _plan(db, p, plan_id)
    f = await form(request)
    try:
        data = RiskIn(
            description=f.get("description", ""),
            likelihood=f.get("likelihood", ""),
            consequence=f.get("consequence", ""),
        )
        plan_service.add_risk(db, p, plan_id, data)
    except REFUSED as exc:
        return _refused(request, db, p, plan_id, exc, form=f, open="risk")
    return _back(plan_id, "risks")


@router.post("/trygghetsplaner/{plan_id}/atgarder", dependencies=[CsrfDep])
async def add_measure(request: Request, db: SessionDep, p: UserDep, plan_id: int) -> Response:
    _plan(db, p, plan_id)
    f = await form(request)
    try:
        data = MeasureIn(
            what=f.get("what", ""),
            owner=f.get("owner", ""),
            due_on=f.get("due_on", ""),
            risk_id=_opt(f, "risk_id"),
            action_id=_opt(f, "action_id"),
        )
        m = plan_service.add_measure(db, p, plan_id, data)
    except REFUSED as exc:
        return _refused(request, db, p, plan_id, exc, form=f, open="measure")
    return _back(plan_id, f"measure-{m.id}")


@router.post("/trygghetsplaner/{plan_id}/atgarder/{measure_id}", dependencies=[CsrfDep])
async def set_status(
    request: Request, db: SessionDep, p: UserDep, plan_id: int, measure_id: int
) -> Response:
    _plan(db, p, plan_id)
    f = await form(request)
    try:
        data = MeasureStatusIn(status=f.get("status", ""), on=f.get("on", ""))
        plan_service.set_measure_status(db, p, plan_id, measure_id, data)
    except REFUSED as exc:
        return _refused(request, db, p, plan_id, exc, form=f)
    return _back(plan_id, "measures")


@router.post("/trygghetsplaner/{plan_id}/uppfoljningar", dependencies=[CsrfDep])
async def add_review(request: Request, db: SessionDep, p: UserDep, plan_id: int) -> Response:
    _plan(db, p, plan_id)
    f = await form(request)
    try:
        data = ReviewIn(due_on=f.get("due_on", ""), note=f.get("note", ""))
        r = plan_service.add_review(db, p, plan_id, data)
    except REFUSED as exc:
        return _refused(request, db, p, plan_id, exc, form=f, open="review")
    return _back(plan_id, f"review-{r.id}")


@router.post("/trygghetsplaner/{plan_id}/uppfoljningar/{review_id}", dependencies=[CsrfDep])
async def hold_review(
    request: Request, db: SessionDep, p: UserDep, plan_id: int, review_id: int
) -> Response:
    _plan(db, p, plan_id)
    f = await form(request)
    try:
        data = HeldIn(held_on=f.get("held_on", ""), note=f.get("note", ""))
        plan_service.hold_review(db, p, plan_id, review_id, data)
    except REFUSED as exc:
        return _refused(request, db, p, plan_id, exc, form=f)
    return _back(plan_id, "reviews")
