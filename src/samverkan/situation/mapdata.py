"""The lägesbild's map as one GeoJSON: areas coloured by level, hotspot hexagons, incident dots."""

from __future__ import annotations

from typing import Any

import h3
from sqlalchemy.orm import Session

from samverkan.geo.models import Area
from samverkan.geo.schemas import feature
from samverkan.situation.picture import Picture


def geojson(session: Session, pic: Picture) -> dict[str, Any]:
    features: list[dict[str, Any]] = []
    for a in pic.areas:
        area = session.get(Area, a.area_id)
        if area is None:
            continue
        f = feature(area)
        f["properties"]["level"] = a.level
        features.append(f)
    seen: set[str] = set()
    for a in pic.areas:
        for cell in a.hotspots:
            if cell["cell"] in seen:
                continue
            seen.add(cell["cell"])
            ring = [[lon, lat] for lat, lon in h3.cell_to_boundary(cell["cell"])]
            features.append(
                {
                    "type": "Feature",
                    "id": cell["cell"],
                    "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
                    "properties": {
                        "kind": "hex",
                        "name": f"z = {cell['z']}, {cell['count']}",
                        "significant": cell["significant"],
                    },
                }
            )
        for i in a.notable:
            if i.lat is None or i.lon is None or i.precision in ("omrade", "kommun"):
                continue
            features.append(
                {
                    "type": "Feature",
                    "id": f"incident-{i.id}",
                    "geometry": {"type": "Point", "coordinates": [i.lon, i.lat]},
                    "properties": {"kind": "incident", "name": i.place_name or i.category.code},
                }
            )
    return {"type": "FeatureCollection", "features": features}
