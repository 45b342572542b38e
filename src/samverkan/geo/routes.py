"""``/api/v1/areas``: the areas a caller may see, as JSON and GeoJSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from samverkan.core.deps import SessionDep
from samverkan.core.errors import NotFound
from samverkan.geo import queries
from samverkan.geo.schemas import AreaOut, feature
from samverkan.orgs.deps import ApiDep

api = APIRouter(prefix="/api/v1/areas", tags=["areas"])


@api.get("", response_model=list[AreaOut], summary="Areas the caller may see")
def api_areas(db: SessionDep, p: ApiDep) -> list[AreaOut]:
    return [AreaOut.of(a) for a in queries.visible_areas(db, p)]


@api.get("/{area_id}", summary="One area as a GeoJSON Feature (WGS 84)")
def api_area(db: SessionDep, p: ApiDep, area_id: int) -> dict[str, Any]:
    area = queries.area(db, p, area_id)
    if area is None:
        raise NotFound("area not found")
    return feature(area)
