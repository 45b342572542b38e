"""The kernel density layer of the map: where the last four weeks' incidents lie thickest.

A quartic kernel (as ArcGIS's and QGIS's heatmaps) of 200 m on 100 m squares in SWEREF 99 TM,
in incidents per km²; squares below 5 % of the area's highest density are left out. It shows
the shape of where things happen; the Gi* hexagons say where that is more than chance.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from samverkan.geo.crs import to_sweref99tm, to_wgs84
from samverkan.situation.analysis.hotspots import kernel_density

CELL_M = 100.0
BANDWIDTH_M = 200.0
MAX_SIDE = 80  # squares per side at most (8 km at 100 m): larger areas get larger squares
FLOOR = 0.05


def density(lat: list[float | None], lon: list[float | None]) -> dict[str, Any]:
    """``{"cell_m", "bandwidth_m", "unit", "max", "cells": [{"lat", "lon", "value"}]}``."""
    pts = [(y, x) for y, x in zip(lat, lon, strict=True) if y is not None and x is not None]
    out: dict[str, Any] = {
        "cell_m": CELL_M,
        "bandwidth_m": BANDWIDTH_M,
        "unit": "incidents per km²",
        "max": 0.0,
        "cells": [],
    }
    if len(pts) < 3:
        return out
    north, east = to_sweref99tm([p[0] for p in pts], [p[1] for p in pts])
    pad = BANDWIDTH_M
    span = max(east.max() - east.min(), north.max() - north.min()) + 2 * pad
    cell = max(CELL_M, float(np.ceil(span / MAX_SIDE / 50) * 50))
    gx = np.arange(east.min() - pad, east.max() + pad + cell, cell)
    gy = np.arange(north.min() - pad, north.max() + pad + cell, cell)
    surface = kernel_density(east, north, gx, gy, BANDWIDTH_M)
    top = float(surface.max())
    if top <= 0:
        return out
    iy, ix = np.nonzero(surface >= FLOOR * top)
    clat, clon = to_wgs84(gy[iy], gx[ix])
    out["cell_m"] = cell
    out["max"] = round(top, 1)
    out["cells"] = [
        {"lat": round(float(a), 6), "lon": round(float(b), 6), "value": round(float(v), 1)}
        for a, b, v in zip(clat, clon, surface[iy, ix], strict=True)
    ]
    return out
