"""What a file's rows are checked against, read once per import: the categories by code and
label, the names of the areas the organisation may file into, and their municipalities."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.geo.models import Area
from samverkan.incidents.importers.rows import norm
from samverkan.incidents.models import Category


def category_lookup(session: Session) -> dict[str, int]:
    """Normalised code, Swedish and English label → category id (active categories only)."""
    out: dict[str, int] = {}
    for c in session.scalars(select(Category).where(Category.retired_at.is_(None))):
        for key in (c.code, c.label_sv, c.label_en):
            out.setdefault(norm(key), c.id)
    return out


def area_names(session: Session, allowed: set[int]) -> dict[str, int]:
    """Area name → id, for the areas the importing organisation's EST groups cover."""
    if not allowed:
        return {}
    rows = session.execute(select(Area.id, Area.name).where(Area.id.in_(allowed)))
    return {name: area_id for area_id, name in rows}


def municipality_finder(
    session: Session, allowed: set[int]
) -> Callable[[float, float], int | None]:
    """Point → the municipality-level area containing it (for police events), among ``allowed``."""
    from shapely import contains_xy, from_wkb

    kommuner = [
        (a_id, from_wkb(wkb))
        for a_id, wkb in session.execute(
            select(Area.id, Area.geom_wkb).where(Area.kind == "kommun", Area.id.in_(allowed))
        )
    ]

    def find(lon: float, lat: float) -> int | None:
        for area_id, geom in kommuner:
            if contains_xy(geom, lon, lat):
                return area_id
        return None

    return find
