"""Hotspots: Gi* against esda (PySAL), FDR against statsmodels, the H3 grid and kernel density."""

from __future__ import annotations

import h3
import numpy as np
import pytest
from esda.getisord import G_Local
from hypothesis import given, settings
from hypothesis import strategies as st
from libpysal.weights import KNN, WSP, DistanceBand, W
from scipy import sparse
from statsmodels.stats.multitest import multipletests

from samverkan.situation.analysis import gi_star
from samverkan.situation.analysis.hotspots import (
    DEFAULT_RESOLUTION,
    cell_centres,
    count_cells,
    distance_band_weights,
    fdr,
    grid_with_neighbours,
    hex_cells,
    hotspots,
    kernel_density,
    kring_weights,
)

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")

# esda's own doctest case (esda/getisord.py, G_Local)
POINTS = [(10, 10), (20, 10), (40, 10), (15, 20), (30, 20), (30, 30)]
Y = np.array([2, 3, 3.2, 5, 8, 7])
LAT0, LON0 = 58.41, 15.62  # Linköping


def esda_gi(y: np.ndarray, w: sparse.sparray | W, star: bool) -> G_Local:
    # WSP keeps cells without neighbours; W.from_sparse would drop trailing ones
    lw = w if isinstance(w, W) else WSP(sparse.csr_matrix(w)).to_W(silence_warnings=True)
    return G_Local(y, lw, transform="B", star=star, permutations=0)


def assert_equals_esda(y: np.ndarray, w: sparse.sparray, star: bool) -> None:
    ours = gi_star(y, w, star=star)
    theirs = esda_gi(y, w, star)
    np.testing.assert_allclose(ours.z, theirs.Zs, rtol=0, atol=1e-9)
    np.testing.assert_allclose(ours.p, 2 * theirs.p_norm, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.g, theirs.Gs, rtol=1e-12, atol=0)


def test_it_gives_the_published_gi_star_of_esdas_test_case():
    band = DistanceBand(POINTS, threshold=15, binary=True)
    result = gi_star(Y, band.sparse)
    assert result.z[0] == pytest.approx(-1.39727626, abs=1e-8)
    expected = [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331]
    np.testing.assert_allclose(result.z, expected, atol=1e-8)
    assert result.neighbours.tolist() == [3, 4, 2, 4, 5, 2]  # the cell itself counted
    assert_equals_esda(Y, band.sparse, star=True)


def test_it_gives_the_published_gi_without_star():
    band = DistanceBand(POINTS, threshold=15, binary=True)
    result = gi_star(Y, band.sparse, star=False)
    expected = [-1.0136729, -0.04361589, 1.31558703, -0.31412676, 1.15373986, 1.77833941]
    np.testing.assert_allclose(result.z, expected, atol=1e-8)
    assert_equals_esda(Y, band.sparse, star=False)


def test_its_distance_band_equals_libpysal():
    ours = distance_band_weights(*np.array(POINTS, dtype=float).T, threshold=15)
    theirs = DistanceBand(POINTS, threshold=15, binary=True).sparse
    assert (ours != theirs).nnz == 0
    assert ours.diagonal().sum() == 0


@pytest.mark.parametrize("star", [True, False])
def test_it_equals_esda_on_a_k_ring_grid(star):
    rng = np.random.default_rng(4)
    cells = grid_with_neighbours([h3.latlng_to_cell(LAT0, LON0, 9)], 9)  # 271 cells
    w = kring_weights(cells, 1)
    counts = rng.poisson(rng.gamma(0.5, 2.0, cells.size)).astype(float)
    assert 250 < cells.size < 300 and counts.std() > 0
    assert_equals_esda(counts, w, star)
    assert_equals_esda(counts, kring_weights(cells, 2), star)


@pytest.mark.parametrize("star", [True, False])
def test_it_equals_esda_with_a_distance_band(star):
    rng = np.random.default_rng(5)
    x, y = rng.uniform(0, 3000, 400), rng.uniform(0, 3000, 400)
    values = rng.exponential(3.0, 400)
    w = distance_band_weights(x, y, 250.0)
    assert (w != DistanceBand(np.column_stack([x, y]), 250.0, binary=True).sparse).nnz == 0
    assert_equals_esda(values, w, star)


