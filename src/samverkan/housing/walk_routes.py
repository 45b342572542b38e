"""The safety walks' API: ``/api/v1/housing/walks`` and ``/api/v1/housing/work-orders``
(Bearer token, personal). The housing company's handlaggare, admin and rapportor see its walks
and record findings; its handlaggare and admin move work orders on; everybody else gets 404.
A finding's photo is uploaded through the walk's page (multipart) and served here."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Response
from sqlalchemy.orm import Session

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, Invalid, NotFound
from samverkan.core.timeutil import today
from samverkan.housing import walk_checklist, walk_queries, walk_service
from samverkan.housing import walk_present as present
from samverkan.housing.analysis.walks import fixed_within
from samverkan.housing.walk_models import RESPONSIBLES, STATUSES
from samverkan.housing.walk_schemas import (
    ActiveIn,
    AnswersIn,
    ChecklistItemIn,
    ChecklistItemOut,
    FindingIn,
    FindingOut,
    FixedShareOut,
    StepIn,
    WalkIn,
    WalkOut,
    WorkOrderOut,
)
from samverkan.orgs.deps import ApiDep
from samverkan.orgs.policy import Principal

api = APIRouter(prefix="/api/v1/housing", tags=["housing"])


def _use(db: Session, p: Principal) -> None:
    if not walk_queries.walk_orgs(db, p):
        raise NotFound(N_("not found"))


@api.get("/walks", response_model=list[WalkOut], summary="The caller's safety walks")
def walks(db: SessionDep, p: ApiDep, area_id: int | None = None) -> Any:
    _use(db, p)
    return [present.walk_out(w) for w in walk_queries.walks(db, p, area_id)]


@api.post("/walks", status_code=201, response_model=WalkOut)
def create(db: SessionDep, p: ApiDep, org_id: int, body: WalkIn) -> Any:
    _use(db, p)
    return present.walk_out(walk_service.create_walk(db, p, org_id, body, today=today()))


@api.get("/walks/{walk_id}", response_model=WalkOut)
def walk(db: SessionDep, p: ApiDep, walk_id: int) -> Any:
    _use(db, p)
    found = walk_queries.walk(db, p, walk_id)
    if found is None:
        raise NotFound(N_("safety walk %(id)s not found"), id=walk_id)
    return present.walk_out(found)


@api.post("/walks/{walk_id}/findings", status_code=201, response_model=FindingOut)
def add_finding(db: SessionDep, p: ApiDep, walk_id: int, body: FindingIn) -> Any:
    """A finding (category and place required), its work order and its EST incident."""
    _use(db, p)
    return present.finding_out(walk_service.add_finding(db, p, walk_id, body))


@api.get("/walks/{walk_id}/findings/{finding_id}/photo", response_class=Response)
def photo(db: SessionDep, p: ApiDep, walk_id: int, finding_id: int) -> Response:
    _use(db, p)
    got = walk_queries.photo(db, p, finding_id)
    if got is None:
        raise NotFound(N_("photo not found"))
    return Response(got[0], media_type=got[1], headers={"Cache-Control": "private, no-store"})


def _filter(status: str | None, responsible: str | None) -> None:
    if status is not None and status not in STATUSES:
        raise Invalid(N_("no such status"), field="status")
    if responsible is not None and responsible not in RESPONSIBLES:
        raise Invalid(N_("no such responsible party"), field="responsible")


@api.get("/work-orders", response_model=list[WorkOrderOut])
def work_orders(
    db: SessionDep,
    p: ApiDep,
    status: str | None = None,
    responsible: str | None = None,
    area_id: int | None = None,
    overdue_days: int | None = Query(default=None, ge=0, le=3650),
) -> Any:
    """The work orders, filtered; ``overdue_days``: still open after that many days."""
    _use(db, p)
    _filter(status, responsible)
    f = walk_queries.OrderFilter(status, responsible, area_id, overdue_days, today())
    return [present.order_out(o) for o in walk_queries.work_orders(db, p, f)]


@api.get("/work-orders/fixed-within", response_model=list[FixedShareOut])
def fixed_share(
    db: SessionDep,
    p: ApiDep,
    days: int = Query(default=14, ge=0, le=3650),
    start: date | None = None,
    end: date | None = None,
) -> Any:
    """Per responsible party, the share of the period's work orders done within ``days``."""
    _use(db, p)
    rows = walk_queries.order_rows(db, p, start, end)
    return [
        FixedShareOut(
            responsible=s.responsible, total=s.total, fixed_in_time=s.fixed_in_time, share=s.share
        )
        for s in fixed_within(rows, days)
    ]


@api.post("/work-orders/{order_id}/steps", response_model=WorkOrderOut)
def step(db: SessionDep, p: ApiDep, order_id: int, body: StepIn) -> Any:
    """The next status (open → assigned → done → verified), on a day."""
    _use(db, p)
    return present.order_out(walk_service.step(db, p, order_id, body))


def _item_out(i: Any) -> ChecklistItemOut:
    return ChecklistItemOut(id=i.id, category=i.category, text=i.text, active=i.active)


@api.get("/walk-checklist", response_model=list[ChecklistItemOut])
def checklist(db: SessionDep, p: ApiDep, org_id: int) -> Any:
    """The company's checklist (the default set the first time), disabled items too."""
    _use(db, p)
    return [_item_out(i) for i in walk_checklist.checklist(db, p, org_id)]


@api.post("/walk-checklist", status_code=201, response_model=ChecklistItemOut)
def add_item(db: SessionDep, p: ApiDep, org_id: int, body: ChecklistItemIn) -> Any:
    _use(db, p)
    return _item_out(walk_checklist.add_item(db, p, org_id, body))


@api.put("/walk-checklist/{item_id}", response_model=ChecklistItemOut)
def set_active(db: SessionDep, p: ApiDep, item_id: int, body: ActiveIn) -> Any:
    """Disable (or enable again) an item."""
    _use(db, p)
    return _item_out(walk_checklist.set_active(db, p, item_id, body.active))


@api.put("/walks/{walk_id}/answers", response_model=dict[int, str])
def answers(db: SessionDep, p: ApiDep, walk_id: int, body: AnswersIn) -> Any:
    """The walk's answers to the active checklist items (all at once)."""
    _use(db, p)
    return {a.item_id: a.answer for a in walk_checklist.answer(db, p, walk_id, body)}
