"""The bosocial contracts as their readers see them: the housing unit's full view and the
landlord's limited one (two schemas, :mod:`.bosocial_schemas`), the dashboard, and the
contracts' section of the person register's export and erasure."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from samverkan.core.errors import N_
from samverkan.housing.analysis.bosocial import conversion_rates, standing
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
    AgreementOut,
    ComplaintOut,
    ContractOut,
    ConversionOut,
    DashboardOut,
    DecisionOut,
    LandlordContractOut,
    PaymentOut,
    Record,
    VisitOut,
)
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal
from samverkan.people.export import Row, Section
from samverkan.people.models import Person


def org_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))
    )
    return {oid: name for oid, name in rows}


def agreement_out(session: Session, a: BosocialAgreement, names: dict[int, str]) -> AgreementOut:
    n = session.scalar(
        select(func.count())
        .select_from(BosocialContract)
        .where(BosocialContract.agreement_id == a.id)
    )
    return AgreementOut(
        id=a.id,
        municipality_org_id=a.municipality_org_id,
        municipality=names.get(a.municipality_org_id, ""),
        landlord_org_id=a.landlord_org_id,
        landlord=names.get(a.landlord_org_id, ""),
        reference=a.reference,
        flats=a.flats,
        contracts=int(n or 0),
        starts_on=a.starts_on,
        ends_on=a.ends_on,
    )


def agreements_out(session: Session, found: list[BosocialAgreement]) -> list[AgreementOut]:
    ids = {a.municipality_org_id for a in found} | {a.landlord_org_id for a in found}
    names = org_names(session, ids)
    return [agreement_out(session, a, names) for a in found]


def record(c: BosocialContract) -> Record:
    """The trial's record: the months by how the rent was paid, the disturbances."""
    paid = [x.status for x in c.payments]
    return Record(
        on_time=paid.count("on_time"),
        late=paid.count("late"),
        unpaid=paid.count("unpaid"),
        disturbances=len(c.complaints),
    )


def _landlord_fields(c: BosocialContract, person: Person, on: date) -> dict[str, object]:
    return {
        "id": c.id,
        "agreement_id": c.agreement_id,
        "landlord_org_id": c.agreement.landlord_org_id,
        "flat": c.flat,
        "subtenant": person.name,
        "start_on": c.start_on,
        "trial_end": c.trial_end,
        "status": c.status,
        "standing": standing(c.status, c.trial_end, on),
        "ended_on": c.ended_on,
        "record": record(c),
        "payments": [PaymentOut(id=x.id, month=x.month, status=x.status) for x in c.payments],
        "complaints": [
            ComplaintOut(id=x.id, on=x.on, kind=x.kind, note=x.note) for x in c.complaints
        ],
        "decisions": [
            DecisionOut(id=d.id, decision=d.kind, on=d.on, new_trial_end=d.new_trial_end)
            for d in c.decisions
        ],
    }


def landlord_out(c: BosocialContract, person: Person, on: date) -> LandlordContractOut:
    """The landlord's view: only the fields of :class:`LandlordContractOut`."""
    return LandlordContractOut.model_validate(_landlord_fields(c, person, on))


def contract_out(
    c: BosocialContract, person: Person, view: View, on: date
) -> ContractOut | LandlordContractOut:
    """The contract as ``view`` sees it: the housing unit all of it, a landlord its part."""
    if view != "unit":
        return landlord_out(c, person, on)
    return ContractOut.model_validate(
        {
            **_landlord_fields(c, person, on),
            "municipality_org_id": c.agreement.municipality_org_id,
            "person_id": c.person_id,
            "pnr": person.pnr,
            "lease_number": c.lease_number,
            "lease_on": c.lease_on,
            "trial_months": c.trial_months,
            "visits": [
                VisitOut(id=v.id, on=v.on, visitor=v.visitor, note=v.note) for v in c.visits
            ],
        }
    )


def people_of(session: Session, contracts: list[BosocialContract]) -> dict[int, Person]:
    """The subtenant of each contract (the caller logs the reads)."""
    ids = {c.person_id for c in contracts}
    if not ids:
        return {}
    return {x.id: x for x in session.scalars(select(Person).where(Person.id.in_(ids)))}


def dashboard(
    session: Session, contracts: list[BosocialContract], people: dict[int, Person], on: date
) -> DashboardOut:
    """Decisions due within 90 days of ``on`` (the trial's end soonest first), those overdue,
    and the conversion rate per landlord and year of the decisions made among ``contracts``."""
    due: list[LandlordContractOut] = []
    overdue: list[LandlordContractOut] = []
    for c in sorted(contracts, key=lambda c: (c.trial_end, c.id)):
        where = standing(c.status, c.trial_end, on)
        if where in ("due", "overdue"):
            (due if where == "due" else overdue).append(landlord_out(c, people[c.person_id], on))
    rates = conversion_rates(
        (c.agreement.landlord_org_id, d.on, d.kind)
        for c in contracts
        for d in c.decisions
        if d.on <= on
    )
    names = org_names(session, {r.landlord_org_id for r in rates})
    conversion = [
        ConversionOut(
            landlord_org_id=r.landlord_org_id,
            landlord=names.get(r.landlord_org_id, ""),
            year=r.year,
            decided=r.decided,
            takeovers=None if r.too_few else r.takeovers,
            rate=r.rate,
            too_few=r.too_few,
        )
        for r in rates
    ]
    return DashboardOut(on=on, due=due, overdue=overdue, conversion=conversion)


# --- the person's export and erasure ----------------------------------------------------------


def _collect(session: Session, p: Principal, person: Person) -> list[Row]:
    rows: list[Row] = []
    for c in session.scalars(
        select(BosocialContract)
        .where(BosocialContract.person_id == person.id)
        .order_by(BosocialContract.id)
    ):
        rows.append(
            {
                N_("flat"): c.flat,
                N_("main lease number"): c.lease_number,
                N_("start"): c.start_on.isoformat(),
                N_("end of the trial"): c.trial_end.isoformat(),
                N_("status"): c.status,
                N_("follow-up visits"): "; ".join(
                    f"{v.on} {v.visitor}" + (f": {v.note}" if v.note else "") for v in c.visits
                ),
                N_("rent payments"): "; ".join(
                    f"{x.month.strftime('%Y-%m')} {x.status}" for x in c.payments
                ),
                N_("disturbances"): "; ".join(
                    f"{x.on} {x.kind}" + (f": {x.note}" if x.note else "") for x in c.complaints
                ),
                N_("decisions"): "; ".join(
                    f"{d.on} {d.kind}" + (f" → {d.new_trial_end}" if d.new_trial_end else "")
                    for d in c.decisions
                ),
            }
        )
    return rows


def _erase(session: Session, person_id: int) -> int:
    """Remove every contract of the person, with its trial's record."""
    ids = select(BosocialContract.id).where(BosocialContract.person_id == person_id)
    n = session.scalar(select(func.count()).select_from(ids.subquery())) or 0
    for table in (BosocialVisit, BosocialPayment, BosocialComplaint, BosocialDecision):
        session.execute(delete(table).where(table.contract_id.in_(ids)))
    session.execute(delete(BosocialContract).where(BosocialContract.person_id == person_id))
    return int(n)


CONTRACTS = Section(
    key="bosocial",
    title=N_("Bosocial contracts"),
    tables=(
        "housing_bosocial_contract",
        "housing_bosocial_visit",
        "housing_bosocial_payment",
        "housing_bosocial_complaint",
        "housing_bosocial_decision",
    ),
    collect=_collect,
    erase=_erase,
    order=310,
    labels=(),
)
