"""The checklist on the pages: ``/boende/checklista`` lists a company's items (the default set
the first time) with a form to add one and a button to disable or enable each (for its
handlaggare and admin); ``/boende/ronderingar/{id}/checklista`` takes a walk's answers from the
walk's page. Everybody who may not walk gets 404; a refused form answers 422, nothing saved."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from samverkan.core.deps import SessionDep
from samverkan.core.errors import Invalid
from samverkan.core.forms import errors, form
from samverkan.core.templating import render
from samverkan.housing import walk_checklist, walk_queries
from samverkan.housing.walk_models import CATEGORIES
from samverkan.housing.walk_pages import LABELS, page, the_walk, use
from samverkan.housing.walk_schemas import AnswersIn, ChecklistItemIn
from samverkan.orgs import policy
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/boende", include_in_schema=False)
BASE = "/boende/checklista"


def _page(request: Request, db: Any, p: Principal, **ctx: Any) -> Any:
    status = ctx.pop("status", 200)
    lists = [(o, walk_checklist.checklist(db, p, o.id)) for o in walk_queries.walk_orgs(db, p)]
    context = {
        "lists": lists,
        "edits": {o.id: policy.can_run_work_orders(p, o.id) for o, _items in lists},
        "category_codes": CATEGORIES,
        "form": {},
        **LABELS,
        **ctx,
    }
    return render(request, "housing/walk_checklist.html", context, status)


@router.get("/checklista", response_class=HTMLResponse)
def checklist(request: Request, db: SessionDep, p: UserDep) -> Any:
    use(db, p)
    return _page(request, db, p)


@router.post("/checklista", dependencies=[CsrfDep])
async def add_item(request: Request, db: SessionDep, p: UserDep) -> Response:
    use(db, p)
    f = await form(request)
    try:
        org_id = int(f.get("org_id", "0")) if f.get("org_id", "").isdigit() else 0
        data = ChecklistItemIn(category=f.get("category", ""), text=f.get("text", ""))
        item = walk_checklist.add_item(db, p, org_id, data)
    except (ValidationError, Invalid) as exc:
        db.rollback()
        return _page(request, db, p, form=f, errors=errors(request, exc), status=422)
    return RedirectResponse(f"{BASE}#item-{item.id}", status_code=303)


@router.post("/checklista/{item_id}", dependencies=[CsrfDep])
async def set_active(request: Request, db: SessionDep, p: UserDep, item_id: int) -> Response:
    use(db, p)
    f = await form(request)
    walk_checklist.set_active(db, p, item_id, f.get("active") == "1")
    return RedirectResponse(f"{BASE}#item-{item_id}", status_code=303)


@router.post("/ronderingar/{walk_id}/checklista", dependencies=[CsrfDep])
async def answer(request: Request, db: SessionDep, p: UserDep, walk_id: int) -> Response:
    the_walk(db, p, walk_id)
    f = await form(request)
    given = {int(k[5:]): v for k, v in f.items() if k.startswith("item-") and k[5:].isdigit() and v}
    try:
        walk_checklist.answer(db, p, walk_id, AnswersIn(answers=given))
    except (ValidationError, Invalid) as exc:
        db.rollback()
        return page(request, db, p, walk_id, errors=errors(request, exc), status=422)
    return RedirectResponse(f"/boende/ronderingar/{walk_id}#checklist", status_code=303)
