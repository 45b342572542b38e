"""The employer network of a program owner: employers (contractors and others) with their
contact, and their openings, each with an SSYK 2012 occupation.

Reads and writes go through the principal: only the owning organisation's case workers and
admins (``policy.can_work_employment``) see its employers and openings; anything else is
:class:`NotFound`. Every write is audited with ids and codes; everything is checked before
anything is changed, so a refused request changes nothing.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.errors import N_, Invalid, NotFound
from samverkan.employment import ssyk
from samverkan.employment.models import Employer, Match, Opening
from samverkan.employment.network_schemas import EmployerIn, EmployerOut, OpeningIn, OpeningOut
from samverkan.geo import queries as geo_queries
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal

# --- reads ---------------------------------------------------------------------------------


def employers(session: Session, p: Principal | None, org_id: int | None = None) -> list[Employer]:
    """The employers of the organisations the caller works for (or of one), by name."""
    orgs = policy.employment_org_ids(p)
    if org_id is not None:
        orgs = orgs & {org_id}
    if not orgs:
        return []
    return list(
        session.scalars(
            select(Employer).where(Employer.org_id.in_(orgs)).order_by(Employer.name, Employer.id)
        )
    )


def employer(session: Session, p: Principal | None, employer_id: int) -> Employer | None:
    found = session.get(Employer, employer_id)
    if found is None or not policy.can_work_employment(p, found.org_id):
        return None
    return found


def openings(
    session: Session,
    p: Principal | None,
    *,
    org_id: int | None = None,
    status: str | None = None,
    employer_id: int | None = None,
) -> list[Opening]:
    """The openings of the caller's organisations, soonest start first."""
    orgs = policy.employment_org_ids(p)
    if org_id is not None:
        orgs = orgs & {org_id}
    if not orgs:
        return []
    q = select(Opening).where(Opening.org_id.in_(orgs))
    if status:
        q = q.where(Opening.status == status)
    if employer_id is not None:
        q = q.where(Opening.employer_id == employer_id)
    return list(session.scalars(q.order_by(Opening.start_on, Opening.id)))


def opening(session: Session, p: Principal | None, opening_id: int) -> Opening | None:
    found = session.get(Opening, opening_id)
    if found is None or not policy.can_work_employment(p, found.org_id):
        return None
    return found


def taken(session: Session, opening_ids: list[int]) -> dict[int, int]:
    """Places taken per opening: its confirmed matches that were not turned down."""
    if not opening_ids:
        return {}
    rows = session.execute(
        select(Match.opening_id, func.count())
        .where(
            Match.opening_id.in_(opening_ids),
            Match.status == "confirmed",
            Match.outcome != "not_hired",
        )
        .group_by(Match.opening_id)
    )
    return {int(k): int(n) for k, n in rows}


def opening_counts(session: Session, employer_ids: list[int]) -> dict[int, int]:
    if not employer_ids:
        return {}
    rows = session.execute(
        select(Opening.employer_id, func.count())
        .where(Opening.employer_id.in_(employer_ids), Opening.status == "open")
        .group_by(Opening.employer_id)
    )
    return {int(k): int(n) for k, n in rows}


# --- output --------------------------------------------------------------------------------


def employer_out(x: Employer, openings_open: int = 0) -> EmployerOut:
    return EmployerOut(
        id=x.id,
        org_id=x.org_id,
        name=x.name,
        kind=x.kind,
        orgnr=x.orgnr,
        contact_name=x.contact_name,
        contact_phone=x.contact_phone,
        contact_email=x.contact_email,
        note=x.note,
        openings=openings_open,
    )


def opening_out(x: Opening, confirmed: int = 0) -> OpeningOut:
    return OpeningOut(
        id=x.id,
        org_id=x.org_id,
        employer_id=x.employer_id,
        employer=x.employer.name,
        title=x.title,
        ssyk=x.ssyk,
        occupation=ssyk.name(x.ssyk) or "",
        skills=list(x.skills or []),
        languages=list(x.languages or []),
        licence=x.licence,
        start_on=x.start_on,
        district_id=x.district_id,
        lat=x.lat,
        lon=x.lon,
        places=x.places,
        status=x.status,
        confirmed=confirmed,
    )


