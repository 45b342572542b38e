"""Signals (unusual increases per area × category): R reference values, the GLM against
statsmodels, EARS by hand, and a seeded simulation of false alarms and detection."""

from __future__ import annotations

import math

import numpy as np
import pytest

from samverkan.situation.analysis import signals as sg

# --------------------------------------------------------------------------------------------
# R surveillance reference values (tests/testthat/test-farringtonFlexible.R)


def test_farrington_threshold_reproduces_r_reference_value() -> None:
    # predFit 5, predSeFit 0.2, phi 1, alpha 0.05, y 8, no skewness transform: 5 + z_0.95 · √5.04
    b = sg.farrington_threshold(5, 0.2, 1, 0.05, 8, skewness_transform="none")
    assert float(b.upper) == pytest.approx(8.6926872, abs=1e-6)
    assert 5 + 1.6448536269514722 * math.sqrt(5 * (1 + 0.2**2 / 5)) == pytest.approx(
        float(b.upper), abs=1e-12
    )
    got = [float(b.lower), float(b.upper), float(b.prob), float(b.score)]
    assert got == pytest.approx([1.3073128, 8.6926872, 0.0907246, 0.8124165], abs=1e-6)


@pytest.mark.parametrize(
    ("transform", "expected"),
    [
        ("1/2", [1.9891097, 9.3744842, 0.1189986, 0.6857951]),
        ("2/3", [1.8084477, 9.1154825, 0.1094727, 0.7289546]),
    ],
)
def test_farrington_threshold_with_power_transforms_matches_r(
    transform: sg.SkewnessTransform, expected: list[float]
) -> None:
    b = sg.farrington_threshold(5, 0.2, 1, 0.05, 8, skewness_transform=transform)
    got = [float(b.lower), float(b.upper), float(b.prob), float(b.score)]
    assert got == pytest.approx(expected, abs=1e-6)


def test_farrington_threshold_rejects_an_unknown_transform() -> None:
    with pytest.raises(ValueError, match="skewness_transform"):
        sg.farrington_threshold(5, 0.2, 1, 0.05, 8, skewness_transform="2/88")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("phi", "method", "lower", "upper", "prob"),
    [
        (1.5, "muan", 8, 24, 0.8597797),
        (1.0, "muan", 9, 22, 0.9093099),
        (1.5, "nbPlugin", 1, 10, 0.03763657),
        (1.0, "nbPlugin", 2, 9, 0.01369527),
    ],
)
def test_noufaily_threshold_matches_r(
    phi: float, method: str, lower: float, upper: float, prob: float
) -> None:
    b = sg.noufaily_threshold(math.log(5), math.log(2), phi, 0.05, 11, method=method)  # type: ignore[arg-type]
    assert (float(b.lower), float(b.upper)) == (lower, upper)
    assert float(b.prob) == pytest.approx(prob, abs=1e-7)
    # R divides by the log-scale predictor; here the score is on the count scale
    assert float(b.score) == pytest.approx((11 - 5) / (upper - 5))


def test_farrington_weights_as_checked_by_hand_in_r() -> None:
    s = np.array([0.0] * 5 + [2.0] * 5)
    assert sg.farrington_weights(s, 0) == pytest.approx([1.6] * 5 + [0.4] * 5)
    assert sg.farrington_weights(np.zeros(10), 0) == pytest.approx(np.ones(10))


def test_year_lags_and_reference_weeks() -> None:
    assert sg.year_lags(5) == [52, 104, 157, 209, 261]
    assert sg.reference_weeks(100, 2) is None  # needs 104 + 3 weeks before it
    # R's weekly windows only (noPeriods = 1, pastWeeksNotIncluded = w): b · (2w + 1) weeks
    idx, lev = sg.reference_weeks(300, 3, w=3, no_periods=1, past_weeks_not_included=3)  # type: ignore[misc]
    assert idx.size == 3 * 7 and set(lev) == {0}
    assert set(idx) == {300 - lag + d for lag in (52, 104, 157) for d in range(-3, 4)}
    # Noufaily: the weeks between windows as 9 more levels, the last 26 weeks left out
    idx, lev = sg.reference_weeks(300, 3)  # type: ignore[misc]
    assert set(lev) == set(range(10))
    assert idx.min() == 300 - 157 - 3 and idx.max() == 300 - 27
    assert np.all(np.diff(idx) == 1)


