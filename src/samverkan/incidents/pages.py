"""Incident pages (Händelser): the quick report form, the list, the detail and the review."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from pydantic import ValidationError

from samverkan.core import audit
from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, DomainError, Invalid, NotFound
from samverkan.core.i18n import translations
from samverkan.core.templating import render
from samverkan.core.timeutil import IsoWeek, current_week, to_local
from samverkan.core.validation import readable
from samverkan.geo import queries as geo_queries
from samverkan.geo.schemas import feature_collection
from samverkan.incidents import export, present, queries, service
from samverkan.incidents.models import (
    SOURCE_LABELS,
    STATUS_LABELS,
    Incident,
)
from samverkan.incidents.schemas import IncidentIn, IncidentPatch
from samverkan.orgs import policy
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/handelser", include_in_schema=False)

# The report form's fields: what a reporter gives (IncidentIn), less what the form decides.
FORM_FIELDS = tuple(
    f for f in IncidentIn.model_fields if f not in {"occurred_end", "precision", "external_id"}
)


def _form_context(db: SessionDep, p: Principal, request: Request) -> dict[str, Any]:
    areas = geo_queries.visible_areas(db, p)
    return {
        "categories": queries.categories(db),
        "areas": areas,
        "geojson": feature_collection([a for a in areas if a.kind != "kommun"] or areas),
        "now": to_local(datetime.now().astimezone()).strftime("%Y-%m-%dT%H:%M"),
        "can_report": policy.can_report(p),
        "lang": getattr(request.state, "lang", "sv"),
    }


@router.get("/ny")
def report_form(request: Request, db: SessionDep, p: UserDep) -> Response:
    if not policy.can_report(p):
        raise HTTPException(403, "reporting is for reporters")
    return render(request, "incidents/report.html", {**_form_context(db, p, request), "form": {}})


def _gettext(request: Request) -> Any:
    return translations(getattr(request.state, "lang", "sv")).gettext


def _clean_form(raw: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key in FORM_FIELDS:
        value = raw.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        data[key] = value.strip() if isinstance(value, str) else value
    for flag in ("suspected", "police_report_filed"):
        data[flag] = flag in raw
    if "youth_involved" in data:
        data["youth_involved"] = {"ja": True, "nej": False}.get(data["youth_involved"])
    return data


@router.post("/ny", dependencies=[CsrfDep])
async def report_submit(request: Request, db: SessionDep, p: UserDep) -> Response:
    if not policy.can_report(p):
        raise HTTPException(403, "reporting is for reporters")
    raw = dict((await request.form()).items())
    data = _clean_form(raw)
    try:
        filed = service.file_incident(db, p, IncidentIn(**data), source="formular")
    except ValidationError as exc:
        errors = readable(exc.errors(), _gettext(request))
        return render(
            request,
            "incidents/report.html",
            {**_form_context(db, p, request), "form": raw, "errors": errors},
            422,
        )
    except DomainError as exc:
        return render(
            request,
            "incidents/report.html",
            {
                **_form_context(db, p, request),
                "form": raw,
                "errors": [{"field": exc.field or "", "message": exc.text(_gettext(request))}],
            },
            exc.status if exc.status != 404 else 422,
        )
    removed = filed.removed.personnummer + filed.removed.phone + filed.removed.email
    return RedirectResponse(
        f"/handelser/{filed.incident.id}?ny=1&borttaget={removed}", status_code=303
    )


def _filters(
    db: SessionDep, p: Principal, area: str, category: str, week: str, source: str, status: str
) -> tuple[queries.IncidentFilter, list[str]]:
    """The list's filters from the query string; bad values are named, not fatal."""
    errors = []
    f_area = int(area) if area.isdigit() else None
    if f_area is not None and geo_queries.area(db, p, f_area) is None:
        raise NotFound()
    date_from = date_to = None
    if week:
        try:
            w = IsoWeek.parse_loose(week)
            date_from, date_to = w.monday, w.monday + timedelta(days=6)
        except ValueError:
            errors.append(week)
    f = queries.IncidentFilter(
        area_id=f_area,
        category=category or None,
        date_from=date_from,
        date_to=date_to,
        source=source if source in SOURCE_LABELS else None,
        status=status if status in STATUS_LABELS else None,
    )
    return f, errors


@router.get("")
def incident_list(
    request: Request,
    db: SessionDep,
    p: UserDep,
    area: str = "",
    category: str = "",
    week: str = "",
    source: str = "",
    status: str = "",
    cursor: str = "",
) -> Response:
    f, errors = _filters(db, p, area, category, week, source, status)
    rows: list[Any] = []
    next_cursor = None
    if not errors:  # a filter that was not understood shows nothing rather than everything
        try:
            rows, next_cursor = queries.page(db, p, f, limit=50, cursor=cursor or None)
        except ValueError:
            rows, next_cursor = queries.page(db, p, f, limit=50)
    filters = {"area": area, "category": category, "week": week, "source": source, "status": status}
    return render(
        request,
        "incidents/list.html",
        {
            "incidents": rows,
            "next_cursor": next_cursor,
            "total": 0 if errors else queries.count(db, p, f),
            "areas": geo_queries.visible_areas(db, p),
            "categories": queries.categories(db),
            "filters": filters,
            "query": urlencode(filters),
            "errors": errors,
            "sources": SOURCE_LABELS,
            "statuses": STATUS_LABELS,
            "this_week": str(current_week()),
            "can_export": policy.can_export_incidents(p),
            "can_report": policy.can_report(p),
        },
    )


