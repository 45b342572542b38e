"""Assigning points to areas: ``AreaIndex.lookup`` against a plain loop of shapely ``contains``.

The areas are the Linköping demo's (municipality, town, three districts) plus a 10 × 10 grid
of sub-areas (delområden) clipped to the town, as a municipality that imports SCB's DeSO
areas would have. Points are uniform in the town's bounding box, so most land in two to four
nested areas and the smallest one must be chosen.

Peer: for each point, a Python loop over every (prepared) polygon calling ``contains`` and
keeping the smallest containing area: what one writes without a spatial index. It is timed on
a subset (it is slow), and both must give the same answer there.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import Polygon, box

from benchmarks import Result, median, thin, timed
from samverkan.demo import data
from samverkan.geo.index import AreaIndex

N_POINTS = 1_000_000
N_PEER = 20_000
GRID = 10
GOAL_RATIO = 20.0
REPEAT = 3  # the median of this many runs is reported, for both


def demo_areas() -> tuple[list[int], list[Polygon]]:
    """The demo's outlines plus the grid of sub-areas clipped to the town."""
    polys: list[Polygon] = [Polygon(data.MUNICIPALITY_OUTLINE), Polygon(data.TOWN_OUTLINE)]
    polys += [Polygon(outline) for _name, _pop, outline in data.DISTRICTS]
    town = polys[1]
    x0, y0, x1, y1 = town.bounds
    dx, dy = (x1 - x0) / GRID, (y1 - y0) / GRID
    for i in range(GRID):
        for j in range(GRID):
            cell = box(x0 + i * dx, y0 + j * dy, x0 + (i + 1) * dx, y0 + (j + 1) * dy)
            part = cell.intersection(town)
            if not part.is_empty and part.geom_type == "Polygon" and part.area > 0:
                polys.append(part)
    assert all(p.is_valid for p in polys)
    return list(range(1, len(polys) + 1)), polys


def random_points(n: int, bounds: tuple[float, float, float, float], seed: int = 1):
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = bounds
    return rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)


def plain_loop(ids: list[int], polys: list[Polygon], lon, lat) -> np.ndarray:
    """The peer: every point against every polygon, keep the smallest that contains it."""
    for p in polys:
        shapely.prepare(p)
    sized = [(i, p, p.area) for i, p in zip(ids, polys, strict=True)]
    out = np.full(len(lon), -1, dtype=np.int64)
    for k in range(len(lon)):
        pt = shapely.Point(lon[k], lat[k])
        best, best_size = -1, float("inf")
        for area_id, poly, size in sized:
            if size < best_size and poly.contains(pt):
                best, best_size = area_id, size
        out[k] = best
    return out


def run() -> list[Result]:
    ids, polys = demo_areas()
    town_bounds = polys[1].bounds
    lon, lat = random_points(N_POINTS, town_bounds)

    build_s, index = timed(lambda: AreaIndex.build(ids, polys))
    assert isinstance(index, AreaIndex)
    index.lookup(lon[:1000], lat[:1000])  # warm up
    runs = [timed(lambda: index.lookup(lon, lat)) for _ in range(REPEAT)]
    lookup_s = median([t for t, _ in runs])
    assigned = runs[0][1]
    assert isinstance(assigned, np.ndarray)

    sub_lon, sub_lat = lon[:N_PEER], lat[:N_PEER]
    peer_runs = [timed(lambda: plain_loop(ids, polys, sub_lon, sub_lat)) for _ in range(REPEAT)]
    peer_s = median([t for t, _ in peer_runs])
    peer_out = peer_runs[0][1]
    assert isinstance(peer_out, np.ndarray)
    if not np.array_equal(peer_out, assigned[:N_PEER]):
        differ = int((peer_out != assigned[:N_PEER]).sum())
        raise AssertionError(f"AreaIndex and the plain loop disagree on {differ} points")

    rate = N_POINTS / lookup_s
    peer_rate = N_PEER / peer_s
    ratio = rate / peer_rate
    hit = float((assigned >= 0).mean())
    return [
        Result(
            benchmark="areas",
            name=f"point → area, {thin(N_POINTS)} points, {len(polys)} areas",
            value=rate,
            unit="points/s",
            peer=f"Python loop of shapely contains, {thin(N_PEER)} points",
            peer_value=peer_rate,
            ratio=ratio,
            ratio_text=f"{ratio:.0f}× faster",
            goal=f"≥ {GOAL_RATIO:.0f}× the peer",
            ok=ratio >= GOAL_RATIO,
            notes=(
                f"points uniform in the town's bounding box; AreaIndex.lookup of "
                f"{thin(N_POINTS)} points took {lookup_s:.2f} s (index built in "
                f"{build_s * 1000:.1f} ms), the peer {peer_s:.2f} s for {thin(N_PEER)} "
                f"(medians of {REPEAT}); {hit:.0%} of the points lie in an area; both give "
                f"the same area for all {thin(N_PEER)} peer points"
            ),
        )
    ]
