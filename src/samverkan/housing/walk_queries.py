"""Reading safety walks and work orders: only those of the organisations whose walks the caller
sees (``policy.walk_org_ids``); anything else is None, as if it did not exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, undefer

from samverkan.housing.analysis.walks import OrderRow
from samverkan.housing.walk_models import Finding, SafetyWalk, WorkOrder
from samverkan.orgs import policy
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal

# the kinds of organisation that walk their areas: housing companies and municipalities
WALKING_KINDS = ("bostadsbolag", "kommun")


def walk_orgs(session: Session, p: Principal) -> list[Organisation]:
    """The housing companies (and municipalities) whose walks ``p`` sees and records: the
    police's or an association's reporter has none."""
    ids = policy.walk_org_ids(p)
    if not ids:
        return []
    q = select(Organisation).where(Organisation.id.in_(ids), Organisation.kind.in_(WALKING_KINDS))
    return list(session.scalars(q.order_by(Organisation.name)))


def walk(session: Session, p: Principal, walk_id: int) -> SafetyWalk | None:
    found = session.get(SafetyWalk, walk_id)
    if found is None or not policy.can_walk(p, found.org_id):
        return None
    return found


def walks(session: Session, p: Principal, area_id: int | None = None) -> list[SafetyWalk]:
    """The walks the caller sees, newest first."""
    orgs = policy.walk_org_ids(p)
    if not orgs:
        return []
    q = select(SafetyWalk).where(SafetyWalk.org_id.in_(orgs))
    if area_id is not None:
        q = q.where(SafetyWalk.area_id == area_id)
    q = q.options(selectinload(SafetyWalk.findings).selectinload(Finding.order))
    return list(session.scalars(q.order_by(SafetyWalk.walked_on.desc(), SafetyWalk.id.desc())))


def photo(session: Session, p: Principal, finding_id: int) -> tuple[bytes, str] | None:
    """A finding's photo and its media type, for those who see its walk."""
    found = session.scalar(
        select(Finding).where(Finding.id == finding_id).options(undefer(Finding.photo))
    )
    if found is None or found.photo is None or walk(session, p, found.walk_id) is None:
        return None
    return found.photo, found.photo_type or "image/jpeg"


def work_order(session: Session, p: Principal, order_id: int) -> WorkOrder | None:
    found = session.get(WorkOrder, order_id)
    if found is None or not policy.can_walk(p, found.finding.walk.org_id):
        return None
    return found


@dataclass(frozen=True)
class OrderFilter:
    status: str | None = None
    responsible: str | None = None
    area_id: int | None = None
    overdue_days: int | None = None  # open longer than this many days on ``today`` (not done)
    today: date | None = None


def work_orders(session: Session, p: Principal, f: OrderFilter | None = None) -> list[WorkOrder]:
    """The work orders the caller sees, oldest first, filtered."""
    f = f or OrderFilter()
    orgs = policy.walk_org_ids(p)
    if not orgs:
        return []
    q = (
        select(WorkOrder)
        .join(Finding, WorkOrder.finding_id == Finding.id)
        .join(SafetyWalk, Finding.walk_id == SafetyWalk.id)
        .where(SafetyWalk.org_id.in_(orgs))
        .options(selectinload(WorkOrder.finding).selectinload(Finding.walk))
    )
    if f.status:
        q = q.where(WorkOrder.status == f.status)
    if f.responsible:
        q = q.where(Finding.responsible == f.responsible)
    if f.area_id is not None:
        q = q.where(SafetyWalk.area_id == f.area_id)
    if f.overdue_days is not None:
        limit = (f.today or date.today()) - timedelta(days=f.overdue_days)
        q = q.where(WorkOrder.status.in_(("open", "assigned")), WorkOrder.opened_on < limit)
    return list(session.scalars(q.order_by(WorkOrder.opened_on, WorkOrder.id)))


def order_rows(
    session: Session, p: Principal, start: date | None = None, end: date | None = None
) -> list[OrderRow]:
    """The rows of the fixed-within share: responsible, opened, done."""
    return [
        OrderRow(o.finding.responsible, o.opened_on, o.done_on)
        for o in work_orders(session, p)
        if (start is None or o.opened_on >= start) and (end is None or o.opened_on <= end)
    ]
