"""Hotspots of an area: Gi* on the H3 cells of its polygon (see analysis.hotspots).

The study grid of an area is its cells and the ring around them, so that every incident in
the area falls in it and a hotspot is contrasted with the whole area, quiet parts included.
The grid and its weights depend on the polygon only: they are made once per area version.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import h3
import numpy as np
import shapely
from scipy import sparse
from shapely.geometry import mapping

from samverkan.geo.models import Area
from samverkan.situation.analysis.hotspots import (
    DEFAULT_RESOLUTION,
    cell_centres,
    fdr,
    gi_star,
    grid_with_neighbours,
    hex_cells,
    kring_weights,
)

K = 1  # neighbours: the ring of six around each cell
# An area larger than this many cells (~300 km²: a whole municipality with its countryside) is
# not compared with its empty fields, where every street in town would look hot, but with the
# neighbourhood of its incidents: their cells and two rings around them.
LARGE = 3000
LOCAL_RINGS = 2


@dataclass(frozen=True)
class StudyGrid:
    cells: np.ndarray  # sorted H3 ids
    weights: sparse.csr_matrix
    lat: np.ndarray
    lon: np.ndarray


_lock = threading.Lock()
_grids: dict[tuple[int, object, int], StudyGrid] = {}


def study_grid(area: Area, resolution: int = DEFAULT_RESOLUTION) -> StudyGrid:
    """The area's cells and the ring around them, with their k-ring weights (cached)."""
    key = (area.id, area.updated_at, resolution)
    with _lock:
        found = _grids.get(key)
    if found is not None:
        return found
    geom = shapely.from_wkb(area.geom_wkb)
    inside = list(h3.geo_to_cells(mapping(geom), resolution))
    cells = np.sort(np.asarray(grid_with_neighbours(np.array(inside, dtype=object), K)))
    lat, lon = cell_centres(cells)
    grid = StudyGrid(cells, sparse.csr_matrix(kring_weights(cells, K)), lat, lon)
    with _lock:
        if len(_grids) > 1024:
            _grids.clear()
        _grids[key] = grid
    return grid


def _local_grid(cells: np.ndarray) -> StudyGrid:
    grid_cells = np.sort(np.asarray(grid_with_neighbours(np.unique(cells), LOCAL_RINGS)))
    lat, lon = cell_centres(grid_cells)
    return StudyGrid(grid_cells, sparse.csr_matrix(kring_weights(grid_cells, K)), lat, lon)


def area_hotspots(
    area: Area, lat: list[float | None], lon: list[float | None], *, alpha: float = 0.05
) -> list[dict[str, Any]]:
    """Cells with incidents, and significant hot cells, with their Gi* z-scores."""
    pts = [(y, x) for y, x in zip(lat, lon, strict=True) if y is not None and x is not None]
    if len(pts) < 3:
        return []  # too few points to say anything of a pattern
    ys, xs = zip(*pts, strict=True)
    cells = np.asarray(hex_cells(np.array(ys), np.array(xs), DEFAULT_RESOLUTION))
    grid = study_grid(area)
    if grid.cells.size > LARGE:
        grid = _local_grid(cells)
    if grid.cells.size < 2:
        return []
    idx = np.searchsorted(grid.cells, cells)
    idx = idx[(idx < grid.cells.size) & (grid.cells[np.minimum(idx, grid.cells.size - 1)] == cells)]
    count = np.bincount(idx, minlength=grid.cells.size)
    gi = gi_star(count, grid.weights, star=True)
    significant = fdr(gi.p, alpha)
    out = []
    for i in np.flatnonzero((count > 0) | (significant & (gi.z > 0))):
        out.append(
            {
                "cell": str(grid.cells[i]),
                "lat": round(float(grid.lat[i]), 6),
                "lon": round(float(grid.lon[i]), 6),
                "count": int(count[i]),
                "z": round(float(gi.z[i]), 3),
                "significant": bool(significant[i] and gi.z[i] > 0),
            }
        )
    out.sort(key=lambda c: -c["z"])  # type: ignore[operator]
    return out