@pytest.mark.parametrize("star", [True, False])
def test_it_equals_esda_with_asymmetric_nearest_neighbours(star):
    rng = np.random.default_rng(6)
    pts = rng.uniform(0, 1000, (300, 2))
    knn = KNN(pts, k=5)
    values = rng.poisson(2.0, 300).astype(float) + 0.5
    ours = gi_star(values, knn.sparse, star=star)
    np.testing.assert_allclose(ours.z, esda_gi(values, knn, star).Zs, rtol=0, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(8, 40),
    density=st.floats(0.05, 0.6),
    seed=st.integers(0, 2**32 - 1),
    star=st.booleans(),
)
def test_it_equals_esda_on_random_graphs(n, density, seed, star):
    rng = np.random.default_rng(seed)
    upper = np.triu(rng.random((n, n)) < density, 1)
    adj = sparse.csr_array((upper | upper.T).astype(float))
    values = rng.poisson(3.0, n).astype(float)
    values[0] += 1.0  # never constant
    theirs = esda_gi(values, adj, star).Zs
    ours = gi_star(values, adj, star=star).z
    finite = np.isfinite(theirs)  # esda gives nan for a cell without neighbours (Gi)
    np.testing.assert_allclose(ours[finite], theirs[finite], rtol=0, atol=1e-9)
    assert np.all(ours[~finite] == 0)


def test_it_ignores_the_diagonal_of_the_weights():
    band = DistanceBand(POINTS, threshold=15, binary=True).sparse
    with_self = sparse.csr_array(band + sparse.eye_array(6))
    for star in (True, False):
        np.testing.assert_array_equal(gi_star(Y, with_self, star).z, gi_star(Y, band, star).z)


def test_constant_values_score_zero_not_nan():
    w = kring_weights(grid_with_neighbours([h3.latlng_to_cell(LAT0, LON0, 9)], 2), 1)
    result = gi_star(np.full(19, 0.1), w)
    assert np.all(result.z == 0) and np.all(result.p == 1)
    empty = gi_star(np.array([]), sparse.csr_array((0, 0)))
    assert empty.z.size == 0


def test_it_rejects_bad_input_with_a_clear_message():
    band = DistanceBand(POINTS, threshold=15, binary=True).sparse
    with pytest.raises(ValueError, match="square 5×5"):
        gi_star(Y[:5], band)
    with pytest.raises(ValueError, match="square 6×6"):
        gi_star(Y, sparse.csr_array(np.ones((6, 5))))
    with pytest.raises(ValueError, match="binary"):
        gi_star(Y, band * 0.5)
    with pytest.raises(ValueError, match="finite"):
        gi_star(np.array([1, 2, np.nan, 4, 5, 6]), band)
    with pytest.raises(ValueError, match="differ in length"):
        hex_cells([58.4, 58.5], [15.6])
    with pytest.raises(ValueError, match="differ in length"):
        distance_band_weights([0, 1], [0], 10)
    with pytest.raises(ValueError, match="differ in length"):
        kernel_density([0, 1], [0], np.arange(3.0), np.arange(3.0), 1.0)
    with pytest.raises(ValueError, match="evenly spaced"):
        kernel_density([0], [0], np.array([0.0, 1.0, 3.0]), np.arange(3.0), 1.0)
    with pytest.raises(ValueError, match="resolution"):
        hex_cells([58.4], [15.6], 16)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        fdr([0.1, 1.5])


def test_fdr_equals_statsmodels():
    rng = np.random.default_rng(8)
    p = np.concatenate([rng.uniform(0, 1, 400), rng.uniform(0, 0.002, 40), [0.01] * 5])
    rng.shuffle(p)
    for alpha in (0.01, 0.05, 0.1, 0.2):
        ours = fdr(p, alpha)
        expected = multipletests(p, alpha=alpha, method="fdr_bh")[0]
        np.testing.assert_array_equal(ours, expected)
        assert 0 < ours.sum() < p.size
    assert not fdr(rng.uniform(0.5, 1, 100)).any()
    assert fdr([]).size == 0


def test_it_puts_points_in_their_h3_cells():
    lat, lon = np.array([58.41, 58.4101, 58.43]), np.array([15.62, 15.6201, 15.58])
    cells = hex_cells(lat, lon)
    assert cells.tolist() == [h3.latlng_to_cell(a, b, 9) for a, b in zip(lat, lon, strict=True)]
    assert {h3.get_resolution(c) for c in cells} == {DEFAULT_RESOLUTION}
    uniq, counts = count_cells(cells)
    assert sorted(zip(uniq.tolist(), counts.tolist(), strict=True)) == sorted(
        {c: cells.tolist().count(c) for c in cells}.items()
    )
    clat, clon = cell_centres(uniq)
    assert hex_cells(clat, clon).tolist() == uniq.tolist()  # a centre lies in its own cell
    back = {c: (a, b) for c, a, b in zip(uniq.tolist(), clat, clon, strict=True)}
    for c, a, b in zip(cells.tolist(), lat, lon, strict=True):  # within one cell (~200 m)
        assert abs(back[c][0] - a) < 0.002 and abs(back[c][1] - b) < 0.004


