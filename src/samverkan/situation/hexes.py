"""Hotspots of an area: Gi* on the H3 cells of its polygon (see analysis.hotspots)."""

from __future__ import annotations

import threading
from typing import Any

import h3
import numpy as np
import shapely
from shapely.geometry import mapping

from samverkan.geo.models import Area
from samverkan.situation.analysis.hotspots import DEFAULT_RESOLUTION, hotspots

_lock = threading.Lock()
_cells: dict[tuple[int, object, int], np.ndarray] = {}


def study_cells(area: Area, resolution: int = DEFAULT_RESOLUTION) -> np.ndarray:
    """The H3 cells whose centres lie in the area (cached until the area changes)."""
    key = (area.id, area.updated_at, resolution)
    with _lock:
        found = _cells.get(key)
    if found is not None:
        return found
    geom = shapely.from_wkb(area.geom_wkb)
    cells = np.array(sorted(h3.geo_to_cells(mapping(geom), resolution)), dtype=object)
    with _lock:
        if len(_cells) > 256:
            _cells.clear()
        _cells[key] = cells
    return cells


def area_hotspots(
    area: Area, lat: list[float | None], lon: list[float | None], *, alpha: float = 0.05
) -> list[dict[str, Any]]:
    """Cells with incidents, and significant hot cells, with their Gi* z-scores."""
    pts = [(y, x) for y, x in zip(lat, lon, strict=True) if y is not None and x is not None]
    if len(pts) < 3:
        return []  # too few points to say anything of a pattern
    ys, xs = zip(*pts, strict=True)
    grid = hotspots(np.array(ys), np.array(xs), alpha=alpha, study_cells=study_cells(area))
    out = []
    for i in range(len(grid.cell)):
        hot = bool(grid.significant[i] and grid.z[i] > 0)
        if grid.count[i] > 0 or hot:
            out.append(
                {
                    "cell": str(grid.cell[i]),
                    "lat": round(float(grid.lat[i]), 6),
                    "lon": round(float(grid.lon[i]), 6),
                    "count": int(grid.count[i]),
                    "z": round(float(grid.z[i]), 3),
                    "significant": hot,
                }
            )
    out.sort(key=lambda c: -c["z"])  # type: ignore[operator]
    return out
