"""Safety walks: a housing company's walk, its findings and their work orders.

- The company's handlaggare, admin and rapportor record walks and findings (policy
  ``can_walk``); its handlaggare and admin move work orders on (``can_run_work_orders``).
- A finding needs a category of the checklist and a place (a point, or a named place); its
  description is redacted of personnummer, phone numbers and e-mail addresses; a photo is
  checked and re-encoded without metadata (:mod:`.walk_photo`) before anything is stored.
- Every finding opens its work order, whose statuses follow open → assigned → done → verified
  one step at a time, each on a day not before the one before it.
- Every finding is filed, anonymously, as an EST incident of the fitting category through the
  incidents' intake service (:func:`samverkan.incidents.service.file_incident`, source
  ``import``, external id ``trygghetsrond-<finding id>``: filing again finds the same incident),
  as the company's report. A place outside the areas of the company's EST groups is not filed.

Every write checks first and is audited with ids and codes only; the caller commits."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time

from pydantic import ValidationError
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.errors import N_, Invalid, NotFound
from samverkan.core.redaction import redact
from samverkan.core.timeutil import STOCKHOLM
from samverkan.geo import queries as geo_queries
from samverkan.housing import walk_queries
from samverkan.housing.walk_models import (
    CATEGORIES,
    EST_CATEGORY,
    RESPONSIBLES,
    STATUS_LABELS,
    STATUSES,
    Finding,
    SafetyWalk,
    WorkOrder,
)
from samverkan.housing.walk_photo import clean_photo
from samverkan.housing.walk_schemas import FindingIn, StepIn, WalkIn
from samverkan.incidents import service as incident_service
from samverkan.incidents.schemas import IncidentIn
from samverkan.orgs import policy
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal

EST_SOURCE = "import"
EXTERNAL_PREFIX = "trygghetsrond-"


def create_walk(
    session: Session, p: Principal, org_id: int, data: WalkIn, *, today: date | None = None
) -> SafetyWalk:
    """A walk of the housing company ``org_id`` through a district on a day."""
    if org_id not in {o.id for o in walk_queries.walk_orgs(session, p)}:
        raise NotFound(N_("organisation not found"))
    geo_queries.check_district(session, p, data.area_id, field="area_id")
    if data.walked_on > (today or date.today()):
        raise Invalid(N_("a walk cannot lie in the future"), field="walked_on")
    walk = SafetyWalk(
        org_id=org_id,
        area_id=data.area_id,
        walked_on=data.walked_on,
        walkers=data.walkers.strip(),
        note=redact(data.note.strip()).text,
        created_by=p.user_id,
    )
    session.add(walk)
    session.flush()
    audit.record(
        session,
        "walk.create",
        actor=p,
        object_type="safety_walk",
        object_id=walk.id,
        org_id=org_id,
    )
    return walk


def _walk(session: Session, p: Principal, walk_id: int) -> SafetyWalk:
    found = walk_queries.walk(session, p, walk_id)
    if found is None:
        raise NotFound(N_("safety walk %(id)s not found"), id=walk_id)
    return found


def _when(day: date) -> datetime:
    """Noon of the walk's day (Stockholm time), or now when that is still to come."""
    now = datetime.now(STOCKHOLM).replace(tzinfo=None)
    return min(datetime.combine(day, time(12, 0)), now)


def _incident_in(walk: SafetyWalk, finding: Finding) -> IncidentIn:
    try:
        return IncidentIn(
            category=EST_CATEGORY[finding.category],
            occurred_at=_when(walk.walked_on),
            lat=finding.lat,
            lon=finding.lon,
            precision="exakt" if finding.lat is not None else None,
            area_id=walk.area_id,
            place_name=finding.place_name,
            description=finding.description,
            severity=1,
            external_id=f"{EXTERNAL_PREFIX}{finding.id}" if finding.id else None,
        )
    except ValidationError as exc:
        raise Invalid(N_("the point must lie in Sweden (WGS 84 lat/lon)"), field="lat") from exc


