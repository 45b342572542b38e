"""The work orders of the safety walks, ``/boende/arbetsordrar``: filtered by status,
responsible party, area and overdue (still open after N days), each with the form of its next
step (for the company's handlaggare and admin), and the share fixed within N days (``?dagar=``,
default 14) per responsible party. Everybody who may not walk gets 404."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from samverkan.core.deps import SessionDep
from samverkan.core.errors import Invalid
from samverkan.core.forms import errors, form
from samverkan.core.templating import render
from samverkan.core.timeutil import today
from samverkan.geo import queries as geo_queries
from samverkan.housing import walk_queries, walk_service
from samverkan.housing.analysis.walks import fixed_within
from samverkan.housing.walk_models import RESPONSIBLES, STATUSES
from samverkan.housing.walk_pages import LABELS, use
from samverkan.housing.walk_schemas import StepIn
from samverkan.orgs import policy
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/boende", include_in_schema=False)
BASE = "/boende/arbetsordrar"
NEXT = dict(pairwise(STATUSES))


def _int(raw: str | None, default: int | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 5 else default


def _page(request: Request, db: Any, p: Principal, **ctx: Any) -> Any:
    status_code = ctx.pop("status_code", 200)
    q = request.query_params
    status = q.get("status") if q.get("status") in STATUSES else None
    responsible = q.get("responsible") if q.get("responsible") in RESPONSIBLES else None
    overdue = _int(q.get("overdue"), None)
    days = _int(q.get("dagar"), 14) or 0
    area_id = _int(q.get("area_id"), None)
    f = walk_queries.OrderFilter(status, responsible, area_id, overdue, today())
    orders = walk_queries.work_orders(db, p, f)
    context = {
        "orders": orders,
        "runs": {o.id: policy.can_run_work_orders(p, o.finding.walk.org_id) for o in orders},
        "next": NEXT,
        "areas": {a.id: a.name for a in geo_queries.visible_areas(db, p)},
        "shares": fixed_within(walk_queries.order_rows(db, p), days),
        "days": days,
        "filters": {
            "status": status,
            "responsible": responsible,
            "overdue": overdue,
            "area_id": area_id,
        },
        "status_codes": STATUSES,
        "responsible_codes": RESPONSIBLES,
        "today": today().isoformat(),
        **LABELS,
        **ctx,
    }
    return render(request, "housing/workorders.html", context, status_code)


@router.get("/arbetsordrar", response_class=HTMLResponse)
def orders(request: Request, db: SessionDep, p: UserDep) -> Any:
    use(db, p)
    return _page(request, db, p)


@router.post("/arbetsordrar/{order_id}/steg", dependencies=[CsrfDep])
async def step(request: Request, db: SessionDep, p: UserDep, order_id: int) -> Response:
    use(db, p)
    f = await form(request)
    try:
        data = StepIn(
            status=f.get("status", ""),
            on=f.get("on") or today(),
            assigned_to=f.get("assigned_to", ""),
        )
        walk_service.step(db, p, order_id, data)
    except (ValidationError, Invalid) as exc:
        db.rollback()
        return _page(request, db, p, errors=errors(request, exc), status_code=422)
    return RedirectResponse(f"{BASE}#order-{order_id}", status_code=303)
