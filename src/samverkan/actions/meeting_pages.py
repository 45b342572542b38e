"""The meetings' pages (``/moten``): the list, a new meeting, its agenda (saying which week it
is built from) and minutes, its PDF, who takes part, and the decisions that create actions in
one step."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy import select

from samverkan.actions import agenda, queries, service
from samverkan.actions.models import (
    ACTION_TYPES,
    Action,
)
from samverkan.actions.pages import (
    DECISION_MAX,
    TITLE_MAX,
    field_errors,
    gettext_of,
    refused_input,
)
from samverkan.actions.schemas import ActionIn, DecisionIn, MeetingIn, ParticipantsIn
from samverkan.core.db import utcnow
from samverkan.core.deps import SessionDep
from samverkan.core.errors import (
    N_,
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
)
from samverkan.core.templating import pdf_response, render
from samverkan.core.timeutil import today
from samverkan.geo import queries as geo_queries
from samverkan.orgs import policy
from samverkan.orgs import queries as org_queries
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal
from samverkan.situation import weeks

meetings = APIRouter(prefix="/moten", include_in_schema=False)


def _meeting_context(
    request: Request, db: Any, p: Principal, meeting_id: int, vecka: str = ""
) -> dict[str, Any]:
    """The meeting, its agenda (of the week asked for in ``vecka``, else the last whole week)
    and the actions its decisions created."""
    m = queries.meeting(db, p, meeting_id)
    if m is None:
        raise NotFound(N_("meeting not found"))
    now = utcnow()
    asked = weeks.read_week(vecka, now) if vecka.strip() else None  # BadRequest naming it
    ag = agenda.agenda(db, p, m, now, asked)
    by_decision: dict[int, list[Action]] = {}
    for a in db.scalars(select(Action).where(Action.decision_id.in_([d.id for d in m.decisions]))):
        by_decision.setdefault(a.decision_id, []).append(a)
    lang = getattr(request.state, "lang", "sv")
    return {
        "m": m,
        "ag": ag,
        "ag_days": agenda.days_of(ag.week, lang, ag.as_of),
        "ag_weekday": weeks.weekday_today(lang, now),
        "ag_query": f"?vecka={ag.week}" if ag.why == "asked" else "",
        "decision_actions": by_decision,
    }


def _meetings_page(
    request: Request,
    db: Any,
    p: Principal,
    *,
    form: dict[str, Any] | None = None,
    errors: list[tuple[str, str, str]] | None = None,
    existing: int | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    groups = [g for g in org_queries.visible_groups(db, p) if policy.can_plan(p, g.id)]
    tr = gettext_of(request)
    return render(
        request,
        "actions/meetings.html",
        {
            "meetings": queries.meetings(db, p),
            "groups": groups,
            "group_orgs": [(g, _member_orgs(db, p, g.id)) for g in groups],
            "can_plan": bool(groups),
            "today": today().isoformat(),
            "title_example": service.meeting_title(today(), tr),
            "form": form or {},
            "errors": errors or [],
            "error_fields": {f for f, _n, _m in errors or []},
            "existing": existing,
        },
        status_code,
    )


def _member_orgs(db: Any, p: Principal, group_id: int) -> list[Any]:
    """The group's organisations (those the reader sees), by name: who may take part."""
    members = queries.group_org_ids(db, group_id)
    return sorted(
        (o for o in org_queries.visible_orgs(db, p) if o.id in members), key=lambda o: o.name
    )


def _chosen(raw: Any) -> list[str]:
    """The ticked organisations of a participants' checkbox list."""
    return [str(v).strip() for v in raw.getlist("participant_org_ids") if isinstance(v, str)]


@meetings.get("", response_class=HTMLResponse)
def meeting_list(request: Request, db: SessionDep, p: UserDep) -> HTMLResponse:
    return _meetings_page(request, db, p)


