"""Point-to-area lookup with a shapely 2 STRtree (pure: no database).

Where areas nest (a district inside the municipality) a point gets the most specific one:
the smallest area that contains it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from shapely import STRtree
from shapely.geometry.base import BaseGeometry


@dataclass(frozen=True)
class AreaIndex:
    """A spatial index over polygons with their area ids; ``lookup`` assigns points to them."""

    ids: NDArray[np.int64]
    geoms: NDArray[np.object_]
    tree: STRtree
    sizes: NDArray[np.float64]

    @classmethod
    def build(cls, ids: Sequence[int], geoms: Sequence[BaseGeometry]) -> AreaIndex:
        garr = np.asarray(list(geoms), dtype=object)
        shapely.prepare(garr)
        return cls(
            ids=np.asarray(list(ids), dtype=np.int64),
            geoms=garr,
            tree=STRtree(garr),
            sizes=shapely.area(garr) if len(garr) else np.zeros(0),
        )

    def lookup(self, lon: ArrayLike, lat: ArrayLike) -> NDArray[np.int64]:
        """The id of the smallest area containing each point, or -1 where none does."""
        x = np.atleast_1d(np.asarray(lon, dtype=float))
        y = np.atleast_1d(np.asarray(lat, dtype=float))
        out = np.full(x.shape[0], -1, dtype=np.int64)
        if not len(self.ids) or not x.shape[0]:
            return out
        points = shapely.points(x, y)
        pi, ai = self.tree.query(points, predicate="within")
        if not len(pi):
            return out
        # Sort hits by point, then by area size descending, so the last write per point is the
        # smallest containing area.
        order = np.lexsort((-self.sizes[ai], pi))
        out[pi[order]] = self.ids[ai[order]]
        return out

    def lookup_one(self, lon: float, lat: float) -> int | None:
        found = int(self.lookup([lon], [lat])[0])
        return None if found < 0 else found
