"""Presence pages (Närvaro): the group's area teams with their members and hours, the form to
make a week's presence plan, and the plan as a timetable, a printable PDF and iCalendar."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from samverkan.core.deps import SessionDep, begin_writing, reads_first
from samverkan.core.errors import N_, Invalid, NotFound
from samverkan.core.templating import pdf_response, render
from samverkan.core.timeutil import IsoWeek, current_week
from samverkan.geo import queries as geo_queries
from samverkan.orgs import policy
from samverkan.orgs import queries as org_queries
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal
from samverkan.presence import holds, present, queries, service
from samverkan.presence.models import ROLES
from samverkan.presence.schemas import MemberIn, TeamIn

router = APIRouter(prefix="/narvaro", include_in_schema=False)


def _fields(form: Any) -> dict[str, str]:
    return {k: str(v).strip() for k, v in form.items() if isinstance(v, str)}


def _number(fields: dict[str, str], name: str, default: str = "0") -> float:
    try:
        value = float((fields.get(name) or default).replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise Invalid(
            N_("the least hours a week must be a number, e.g. 20")
            if name == "min_hours"
            else N_("hours a week must be a number, e.g. 20 or 16,5"),
            field=name,
        )
    return value


def _forms(db: Any, p: Principal) -> dict[str, Any]:
    """What the forms offer: the groups ``p`` plans for, their districts and organisations."""
    groups = [g for g in org_queries.visible_groups(db, p) if policy.can_plan(p, g.id)]
    member_orgs = set().union(*(org_queries.group_org_ids(db, g.id) for g in groups))
    return {
        "groups": groups,
        "can_plan": bool(groups),
        "planners": {g.id for g in groups},
        "areas": geo_queries.visible_areas(db, p),
        "orgs": sorted(
            (o for o in org_queries.visible_orgs(db, p) if o.id in member_orgs),
            key=lambda o: o.name,
        ),
        "roles": ROLES,
    }


@router.get("", response_class=HTMLResponse)
def presence_page(request: Request, db: SessionDep, p: UserDep) -> HTMLResponse:
    ctx = _forms(db, p)
    ctx.update(
        teams=queries.teams(db, p), plans=queries.plans(db, p), next_week=str(current_week() + 1)
    )
    return render(request, "presence/index.html", ctx)


@router.post("/team", dependencies=[CsrfDep])
async def team_create(request: Request, db: SessionDep, p: UserDep) -> Response:
    f = _fields(await request.form())
    min_hours = _number(f, "min_hours")
    try:
        data = TeamIn(
            group_id=int(f.get("group_id") or 0),
            area_id=int(f.get("area_id") or 0),
            name=f.get("name", ""),
            min_hours=min_hours,
        )
    except ValidationError as exc:
        if exc.errors()[0]["loc"] == ("min_hours",):
            raise Invalid(N_("min_hours must be 0–2000 hours a week"), field="min_hours") from None
        raise Invalid(N_("a team needs a group, a district and a name"), field="name") from None
    except ValueError:
        raise Invalid(N_("a team needs a group, a district and a name"), field="name") from None
    team = service.create_team(db, p, data)
    return RedirectResponse(f"/narvaro/team/{team.id}", status_code=303)


@router.get("/team/{team_id}", response_class=HTMLResponse)
def team_page(request: Request, db: SessionDep, p: UserDep, team_id: int) -> HTMLResponse:
    team = queries.team(db, p, team_id)
    if team is None:
        raise NotFound(N_("team %(id)s not found"), id=team_id)
    ctx = _forms(db, p)
    ctx["t"] = team
    return render(request, "presence/team.html", ctx)


@router.post("/team/{team_id}/medlem", dependencies=[CsrfDep])
async def member_add(request: Request, db: SessionDep, p: UserDep, team_id: int) -> Response:
    f = _fields(await request.form())
    hours = _number(f, "hours")
    try:
        data = MemberIn(
            name=f.get("name", ""),
            role=f.get("role", ""),
            org_id=int(f.get("org_id") or 0),
            hours=hours,
        )
    except (ValueError, ValidationError):
        raise Invalid(
            N_("a member needs a name, a role, an employer and 0–56 hours a week"), field="hours"
        ) from None
    m = service.add_member(db, p, team_id, data)
    return RedirectResponse(f"/narvaro/team/{team_id}#medlem-{m.id}", status_code=303)


@router.post("/medlem/{member_id}/timmar", dependencies=[CsrfDep])
def member_hours(
    db: SessionDep, p: UserDep, member_id: int, hours: Annotated[str, Form()] = ""
) -> Response:
    team = service.set_member_hours(db, p, member_id, _number({"hours": hours}, "hours", ""))
    return RedirectResponse(f"/narvaro/team/{team.id}#medlem-{member_id}", status_code=303)


@router.post("/team/{team_id}/minimum", dependencies=[CsrfDep])
def team_minimum(
    db: SessionDep, p: UserDep, team_id: int, min_hours: Annotated[str, Form()] = ""
) -> Response:
    service.set_minimum(db, p, team_id, _number({"min_hours": min_hours}, "min_hours", ""))
    return RedirectResponse(f"/narvaro/team/{team_id}", status_code=303)


@router.post("/medlem/{member_id}/ta-bort", dependencies=[CsrfDep])
def member_remove(db: SessionDep, p: UserDep, member_id: int) -> Response:
    team = service.remove_member(db, p, member_id)
    return RedirectResponse(f"/narvaro/team/{team.id}", status_code=303)


@router.post("/plan", dependencies=[CsrfDep])
@reads_first
def plan_create(
    db: SessionDep,
    p: UserDep,
    group_id: Annotated[str, Form()] = "",
    week: Annotated[str, Form()] = "",
) -> Response:
    """Solve the plan while only reading, then keep it in a short writing transaction (a plain
    function: FastAPI runs it in a worker thread, so the solver never holds up the event loop)."""
    try:
        chosen = IsoWeek.parse_loose(week, ahead=True) if week.strip() else current_week() + 1
    except ValueError as exc:
        raise Invalid(N_("week: %(why)s"), field="week", why=str(exc)) from None
    if not group_id.strip().isdigit():
        raise Invalid(N_("choose the EST group"), field="group_id")
    draft = service.solve_plan(db, p, int(group_id), chosen)
    begin_writing(db)
    plan = service.keep_plan(db, p, draft)
    return RedirectResponse(f"/narvaro/plan/{plan.id}", status_code=303)


def _plan(db: Any, p: Principal, plan_id: int) -> Any:
    plan = queries.plan(db, p, plan_id)
    if plan is None:
        raise NotFound(N_("presence plan not found"))
    return plan


def _context(plan: Any) -> dict[str, Any]:
    week = IsoWeek.of(plan.week)
    return {
        "plan": plan,
        "week": week,
        "days": present.DAY_NAMES,
        "timetable": present.timetable(plan),
        "by_place": present.by_place(plan),
        "hours": present.total_hours(plan),
        "span": present.span,
        "ratio": plan.objective / plan.greedy_objective if plan.greedy_objective else None,
    }


@router.get("/plan/{plan_id}", response_class=HTMLResponse)
def plan_page(request: Request, db: SessionDep, p: UserDep, plan_id: int) -> HTMLResponse:
    plan = _plan(db, p, plan_id)
    ctx = _context(plan)
    ctx["can_plan"] = policy.can_plan(p, plan.group_id)
    teams = queries.teams(db, p, plan.group_id)
    ctx["team_weeks"] = present.team_weeks(plan, teams, holds.in_week(db, teams, plan.week))
    return render(request, "presence/plan.html", ctx)


@router.get("/plan/{plan_id}/pdf")
def plan_pdf(request: Request, db: SessionDep, p: UserDep, plan_id: int) -> Response:
    """The timetable on A4 landscape, marked for the group only."""
    plan = _plan(db, p, plan_id)
    name = f"narvaroplan-{IsoWeek.of(plan.week)}.pdf"
    return pdf_response(request, "presence/plan_print.html", _context(plan), name)


@router.get("/plan/{plan_id}/ics")
def plan_ics(db: SessionDep, p: UserDep, plan_id: int) -> Response:
    plan = _plan(db, p, plan_id)
    name = f"narvaroplan-{IsoWeek.of(plan.week)}.ics"
    return Response(
        present.to_ical(plan),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
