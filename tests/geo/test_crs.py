"""WGS 84 ↔ SWEREF 99 TM (EPSG:3006) through pyproj, and the Sweden box."""

from __future__ import annotations

import numpy as np
import pytest

from samverkan.geo.crs import SWEDEN_BOUNDS, in_sweden, to_sweref99tm, to_wgs84

# Stockholm Central station; the reference SWEREF 99 TM values are Lantmäteriet's.
STOCKHOLM_C = (59.330231, 18.059196)  # lat, lon
STOCKHOLM_C_N, STOCKHOLM_C_E = 6_580_822, 674_032


def test_stockholm_central_in_sweref99tm_within_a_metre():
    n, e = to_sweref99tm(*STOCKHOLM_C)
    assert abs(float(n) - STOCKHOLM_C_N) < 1.0
    assert abs(float(e) - STOCKHOLM_C_E) < 1.0


def test_northing_is_returned_first_not_easting():
    # The Swedish X/Y trap: northing (~6.5 M) must come first, easting (~0.67 M) second.
    n, e = to_sweref99tm(*STOCKHOLM_C)
    assert 6_100_000 < float(n) < 7_700_000
    assert 200_000 < float(e) < 1_000_000


def test_round_trip_back_to_wgs84():
    n, e = to_sweref99tm(*STOCKHOLM_C)
    lat, lon = to_wgs84(n, e)
    assert abs(float(lat) - STOCKHOLM_C[0]) < 1e-7
    assert abs(float(lon) - STOCKHOLM_C[1]) < 1e-7


def test_arrays_convert_elementwise_and_round_trip():
    rng = np.random.default_rng(7)
    lat = rng.uniform(55.5, 69.0, 1_000)
    lon = rng.uniform(11.5, 23.5, 1_000)
    n, e = to_sweref99tm(lat, lon)
    assert n.shape == e.shape == (1_000,)
    # Element i of the array equals the scalar conversion of point i.
    for i in (0, 499, 999):
        ni, ei = to_sweref99tm(lat[i], lon[i])
        assert float(ni) == pytest.approx(n[i], abs=1e-6)
        assert float(ei) == pytest.approx(e[i], abs=1e-6)
    back_lat, back_lon = to_wgs84(n, e)
    np.testing.assert_allclose(back_lat, lat, rtol=0, atol=1e-7)
    np.testing.assert_allclose(back_lon, lon, rtol=0, atol=1e-7)


def test_lists_are_accepted():
    n, e = to_sweref99tm([STOCKHOLM_C[0], 58.4108], [STOCKHOLM_C[1], 15.6214])
    assert n.shape == (2,)
    assert abs(n[0] - STOCKHOLM_C_N) < 1.0
    assert abs(e[0] - STOCKHOLM_C_E) < 1.0


def test_central_meridian_has_easting_500_km():
    # SWEREF 99 TM is a transverse Mercator on 15° E with a false easting of 500 000 m.
    _n, e = to_sweref99tm(62.0, 15.0)
    assert float(e) == pytest.approx(500_000, abs=1e-3)


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(59.330231, 18.059196), (58.4108, 15.6214), (67.8558, 20.2253), (55.6050, 13.0038)],
)
def test_in_sweden_accepts_swedish_points(lat: float, lon: float):
    assert in_sweden(lat, lon)


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(59.330231, 18.059196), (58.4108, 15.6214), (55.6050, 13.0038)],
)
def test_in_sweden_rejects_swapped_lat_lon(lat: float, lon: float):
    assert not in_sweden(lon, lat)


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(0.0, 0.0), (52.52, 13.405), (60.17, 24.94), (48.86, 2.35), (-58.41, 15.62)],
)
def test_in_sweden_rejects_foreign_points(lat: float, lon: float):
    assert not in_sweden(lat, lon)


def test_in_sweden_box_edges_are_inclusive():
    min_lon, min_lat, max_lon, max_lat = SWEDEN_BOUNDS
    assert in_sweden(min_lat, min_lon)
    assert in_sweden(max_lat, max_lon)
    assert not in_sweden(max_lat + 1e-9, max_lon)
