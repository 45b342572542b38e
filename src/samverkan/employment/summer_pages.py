"""Pages of the summer jobs required through procurement (``/sysselsattning/sommarjobb``): the
caller's contracts with their pace on a day, a form for the housing company's case workers to
add a contract, and a contract's follow-up (delivered against required by the day at pace, by
age band and district, the reports) with the contractor's report form.

Who sees what is :mod:`.summer`'s: the owner's case workers and admins their organisation's
contracts, a contractor's reporters and admins their own; anybody for whom
:func:`summer.can_use` is false, and every contract the caller may not see, is 404. A report
counts people, never names: no read of a person is logged here. Refusals re-render the page
with the fields named (422; 403 for the owner reporting under its own contract).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, DomainError, NotFound
from samverkan.core.pace import STATUS_LABELS, WARNED, pace
from samverkan.core.templating import render
from samverkan.employment import summer
from samverkan.employment.models import AGE_BANDS
from samverkan.employment.page_kit import day, errors, form, gettext, status_of
from samverkan.geo import queries as geo_queries
from samverkan.geo.models import Area
from samverkan.orgs import policy
from samverkan.orgs import queries as org_queries
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/sysselsattning", include_in_schema=False)

BASE = "/sysselsattning/sommarjobb"


CONTRACT_FIELDS = (
    "org_id",
    "contractor_org_id",
    "reference",
    "title",
    "target_group",
    "required_people",
    "required_months",
    "period_start",
    "period_end",
)
REPORT_FIELDS = ("employed_on", "age_band", "district_id", "people", "months")
DECIMALS = ("required_months", "months")


def contractor_only(p: Principal | None) -> bool:
    """Whether ``p`` reports summer jobs for a contractor without working in the employment
    programs (the nav entry to the summer jobs; a case worker has the employment pages). A
    contractor is a company, an organisation of kind ``annan``: a trygghetsvärd, a police officer
    or an association's reporter gets no entry (their pages would be empty)."""
    if p is None:
        return False
    companies = policy.contractor_org_ids(p) & p.orgs_of_kind("annan")
    return bool(companies) and not policy.can_use_employment(p)


def _use(p: Principal) -> None:
    if not summer.can_use(p):
        raise NotFound(N_("page not found"))


def _given(f: dict[str, str], keys: tuple[str, ...]) -> dict[str, str]:
    """The form's fields ``keys`` that were filled in (one left empty is missing, or None); a
    decimal comma of the months (1,5) read as a point."""
    return {k: f[k].replace(",", ".") if k in DECIMALS else f[k] for k in keys if f.get(k)}


def _org_names(db: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids)))
    return {oid: name for oid, name in rows}


def districts(db: Session, owner_org_id: int) -> list[Area]:
    """The districts a contract's reports may name: those the owner's EST groups cover."""
    owner = db.get(Organisation, owner_org_id)
    if owner is None:
        return []
    areas = geo_queries.visible_areas(db, org_queries.reader_for_org(db, owner))
    return sorted((a for a in areas if a.kind in summer.DISTRICT_KINDS), key=lambda a: a.name)


def warning(request: Request, f: summer.FollowupOut) -> str | None:
    """The follow-up's warning in the page's language, with the numbers summer.followup put
    into it."""
    if f.warning is None:
        return None
    tr = gettext(request)
    params: dict[str, Any] = {
        "delivered": f.delivered_people,
        "required": f.required_people,
        "remaining": f.remaining_people,
    }
    if f.status == "ended_short":
        return tr(summer.ENDED_SHORT) % {**params, "end": f.period_end.isoformat()}
    expected = pace(
        f.required_people, f.delivered_people, f.period_start, f.period_end, f.on
    ).expected
    return tr(summer.BEHIND) % {
        **params,
        "expected": round(expected),
        "on": f.on.isoformat(),
        "days": f.days_left,
    }


def _query(on: str) -> str:
    return f"?dag={on}" if on else ""


# --- the contracts ----------------------------------------------------------------------------


