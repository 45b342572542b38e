"""The presence API: ``/api/v1/teams`` and ``/api/v1/presence-plans`` (Bearer token, read only:
a samordnare keeps teams and makes plans on the pages)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from samverkan.core.deps import SessionDep
from samverkan.core.errors import NotFound
from samverkan.orgs.deps import ApiDep
from samverkan.presence import present, queries
from samverkan.presence.models import Team
from samverkan.presence.schemas import MemberOut, PlanOut, TeamOut

api = APIRouter(prefix="/api/v1", tags=["presence"])


def team_out(t: Team) -> TeamOut:
    return TeamOut(
        id=t.id,
        group_id=t.group_id,
        area_id=t.area_id,
        area_name=t.area.name,
        name=t.name,
        min_hours=t.min_hours,
        hours=t.hours,
        members=[
            MemberOut(
                id=m.id,
                name=m.name,
                role=m.role,
                org_id=m.org_id,
                org_name=m.org.name,
                hours=m.hours,
            )
            for m in t.members
        ],
    )


@api.get("/teams", response_model=list[TeamOut], summary="The area teams of your EST groups")
def list_teams(db: SessionDep, p: ApiDep, group: int | None = None) -> list[TeamOut]:
    return [team_out(t) for t in queries.teams(db, p, group)]


@api.get("/teams/{team_id}", response_model=TeamOut, summary="One area team")
def get_team(db: SessionDep, p: ApiDep, team_id: int) -> TeamOut:
    t = queries.team(db, p, team_id)
    if t is None:
        raise NotFound("team not found")
    return team_out(t)


@api.get(
    "/presence-plans",
    response_model=list[PlanOut],
    summary="Your EST groups' presence plans, the latest week first",
)
def list_plans(db: SessionDep, p: ApiDep) -> list[PlanOut]:
    return [present.plan_out(x) for x in queries.plans(db, p)]


@api.get(
    "/presence-plans/{plan_id}.ics",
    summary="A presence plan as iCalendar (RFC 5545)",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def plan_ics(db: SessionDep, p: ApiDep, plan_id: int) -> Response:
    plan = queries.plan(db, p, plan_id)
    if plan is None:
        raise NotFound("presence plan not found")
    return Response(present.to_ical(plan), media_type="text/calendar; charset=utf-8")


@api.get("/presence-plans/{plan_id}", response_model=PlanOut, summary="One presence plan")
def get_plan(db: SessionDep, p: ApiDep, plan_id: int) -> PlanOut:
    plan = queries.plan(db, p, plan_id)
    if plan is None:
        raise NotFound("presence plan not found")
    return present.plan_out(plan)
