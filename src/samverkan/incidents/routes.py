"""The incidents API: ``/api/v1/categories`` and ``/api/v1/incidents`` (Bearer token)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from samverkan.core.deps import SessionDep
from samverkan.core.errors import Invalid, NotFound
from samverkan.geo import queries as geo_queries
from samverkan.incidents import queries, service
from samverkan.incidents.present import category_out, incident_out
from samverkan.incidents.schemas import (
    CategoryOut,
    IncidentCreated,
    IncidentIn,
    IncidentOut,
    IncidentPage,
    IncidentPatch,
    Source,
    Status,
)
from samverkan.orgs.deps import ApiDep

api = APIRouter(prefix="/api/v1", tags=["incidents"])


@api.get("/categories", response_model=list[CategoryOut], summary="The EST categories")
def list_categories(db: SessionDep, p: ApiDep) -> list[CategoryOut]:
    cats = queries.categories(db, include_retired=True)
    by_id = {c.id: c for c in cats}
    return [category_out(c, by_id) for c in cats]


@api.post(
    "/incidents",
    response_model=IncidentCreated,
    status_code=201,
    summary="Report an incident",
    responses={200: {"model": IncidentCreated, "description": "external_id seen before"}},
)
def create_incident(db: SessionDep, p: ApiDep, data: IncidentIn) -> Response:
    filed = service.file_incident(db, p, data, source="api")
    body = IncidentCreated(
        **incident_out(filed.incident).model_dump(), removed=filed.removed, created=filed.created
    )
    status = 201 if filed.created else 200
    headers = {"Location": f"/api/v1/incidents/{filed.incident.id}"}
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


@api.get("/incidents/{incident_id}", response_model=IncidentOut, summary="One incident")
def get_incident(db: SessionDep, p: ApiDep, incident_id: int) -> IncidentOut:
    inc = queries.incident(db, p, incident_id)
    if inc is None:
        raise NotFound("incident not found")
    return incident_out(inc)


@api.patch("/incidents/{incident_id}", response_model=IncidentCreated, summary="Change a report")
def patch_incident(
    db: SessionDep, p: ApiDep, incident_id: int, patch: IncidentPatch
) -> IncidentCreated:
    inc, removed = service.update_incident(db, p, incident_id, patch)
    db.flush()
    return IncidentCreated(**incident_out(inc).model_dump(), removed=removed, created=False)


@api.get("/incidents", response_model=IncidentPage, summary="Incidents the caller may see")
def list_incidents(
    db: SessionDep,
    p: ApiDep,
    area: Annotated[int | None, Query(description="area id (with the areas within it)")] = None,
    category: Annotated[str | None, Query(max_length=40, description="category code")] = None,
    date_from: Annotated[date | None, Query(alias="from", description="first day")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="last day")] = None,
    source: Source | None = None,
    status: Status | None = None,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> IncidentPage:
    if area is not None and geo_queries.area(db, p, area) is None:
        raise NotFound("area %(id)s not found", field="area", id=area)
    if category and queries.category_by_code(db, category) is None:
        raise Invalid("unknown category %(code)s", field="category", code=category)
    if date_from and date_to and date_to < date_from:
        raise Invalid("'to' is before 'from'", field="to")
    f = queries.IncidentFilter(
        area_id=area,
        category=category,
        date_from=date_from,
        date_to=date_to,
        source=source,
        status=status,
    )
    try:
        rows, next_cursor = queries.page(db, p, f, limit=limit, cursor=cursor)
    except ValueError as exc:
        raise Invalid(str(exc), field="cursor") from None
    return IncidentPage(items=[incident_out(i) for i in rows], next_cursor=next_cursor)
