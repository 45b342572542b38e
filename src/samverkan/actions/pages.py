"""Action pages (Insatser): the group's actions with overdue ones first, and one action with its
history, follow-up and the form that moves it on (its status with a note, the hours spent, the
cost and the day it was done); meetings (Möten)
with their agenda and the decision form. A refused form shows its page again with what was
typed and why, and saves nothing. An incident's page lists the actions taken about it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from samverkan.actions import coordination, followup, queries, service, yearly
from samverkan.actions.models import (
    ACTION_STATUS_LABELS,
    ACTION_STATUSES,
    Action,
)
from samverkan.actions.schemas import StatusIn
from samverkan.core.deps import SessionDep
from samverkan.core.errors import (
    N_,
    BadRequest,
    Conflict,
    DomainError,
    Invalid,
    NotFound,
    PermissionDenied,
)
from samverkan.core.i18n import translations
from samverkan.core.templating import render
from samverkan.core.timeutil import IsoWeek, current_week, today
from samverkan.core.validation import field_of, label, readable
from samverkan.incidents import queries as incident_queries
from samverkan.orgs import policy
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/insatser", include_in_schema=False)
DECISION_MAX = 4000
TITLE_MAX = 200


def gettext_of(request: Request) -> Any:
    return translations(getattr(request.state, "lang", "sv")).gettext


def refused_input(exc: DomainError) -> bool:
    """An error about the input that a form shows beside itself (not who may, nor a group or
    object the caller does not see: those are answered as such, 403 and 404)."""
    return isinstance(exc, Invalid | Conflict) or (
        isinstance(exc, NotFound) and exc.field not in (None, "group_id")
    )


@router.get("", response_class=HTMLResponse)
def action_list(
    request: Request, db: SessionDep, p: UserDep, status: str | None = None
) -> HTMLResponse:
    chosen = status if status in ACTION_STATUSES else None
    rows = queries.actions(db, p, status=chosen)
    now = today()
    overdue = [a for a in rows if a.status in ("planerad", "pagar") and a.due_on < now]
    return render(
        request,
        "actions/list.html",
        {"overdue": overdue, "all_actions": rows, "statuses": ACTION_STATUSES, "status": chosen},
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


def _detail_page(
    request: Request,
    db: Any,
    p: Principal,
    a: Action,
    *,
    form: dict[str, str] | None = None,
    errors: list[tuple[str, str, str]] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    follow = followup.follow_up(db, p, a, today())
    lang = getattr(request.state, "lang", "sv")
    cats = {c.code: c for c in incident_queries.categories(db, include_retired=True)}
    org_names = {o.id: o.name for o in queries.orgs(db, {h.org_id for h in a.history if h.org_id})}
    return render(
        request,
        "actions/detail.html",
        {
            "a": a,
            "follow": follow,
            "category_labels": [cats[c].label(lang) if c in cats else c for c in follow.categories],
            "incident_ids": queries.incident_ids(db, a.id),
            "history_orgs": org_names,
            "can_update": policy.can_own_action(p, a.group_id, a.owner_org_id),
            "statuses": ACTION_STATUSES,
            "form": form,
            "errors": errors or [],
            "error_fields": {f for f, _n, _m in errors or []},
            "today": today().isoformat(),
        },
        status_code,
    )


@router.get("/{action_id}", response_class=HTMLResponse)
def action_detail(request: Request, db: SessionDep, p: UserDep, action_id: int) -> HTMLResponse:
    a = queries.action(db, p, action_id)
    if a is None:
        raise NotFound(N_("action not found"))
    return _detail_page(request, db, p, a)


STATUS_FIELDS = ("status", "note", "hours_spent", "cost_sek", "completed_on")


def field_errors(exc: ValidationError | DomainError, tr: Any) -> list[tuple[str, str, str]]:
    """A refused input as (field, its name for people, what is wrong), in the page's language."""
    if isinstance(exc, DomainError):
        name = label(exc.field)
        return [(exc.field or "", tr(name) if name else "", exc.text(tr))]
    out = []
    for e in exc.errors():
        shown = readable([e], tr)[0]
        out.append((field_of(e.get("loc", ())), shown["field"], shown["message"]))
    return out


def _unchanged(a: Action, data: StatusIn) -> bool:
    """Nothing to record: the same status, no note, and no figure that differs."""
    return (
        data.status == a.status
        and not data.note
        and data.hours_spent in (None, a.hours_spent)
        and data.cost_sek in (None, a.cost_sek)
        and (data.completed_on in (None, a.completed_on) or data.status != "klar")
    )


@router.post("/{action_id}/status", dependencies=[CsrfDep])
async def action_status(request: Request, db: SessionDep, p: UserDep, action_id: int) -> Response:
    """The owner (or a samordnare of the group) moves the action on: its status, with a note
    kept in its history (what was done, why it was cancelled), and what the evaluation reports:
    the hours spent, the cost and the day it was done."""
    a = queries.action(db, p, action_id)
    if a is None:
        raise NotFound(N_("action not found"))
    if not policy.can_own_action(p, a.group_id, a.owner_org_id):
        raise PermissionDenied(N_("only the owning organisation updates its action"))
    raw = await request.form()
    form = {k: str(raw.get(k) or "").strip() for k in STATUS_FIELDS}
    tr = gettext_of(request)
    errors: list[tuple[str, str, str]] = []
    try:
        data = StatusIn.model_validate(form)
    except ValidationError as exc:
        errors = field_errors(exc, tr)
    else:
        if _unchanged(a, data):
            same = N_("the action is already %(status)s: choose another status or write a note")
            status = tr(ACTION_STATUS_LABELS[a.status])
            errors = [("status", tr(label("status")), tr(same) % {"status": status})]
        else:
            try:
                with db.begin_nested():
                    service.update_action(db, p, a.id, data.patch())
            except DomainError as exc:
                if not refused_input(exc):
                    raise
                errors = field_errors(exc, tr)
    if errors:
        db.refresh(a)
        return _detail_page(request, db, p, a, form=form, errors=errors, status_code=422)
    return RedirectResponse(f"/insatser/{a.id}#status-h", status_code=303)
