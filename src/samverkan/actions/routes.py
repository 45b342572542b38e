"""The actions API: ``/api/v1/actions`` (+ ``.ics``) and ``/api/v1/meetings`` (Bearer token)."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response

from samverkan.actions import followup, notify, queries, service, yearly
from samverkan.actions.models import Action, Meeting
from samverkan.actions.schemas import (
    ActionEventOut,
    ActionIn,
    ActionOut,
    ActionPatch,
    ActionStatus,
    DecisionIn,
    DecisionOut,
    EvaluatedActionOut,
    EvaluationOut,
    MeetingIn,
    MeetingOut,
    TypeEvaluationOut,
)
from samverkan.core.deps import SessionDep
from samverkan.core.errors import NotFound
from samverkan.core.timeutil import today
from samverkan.orgs import queries as org_queries
from samverkan.orgs.deps import ApiDep
from samverkan.orgs.policy import Principal

api = APIRouter(prefix="/api/v1", tags=["actions"])


def evaluation_out(session: SessionDep, p: Principal | None, a: Action) -> dict[str, object] | None:
    """The follow-up of a completed action (None while it is not done)."""
    f = followup.follow_up(session, p, a, today())
    if f.status == "not_done":
        return None
    out: dict[str, object] = {"status": f.status, "categories": list(f.categories)}
    if f.before and f.after:
        out["before"] = [f.before[0].isoformat(), f.before[1].isoformat()]
        out["after"] = [f.after[0].isoformat(), f.after[1].isoformat()]
    if f.effect is not None:
        e = f.effect
        out.update(
            control_areas=list(f.control_areas),
            counts={
                "treated_before": e.treated_before,
                "treated_after": e.treated_after,
                "control_before": e.control_before,
                "control_after": e.control_after,
            },
            change_pct=round(e.change_pct, 1),
            ci_pct=[round(e.ci_low_pct, 1), round(e.ci_high_pct, 1)],
            p_value=round(e.p_value, 4),
            code=e.code,
            verdict=e.verdict,
        )
    return out


def action_out(session: SessionDep, a: Action, p: Principal | None = None) -> ActionOut:
    return ActionOut(
        id=a.id,
        group_id=a.group_id,
        decision_id=a.decision_id,
        type=a.type,
        title=a.title,
        description=a.description,
        area_id=a.area_id,
        place_name=a.place_name,
        owner_org_id=a.owner_org_id,
        owner_org=a.owner.name,
        owner_user_id=a.owner_user_id,
        team_id=a.team_id,
        start_on=a.start_on,
        due_on=a.due_on,
        hours=a.hours,
        hours_spent=a.hours_spent,
        cost_sek=a.cost_sek,
        status=a.status,
        overdue=a.status in ("planerad", "pagar") and a.due_on < today(),
        prompted_by=a.prompted_by,
        category_codes=[c for c in a.category_codes.split(",") if c],
        incident_ids=queries.incident_ids(session, a.id),
        completed_on=a.completed_on,
        evaluation=evaluation_out(session, p, a) if a.status == "klar" else None,
        history=[
            ActionEventOut(
                at=e.at,
                from_status=e.from_status,
                to_status=e.to_status,
                note=e.note,
                org_id=e.org_id,
            )
            for e in a.history
        ],
    )


def meeting_out(session: SessionDep, m: Meeting) -> MeetingOut:
    by_decision = queries.decision_action_ids(session, [d.id for d in m.decisions])
    return MeetingOut(
        id=m.id,
        group_id=m.group_id,
        held_on=m.held_on,
        starts=m.starts,
        title=m.title,
        minutes=m.minutes,
        participants=sorted(o.name for o in m.participants),
        decisions=[
            DecisionOut(id=d.id, text=d.text, action_ids=by_decision.get(d.id, []))
            for d in m.decisions
        ],
    )


@api.get("/actions", response_model=list[ActionOut], summary="The actions of your EST groups")
def list_actions(
    db: SessionDep,
    p: ApiDep,
    status: ActionStatus | None = None,
    owner: Annotated[int | None, Query(description="owning organisation id")] = None,
    overdue: Annotated[bool, Query(description="open and past their due date")] = False,
    area: Annotated[int | None, Query(description="area id")] = None,
) -> list[ActionOut]:
    rows = queries.actions(
        db,
        p,
        status=status,
        owner_org_id=owner,
        overdue_on=today() if overdue else None,
        area_id=area,
    )
    return [action_out(db, a, p) for a in rows]


@api.post("/actions", response_model=ActionOut, status_code=201, summary="Plan an action")
def create_action(request: Request, db: SessionDep, p: ApiDep, data: ActionIn) -> ActionOut:
    a = service.create_action(db, p, data)
    db.refresh(a)
    if a.owner_org_id != p.org_id:  # assigned to another organisation: tell it
        notify.assigned(request.app.state.settings, db, a)
    return action_out(db, a, p)


def _principal_for_calendar(request: Request, db: SessionDep) -> Principal:
    """A Bearer token, or ``?token=`` for calendar programs that cannot send headers."""
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        secret = request.query_params.get("token", "")
    found = org_queries.principal_for_token(db, secret.strip()) if secret.strip() else None
    if found is None:
        raise HTTPException(401, "missing or invalid token", headers={"WWW-Authenticate": "Bearer"})
    return found[0]


@api.get(
    "/actions.ics",
    summary="Every partner's planned actions as an iCalendar feed (RFC 5545)",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def actions_ics(request: Request, db: SessionDep) -> Response:
    from samverkan.actions import ical  # icalendar: loaded when a calendar is asked for

    p = _principal_for_calendar(request, db)
    body = ical.calendar(queries.open_or_recent(db, p), host=request.url.hostname or "samverkan")
    return Response(body, media_type="text/calendar; charset=utf-8")


def _pct(x: float) -> float | None:
    return round(x, 1) if math.isfinite(x) else None


def _effect(code: str, change: float, lo: float, hi: float) -> dict[str, Any]:
    known = code != "too_few" and math.isfinite(change)
    return {
        "change_pct": _pct(change) if known else None,
        "ci_pct": [round(lo, 1), round(hi, 1)] if known else None,
        "code": code,
    }


@api.get(
    "/actions/evaluation",
    response_model=EvaluationOut,
    summary="The yearly evaluation: completed actions by type with their estimated effects",
)
def evaluation(
    db: SessionDep,
    p: ApiDep,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="default: this year")] = None,
) -> EvaluationOut:
    r = yearly.report(db, p, year or today().year, today())
    types = []
    for t in r.types:
        s = t.summary
        types.append(
            TypeEvaluationOut(
                type=s.action_type,
                n_actions=s.n_actions,
                n_pooled=s.n_pooled,
                n_too_few=s.n_too_few,
                p_value=round(s.p_value, 4) if s.code != "too_few" else None,
                hours=t.hours,
                cost_sek=t.cost_sek,
                verdict=s.verdict,
                **_effect(s.code, s.change_pct, s.ci_low_pct, s.ci_high_pct),
                actions=[
                    EvaluatedActionOut(
                        id=a.id,
                        title=a.title,
                        completed_on=a.completed_on,
                        verdict=f.effect.verdict,
                        **_effect(
                            f.effect.code,
                            f.effect.change_pct,
                            f.effect.ci_low_pct,
                            f.effect.ci_high_pct,
                        ),
                    )
                    for a, f in t.actions
                    if f.effect is not None
                ],
            )
        )
    return EvaluationOut(year=r.year, types=types, too_early=[a.id for a, _f in r.too_early])


@api.get("/actions/{action_id}", response_model=ActionOut, summary="One action")
def get_action(db: SessionDep, p: ApiDep, action_id: int) -> ActionOut:
    a = queries.action(db, p, action_id)
    if a is None:
        raise NotFound("action not found")
    return action_out(db, a, p)


@api.patch("/actions/{action_id}", response_model=ActionOut, summary="Update an action")
def patch_action(db: SessionDep, p: ApiDep, action_id: int, patch: ActionPatch) -> ActionOut:
    a = service.update_action(db, p, action_id, patch)
    return action_out(db, a, p)


@api.get("/meetings", response_model=list[MeetingOut], summary="The meetings of your EST groups")
def list_meetings(db: SessionDep, p: ApiDep, group: int | None = None) -> list[MeetingOut]:
    return [meeting_out(db, m) for m in queries.meetings(db, p, group)]


@api.post("/meetings", response_model=MeetingOut, status_code=201, summary="Hold a meeting")
def create_meeting(db: SessionDep, p: ApiDep, data: MeetingIn) -> MeetingOut:
    return meeting_out(db, service.create_meeting(db, p, data))


@api.get("/meetings/{meeting_id}", response_model=MeetingOut, summary="One meeting")
def get_meeting(db: SessionDep, p: ApiDep, meeting_id: int) -> MeetingOut:
    m = queries.meeting(db, p, meeting_id)
    if m is None:
        raise NotFound("meeting not found")
    return meeting_out(db, m)


@api.post(
    "/meetings/{meeting_id}/decisions",
    response_model=MeetingOut,
    status_code=201,
    summary="A decision in the minutes, creating its actions in one step",
)
def add_decision(
    request: Request, db: SessionDep, p: ApiDep, meeting_id: int, data: DecisionIn
) -> MeetingOut:
    _decision, created = service.add_decision(db, p, meeting_id, data)
    for a in created:
        db.refresh(a)
        notify.assigned(request.app.state.settings, db, a)
    m = queries.meeting(db, p, meeting_id)
    assert m is not None
    db.refresh(m)
    return meeting_out(db, m)
