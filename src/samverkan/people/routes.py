"""The person register's API: ``/api/v1/people`` (Bearer token), with the rules of the pages:
a person is seen only by the handläggare and admins of the organisation that holds them
(``policy.people_org_ids``), every read is logged, and everything else is 404. An API token
acts for its organisation with reporting rights, not as a handläggare, so today every token is
answered 404 here (see docs/security.md)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from samverkan.core.db import utcnow
from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, NotFound
from samverkan.orgs import policy
from samverkan.orgs.deps import ApiDep
from samverkan.orgs.policy import Principal
from samverkan.people import export, present, queries, reads, service
from samverkan.people.schemas import (
    AccessOut,
    BasisIn,
    BasisOut,
    ErasureOut,
    PersonBrief,
    PersonFields,
    PersonIn,
    PersonOut,
)

api = APIRouter(prefix="/api/v1/people", tags=["people"])
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "the personnummer is already held: merge into `existing`"}
}


def _register(p: Principal) -> None:
    if not policy.can_use_people(p):
        raise NotFound(N_("not found"))


def _person(db: Any, p: Principal, person_id: int) -> Any:
    found = queries.person(db, p, person_id)
    if found is None:
        raise NotFound(N_("person %(id)s not found"), id=person_id)
    return found


@api.get("", response_model=list[PersonBrief], summary="Search people by name or personnummer")
def search(request: Request, db: SessionDep, p: ApiDep, q: str = "") -> list[PersonBrief]:
    _register(p)
    found = queries.search(db, p, q)
    reads.log(request, db, p, found, "search")
    return [present.brief(x) for x in found]


@api.post("", status_code=201, response_model=PersonOut, responses=CONFLICT)
def create(db: SessionDep, p: ApiDep, body: PersonIn, org_id: int | None = None) -> Any:
    """Add a person with their first legal basis (a second record of a personnummer: 409)."""
    _register(p)
    try:
        person = service.create_person(db, p, body, org_id)
    except service.DuplicatePerson as exc:
        return JSONResponse(
            {
                "detail": exc.text(),
                "field": "pnr",
                "existing": f"/api/v1/people/{exc.existing_id}",
                "merge": f"/api/v1/people/{exc.existing_id}/merge",
            },
            status_code=409,
        )
    return present.person_out(db, person)


@api.get("/erasures/{receipt}", response_model=ErasureOut, summary="An erasure's receipt")
def erasure(db: SessionDep, p: ApiDep, receipt: str) -> ErasureOut:
    found = queries.erasure(db, p, receipt)
    if found is None:
        raise NotFound(N_("receipt not found"))
    return present.erasure_out(db, found)


@api.get("/{person_id}", response_model=PersonOut, summary="One person (the read is logged)")
def get(request: Request, db: SessionDep, p: ApiDep, person_id: int) -> PersonOut:
    person = _person(db, p, person_id)
    reads.log(request, db, p, [person], "api")
    return present.person_out(db, person)


@api.patch("/{person_id}", response_model=PersonOut, summary="Change name, contact, district")
def update(db: SessionDep, p: ApiDep, person_id: int, body: PersonFields) -> PersonOut:
    return present.person_out(db, service.update_person(db, p, person_id, body))


@api.post("/{person_id}/merge", response_model=PersonOut, summary="Merge a proposed record")
def merge(db: SessionDep, p: ApiDep, person_id: int, body: PersonIn) -> PersonOut:
    return present.person_out(db, service.merge_into(db, p, person_id, body))


@api.post("/{person_id}/bases", status_code=201, response_model=BasisOut)
def add_basis(db: SessionDep, p: ApiDep, person_id: int, body: BasisIn) -> BasisOut:
    basis = service.add_basis(db, p, person_id, body)
    return present.basis_out(basis, present.user_names(db, {basis.recorded_by_user_id}))


@api.post("/{person_id}/bases/{basis_id}/withdraw", response_model=BasisOut)
def withdraw(db: SessionDep, p: ApiDep, person_id: int, basis_id: int) -> BasisOut:
    _person(db, p, person_id)
    basis = service.withdraw_basis(db, p, basis_id)
    if basis.person_id != person_id:
        raise NotFound(N_("legal basis not found"))
    ids = {basis.recorded_by_user_id, basis.withdrawn_by_user_id}
    return present.basis_out(basis, present.user_names(db, ids))


@api.get("/{person_id}/access", response_model=list[AccessOut], summary="Who has read")
def access(db: SessionDep, p: ApiDep, person_id: int) -> list[AccessOut]:
    person = _person(db, p, person_id)
    return [present.access_out(a) for a in queries.access_log(db, p, person)]


@api.get("/{person_id}/export", summary="Everything held about the person (GDPR art. 15)")
def export_json(request: Request, db: SessionDep, p: ApiDep, person_id: int) -> dict[str, Any]:
    person = _person(db, p, person_id)
    reads.log(request, db, p, [person], "export_json")
    return export.as_json(export.collect(db, p, person, utcnow()))


@api.delete("/{person_id}", response_model=ErasureOut, summary="Erase the person (art. 17)")
def erase(db: SessionDep, p: ApiDep, person_id: int) -> ErasureOut:
    return present.erasure_out(db, service.erase(db, p, person_id))