def test_the_study_grid_and_k_ring_weights():
    centre = h3.latlng_to_cell(LAT0, LON0, 9)
    assert grid_with_neighbours([centre], 1).size == 7
    assert grid_with_neighbours([centre, centre], 2).size == 19
    grid = grid_with_neighbours([centre], 2)
    w = kring_weights(grid, 1)
    assert (w != w.T).nnz == 0 and w.diagonal().sum() == 0
    degree = dict(zip(grid.tolist(), w.sum(axis=1).tolist(), strict=True))
    assert degree[centre] == 6  # the centre has all its six neighbours in the grid
    assert sorted(set(degree.values())) == [3, 4, 6]  # corners and edges of the outer ring
    with pytest.raises(ValueError, match="distinct"):
        kring_weights([centre, centre])


def _uniform_points(rng: np.random.Generator, n: int, half_km: float):
    dlat = half_km / 111.2
    dlon = half_km / (111.2 * np.cos(np.radians(LAT0)))
    return LAT0 + rng.uniform(-dlat, dlat, n), LON0 + rng.uniform(-dlon, dlon, n)


def test_a_planted_hotspot_is_found_and_noise_is_not():
    rng = np.random.default_rng(0)
    lat, lon = _uniform_points(rng, 800, 2.0)  # ~3 incidents per cell over 4 × 4 km
    noise = hotspots(lat, lon)
    assert noise.count.sum() == 800
    assert noise.significant.sum() <= 0.02 * noise.cell.size

    spot = (58.415, 15.60)
    plat = spot[0] + rng.normal(0, 0.0005, 40)  # 40 incidents within ~100 m
    plon = spot[1] + rng.normal(0, 0.0009, 40)
    found = hotspots(np.r_[lat, plat], np.r_[lon, plon])
    hot = found.significant & (found.z > 0)
    i = int(np.searchsorted(found.cell, hex_cells([spot[0]], [spot[1]])[0]))
    assert found.significant[i] and found.z[i] > 4
    metres = np.hypot(
        (found.lat - spot[0]) * 111_200,
        (found.lon - spot[1]) * 111_200 * np.cos(np.radians(spot[0])),
    )
    assert metres[found.z.argmax()] < 400  # the highest z is the spot or a neighbour
    assert hot.sum() >= 3 and metres[hot].max() < 500  # the spot and its ring, nothing else
    record = found.records()[i]
    assert set(record) == {"cell", "lat", "lon", "z", "significant"}
    assert record["significant"] is True and record["cell"] == found.cell[i]


def test_hotspots_on_a_wider_study_area_and_no_points():
    rng = np.random.default_rng(3)
    lat, lon = _uniform_points(rng, 30, 0.5)
    area = grid_with_neighbours([h3.latlng_to_cell(LAT0, LON0, 9)], 10)
    result = hotspots(lat, lon, study_cells=area)
    assert set(area.tolist()) <= set(result.cell.tolist())
    assert result.count.sum() == 30 and result.z.size == result.cell.size
    assert hotspots([], []).cell.size == 0
    with pytest.raises(ValueError, match="resolution 9"):
        hotspots(lat, lon, study_cells=[h3.latlng_to_cell(LAT0, LON0, 8)])


@pytest.mark.parametrize("kernel", ["quartic", "gaussian"])
def test_kernel_density_integrates_to_the_number_of_points(kernel):
    rng = np.random.default_rng(9)
    x, y = rng.uniform(2000, 8000, 300), rng.uniform(1000, 4000, 300)
    gx, gy = np.arange(0, 10_001, 25.0), np.arange(-1000, 6001, 25.0)
    density = kernel_density(x, y, gx, gy, bandwidth=300.0, kernel=kernel)
    assert density.shape == (gy.size, gx.size)
    total = density.sum() * 25.0 * 25.0 / 1e6  # per km² × km² per node
    assert total == pytest.approx(300, rel=1e-3)


def test_kernel_density_peaks_at_a_point_with_the_kernels_height():
    grid = np.arange(0, 2001, 10.0)
    density = kernel_density([1000.0], [500.0], grid, grid, bandwidth=200.0)
    j, i = np.unravel_index(density.argmax(), density.shape)
    assert (grid[i], grid[j]) == (1000.0, 500.0)
    assert density[j, i] == pytest.approx(3 / (np.pi * 200.0**2) * 1e6)  # per km²
    assert density[j, i + 20] == 0  # quartic: nothing beyond the bandwidth
    weighted = kernel_density([1000.0], [500.0], grid, grid, 200.0, weights=[2.5])
    np.testing.assert_allclose(weighted, 2.5 * density)