@meetings.post("", dependencies=[CsrfDep])
async def meeting_create(request: Request, db: SessionDep, p: UserDep) -> Response:
    """A new meeting: its group, day and time, a title (by default the week of its day) and
    the organisations that take part."""
    raw = await request.form()
    form: dict[str, Any] = {
        k: str(raw.get(k) or "").strip() for k in ("group_id", "held_on", "starts", "title")
    }
    form["participant_org_ids"] = _chosen(raw)
    tr = gettext_of(request)
    try:
        data = MeetingIn.model_validate(
            {
                "group_id": form["group_id"] or "0",
                "held_on": form["held_on"],
                "starts": form["starts"] or "09:00",
                "title": form["title"],
                "participant_org_ids": form["participant_org_ids"],
            }
        )
    except ValidationError as exc:
        general = ("", "", tr(N_("give the meeting's group, date (YYYY-MM-DD) and time (HH:MM)")))
        errors = field_errors(exc, tr)
        if any(f in ("group_id", "held_on", "starts") for f, _n, _m in errors):
            errors.insert(0, general)
        return _meetings_page(request, db, p, form=form, errors=errors, status_code=422)
    if not data.title:
        data = data.model_copy(update={"title": service.meeting_title(data.held_on, tr)})
    try:
        with db.begin_nested():
            m = service.create_meeting(db, p, data)
    except DomainError as exc:
        if not refused_input(exc):
            raise
        existing = exc.params.get("id") if isinstance(exc, Conflict) else None
        return _meetings_page(
            request,
            db,
            p,
            form=form,
            errors=field_errors(exc, tr),
            existing=existing if isinstance(existing, int) else None,
            status_code=exc.status,
        )
    return RedirectResponse(f"/moten/{m.id}", status_code=303)


