"""A safety walk's report, ``/boende/ronderingar/{id}/rapport``: the walk, its findings with
small photos and their work orders' status, as a page and as a PDF (WeasyPrint; the photos are
embedded as data URLs)."""

from __future__ import annotations

import base64
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from samverkan.core.deps import SessionDep
from samverkan.core.templating import pdf_response, render
from samverkan.geo import queries as geo_queries
from samverkan.housing import walk_queries
from samverkan.housing.walk_pages import LABELS, the_walk
from samverkan.orgs.deps import UserDep
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/boende", include_in_schema=False)


def _context(db: Session, p: Principal, walk_id: int, embed: bool) -> dict[str, Any]:
    walk = the_walk(db, p, walk_id)
    area = geo_queries.area(db, p, walk.area_id)
    org = db.get(Organisation, walk.org_id)
    photos: dict[int, str] = {}
    for f in walk.findings:
        if f.photo_type is None:
            continue
        if embed:
            got = walk_queries.photo(db, p, f.id)
            if got is not None:
                photos[f.id] = f"data:{got[1]};base64,{base64.b64encode(got[0]).decode()}"
        else:
            photos[f.id] = f"/boende/ronderingar/{walk.id}/fynd/{f.id}/foto"
    counts: dict[str, int] = {}
    for f in walk.findings:
        counts[f.order.status] = counts.get(f.order.status, 0) + 1
    return {
        "walk": walk,
        "area_name": area.name if area is not None else "",
        "org_name": org.name if org is not None else "",
        "photos": photos,
        "counts": counts,
        **LABELS,
    }


@router.get("/ronderingar/{walk_id}/rapport", response_class=HTMLResponse)
def report(request: Request, db: SessionDep, p: UserDep, walk_id: int) -> Any:
    return render(request, "housing/walk_report.html", _context(db, p, walk_id, False))


@router.get("/ronderingar/{walk_id}/rapport.pdf")
def report_pdf(request: Request, db: SessionDep, p: UserDep, walk_id: int) -> Response:
    ctx = _context(db, p, walk_id, True)
    name = f"trygghetsrond-{ctx['walk'].walked_on.isoformat()}-{walk_id}.pdf"
    return pdf_response(request, "housing/walk_report_print.html", ctx, name)
