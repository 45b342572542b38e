"""Safety walks as answers of the API (the pages use the models themselves)."""

from __future__ import annotations

from samverkan.housing.walk_models import Finding, SafetyWalk, WorkOrder
from samverkan.housing.walk_schemas import FindingOut, WalkOut, WorkOrderOut


def order_out(o: WorkOrder) -> WorkOrderOut:
    return WorkOrderOut(
        id=o.id,
        finding_id=o.finding_id,
        status=o.status,
        opened_on=o.opened_on,
        assigned_to=o.assigned_to,
        assigned_on=o.assigned_on,
        done_on=o.done_on,
        verified_on=o.verified_on,
    )


def finding_out(f: Finding) -> FindingOut:
    return FindingOut(
        id=f.id,
        category=f.category,
        description=f.description,
        lat=f.lat,
        lon=f.lon,
        place_name=f.place_name,
        responsible=f.responsible,
        has_photo=f.photo_type is not None,
        incident_id=f.incident_id,
        work_order=order_out(f.order),
    )


def walk_out(w: SafetyWalk) -> WalkOut:
    return WalkOut(
        id=w.id,
        org_id=w.org_id,
        area_id=w.area_id,
        walked_on=w.walked_on,
        walkers=w.walkers,
        note=w.note,
        created_at=w.created_at,
        findings=[finding_out(f) for f in w.findings],
    )
