"""Reads of the bosocial contracts, always through the caller's principal: an agreement or a
contract the caller may see neither as its municipality nor as its landlord is None (its routes
answer 404). ``view`` says which side the caller sees it from: ``unit`` (the municipality's
housing unit: everything) or ``landlord`` (the limited view)."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, selectinload

from samverkan.housing.bosocial_models import BosocialAgreement, BosocialContract
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal

View = Literal["unit", "landlord"]


def view_of(p: Principal | None, agreement: BosocialAgreement) -> View | None:
    """How ``p`` sees the agreement's contracts: all of them as its municipality's housing
    unit, the limited view as its landlord, or not at all."""
    if policy.can_run_bosocial(p, agreement.municipality_org_id):
        return "unit"
    if policy.can_report_bosocial(p, agreement.landlord_org_id):
        return "landlord"
    return None


def _visible(p: Principal | None) -> ColumnElement[bool]:
    orgs = policy.bosocial_org_ids(p)
    return or_(
        BosocialAgreement.municipality_org_id.in_(orgs),
        BosocialAgreement.landlord_org_id.in_(orgs),
    )


def agreements(session: Session, p: Principal | None) -> list[BosocialAgreement]:
    """The agreements of the caller's municipality or landlord, the newest first."""
    if not policy.bosocial_org_ids(p):
        return []
    q = (
        select(BosocialAgreement)
        .where(_visible(p))
        .order_by(BosocialAgreement.starts_on.desc(), BosocialAgreement.id.desc())
    )
    return list(session.scalars(q))


def agreement(session: Session, p: Principal | None, agreement_id: int) -> BosocialAgreement | None:
    found = session.get(BosocialAgreement, agreement_id)
    if found is None or view_of(p, found) is None:
        return None
    return found


def contract(
    session: Session, p: Principal | None, contract_id: int
) -> tuple[BosocialContract, View] | None:
    """One contract with everything of its trial, and the caller's view of it."""
    found = session.scalar(
        select(BosocialContract)
        .options(
            selectinload(BosocialContract.agreement),
            selectinload(BosocialContract.visits),
            selectinload(BosocialContract.payments),
            selectinload(BosocialContract.complaints),
            selectinload(BosocialContract.decisions),
        )
        .where(BosocialContract.id == contract_id)
    )
    if found is None:
        return None
    view = view_of(p, found.agreement)
    return None if view is None else (found, view)


def contracts(
    session: Session, p: Principal | None, *, agreement_id: int | None = None, limit: int = 1000
) -> list[BosocialContract]:
    """The contracts the caller may see (as either side), the latest start first."""
    if not policy.bosocial_org_ids(p):
        return []
    q = (
        select(BosocialContract)
        .join(BosocialAgreement, BosocialAgreement.id == BosocialContract.agreement_id)
        .options(
            selectinload(BosocialContract.agreement),
            selectinload(BosocialContract.payments),
            selectinload(BosocialContract.complaints),
            selectinload(BosocialContract.decisions),
        )
        .where(_visible(p))
    )
    if agreement_id is not None:
        q = q.where(BosocialContract.agreement_id == agreement_id)
    q = q.order_by(BosocialContract.start_on.desc(), BosocialContract.id.desc()).limit(limit)
    return list(session.scalars(q))