def add_finding(
    session: Session, p: Principal, walk_id: int, data: FindingIn, photo: bytes | None = None
) -> Finding:
    """A finding of the walk with its work order, filed as an EST incident; refused whole."""
    walk = _walk(session, p, walk_id)
    if not data.category:
        raise Invalid(N_("a finding needs a category"), field="category")
    if data.category not in CATEGORIES:
        raise Invalid(N_("no such category"), field="category")
    if (data.lat is None) != (data.lon is None):
        raise Invalid(N_("give both latitude and longitude"), field="lat")
    if data.lat is None and not data.place_name.strip():
        raise Invalid(
            N_("a finding needs a place: a point on the map or the name of the place"),
            field="lat",
        )
    if data.responsible not in RESPONSIBLES:
        raise Invalid(N_("no such responsible party"), field="responsible")
    org_id = data.responsible_org_id
    if org_id is not None and session.get(Organisation, org_id) is None:
        raise Invalid(N_("no such organisation"), field="responsible_org_id")
    cleaned = clean_photo(photo) if photo else None
    finding = Finding(
        category=data.category,
        description=redact(data.description.strip()).text,
        lat=data.lat,
        lon=data.lon,
        place_name=data.place_name.strip(),
        responsible=data.responsible,
        responsible_org_id=data.responsible_org_id,
        photo=cleaned,
        photo_type="image/jpeg" if cleaned else None,
    )
    _incident_in(walk, finding)  # a point EST would refuse is refused before anything is added
    finding.order = WorkOrder(status="open", opened_on=walk.walked_on)
    walk.findings.append(finding)
    session.flush()
    file_in_est(session, p, walk, finding)
    audit.record(
        session,
        "walk.finding",
        actor=p,
        object_type="safety_walk",
        object_id=walk.id,
        org_id=walk.org_id,
        detail={"finding_id": finding.id},
    )
    return finding


def file_in_est(session: Session, p: Principal, walk: SafetyWalk, finding: Finding) -> None:
    """File the finding as the company's anonymous EST incident (again: the same one)."""
    # the walk is the company's report: its walker files it as the company's reporter
    org = walk.org_id
    reporter = dataclasses.replace(
        p, roles={**p.roles, org: p.roles.get(org, frozenset()) | {"rapportor"}}
    )
    try:
        filed = incident_service.file_incident(
            session, reporter, _incident_in(walk, finding), source=EST_SOURCE, org_id=org
        )
    except Invalid:
        return  # outside the areas of the company's EST groups: the finding stays the company's
    finding.incident_id = filed.incident.id
    session.flush()


def step(session: Session, p: Principal, order_id: int, data: StepIn) -> WorkOrder:
    """Move a work order to its next status; out of order is refused with the reason."""
    order = walk_queries.work_order(session, p, order_id)
    if order is None or not policy.can_run_work_orders(p, order.finding.walk.org_id):
        raise NotFound(N_("work order %(id)s not found"), id=order_id)
    if data.status not in STATUSES[1:]:
        raise Invalid(N_("no such status"), field="status")
    at = STATUSES.index(order.status)
    wanted = STATUSES.index(data.status)
    if wanted <= at:
        raise Invalid(
            N_("the work order is already %(status)s"),
            field="status",
            status=STATUS_LABELS[order.status],
        )
    if data.status == "verified" and order.status != "done":
        raise Invalid(N_("a work order can only be verified after it is done"), field="status")
    if wanted != at + 1:
        raise Invalid(
            N_("the work order must first be %(status)s"),
            field="status",
            status=STATUS_LABELS[STATUSES[at + 1]],
        )
    last = order.done_on or order.assigned_on or order.opened_on
    if data.on < last:
        raise Invalid(
            N_("cannot be before the step before it (%(day)s)"), field="on", day=last.isoformat()
        )
    if data.status == "assigned":
        if not data.assigned_to.strip():
            raise Invalid(N_("say to whom the work order is assigned"), field="assigned_to")
        order.assigned_to, order.assigned_on, order.assigned_by = (
            data.assigned_to.strip(),
            data.on,
            p.user_id,
        )
    elif data.status == "done":
        order.done_on, order.done_by = data.on, p.user_id
    else:
        order.verified_on, order.verified_by = data.on, p.user_id
    order.status = data.status
    session.flush()
    audit.record(
        session,
        "workorder.step",
        actor=p,
        object_type="work_order",
        object_id=order.id,
        org_id=order.finding.walk.org_id,
        detail={"status": data.status},
    )
    return order
