"""Difference-in-differences evaluation of actions, against statsmodels and by simulation."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats

from samverkan.actions.analysis.evaluation import (
    VERDICTS,
    Effect,
    did,
    overdispersion,
    pool,
    yearly,
)


def _glm_interaction(
    tb: int, ta: int, cb: int, ca: int, level: float
) -> tuple[float, float, float]:
    """exp(interaction) and its Wald CI from statsmodels' Poisson GLM count ~ treated*after."""
    treated = np.array([1, 1, 0, 0])
    after = np.array([0, 1, 0, 1])
    x = sm.add_constant(np.column_stack([treated, after, treated * after]).astype(float))
    with warnings.catch_warnings():  # the saturated model has no residual df
        warnings.simplefilter("ignore")
        fit = sm.GLM(np.array([tb, ta, cb, ca], float), x, family=sm.families.Poisson()).fit()
    lo, hi = fit.conf_int(alpha=1 - level)[3]
    return math.exp(fit.params[3]), math.exp(lo), math.exp(hi)


@pytest.mark.parametrize(
    ("tb", "ta", "cb", "ca", "level"),
    [
        (40, 22, 130, 125, 0.95),
        (17, 31, 60, 58, 0.9),
        (100, 65, 300, 330, 0.99),
        (12, 9, 15, 20, 0.8),
    ],
)
def test_matches_statsmodels_poisson_glm(tb: int, ta: int, cb: int, ca: int, level: float) -> None:
    ratio, lo, hi = _glm_interaction(tb, ta, cb, ca, level)
    e = did(tb, ta, cb, ca, level=level)
    assert e.ratio == pytest.approx(ratio, rel=1e-6)
    assert 1 + e.ci_low_pct / 100 == pytest.approx(lo, rel=1e-6)
    assert 1 + e.ci_high_pct / 100 == pytest.approx(hi, rel=1e-6)
    assert e.change_pct == pytest.approx(100 * (ratio - 1), rel=1e-6)
    assert e.phi == 1.0
    z = math.log(ratio) / e.se
    assert e.p_value == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-6)


def test_multiple_areas_pool_by_summing_like_a_glm_with_area_effects() -> None:
    # Poisson GLM with one intercept per area (treated + 3 comparisons) and treated:after.
    tb, ta = 45, 25
    cb, ca = np.array([30, 50, 20]), np.array([33, 47, 26])
    e = did(tb, ta, cb, ca, estimate_overdispersion=False)
    y = np.concatenate([[tb, ta], np.column_stack([cb, ca]).ravel()]).astype(float)
    n_areas = 4
    area = np.repeat(np.arange(n_areas), 2)
    after = np.tile([0.0, 1.0], n_areas)
    x = np.column_stack([area == i for i in range(n_areas)] + [after, (area == 0) * after])
    fit = sm.GLM(y, x.astype(float), family=sm.families.Poisson()).fit()
    assert e.log_ratio == pytest.approx(fit.params[-1], rel=1e-6)
    assert e.se == pytest.approx(fit.bse[-1], rel=1e-6)
    assert (e.control_before, e.control_after, e.n_control_areas) == (100, 106, 3)


def test_overdispersion_is_the_pearson_statistic_of_the_comparison_areas() -> None:
    cb, ca = np.array([30, 80, 20, 45]), np.array([60, 40, 26, 47])
    k = cb.size
    y = np.column_stack([cb, ca]).ravel().astype(float)
    area = np.repeat(np.arange(k), 2)
    after = np.tile([0.0, 1.0], k)
    x = np.column_stack([area == i for i in range(k)] + [after]).astype(float)
    fit = sm.GLM(y, x, family=sm.families.Poisson()).fit()
    phi = fit.pearson_chi2 / fit.df_resid
    assert phi > 1
    assert overdispersion(cb, ca) == pytest.approx(phi, rel=1e-6)
    e = did(60, 30, cb, ca)
    assert e.phi == pytest.approx(phi, rel=1e-6)
    assert e.se == pytest.approx(math.sqrt(phi * (1 / 60 + 1 / 30 + 1 / cb.sum() + 1 / ca.sum())))
    z = stats.norm.ppf(0.975)
    assert 1 + e.ci_high_pct / 100 == pytest.approx(math.exp(e.log_ratio + z * e.se), rel=1e-9)
    assert e.ci_high_pct > did(60, 30, cb, ca, estimate_overdispersion=False).ci_high_pct
    # Equal proportions in every area: no extra variation, φ floored at 1.
    assert overdispersion([10, 20, 30], [10, 20, 30]) == 1.0


def test_verdicts_on_clear_cases() -> None:
    assert did(100, 40, 400, 410).code == "decrease"
    assert did(100, 40, 400, 410).verdict == "minskning"
    assert did(40, 100, 400, 410).code == "increase"
    assert did(40, 100, 400, 410).verdict == "ökning"
    same = did(50, 48, 200, 195)
    assert same.code == "no_clear_change"
    assert same.verdict == "ingen säker skillnad"


