"""Pages of the safety walks, ``/boende/ronderingar``: the list of walks with a form for a new
one, and a walk's page — made for a phone (390 px wide): big buttons, the point from the phone's
position or a tap on a small map, or typed as lat/lon (works without JavaScript), and a photo
from the camera (``capture="environment"``). Its findings with their work orders and photos.
Who sees: :func:`samverkan.orgs.policy.can_walk`; everybody else 404. A refused form answers
422 with the reason in words, nothing saved. The report and the work orders are in
:mod:`.walk_report` and :mod:`.workorder_pages`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, Invalid, NotFound
from samverkan.core.forms import errors
from samverkan.core.templating import render
from samverkan.core.timeutil import today
from samverkan.geo import queries as geo_queries
from samverkan.housing import walk_checklist, walk_queries, walk_service
from samverkan.housing.walk_models import (
    ANSWER_LABELS,
    ANSWERS,
    CATEGORIES,
    CATEGORY_LABELS,
    RESPONSIBLE_LABELS,
    RESPONSIBLES,
    STATUS_LABELS,
    SafetyWalk,
)
from samverkan.housing.walk_photo import MAX_BYTES
from samverkan.housing.walk_schemas import FindingIn, WalkIn
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/boende", include_in_schema=False)
REFUSED = (ValidationError, Invalid)
BASE = "/boende/ronderingar"
LABELS = {
    "categories": CATEGORY_LABELS,
    "responsibles": RESPONSIBLE_LABELS,
    "statuses": STATUS_LABELS,
}


def use(db: Session, p: Principal) -> None:
    if not walk_queries.walk_orgs(db, p):
        raise NotFound(N_("page not found"))


async def read_form(request: Request) -> tuple[dict[str, str], bytes | None]:
    """The form's values, trimmed, and the uploaded photo's bytes (None when none given)."""
    raw = await request.form()
    values = {k: str(v).strip() for k, v in raw.items() if isinstance(v, str)}
    upload = raw.get("photo")
    photo = None
    if isinstance(upload, UploadFile) and upload.filename:
        photo = await upload.read(MAX_BYTES + 1)
    return values, photo or None


def _list(request: Request, db: Any, p: Principal, **ctx: Any) -> Any:
    status = ctx.pop("status", 200)
    orgs = walk_queries.walk_orgs(db, p)
    context = {
        "walks": walk_queries.walks(db, p),
        "areas": {a.id: a.name for a in geo_queries.visible_areas(db, p)},
        "orgs": orgs,
        "today": today().isoformat(),
        "form": {},
        **LABELS,
        **ctx,
    }
    return render(request, "housing/walks.html", context, status)


@router.get("/ronderingar", response_class=HTMLResponse)
def walks(request: Request, db: SessionDep, p: UserDep) -> Any:
    use(db, p)
    return _list(request, db, p)


@router.post("/ronderingar", dependencies=[CsrfDep])
async def create(request: Request, db: SessionDep, p: UserDep) -> Response:
    use(db, p)
    f, _photo = await read_form(request)
    mine = [o.id for o in walk_queries.walk_orgs(db, p)]
    try:
        org_id = int(f["org_id"]) if f.get("org_id", "").isdigit() else mine[0]
        data = WalkIn(
            area_id=f.get("area_id") or "",
            walked_on=f.get("walked_on") or today(),
            walkers=f.get("walkers", ""),
            note=f.get("note", ""),
        )
        walk = walk_service.create_walk(db, p, org_id, data, today=today())
    except REFUSED as exc:
        db.rollback()
        return _list(request, db, p, form=f, errors=errors(request, exc), status=422)
    return RedirectResponse(f"{BASE}/{walk.id}", status_code=303)


def the_walk(db: Any, p: Principal, walk_id: int) -> SafetyWalk:
    use(db, p)
    found = walk_queries.walk(db, p, walk_id)
    if found is None:
        raise NotFound(N_("safety walk %(id)s not found"), id=walk_id)
    return found


def page(request: Request, db: Any, p: Principal, walk_id: int, **ctx: Any) -> Any:
    status = ctx.pop("status", 200)
    walk = the_walk(db, p, walk_id)
    area = geo_queries.area(db, p, walk.area_id)
    context = {
        "walk": walk,
        "items": [i for i in walk_checklist.checklist(db, p, walk.org_id) if i.active],
        "answers": {a.item_id: a.answer for a in walk.answers},
        "answer_codes": ANSWERS,
        "answer_labels": ANSWER_LABELS,
        "area_name": area.name if area is not None else "",
        "category_codes": CATEGORIES,
        "responsible_codes": RESPONSIBLES,
        "form": {},
        **LABELS,
        **ctx,
    }
    return render(request, "housing/walk.html", context, status)


@router.get("/ronderingar/{walk_id}", response_class=HTMLResponse)
def walk(request: Request, db: SessionDep, p: UserDep, walk_id: int) -> Any:
    return page(request, db, p, walk_id)


def _float(f: dict[str, str], key: str) -> str | None:
    return f.get(key, "").replace(",", ".") or None


@router.post("/ronderingar/{walk_id}/fynd", dependencies=[CsrfDep])
async def add_finding(request: Request, db: SessionDep, p: UserDep, walk_id: int) -> Response:
    the_walk(db, p, walk_id)
    f, photo = await read_form(request)
    try:
        data = FindingIn(
            category=f.get("category") or None,
            description=f.get("description", ""),
            lat=_float(f, "lat"),
            lon=_float(f, "lon"),
            place_name=f.get("place_name", ""),
            responsible=f.get("responsible") or "housing_company",
        )
        found = walk_service.add_finding(db, p, walk_id, data, photo)
    except REFUSED as exc:
        db.rollback()
        return page(request, db, p, walk_id, form=f, errors=errors(request, exc), status=422)
    return RedirectResponse(
        f"{BASE}/{walk_id}#finding-{found.id}-order-{found.order.id}", status_code=303
    )


@router.get("/ronderingar/{walk_id}/fynd/{finding_id}/foto")
def photo(db: SessionDep, p: UserDep, walk_id: int, finding_id: int) -> Response:
    walk = the_walk(db, p, walk_id)
    got = walk_queries.photo(db, p, finding_id)
    if got is None or finding_id not in {x.id for x in walk.findings}:
        raise NotFound(N_("photo not found"))
    return Response(got[0], media_type=got[1], headers={"Cache-Control": "private, no-store"})
