"""Action pages (Insatser): the group's actions with overdue ones first, and one action with its
history and follow-up; an incident's page lists the actions taken about it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from samverkan.actions import followup, queries
from samverkan.actions.models import (
    ACTION_STATUS_LABELS,
    ACTION_STATUSES,
    ACTION_TYPE_LABELS,
    Action,
    action_incident,
)
from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, NotFound
from samverkan.core.templating import register_labels, render
from samverkan.incidents import present
from samverkan.orgs.deps import UserDep
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/insatser", include_in_schema=False)
register_labels("action_type", ACTION_TYPE_LABELS)
register_labels("action_status", ACTION_STATUS_LABELS)


@router.get("", response_class=HTMLResponse)
def action_list(
    request: Request, db: SessionDep, p: UserDep, status: str | None = None
) -> HTMLResponse:
    from samverkan.actions.routes import today

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


@router.get("/{action_id}", response_class=HTMLResponse)
def action_detail(request: Request, db: SessionDep, p: UserDep, action_id: int) -> HTMLResponse:
    from samverkan.actions.routes import today

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
