"""Reads of the disturbance cases, always through the caller's principal: a case of an
organisation the caller does not work for is None (its routes answer 404)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from samverkan.housing.models import DisturbanceCase
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal


def case(session: Session, p: Principal | None, case_id: int) -> DisturbanceCase | None:
    """One case with its steps, if ``p`` works for its housing company."""
    found = session.scalar(
        select(DisturbanceCase)
        .options(selectinload(DisturbanceCase.steps))
        .where(DisturbanceCase.id == case_id)
    )
    if found is None or not policy.can_work_housing(p, found.org_id):
        return None
    return found


def cases(
    session: Session, p: Principal | None, *, status: str | None = None, limit: int = 500
) -> list[DisturbanceCase]:
    """The cases of the caller's housing companies, the newest first."""
    orgs = policy.housing_org_ids(p)
    if not orgs:
        return []
    q = select(DisturbanceCase).where(DisturbanceCase.org_id.in_(orgs))
    if status:
        q = q.where(DisturbanceCase.status == status)
    q = q.order_by(DisturbanceCase.opened_on.desc(), DisturbanceCase.id.desc()).limit(limit)
    return list(session.scalars(q))


def warned_by(session: Session, p: Principal | None, ordinal: int) -> list[DisturbanceCase]:
    """The caller's warned cases whose day to stop by is on or before the day ``ordinal``."""
    orgs = policy.housing_org_ids(p)
    if not orgs:
        return []
    q = (
        select(DisturbanceCase)
        .where(
            DisturbanceCase.org_id.in_(orgs),
            DisturbanceCase.status == "warned",
            DisturbanceCase.rectify_by <= date.fromordinal(ordinal),
        )
        .order_by(DisturbanceCase.rectify_by, DisturbanceCase.id)
    )
    return list(session.scalars(q))
