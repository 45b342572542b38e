"""Writes of teams and presence plans, and the capacity check of actions given to a team.

A samordnare of the EST group keeps its teams and makes the plans; every member of the group
sees them. A plan is made for a week from the teams as they are then, and replaces the group's
earlier plan for that week; the solver's reasons for an infeasible plan come back in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.errors import N_, Conflict, Invalid, NotFound, PermissionDenied
from samverkan.core.timeutil import IsoWeek
from samverkan.geo import queries as geo_queries
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal
from samverkan.orgs.queries import group_org_ids
from samverkan.presence import holds, queries, risk
from samverkan.presence.models import PresencePlan, PresenceStint, Team, TeamMember
from samverkan.presence.schemas import MemberIn, TeamIn

if TYPE_CHECKING:
    from samverkan.presence.analysis.solver import Plan

# A plan is made while someone waits: HiGHS stops here with the best plan found (its status then
# says "time limit"); the benchmark's 3 districts × 40 people take about a second.
INTERACTIVE_SECONDS = 15.0

# The solver's names of the roles.
SOLVER_ROLE = {
    "trygghetsvard": "trygghetsvärd",
    "brobyggare": "brobyggare",
    "faltarbetare": "fältarbetare",
    "stadsdelssamordnare": "stadsdelssamordnare",
}


def _may_plan(p: Principal, group_id: int) -> None:
    if not policy.in_group(p, group_id):
        raise NotFound(N_("group %(id)s not found"), field="group_id", id=group_id)
    if not policy.can_plan(p, group_id):
        raise PermissionDenied(N_("only a samordnare of the group keeps its teams and plans"))


def _member(session: Session, group_id: int, data: MemberIn) -> TeamMember:
    if data.org_id not in group_org_ids(session, group_id):
        raise Invalid(
            N_("org_id %(id)s is not an organisation of the group"), field="org_id", id=data.org_id
        )
    return TeamMember(name=data.name, role=data.role, org_id=data.org_id, hours=data.hours)


def create_team(session: Session, p: Principal, data: TeamIn) -> Team:
    """A new team of the group in a district it sees, with its members."""
    _may_plan(p, data.group_id)
    area = geo_queries.area(session, p, data.area_id)
    if area is None:
        raise NotFound(N_("area %(id)s not found"), field="area_id", id=data.area_id)
    if queries.team_for_area(session, data.group_id, {data.area_id}) is not None:
        raise Invalid(
            N_("the group already has a team in %(area)s"),
            field="area_id",
            area=area.name if area else data.area_id,
        )
    if any(t.name == data.name for t in queries.teams(session, p, data.group_id)):
        raise Invalid(
            N_("the group already has a team named %(name)s"), field="name", name=data.name
        )
    team = Team(
        group_id=data.group_id, area_id=data.area_id, name=data.name, min_hours=data.min_hours
    )
    team.members = [_member(session, data.group_id, m) for m in data.members]
    session.add(team)
    session.flush()
    audit.record(session, "team.create", actor=p, object_type="team", object_id=team.id)
    return team


def add_member(session: Session, p: Principal, team_id: int, data: MemberIn) -> TeamMember:
    team = queries.team(session, p, team_id)
    if team is None:
        raise NotFound(N_("team %(id)s not found"), field="team_id", id=team_id)
    _may_plan(p, team.group_id)
    m = _member(session, team.group_id, data)
    team.members.append(m)
    session.flush()
    audit.record(session, "team.member_add", actor=p, object_type="team", object_id=team.id)
    return m


def remove_member(session: Session, p: Principal, member_id: int) -> Team:
    m = queries.member(session, p, member_id)
    if m is None:
        raise NotFound(N_("team member %(id)s not found"), id=member_id)
    team = m.team
    _may_plan(p, team.group_id)
    _keeps_minimum(team, team.hours - m.hours)
    team.members.remove(m)
    session.flush()
    audit.record(
        session,
        "team.member_remove",
        actor=p,
        object_type="team",
        object_id=team.id,
        detail={"member": m.name, "role": m.role, "hours": m.hours},
    )
    return team


def set_member_hours(session: Session, p: Principal, member_id: int, hours: float) -> Team:
    """A member's available hours a week (0–56)."""
    m = queries.member(session, p, member_id)
    if m is None:
        raise NotFound(N_("team member %(id)s not found"), id=member_id)
    _may_plan(p, m.team.group_id)
    if not 0 <= hours <= 56:
        raise Invalid(N_("hours must be 0–56 a week, not %(n)s"), field="hours", n=f"{hours:g}")
    _keeps_minimum(m.team, m.team.hours - m.hours + hours)
    m.hours = hours
    session.flush()
    audit.record(
        session,
        "team.member_hours",
        actor=p,
        object_type="team",
        object_id=m.team_id,
        detail={"member": m.name, "hours": hours},
    )
    return m.team


def _keeps_minimum(team: Team, hours: float) -> None:
    """Refuse a change that leaves the team fewer hours a week than its district's minimum."""
    if hours < team.min_hours - 1e-9:
        raise Invalid(
            N_(
                "%(team)s would have %(left)s h a week, less than the %(min)s h its district "
                "must get: lower the team's least hours first"
            ),
            field="hours",
            team=team.name,
            left=f"{hours:g}",
            min=f"{team.min_hours:g}",
        )