@pytest.mark.parametrize(
    ("tb", "ta", "cb", "ca"),
    [
        (0, 0, 0, 0),
        (12, 0, 50, 40),  # a zero after: corrected, never judged
        (0, 15, 50, 40),
        (20, 15, 0, 30),
        (4, 3, 200, 190),  # 7 < min_events treated incidents
        (30, 20, 5, 3),  # 8 < min_events comparison incidents
        (6, 6, 6, 6),  # enough, but an interval spanning more than × 10
    ],
)
def test_zero_and_small_counts_give_too_few(tb: int, ta: int, cb: int, ca: int) -> None:
    e = did(tb, ta, cb, ca)
    assert e.code == "too_few"
    assert e.verdict == "för få händelser för att säga något"
    assert math.isfinite(e.change_pct)
    assert math.isfinite(e.ci_low_pct)
    assert math.isfinite(e.ci_high_pct)
    assert e.corrected == (0 in (tb, ta, cb, ca))


def test_zero_uses_half_continuity_correction() -> None:
    e = did(12, 0, 50, 40)
    assert e.log_ratio == pytest.approx(math.log(0.5 / 12.5) - math.log(40.5 / 50.5))
    assert e.se == pytest.approx(math.sqrt(1 / 12.5 + 1 / 0.5 + 1 / 50.5 + 1 / 40.5))


def test_min_events_is_a_parameter() -> None:
    assert did(4, 1, 200, 190, min_events=0, max_ci_ratio=1e6).code != "too_few"


def _simulate(
    rng: np.random.Generator,
    n: int,
    effect: float,
    *,
    treated_mean: float = 60.0,
    control_means: tuple[float, ...] = (40.0, 30.0, 50.0, 25.0),
    trend: float = 1.2,
    gamma_shape: float | None = None,
) -> list[Effect]:
    """n seeded evaluations; optionally gamma-distributed extra variation per area and window."""
    out = []
    means = np.array([treated_mean, *control_means])
    for _ in range(n):
        mu = np.column_stack([means, means * trend])
        mu[0, 1] *= effect
        if gamma_shape is not None:
            mu = mu * rng.gamma(gamma_shape, 1 / gamma_shape, size=mu.shape)
        y = rng.poisson(mu)
        out.append(did(y[0, 0], y[0, 1], y[1:, 0], y[1:, 1]))
    return out


def _covers(e: Effect, change_pct: float) -> bool:
    return e.ci_low_pct <= change_pct <= e.ci_high_pct


def test_true_decrease_is_covered_and_mostly_detected() -> None:
    rng = np.random.default_rng(20261127)
    effects = _simulate(rng, 300, 0.6)
    coverage = np.mean([_covers(e, -40.0) for e in effects])
    assert coverage >= 0.90
    assert np.mean([e.code == "too_few" for e in effects]) <= 0.01
    assert np.mean([e.code == "decrease" for e in effects]) >= 0.35
    assert not any(e.code == "increase" for e in effects)


def test_null_effect_mostly_no_clear_change() -> None:
    rng = np.random.default_rng(7)
    effects = _simulate(rng, 300, 1.0)
    share = np.mean([e.code == "no_clear_change" for e in effects])
    assert share >= 0.90
    assert np.mean([_covers(e, 0.0) for e in effects]) >= 0.90


def test_overdispersion_keeps_coverage_where_poisson_alone_does_not() -> None:
    rng = np.random.default_rng(11)
    kwargs = {"treated_mean": 80.0, "control_means": (80.0,) * 8, "gamma_shape": 8.0}
    effects = _simulate(rng, 300, 0.6, **kwargs)  # type: ignore[arg-type]
    assert np.median([e.phi for e in effects]) > 3
    assert np.mean([_covers(e, -40.0) for e in effects]) >= 0.90
    naive = [
        did(
            e.treated_before,
            e.treated_after,
            e.control_before,
            e.control_after,
            estimate_overdispersion=False,
        )
        for e in effects
    ]
    assert np.mean([_covers(e, -40.0) for e in naive]) < 0.85


