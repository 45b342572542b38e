"""Summer jobs required through procurement: ``/api/v1/summer-jobs`` (Bearer token).

The housing company's case workers and admins (their personal tokens) create contracts and
follow them up; the contractor's reporters and admins (a personal token, or the contractor's
organisation token) see their own contracts and report the young people they employed. A
contract the caller may not see is 404; the housing company reporting under its own contract
is 403. Thin: parse → :mod:`samverkan.employment.summer` → schema."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, NotFound
from samverkan.core.timeutil import today
from samverkan.employment import summer
from samverkan.employment.summer import ContractIn, ContractOut, FollowupOut, ReportIn, ReportOut
from samverkan.orgs.deps import ApiDep
from samverkan.orgs.policy import Principal

api = APIRouter(prefix="/api/v1/summer-jobs", tags=["employment"])


def _use(p: Principal) -> None:
    if not summer.can_use(p):
        raise NotFound(N_("not found"))


@api.get("/contracts", response_model=list[ContractOut], summary="The caller's contracts")
def contracts(db: SessionDep, p: ApiDep, on: date | None = None) -> list[ContractOut]:
    """An owner's contracts or a contractor's own, with their pace on ``on`` (today in
    Stockholm unless given)."""
    _use(p)
    return summer.contracts(db, p, on or today())


@api.post("/contracts", status_code=201, response_model=ContractOut, summary="Add a contract")
def create_contract(db: SessionDep, p: ApiDep, body: ContractIn) -> ContractOut:
    _use(p)
    contract = summer.create_contract(db, p, body)
    return summer.contract_out(db, contract, today())


@api.get(
    "/contracts/{contract_id}",
    response_model=FollowupOut,
    summary="A contract's follow-up: delivered against required, by age band and district",
)
def followup(db: SessionDep, p: ApiDep, contract_id: int, on: date | None = None) -> FollowupOut:
    _use(p)
    return summer.followup(db, p, contract_id, on or today())


@api.post(
    "/contracts/{contract_id}/reports",
    status_code=201,
    response_model=ReportOut,
    summary="Report young people employed under a contract",
)
def report(db: SessionDep, p: ApiDep, contract_id: int, body: ReportIn) -> ReportOut:
    _use(p)
    return summer.report_out(summer.report(db, p, contract_id, body))
