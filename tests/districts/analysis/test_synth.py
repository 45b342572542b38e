"""The synthetic control: its fit against pysyncon, planted effects, placebo size, too few."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from numpy.typing import NDArray

from samverkan.districts.analysis.synth import simplex_weights, synthetic_control

TOO_FEW = "för få jämförelseområden för att säga något"


def factor_panel(
    rng: np.random.Generator, n_units: int, n_years: int = 15, noise: float = 1.0
) -> NDArray[np.float64]:
    """y_it = a_i + δ_t + λ_t · μ_i + ε_it with two factors: (n_years, n_units)."""
    lam = rng.normal(size=(n_years, 2)) * 3
    mu = rng.uniform(0.5, 2.0, size=(2, n_units))
    a = rng.normal(50, 5, size=n_units)
    delta = np.linspace(0, 5, n_years)
    return a + delta[:, None] + lam @ mu + rng.normal(size=(n_years, n_units)) * noise


# ---------------------------------------------------------------------------------------------
# The fit


def _pysyncon_path(y: NDArray[np.float64], n_pre: int) -> NDArray[np.float64]:
    """pysyncon's synthetic path with every pre year a predictor weighted so that its loss is
    the plain pre-period MSPE: it scales each predictor row by its sd, so V = variance undoes
    that; the mean predictor Dataprep insists on gets weight 0."""
    from pysyncon import Dataprep, Synth

    n_years, n_units = y.shape
    years = list(range(2011, 2011 + n_years))
    df = pd.DataFrame(
        [(f"u{j}", years[t], y[t, j]) for j in range(n_units) for t in range(n_years)],
        columns=["unit", "year", "y"],
    )
    pre = years[:n_pre]
    dataprep = Dataprep(
        foo=df,
        predictors=["y"],
        predictors_op="mean",
        dependent="y",
        unit_variable="unit",
        time_variable="year",
        treatment_identifier="u0",
        controls_identifier=[f"u{j}" for j in range(1, n_units)],
        time_predictors_prior=pre,
        time_optimize_ssr=pre,
        special_predictors=[("y", [yr], "mean") for yr in pre],
    )
    x0, x1 = dataprep.make_covariate_mats()
    v = np.array((pd.concat([x0, x1], axis=1).std(axis=1) ** 2).to_numpy(), dtype=float)
    v[0] = 0.0
    synth = Synth()
    synth.fit(dataprep=dataprep, custom_V=v)
    z0, _ = dataprep.make_outcome_mats(time_period=years)
    return np.asarray((z0 * synth.W).sum(axis=1).to_numpy(), dtype=float)


@pytest.mark.parametrize(("seed", "n_donors"), [(3, 8), (4, 12), (5, 20)])
def test_synthetic_path_matches_pysyncon(seed: int, n_donors: int) -> None:
    y = factor_panel(np.random.default_rng(seed), n_donors + 1)
    ours = synthetic_control(y[:, 0], y[:, 1:], 10)
    theirs = _pysyncon_path(y, 10)
    theirs_mspe = float(np.mean((y[:10, 0] - theirs[:10]) ** 2))
    assert ours.pre_rmspe**2 <= theirs_mspe * (1 + 1e-6)  # never a worse fit
    assert ours.pre_rmspe**2 == pytest.approx(theirs_mspe, rel=1e-3)
    np.testing.assert_allclose(ours.synthetic, theirs, rtol=1e-3)
    assert ours.weights.min() >= 0
    assert ours.weights.sum() == pytest.approx(1, abs=1e-12)


def test_weights_satisfy_the_optimality_conditions() -> None:
    """KKT of min ||y − Xw||² on the simplex: the gradient g is equal (−μ) on the support and
    at least that off it; a sufficient condition for the global optimum (convex problem)."""
    rng = np.random.default_rng(11)
    for _ in range(50):
        n, j = int(rng.integers(3, 15)), int(rng.integers(2, 40))
        x = rng.normal(size=(n, j)) * rng.uniform(0.1, 100) + rng.uniform(-50, 50)
        y = x @ rng.dirichlet(np.full(j, 0.3)) + rng.normal(size=n) * 3 + rng.normal() * 10
        w = simplex_weights(y, x)
        assert w.min() >= 0
        assert w.sum() == pytest.approx(1, abs=1e-12)
        g = -2 * x.T @ (y - x @ w)
        tol = 1e-7 * float(np.abs(x).max() * (np.abs(x).max() + np.abs(y).max()) * n)
        support = w > 0
        assert np.ptp(g[support]) <= tol
        assert np.all(g[~support] >= g[support].mean() - tol)


def test_a_treated_equal_to_a_donor_gets_that_donor() -> None:
    y = factor_panel(np.random.default_rng(2), 6)
    res = synthetic_control(y[:, 3], y[:, 1:], 10)
    np.testing.assert_allclose(res.weights, np.eye(5)[2], atol=1e-9)
    assert res.pre_rmspe == pytest.approx(0, abs=1e-9)
    assert math.isfinite(res.ratio)  # the floor keeps a perfect fit finite


# ---------------------------------------------------------------------------------------------
# Effects and placebos


def test_recovers_a_planted_effect() -> None:
    rng = np.random.default_rng(21)
    donors = factor_panel(rng, 20)
    w = rng.dirichlet(np.ones(20))
    w[w < np.sort(w)[-4]] = 0  # a combination of four donors
    treated = donors @ (w / w.sum()) + rng.normal(size=15) * 0.5
    treated[10:] -= 8
    res = synthetic_control(treated, donors, 10)
    assert res.effect == pytest.approx(-8, abs=2)
    assert res.p_value <= 0.10
    assert (res.code, res.verdict) == ("decrease", "minskning")
    assert not res.poor_fit
    assert (res.n_donors, res.n_pre, res.n_post) == (20, 10, 5)
    np.testing.assert_allclose(res.gap, treated - res.synthetic)

    treated[10:] += 16  # the same as an increase
    up = synthetic_control(treated, donors, 10)
    assert (up.code, up.verdict) == ("increase", "ökning")


def test_placebo_panels_reject_at_most_at_the_nominal_rate() -> None:
    rng = np.random.default_rng(5)
    n_panels, alpha = 200, 0.10
    p_values, codes = [], []
    for _ in range(n_panels):
        y = factor_panel(rng, 20)  # treated (column 0) exchangeable with 19 donors, no effect
        res = synthetic_control(y[:, 0], y[:, 1:], 10, alpha=alpha)
        p_values.append(res.p_value)
        codes.append(res.code)
    rate = float(np.mean(np.array(p_values) <= alpha))
    print(f"share of placebo panels with p ≤ {alpha}: {rate:.3f}")
    assert rate <= alpha + 3 * math.sqrt(alpha * (1 - alpha) / n_panels)
    assert np.mean([c != "no_clear_change" for c in codes]) == pytest.approx(rate)
    assert set(np.round(np.array(p_values) * 20, 9)) <= set(range(1, 21))  # the 1/20 grid


# ---------------------------------------------------------------------------------------------
# Too few, poor fit, invalid input


@pytest.mark.parametrize(
    ("n_donors", "n_pre", "n_years"),
    [(3, 10, 15), (20, 2, 7), (20, 10, 10), (5, 10, 15), (0, 10, 15), (20, 0, 5)],
    ids=["3 donors", "2 pre years", "no post year", "p never ≤ 0.10", "no donors", "no pre"],
)
def test_too_few(n_donors: int, n_pre: int, n_years: int) -> None:
    y = factor_panel(np.random.default_rng(1), n_donors + 1, n_years)
    y[n_pre:, 0] -= 50  # a huge effect is still not enough
    res = synthetic_control(y[:, 0], y[:, 1:], n_pre)
    assert (res.code, res.verdict) == ("too_few", TOO_FEW)
    assert res.weights.shape == (n_donors,)
    assert res.synthetic.shape == res.gap.shape == (n_years,)


def test_enough_donors_with_a_coarser_alpha() -> None:
    y = factor_panel(np.random.default_rng(1), 6)
    y[10:, 0] -= 50
    res = synthetic_control(y[:, 0], y[:, 1:], 10, alpha=0.2)  # 1/6 ≤ 0.2
    assert res.code == "decrease"
    assert res.p_value == pytest.approx(1 / 6)


def test_poor_fit_is_flagged_outside_the_donors_range() -> None:
    rng = np.random.default_rng(8)
    donors = factor_panel(rng, 10)
    treated = donors.max(axis=1) + 10 + 10 * np.sin(np.arange(15))
    assert synthetic_control(treated, donors, 10).poor_fit
    inside = donors[:, :3].mean(axis=1)
    assert not synthetic_control(inside, donors, 10).poor_fit


def test_invalid_input_names_the_argument() -> None:
    y = factor_panel(np.random.default_rng(1), 6)
    bad = y.copy()
    bad[2, 3] = np.nan
    with pytest.raises(ValueError, match="donors"):
        synthetic_control(y[:, 0], bad[:, 1:], 10)
    with pytest.raises(ValueError, match="treated"):
        synthetic_control(bad[:, 3], y[:, 1:], 10)
    with pytest.raises(ValueError, match="donors"):
        synthetic_control(y[:, 0], y[:-1, 1:], 10)
    with pytest.raises(ValueError, match="treated"):
        synthetic_control(y[:, :2], y[:, 1:], 10)
    with pytest.raises(ValueError, match="n_pre"):
        synthetic_control(y[:, 0], y[:, 1:], 16)
    with pytest.raises(ValueError, match="n_pre"):
        synthetic_control(y[:, 0], y[:, 1:], -1)
    with pytest.raises(ValueError, match="n_pre"):
        synthetic_control(y[:, 0], y[:, 1:], 2.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="alpha"):
        synthetic_control(y[:, 0], y[:, 1:], 10, alpha=1.5)
