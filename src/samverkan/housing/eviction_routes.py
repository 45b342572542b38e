"""Eviction prevention's API: ``/api/v1/housing/arrears`` (Bearer token; the housing company's
case workers and admins through their personal token, everybody else 404).

A month's list is uploaded as the request body (``text/csv``, the landlord's export); a file
with bad lines answers 422 with every ``line``/``field``/``reason`` and stores nothing. Every
answer naming a tenant is a logged read. Thin: parse → :mod:`.eviction_service` →
:mod:`.eviction_present`."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, Invalid, NotFound
from samverkan.core.timeutil import today
from samverkan.housing import eviction_present as present
from samverkan.housing import eviction_service as service
from samverkan.housing.eviction_schemas import (
    ConsentIn,
    EpisodeOut,
    ListOut,
    MeetingOut,
    NoticeIn,
    OutcomeIn,
    PlanStateIn,
    StepIn,
)
from samverkan.orgs import policy
from samverkan.orgs.deps import ApiDep
from samverkan.orgs.policy import Principal
from samverkan.people import reads
from samverkan.people.models import Person

api = APIRouter(prefix="/api/v1/housing/arrears", tags=["housing"])


def _use(p: Principal) -> None:
    if not policy.can_use_housing(p):
        raise NotFound(N_("not found"))


def _month(text: str) -> date:
    try:
        return date.fromisoformat(f"{text[:7]}-01")
    except ValueError:
        raise Invalid(N_("a month as YYYY-MM"), field="month") from None


def _episode(request: Request, db: SessionDep, p: Principal, episode_id: int) -> EpisodeOut:
    ep = service.episode(db, p, episode_id)
    person = db.get(Person, ep.person_id)
    if person is not None:
        reads.log(request, db, p, [person], "api")
    return present.episode_out(db, ep, today())


@api.post("", status_code=201, response_model=ListOut, summary="Import a month's arrears list")
async def import_list(request: Request, db: SessionDep, p: ApiDep, org_id: int, month: str) -> Any:
    """The body is the CSV file (``;`` or ``,``; see the reader for the columns)."""
    _use(p)
    data = await request.body()
    try:
        listing = service.import_list(db, p, org_id, _month(month), data, today())
    except service.ImportRejected as exc:
        db.rollback()
        return JSONResponse(
            status_code=422,
            content={
                "detail": exc.text(),
                "field": "file",
                "errors": [
                    {"line": e.line, "field": e.field, "reason": e.reason % e.params}
                    for e in exc.errors
                ],
            },
        )
    return present.list_out(db, listing)


@api.get("", response_model=list[ListOut], summary="The housing company's monthly lists")
def lists(db: SessionDep, p: ApiDep, org_id: int) -> Any:
    _use(p)
    return [present.list_out(db, x) for x in service.lists(db, p, org_id)]


@api.get("/meeting", response_model=list[MeetingOut], summary="The monthly meeting's list")
def meeting(db: SessionDep, p: ApiDep, org_id: int) -> Any:
    """Only the tenants who consented to be discussed with social services."""
    _use(p)
    return present.meeting_out(db, service.meeting_list(db, p, org_id, "api"), today())


@api.get("/cases/{episode_id}", response_model=EpisodeOut, summary="A tenant's arrears case")
def episode(request: Request, db: SessionDep, p: ApiDep, episode_id: int) -> Any:
    _use(p)
    return _episode(request, db, p, episode_id)


@api.post("/cases/{episode_id}/steps", status_code=201, response_model=EpisodeOut)
def add_step(request: Request, db: SessionDep, p: ApiDep, episode_id: int, body: StepIn) -> Any:
    """A letter, call, home visit or payment plan."""
    _use(p)
    service.add_step(db, p, episode_id, service.StepData(**body.model_dump()))
    return _episode(request, db, p, episode_id)


@api.post("/cases/{episode_id}/steps/{step_id}/state", response_model=EpisodeOut)
def plan_state(
    request: Request, db: SessionDep, p: ApiDep, episode_id: int, step_id: int, body: PlanStateIn
) -> Any:
    """A payment plan kept or broken."""
    _use(p)
    service.set_plan_state(db, p, episode_id, step_id, body.plan_state)
    return _episode(request, db, p, episode_id)


@api.post("/cases/{episode_id}/notice", response_model=EpisodeOut)
def notice(request: Request, db: SessionDep, p: ApiDep, episode_id: int, body: NoticeIn) -> Any:
    """The day the tenant was notified for non-payment (the three-week window runs from it)."""
    _use(p)
    service.notify(db, p, episode_id, body.notified_on, body.social_notified_on)
    return _episode(request, db, p, episode_id)


@api.post("/cases/{episode_id}/consent", response_model=EpisodeOut)
def consent(request: Request, db: SessionDep, p: ApiDep, episode_id: int, body: ConsentIn) -> Any:
    _use(p)
    service.set_consent(db, p, episode_id, body.consent, body.on)
    return _episode(request, db, p, episode_id)


@api.post("/cases/{episode_id}/outcome", response_model=EpisodeOut)
def outcome(request: Request, db: SessionDep, p: ApiDep, episode_id: int, body: OutcomeIn) -> Any:
    _use(p)
    service.close(db, p, episode_id, body.outcome, body.on)
    return _episode(request, db, p, episode_id)