def _meeting_page(
    request: Request,
    db: Any,
    p: Principal,
    meeting_id: int,
    *,
    vecka: str = "",
    form: dict[str, str] | None = None,
    errors: list[tuple[str, str]] | None = None,
    participant_errors: list[tuple[str, str, str]] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    ctx = _meeting_context(request, db, p, meeting_id, vecka)
    m = ctx["m"]
    ctx.update(
        can_plan=policy.can_plan(p, m.group_id),
        types=ACTION_TYPES,
        orgs=_member_orgs(db, p, m.group_id),
        taking_part={o.id for o in m.participants},
        areas=geo_queries.visible_areas(db, p),
        today=today().isoformat(),
        form=form or {},
        errors=errors or [],
        error_fields={f for f, _m in errors or []},
        participant_errors=participant_errors or [],
    )
    return render(request, "actions/meeting.html", ctx, status_code)


@meetings.get("/{meeting_id}", response_class=HTMLResponse)
def meeting_page(
    request: Request, db: SessionDep, p: UserDep, meeting_id: int, vecka: str = ""
) -> HTMLResponse:
    """The meeting with its agenda (of the week ``vecka`` when asked) and minutes."""
    return _meeting_page(request, db, p, meeting_id, vecka=vecka)


@meetings.get("/{meeting_id}/pdf")
def meeting_pdf(
    request: Request, db: SessionDep, p: UserDep, meeting_id: int, vecka: str = ""
) -> Response:
    """The agenda and minutes as an A4 PDF, marked for the group only."""
    ctx = _meeting_context(request, db, p, meeting_id, vecka)
    name = f"est-mote-{ctx['m'].held_on}.pdf"
    return pdf_response(request, "actions/meeting_print.html", ctx, name)


@meetings.post("/{meeting_id}/deltagare", dependencies=[CsrfDep])
async def participants_update(
    request: Request, db: SessionDep, p: UserDep, meeting_id: int
) -> Response:
    """Who takes (or took) part: the group's organisations, ticked; a refused list shows the
    meeting again with why, and changes nothing."""
    m = queries.meeting(db, p, meeting_id)
    if m is None:
        raise NotFound(N_("meeting not found"))
    if not policy.can_plan(p, m.group_id):
        raise PermissionDenied(N_("an EST samordnare of the group writes its minutes"))
    tr = gettext_of(request)
    try:
        data = ParticipantsIn.model_validate({"participant_org_ids": _chosen(await request.form())})
        with db.begin_nested():
            service.set_participants(db, p, m.id, data)
    except (ValidationError, DomainError) as exc:
        if isinstance(exc, DomainError) and not refused_input(exc):
            raise
        db.refresh(m)
        problems = field_errors(exc, tr)
        return _meeting_page(request, db, p, m.id, participant_errors=problems, status_code=422)
    return RedirectResponse(f"/moten/{m.id}#part-h", status_code=303)


ACTION_FIELDS = ("type", "title", "owner_org_id", "due_on", "area_id")
REQUIRED_FOR_ACTION = (
    ("type", N_("the action has no type")),
    ("title", N_("the action has no title (the field “Action”)")),
    ("owner_org_id", N_("the action has no owner")),
    ("due_on", N_("the action has no due date (the field “Due”)")),
)
HINT = N_("fill it in, or empty the action's fields to record only the decision")


def _decision_input(
    fields: dict[str, str], group_id: int, tr: Any
) -> tuple[DecisionIn | None, list[tuple[str, str]]]:
    """The decision and its action from the form, or what is wrong with them (field, message).
    An action is asked for as soon as one of its fields is filled in; then all it needs must
    be: half an action is never dropped in silence."""
    errors: list[tuple[str, str]] = []
    text = fields.get("text", "")
    if not text:
        errors.append(("text", tr(N_("write the decision"))))
    elif len(text) > DECISION_MAX:
        too_long = N_("the decision is longer than %(max)s characters")
        errors.append(("text", tr(too_long) % {"max": DECISION_MAX}))
    actions: list[ActionIn] = []
    if any(fields.get(k) for k in ACTION_FIELDS):
        for key, message in REQUIRED_FOR_ACTION:
            if not fields.get(key):
                errors.append((key, f"{tr(message)}: {tr(HINT)}"))
        kind, title = fields.get("type", ""), fields.get("title", "")
        if kind and kind not in ACTION_TYPES:
            errors.append(("type", tr(N_("choose a type of action from the list"))))
        if len(title) > TITLE_MAX:
            too_long = N_("the action's title is longer than %(max)s characters")
            errors.append(("title", tr(too_long) % {"max": TITLE_MAX}))
        numbers: dict[str, int | None] = {}
        for key in ("owner_org_id", "area_id"):
            value = fields.get(key, "")
            numbers[key] = int(value) if value.isdigit() else None
            if value and numbers[key] is None:
                errors.append((key, tr(N_("choose from the list"))))
        due = None
        if fields.get("due_on"):
            try:
                due = date.fromisoformat(fields["due_on"])
            except ValueError:
                errors.append(("due_on", tr(N_("the due date must be a date, e.g. 2026-12-04"))))
        if not errors and due is not None and numbers["owner_org_id"] is not None:
            actions.append(
                ActionIn(
                    group_id=group_id,
                    type=kind,  # checked above
                    title=title,
                    owner_org_id=numbers["owner_org_id"],
                    due_on=due,
                    area_id=numbers["area_id"],
                )
            )
    if errors:
        return None, errors
    return DecisionIn(text=text, actions=actions), []


@meetings.post("/{meeting_id}/beslut", dependencies=[CsrfDep])
async def decision_create(
    request: Request, db: SessionDep, p: UserDep, meeting_id: int
) -> Response:
    """A decision, and (when its fields are filled in) its action, in one step; a refused one
    shows the meeting again with what was typed and what is wrong, and saves nothing."""
    m = queries.meeting(db, p, meeting_id)
    if m is None:
        raise NotFound(N_("meeting not found"))
    if not policy.can_plan(p, m.group_id):
        raise PermissionDenied(N_("an EST samordnare of the group writes its minutes"))
    raw = await request.form()
    fields = {k: str(v).strip() for k, v in raw.items() if isinstance(v, str) and k != "csrf_token"}
    tr = gettext_of(request)
    try:
        decision, errors = _decision_input(fields, m.group_id, tr)
    except ValidationError:
        decision, errors = None, [("", tr(N_("check the decision and its action")))]
    if decision is not None:
        try:
            with db.begin_nested():
                service.add_decision(db, p, m.id, decision)
        except DomainError as exc:
            if not refused_input(exc):
                raise
            errors = [(exc.field or "", exc.text(tr))]
    if errors:
        return _meeting_page(request, db, p, m.id, form=fields, errors=errors, status_code=422)
    return RedirectResponse(f"/moten/{m.id}#dec-h", status_code=303)
