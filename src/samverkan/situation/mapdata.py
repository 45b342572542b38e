"""The lägesbild's map as one GeoJSON: areas coloured by level, hotspot hexagons, incident dots."""

from __future__ import annotations

from typing import Any

import h3
from sqlalchemy.orm import Session

from samverkan.core.errors import N_
from samverkan.core.i18n import translations
from samverkan.core.numbers import decimal
from samverkan.geo.crs import to_sweref99tm, to_wgs84
from samverkan.geo.models import Area
from samverkan.geo.schemas import feature
from samverkan.situation.picture import Picture


def geojson(
    session: Session, pic: Picture, layers: dict[str, str] | None = None, lang: str = "sv"
) -> dict[str, Any]:
    """Areas, the density squares, hotspot hexagons and the notable incidents' dots; ``layers``
    names the switchable overlays by kind (``kde``, ``hex``, ``incident``) for the map script;
    the tooltips are in ``lang``, their numbers as it writes them (a decimal comma in Swedish)."""
    tr = translations(lang)
    features: list[dict[str, Any]] = []
    for a in pic.areas:
        area = session.get(Area, a.area_id)
        if area is None:
            continue
        f = feature(area)
        f["properties"]["level"] = a.level
        features.append(f)
    districts = [a for a in pic.areas if a.kind != "kommun"] or pic.areas
    for a in districts:  # the municipality's own layer would hide the districts'
        features.extend(_density_squares(a.density, lang))
    _ = tr.gettext
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
                        "name": _(HOTSPOT if cell["significant"] else NOT_HOTSPOT)
                        % {
                            "n": tr.ngettext("%(n)s incident", "%(n)s incidents", cell["count"])
                            % {"n": cell["count"]},
                            "z": decimal(cell["z"], lang, "z"),
                        },
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
    out: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if layers:
        out["layers"] = layers
    return out


# A hexagon's tooltip: its incidents of the last four weeks and its Gi* z-score, in words.
HOTSPOT = N_("Hotspot: %(n)s, z = %(z)s (significant: more than chance, with the neighbours)")
NOT_HOTSPOT = N_("%(n)s, z = %(z)s (not significant: may be chance)")
DENSITY = N_("about %(v)s incidents per km² (estimated density, last four weeks)")


def _density_squares(layer: dict[str, Any], lang: str = "sv") -> list[dict[str, Any]]:
    """The density layer's squares as polygons, shaded by their share of the highest."""
    cells = layer.get("cells") or []
    if not cells:
        return []
    half = float(layer["cell_m"]) / 2
    north, east = to_sweref99tm([c["lat"] for c in cells], [c["lon"] for c in cells])
    out = []
    top = float(layer["max"]) or 1.0
    for c, n, e in zip(cells, north, east, strict=True):
        lat, lon = to_wgs84(
            [n - half, n - half, n + half, n + half], [e - half, e + half, e + half, e - half]
        )
        ring = [[round(float(x), 6), round(float(y), 6)] for y, x in zip(lat, lon, strict=True)]
        out.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
                "properties": {
                    "kind": "kde",
                    "name": translations(lang).gettext(DENSITY)
                    % {"v": decimal(c["value"], lang, "density")},
                    "share": round(c["value"] / top, 3),
                },
            }
        )
    return out
