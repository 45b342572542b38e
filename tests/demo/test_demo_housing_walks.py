"""The demo's safety walks as of a fixed day: about monthly walks in Skäggetorp and Ryd over a
year, findings with work orders in every status (some done late), each finding's EST
observation in its district, nothing after the day; seeding twice on another day is
deterministic in what it makes."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.demo import housing_walks
from samverkan.demo.service import seed
from samverkan.geo import queries as geo_queries
from samverkan.housing.walk_models import Finding, SafetyWalk, WorkOrder
from samverkan.incidents.models import Incident

DAY = date(2026, 11, 25)


def test_a_year_of_walks_with_work_orders_in_every_status_and_their_est_observations(
    db: Session,
) -> None:
    seed(db, DAY, incidents=False, people=False, employment=False, housing=False)
    housing_walks.seed(db, DAY)
    db.commit()
    areas = {a.id: a.name for a in geo_queries.all_areas(db)}
    walks = list(db.scalars(select(SafetyWalk)))
    per_district = Counter(areas[w.area_id] for w in walks)
    assert per_district == {"Skäggetorp": 12, "Ryd": 12}
    assert all(w.walked_on <= DAY for w in walks)
    assert min(w.walked_on for w in walks) >= date(2025, 11, 25)
    orders = list(db.scalars(select(WorkOrder)))
    statuses = Counter(o.status for o in orders)
    assert set(statuses) == {"open", "assigned", "done", "verified"}, statuses
    assert statuses["verified"] > len(orders) // 2
    days = [d for o in orders for d in (o.assigned_on, o.done_on, o.verified_on) if d]
    assert max(days) <= DAY
    late = [o for o in orders if o.done_on and (o.done_on - o.opened_on).days > 30]
    assert late, "some work orders are fixed late"
    findings = list(db.scalars(select(Finding)))
    assert any(f.photo_type == "image/jpeg" for f in findings)
    assert all(f.incident_id is not None for f in findings)
    incidents = {i.id: i for i in db.scalars(select(Incident).where(Incident.source == "import"))}
    assert len(incidents) >= len(findings)
    for f in findings:
        inc = incidents[f.incident_id]  # type: ignore[index]
        assert inc.area_id == f.walk.area_id
        assert inc.external_id == f"trygghetsrond-{f.id}" and inc.category.code
        assert inc.reporter_user_id is not None and inc.description == f.description
        assert inc.occurred_at.date() <= DAY