@router.get("/export.csv")
def incident_export(
    request: Request,
    db: SessionDep,
    p: UserDep,
    area: str = "",
    category: str = "",
    week: str = "",
    source: str = "",
    status: str = "",
) -> Response:
    """The filtered list as CSV (Excel-friendly: UTF-8 with BOM, ``;``), visibility applied."""
    if not policy.can_export_incidents(p):
        raise HTTPException(403, "export is for samordnare and analysts")
    f, errors = _filters(db, p, area, category, week, source, status)
    if errors:
        raise HTTPException(422, errors[0])
    audit.record(
        db,
        "incidents.export",
        actor=p,
        object_type="incident",
        detail={
            "filters": {
                "area": area,
                "category": category,
                "week": week,
                "source": source,
                "status": status,
            }
        },
    )
    db.commit()
    lang = getattr(request.state, "lang", "sv")
    stream = export.csv_stream(request.app.state.sessionmaker, p, f, lang)
    name = f"handelser-{week or 'urval'}.csv"
    return StreamingResponse(
        stream,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


REVIEW_PAGE = 100  # reports to review on one page (each with its possible duplicates)


@dataclass
class Suggestion:
    """A possible duplicate as the reviewer weighs it before deciding: the report itself (its
    time, place, reporter and text, and a link to it), how far from the one reviewed, and how
    much earlier or later."""

    incident: Incident
    metres: int | None  # None when either has no exact position
    hours: float  # its time less the reviewed one's: negative when it happened earlier

    @classmethod
    def of(cls, reviewed: Incident, other: Incident) -> Suggestion:
        metres = None
        a, b = (reviewed.lat, reviewed.lon), (other.lat, other.lon)
        if a[0] is not None and a[1] is not None and b[0] is not None and b[1] is not None:
            # within the 150 m that make a suggestion the plane is flat enough
            dy = (b[0] - a[0]) * 111_320
            dx = (b[1] - a[1]) * 111_320 * math.cos(math.radians(a[0]))
            metres = int(round(math.hypot(dx, dy) / 10) * 10)
        hours = (other.occurred_at - reviewed.occurred_at).total_seconds() / 3600
        return cls(other, metres, hours)


@router.get("/granska")
def review_page(request: Request, db: SessionDep, p: UserDep) -> Response:
    if not policy.can_review_incidents(p):
        raise HTTPException(403, "review is for the EST samordnare")
    waiting = queries.IncidentFilter(status="mottagen")
    cursor = request.query_params.get("cursor") or None
    try:
        rows, next_cursor = queries.page(db, p, waiting, limit=REVIEW_PAGE, cursor=cursor)
    except ValueError:
        raise Invalid(
            N_("the link to the next page is damaged: start again"), field="cursor"
        ) from None
    suggestions = {
        i.id: [Suggestion.of(i, d) for d in queries.possible_duplicates(db, p, i)] for i in rows
    }
    return render(
        request,
        "incidents/review.html",
        {
            "incidents": rows,
            "suggestions": suggestions,
            "total": queries.count(db, p, waiting),
            "next_cursor": next_cursor,
            "first_page": cursor is None,
        },
    )


@router.get("/{incident_id}")
def incident_page(request: Request, db: SessionDep, p: UserDep, incident_id: int) -> Response:
    inc = queries.incident(db, p, incident_id)
    if inc is None:
        raise NotFound()
    point = None
    if inc.lat is not None and inc.lon is not None:
        point = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "id": inc.id,
                    "geometry": {"type": "Point", "coordinates": [inc.lon, inc.lat]},
                    "properties": {
                        "name": inc.category.label(request.state.lang),
                        "kind": "incident",
                    },
                }
            ],
        }
    can_review = policy.can_review_incidents(p)
    return render(
        request,
        "incidents/detail.html",
        {
            "inc": inc,
            "geojson": point,
            "can_edit": policy.can_edit_incident(p, inc.org_id),
            "can_review": can_review,
            "duplicates": queries.possible_duplicates(db, p, inc) if can_review else [],
            "new": request.query_params.get("ny") == "1",
            "removed": request.query_params.get("borttaget", "0"),
            "sections": [s for s in (f(db, p, inc) for f in present.DETAIL_SECTIONS) if s],
        },
    )


@router.post("/{incident_id}/granska", dependencies=[CsrfDep])
async def review_submit(request: Request, db: SessionDep, p: UserDep, incident_id: int) -> Response:
    form = await request.form()
    status = str(form.get("status") or "")
    dup = str(form.get("duplicate_of") or "")
    try:
        patch = IncidentPatch(
            status=status or None,
            duplicate_of=int(dup) if dup.isdigit() else None,
        )
    except ValidationError:
        raise HTTPException(422, N_("status must be mottagen, granskad or dubblett")) from None
    service.update_incident(db, p, incident_id, patch)
    back = str(form.get("next") or f"/handelser/{incident_id}")
    return RedirectResponse(
        back if back.startswith("/handelser") else "/handelser", status_code=303
    )
