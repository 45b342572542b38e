"""Knox test with bands: exact pair counts (brute force, pointpats), Monte Carlo behaviour on
planted and random patterns, bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from samverkan.situation.analysis.knox import knox_test


def _brute_force(xy: np.ndarray, t: np.ndarray, sb: list[float], tb: list[float]) -> np.ndarray:
    i, j = np.triu_indices(len(t), 1)
    d = np.hypot(*(xy[i] - xy[j]).T)
    dt = np.abs(t[i] - t[j])
    table = np.zeros((len(sb) + 1, len(tb) + 1), dtype=np.int64)
    np.add.at(table, (np.searchsorted(sb, d, "left"), np.searchsorted(tb, dt, "left")), 1)
    return table


@pytest.mark.parametrize("whole_days", [True, False])
def test_observed_table_equals_brute_force(whole_days: bool) -> None:
    rng = np.random.default_rng(0)
    n = 700
    xy = np.round(rng.uniform(0, 2000, (n, 2)), 0 if whole_days else 6)
    xy[:20] = xy[20:40]  # some incidents at the same address
    t = rng.integers(0, 365, n).astype(float) if whole_days else rng.uniform(0, 365, n)
    sb, tb = [0, 100, 200, 400], [7, 14.5, 28]
    res = knox_test(xy, t, sb, tb, permutations=0)
    assert np.array_equal(res.observed, _brute_force(xy, t, sb, tb))
    assert res.observed.sum() == res.n_pairs == n * (n - 1) // 2
    assert res.observed[0].sum() >= 20  # the "same location" band
    assert np.isnan(res.p_value).all()


@pytest.mark.parametrize("whole_days", [True, False])
def test_agrees_with_pointpats_knox(whole_days: bool) -> None:
    pytest.importorskip("pointpats")
    from pointpats.spacetime import Knox

    rng = np.random.default_rng(7)
    n = 800
    xy = rng.uniform(0, 3000, (n, 2))
    t = rng.integers(0, 400, n).astype(float) if whole_days else rng.uniform(0, 400, n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = Knox(xy, t[:, None], delta=150, tau=10, permutations=0)
    ours = knox_test(xy, t, [150], [10], permutations=0)
    assert ours.close_pairs() == ref.nst == ref.statistic_
    assert np.array_equal(ours.observed, ref.observed)  # one band each: the 2 × 2 table
    assert np.array_equal(ours.table2x2(), ref.observed)
    assert ours.expected_exact == pytest.approx(ref.expected, rel=1e-12)
    # the cumulative 2 × 2 table of a multi-band result at the same thresholds
    banded = knox_test(xy, t, [50, 150, 300], [5, 10, 20], permutations=0)
    assert np.array_equal(banded.table2x2(space=1, time=1), ref.observed)


def test_monte_carlo_expectation_matches_the_exact_one() -> None:
    rng = np.random.default_rng(3)
    n = 500
    xy = rng.uniform(0, 1500, (n, 2))
    t = rng.integers(0, 200, n).astype(float)
    res = knox_test(xy, t, [100, 250], [7, 21], permutations=199, seed=4)
    assert res.expected == pytest.approx(res.expected_exact, rel=0.1, abs=2)
    assert res.expected.sum() == pytest.approx(res.n_pairs)
    again = knox_test(xy, t, [100, 250], [7, 21], permutations=199, seed=4)
    assert np.array_equal(res.p_value, again.p_value)  # seeded
    assert ((res.p_value > 0) & (res.p_value <= 1)).all()


def _incidents(rng: np.random.Generator, n: int, repeats: int) -> tuple[np.ndarray, np.ndarray]:
    """Random incidents in a 3 × 3 km district over a year, plus ``repeats`` near repeats:
    each within 60 m and 5 days of an earlier incident."""
    xy = rng.uniform(0, 3000, (n, 2))
    t = rng.integers(0, 365, n).astype(float)
    src = rng.integers(0, n, repeats)
    near_xy = xy[src] + rng.normal(0, 25, (repeats, 2))
    near_t = np.minimum(t[src] + rng.integers(0, 6, repeats), 364)
    return np.vstack([xy, near_xy]), np.concatenate([t, near_t])


def test_planted_near_repeats_are_found() -> None:
    xy, t = _incidents(np.random.default_rng(11), 1000, 80)
    res = knox_test(xy, t, [100, 200, 400], [7, 14, 28], permutations=99, seed=1)
    assert res.ratio[0, 0] > 1.5
    assert res.p_value[0, 0] < 0.05
    rows = res.rows()
    assert rows[0]["space"] == "0–100 m" and rows[0]["time"] == "0–7 d"
    assert rows[-1]["space"] == ">400 m" and rows[-1]["time"] == ">28 d"


def test_a_random_pattern_shows_no_near_repeats() -> None:
    xy, t = _incidents(np.random.default_rng(12), 1080, 0)
    res = knox_test(xy, t, [100, 200, 400], [7, 14, 28], permutations=99, seed=1)
    assert 0.7 < res.ratio[0, 0] < 1.3
    assert res.p_value[0, 0] >= 0.05


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"xy": np.zeros((5, 3))}, r"\(n, 2\)"),
        ({"t": np.zeros(4)}, "one time per event"),
        ({"t": np.array([0, 1, np.nan, 3, 4])}, "finite"),
        ({"spatial_bands": [200, 100]}, "strictly increasing"),
        ({"spatial_bands": []}, "non-empty"),
        ({"temporal_bands": [-1, 7]}, "not negative"),
        ({"permutations": -1}, "permutations"),
        ({"permutations": 9.5}, "permutations"),
        ({"xy": np.zeros((1, 2)), "t": np.zeros(1)}, "at least 2"),
    ],
)
def test_bad_input_is_refused(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {
        "xy": np.arange(10.0).reshape(5, 2),
        "t": np.arange(5.0),
        "spatial_bands": [100],
        "temporal_bands": [7],
        "permutations": 9,
    }
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        knox_test(**args)  # type: ignore[arg-type]
