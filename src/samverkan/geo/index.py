"""Point-to-area lookup (pure: no database).

Where areas nest (a district inside the municipality) a point gets the most specific one:
the smallest area that contains it; between areas of equal size, the one given last. A point
on an area's outline is not inside it (shapely's ``contains``).

Few points are looked up through a shapely 2 STRtree. Many points (a bulk import, a
benchmark) go through a sweep that needs no point objects: the points sorted by longitude,
then per area only the slice within its bounding box is tested with ``contains_xy``, from the
largest area to the smallest so that smaller areas overwrite larger ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from shapely import STRtree
from shapely.geometry.base import BaseGeometry

# Batches of at least this many points per area go through the sweep.
SWEEP_POINTS_PER_AREA = 4


@dataclass(frozen=True)
class AreaIndex:
    """A spatial index over polygons with their area ids; ``lookup`` assigns points to them."""

    ids: NDArray[np.int64]
    geoms: NDArray[np.object_]
    tree: STRtree
    sizes: NDArray[np.float64]
    bounds: NDArray[np.float64]  # (n, 4): min lon, min lat, max lon, max lat
    by_size: NDArray[np.int64]  # positions, largest area first (ties: build order)
    rank: NDArray[np.int64]  # rank[position] = place in by_size: higher wins

    @classmethod
    def build(cls, ids: Sequence[int], geoms: Sequence[BaseGeometry]) -> AreaIndex:
        garr = np.asarray(list(geoms), dtype=object)
        shapely.prepare(garr)
        sizes = shapely.area(garr) if len(garr) else np.zeros(0)
        by_size = np.argsort(-sizes, kind="stable").astype(np.int64)
        rank = np.empty(len(garr), dtype=np.int64)
        rank[by_size] = np.arange(len(garr))
        return cls(
            ids=np.asarray(list(ids), dtype=np.int64),
            geoms=garr,
            tree=STRtree(garr),
            sizes=sizes,
            bounds=shapely.bounds(garr) if len(garr) else np.zeros((0, 4)),
            by_size=by_size,
            rank=rank,
        )

    def lookup(self, lon: ArrayLike, lat: ArrayLike) -> NDArray[np.int64]:
        """The id of the smallest area containing each point, or -1 where none does."""
        x = np.atleast_1d(np.asarray(lon, dtype=float))
        y = np.atleast_1d(np.asarray(lat, dtype=float))
        if not len(self.ids) or not x.shape[0]:
            return np.full(x.shape[0], -1, dtype=np.int64)
        if x.shape[0] >= SWEEP_POINTS_PER_AREA * len(self.ids):
            return self._lookup_sweep(x, y)
        return self._lookup_tree(x, y)

    def _lookup_tree(self, x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.int64]:
        out = np.full(x.shape[0], -1, dtype=np.int64)
        pi, ai = self.tree.query(shapely.points(x, y), predicate="within")
        if not len(pi):
            return out
        best = np.full(x.shape[0], -1, dtype=np.int64)
        np.maximum.at(best, pi, self.rank[ai])
        hit = best >= 0
        out[hit] = self.ids[self.by_size[best[hit]]]
        return out

    def _lookup_sweep(self, x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.int64]:
        order = np.argsort(x, kind="stable")
        xs, ys = x[order], y[order]
        found = np.full(x.shape[0], -1, dtype=np.int64)
        for a in self.by_size:
            x0, y0, x1, y1 = self.bounds[a]
            lo = int(np.searchsorted(xs, x0, side="left"))
            hi = int(np.searchsorted(xs, x1, side="right"))
            if lo >= hi:
                continue
            band = ys[lo:hi]
            cand = np.flatnonzero((band >= y0) & (band <= y1)) + lo
            if not len(cand):
                continue
            inside = shapely.contains_xy(self.geoms[a], xs[cand], ys[cand])
            found[cand[inside]] = self.ids[a]
        out = np.empty_like(found)
        out[order] = found
        return out

    def lookup_one(self, lon: float, lat: float) -> int | None:
        found = int(self.lookup([lon], [lat])[0])
        return None if found < 0 else found
