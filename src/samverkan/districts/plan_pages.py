"""Pages of the district plans, ``/utveckling/planer`` (the district work's start page): the
plans the caller may see with their follow-up in counts, a form for a new plan, a plan's page
— every goal with its status and, per indicator target, the reason and a chart of the values
against the plan's path, the EST actions and program measures towards it — and the forms of
the plan's editors (a goal with its indicator targets, an EST action linked, a measure).

Readers are the partners of the district work (:func:`policy.can_read_districts`) for the
areas they may see; a plan is changed by its owner organisation's analysts, coordinators and
admins (:func:`policy.can_edit_district_plan`). Everybody else gets 404. A refused form
answers 422 with the field named, what was typed kept and nothing saved."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup
from pydantic import ValidationError

from samverkan.actions import queries as action_queries
from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, Conflict, Invalid, NotFound
from samverkan.core.forms import errors, form, gettext
from samverkan.core.templating import render
from samverkan.core.timeutil import today
from samverkan.districts import plan_forms, plan_service, present, queries, service
from samverkan.districts.charts import ChartSeries, TargetLine, line_chart
from samverkan.districts.models import DistrictPlan, Indicator
from samverkan.districts.plan_models import MEASURE_STATUSES, PROGRAMS
from samverkan.districts.present import GoalView, TargetView
from samverkan.orgs import policy
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/utveckling", include_in_schema=False)
REFUSED = (ValidationError, Invalid, Conflict)
BASE = "/utveckling/planer"
STATUSES = ("on_track", "behind", "reached", "no_data")


def use(p: Principal) -> None:
    """The district pages are for the partners of the district work only (404)."""
    service.reader(p, N_("page not found"))


def indicator_name(ind: Indicator, lang: str) -> str:
    return ind.name_sv if lang == "sv" or not ind.name_en else ind.name_en


def org_names(db: Any, ids: Any) -> dict[int, str]:
    orgs = (db.get(Organisation, i) for i in set(ids))
    return {o.id: o.name for o in orgs if o is not None}


def _editor_orgs(db: Any, p: Principal) -> list[Organisation]:
    found = (db.get(Organisation, i) for i in sorted(policy.district_editor_org_ids(p)))
    return [o for o in found if o is not None]


# -- the list ------------------------------------------------------------------------------


@router.get("/planer", response_class=HTMLResponse)
def plans(request: Request, db: SessionDep, p: UserDep) -> Any:
    use(p)
    day = today()
    found = queries.plans(db, p)
    areas = {a.id: a.name for a in queries.visible_areas(db, p)}
    counts = {x.id: Counter(g.status for g in present.follow_up(db, p, x, day)) for x in found}
    context = {
        "plans": found,
        "areas": areas,
        "owners": org_names(db, (x.owner_org_id for x in found)),
        "counts": counts,
        "statuses": STATUSES,
        "editor": policy.can_edit_districts(p),
    }
    return render(request, "districts/plans.html", context)


# -- a new plan ----------------------------------------------------------------------------


def _new(request: Request, db: Any, p: Principal, **ctx: Any) -> Any:
    status = ctx.pop("status", 200)
    year = today().year
    context = {
        "areas": queries.visible_areas(db, p),
        "orgs": _editor_orgs(db, p),
        "form": {"first_year": str(year), "last_year": str(year + 4)},
        **ctx,
    }
    return render(request, "districts/plan_new.html", context, status)


def _may_make(p: Principal) -> None:
    use(p)
    if not policy.can_edit_districts(p):
        raise NotFound(N_("page not found"))


@router.get("/planer/ny", response_class=HTMLResponse)
def new_plan(request: Request, db: SessionDep, p: UserDep) -> Any:
    _may_make(p)
    return _new(request, db, p)


@router.post("/planer/ny", dependencies=[CsrfDep])
async def create_plan(request: Request, db: SessionDep, p: UserDep) -> Response:
    _may_make(p)
    f = await form(request)
    try:
        plan = plan_service.create_plan(db, p, plan_forms.plan_in(f))
    except REFUSED as exc:
        db.rollback()
        return _new(request, db, p, form=f, errors=errors(request, exc), status=422)
    return RedirectResponse(f"{BASE}/{plan.id}", status_code=303)


# -- a plan's page -------------------------------------------------------------------------


def the_plan(db: Any, p: Principal, plan_id: int) -> DistrictPlan:
    use(p)
    found = queries.plan(db, p, plan_id)
    if found is None:
        raise NotFound(plan_service.PLAN_NOT_FOUND, id=plan_id)
    return found


def target_chart(v: TargetView, area_name: str, lang: str, tr: Any) -> Markup:
    """The target's indicator over the years against the plan's path (suppressed: a gap)."""
    pts = {pt.year: pt.value for pt in present.points(v.indicator, v.values)}
    t = v.target
    return line_chart(
        [ChartSeries(area_name, pts)],
        TargetLine(
            tr(N_("The plan's path")),
            t.baseline_year,
            t.baseline_value,
            t.deadline_year,
            t.target_value,
        ),
        unit=v.indicator.unit,
        width=520,
        height=230,
        decimals=v.indicator.decimals,
        lang=lang,
        title=indicator_name(v.indicator, lang),
    )


def goal_context(
    request: Request, db: Any, p: Principal, plan: DistrictPlan, goals: list[GoalView]
) -> dict[str, Any]:
    """The reasons, charts and names the plan's goals are shown with."""
    lang = getattr(request.state, "lang", "sv")
    tr = gettext(request)
    area = queries.area(db, p, plan.area_id)
    area_name = area.name if area else ""
    reasons: dict[int, str] = {}
    charts: dict[int, Markup] = {}
    names: dict[int, str] = {}
    for g in goals:
        for v in g.targets:
            reasons[v.target.id] = v.follow_up.reason.text(tr, lang)
            charts[v.target.id] = target_chart(v, area_name, lang, tr)
            names[v.target.id] = indicator_name(v.indicator, lang)
    titles: dict[int, str] = {}
    for a_id in {a for g in goals for a in g.action_ids}:
        action = action_queries.action(db, p, a_id)
        if action is not None:
            titles[a_id] = action.title
    owners = org_names(
        db, [plan.owner_org_id, *(m.owner_org_id for g in goals for m in g.measures)]
    )
    return {
        "area": area,
        "reasons": reasons,
        "charts": charts,
        "indicator_names": names,
        "action_titles": titles,
        "owners": owners,
    }


