"""An agreement's follow-up to take away: ``/foreningar/avtal/{id}/uppfoljning.csv`` and
``.pdf`` (:mod:`.export`), for who may see the agreement (its supporter's case workers and
admins, the association's reporters), 404 for everybody else; ``?dag=YYYY-MM-DD`` the day of the
follow-up (today in Stockholm by default). Each export is audited, written aside."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from samverkan.associations import export, queries, service
from samverkan.associations.models import Agreement
from samverkan.core.deps import SessionDep
from samverkan.core.errors import NotFound
from samverkan.core.forms import day, gettext
from samverkan.orgs.deps import UserDep, write_aside
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/foreningar", include_in_schema=False)


def the_agreement(db: SessionDep, p: Principal, agreement_id: int) -> Agreement:
    found = queries.agreement(db, p, agreement_id)
    if found is None:
        raise NotFound(service.AGREEMENT_NOT_FOUND, id=agreement_id)
    return found


@router.get("/avtal/{agreement_id}/uppfoljning.csv")
def followup_csv(
    request: Request, db: SessionDep, p: UserDep, agreement_id: int, dag: str = ""
) -> Response:
    v = export.view(db, the_agreement(db, p, agreement_id), day(dag))
    body = export.csv_body(v, gettext(request), getattr(request.state, "lang", "sv"))
    write_aside(request, db, export.record(p, v, "csv"))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{export.filename(v, "csv")}"'},
    )


@router.get("/avtal/{agreement_id}/uppfoljning.pdf")
def followup_pdf(
    request: Request, db: SessionDep, p: UserDep, agreement_id: int, dag: str = ""
) -> Response:
    v = export.view(db, the_agreement(db, p, agreement_id), day(dag))
    try:
        body = export.pdf(v, getattr(request.state, "lang", "sv"))
    except export.PdfUnavailable as exc:  # pragma: no cover - depends on the machine
        raise HTTPException(503, str(exc)) from None
    write_aside(request, db, export.record(p, v, "pdf"))
    return Response(
        body,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{export.filename(v, "pdf")}"'},
    )