def test_yearly_pooled_estimate_equals_hand_computation() -> None:
    a = did(50, 30, 200, 210)
    b = did(40, 28, 150, 140)
    c = did(25, 24, 100, 110)
    zero = did(12, 0, 50, 40)
    summaries = yearly({"belysning": [a, b, c], "trygghetsvandring": [zero], "klotter": [a]})
    assert [s.action_type for s in summaries] == ["belysning", "klotter", "trygghetsvandring"]
    s = summaries[0]

    y = [
        math.log(30 / 50) - math.log(210 / 200),
        math.log(28 / 40) - math.log(140 / 150),
        math.log(24 / 25) - math.log(110 / 100),
    ]
    v = [
        1 / 50 + 1 / 30 + 1 / 200 + 1 / 210,
        1 / 40 + 1 / 28 + 1 / 150 + 1 / 140,
        1 / 25 + 1 / 24 + 1 / 100 + 1 / 110,
    ]
    w = [1 / vi for vi in v]
    mean_fe = sum(wi * yi for wi, yi in zip(w, y, strict=True)) / sum(w)
    q = sum(wi * (yi - mean_fe) ** 2 for wi, yi in zip(w, y, strict=True))
    tau2 = max(0.0, (q - 2) / (sum(w) - sum(wi**2 for wi in w) / sum(w)))
    w_re = [1 / (vi + tau2) for vi in v]
    mean = sum(wi * yi for wi, yi in zip(w_re, y, strict=True)) / sum(w_re)
    se = math.sqrt(1 / sum(w_re))

    assert s.n_actions == 3
    assert s.n_pooled == 3
    assert s.n_too_few == 0
    assert s.q == pytest.approx(q, rel=1e-9)
    assert s.tau2 == pytest.approx(tau2, abs=1e-12)
    assert s.log_ratio == pytest.approx(mean, rel=1e-9)
    assert s.se == pytest.approx(se, rel=1e-9)
    assert s.change_pct == pytest.approx(100 * (math.exp(mean) - 1), rel=1e-9)
    assert s.ci_low_pct == pytest.approx(100 * (math.exp(mean - 1.959963984540054 * se) - 1))
    assert s.ci_high_pct == pytest.approx(100 * (math.exp(mean + 1.959963984540054 * se) - 1))
    assert s.code == ("decrease" if s.ci_high_pct < 0 else "no_clear_change")

    single = summaries[1]
    assert single.log_ratio == pytest.approx(a.log_ratio)
    assert single.se == pytest.approx(a.se)
    assert single.tau2 == 0.0

    nothing = summaries[2]
    assert (nothing.n_actions, nothing.n_too_few, nothing.n_pooled) == (1, 1, 0)
    assert nothing.code == "too_few"
    assert nothing.verdict == VERDICTS["too_few"]
    assert math.isnan(nothing.change_pct)


def test_pool_random_effects_when_heterogeneous() -> None:
    y = np.array([-0.9, 0.4, -0.2, 0.6])
    s = np.array([0.1, 0.1, 0.12, 0.15])
    p = pool(y, s)
    w = 1 / s**2
    mean_fe = np.sum(w * y) / np.sum(w)
    q = np.sum(w * (y - mean_fe) ** 2)
    tau2 = (q - 3) / (np.sum(w) - np.sum(w**2) / np.sum(w))
    assert tau2 > 0
    assert p.tau2 == pytest.approx(tau2, rel=1e-9)
    assert p.se == pytest.approx(math.sqrt(1 / np.sum(1 / (s**2 + tau2))), rel=1e-9)
    assert p.se > math.sqrt(1 / np.sum(w))
    assert p.i2 == pytest.approx((q - 3) / q, rel=1e-9)


def test_small_actions_pool_into_a_verdict() -> None:
    small = [did(8, 1, 400, 400) for _ in range(6)]
    assert all(e.code == "too_few" and not e.corrected for e in small)
    (s,) = yearly({"kameror": small})
    assert (s.n_actions, s.n_too_few, s.n_pooled) == (6, 6, 6)
    assert s.code == "decrease"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"treated_before": -1}, "treated_before"),
        ({"treated_after": math.nan}, "treated_after"),
        ({"control_before": [10, -2]}, "control_before"),
        ({"control_after": [10, math.nan]}, "control_after"),
        ({"control_after": math.inf}, "control_after"),
        ({"treated_before": 2.5}, "treated_before"),
        ({"treated_before": [1, 2]}, "treated_before"),
        ({"control_before": [10, 20, 30]}, "control_before and control_after"),
        ({"control_before": "many"}, "control_before"),
        ({"level": 0.0}, "level"),
        ({"level": 1.0}, "level"),
        ({"level": math.nan}, "level"),
        ({"level": 95}, "level"),
        ({"min_events": -1}, "min_events"),
        ({"max_ci_ratio": 0.5}, "max_ci_ratio"),
    ],
)
def test_bad_input_names_the_field(kwargs: dict[str, Any], field: str) -> None:
    args: dict[str, Any] = {
        "treated_before": 10,
        "treated_after": 8,
        "control_before": [20, 30],
        "control_after": [25, 28],
    }
    level = kwargs.pop("level", 0.95)
    min_events = kwargs.pop("min_events", 10)
    max_ci_ratio = kwargs.pop("max_ci_ratio", 10.0)
    args.update(kwargs)
    with pytest.raises(ValueError, match=field):
        did(
            args["treated_before"],
            args["treated_after"],
            args["control_before"],
            args["control_after"],
            level=level,
            min_events=min_events,
            max_ci_ratio=max_ci_ratio,
        )


def test_yearly_rejects_bad_level() -> None:
    with pytest.raises(ValueError, match="level"):
        yearly({}, level=1.5)
    assert yearly({}) == []
