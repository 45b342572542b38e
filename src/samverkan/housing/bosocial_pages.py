"""Pages of "En väg in" (``/boende/en-vag-in``): the dashboard with the framework agreements,
the contracts, and a contract's page with its trial's timeline and the forms for visits, rent
payments, disturbances and the decision.

The municipality's housing unit sees everything and has every form; a landlord sees its own
flats' contracts in the limited view (:class:`.bosocial_schemas.LandlordContractOut`: no visit,
no note of the social services, no personnummer) and reports rent payments and disturbances.
Anybody else gets 404. Each subtenant shown is a logged read. A refused form re-renders its page
with the field named (422; 409 for a conflict), nothing saved."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from samverkan.core.deps import SessionDep, SettingsDep
from samverkan.core.errors import N_, DomainError, NotFound
from samverkan.core.forms import day, errors, form, status_of
from samverkan.core.templating import render
from samverkan.housing import bosocial_present as present
from samverkan.housing import bosocial_queries as queries
from samverkan.housing import bosocial_service as service
from samverkan.housing.bosocial_models import COMPLAINTS, DECISIONS, PAYMENTS
from samverkan.housing.bosocial_schemas import (
    AgreementIn,
    ComplaintIn,
    ContractIn,
    DecisionIn,
    PaymentIn,
    VisitIn,
)
from samverkan.orgs import policy
from samverkan.orgs import queries as org_queries
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal
from samverkan.people import reads
from samverkan.people.models import BASES

router = APIRouter(prefix="/boende", include_in_schema=False)

BASE = "/boende/en-vag-in"
STANDING_LABELS = {
    "running": N_("trial running"),
    "due": N_("decision due within 3 months"),
    "overdue": N_("decision overdue"),
    "decided": N_("decided"),
}


def _use(p: Principal) -> None:
    if not policy.can_use_bosocial(p):
        raise NotFound(N_("page not found"))


def _given(f: dict[str, str], *keys: str) -> dict[str, str]:
    """The form's fields ``keys`` that were filled in; a month (``2026-03``, as a month input
    sends it) as its first day."""
    out = {k: f[k] for k in keys if f.get(k)}
    if len(out.get("month", "")) == 7:
        out["month"] += "-01"
    return out


def _units(db: Session, p: Principal) -> list[tuple[int, str]]:
    """The municipalities whose housing unit the caller works in (the forms' choices)."""
    orgs = [org_queries.org(db, p, o) for o in sorted(policy.bosocial_org_ids(p))]
    return [(o.id, o.name) for o in orgs if o is not None and o.kind == "kommun"]


def _landlords(db: Session, p: Principal) -> list[tuple[int, str]]:
    return [(o.id, o.name) for o in org_queries.visible_orgs(db, p) if o.kind == "bostadsbolag"]


# --- the dashboard and the agreements ---------------------------------------------------------


def _index(request: Request, db: Session, p: Principal, on: date, **extra: Any) -> HTMLResponse:
    status_code = extra.pop("status", 200)
    found = queries.contracts(db, p)
    people = present.people_of(db, found)
    board = present.dashboard(db, found, people, on)
    shown = {x.id for x in board.due} | {x.id for x in board.overdue}
    reads.log(request, db, p, [people[c.person_id] for c in found if c.id in shown], "page")
    units = _units(db, p)
    ctx = {
        "on": on,
        "board": board,
        "agreements": present.agreements_out(db, queries.agreements(db, p)),
        "units": units,
        "landlords": _landlords(db, p) if units else [],
        "form": {},
        **extra,
    }
    return render(request, "housing/bosocial.html", ctx, status_code)


@router.get("/en-vag-in", response_class=HTMLResponse)
def index(request: Request, db: SessionDep, p: UserDep, dag: str = "") -> HTMLResponse:
    """Decisions due and overdue, conversion rates, the framework agreements."""
    _use(p)
    return _index(request, db, p, day(dag))


@router.post("/en-vag-in/avtal", dependencies=[CsrfDep])
async def add_agreement(request: Request, db: SessionDep, p: UserDep) -> Response:
    _use(p)
    f = await form(request)
    keys = ("municipality_org_id", "landlord_org_id", "reference", "flats", "starts_on")
    try:
        data = AgreementIn.model_validate(_given(f, *keys, "ends_on"))
        agreement = service.create_agreement(db, p, data)
    except NotFound:
        raise
    except (ValidationError, DomainError) as exc:
        extra = {"errors": errors(request, exc), "form": f, "status": status_of(exc)}
        return _index(request, db, p, day(""), **extra)
    return RedirectResponse(f"{BASE}?avtal={agreement.id}#avtal", status_code=303)


# --- the contracts ----------------------------------------------------------------------------


def _list(request: Request, db: Session, p: Principal, **extra: Any) -> HTMLResponse:
    status_code = extra.pop("status", 200)
    found = queries.contracts(db, p)
    people = present.people_of(db, found)
    reads.log(request, db, p, list(people.values()), "page")
    on = day("")
    rows = []
    for c in found:
        view = queries.view_of(p, c.agreement)
        rows.append(present.contract_out(c, people[c.person_id], view or "landlord", on))
    agreements = [
        a for a in queries.agreements(db, p) if policy.can_run_bosocial(p, a.municipality_org_id)
    ]
    ctx = {
        "rows": rows,
        "agreements": present.agreements_out(db, agreements),
        "bases": BASES,
        "form": {},
        **extra,
    }
    return render(request, "housing/bosocial_contracts.html", ctx, status_code)


@router.get("/en-vag-in/kontrakt", response_class=HTMLResponse)
def contracts_page(request: Request, db: SessionDep, p: UserDep) -> HTMLResponse:
    _use(p)
    return _list(request, db, p)


@router.post("/en-vag-in/kontrakt", dependencies=[CsrfDep])
async def add_contract(
    request: Request, db: SessionDep, p: UserDep, settings: SettingsDep
) -> Response:
    """A contract with its subtenant: found in the municipality's register by personnummer,
    or added with the legal basis of the form."""
    _use(p)
    f = await form(request)
    data: dict[str, Any] = _given(
        f, "agreement_id", "flat", "lease_number", "lease_on", "start_on", "trial_months"
    )
    data["person"] = {
        "pnr": f.get("pnr", ""),
        "name": f.get("name", ""),
        "basis": {"purpose": service.PURPOSE, "basis": f.get("basis", ""), "since": f.get("since")},
    }
    try:
        contract = service.create_contract(
            db, p, ContractIn.model_validate(data), settings.bosocial_trial_months
        )
    except NotFound:
        raise
    except (ValidationError, DomainError) as exc:
        return _list(request, db, p, errors=errors(request, exc), form=f, status=status_of(exc))
    return RedirectResponse(f"{BASE}/kontrakt/{contract.id}", status_code=303)


# --- one contract -----------------------------------------------------------------------------


def _contract(
    request: Request, db: Session, p: Principal, contract_id: int, **extra: Any
) -> HTMLResponse:
    status_code = extra.pop("status", 200)
    found = queries.contract(db, p, contract_id)
    if found is None:
        raise NotFound(N_("bosocial contract %(id)s not found"), id=contract_id)
    contract, view = found
    person = present.people_of(db, [contract])[contract.person_id]
    reads.log(request, db, p, [person], "page")
    on = day("")
    ctx = {
        "c": present.contract_out(contract, person, view, on),
        "unit": view == "unit",
        "on": on,
        "payments": PAYMENTS,
        "complaints": COMPLAINTS,
        "decisions": DECISIONS,
        "form": {},
        **extra,
    }
    return render(request, "housing/bosocial_contract.html", ctx, status_code)


@router.get("/en-vag-in/kontrakt/{contract_id}", response_class=HTMLResponse)
def contract_page(request: Request, db: SessionDep, p: UserDep, contract_id: int) -> HTMLResponse:
    """The contract's trial as a timeline, with the caller's forms."""
    _use(p)
    return _contract(request, db, p, contract_id)


async def _write(
    request: Request,
    db: Session,
    p: Principal,
    contract_id: int,
    schema: type[BaseModel],
    keys: tuple[str, ...],
    write: Any,
    anchor: str,
) -> Response:
    _use(p)
    f = await form(request)
    try:
        write(db, p, contract_id, schema.model_validate(_given(f, *keys)))
    except NotFound:
        raise
    except (ValidationError, DomainError) as exc:
        extra = {"errors": errors(request, exc), "form": f, "status": status_of(exc)}
        return _contract(request, db, p, contract_id, **extra)
    return RedirectResponse(f"{BASE}/kontrakt/{contract_id}#{anchor}", status_code=303)


@router.post("/en-vag-in/kontrakt/{contract_id}/besok", dependencies=[CsrfDep])
async def add_visit(request: Request, db: SessionDep, p: UserDep, contract_id: int) -> Response:
    keys = ("on", "visitor", "note")
    return await _write(request, db, p, contract_id, VisitIn, keys, service.add_visit, "besok")


@router.post("/en-vag-in/kontrakt/{contract_id}/hyra", dependencies=[CsrfDep])
async def add_payment(request: Request, db: SessionDep, p: UserDep, contract_id: int) -> Response:
    keys = ("month", "status")
    return await _write(request, db, p, contract_id, PaymentIn, keys, service.add_payment, "hyra")


@router.post("/en-vag-in/kontrakt/{contract_id}/storningar", dependencies=[CsrfDep])
async def add_complaint(request: Request, db: SessionDep, p: UserDep, contract_id: int) -> Response:
    keys = ("on", "kind", "note")
    return await _write(
        request, db, p, contract_id, ComplaintIn, keys, service.add_complaint, "storningar"
    )


@router.post("/en-vag-in/kontrakt/{contract_id}/beslut", dependencies=[CsrfDep])
async def decide(request: Request, db: SessionDep, p: UserDep, contract_id: int) -> Response:
    keys = ("decision", "on", "new_trial_end")
    return await _write(request, db, p, contract_id, DecisionIn, keys, service.decide, "beslut")