# --------------------------------------------------------------------------------------------
# The GLM against statsmodels


def _statsmodels_glm(y: np.ndarray, X: np.ndarray, w: np.ndarray):  # type: ignore[no-untyped-def]
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM

    return GLM(y, X, family=families.Poisson(), var_weights=w).fit(scale="X2")


def test_quasi_poisson_fit_equals_statsmodels() -> None:
    rng = np.random.default_rng(3)
    n = 40
    x = np.arange(n)
    X = np.column_stack([np.ones(n), x / 10, np.sin(x / 5)])
    y = rng.poisson(np.exp(1 + 0.1 * x / 10 + 0.5 * np.sin(x / 5))) * rng.integers(1, 3, n)
    w = rng.uniform(0.5, 2, n)
    ours = sg.fit_quasi_poisson(X, y, w)
    ref = _statsmodels_glm(y, X, w)
    assert ours.converged
    assert ours.coef == pytest.approx(ref.params, abs=1e-6)
    assert ours.dispersion == pytest.approx(ref.scale, rel=1e-6)
    assert ours.bse == pytest.approx(ref.bse, rel=1e-6)
    assert ours.hat == pytest.approx(ref.get_influence().hat_matrix_diag, abs=1e-6)


@pytest.mark.parametrize("trend", [False, True])
def test_farrington_model_fit_equals_statsmodels(trend: bool) -> None:
    """The closed-form fit used for every week equals the GLM on the dummy (+ trend) design."""
    rng = np.random.default_rng(5)
    idx, lev = sg.reference_weeks(299, 5)  # type: ignore[misc]
    t = (idx - idx[0]) / sg.WEEKS_PER_YEAR
    y = rng.poisson(3 * np.exp(0.1 * t)).astype(float)
    y[5:12] = 0  # a level with few counts
    w = rng.uniform(0.5, 2, idx.size)
    D = np.eye(10)[lev]
    X = np.column_stack([D, t]) if trend else D
    fit = sg.fit_levels(lev, t, y[None, :], w[None, :], trend)
    ref = _statsmodels_glm(y, X, w)
    coef = np.append(fit.a[0], fit.beta[0]) if trend else fit.a[0]
    assert coef == pytest.approx(ref.params, abs=1e-6)
    assert fit.dispersion[0] == pytest.approx(ref.scale, rel=1e-6)
    assert fit.hat[0] == pytest.approx(ref.get_influence().hat_matrix_diag, abs=1e-6)
    x0 = np.eye(X.shape[1])[9] + (np.eye(X.shape[1])[-1] * (t[-1] + 0.5) if trend else 0)
    var_ref = x0 @ ref.cov_params() @ x0 / ref.scale
    assert fit.var(9, 1.0, t[-1] + 0.5 if trend else 0.0)[0] == pytest.approx(var_ref, rel=1e-6)


# --------------------------------------------------------------------------------------------
# EARS by hand


def test_ears_c1_c2_c3_by_hand() -> None:
    y = np.array([2, 4, 3, 5, 4, 3, 6, 2, 4, 9, 12, 3], dtype=float)
    exact = {"min_sigma": 0.0, "poisson_floor": False}
    c1 = sg.ears(y, "C1", **exact)
    ref = y[2:9]
    assert c1.expected[9] == pytest.approx(ref.mean())
    assert c1.threshold[9] == pytest.approx(ref.mean() + 3 * ref.std(ddof=1))
    assert not c1.evaluated[:7].any() and c1.evaluated[7:].all()
    c2 = sg.ears(y, "C2", **exact)
    ref = y[0:7]  # weeks t-9 .. t-3 for t = 9
    assert c2.expected[9] == pytest.approx(ref.mean())
    assert c2.threshold[9] == pytest.approx(ref.mean() + 3 * ref.std(ddof=1))
    assert not c2.evaluated[:9].any() and c2.evaluated[9:].all()
    c3 = sg.ears(y, "C3", **exact)

    def c2_stat(t: int) -> float:
        base = y[t - 9 : t - 2]
        return float((y[t] - base.mean()) / base.std(ddof=1))

    stat = sum(max(0.0, c2_stat(t) - 1) for t in (9, 10, 11))
    assert c3.score[11] == pytest.approx(stat / 2)
    assert c3.alarm[11] == (stat > 2)
    assert not c3.evaluated[:11].any()


