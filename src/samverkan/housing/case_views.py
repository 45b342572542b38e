"""What the disturbance cases show: the API's answers (a case, its steps) and the EST incidents
a case worker may see at the case's place. The incidents are read through
:mod:`samverkan.incidents.queries` with the caller's own scope; nothing of the case goes the
other way."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import BaseModel
from sqlalchemy.orm import Session

from samverkan.housing.models import CaseStep, DisturbanceCase
from samverkan.incidents import queries as incident_queries
from samverkan.incidents.models import Incident
from samverkan.orgs.policy import Principal
from samverkan.people.models import Person

PLACE_WEEKS = 6  # how far back the case page lists the EST incidents at its place


class StepOut(BaseModel):
    id: int
    kind: str
    on: date
    source: str | None
    contact: str | None
    note: str | None


class CaseOut(BaseModel):
    id: int
    org_id: int
    person_id: int
    tenant: str
    flat: str
    area_id: int | None
    place: str | None
    place_lat: float | None
    place_lon: float | None
    opened_on: date
    status: str
    rectify_by: date | None
    terminated_on: date | None
    very_serious: bool
    very_serious_reason: str | None
    outcome: str | None
    closed_on: date | None
    steps: list[StepOut] | None = None


def step_out(s: CaseStep) -> StepOut:
    return StepOut(id=s.id, kind=s.kind, on=s.on, source=s.source, contact=s.contact, note=s.note)


def case_out(c: DisturbanceCase, person: Person | None, *, steps: bool = False) -> CaseOut:
    """A case as the API answers it (with its steps when ``steps``)."""
    return CaseOut(
        id=c.id,
        org_id=c.org_id,
        person_id=c.person_id,
        tenant=person.name if person else "",
        flat=c.flat,
        area_id=c.area_id,
        place=c.place,
        place_lat=c.place_lat,
        place_lon=c.place_lon,
        opened_on=c.opened_on,
        status=c.status,
        rectify_by=c.rectify_by,
        terminated_on=c.terminated_on,
        very_serious=c.very_serious,
        very_serious_reason=c.very_serious_reason,
        outcome=c.outcome,
        closed_on=c.closed_on,
        steps=[step_out(s) for s in c.steps] if steps else None,
    )


def incidents_at_place(
    session: Session, p: Principal, case: DisturbanceCase, on: date, weeks: int = PLACE_WEEKS
) -> list[Incident]:
    """The EST incidents ``p`` may see in the case's area over the ``weeks`` before ``on``,
    the newest first (none when the case points to no area)."""
    if case.area_id is None:
        return []
    f = incident_queries.IncidentFilter(
        area_id=case.area_id, date_from=on - timedelta(weeks=weeks), date_to=on
    )
    rows, _ = incident_queries.page(session, p, f, limit=50)
    return rows


def overdue(case: DisturbanceCase, on: date) -> bool:
    """Whether the warned case's day to stop by has passed."""
    return case.status == "warned" and case.rectify_by is not None and case.rectify_by < on


def stamp(at: datetime) -> str:
    return at.date().isoformat()