def set_minimum(session: Session, p: Principal, team_id: int, min_hours: float) -> Team:
    """The least hours a week the team's district gets in a plan (at most the team's hours)."""
    team = queries.team(session, p, team_id)
    if team is None:
        raise NotFound(N_("team %(id)s not found"), field="team_id", id=team_id)
    _may_plan(p, team.group_id)
    if not 0 <= min_hours <= team.hours:
        raise Invalid(
            N_("min_hours must be 0–%(max)s: the team's members have %(max)s h a week"),
            field="min_hours",
            max=f"{team.hours:g}",
        )
    team.min_hours = min_hours
    session.flush()
    audit.record(
        session,
        "team.minimum",
        actor=p,
        object_type="team",
        object_id=team.id,
        detail={"min_hours": min_hours},
    )
    return team


@dataclass(frozen=True)
class Draft:
    """A solved plan not yet kept: what :func:`keep_plan` writes."""

    group_id: int
    week: IsoWeek
    best: Plan
    greedy_objective: float
    members: dict[str, TeamMember]  # the solver's person → the member
    spots: dict[str, risk.Spot]  # the solver's place → where it is


def solve_plan(session: Session, p: Principal, group_id: int, week: IsoWeek) -> Draft:
    """Solve the group's presence plan for ``week`` from the teams as they are now, leaving free
    the hours their actions hold that week (:mod:`presence.holds`). Writes nothing: a route can
    do this in a reading transaction, so that the solver's seconds never hold the database's one
    writer (SQLite) while reporters wait."""
    from samverkan.presence.analysis import solver  # scipy: loaded when first asked

    _may_plan(p, group_id)
    teams = [t for t in queries.teams(session, p, group_id) if t.members]
    if not teams:
        raise Invalid(N_("the group has no team with members: add a team first"), field="teams")
    places, spots = risk.places(session, p, teams, week)
    held = holds.in_week(session, teams, week.monday)
    people = [
        solver.Person(
            id=_person(m),
            district=risk.district_name(t),
            role=SOLVER_ROLE[m.role],
            hours=m.hours * free_share(t, held[t.id]),
        )
        for t in teams
        for m in t.members
    ]
    # The hours the team's actions hold are hours in its district: they count to its minimum.
    minimum = {risk.district_name(t): t.min_hours - held[t.id] for t in teams}
    options = solver.PlanOptions(
        min_hours_per_district={d: h for d, h in minimum.items() if h > 0},
        time_limit=INTERACTIVE_SECONDS,
    )
    try:
        best = solver.plan(people, places, options)
    except solver.PlanError as exc:
        raise Invalid(N_("no plan: %(reason)s"), field="teams", reason=str(exc)) from None
    return Draft(
        group_id=group_id,
        week=week,
        best=best,
        greedy_objective=solver.greedy(people, places, options).objective,
        members={_person(m): m for t in teams for m in t.members},
        spots=spots,
    )


def keep_plan(session: Session, p: Principal, draft: Draft) -> PresencePlan:
    """Keep a solved plan, replacing the group's earlier plan for the week. A member removed
    while it was solved, or another plan of the week kept meanwhile, refuses it in words."""
    _may_plan(p, draft.group_id)
    ids = {m.id for m in draft.members.values()}
    present = set(session.scalars(select(TeamMember.id).where(TeamMember.id.in_(ids))))
    if present != ids:
        raise Conflict(
            N_("the teams changed while the plan was being made: make the plan again"),
            field="teams",
        )
    week = draft.week
    session.execute(
        delete(PresencePlan).where(
            PresencePlan.group_id == draft.group_id, PresencePlan.week == week.monday
        )
    )
    plan = PresencePlan(
        group_id=draft.group_id,
        week=week.monday,
        status=draft.best.status,
        objective=draft.best.objective,
        greedy_objective=draft.greedy_objective,
        created_by_user_id=p.user_id,
    )
    for a in draft.best.assignments:
        spot = draft.spots.get(a.place) if a.place is not None else None
        who = draft.members[a.person]
        plan.stints.append(
            PresenceStint(
                member_id=who.id,
                person=who.name,
                role=who.role,
                team=who.team.name,
                place=spot.label if spot else "",
                lat=spot.lat if spot else None,
                lon=spot.lon if spot else None,
                start_hour=a.start,
                end_hour=a.end,
            )
        )
    try:
        with session.begin_nested():
            session.add(plan)
            session.flush()
    except IntegrityError:  # PostgreSQL: another plan of the week kept at the same moment
        raise Conflict(
            N_("a plan for %(week)s was made at the same moment: reload the page"),
            field="week",
            week=str(week),
        ) from None
    audit.record(
        session,
        "presence_plan.create",
        actor=p,
        object_type="presence_plan",
        object_id=plan.id,
        detail={"week": str(week), "stints": len(plan.stints)},
    )
    return plan


def free_share(team: Team, held: float) -> float:
    """The share of each member's hours left to plan when the team's actions hold ``held`` h
    of the week (every member gives up the same share)."""
    return max(0.0, 1.0 - held / team.hours) if team.hours > 0 else 0.0


def make_plan(session: Session, p: Principal, group_id: int, week: IsoWeek) -> PresencePlan:
    """Solve the group's presence plan for ``week`` and keep it, in one transaction."""
    return keep_plan(session, p, solve_plan(session, p, group_id, week))


def _person(m: TeamMember) -> str:
    return f"{m.name} (#{m.id})"