def test_ears_floors_the_standard_deviation_for_small_counts() -> None:
    y = np.array([0] * 9 + [1], dtype=float)
    assert sg.ears(y, "C2", min_sigma=0, poisson_floor=False).alarm[9]  # sd 0: any count alarms
    floored = sg.ears(y, "C2")  # sd at least 1: threshold 3
    assert floored.threshold[9] == 3 and not floored.alarm[9]
    y = np.array([9] * 9 + [16], dtype=float)
    assert sg.ears(y, "C2").threshold[9] == 9 + 3 * 3  # sd at least √9


# --------------------------------------------------------------------------------------------
# Shape of the result


def test_result_is_consistent_and_follows_the_input_shape() -> None:
    rng = np.random.default_rng(0)
    y = rng.poisson(4, 160)
    y[-1] = 14
    res = sg.detect(y)
    assert res.count.shape == (160,)
    judged = res.evaluated
    assert not judged[:9].any() and judged[9:].all()
    assert set(res.method[9:55]) == {"EARS C2"}  # fewer than 52 + 3 weeks before
    assert set(res.method[55:]) == {"Farrington-flexible"}
    assert np.array_equal(res.alarm[judged], res.count[judged] > res.threshold[judged])
    finite = judged & np.isfinite(res.score)
    assert np.array_equal(res.alarm[finite], res.score[finite] > 1)
    assert res.alarm[-1]
    last = res.records(weeks=[f"w{i}" for i in range(160)])[-1]
    assert last["week"] == "w159" and last["count"] == 14 and last["alarm"] is True
    assert last["expected"] == pytest.approx(4, abs=1.5)
    stack = sg.detect(np.stack([y, y]), last=3)
    assert stack.count.shape == (2, 160) and stack.evaluated.sum() == 6
    assert stack[1].threshold[-1] == res.threshold[-1]


def test_a_past_outbreak_is_downweighted() -> None:
    rng = np.random.default_rng(1)
    y = rng.poisson(5, 300).astype(float)
    y[299 - 52 - 1 : 299 - 52 + 2] += 40  # an outbreak around the same week last year
    plain = sg.farrington_flexible(y, last=1, reweight=False)
    reweighted = sg.farrington_flexible(y, last=1)
    assert reweighted.expected[-1] < plain.expected[-1]
    assert reweighted.expected[-1] == pytest.approx(5, abs=1)


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ([1, 2, -1, 3], "negative: week 2 is -1"),
        ([1, 2, float("nan"), 3], "finite"),
        ([1, 2.5, 3], "whole numbers: week 1 is 2.5"),
        ([], "empty"),
        ([[[1, 2]]], "shape"),
        (["a", "b"], "numbers"),
    ],
)
def test_bad_counts_are_refused(counts: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sg.detect(counts)  # type: ignore[arg-type]


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="alpha"):
        sg.detect([1, 2, 3], alpha=0.7)
    with pytest.raises(ValueError, match="method"):
        sg.detect([1, 2, 3], method="cusum")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="last"):
        sg.detect([1, 2, 3], last=0)
    with pytest.raises(ValueError, match="baseline"):
        sg.ears([1, 2, 3], baseline=2)


# --------------------------------------------------------------------------------------------
# Seeded simulation: false alarms on data without outbreaks, detection of a 2-week doubling

WEEKS = 300  # almost 6 years: Farrington-flexible with 5 years back
CELLS = 400
JUDGED = 4  # weeks judged per series (consecutive weeks share a baseline: few per series)
BASELINES = (1, 2, 5, 10, 20)


