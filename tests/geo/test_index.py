"""``AreaIndex``: point → smallest containing area, checked against a plain shapely loop."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box

from samverkan.geo.index import SWEEP_POINTS_PER_AREA, AreaIndex

# ``lookup`` picks the STRtree for few points and the sweep for many; both must give the same
# answers, so the cases below run through each path explicitly as well.
METHODS = ["lookup", "_lookup_tree", "_lookup_sweep"]


def find(index: AreaIndex, method: str, lon, lat) -> np.ndarray:
    x = np.atleast_1d(np.asarray(lon, dtype=float))
    y = np.atleast_1d(np.asarray(lat, dtype=float))
    return getattr(index, method)(x, y)


def oracle(ids: list[int], polys: list, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """The obvious answer: loop over the polygons, keep the smallest one that contains."""
    points = shapely.points(lon, lat)
    best = np.full(len(points), -1, dtype=np.int64)
    best_size = np.full(len(points), np.inf)
    for area_id, poly in zip(ids, polys, strict=True):
        inside = shapely.contains(poly, points)
        smaller = inside & (poly.area < best_size)
        best[smaller] = area_id
        best_size[smaller] = poly.area
    return best


def random_polygons(rng: np.random.Generator, n: int) -> list:
    """Overlapping and nested shapes of every kind the importer lets through."""
    polys: list = []
    for i in range(n):
        cx, cy = rng.uniform(15.45, 15.75), rng.uniform(58.35, 58.47)
        r = rng.uniform(0.002, 0.06)
        kind = i % 4
        if kind == 0:
            polys.append(box(cx - r, cy - r * rng.uniform(0.3, 1.0), cx + r, cy + r))
        elif kind == 1:
            polys.append(Point(cx, cy).buffer(r, quad_segs=8))
        elif kind == 2:  # a polygon with a hole
            polys.append(Point(cx, cy).buffer(r).difference(Point(cx, cy).buffer(r / 3)))
        else:  # a multipolygon of two convex hulls
            a = shapely.MultiPoint(rng.normal((cx, cy), r / 2, (8, 2))).convex_hull
            b = shapely.MultiPoint(rng.normal((cx + 2 * r, cy), r / 3, (8, 2))).convex_hull
            polys.append(MultiPolygon([a, b]) if not a.intersects(b) else a)
    return polys


# --- nesting ---------------------------------------------------------------------------------


def nested() -> tuple[list[int], list[Polygon]]:
    """A municipality (10) with a district (20) holding a sub-area (30), and a second
    district (40) beside the first."""
    return [10, 20, 30, 40], [box(0, 0, 10, 10), box(1, 1, 5, 5), box(2, 2, 3, 3), box(6, 6, 9, 9)]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("order", [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1]])
def test_smallest_containing_area_wins_whatever_the_build_order(order: list[int], method: str):
    ids, polys = nested()
    index = AreaIndex.build([ids[i] for i in order], [polys[i] for i in order])
    lon = [2.5, 4.0, 0.5, 7.0, 9.5]
    lat = [2.5, 4.0, 0.5, 7.0, 5.0]
    assert find(index, method, lon, lat).tolist() == [30, 20, 10, 40, 10]


@pytest.mark.parametrize("method", METHODS)
def test_points_outside_every_area_get_minus_one(method: str):
    ids, polys = nested()
    index = AreaIndex.build(ids, polys)
    result = find(index, method, [-1.0, 11.0, 5.0, 1e6, np.nan], [5.0, 5.0, -0.001, 1e6, 2.5])
    assert result.dtype == np.int64
    assert result.tolist() == [-1, -1, -1, -1, -1]


def test_points_outside_every_area_lookup_one():
    ids, polys = nested()
    index = AreaIndex.build(ids, polys)
    assert index.lookup_one(-1.0, 5.0) is None
    assert index.lookup_one(2.5, 2.5) == 30


def test_scalar_input_and_no_points():
    ids, polys = nested()
    index = AreaIndex.build(ids, polys)
    assert index.lookup(2.5, 2.5).tolist() == [30]
    empty = index.lookup(np.array([]), np.array([]))
    assert empty.shape == (0,)
    assert empty.dtype == np.int64


@pytest.mark.parametrize("method", METHODS)
def test_a_hole_belongs_to_the_area_around_the_polygon(method: str):
    outer = box(0, 0, 10, 10)
    ring = box(2, 2, 8, 8).difference(box(4, 4, 6, 6))
    index = AreaIndex.build([1, 2], [outer, ring])
    assert find(index, method, [5.0, 3.0], [5.0, 3.0]).tolist() == [1, 2]


@pytest.mark.parametrize("method", METHODS)
def test_multipolygon_parts_all_count(method: str):
    multi = MultiPolygon([box(0, 0, 1, 1), box(5, 5, 6, 6)])
    index = AreaIndex.build([7], [multi])
    assert find(index, method, [0.5, 5.5, 3.0], [0.5, 5.5, 3.0]).tolist() == [7, 7, -1]


@pytest.mark.parametrize("method", METHODS)
def test_equal_sized_areas_the_one_given_last_wins(method: str):
    # Two identical outlines (say a district imported twice under different names).
    index = AreaIndex.build([5, 6, 1], [box(0, 0, 1, 1), box(0, 0, 1, 1), box(-5, -5, 5, 5)])
    assert find(index, method, [0.5, 3.0], [0.5, 3.0]).tolist() == [6, 1]


def test_lookup_chooses_the_path_by_batch_size(monkeypatch: pytest.MonkeyPatch):
    ids, polys = nested()
    index = AreaIndex.build(ids, polys)
    used: list[str] = []
    for name in ("_lookup_tree", "_lookup_sweep"):
        original = getattr(AreaIndex, name)

        def spy(self, x, y, _name=name, _original=original):
            used.append(_name)
            return _original(self, x, y)

        monkeypatch.setattr(AreaIndex, name, spy)
    index.lookup_one(2.5, 2.5)
    n = SWEEP_POINTS_PER_AREA * len(ids)
    index.lookup(np.full(n, 2.5), np.full(n, 2.5))
    assert used == ["_lookup_tree", "_lookup_sweep"]


# --- boundaries ------------------------------------------------------------------------------
#
# Behaviour (documented here, relied on by callers): a point exactly on an area's outline is
# NOT inside that area (the DE-9IM "within"/"contains" meaning, as shapely's ``contains``).
# So a point on the line shared by two neighbouring districts belongs to neither of them and
# falls through to the area around both (the municipality); a point on the municipality's own
# outline belongs to no area (-1). The answer does not depend on the order of the areas.


def boundary_setup() -> tuple[list[int], list[Polygon]]:
    # Municipality 1 holds districts 2 (west) and 3 (east) sharing the edge x = 5.
    return [1, 2, 3], [box(0, 0, 10, 10), box(1, 1, 5, 9), box(5, 1, 9, 9)]


BOUNDARY_POINTS = [
    # lon, lat, expected id
    (5.0, 5.0, 1),  # on the shared edge of districts 2 and 3 → the municipality
    (5.0, 1.0, 1),  # a corner shared by both districts → the municipality
    (1.0, 5.0, 1),  # on district 2's outer edge → the municipality
    (0.0, 5.0, -1),  # on the municipality's outline → no area
    (10.0, 10.0, -1),  # the municipality's corner → no area
    (4.999999, 5.0, 2),  # just inside district 2
    (5.000001, 5.0, 3),  # just inside district 3
]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("reverse", [False, True])
def test_points_on_boundaries_fall_to_the_enclosing_area(reverse: bool, method: str):
    ids, polys = boundary_setup()
    if reverse:
        ids, polys = ids[::-1], polys[::-1]
    index = AreaIndex.build(ids, polys)
    lon = np.array([p[0] for p in BOUNDARY_POINTS])
    lat = np.array([p[1] for p in BOUNDARY_POINTS])
    expected = [p[2] for p in BOUNDARY_POINTS]
    assert find(index, method, lon, lat).tolist() == expected
    # …which is exactly what shapely's contains says.
    assert oracle(ids, polys, lon, lat).tolist() == expected


@pytest.mark.parametrize("method", METHODS)
def test_boundary_points_of_random_grid_agree_with_oracle(method: str):
    # A 10 × 10 grid of cells inside one frame: every grid line is a shared boundary.
    ids = [0]
    polys = [box(0, 0, 10, 10)]
    for i in range(10):
        for j in range(10):
            ids.append(1 + i * 10 + j)
            polys.append(box(i, j, i + 1, j + 1))
    rng = np.random.default_rng(3)
    # Points on the grid lines (exact integers on one axis) and on grid nodes.
    lon = np.concatenate([rng.integers(0, 11, 500).astype(float), rng.uniform(0, 10, 500)])
    lat = np.concatenate([rng.uniform(0, 10, 500), rng.integers(0, 11, 500).astype(float)])
    index = AreaIndex.build(ids, polys)
    got = find(index, method, lon, lat)
    np.testing.assert_array_equal(got, oracle(ids, polys, lon, lat))
    on_frame = (lon == 0) | (lon == 10) | (lat == 0) | (lat == 10)
    assert (got[on_frame] == -1).all()
    assert (got[~on_frame] == 0).all()  # every other line point is the frame's


# --- against the oracle ----------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_twenty_thousand_random_points_match_the_plain_loop(method: str):
    rng = np.random.default_rng(20_000)
    polys = random_polygons(rng, 80)
    assert all(p.is_valid and not p.is_empty for p in polys)
    sizes = [p.area for p in polys]
    assert len(set(sizes)) == len(sizes)  # no ties: "the smallest" is unique
    ids = [1_000 + 7 * i for i in range(len(polys))]  # ids are not positions
    lon = rng.uniform(15.40, 15.80, 20_000)
    lat = rng.uniform(58.30, 58.52, 20_000)

    got = find(AreaIndex.build(ids, polys), method, lon, lat)
    want = oracle(ids, polys, lon, lat)

    np.testing.assert_array_equal(got, want)
    # The sample exercises the interesting cases: outside, inside one, inside several.
    assert (want == -1).any()
    depth = sum(shapely.contains(p, shapely.points(lon, lat)).astype(int) for p in polys)
    assert (depth == 1).sum() > 100
    assert (depth >= 2).sum() > 100


@pytest.mark.parametrize("method", METHODS)
def test_index_answers_do_not_depend_on_order_of_areas(method: str):
    rng = np.random.default_rng(5)
    polys = random_polygons(rng, 40)
    ids = list(range(100, 140))
    lon = rng.uniform(15.40, 15.80, 5_000)
    lat = rng.uniform(58.30, 58.52, 5_000)
    perm = rng.permutation(len(polys))
    a = find(AreaIndex.build(ids, polys), method, lon, lat)
    b = find(AreaIndex.build([ids[i] for i in perm], [polys[i] for i in perm]), method, lon, lat)
    np.testing.assert_array_equal(a, b)


# --- empty -----------------------------------------------------------------------------------


def test_empty_index_finds_nothing():
    index = AreaIndex.build([], [])
    assert len(index.ids) == 0
    assert index.lookup([15.6, 15.7], [58.4, 58.41]).tolist() == [-1, -1]
    assert index.lookup(np.array([]), np.array([])).shape == (0,)
    assert index.lookup_one(15.6, 58.4) is None
