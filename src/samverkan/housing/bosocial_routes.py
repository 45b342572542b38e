"""The bosocial contracts of "En väg in": ``/api/v1/housing/bosocial`` (Bearer token, personal
tokens only: an organisation's token never counts, see :mod:`samverkan.orgs.policy.housing`).

The municipality's housing unit makes agreements and contracts, records visits and decisions
and reads everything (:class:`ContractOut`); a landlord reads its own flats' contracts in the
limited view (:class:`LandlordContractOut`) and reports rent payments and disturbances. Every
subtenant named in an answer is a logged read. Thin: parse → :mod:`.bosocial_service` →
:mod:`.bosocial_present`."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request

from samverkan.core.deps import SessionDep, SettingsDep
from samverkan.core.errors import N_, NotFound
from samverkan.core.timeutil import today
from samverkan.housing import bosocial_present as present
from samverkan.housing import bosocial_queries as queries
from samverkan.housing import bosocial_service as service
from samverkan.housing.bosocial_schemas import (
    AgreementIn,
    AgreementOut,
    ComplaintIn,
    ComplaintOut,
    ContractIn,
    ContractOut,
    DashboardOut,
    DecisionIn,
    DecisionOut,
    LandlordContractOut,
    PaymentIn,
    PaymentOut,
    VisitIn,
    VisitOut,
)
from samverkan.orgs import policy
from samverkan.orgs.deps import ApiDep
from samverkan.orgs.policy import Principal
from samverkan.people import reads
from samverkan.people.models import Person

api = APIRouter(prefix="/api/v1/housing/bosocial", tags=["housing"])

Either = ContractOut | LandlordContractOut


def _use(p: Principal) -> None:
    if not policy.can_use_bosocial(p):
        raise NotFound(N_("not found"))


def _one(request: Request, db: SessionDep, p: Principal, contract_id: int) -> Either:
    found = queries.contract(db, p, contract_id)
    if found is None:
        raise NotFound(N_("bosocial contract %(id)s not found"), id=contract_id)
    contract, view = found
    person = db.get(Person, contract.person_id)
    assert person is not None  # the contract goes with its person (ON DELETE CASCADE)
    reads.log(request, db, p, [person], "api")
    return present.contract_out(contract, person, view, today())


@api.get("/agreements", response_model=list[AgreementOut], summary="The framework agreements")
def agreements(db: SessionDep, p: ApiDep) -> list[AgreementOut]:
    _use(p)
    return present.agreements_out(db, queries.agreements(db, p))


@api.post(
    "/agreements", status_code=201, response_model=AgreementOut, summary="A framework agreement"
)
def create_agreement(db: SessionDep, p: ApiDep, body: AgreementIn) -> AgreementOut:
    _use(p)
    return present.agreements_out(db, [service.create_agreement(db, p, body)])[0]


@api.get("/contracts", response_model=list[Either], summary="The contracts the caller sees")
def contracts(
    request: Request, db: SessionDep, p: ApiDep, agreement_id: int | None = None
) -> list[Either]:
    """The housing unit's contracts in full, a landlord's own flats in the limited view."""
    _use(p)
    found = queries.contracts(db, p, agreement_id=agreement_id)
    people = present.people_of(db, found)
    reads.log(request, db, p, list(people.values()), "api")
    on = today()
    out: list[Either] = []
    for c in found:
        view = queries.view_of(p, c.agreement)
        assert view is not None  # the query kept only what the caller sees
        out.append(present.contract_out(c, people[c.person_id], view, on))
    return out


@api.post("/contracts", status_code=201, response_model=ContractOut, summary="A contract")
def create_contract(
    request: Request, db: SessionDep, p: ApiDep, settings: SettingsDep, body: ContractIn
) -> Either:
    _use(p)
    contract = service.create_contract(db, p, body, settings.bosocial_trial_months)
    return _one(request, db, p, contract.id)


@api.get(
    "/contracts/{contract_id}", response_model=Either, summary="A contract and its trial so far"
)
def contract(request: Request, db: SessionDep, p: ApiDep, contract_id: int) -> Either:
    _use(p)
    return _one(request, db, p, contract_id)


@api.post(
    "/contracts/{contract_id}/visits",
    status_code=201,
    response_model=VisitOut,
    summary="A follow-up visit (the housing unit)",
)
def add_visit(db: SessionDep, p: ApiDep, contract_id: int, body: VisitIn) -> VisitOut:
    _use(p)
    v = service.add_visit(db, p, contract_id, body)
    return VisitOut(id=v.id, on=v.on, visitor=v.visitor, note=v.note)


@api.post(
    "/contracts/{contract_id}/payments",
    status_code=201,
    response_model=PaymentOut,
    summary="A month's rent during the trial (the landlord or the housing unit)",
)
def add_payment(db: SessionDep, p: ApiDep, contract_id: int, body: PaymentIn) -> PaymentOut:
    _use(p)
    x = service.add_payment(db, p, contract_id, body)
    return PaymentOut(id=x.id, month=x.month, status=x.status)


@api.post(
    "/contracts/{contract_id}/disturbances",
    status_code=201,
    response_model=ComplaintOut,
    summary="A disturbance during the trial (the landlord or the housing unit)",
)
def add_complaint(db: SessionDep, p: ApiDep, contract_id: int, body: ComplaintIn) -> ComplaintOut:
    _use(p)
    x = service.add_complaint(db, p, contract_id, body)
    return ComplaintOut(id=x.id, on=x.on, kind=x.kind, note=x.note)


@api.post(
    "/contracts/{contract_id}/decision",
    status_code=201,
    response_model=DecisionOut,
    summary="Takeover, extension or termination (the housing unit)",
)
def decide(db: SessionDep, p: ApiDep, contract_id: int, body: DecisionIn) -> DecisionOut:
    _use(p)
    d = service.decide(db, p, contract_id, body)
    return DecisionOut(id=d.id, decision=d.kind, on=d.on, new_trial_end=d.new_trial_end)


@api.get("/dashboard", response_model=DashboardOut, summary="Decisions due and conversion rates")
def dashboard(request: Request, db: SessionDep, p: ApiDep, on: date | None = None) -> DashboardOut:
    """Decisions coming up within 90 days of ``on`` (today in Stockholm unless given), those
    overdue, and the conversion rate per landlord and year."""
    _use(p)
    found = queries.contracts(db, p)
    people = present.people_of(db, found)
    out = present.dashboard(db, found, people, on or today())
    shown = {x.id for x in out.due} | {x.id for x in out.overdue}
    reads.log(request, db, p, [people[c.person_id] for c in found if c.id in shown], "api")
    return out
