"""Coordinates: WGS 84 (EPSG:4326, what phones and web maps give) and SWEREF 99 TM (EPSG:3006).

In Swedish practice SWEREF 99 TM's N (northing) is often called X and E (easting) Y; functions
here say northing/easting to avoid that trap.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pyproj import Transformer

WGS84 = "EPSG:4326"
SWEREF99TM = "EPSG:3006"

# Sweden with a margin, in WGS 84: used to reject swapped or foreign coordinates.
SWEDEN_BOUNDS = (10.0, 55.0, 24.5, 69.5)  # min lon, min lat, max lon, max lat


@cache
def _to_sweref() -> Transformer:
    return Transformer.from_crs(WGS84, SWEREF99TM, always_xy=True)


@cache
def _to_wgs84() -> Transformer:
    return Transformer.from_crs(SWEREF99TM, WGS84, always_xy=True)


def to_sweref99tm(
    lat: ArrayLike, lon: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """WGS 84 latitude/longitude to SWEREF 99 TM (northing, easting) in metres."""
    e, n = _to_sweref().transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.asarray(n), np.asarray(e)


def to_wgs84(
    northing: ArrayLike, easting: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """SWEREF 99 TM (northing, easting) to WGS 84 (latitude, longitude)."""
    lon, lat = _to_wgs84().transform(np.asarray(easting, float), np.asarray(northing, float))
    return np.asarray(lat), np.asarray(lon)


def in_sweden(lat: float, lon: float) -> bool:
    """True when the point lies in the box around Sweden (rejects swapped lat/lon too)."""
    min_lon, min_lat, max_lon, max_lat = SWEDEN_BOUNDS
    return min_lat <= lat <= max_lat and min_lon <= lon <= max_lon