def _simulate(
    rng: np.random.Generator,
    kind: str,
    mean: float,
    cells: int,
    weeks: int,
    random_phase: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Counts without outbreaks and their expectation, (cells, weeks). Seasonal: ±50 % sine
    with a year's period, rising through its average in the last two weeks (the steepest
    rise) or at a random phase per cell; overdispersed: negative binomial with variance
    2 × mean (a gamma-Poisson mixture)."""
    t = np.arange(weeks)
    mu = np.full((cells, weeks), float(mean))
    if kind == "seasonal":
        shift = rng.uniform(0, sg.WEEKS_PER_YEAR, (cells, 1)) if random_phase else 0.0
        season = np.sin(2 * np.pi * (t - weeks + 1.5 + shift) / sg.WEEKS_PER_YEAR)
        mu = np.broadcast_to(mean * (1 + 0.5 * season), (cells, weeks))
    lam = mu
    if kind == "overdispersed":
        lam = rng.gamma(shape=lam, scale=1.0)
    return rng.poisson(lam).astype(float), mu


def _false_alarm_rate(
    kind: str, mean: float, weeks: int, seed: int, random_phase: bool = False
) -> tuple[float, set[str]]:
    rng = np.random.default_rng(seed)
    y, _ = _simulate(rng, kind, mean, CELLS, weeks, random_phase)
    res = sg.detect(y, last=JUDGED)
    judged = res.evaluated[:, -JUDGED:]
    assert judged.all()
    return float(res.alarm[:, -JUDGED:].mean()), set(res.method[:, -JUDGED:].ravel())


@pytest.mark.parametrize("kind", ["poisson", "seasonal", "overdispersed"])
def test_at_most_5_percent_false_alarms_with_years_of_history(kind: str) -> None:
    rates = {}
    for i, mean in enumerate(BASELINES):
        rate, methods = _false_alarm_rate(kind, mean, WEEKS, seed=100 + i)
        assert methods == {"Farrington-flexible"}
        rates[mean] = rate
    print(f"false alarms per cell-week, {kind}: {rates}")
    assert max(rates.values()) <= 0.05, rates


@pytest.mark.parametrize("kind", ["poisson", "seasonal", "overdispersed"])
def test_at_most_5_percent_false_alarms_in_the_first_year(kind: str) -> None:
    """EARS knows nothing of seasons (no method can in the first year): averaged over the
    year it stays within 5 %, but while a ±50 % season rises at its steepest its lagging
    baseline gives up to ~11 % at 20 a week."""
    rates = {}
    for i, mean in enumerate(BASELINES):
        rate, methods = _false_alarm_rate(kind, mean, 40, seed=200 + i, random_phase=True)
        assert methods == {"EARS C2"}
        rates[mean] = rate
    print(f"false alarms per cell-week, first year, {kind}: {rates}")
    assert max(rates.values()) <= 0.05, rates


def _detection_rate(kind: str, mean: float, seed: int) -> float:
    """Share of series where doubling the last two weeks (adding Poisson counts with the
    week's expectation) alarms in at least one of them."""
    rng = np.random.default_rng(seed)
    y, mu = _simulate(rng, kind, mean, CELLS, WEEKS)
    y[:, -2:] += rng.poisson(mu[:, -2:])
    res = sg.detect(y, last=2)
    return float(res.alarm[:, -2:].any(axis=1).mean())


@pytest.mark.parametrize("kind", ["poisson", "seasonal"])
def test_a_two_week_doubling_is_found(kind: str) -> None:
    rates = {mean: _detection_rate(kind, mean, seed=300 + mean) for mean in (5, 10, 20)}
    print(f"2-week doubling found, {kind}: {rates}")
    assert rates[10] >= 0.90 and rates[20] >= 0.90, rates
    # At 5 a week the goal of 90 % cannot be met with ≤ 5 % false alarms: knowing the mean
    # exactly, the best test finds it in about 86 % of cases (see the test below).
    assert rates[5] >= 0.65, rates


def test_no_test_finds_a_doubling_at_5_a_week_in_90_percent() -> None:
    """The bound behind the 5-a-week figure: with the mean known (μ = 5, Poisson), alarm
    when the last two weeks sum above their 95 % quantile (16 or more; 4.9 % of weeks), or
    when the week alone is 12 or more; no cut-offs do better at ≤ 5 % false alarms."""
    from scipy import special

    mu = 5.0
    k = np.arange(60)
    p0 = np.exp(k * math.log(mu) - mu - special.gammaln(k + 1))
    p1 = np.exp(k * math.log(2 * mu) - 2 * mu - special.gammaln(k + 1))

    def alarm(prev: np.ndarray, now: np.ndarray) -> np.ndarray:
        return (now >= 12) | (prev + now >= 16)

    a, b, c = np.meshgrid(k, k, k, indexing="ij")
    false = float((p0[:, None] * p0[None, :] * alarm(k[:, None], k[None, :])).sum())
    found = float(
        (
            p0[:, None, None] * p1[None, :, None] * p1[None, None, :] * (alarm(a, b) | alarm(b, c))
        ).sum()
    )
    assert false <= 0.05
    assert 0.85 < found < 0.87
