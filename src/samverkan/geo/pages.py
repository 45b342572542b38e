"""Area pages (Stadsdelar) and the EST groups' area coverage (an admin page)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from samverkan.core.deps import SessionDep
from samverkan.core.errors import NotFound
from samverkan.core.templating import render
from samverkan.geo import queries, sections, service
from samverkan.geo.crs import to_sweref99tm
from samverkan.geo.schemas import feature_collection
from samverkan.orgs import policy
from samverkan.orgs import queries as org_queries
from samverkan.orgs.deps import CsrfDep, UserDep

router = APIRouter(include_in_schema=False)


@router.get("/stadsdelar")
def areas_page(request: Request, db: SessionDep, p: UserDep) -> Response:
    areas = queries.visible_areas(db, p)
    return render(
        request,
        "geo/areas.html",
        {
            "areas": areas,
            "geojson": feature_collection(areas),
            "children": queries.children_counts(db, [a.id for a in areas]),
        },
    )


@router.get("/stadsdelar/{area_id}")
def area_page(request: Request, db: SessionDep, p: UserDep, area_id: int) -> Response:
    area = queries.area(db, p, area_id)
    if area is None:
        raise NotFound()
    visible = queries.visible_areas(db, p)
    children = [a for a in visible if a.parent_id == area.id]
    parent = next((a for a in visible if a.id == area.parent_id), None)
    cx = (area.min_lon + area.max_lon) / 2
    cy = (area.min_lat + area.max_lat) / 2
    n, e = to_sweref99tm(cy, cx)
    return render(
        request,
        "geo/area.html",
        {
            "area": area,
            "children": children,
            "parent": parent,
            "geojson": feature_collection([area, *children]),
            "centre": {"lat": cy, "lon": cx, "n": float(n), "e": float(e)},
            "sections": sections.for_area(db, p, area),
        },
    )


@router.get("/admin/grupper/{group_id}/omraden")
def group_areas_page(request: Request, db: SessionDep, p: UserDep, group_id: int) -> Response:
    if not policy.can_use_admin(p):
        raise HTTPException(403, "administration is for admins")
    group = org_queries.group(db, p, group_id)
    if group is None:
        raise NotFound()
    return render(
        request,
        "geo/group_areas.html",
        {
            "group": group,
            "areas": queries.visible_areas(db, p),
            "covered": queries.group_area_ids(db, group_id),
            "can_manage": policy.can_manage_group(p, group_id),
            "saved": request.query_params.get("saved"),
        },
    )


@router.post("/admin/grupper/{group_id}/omraden", dependencies=[CsrfDep])
async def group_areas_save(request: Request, db: SessionDep, p: UserDep, group_id: int) -> Response:
    if not policy.can_use_admin(p):
        raise HTTPException(403, "administration is for admins")
    form = await request.form()
    try:
        area_ids = {int(v) for v in form.getlist("area_id") if isinstance(v, str)}
    except ValueError:
        raise HTTPException(422, "area_id must be whole numbers") from None
    visible = queries.visible_area_ids(db, p)
    if visible is not None and not area_ids <= visible:
        raise NotFound(field="area_id")
    service.set_group_areas(db, p, group_id, area_ids)
    return RedirectResponse(f"/admin/grupper/{group_id}/omraden?saved=1", status_code=303)
