"""Farrington-flexible (Farrington et al. 1996; Noufaily et al. 2013): the week's bound from
the weeks around the same week in up to five earlier years (R ``farringtonFlexible``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from samverkan.situation.analysis.signals.glm import (
    MU_MIN,
    LevelFit,
    anscombe_residuals,
    farrington_weights,
    fit_levels,
)
from samverkan.situation.analysis.signals.results import (
    METHOD_WIDTH,
    FloatArray,
    Signals,
    as_counts,
    check_alpha,
    first_week,
    like_input,
)
from samverkan.situation.analysis.signals.thresholds import (
    SkewnessTransform,
    ThresholdMethod,
    count_quantile,
    farrington_threshold,
)

WEEKS_PER_YEAR = 365.2425 / 7


def year_lags(b: int) -> list[int]:
    """Weeks back to the same week 1..b years ago, round(i · 365.2425 / 7): 52, 104, 157,
    209, 261 — the nearest whole week to the same date, as R's date-based reference weeks."""
    return [round(i * WEEKS_PER_YEAR) for i in range(1, b + 1)]


def reference_weeks(
    k: int, b: int, w: int = 3, no_periods: int = 10, past_weeks_not_included: int = 26
) -> tuple[NDArray[np.int64], NDArray[np.int64]] | None:
    """The reference weeks of week k and their seasonal level (R's ``blocks``).

    Level ``no_periods - 1`` holds the windows of ±w weeks around the same week 1..b years
    back; levels 0..no_periods-2 split the weeks between two windows into equal blocks; the
    last ``past_weeks_not_included`` weeks before k (and k) are left out. None when week k
    does not have b years of history.
    """
    lags = year_lags(b)
    if k - lags[-1] - w < 0:
        return None
    level = np.full(k + 1, -1, dtype=np.int64)
    refs = [k, *(k - lag for lag in lags)]
    top = no_periods - 1
    level[max(k - w, 0) : k + 1] = top
    for i in range(1, len(refs)):
        ref = refs[i]
        level[ref - w : ref + w + 1] = top
        start = ref + w + 1
        between = refs[i - 1] - w - start  # weeks strictly between this window and the next
        if no_periods > 1 and between > 0:
            lengths = np.full(no_periods - 1, between // (no_periods - 1))
            lengths[: between % (no_periods - 1)] += 1
            edges = start + np.concatenate(([0], np.cumsum(lengths)))
            for j in range(no_periods - 1):
                level[edges[j] : edges[j + 1]] = j
    level[max(k - past_weeks_not_included, 0) : k + 1] = -1
    idx = np.flatnonzero(level >= 0)
    return idx, level[idx]


@dataclass(frozen=True)
class _Settings:
    w: int
    no_periods: int
    past_weeks_not_included: int
    reweight: bool
    weights_threshold: float
    trend: bool
    p_trend: float
    alpha: float
    alpha2: float | None
    threshold_method: ThresholdMethod
    skewness_transform: SkewnessTransform


@dataclass(frozen=True)
class _Prediction:
    mu: FloatArray  # (S,) expected count of the week
    upper: FloatArray  # (S,) the week's bound
    upper2: FloatArray  # (S,) bound of the previous week + this week (NaN: not used)


def _predict_week(Y: FloatArray, k: int, b: int, cfg: _Settings) -> _Prediction | None:
    """Farrington-flexible expectation and bounds for week k of every series in Y (R's
    ``algo.farrington.glm``: fit, reweight, refit; a trend only if b ≥ 3, significant at
    ``p_trend`` and not predicting above every reference count)."""
    design = reference_weeks(k, b, cfg.w, cfg.no_periods, cfg.past_weeks_not_included)
    if design is None:
        return None
    idx, lev = design
    present, col = np.unique(lev, return_inverse=True)
    top = int(np.searchsorted(present, cfg.no_periods - 1))
    if top == present.size or idx.size <= present.size + 1:
        return None
    t = (idx - idx[0]) / WEEKS_PER_YEAR  # years since the first reference week
    t_now = (k - idx[0]) / WEEKS_PER_YEAR
    resp = Y[:, idx]

    def fit(trend: bool) -> tuple[LevelFit, FloatArray]:
        f = fit_levels(col, t, resp, np.ones_like(resp), trend)
        phi = np.fmax(f.dispersion, 1.0)
        if cfg.reweight:
            s = anscombe_residuals(resp, f.mu, f.hat, phi[:, None])
            f = fit_levels(col, t, resp, farrington_weights(s, cfg.weights_threshold), trend)
            phi = np.fmax(f.dispersion, 1.0)
        return f, phi

    f0, phi0 = fit(False)
    mu, upper, upper2 = _bounds(f0, phi0, top, t_now, cfg)
    if cfg.trend and b >= 3:
        f1, phi1 = fit(True)
        with np.errstate(divide="ignore", invalid="ignore"):
            tstat = f1.beta * np.sqrt(f1.schur / f1.dispersion)  # R: summary.glm's t value
        pval = 2 * special.stdtr(f1.df, -np.abs(tstat))
        mu1 = np.exp(f1.a[:, top] + f1.beta * t_now)
        use = f1.converged & (pval < cfg.p_trend) & (mu1 <= resp.max(axis=1))
        if use.any():
            mu_t, upper_t, upper2_t = _bounds(f1, phi1, top, t_now, cfg)
            mu = np.where(use, mu_t, mu)
            upper = np.where(use, upper_t, upper)
            upper2 = np.where(use, upper2_t, upper2)
    return _Prediction(mu, upper, upper2)


def _bounds(
    f: LevelFit, phi: FloatArray, top: int, t_now: float, cfg: _Settings
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Expected count, weekly bound and two-week bound at ``t_now`` (window level ``top``).

    The se of η₀ is √(φ x'(X'WX)⁻¹x) with the floored φ (R's ``predict`` uses the raw
    estimate); the two-week sum's comes from the delta method on μ_prev + μ_now."""
    dt = 1 / WEEKS_PER_YEAR
    mu = np.exp(f.a[:, top] + f.beta * t_now)
    se_eta = np.sqrt(phi * f.var(top, 1.0, t_now))
    upper = _upper(f, phi, top, mu, se_eta, cfg.alpha, 1, cfg)
    if cfg.alpha2 is None:
        return mu, upper, np.full_like(mu, np.nan)
    mu_prev = np.exp(f.a[:, top] + f.beta * (t_now - dt))
    total = mu + mu_prev
    with np.errstate(divide="ignore", invalid="ignore"):
        var_total = f.var(top, total, mu * t_now + mu_prev * (t_now - dt))
        se_total = np.sqrt(phi * var_total) / total
    upper2 = _upper(f, phi, top, total, se_total, cfg.alpha2, 2, cfg)
    return mu, upper, upper2


def _upper(
    f: LevelFit,
    phi: FloatArray,
    top: int,
    mu: FloatArray,
    se_eta: FloatArray,
    alpha: float,
    weeks: int,
    cfg: _Settings,
) -> FloatArray:
    """Upper bound of a count over ``weeks`` weeks with expectation ``mu`` (standard error
    ``se_eta`` of log μ).

    Where the window weeks hold few counts the normal approximation of log μ̂ breaks down
    (one downweighted count gives se ≈ 4 and a bound of millions), so "muan" takes the
    smaller of R's exp(η₀ + z·se) and the exact (Garwood) upper ``1 - alpha`` limit of the
    window's mean from its weighted count c and weeks n, both divided by φ:
    ``gammaincinv(c/φ + 1, 1 - alpha) / (n/φ)``, scaled by the prediction over the window's
    average. With no counts at all every method uses that limit, -log(alpha) φ / n a week.
    """
    count, n = f.info_a[:, top], f.weight_a[:, top]
    zero = count <= 0
    with np.errstate(divide="ignore", invalid="ignore"):
        level_mean = count / n
        scale = np.where(zero, weeks, mu / level_mean)
        exact = special.gammaincinv(count / phi + 1, 1 - alpha) * phi / n * scale
        if cfg.threshold_method == "delta":
            bound = farrington_threshold(mu, mu * se_eta, phi, alpha, mu, cfg.skewness_transform)
            upper = bound.upper
        elif cfg.threshold_method == "muan":
            z = float(special.ndtri(1 - alpha))
            mu_q = np.fmin(np.exp(np.log(np.maximum(mu, MU_MIN)) + z * se_eta), exact)
            upper = count_quantile(1 - alpha, mu_q, phi)
        else:
            upper = count_quantile(1 - alpha, mu, phi)
    if zero.any():
        upper = np.where(zero, count_quantile(1 - alpha, exact, phi), upper)
    return np.asarray(upper)


def farrington_flexible(
    counts: ArrayLike,
    *,
    b: int = 5,
    min_years: int = 1,
    w: int = 3,
    no_periods: int = 10,
    past_weeks_not_included: int = 26,
    reweight: bool = True,
    weights_threshold: float = 2.58,
    trend: bool = True,
    p_trend: float = 0.05,
    alpha: float = 0.02,
    alpha2: float | None = 0.06,
    threshold_method: ThresholdMethod = "muan",
    skewness_transform: SkewnessTransform = "2/3",
    last: int | None = None,
) -> Signals:
    """Farrington-flexible for every week with at least ``min_years`` (up to ``b``) years of
    history; the defaults are Noufaily et al.'s improved method.

    ``alpha``: tail probability of the week's bound. With ``alpha2`` the week and the one
    before together are also compared with the ``1 - alpha2`` bound of a two-week sum (same
    fit), so the week's threshold is ``min(its own bound, max(two-week bound - last week's
    count, ⌊expected⌋ + 1))`` — the second term keeps a week at or below its expectation
    from alarming only because last week was high. ``alpha2=None`` gives the weekly method
    alone, as R's ``farringtonFlexible`` with the corresponding ``b``, ``w``, ``noPeriods``,
    ``pastWeeksNotIncluded``, ``weightsThreshold``, ``pThresholdTrend``,
    ``thresholdMethod`` and ``alpha`` — but with no ``limit54`` low-count rule (the
    simulations need none), reference weeks found by :func:`year_lags` rather than dates,
    the prediction's se with the floored φ, and "muan" capped by an exact limit for sparse
    windows (see ``_upper``). ``last``: judge only the last so many weeks (the newest).
    """
    y = as_counts(counts)
    check_alpha(alpha)
    if alpha2 is not None:
        check_alpha(alpha2, "alpha2")
    if not 1 <= min_years <= b:
        raise ValueError(f"need 1 <= min_years <= b, got min_years={min_years}, b={b}")
    if w < 0 or no_periods < 1 or past_weeks_not_included < w:
        raise ValueError("need w >= 0, no_periods >= 1 and past_weeks_not_included >= w")
    if threshold_method not in ("muan", "nbPlugin", "delta"):
        raise ValueError(
            f"threshold_method must be 'muan', 'nbPlugin' or 'delta', not {threshold_method!r}"
        )
    cfg = _Settings(
        w=w,
        no_periods=no_periods,
        past_weeks_not_included=past_weeks_not_included,
        reweight=reweight,
        weights_threshold=weights_threshold,
        trend=trend,
        p_trend=p_trend,
        alpha=alpha,
        alpha2=alpha2,
        threshold_method=threshold_method,
        skewness_transform=skewness_transform,
    )
    S, T = y.shape
    expected = np.full((S, T), np.nan)
    threshold = np.full((S, T), np.nan)
    for k in range(first_week(T, last), T):
        years = sum(1 for lag in year_lags(b) if k - lag - w >= 0)
        if years < min_years:
            continue
        pred = _predict_week(y, k, years, cfg)
        if pred is None:
            continue
        thr = pred.upper
        if k >= 1 and alpha2 is not None:
            two = np.maximum(pred.upper2 - y[:, k - 1], np.floor(pred.mu) + 1)
            thr = np.fmin(thr, two)
        expected[:, k] = pred.mu
        threshold[:, k] = thr
    ok = np.isfinite(expected) & np.isfinite(threshold)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(
            ok & (threshold > expected), (y - expected) / (threshold - expected), np.nan
        )
    res = Signals(
        count=y.astype(np.int64),
        expected=np.where(ok, expected, np.nan),
        threshold=np.where(ok, threshold, np.nan),
        score=score,
        alarm=ok & (y > threshold),
        method=np.where(ok, "Farrington-flexible", "").astype(METHOD_WIDTH),
    )
    return like_input(res, counts)
