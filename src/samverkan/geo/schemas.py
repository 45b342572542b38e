"""Area output for the API and the map."""

from __future__ import annotations

from typing import Any

import shapely
from pydantic import BaseModel

from samverkan.geo.models import Area


class AreaOut(BaseModel):
    """An area as the API shows it (the polygon only in GeoJSON)."""

    id: int
    name: str
    kind: str
    code: str | None
    parent_id: int | None
    approximate: bool
    population: int | None
    bbox: tuple[float, float, float, float]

    @classmethod
    def of(cls, a: Area) -> AreaOut:
        return cls(
            id=a.id,
            name=a.name,
            kind=a.kind,
            code=a.code,
            parent_id=a.parent_id,
            approximate=a.approximate,
            population=a.population,
            bbox=(a.min_lon, a.min_lat, a.max_lon, a.max_lat),
        )


def feature(a: Area) -> dict[str, Any]:
    """The area as a GeoJSON Feature in WGS 84."""
    geom = shapely.from_wkb(a.geom_wkb)
    return {
        "type": "Feature",
        "id": a.id,
        "geometry": shapely.geometry.mapping(geom),
        "properties": AreaOut.of(a).model_dump(exclude={"bbox"}),
    }


def feature_collection(areas: list[Area]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [feature(a) for a in areas]}
