"""The program owner's reports in the API, under ``/api/v1/employment``: the dashboard (exact,
the owner's case workers and admins through a personal token), the shared figures
(suppressed: also the members of the owner's EST groups) and the ESF+ participant export
(CSV, the owner's; every participant in it logged in the person register's access log)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Query, Request, Response

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, NotFound
from samverkan.core.i18n import DEFAULT_LANGUAGE, translations
from samverkan.core.timeutil import today
from samverkan.employment import esf, reports
from samverkan.employment.shared import SharedFigures, shared_figures
from samverkan.orgs import policy
from samverkan.orgs.deps import ApiDep
from samverkan.people import reads

api = APIRouter(prefix="/api/v1/employment", tags=["employment"])


@api.get("/programs/{program_id}/report", response_model=reports.Dashboard)
def report(db: SessionDep, p: ApiDep, program_id: int, on: date | None = None) -> reports.Dashboard:
    """The program's dashboard on ``on`` (today by default): stages, monthly entries, days
    in each stage, outcomes by district, gender and age band, the hit rate. Exact numbers."""
    if not policy.can_use_employment(p):
        raise NotFound(N_("not found"))
    return reports.dashboard(db, p, program_id, on=on or today())


@api.get("/programs/{program_id}/shared", response_model=SharedFigures)
def shared(db: SessionDep, p: ApiDep, program_id: int, on: date | None = None) -> SharedFigures:
    """The figures that may leave the organisation: participants by district, gender and age
    band × result, no count from 1 to 4 and none that can be worked out from the others."""
    return shared_figures(db, p, program_id, on=on or today())


@api.get("/programs/{program_id}/esf.csv", response_class=Response)
def esf_csv(
    request: Request,
    db: SessionDep,
    p: ApiDep,
    program_id: int,
    sep: Literal["semicolon", "comma"] = Query("semicolon"),
) -> Response:
    """The ESF+ participant export of the program: UTF-8 with BOM, ``;`` (``sep=comma`` for
    ``,``), Swedish headers, a pseudonymous code per participant."""
    if not policy.can_use_employment(p):
        raise NotFound(N_("not found"))
    gettext = translations(getattr(request.state, "lang", DEFAULT_LANGUAGE)).gettext
    out = esf.export(db, p, gettext, program_id=program_id, sep=sep)
    reads.log(request, db, p, out.people, "api", also=out.record)
    return Response(
        out.body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="esf-program-{program_id}.csv"'},
    )
