"""Writes about areas: adding, importing (all or nothing) and the EST groups' coverage."""

from __future__ import annotations

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.errors import N_, Invalid, NotFound, PermissionDenied
from samverkan.geo.importer import AreaFeature
from samverkan.geo.models import AREA_KINDS, Area, est_group_area
from samverkan.orgs import policy
from samverkan.orgs.models import EstGroup
from samverkan.orgs.policy import Principal


def _apply_geom(area: Area, geom: BaseGeometry) -> None:
    area.geom_wkb = shapely.to_wkb(geom)
    area.min_lon, area.min_lat, area.max_lon, area.max_lat = geom.bounds


def save_area(
    session: Session,
    *,
    name: str,
    kind: str,
    geom: BaseGeometry,
    parent: Area | None = None,
    code: str | None = None,
    population: int | None = None,
    approximate: bool = False,
) -> Area:
    """Add an area, or update the one with the same name under the same parent."""
    if kind not in AREA_KINDS:
        raise Invalid(
            N_("area kind %(kind)s: expected one of %(kinds)s"),
            field="kind",
            kind=kind,
            kinds=", ".join(AREA_KINDS),
        )
    if not geom.is_valid:
        raise Invalid(
            N_("%(name)s: broken polygon (%(reason)s)"),
            field="geometry",
            name=name,
            reason=shapely.is_valid_reason(geom),
        )
    parent_id = parent.id if parent else None
    stmt = select(Area).where(Area.name == name)
    stmt = stmt.where(Area.parent_id == parent_id if parent_id else Area.parent_id.is_(None))
    area = session.scalar(stmt)
    if area is None:
        area = Area(name=name, kind=kind, parent_id=parent_id)
        session.add(area)
    area.kind = kind
    area.code = code
    area.approximate = approximate
    if population is not None:
        area.population = population
    _apply_geom(area, geom)
    session.flush()
    return area


def import_areas(
    session: Session,
    features: list[AreaFeature],
    *,
    kind: str,
    parent: Area | None = None,
    approximate: bool = False,
    source: str = "",
) -> list[Area]:
    """Store checked features as areas in the caller's transaction (all or nothing)."""
    saved = [
        save_area(
            session,
            name=f.name,
            kind=kind,
            geom=f.geom,
            parent=parent,
            code=f.code,
            population=f.population,
            approximate=approximate,
        )
        for f in features
    ]
    audit.record(
        session,
        "areas.import",
        object_type="area",
        detail={
            "source": source,
            "count": len(saved),
            "kind": kind,
            "parent_id": parent.id if parent else None,
        },
    )
    return saved


def set_group_areas(
    session: Session, actor: Principal | None, group_id: int, area_ids: set[int]
) -> None:
    """Replace the areas an EST group covers."""
    group = session.get(EstGroup, group_id)
    if group is None or (actor is not None and not policy.can_see_group(actor, group_id)):
        raise NotFound(N_("EST group not found"))
    if actor is not None and not policy.can_manage_group(actor, group_id):
        raise PermissionDenied(N_("only the owner organisation's admins manage this group"))
    found = (
        set(session.scalars(select(Area.id).where(Area.id.in_(area_ids)))) if area_ids else set()
    )
    missing = set(area_ids) - found
    if missing:
        raise NotFound(N_("area %(id)s not found"), field="area_ids", id=min(missing))
    session.execute(delete(est_group_area).where(est_group_area.c.group_id == group_id))
    if area_ids:
        session.execute(
            est_group_area.insert(),
            [{"group_id": group_id, "area_id": a} for a in sorted(area_ids)],
        )
    audit.record(
        session,
        "group.areas",
        actor=actor,
        object_type="est_group",
        object_id=group_id,
        detail={"area_ids": sorted(area_ids)},
    )
