"""Action pages (Insatser): the group's actions with overdue ones first, and one action with its
history and follow-up; an incident's page lists the actions taken about it."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy import select

from samverkan.actions import agenda, coordination, followup, queries, service, yearly
from samverkan.actions.models import (
    ACTION_STATUS_LABELS,
    ACTION_STATUSES,
    ACTION_TYPE_LABELS,
    ACTION_TYPES,
    Action,
    action_incident,
)
from samverkan.actions.schemas import ActionIn, DecisionIn, MeetingIn
from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, BadRequest, Invalid, NotFound
from samverkan.core.templating import pdf_response, register_labels, render
from samverkan.core.timeutil import IsoWeek, current_week, today
from samverkan.geo import queries as geo_queries
from samverkan.incidents import present
from samverkan.orgs import policy
from samverkan.orgs import queries as org_queries
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/insatser", include_in_schema=False)
meetings = APIRouter(prefix="/moten", include_in_schema=False)
register_labels("action_type", ACTION_TYPE_LABELS)
register_labels("action_status", ACTION_STATUS_LABELS)


@router.get("", response_class=HTMLResponse)
def action_list(
    request: Request, db: SessionDep, p: UserDep, status: str | None = None
) -> HTMLResponse:
    chosen = status if status in ACTION_STATUSES else None
    rows = queries.actions(db, p, status=chosen)
    now = today()
    overdue = [a for a in rows if a.status in ("planerad", "pagar") and a.due_on < now]
    rest = [a for a in rows if a not in overdue]
    return render(
        request,
        "actions/list.html",
        {"overdue": overdue, "rest": rest, "statuses": ACTION_STATUSES, "status": chosen},
    )


@router.get("/kalender", response_class=HTMLResponse)
def calendar_page(
    request: Request, db: SessionDep, p: UserDep, fran: str = "", veckor: int = 12
) -> HTMLResponse:
    """Every partner's actions and presence per area and week, with overlaps and gaps."""
    now = current_week()
    try:
        first = IsoWeek.parse_loose(fran, ahead=True) if fran else now - 2
    except ValueError as exc:
        raise BadRequest(N_("fran: %(why)s"), field="fran", why=str(exc)) from None
    if not 1 <= veckor <= 52:
        raise BadRequest(N_("veckor must be 1–52, not %(n)s"), field="veckor", n=veckor)
    grid = coordination.grid(db, p, first, veckor, now)
    return render(
        request,
        "actions/calendar.html",
        {
            "grid": grid,
            "gaps": [
                (area, ", ".join(IsoWeek.of(w).label() for w in weeks)) for area, weeks in grid.gaps
            ],
            "first": first,
            "n": veckor,
            "now": now.monday,
            "earlier": first - 4,
            "later": first + 4,
            "week_of": IsoWeek.of,
        },
    )


@router.get("/utvardering", response_class=HTMLResponse)
def evaluation_page(
    request: Request, db: SessionDep, p: UserDep, ar: int | None = None
) -> HTMLResponse:
    """The yearly evaluation: the year's completed actions by type with their effects."""
    now = today()
    year = ar or now.year
    if not 2000 <= year <= now.year + 1:
        raise BadRequest(N_("ar must be a year from 2000, not %(n)s"), field="ar", n=year)
    return render(
        request,
        "actions/evaluation.html",
        {"r": yearly.report(db, p, year, now), "years": range(now.year, now.year - 5, -1)},
    )


@router.get("/{action_id}", response_class=HTMLResponse)
def action_detail(request: Request, db: SessionDep, p: UserDep, action_id: int) -> HTMLResponse:
    a = queries.action(db, p, action_id)
    if a is None:
        raise NotFound(N_("action not found"))
    return render(
        request,
        "actions/detail.html",
        {
            "a": a,
            "follow": followup.follow_up(db, p, a, today()),
            "incident_ids": queries.incident_ids(db, a.id),
        },
    )


Section = tuple[str, list[tuple[str, str]]]


def _incident_actions(db: Any, p: Principal | None, inc: Any) -> Section | None:
    """What was done about an incident: the actions that name it, as the reader may see them
    (the title is a message id: the page translates it)."""
    ids = queries.group_ids(p)
    if not ids:
        return None
    rows = db.scalars(
        select(Action)
        .join(action_incident, action_incident.c.action_id == Action.id)
        .where(action_incident.c.incident_id == inc.id, Action.group_id.in_(ids))
        .order_by(Action.due_on)
    ).all()
    if not rows:
        return None
    items = [(f"{a.title} – {a.owner.name}, {a.due_on}", f"/insatser/{a.id}") for a in rows]
    return N_("What was done about it"), items