def _page(request: Request, db: Any, p: Principal, plan_id: int, **ctx: Any) -> Any:
    status = ctx.pop("status", 200)
    plan = the_plan(db, p, plan_id)
    goals = present.follow_up(db, p, plan, today())
    editor = policy.can_edit_district_plan(p, plan.owner_org_id)
    context = {
        "x": plan,
        "goals": goals,
        **goal_context(request, db, p, plan, goals),
        "editor": editor,
        "actions": action_queries.actions(db, p) if editor else [],
        "programs": PROGRAMS,
        "measure_statuses": MEASURE_STATUSES,
        "form": {},
        "form_goal": None,
        # the report of the last whole year, or of the plan's first year once it has begun
        "report_year": min(max(today().year - 1, plan.first_year), today().year),
        **ctx,
    }
    return render(request, "districts/plan.html", context, status)


@router.get("/planer/{plan_id}", response_class=HTMLResponse)
def plan_page(request: Request, db: SessionDep, p: UserDep, plan_id: int) -> Any:
    return _page(request, db, p, plan_id)


# -- a goal --------------------------------------------------------------------------------


def _goal_form(request: Request, db: Any, p: Principal, plan_id: int, **ctx: Any) -> Any:
    status = ctx.pop("status", 200)
    use(p)
    plan = plan_service.editable_plan(db, p, plan_id)
    context = {
        "x": plan,
        "area": queries.area(db, p, plan.area_id),
        "indicators": queries.indicators(db),
        "rows": range(plan_forms.TARGET_ROWS),
        "form": {
            "t0_baseline_year": str(plan.first_year - 1),
            "t0_deadline_year": str(plan.last_year),
        },
        **ctx,
    }
    return render(request, "districts/plan_goal.html", context, status)


@router.get("/planer/{plan_id}/mal", response_class=HTMLResponse)
def new_goal(request: Request, db: SessionDep, p: UserDep, plan_id: int) -> Any:
    return _goal_form(request, db, p, plan_id)


@router.post("/planer/{plan_id}/mal", dependencies=[CsrfDep])
async def add_goal(request: Request, db: SessionDep, p: UserDep, plan_id: int) -> Response:
    use(p)
    plan_service.editable_plan(db, p, plan_id)
    f = await form(request)
    try:
        goal = plan_service.add_goal(db, p, plan_id, plan_forms.goal_in(f))
    except REFUSED as exc:
        db.rollback()
        return _goal_form(request, db, p, plan_id, form=f, errors=errors(request, exc), status=422)
    return RedirectResponse(f"{BASE}/{plan_id}#goal-{goal.id}", status_code=303)


# -- an EST action and a measure towards a goal --------------------------------------------


def _goal_of(db: Any, p: Principal, plan_id: int, goal_id: int) -> None:
    """The goal must be the plan's, and the caller its editor (404)."""
    plan = plan_service.editable_plan(db, p, plan_id)
    if goal_id not in {g.id for g in plan.goals}:
        raise NotFound(plan_service.GOAL_NOT_FOUND, id=goal_id)


def _refused(request: Request, db: Any, p: Principal, plan_id: int, exc: Any, **ctx: Any) -> Any:
    db.rollback()
    return _page(request, db, p, plan_id, errors=errors(request, exc), status=422, **ctx)


@router.post("/planer/{plan_id}/mal/{goal_id}/est", dependencies=[CsrfDep])
async def link_action(
    request: Request, db: SessionDep, p: UserDep, plan_id: int, goal_id: int
) -> Response:
    use(p)
    _goal_of(db, p, plan_id, goal_id)
    f = await form(request)
    raw = f.get("action_id", "").lstrip("#")
    try:
        if not raw.isdigit():
            raise Invalid(N_("give the EST action's number"), field="action_ids")
        plan_service.link_action(db, p, goal_id, int(raw))
    except REFUSED as exc:
        return _refused(request, db, p, plan_id, exc, form=f, form_goal=goal_id)
    return RedirectResponse(f"{BASE}/{plan_id}#goal-{goal_id}", status_code=303)


@router.post("/planer/{plan_id}/mal/{goal_id}/atgarder", dependencies=[CsrfDep])
async def add_measure(
    request: Request, db: SessionDep, p: UserDep, plan_id: int, goal_id: int
) -> Response:
    use(p)
    _goal_of(db, p, plan_id, goal_id)
    f = await form(request)
    try:
        m = plan_service.add_measure(db, p, goal_id, plan_forms.measure_in(f))
    except REFUSED as exc:
        return _refused(request, db, p, plan_id, exc, form=f, form_goal=goal_id)
    return RedirectResponse(f"{BASE}/{plan_id}#measure-{m.id}", status_code=303)
