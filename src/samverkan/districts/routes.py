"""The district facts' API: ``/api/v1/districts`` (Bearer token).

The municipality's, the housing companies' and the police's tokens read the profiles and the
indicators of the areas they may see; analysts, coordinators and admins of a municipality or
housing company import statistics files, keep profiles, write dialogue notes and type in
values. What the caller may not see is 404. Thin: parse → :mod:`.service` / :mod:`.queries` →
schema."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, NotFound
from samverkan.core.timeutil import today
from samverkan.districts import present, queries, service, statfile
from samverkan.districts.schemas import (
    DialogueNoteIn,
    DialogueNoteOut,
    ImportOut,
    IndicatorIn,
    IndicatorOut,
    ProfileIn,
    ProfileOut,
    SeriesOut,
    ValueIn,
)
from samverkan.geo.models import Area
from samverkan.orgs.deps import ApiDep
from samverkan.orgs.policy import Principal

api = APIRouter(prefix="/api/v1/districts", tags=["districts"])


def _area(db: SessionDep, p: Principal, area_id: int) -> Area:
    service.reader(p)
    found = queries.area(db, p, area_id)
    if found is None:
        raise NotFound(service.AREA_NOT_FOUND, id=area_id)
    return found


@api.get("/indicators", response_model=list[IndicatorOut], summary="The indicators")
def indicators(db: SessionDep, p: ApiDep) -> Any:
    service.reader(p)
    return queries.indicators(db)


@api.post("/indicators", status_code=201, response_model=IndicatorOut, summary="Add an indicator")
def create_indicator(db: SessionDep, p: ApiDep, body: IndicatorIn) -> Any:
    service.reader(p)
    return service.create_indicator(db, p, body)


def _mapping(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        column, sep, code = item.rpartition("=")
        out[column.strip() if sep else ""] = code.strip()
    return out


@api.post("/imports", status_code=201, response_model=ImportOut, summary="Import a PX or CSV file")
async def import_file(
    request: Request,
    db: SessionDep,
    p: ApiDep,
    filename: str,
    columns: list[str] = Query(
        alias="map",
        description="`column=indicator` for each column of the file to import; one file "
        "column may be given as just `indicator`",
    ),
    region: str | None = None,
    time: str | None = None,
    org_id: int | None = None,
) -> Any:
    """The body is the file itself. A file that cannot be read answers 422 naming the line,
    column or keyword, and nothing is stored; codes that match no area are listed in
    ``unmatched``."""
    service.reader(p)
    service.editor(p, org_id)
    data = await request.body()
    try:
        table = statfile.read(data, filename, region=region, time=time)
    except statfile.StatFileError as exc:
        return JSONResponse(
            status_code=422,
            content={
                "detail": str(exc),
                "field": exc.field or "file",
                "position": exc.position,
                "errors": [
                    {"position": e.position, "field": e.field, "reason": e.message}
                    for e in exc.problems
                ],
            },
        )
    mapping = _mapping(columns)
    if "" in mapping and len(table.variables) == 1:
        mapping = {table.variables[0]: mapping.pop("")}
    result = service.import_table(db, p, table, filename, mapping, org_id=org_id)
    return result.record


@api.get("/imports", response_model=list[ImportOut], summary="The statistics files read")
def imports(db: SessionDep, p: ApiDep) -> Any:
    service.reader(p)
    return queries.imports(db, p)


@api.post("/values", status_code=201, summary="Type in one value")
def set_value(db: SessionDep, p: ApiDep, body: ValueIn) -> dict[str, Any]:
    service.reader(p)
    row = service.set_value(db, p, body)
    return {
        "id": row.id,
        "indicator": body.indicator,
        "area_id": row.area_id,
        "year": row.year,
        "value": row.value,
    }


@api.get("/{area_id}/profile", summary="A district's profile: its facts and latest values")
def profile(db: SessionDep, p: ApiDep, area_id: int) -> dict[str, Any]:
    a = _area(db, p, area_id)
    prof = queries.profile(db, a.id)
    day = today()
    latest = []
    for ind in queries.indicators(db):
        pts = present.points(ind, queries.series(db, p, ind, [a.id], day).get(a.id, {}))
        if pts:
            latest.append({"indicator": ind.code, **pts[-1].model_dump()})
    return {
        "area_id": a.id,
        "name": a.name,
        "code": a.code,
        "facts": ProfileOut.model_validate(prof).model_dump() if prof else None,
        "latest": latest,
        "notes": [
            DialogueNoteOut.model_validate(n).model_dump(mode="json")
            for n in queries.dialogue_notes(db, a.id)
        ],
    }


@api.put("/{area_id}/profile", response_model=ProfileOut, summary="Keep a district's facts")
def save_profile(db: SessionDep, p: ApiDep, area_id: int, body: ProfileIn) -> Any:
    service.reader(p)
    return service.save_profile(db, p, area_id, body)


@api.post(
    "/{area_id}/notes", status_code=201, response_model=DialogueNoteOut, summary="A dialogue note"
)
def add_note(
    db: SessionDep, p: ApiDep, area_id: int, body: DialogueNoteIn, org_id: int | None = None
) -> Any:
    service.reader(p)
    return service.add_note(db, p, area_id, body, org_id=org_id)


@api.get(
    "/{area_id}/indicators/{code}",
    response_model=SeriesOut,
    summary="An indicator's yearly values, the municipality's and the same area type's",
)
def series(db: SessionDep, p: ApiDep, area_id: int, code: str) -> Any:
    a = _area(db, p, area_id)
    ind = queries.indicator_by_code(db, code)
    if ind is None:
        raise NotFound(N_("no such indicator: %(code)s"), code=code)
    return present.series_out(present.comparison(db, p, a, ind, today()))
