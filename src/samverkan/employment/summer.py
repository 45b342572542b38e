"""Summer jobs required through procurement: the housing company's contracts with their
contractors, the contractors' reports of the young people they employed, and the follow-up of
what was delivered against what was required, at the pace of the contract's period.

Who may do what (:mod:`samverkan.orgs.policy.employment`):

- a contract belongs to the housing company (``org_id``): its case workers and admins
  (``policy.can_work_employment``) create contracts and follow them up;
- the contractor's reporters and admins (``policy.can_report_summer_jobs``; an organisation
  token of the contractor reports too) see their own contracts and report under them;
- anybody else, another contractor included, gets 404 (:class:`NotFound`), and the housing
  company, which sees a contract, may not report under it (403).

A report counts people, never names: an age band, a district, how many, and the months of
work each of them was employed for, so that the months delivered are ``people × months``
summed. The follow-up is the contract's own, read by its two parties; a statistic shared
beyond them would go through :mod:`samverkan.core.suppression`.

Every write checks everything before it adds anything (nothing is half-saved) and is audited
with codes and numbers only. The caller commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.errors import N_, Invalid, NotFound, PermissionDenied
from samverkan.core.pace import Pace, pace
from samverkan.employment.models import AGE_BANDS, SummerContract, SummerReport
from samverkan.employment.summer_schemas import (
    BandOut,
    ContractIn,
    ContractOut,
    DistrictOut,
    FollowupOut,
    ReportIn,
    ReportOut,
)
from samverkan.geo.models import Area
from samverkan.orgs import policy
from samverkan.orgs.acting import acting_org
from samverkan.orgs.models import Organisation, est_group_member
from samverkan.orgs.policy import Principal

DISTRICT_KINDS = ("stadsdel", "delomrade")
OUTSIDE_PERIOD = N_("must be within the contract's period %(start)s–%(end)s")
NOT_FOUND = N_("summer-job contract %(id)s not found")
BEHIND = N_(
    "Behind the contract's pace: %(delivered)s of %(required)s people employed, "
    "%(expected)s expected by %(on)s; %(remaining)s still to employ in %(days)s days."
)
ENDED_SHORT = N_(
    "The contract's period ended on %(end)s with %(delivered)s of %(required)s people "
    "employed: %(remaining)s short."
)


# -- access --------------------------------------------------------------------------------


def can_use(p: Principal | None) -> bool:
    """Whether ``p`` may have summer-job contracts at all: as an owner or as a contractor."""
    return bool(policy.employment_org_ids(p) or policy.contractor_org_ids(p))


def _visible(p: Principal, contract: SummerContract) -> bool:
    return policy.can_work_employment(p, contract.org_id) or policy.can_report_summer_jobs(
        p, contract.contractor_org_id
    )


def _contract(session: Session, p: Principal, contract_id: int) -> SummerContract:
    found = session.get(SummerContract, contract_id)
    if found is None or not _visible(p, found):
        raise NotFound(NOT_FOUND, id=contract_id)
    return found


# -- writes --------------------------------------------------------------------------------


def _owner(p: Principal, org_id: int | None) -> int:
    return acting_org(policy.employment_org_ids(p), org_id)


def contractors(session: Session, p: Principal) -> list[Organisation]:
    """The organisations an owner may make a contract with: its own EST partners, the
    organisations that belong to no EST group (companies such as a contractor, which are
    nobody's partner) and the contractors of its earlier contracts; never its own, nor another
    municipality's partners (whose names the caller may not see)."""
    owners = policy.employment_org_ids(p)
    grouped = select(est_group_member.c.org_id)
    earlier = select(SummerContract.contractor_org_id).where(SummerContract.org_id.in_(owners))
    visible = (p.org_ids | p.partner_org_ids) - owners
    stmt = (
        select(Organisation)
        .where(
            Organisation.id.not_in(owners),
            Organisation.id.in_(visible)
            | Organisation.id.not_in(grouped)
            | Organisation.id.in_(earlier),
        )
        .order_by(Organisation.name)
    )
    return list(session.scalars(stmt))


def create_contract(session: Session, p: Principal, data: ContractIn) -> SummerContract:
    """A contract of the housing company ``data.org_id`` (the caller's case workers and admins)
    with a contractor other than itself, one of :func:`contractors` (an organisation the caller
    may not see is refused as not found)."""
    org_id = _owner(p, data.org_id)
    contractor = session.get(Organisation, data.contractor_org_id)
    if contractor is None:
        raise Invalid(N_("organisation not found"), field="contractor_org_id")
    if contractor.id == org_id:
        raise Invalid(
            N_("the contractor cannot be the organisation that owns the contract"),
            field="contractor_org_id",
        )
    if contractor.id not in {o.id for o in contractors(session, p)}:
        raise Invalid(N_("organisation not found"), field="contractor_org_id")
    contract = SummerContract(
        org_id=org_id,
        contractor_org_id=contractor.id,
        reference=data.reference,
        title=data.title,
        target_group=data.target_group,
        required_people=data.required_people,
        required_months=data.required_months,
        period_start=data.period_start,
        period_end=data.period_end,
    )
    session.add(contract)
    session.flush()
    audit.record(
        session,
        "summer_contract.create",
        actor=p,
        object_type="summer_contract",
        object_id=contract.id,
        org_id=org_id,
        detail={
            "contractor_org_id": contractor.id,
            "required_people": data.required_people,
            "required_months": data.required_months,
            "period": [data.period_start.isoformat(), data.period_end.isoformat()],
        },
    )
    return contract


def report(session: Session, p: Principal, contract_id: int, data: ReportIn) -> SummerReport:
    """Report young people employed under ``contract_id`` (its contractor's reporters and
    admins only). Everything is checked before the report is added."""
    contract = _contract(session, p, contract_id)
    if not policy.can_report_summer_jobs(p, contract.contractor_org_id):
        raise PermissionDenied(N_("only the contractor reports summer jobs under a contract"))
    if not contract.period_start <= data.employed_on <= contract.period_end:
        raise Invalid(
            OUTSIDE_PERIOD,
            field="employed_on",
            start=contract.period_start.isoformat(),
            end=contract.period_end.isoformat(),
        )
    district = session.get(Area, data.district_id)
    if district is None or district.kind not in DISTRICT_KINDS:
        raise Invalid(N_("no such district"), field="district_id")
    row = SummerReport(
        contract_id=contract.id,
        employed_on=data.employed_on,
        age_band=data.age_band,
        district_id=district.id,
        people=data.people,
        months=data.months,
        reported_by_user_id=p.user_id,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        "summer_report.create",
        actor=p,
        object_type="summer_contract",
        object_id=contract.id,
        org_id=contract.contractor_org_id,
        detail={
            "report_id": row.id,
            "people": data.people,
            "months": data.months,
            "age_band": data.age_band,
            "district_id": district.id,
        },
    )
    return row


# -- reads ---------------------------------------------------------------------------------


def _delivered(session: Session, ids: Iterable[int]) -> dict[int, tuple[int, float]]:
    """People and months (people × months each) reported per contract, in one grouped read."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(
            SummerReport.contract_id,
            func.sum(SummerReport.people),
            func.sum(SummerReport.people * SummerReport.months),
        )
        .where(SummerReport.contract_id.in_(wanted))
        .group_by(SummerReport.contract_id)
    )
    return {cid: (int(people or 0), float(months or 0.0)) for cid, people, months in rows}


def _fields(
    contract: SummerContract, contractor: str, people: int, months: float, on: date
) -> tuple[dict[str, Any], Pace]:
    of_people = _pace(contract.required_people, people, contract, on)
    of_months = (
        _pace(contract.required_months, months, contract, on)
        if contract.required_months is not None
        else None
    )
    fields = {
        "id": contract.id,
        "org_id": contract.org_id,
        "contractor_org_id": contract.contractor_org_id,
        "contractor": contractor,
        "reference": contract.reference,
        "title": contract.title,
        "target_group": contract.target_group,
        "required_people": contract.required_people,
        "required_months": contract.required_months,
        "period_start": contract.period_start,
        "period_end": contract.period_end,
        "on": on,
        "delivered_people": people,
        "delivered_months": round(months, 2),
        "expected_people": round(of_people.expected, 1),
        "share": None if of_people.share is None else round(of_people.share, 3),
        "status": of_people.status,
        "expected_months": None if of_months is None else round(of_months.expected, 1),
        "months_share": (
            None if of_months is None or of_months.share is None else round(of_months.share, 3)
        ),
        "months_status": None if of_months is None else of_months.status,
    }
    return fields, of_people


def _pace(required: float, delivered: float, contract: SummerContract, on: date) -> Pace:
    return pace(required, delivered, contract.period_start, contract.period_end, on)


def _names(session: Session, org_ids: Iterable[int]) -> dict[int, str]:
    wanted = set(org_ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(wanted))
    )
    return {oid: name for oid, name in rows}


def contract_out(session: Session, contract: SummerContract, on: date) -> ContractOut:
    """One contract as :class:`ContractOut` on day ``on``."""
    people, months = _delivered(session, [contract.id]).get(contract.id, (0, 0.0))
    names = _names(session, [contract.contractor_org_id])
    fields, _ = _fields(contract, names.get(contract.contractor_org_id, ""), people, months, on)
    return ContractOut(**fields)


def contracts(session: Session, p: Principal, on: date) -> list[ContractOut]:
    """The contracts ``p`` sees on day ``on``: an owner's case workers and admins their
    organisation's, a contractor's reporters their own; newest period first."""
    owners = policy.employment_org_ids(p)
    contractors = policy.contractor_org_ids(p)
    if not owners and not contractors:
        return []
    found = list(
        session.scalars(
            select(SummerContract)
            .where(
                or_(
                    SummerContract.org_id.in_(owners),
                    SummerContract.contractor_org_id.in_(contractors),
                )
            )
            .order_by(SummerContract.period_start.desc(), SummerContract.id.desc())
        )
    )
    delivered = _delivered(session, (c.id for c in found))
    names = _names(session, (c.contractor_org_id for c in found))
    out = []
    for c in found:
        people, months = delivered.get(c.id, (0, 0.0))
        fields, _ = _fields(c, names.get(c.contractor_org_id, ""), people, months, on)
        out.append(ContractOut(**fields))
    return out


def _warning(contract: SummerContract, of_people: Pace, on: date) -> str | None:
    params = {
        "delivered": int(of_people.delivered),
        "required": contract.required_people,
        "remaining": int(of_people.remaining),
    }
    if of_people.status == "behind":
        return BEHIND % {
            **params,
            "expected": round(of_people.expected),
            "on": on.isoformat(),
            "days": of_people.days_left,
        }
    if of_people.status == "ended_short":
        return ENDED_SHORT % {**params, "end": contract.period_end.isoformat()}
    return None


def followup(session: Session, p: Principal, contract_id: int, on: date) -> FollowupOut:
    """Delivered against required on day ``on`` for one contract (its owner's case workers
    and admins, its contractor's reporters): by age band and district, with the pace and a
    warning when behind it; another's contract is :class:`NotFound`."""
    contract = _contract(session, p, contract_id)
    rows = list(
        session.scalars(
            select(SummerReport)
            .where(SummerReport.contract_id == contract.id)
            .order_by(SummerReport.employed_on, SummerReport.id)
        )
    )
    people = sum(r.people for r in rows)
    months = sum(r.people * r.months for r in rows)
    names = _names(session, [contract.contractor_org_id])
    fields, of_people = _fields(
        contract, names.get(contract.contractor_org_id, ""), people, months, on
    )

    bands: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    districts: dict[int | None, list[float]] = defaultdict(lambda: [0, 0.0])
    for r in rows:
        for acc in (bands[r.age_band], districts[r.district_id]):
            acc[0] += r.people
            acc[1] += r.people * r.months
    order = {band: i for i, band in enumerate(AGE_BANDS)}
    ids = [d for d in districts if d is not None]
    district_names = (
        {
            aid: name
            for aid, name in session.execute(select(Area.id, Area.name).where(Area.id.in_(ids)))
        }
        if ids
        else {}
    )
    by_district = [
        DistrictOut(
            district_id=d,
            district=district_names.get(d) if d is not None else None,
            people=int(acc[0]),
            months=round(acc[1], 2),
        )
        for d, acc in districts.items()
    ]
    by_district.sort(key=lambda x: (x.district is None, x.district or ""))
    return FollowupOut(
        **fields,
        days_left=of_people.days_left,
        remaining_people=int(of_people.remaining),
        warning=_warning(contract, of_people, on),
        by_age_band=[
            BandOut(age_band=b, people=int(acc[0]), months=round(acc[1], 2))
            for b, acc in sorted(bands.items(), key=lambda kv: order.get(kv[0], len(order)))
        ],
        by_district=by_district,
        reports=[report_out(r) for r in rows],
    )


def report_out(row: SummerReport) -> ReportOut:
    return ReportOut(
        id=row.id,
        contract_id=row.contract_id,
        employed_on=row.employed_on,
        age_band=row.age_band,
        district_id=row.district_id,
        people=row.people,
        months=row.months,
        reported_at=row.reported_at,
    )
