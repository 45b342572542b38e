"""Seeding the Linköping demo into an empty database (a second run changes nothing)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry
from sqlalchemy import insert
from sqlalchemy.orm import Session

from samverkan.core.db import utcnow
from samverkan.core.timeutil import STOCKHOLM, current_week
from samverkan.demo import data
from samverkan.demo.actions import seed_actions
from samverkan.demo.associations import seed as seed_associations
from samverkan.demo.districts import seed as seed_districts
from samverkan.demo.employment import seed_employment
from samverkan.demo.housing import seed_housing
from samverkan.demo.incidents import generate
from samverkan.demo.people import seed_people
from samverkan.demo.presence import seed_presence
from samverkan.geo import queries as geo_queries
from samverkan.geo import service as geo_service
from samverkan.incidents import counts
from samverkan.incidents import queries as incident_queries
from samverkan.incidents.models import Incident
from samverkan.orgs import queries as org_queries
from samverkan.orgs import service as org_service
from samverkan.orgs.models import Membership, User
from samverkan.orgs.schemas import GroupIn, OrgIn
from samverkan.orgs.security import hash_password


def is_seeded(session: Session) -> bool:
    return org_queries.org_by_name(session, data.MUNICIPALITY) is not None


def seed(
    session: Session,
    today: date | None = None,
    *,
    incidents: bool = True,
    people: bool | None = None,
    employment: bool | None = None,
    housing: bool | None = None,
    associations: bool | None = None,
    districts: bool | None = None,
) -> bool:
    """Add the demo organisations, users, areas and EST group; False if already there.

    ``incidents`` adds the synthetic history as of ``today`` (the reports, meetings and
    actions, the area teams and their plan); ``people`` (by default with the history) the
    residents of the person register, which needs the data key (``core.crypto.configure``);
    ``employment`` (by default with the history) the employment programs and their participants
    (``demo.employment``), with the register's residents; ``housing`` (by default with the
    programs) the housing safety of ``demo.housing``; ``associations`` (by default with the
    programs) the associations, their agreements and activities of ``demo.associations``;
    ``districts`` (by default with the programs) the district profiles, ten years of indicators,
    the district plans and an intervention of ``demo.districts``."""
    if is_seeded(session):
        return False
    orgs = {
        name: org_service.create_org(session, None, OrgIn(name=name, kind=kind))
        for name, kind in data.ORGANISATIONS
    }
    password_hash = hash_password(data.DEMO_PASSWORD)
    for email, display, org_name, roles, superadmin, _about in data.USERS:
        user = User(
            email=email,
            display_name=display,
            password_hash=password_hash,
            is_superadmin=superadmin,
            password_changed_at=utcnow(),
        )
        user.memberships.extend(Membership(org_id=orgs[org_name].id, role=r) for r in roles)
        session.add(user)
    session.flush()

    municipality = geo_service.save_area(
        session,
        name=data.MUNICIPALITY,
        kind="kommun",
        code="0580",
        geom=Polygon(data.MUNICIPALITY_OUTLINE),
        approximate=True,
        population=167_000,
    )
    town = Polygon(data.TOWN_OUTLINE)
    shapes = [(name, pop, Polygon(outline)) for name, pop, outline in data.DISTRICTS]
    for name, pop, poly in shapes:
        geo_service.save_area(
            session,
            name=name,
            kind="stadsdel",
            geom=poly,
            parent=municipality,
            approximate=True,
            population=pop,
        )
    rest = town
    for _name, _pop, poly in shapes:
        rest = rest.difference(poly)
    geo_service.save_area(
        session,
        name=data.TOWN,
        kind="stadsdel",
        geom=rest,
        parent=municipality,
        approximate=True,
        population=data.TOWN_POPULATION,
    )

    owner = orgs[data.MUNICIPALITY]
    group = org_service.create_group(
        session, None, GroupIn(name=data.EST_GROUP, owner_org_id=owner.id, cadence="weekly")
    )
    org_service.set_group_members(session, None, group.id, {o.id for o in orgs.values()})
    geo_service.set_group_areas(session, None, group.id, {municipality.id})
    outlines = {name: poly for name, _pop, poly in shapes}
    outlines[data.TOWN] = rest
    end = today or current_week().monday + timedelta(days=6)
    until = min(end, datetime.now(STOCKHOLM).date())
    if incidents:
        seed_incidents(session, outlines, end)
        seed_actions(session, until)
        seed_presence(session, until)
    with_programs = employment or (employment is None and people is None and incidents)
    with_housing = housing or (housing is None and with_programs)
    if people or (people is None and incidents) or with_programs or with_housing:
        seed_people(session, until)
    if with_programs:
        seed_employment(session, until)
    if with_housing:
        seed_housing(session, until)
    if associations or (associations is None and with_programs):
        seed_associations(session, until)
    if districts or (districts is None and with_programs):
        seed_districts(session, until)
    return True


SEMI_PUBLIC = ("skolgård", "centrum")


def _place_type(place: str, org: str, housing: set[str]) -> str | None:
    """School yards and shopping centres are semi-public; a housing company's report away from
    the squares and car parks is about its own yards and stairwells (semi-public too)."""
    low = place.lower()
    if any(word in low for word in SEMI_PUBLIC):
        return "halvoffentlig"
    if org in housing and place in DISTRICT_NAMES:
        return "halvoffentlig"
    if place == "Linköping":  # the police feed: the municipality, no place
        return None
    return "offentlig"


DISTRICT_NAMES = {name for name, _pop, _outline in data.DISTRICTS} | {data.TOWN}


def seed_incidents(session: Session, outlines: dict[str, BaseGeometry], today: date) -> int:
    """Store the synthetic reports (see ``demo.incidents``); returns how many."""
    today = min(today, datetime.now(STOCKHOLM).date())
    reports = generate(outlines, today)
    orgs = {o.name: o.id for o in org_queries.all_orgs(session)}
    areas = {a.name: a.id for a in geo_queries.all_areas(session)}
    cats = {c.code: c.id for c in incident_queries.categories(session, include_retired=True)}
    now = utcnow()
    housing = {name for name, kind in data.ORGANISATIONS if kind == "bostadsbolag"}
    rows = [
        {
            "org_id": orgs[r.org],
            "category_id": cats[r.category],
            "area_id": areas[r.area],
            "occurred_at": r.occurred_at,
            "reported_at": min(now, r.occurred_at + timedelta(hours=14)),
            "lat": r.lat,
            "lon": r.lon,
            "precision": r.precision,
            "place_name": r.place_name,
            "place_type": _place_type(r.place_name, r.org, housing),
            "place_detail": "",
            "description": r.description,
            "severity": r.severity,
            "suspected": False,
            "people_count": r.people_count,
            "youth_involved": r.youth,
            "police_report_filed": r.source == "polisen",
            "police_report_ref": "",
            "visibility": r.visibility,
            "status": r.status,
            "source": r.source,
            "external_id": r.external_id,
            "url": "",
            "redacted_count": 0,
            "updated_at": now,
        }
        for r in reports
    ]
    for start in range(0, len(rows), 5000):
        session.execute(insert(Incident), rows[start : start + 5000])
    totals = counts.count_rows(
        (
            r["occurred_at"],
            None,
            r["area_id"],
            r["category_id"],
            r["org_id"],
            r["visibility"],
            r["status"],
        )
        for r in rows
    )
    counts.apply(session.connection(), totals)
    return len(rows)
