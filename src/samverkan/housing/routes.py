"""The disturbance cases' API: ``/api/v1/housing/cases`` (Bearer token). A case is seen by the
case workers and admins of its housing company through their *personal* token; everybody else,
organisation tokens included, gets 404. Every answer that shows a case shows its tenant: the
read is logged in the person register's access log."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, NotFound
from samverkan.core.timeutil import today
from samverkan.housing import queries, service
from samverkan.housing.case_views import CaseOut, StepOut, case_out, step_out
from samverkan.housing.models import DisturbanceCase
from samverkan.housing.schemas import CaseIn, OutcomeIn, PlaceIn, StepIn, TerminationIn
from samverkan.orgs import policy
from samverkan.orgs.deps import ApiDep
from samverkan.orgs.policy import Principal
from samverkan.people import reads
from samverkan.people.models import Person

api = APIRouter(prefix="/api/v1/housing", tags=["housing"])


def _use(p: Principal) -> None:
    if not policy.can_use_housing(p):
        raise NotFound(N_("not found"))


def _shown(
    request: Request, db: Any, p: Principal, cases: list[DisturbanceCase], *, steps: bool = False
) -> list[CaseOut]:
    """The cases as answered, each tenant's read logged."""
    people = {c.person_id: db.get(Person, c.person_id) for c in cases}
    reads.log(request, db, p, [x for x in people.values() if x is not None], "api")
    return [case_out(c, people[c.person_id], steps=steps) for c in cases]


def _one(request: Request, db: Any, p: Principal, case_id: int) -> CaseOut:
    found = queries.case(db, p, case_id)
    if found is None:
        raise NotFound(N_("disturbance case %(id)s not found"), id=case_id)
    return _shown(request, db, p, [found], steps=True)[0]


@api.get("/cases", response_model=list[CaseOut], summary="The caller's disturbance cases")
def cases(request: Request, db: SessionDep, p: ApiDep, status: str | None = None) -> Any:
    _use(p)
    return _shown(request, db, p, queries.cases(db, p, status=status))


@api.post("/cases", status_code=201, response_model=CaseOut)
def open_case(request: Request, db: SessionDep, p: ApiDep, org_id: int, body: CaseIn) -> Any:
    """Open a case of the housing company ``org_id`` about a tenant of its register
    (``person_id``) or a new person (``person``, with the legal basis for ``housing``)."""
    _use(p)
    case = service.open_case(db, p, org_id, body)
    return _shown(request, db, p, [case], steps=True)[0]


@api.get("/cases/deadlines", response_model=list[CaseOut])
def deadlines(
    request: Request, db: SessionDep, p: ApiDep, on: date | None = None, within_days: int = 14
) -> Any:
    """The warned cases whose day to stop by has passed or comes within ``within_days``."""
    _use(p)
    found = service.deadlines(db, p, on or today(), max(0, min(within_days, 365)))
    return _shown(request, db, p, found)


@api.get("/cases/{case_id}", response_model=CaseOut)
def case(request: Request, db: SessionDep, p: ApiDep, case_id: int) -> Any:
    _use(p)
    return _one(request, db, p, case_id)


@api.post("/cases/{case_id}/steps", status_code=201, response_model=StepOut)
def add_step(db: SessionDep, p: ApiDep, case_id: int, body: StepIn) -> Any:
    """A complaint, a contact, the warning (with its day to stop by) or the notice to the
    social welfare board."""
    _use(p)
    return step_out(service.add_step(db, p, case_id, body))


@api.put("/cases/{case_id}/place", response_model=CaseOut)
def set_place(request: Request, db: SessionDep, p: ApiDep, case_id: int, body: PlaceIn) -> Any:
    """The EST place the case points to (kept in the case only)."""
    _use(p)
    service.set_place(db, p, case_id, body)
    return _one(request, db, p, case_id)


@api.post("/cases/{case_id}/termination", status_code=201, response_model=StepOut)
def terminate(db: SessionDep, p: ApiDep, case_id: int, body: TerminationIn) -> Any:
    """The termination: 422 until the warning and the notice are recorded, unless
    ``very_serious`` (12 kap. 42 §) with its ``reason``."""
    _use(p)
    return step_out(service.terminate(db, p, case_id, body))


@api.post("/cases/{case_id}/close", response_model=CaseOut)
def close(request: Request, db: SessionDep, p: ApiDep, case_id: int, body: OutcomeIn) -> Any:
    _use(p)
    service.close(db, p, case_id, body)
    return _one(request, db, p, case_id)
