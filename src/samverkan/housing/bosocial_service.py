"""The bosocial contracts of "En väg in" and their rules.

- A framework agreement is made by the municipality's housing unit (case worker or admin of the
  municipality), between that municipality (kind ``kommun``) and a landlord (kind
  ``bostadsbolag``); a contract under it is one of its flats, never more than it agreed.
- The subtenant is a person of the **municipality's** register, held for the purpose
  ``bosocial`` (a new person is added with their legal basis).
- The trial lasts the setting's months (``SAMVERKAN_BOSOCIAL_TRIAL_MONTHS``, 18 by default)
  unless the contract names its own; an extension moves its end.
- A takeover is refused before the trial's end: "after 18 months of good conduct" — an early
  takeover is never allowed; the housing unit extends or waits. Every decision is refused once
  the contract was taken over or terminated.
- The landlord's case workers and admins report rent payments (one per month, within the
  trial) and disturbances; only the housing unit records visits and decisions.

Every write checks everything before it adds anything and is audited with ids and codes only;
the caller commits.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.errors import N_, Conflict, Invalid, NotFound
from samverkan.core.redaction import redact_personnummer
from samverkan.housing import bosocial_queries as queries
from samverkan.housing.analysis.bosocial import month_of, trial_end
from samverkan.housing.bosocial_models import (
    BosocialAgreement,
    BosocialComplaint,
    BosocialContract,
    BosocialDecision,
    BosocialPayment,
    BosocialVisit,
)
from samverkan.housing.bosocial_queries import View
from samverkan.housing.bosocial_schemas import (
    AgreementIn,
    ComplaintIn,
    ContractIn,
    DecisionIn,
    PaymentIn,
    VisitIn,
)
from samverkan.orgs import policy
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal
from samverkan.people import service as people_service
from samverkan.people.models import Person

PURPOSE = "bosocial"
DEFAULT_TRIAL_MONTHS = 18
EARLY_TAKEOVER = N_(
    "a takeover is decided when the trial period is over (%(day)s): before it, extend the "
    "trial or wait"
)


def _note(text: str | None, person: Person | None) -> str | None:
    return redact_personnummer(text, person.pnr if person else None).text or None


def create_agreement(session: Session, p: Principal, data: AgreementIn) -> BosocialAgreement:
    """A framework agreement of the caller's municipality with a landlord."""
    if not policy.can_run_bosocial(p, data.municipality_org_id):
        raise NotFound(N_("organisation not found"))
    municipality = session.get(Organisation, data.municipality_org_id)
    if municipality is None or municipality.kind != "kommun":
        raise Invalid(N_("must be a municipality"), field="municipality_org_id")
    landlord = session.get(Organisation, data.landlord_org_id)
    if landlord is None or not policy.can_see_org(p, landlord.id):
        raise Invalid(N_("no such landlord"), field="landlord_org_id")
    if landlord.kind != "bostadsbolag":
        raise Invalid(N_("must be a housing company"), field="landlord_org_id")
    if data.ends_on is not None and data.ends_on <= data.starts_on:
        raise Invalid(N_("must come after the start"), field="ends_on")
    agreement = BosocialAgreement(**data.model_dump())
    session.add(agreement)
    session.flush()
    audit.record(
        session,
        "bosocial.agreement",
        actor=p,
        object_type="bosocial_agreement",
        object_id=agreement.id,
        org_id=agreement.municipality_org_id,
        detail={"landlord_org_id": agreement.landlord_org_id, "flats": agreement.flats},
    )
    return agreement


def count_contracts(session: Session, agreement_id: int) -> int:
    """How many flats are sublet under the agreement so far."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(BosocialContract)
            .where(BosocialContract.agreement_id == agreement_id)
        )
        or 0
    )


def create_contract(
    session: Session, p: Principal, data: ContractIn, default_months: int = DEFAULT_TRIAL_MONTHS
) -> BosocialContract:
    """A flat sublet under an agreement of the caller's municipality; the trial lasts
    ``data.trial_months`` or ``default_months`` (the setting)."""
    agreement = queries.agreement(session, p, data.agreement_id)
    if agreement is None or not policy.can_run_bosocial(p, agreement.municipality_org_id):
        raise NotFound(N_("framework agreement %(id)s not found"), id=data.agreement_id)
    if data.start_on < agreement.starts_on or (
        agreement.ends_on is not None and data.start_on > agreement.ends_on
    ):
        raise Invalid(N_("must be within the framework agreement's period"), field="start_on")
    if data.lease_on > data.start_on:
        raise Invalid(N_("the main lease must be signed by the start"), field="lease_on")
    if count_contracts(session, agreement.id) >= agreement.flats:
        raise Conflict(
            N_("the framework agreement's %(flats)s flats are all sublet"),
            field="agreement_id",
            flats=agreement.flats,
        )
    months = data.trial_months or default_months
    person = people_service.registered(
        session, p, agreement.municipality_org_id, data.person_id, data.person
    )
    people_service.require_basis(session, person, PURPOSE)
    contract = BosocialContract(
        agreement=agreement,
        person_id=person.id,
        flat=data.flat,
        lease_number=data.lease_number,
        lease_on=data.lease_on,
        start_on=data.start_on,
        trial_months=months,
        trial_end=trial_end(data.start_on, months),
        status="trial",
    )
    session.add(contract)
    people_service.touch(person)
    session.flush()
    audit.record(
        session,
        "bosocial.contract",
        actor=p,
        object_type="bosocial_contract",
        object_id=contract.id,
        org_id=contract.agreement.municipality_org_id,
        detail={"months": months},
    )
    return contract


def _contract(session: Session, p: Principal, contract_id: int) -> tuple[BosocialContract, View]:
    found = queries.contract(session, p, contract_id)
    if found is None:
        raise NotFound(N_("bosocial contract %(id)s not found"), id=contract_id)
    return found


def _unit(session: Session, p: Principal, contract_id: int) -> BosocialContract:
    """The contract, for what only the housing unit does (a landlord gets 404)."""
    contract, view = _contract(session, p, contract_id)
    if view != "unit":
        raise NotFound(N_("bosocial contract %(id)s not found"), id=contract_id)
    return contract


def _not_before_start(contract: BosocialContract, on: date, field: str) -> None:
    if on < contract.start_on:
        raise Invalid(
            N_("cannot be before the contract's start (%(day)s)"),
            field=field,
            day=contract.start_on.isoformat(),
        )


def _touch(session: Session, contract: BosocialContract) -> Person | None:
    person = session.get(Person, contract.person_id)
    if person is not None:
        people_service.touch(person)
    return person


def add_visit(session: Session, p: Principal, contract_id: int, data: VisitIn) -> BosocialVisit:
    """A follow-up visit with the social services' notes (the housing unit only)."""
    contract = _unit(session, p, contract_id)
    _not_before_start(contract, data.on, "on")
    person = _touch(session, contract)
    visit = BosocialVisit(
        on=data.on, visitor=data.visitor, note=_note(data.note, person), by_user_id=p.user_id
    )
    contract.visits.append(visit)
    session.flush()
    audit.record(
        session,
        "bosocial.visit",
        actor=p,
        object_type="bosocial_contract",
        object_id=contract.id,
        org_id=contract.agreement.municipality_org_id,
        detail={"visit_id": visit.id},
    )
    return visit