def _list_page(request: Request, db: Session, p: Principal, on: date, **extra: Any) -> HTMLResponse:
    status_code = extra.pop("status", 200)
    found = summer.contracts(db, p, on)
    owners = sorted(policy.employment_org_ids(p))
    names = _org_names(db, {c.org_id for c in found} | set(owners))
    ctx = {
        "on": on,
        "contracts": found,
        "owner_names": names,
        "owners": [(o, names.get(o, "")) for o in owners],
        "contractors": summer.contractors(db, p) if owners else [],
        "status_labels": STATUS_LABELS,
        "warned": WARNED,
        "form": {},
        **extra,
    }
    return render(request, "employment/summer.html", ctx, status_code)


@router.get("/sommarjobb", response_class=HTMLResponse)
def contracts_page(request: Request, db: SessionDep, p: UserDep, dag: str = "") -> HTMLResponse:
    """The caller's contracts with their pace on the day shown."""
    _use(p)
    return _list_page(request, db, p, day(dag))


@router.post("/sommarjobb", dependencies=[CsrfDep])
async def add_contract(request: Request, db: SessionDep, p: UserDep) -> Response:
    """A contract of the caller's housing company with a contractor (its case workers and
    admins); the follow-up of the new contract follows. The contractor must be one the form
    offers (:func:`.summer.contractors`): an organisation the caller may not see is refused
    as not found, so the page never names it."""
    _use(p)
    if not policy.employment_org_ids(p):
        raise NotFound(N_("page not found"))
    f = await form(request)
    try:
        data = summer.ContractIn.model_validate(_given(f, CONTRACT_FIELDS))
        if data.org_id is not None and not policy.can_work_employment(p, data.org_id):
            raise NotFound(N_("organisation not found"))
        contract = summer.create_contract(db, p, data)
    except NotFound:
        raise
    except (ValidationError, DomainError) as exc:
        return _list_page(
            request,
            db,
            p,
            day(f.get("dag", "")),
            errors=errors(request, exc),
            form=f,
            status=status_of(exc),
        )
    return RedirectResponse(f"{BASE}/{contract.id}{_query(f.get('dag', ''))}", status_code=303)


# --- one contract's follow-up -----------------------------------------------------------------


def _followup_page(
    request: Request, db: Session, p: Principal, contract_id: int, on: date, **extra: Any
) -> HTMLResponse:
    status_code = extra.pop("status", 200)
    f = summer.followup(db, p, contract_id, on)
    reports = policy.can_report_summer_jobs(p, f.contractor_org_id)
    shown = on if f.period_start <= on <= f.period_end else f.period_start
    ctx = {
        "on": on,
        "f": f,
        "owner": _org_names(db, {f.org_id}).get(f.org_id, ""),
        "warning": warning(request, f),
        "status_labels": STATUS_LABELS,
        "warned": WARNED,
        "can_report": reports,
        "age_bands": AGE_BANDS,
        "districts": districts(db, f.org_id) if reports else [],
        "district_names": {d.district_id: d.district for d in f.by_district},
        "form": {"employed_on": shown.isoformat()},
        **extra,
    }
    return render(request, "employment/summer_contract.html", ctx, status_code)


@router.get("/sommarjobb/{contract_id}", response_class=HTMLResponse)
def followup_page(
    request: Request, db: SessionDep, p: UserDep, contract_id: int, dag: str = ""
) -> HTMLResponse:
    """Delivered against required on the day shown, by age band and district, the reports."""
    _use(p)
    return _followup_page(request, db, p, contract_id, day(dag))


@router.post("/sommarjobb/{contract_id}/rapporter", dependencies=[CsrfDep])
async def add_report(request: Request, db: SessionDep, p: UserDep, contract_id: int) -> Response:
    """Young people the contractor employed under the contract; back to its follow-up."""
    _use(p)
    f = await form(request)
    try:
        row = summer.report(
            db, p, contract_id, summer.ReportIn.model_validate(_given(f, REPORT_FIELDS))
        )
    except NotFound:
        raise
    except (ValidationError, DomainError) as exc:
        on = day(f.get("dag", ""))
        extra = {"errors": errors(request, exc), "form": f, "status": status_of(exc)}
        return _followup_page(request, db, p, contract_id, on, **extra)
    return RedirectResponse(
        f"{BASE}/{contract_id}{_query(f.get('dag', ''))}#rapport-{row.id}", status_code=303
    )