# --- writes --------------------------------------------------------------------------------


def _merged(model: type[BaseModel], current: dict[str, Any], changes: dict[str, Any]) -> Any:
    """``current`` with ``changes`` applied, checked as a whole by ``model``: a change is
    refused for the same reasons as a new record (a ``pydantic.ValidationError`` naming the
    field, which the caller shows as it shows a refused request)."""
    return model.model_validate({**current, **changes})


def create_employer(session: Session, p: Principal, data: EmployerIn, org_id: int) -> Employer:
    if not policy.can_work_employment(p, org_id):
        raise NotFound(N_("organisation not found"))
    x = Employer(org_id=org_id, **data.model_dump())
    session.add(x)
    session.flush()
    audit.record(
        session,
        "employer.create",
        actor=p,
        object_type="employer",
        object_id=x.id,
        detail={"kind": x.kind},
    )
    return x


def _employer(session: Session, p: Principal, employer_id: int) -> Employer:
    found = employer(session, p, employer_id)
    if found is None:
        raise NotFound(N_("employer %(id)s not found"), id=employer_id)
    return found


def update_employer(
    session: Session, p: Principal, employer_id: int, changes: dict[str, Any]
) -> Employer:
    """Change some of an employer's fields (``changes``: field → new value)."""
    x = _employer(session, p, employer_id)
    current = employer_out(x).model_dump(include=set(EmployerIn.model_fields))
    data: EmployerIn = _merged(EmployerIn, current, changes)
    for key, value in data.model_dump().items():
        setattr(x, key, value)
    audit.record(
        session,
        "employer.update",
        actor=p,
        object_type="employer",
        object_id=x.id,
        detail={"fields": sorted(changes)},
    )
    return x


def _place(session: Session, p: Principal, org_id: int, data: OpeningIn) -> Employer:
    """The opening's employer (of the same organisation) and district, checked."""
    boss = employer(session, p, data.employer_id)
    if boss is None or boss.org_id != org_id:
        raise Invalid(N_("no such employer in the organisation's network"), field="employer_id")
    geo_queries.check_district(session, p, data.district_id)
    return boss


def create_opening(session: Session, p: Principal, data: OpeningIn, org_id: int) -> Opening:
    if not policy.can_work_employment(p, org_id):
        raise NotFound(N_("organisation not found"))
    boss = _place(session, p, org_id, data)
    x = Opening(org_id=org_id, **data.model_dump())
    x.employer = boss
    session.add(x)
    session.flush()
    audit.record(
        session,
        "opening.create",
        actor=p,
        object_type="opening",
        object_id=x.id,
        detail={"ssyk": x.ssyk, "employer": boss.id},
    )
    return x


def update_opening(
    session: Session, p: Principal, opening_id: int, changes: dict[str, Any]
) -> Opening:
    """Change some of an opening's fields; its places may not fall below those taken."""
    x = opening(session, p, opening_id)
    if x is None:
        raise NotFound(N_("opening %(id)s not found"), id=opening_id)
    current = opening_out(x).model_dump(include=set(OpeningIn.model_fields))
    data: OpeningIn = _merged(OpeningIn, current, changes)
    boss = _place(session, p, x.org_id, data)
    held = taken(session, [x.id]).get(x.id, 0)
    if data.places < held:
        raise Invalid(
            N_("%(taken)s places are already taken by confirmed matches"),
            field="places",
            taken=held,
        )
    for key, value in data.model_dump().items():
        setattr(x, key, value)
    x.employer = boss
    audit.record(
        session,
        "opening.update",
        actor=p,
        object_type="opening",
        object_id=x.id,
        detail={"fields": sorted(changes)},
    )
    return x