present.register_detail_section(_incident_actions)


def _meeting_context(db: Any, p: Principal, meeting_id: int) -> dict[str, Any]:
    m = queries.meeting(db, p, meeting_id)
    if m is None:
        raise NotFound(N_("meeting not found"))
    by_decision: dict[int, list[Action]] = {}
    for a in db.scalars(select(Action).where(Action.decision_id.in_([d.id for d in m.decisions]))):
        by_decision.setdefault(a.decision_id, []).append(a)
    return {"m": m, "ag": agenda.agenda(db, p, m), "decision_actions": by_decision}


@meetings.get("", response_class=HTMLResponse)
def meeting_list(request: Request, db: SessionDep, p: UserDep) -> HTMLResponse:
    groups = [g for g in org_queries.visible_groups(db, p) if policy.can_plan(p, g.id)]
    return render(
        request,
        "actions/meetings.html",
        {
            "meetings": queries.meetings(db, p),
            "groups": groups,
            "can_plan": bool(groups),
            "today": today().isoformat(),
        },
    )


@meetings.post("", dependencies=[CsrfDep])
async def meeting_create(request: Request, db: SessionDep, p: UserDep) -> Response:
    form = await request.form()
    try:
        data = MeetingIn(
            group_id=int(str(form.get("group_id") or "0")),
            held_on=date.fromisoformat(str(form.get("held_on") or "")),
            starts=str(form.get("starts") or "09:00"),
            title=f"EST-möte {form.get('held_on')}",
        )
    except (ValueError, ValidationError):
        raise Invalid(N_("give the meeting's group, date (YYYY-MM-DD) and time (HH:MM)")) from None
    m = service.create_meeting(db, p, data)
    return RedirectResponse(f"/moten/{m.id}", status_code=303)


@meetings.get("/{meeting_id}", response_class=HTMLResponse)
def meeting_page(request: Request, db: SessionDep, p: UserDep, meeting_id: int) -> HTMLResponse:
    ctx = _meeting_context(db, p, meeting_id)
    m = ctx["m"]
    ctx.update(
        can_plan=policy.can_plan(p, m.group_id),
        types=ACTION_TYPES,
        orgs=sorted(
            (
                o
                for o in org_queries.visible_orgs(db, p)
                if o.id in queries.group_org_ids(db, m.group_id)
            ),
            key=lambda o: o.name,
        ),
        areas=geo_queries.visible_areas(db, p),
    )
    return render(request, "actions/meeting.html", ctx)


@meetings.get("/{meeting_id}/pdf")
def meeting_pdf(request: Request, db: SessionDep, p: UserDep, meeting_id: int) -> Response:
    """The agenda and minutes as an A4 PDF, marked for the group only."""
    ctx = _meeting_context(db, p, meeting_id)
    name = f"est-mote-{ctx['m'].held_on}.pdf"
    return pdf_response(request, "actions/meeting_print.html", ctx, name)


@meetings.post("/{meeting_id}/beslut", dependencies=[CsrfDep])
async def decision_create(
    request: Request, db: SessionDep, p: UserDep, meeting_id: int
) -> Response:
    """A decision, and (when a type and title are given) its action, in one step."""
    m = queries.meeting(db, p, meeting_id)
    if m is None:
        raise NotFound(N_("meeting not found"))
    form = await request.form()
    fields = {k: str(v).strip() for k, v in form.items() if isinstance(v, str)}
    actions = []
    if fields.get("type") and fields.get("title"):
        try:
            actions.append(
                ActionIn(
                    group_id=m.group_id,
                    type=fields["type"],
                    title=fields["title"],
                    owner_org_id=int(fields.get("owner_org_id") or 0),
                    due_on=date.fromisoformat(fields.get("due_on") or ""),
                    area_id=int(fields["area_id"]) if fields.get("area_id") else None,
                )
            )
        except (ValueError, ValidationError):
            raise Invalid(
                N_("the action needs a type, a title, an owner and a due date (YYYY-MM-DD)"),
                field="due_on",
            ) from None
    try:
        decision = DecisionIn(text=fields.get("text", ""), actions=actions)
    except ValidationError:
        raise Invalid(N_("write the decision"), field="text") from None
    service.add_decision(db, p, m.id, decision)
    return RedirectResponse(f"/moten/{m.id}#dec-h", status_code=303)
