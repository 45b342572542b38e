"""The demo's employer networks with their openings, and Stångåstaden's summer-job contracts
with its contractor, as of the seed's day (see :mod:`samverkan.demo.employment`).

The contracts run over a contract year that contains the seed's day, whatever day it is: this
year's began six months before the seed's month and is behind its pace (the follow-up warns),
last year's (the twelve months before it) was delivered in full. The young people were
employed in its summer months, as summer jobs are.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from samverkan.demo import employment_data as ed
from samverkan.employment import network, summer
from samverkan.employment.analysis.jobfactory import add_months
from samverkan.employment.models import Opening, SummerContract
from samverkan.employment.network_schemas import EmployerIn, OpeningIn
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal

THIS_YEAR_SHARE = 0.45  # of the people the contract's pace expects by the seed's day
LAST_YEAR_PEOPLE = 104  # of the 100 required


def seed_network(
    session: Session, owners: dict[int, Principal], areas: dict[str, int], until: date
) -> list[Opening]:
    """Each owner organisation's employers (:data:`.employment_data.EMPLOYERS`) and their
    openings, added by ``owners[org_id]``, a case worker of it."""
    names = {o.id: o.name for o in org_queries.all_orgs(session)}
    out: list[Opening] = []
    n = 0
    for org_id, p in owners.items():
        name = names.get(org_id, "")
        employers = []
        for title, kind, contact, note in ed.EMPLOYERS.get(name, ()):
            n += 1
            data = EmployerIn(
                name=title,
                kind=kind,
                contact_name=contact,
                contact_phone=f"070-000 00 {n:02d}",
                contact_email=f"kontakt{n}@example.com",
                note=note,
            )
            employers.append(network.create_employer(session, p, data, org_id))
        for boss, title, code, skills, langs, licence, days, district, places in ed.OPENINGS.get(
            name, ()
        ):
            opening = OpeningIn(
                employer_id=employers[boss].id,
                title=title,
                ssyk=code,
                skills=list(skills),
                languages=list(langs),
                licence=licence,
                start_on=until + timedelta(days=days),
                district_id=areas.get(district) if district else None,
                places=places,
            )
            out.append(network.create_opening(session, p, opening, org_id))
    return out


def contract_years(until: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """This contract year (from the first of the month six months before ``until``'s, twelve
    months) and the one before it: (start, end) with both days included."""
    start = add_months(until.replace(day=1), -6)
    end = add_months(start, 12) - timedelta(days=1)
    before = add_months(start, -12)
    return (start, end), (before, start - timedelta(days=1))


def _summer_days(start: date, end: date, count: int) -> list[date]:
    """``count`` days between ``start`` and ``end`` for the reports: in the summer months
    (June to August) of that span when it has any, else spread over it."""
    days = [
        d
        for m in range(13)
        if (d := add_months(start.replace(day=15), m)).month in (6, 7, 8) and start <= d <= end
    ]
    if not days:
        step = max((end - start).days, 0) / max(count, 1)
        days = [start + timedelta(days=round(step * k)) for k in range(count)]
    return [days[k % len(days)] for k in range(count)]


def _contract(
    session: Session,
    owner: Principal,
    reporter: Principal,
    orgs: tuple[int, int],
    period: tuple[date, date],
    people: int,
    areas: dict[str, int],
    *,
    reported_until: date,
) -> SummerContract:
    housing_id, contractor_id = orgs
    start, end = period
    contract = summer.create_contract(
        session,
        owner,
        summer.ContractIn(
            org_id=housing_id,
            contractor_org_id=contractor_id,
            reference=f"UH-{start.year}-017",
            title=f"{ed.SUMMER_TITLE}, avtalsår {start.year}/{end.year}",
            target_group=ed.SUMMER_TARGET,
            required_people=100,
            required_months=120,
            period_start=start,
            period_end=end,
        ),
    )
    days = _summer_days(start, min(end, reported_until), len(ed.SUMMER_MIX))
    left = people
    for k, ((district, band, share, months), day) in enumerate(
        zip(ed.SUMMER_MIX, days, strict=True)
    ):
        count = left if k == len(ed.SUMMER_MIX) - 1 else min(left, max(1, round(share * people)))
        if count <= 0:
            break
        left -= count
        data = summer.ReportIn(
            employed_on=day,
            age_band=band,
            district_id=areas[district],
            people=count,
            months=months,
        )
        summer.report(session, reporter, contract.id, data)
    return contract


def seed_summer(
    session: Session,
    owner: Principal,
    reporter: Principal,
    housing_id: int,
    contractor_id: int,
    areas: dict[str, int],
    until: date,
) -> tuple[SummerContract, SummerContract]:
    """Last contract year's contract, delivered in full, and this year's, behind its pace."""
    this, last = contract_years(until)
    orgs = (housing_id, contractor_id)
    done = _contract(
        session, owner, reporter, orgs, last, LAST_YEAR_PEOPLE, areas, reported_until=last[1]
    )
    start, end = this
    elapsed = ((until - start).days + 1) / ((end - start).days + 1)
    people = max(1, int(100 * elapsed * THIS_YEAR_SHARE))
    behind = _contract(session, owner, reporter, orgs, this, people, areas, reported_until=until)
    return done, behind