def add_payment(
    session: Session, p: Principal, contract_id: int, data: PaymentIn
) -> BosocialPayment:
    """A month's rent during the trial, as the landlord (or the housing unit) reports it."""
    contract, _view = _contract(session, p, contract_id)
    month = month_of(data.month)
    if month < month_of(contract.start_on) or month > month_of(contract.trial_end):
        raise Invalid(
            N_("the month must be within the trial (%(start)s – %(end)s)"),
            field="month",
            start=contract.start_on.isoformat(),
            end=contract.trial_end.isoformat(),
        )
    if any(x.month == month for x in contract.payments):
        raise Conflict(
            N_("the rent of %(month)s is already reported"),
            field="month",
            month=month.strftime("%Y-%m"),
        )
    payment = BosocialPayment(month=month, status=data.status, by_user_id=p.user_id)
    contract.payments.append(payment)
    _touch(session, contract)
    session.flush()
    audit.record(
        session,
        "bosocial.payment",
        actor=p,
        object_type="bosocial_contract",
        object_id=contract.id,
        org_id=contract.agreement.municipality_org_id,
        detail={"status": data.status},
    )
    return payment


def add_complaint(
    session: Session, p: Principal, contract_id: int, data: ComplaintIn
) -> BosocialComplaint:
    """A disturbance during the trial, as the landlord (or the housing unit) reports it."""
    contract, _view = _contract(session, p, contract_id)
    _not_before_start(contract, data.on, "on")
    person = _touch(session, contract)
    complaint = BosocialComplaint(
        on=data.on, kind=data.kind, note=_note(data.note, person), by_user_id=p.user_id
    )
    contract.complaints.append(complaint)
    session.flush()
    audit.record(
        session,
        "bosocial.complaint",
        actor=p,
        object_type="bosocial_contract",
        object_id=contract.id,
        org_id=contract.agreement.municipality_org_id,
        detail={"kind": data.kind},
    )
    return complaint


def decide(session: Session, p: Principal, contract_id: int, data: DecisionIn) -> BosocialDecision:
    """The takeover, an extension or the termination (the housing unit only; see the module
    docstring for what is refused)."""
    contract = _unit(session, p, contract_id)
    if contract.status != "trial":
        raise Conflict(N_("the contract is already decided"), field="decision")
    _not_before_start(contract, data.on, "on")
    last = max((d.on for d in contract.decisions), default=None)
    if last is not None and data.on < last:
        raise Invalid(
            N_("cannot be before the last decision (%(day)s)"), field="on", day=last.isoformat()
        )
    if data.decision == "takeover" and data.on < contract.trial_end:
        raise Invalid(EARLY_TAKEOVER, field="decision", day=contract.trial_end.isoformat())
    new_end = None
    if data.decision == "extension":
        if data.new_trial_end is None:
            raise Invalid(N_("an extension needs the trial's new end"), field="new_trial_end")
        if data.new_trial_end <= max(contract.trial_end, data.on):
            raise Invalid(
                N_("must come after the trial's present end (%(day)s) and the decision"),
                field="new_trial_end",
                day=contract.trial_end.isoformat(),
            )
        new_end = data.new_trial_end
    decision = BosocialDecision(
        kind=data.decision, on=data.on, new_trial_end=new_end, by_user_id=p.user_id
    )
    contract.decisions.append(decision)
    if new_end is not None:
        contract.trial_end = new_end
    elif data.decision == "takeover":
        contract.status, contract.ended_on = "taken_over", data.on
    else:
        contract.status, contract.ended_on = "terminated", data.on
    _touch(session, contract)
    session.flush()
    audit.record(
        session,
        "bosocial.decision",
        actor=p,
        object_type="bosocial_contract",
        object_id=contract.id,
        org_id=contract.agreement.municipality_org_id,
        detail={"decision": data.decision},
    )
    return decision
