"""The safety walks' checklists: each housing company's items under the categories, starting
from :data:`~.walk_models.DEFAULT_CHECKLIST` (made the first time the company's checklist is
asked for), items added and disabled by its handlaggare and admin; and a walk's answers to the
active items (ok, finding, not checked), replaced as a whole. Refused whole; the caller
commits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.errors import N_, Invalid, NotFound
from samverkan.housing import walk_queries
from samverkan.housing.walk_models import (
    ANSWERS,
    CATEGORIES,
    DEFAULT_CHECKLIST,
    ChecklistItem,
    WalkAnswer,
)
from samverkan.housing.walk_schemas import AnswersIn, ChecklistItemIn
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal


def _items(session: Session, org_id: int) -> list[ChecklistItem]:
    q = select(ChecklistItem).where(ChecklistItem.org_id == org_id)
    return list(session.scalars(q.order_by(ChecklistItem.category, ChecklistItem.id)))


def checklist(session: Session, p: Principal, org_id: int) -> list[ChecklistItem]:
    """The company's items (active and disabled), the default set made when it has none."""
    if org_id not in {o.id for o in walk_queries.walk_orgs(session, p)}:
        raise NotFound(N_("organisation not found"))
    items = _items(session, org_id)
    if not items:
        session.add_all(
            ChecklistItem(org_id=org_id, category=c, text=t, active=True)
            for c, t in DEFAULT_CHECKLIST
        )
        session.flush()
        items = _items(session, org_id)
    return items


def add_item(session: Session, p: Principal, org_id: int, data: ChecklistItemIn) -> ChecklistItem:
    checklist(session, p, org_id)
    if not policy.can_run_work_orders(p, org_id):
        raise NotFound(N_("organisation not found"))
    if data.category not in CATEGORIES:
        raise Invalid(N_("no such category"), field="category")
    if not data.text.strip():
        raise Invalid(N_("say what to check"), field="text")
    item = ChecklistItem(org_id=org_id, category=data.category, text=data.text.strip())
    session.add(item)
    session.flush()
    audit.record(
        session,
        "walk.checklist",
        actor=p,
        object_type="checklist_item",
        object_id=item.id,
        org_id=org_id,
    )
    return item


def set_active(session: Session, p: Principal, item_id: int, active: bool) -> ChecklistItem:
    item = session.get(ChecklistItem, item_id)
    if item is None or not policy.can_run_work_orders(p, item.org_id):
        raise NotFound(N_("checklist item %(id)s not found"), id=item_id)
    item.active = active
    session.flush()
    audit.record(
        session,
        "walk.checklist",
        actor=p,
        object_type="checklist_item",
        object_id=item.id,
        org_id=item.org_id,
        detail={"active": active},
    )
    return item


def answer(session: Session, p: Principal, walk_id: int, data: AnswersIn) -> list[WalkAnswer]:
    """Set the walk's answers to the company's active items (all given at once)."""
    walk = walk_queries.walk(session, p, walk_id)
    if walk is None:
        raise NotFound(N_("safety walk %(id)s not found"), id=walk_id)
    active = {i.id for i in checklist(session, p, walk.org_id) if i.active}
    for item_id, value in data.answers.items():
        if item_id not in active:
            raise Invalid(N_("no such checklist item: %(id)s"), field="answers", id=item_id)
        if value not in ANSWERS:
            raise Invalid(N_("answer ok, finding or not checked"), field="answers")
    walk.answers.clear()
    session.flush()
    walk.answers.extend(WalkAnswer(item_id=i, answer=v) for i, v in sorted(data.answers.items()))
    session.flush()
    audit.record(
        session,
        "walk.answers",
        actor=p,
        object_type="safety_walk",
        object_id=walk.id,
        org_id=walk.org_id,
        detail={"answers": len(data.answers)},
    )
    return list(walk.answers)
