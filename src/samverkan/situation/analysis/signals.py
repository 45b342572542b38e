"""Signals: unusual increases in the weekly counts of an area × category (pure numpy/scipy).

A weekly count series goes in (or a stack of them, one row per cell: ``(cells, weeks)``) and
a per-week :class:`Signals` comes out: the count, the expected count (the baseline), the
threshold (the upper bound: the week alarms when its count is above it), the score
``(count - expected) / (threshold - expected)`` (above 1 exactly when the week alarms, as
R ``surveillance``'s exceedance score) and the method that judged the week. Week 0 is the
oldest; a week is judged only on the weeks before it.

Methods
-------
EARS C1, C2, C3 (Hutwagner et al. 2003; Fricker, Hegler & Dunfee 2008), for short histories.
    The mean and standard deviation of the 7 weeks before the week (C1), or of the 7 weeks
    before a 2-week guard band (C2), and the count's z-score against them; C3 adds up
    ``max(0, C2 - 1)`` over the week and the two before. The CDC alarms above 3 (C1, C2) and
    2 (C3); R's ``earsC`` above ``qnorm(1 - alpha)`` = 3.09 and 1.96. A standard deviation of
    0 (a run of equal small counts) makes any count above the mean an alarm: R floors it with
    ``minSigma`` (default 0; Burkom suggests 0.5 or 1 for sparse data). Here it is floored at
    1 and at √mean, the Poisson standard deviation: counts are never less variable than that.

Farrington-flexible (Farrington et al. 1996; Noufaily et al. 2013), from one year of history.
    A quasi-Poisson log-linear GLM, with a linear trend when significant (≥ 3 years), fitted
    on the weeks around the same week 1..b years back. With Noufaily's improvements all weeks
    of those years are used, the ones between the windows as a 10-level seasonal factor; the
    last 26 weeks are left out, so an ongoing increase cannot raise its own baseline; weeks of
    past outbreaks (standardised Anscombe residual above 2.58) are downweighted by ``s⁻²``
    and the model refitted. The threshold is the ``1 - alpha`` quantile of the predictive
    distribution: negative binomial with the GLM's dispersion (Noufaily; ``"muan"`` puts the
    mean at its own upper ``1 - alpha`` confidence limit, ``"nbPlugin"`` plugs in the
    estimate) or, as Farrington 1996, normal after a power transform (``"delta"``; the 2/3
    power corrects the skewness). :func:`farrington_threshold` and
    :func:`noufaily_threshold` reproduce R's ``algo.farrington.threshold.farrington`` and
    ``algo.farrington.threshold.noufaily``.

:func:`detect` is what the lägesbild uses: EARS C2 in the first year, Farrington-flexible
after, and besides the week's own bound the two-week sum (this week and the last) against
the bound of a two-week sum, which catches an increase lasting two weeks more often than two
weekly tests can. Its false-alarm and detection rates are validated by seeded simulation in
``tests/situation/test_signals.py``. Small counts need no minimum count for an alarm (R's
``limit54``): the negative binomial bounds are discrete and the EARS sd is floored, and with
0.05 to 1 a week false alarms stay at or below 3 % of weeks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special  # not scipy.stats: its import costs seconds at server start-up

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

ThresholdMethod = Literal["muan", "nbPlugin", "delta"]
SkewnessTransform = Literal["none", "1/2", "2/3"]
EarsMethod = Literal["C1", "C2", "C3"]

WEEKS_PER_YEAR = 365.2425 / 7
_MU_MIN = float(np.finfo(float).eps)  # R's poisson()$linkinv keeps μ above this
_FUZZ = 1 - 64 * float(np.finfo(float).eps)  # R's left-continuity fuzz in discrete quantiles
_METHOD_WIDTH = "<U24"


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Signals:
    """Per-week result; every array has the input's shape, ``(weeks,)`` or ``(cells, weeks)``.

    Weeks that were not judged (too little history, or before ``last``) have NaN expected,
    threshold and score, ``alarm`` False and ``method`` "". ``threshold`` is the count above
    which the week alarms (alarm ⇔ count > threshold); ``score`` is
    ``(count - expected) / (threshold - expected)`` (EARS C3: C3 over its threshold).
    """

    count: NDArray[np.int64]
    expected: FloatArray
    threshold: FloatArray
    score: FloatArray
    alarm: BoolArray
    method: NDArray[np.str_]

    @property
    def evaluated(self) -> BoolArray:
        return np.asarray(self.method != "")

    def __getitem__(self, cell: int) -> Signals:
        """One cell of a ``(cells, weeks)`` result."""
        if self.count.ndim != 2:
            raise IndexError("a single series has no cells to index")
        return Signals(
            self.count[cell],
            self.expected[cell],
            self.threshold[cell],
            self.score[cell],
            self.alarm[cell],
            self.method[cell],
        )

    def records(self, weeks: Sequence[str] | None = None) -> list[dict[str, object]]:
        """The judged weeks of a single series as plain dicts (JSON, templates); ``weeks``
        labels the positions (e.g. ISO weeks "2026-W48"), else the position is given."""
        if self.count.ndim != 1:
            raise ValueError("records() is for a single series: take one cell first, result[i]")
        if weeks is not None and len(weeks) != self.count.shape[0]:
            raise ValueError(f"weeks has {len(weeks)} labels for {self.count.shape[0]} counts")
        return [
            {
                "week": weeks[i] if weeks is not None else i,
                "count": int(self.count[i]),
                "expected": _number(self.expected[i]),
                "threshold": _number(self.threshold[i]),
                "score": _number(self.score[i]),
                "alarm": bool(self.alarm[i]),
                "method": str(self.method[i]),
            }
            for i in map(int, np.flatnonzero(self.evaluated))
        ]


def _number(x: float) -> float | None:
    return round(float(x), 4) if math.isfinite(float(x)) else None


@dataclass(frozen=True)
class Bounds:
    """What R's Farrington threshold helpers return: the bounds of the ``1 - alpha``
    prediction interval, the probability of a count at least as large as the observed one
    under the predictive distribution, and the exceedance score."""

    lower: FloatArray
    upper: FloatArray
    prob: FloatArray
    score: FloatArray


# ---------------------------------------------------------------------------------------------
# Input


def _as_counts(counts: ArrayLike) -> FloatArray:
    """Counts as a float ``(cells, weeks)`` array; ValueError for anything that is not one."""
    try:
        arr = np.asarray(counts, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"counts must be numbers: {exc}") from None
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2:
        raise ValueError(
            f"counts must be a series (weeks,) or a stack (cells, weeks), not shape {arr.shape}"
        )
    if arr.shape[1] == 0:
        raise ValueError("counts is empty: no weeks")
    for bad, what in (
        (~np.isfinite(arr), "must be finite (a week without reports is 0, not missing)"),
        (arr < 0, "cannot be negative"),
        (arr != np.round(arr), "must be whole numbers"),
    ):
        if bad.any():
            cell, week = np.argwhere(bad)[0]
            where = f"week {week}" + (f" of cell {cell}" if np.ndim(counts) == 2 else "")
            raise ValueError(f"counts {what}: {where} is {arr[cell, week]}")
    return arr


def _check_alpha(alpha: float, name: str = "alpha") -> None:
    if not 0 < alpha < 0.5:
        raise ValueError(f"{name} must be between 0 and 0.5, got {alpha}")


# ---------------------------------------------------------------------------------------------
# Discrete distributions (scipy.special only)


def _poisson_cdf(k: FloatArray, mu: FloatArray) -> FloatArray:
    return np.asarray(np.where(k < 0, 0.0, special.pdtr(np.maximum(k, 0), mu)))


def _nbinom_cdf(k: FloatArray, size: FloatArray, prob: FloatArray) -> FloatArray:
    """R's ``pnbinom(k, size, prob)`` (failures before the size-th success), real size."""
    return np.asarray(np.where(k < 0, 0.0, special.betainc(size, np.maximum(k, 0) + 1, prob)))


def _quantile(
    cdf: Callable[[FloatArray], FloatArray], q: float, mean: FloatArray, sd: FloatArray
) -> FloatArray:
    """Smallest whole k with ``cdf(k) >= q`` (R's discrete quantile), by bisection."""
    q *= _FUZZ
    lo = np.full(mean.shape, -1.0)
    hi = np.ceil(mean + 12 * sd + 12)
    for _ in range(60):
        short = cdf(hi) < q
        if not short.any():
            break
        hi = np.where(short, 2 * hi + 1, hi)
    for _ in range(200):  # enough for any count below 2**100
        gap = hi - lo > 1
        if not gap.any():
            break
        mid = np.floor((lo + hi) / 2)
        ok = cdf(mid) >= q
        hi = np.where(gap & ok, mid, hi)
        lo = np.where(gap & ~ok, mid, lo)
    return hi


def _nb_params(mu: FloatArray, phi: FloatArray) -> tuple[BoolArray, FloatArray, FloatArray]:
    """Mean μ and variance φμ as R's negative binomial: size μ / (φ - 1), prob 1 / φ."""
    over = phi > 1
    size = np.where(over, mu / np.where(over, phi - 1, 1.0), 1.0)
    prob = np.where(over, 1 / np.where(over, phi, 1.0), 0.5)
    return over, size, prob


def _count_cdf(k: FloatArray, mu: FloatArray, phi: FloatArray) -> FloatArray:
    """CDF of a count with mean μ and variance φμ: negative binomial, Poisson when φ ≤ 1."""
    over, size, prob = _nb_params(mu, phi)
    return np.asarray(np.where(over, _nbinom_cdf(k, size, prob), _poisson_cdf(k, mu)))


def _count_quantile(q: float, mu: FloatArray, phi: FloatArray) -> FloatArray:
    """R's ``qnbinom(q, μ/(φ-1), 1/φ)``, or ``qpois(q, μ)`` where φ ≤ 1."""
    mu, phi = np.broadcast_arrays(np.asarray(mu, dtype=float), np.asarray(phi, dtype=float))
    sd = np.sqrt(np.maximum(phi * mu, 0))
    return _quantile(lambda k: _count_cdf(k, mu, phi), q, mu, sd)


# ---------------------------------------------------------------------------------------------
# Threshold functions (R surveillance's farringtonFlexible helpers)


def farrington_threshold(
    pred_fit: ArrayLike,
    pred_se_fit: ArrayLike,
    phi: ArrayLike,
    alpha: float,
    y: ArrayLike,
    skewness_transform: SkewnessTransform = "2/3",
) -> Bounds:
    """Farrington et al. (1996) bounds, as R's ``algo.farrington.threshold.farrington``.

    ``pred_fit`` is the expected count μ₀ and ``pred_se_fit`` its standard error, both on
    the count scale. The prediction error ``Y₀ - μ̂₀`` has variance ``φμ₀ + se² = μ₀τ`` with
    ``τ = φ + se²/μ₀``; with the power transform ``h(x) = x**e`` and the delta method the
    bounds are ``(μ₀**e ∓ z · sd)**(1/e)`` with the one-sided ``z = z₁₋α`` and

        e = 1 ("none"): sd = √(μ₀τ);  e = 1/2: sd = √(τ/4);  e = 2/3: sd = √(4/9 · μ₀**(1/3) · τ).

    So with no transform, μ₀ = 5, se = 0.2, φ = 1, α = 0.05:
    5 + 1.644854 · √(5 · (1 + 0.2²/5)) = 5 + 1.644854 · √5.04 = 8.6926872 (R's reference
    value). The lower bound is at least 0; ``prob = P(h(Y) ≥ h(y))`` under the normal
    approximation; ``score = (y - μ₀) / (upper - μ₀)``.
    """
    _check_alpha(alpha)
    mu0, se_fit, phi_a, y_a = np.broadcast_arrays(
        *(np.asarray(a, dtype=float) for a in (pred_fit, pred_se_fit, phi, y))
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        tau = phi_a + se_fit**2 / mu0
        if skewness_transform == "none":
            sd, e = np.sqrt(mu0 * tau), 1.0
        elif skewness_transform == "1/2":
            sd, e = np.sqrt(tau / 4), 0.5
        elif skewness_transform == "2/3":
            sd, e = np.sqrt(4 / 9 * mu0 ** (1 / 3) * tau), 2 / 3
        else:
            raise ValueError(
                f"skewness_transform must be 'none', '1/2' or '2/3', not {skewness_transform!r}"
            )
        z = float(special.ndtri(1 - alpha))
        centre = mu0**e
        # R: a negative base to the power 1/e is NaN for e < 1; a NaN lower bound becomes 0
        low_t, up_t = centre - z * sd, centre + z * sd
        lower = np.where(low_t >= 0, np.abs(low_t) ** (1 / e), low_t if e == 1 else 0.0)
        upper = np.where(up_t >= 0, np.abs(up_t) ** (1 / e), up_t if e == 1 else np.nan)
        lower = np.maximum(np.nan_to_num(lower, nan=0.0), 0.0)
        prob = special.ndtr(-(y_a**e - centre) / sd)
        score = (y_a - mu0) / (upper - mu0)
    return Bounds(np.asarray(lower), np.asarray(upper), np.asarray(prob), np.asarray(score))


def noufaily_threshold(
    pred_fit: ArrayLike,
    pred_se_fit: ArrayLike,
    phi: ArrayLike,
    alpha: float,
    y: ArrayLike,
    method: Literal["muan", "nbPlugin"] = "muan",
) -> Bounds:
    """Noufaily et al. (2013) bounds, as R's ``algo.farrington.threshold.noufaily``.

    ``pred_fit`` is the linear predictor η₀ = log μ₀ and ``pred_se_fit`` its standard error.
    The count is negative binomial with mean μ and variance φμ (Poisson when φ ≤ 1); the
    bounds are its ``alpha`` and ``1 - alpha`` quantiles with μ = exp(η₀) ("nbPlugin") or
    μ = exp(η₀ + z₁₋α · se) ("muan", which also covers the estimate's own error). ``prob``
    is ``P(Y ≥ y)``.

    One deliberate difference: R's score is ``(y - η₀) / (upper - η₀)`` with η₀ on the log
    scale; here it is ``(y - μ₀) / (upper - μ₀)`` with the expected count μ₀ = exp(η₀), so
    that it means what every other score here means.
    """
    _check_alpha(alpha)
    if method not in ("muan", "nbPlugin"):
        raise ValueError(f"method must be 'muan' or 'nbPlugin', not {method!r}")
    eta0, se, phi_a, y_a = np.broadcast_arrays(
        *(np.asarray(a, dtype=float) for a in (pred_fit, pred_se_fit, phi, y))
    )
    z = float(special.ndtri(1 - alpha))
    with np.errstate(over="ignore", invalid="ignore"):
        mu_q = np.exp(eta0) if method == "nbPlugin" else np.exp(eta0 + z * se)
    finite = np.isfinite(mu_q)
    mu_safe = np.where(finite, mu_q, 1.0)
    lower = np.where(finite, _count_quantile(alpha, mu_safe, phi_a), np.nan)
    upper = np.where(finite, _count_quantile(1 - alpha, mu_safe, phi_a), np.nan)
    prob = np.where(finite, 1 - _count_cdf(y_a - 1, mu_safe, phi_a), np.nan)
    mu0 = np.exp(eta0)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = (y_a - mu0) / (upper - mu0)
    return Bounds(np.maximum(lower, 0.0), upper, prob, np.asarray(score))


# ---------------------------------------------------------------------------------------------
# Quasi-Poisson GLM (log link)


@dataclass(frozen=True)
class QuasiPoissonFit:
    """A quasi-Poisson log-linear fit. ``dispersion`` is Pearson's X² / (n - p), as R's
    ``summary.glm`` and statsmodels' ``scale="X2"``; the covariance of ``coef`` is
    ``dispersion * cov_unscaled``; ``hat`` are the leverages."""

    coef: FloatArray
    mu: FloatArray
    dispersion: float
    cov_unscaled: FloatArray
    hat: FloatArray
    df_resid: int
    converged: bool

    @property
    def bse(self) -> FloatArray:
        """Standard errors of the coefficients, with the estimated dispersion."""
        return np.asarray(np.sqrt(self.dispersion * np.diag(self.cov_unscaled)))


def fit_quasi_poisson(
    X: ArrayLike, y: ArrayLike, weights: ArrayLike | None = None, max_iter: int = 25
) -> QuasiPoissonFit:
    """Fit ``log E[y] = X β`` by quasi-likelihood (variance φμ) with prior ``weights``.

    Iteratively reweighted least squares as R's ``glm.fit`` (start μ = y + 0.1, μ at least
    machine epsilon, stop when |Δdeviance| / (|deviance| + 0.1) < 1e-8), each step solved by
    QR of √W X. The fit of R's ``glm(family = quasipoisson)`` and of statsmodels'
    ``GLM(y, X, family=Poisson(), var_weights=weights).fit(scale="X2")``.
    """
    Xa = np.asarray(X, dtype=float)
    if Xa.ndim == 1:
        Xa = Xa[:, None]
    if np.ndim(y) != 1:
        raise ValueError("y must be a series of counts")
    ya = _as_counts(y)[0]
    n, p = Xa.shape if Xa.ndim == 2 else (0, 0)
    if Xa.ndim != 2 or n != ya.size or not np.isfinite(Xa).all():
        raise ValueError(f"X must be a finite (n, p) matrix with n = {ya.size} rows")
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != (n,) or not np.isfinite(w).all() or (w < 0).any():
        raise ValueError("weights must be n finite non-negative numbers")
    mu = ya + 0.1
    eta = np.log(mu)
    dev_old = _deviance(ya, mu, w)
    converged = False
    for _ in range(max_iter):
        sw = np.sqrt(w * mu)
        q, r = np.linalg.qr(sw[:, None] * Xa)
        coef = np.linalg.solve(r, q.T @ (sw * (eta + (ya - mu) / mu)))
        eta = Xa @ coef
        mu = np.maximum(np.exp(np.minimum(eta, 700.0)), _MU_MIN)
        dev = _deviance(ya, mu, w)
        if abs(dev - dev_old) / (abs(dev) + 0.1) < 1e-8:
            converged = True
            break
        dev_old = dev
    sw = np.sqrt(w * mu)
    q, r = np.linalg.qr(sw[:, None] * Xa)
    rinv = np.linalg.inv(r)
    df = n - p
    pearson = float((w * (ya - mu) ** 2 / mu).sum())
    return QuasiPoissonFit(
        coef=coef,
        mu=mu,
        dispersion=pearson / df if df > 0 else math.nan,
        cov_unscaled=rinv @ rinv.T,
        hat=(q**2).sum(axis=1),
        df_resid=df,
        converged=converged,
    )


def _deviance(y: FloatArray, mu: FloatArray, w: FloatArray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        ylog = np.where(y > 0, y * np.log(y / mu), 0.0)
    return float(2 * (w * (ylog - (y - mu))).sum())


def anscombe_residuals(y: ArrayLike, mu: ArrayLike, hat: ArrayLike, phi: ArrayLike) -> FloatArray:
    """Standardised Anscombe residuals of a Poisson fit (R's ``anscombe.residuals``),
    ``1.5 (y^(2/3) μ^(-1/6) - μ^(1/2)) / √(φ (1 - h))``; 0 where μ = 0 or the leverage is 1."""
    y_a, mu_a, h = (np.asarray(a, dtype=float) for a in (y, mu, hat))
    denom = np.sqrt(np.asarray(phi, dtype=float) * np.maximum(1 - h, 0))
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = 1.5 * (y_a ** (2 / 3) * mu_a ** (-1 / 6) - np.sqrt(mu_a))
        return np.asarray(np.where((denom > 1e-12) & (mu_a > 0), raw / denom, 0.0))


def farrington_weights(s: ArrayLike, threshold: float = 2.58) -> FloatArray:
    """Weights that discount past outbreaks (R's ``algo.farrington.assign.weights``):
    ``γ s⁻²`` where the residual ``s`` is above ``threshold``, else ``γ``, with γ making the
    weights (along the last axis) sum to the number of weeks."""
    s_a = np.asarray(s, dtype=float)
    high = s_a > threshold
    raw = np.where(high, 1 / np.where(high, s_a, 1.0) ** 2, 1.0)
    return np.asarray(raw * (s_a.shape[-1] / raw.sum(axis=-1, keepdims=True)))


@dataclass(frozen=True)
class LevelFit:
    """Quasi-Poisson fit of ``log μ_i = a[level(i)] (+ β t_i)`` for S series at once.

    This is the Farrington-flexible model (seasonal levels, optional trend). Its structure
    gives the maximum-likelihood estimates without IRLS: without trend a level's mean is its
    weighted mean count; with trend β maximises the (concave) profile likelihood, by Newton,
    and ``a`` follows in closed form. The information matrix is arrow-shaped, so its inverse
    is explicit (Schur complement ``schur`` of β). Same estimates as :func:`fit_quasi_poisson`
    (and R's ``glm``) on the dummy design.
    """

    a: FloatArray  # (S, L) level log-means; -inf where a level has no counts
    beta: FloatArray  # (S,) trend per unit of t; 0 without trend
    mu: FloatArray  # (S, n)
    info_a: FloatArray  # (S, L) Σ_level w μ (= Σ_level w y): information of a (unscaled)
    weight_a: FloatArray  # (S, L) Σ_level w
    info_ab: FloatArray  # (S, L) Σ_level w μ t
    schur: FloatArray  # (S,) information of β given a; inf without trend
    hat: FloatArray  # (S, n) leverages
    dispersion: FloatArray  # (S,) Pearson X² / df
    df: int
    converged: BoolArray  # (S,)

    def var(self, level: int, c: ArrayLike, d: ArrayLike) -> FloatArray:
        """Unscaled variance of ``c · a[level] + d · β``."""
        A = self.info_a[:, level]
        c_a, d_a = np.asarray(c, dtype=float), np.asarray(d, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            lean = (d_a - c_a * self.info_ab[:, level] / A) ** 2 / self.schur
            return np.asarray(c_a**2 / A + np.where(np.isinf(self.schur), 0.0, lean))


def fit_levels(
    levels: ArrayLike, t: ArrayLike, Y: ArrayLike, weights: ArrayLike, trend: bool
) -> LevelFit:
    """Fit :class:`LevelFit` for the rows of ``Y`` (S, n): ``levels`` (n,) are level
    numbers 0..L-1 (each present), ``t`` (n,) the times, ``weights`` (S, n) prior weights."""
    lev = np.asarray(levels, dtype=np.int64)
    t_a = np.asarray(t, dtype=float)
    Y_a = np.atleast_2d(np.asarray(Y, dtype=float))
    w = np.broadcast_to(np.asarray(weights, dtype=float), Y_a.shape)
    S, n = Y_a.shape
    L = int(lev.max()) + 1
    D = np.zeros((n, L))
    D[np.arange(n), lev] = 1.0
    wy = (w * Y_a) @ D  # (S, L); equals Σ_level w μ at the MLE
    beta = np.zeros(S)
    e = np.ones_like(Y_a)
    converged = np.ones(S, dtype=bool)
    if trend:
        converged[:] = False
        wyt = (w * Y_a * t_a).sum(axis=1)
        for _ in range(50):
            we = w * e
            s0, s1, s2 = we @ D, (we * t_a) @ D, (we * t_a * t_a) @ D
            with np.errstate(divide="ignore", invalid="ignore"):
                mean_t = np.where(wy > 0, s1 / s0, 0.0)
                var_t = np.where(wy > 0, s2 / s0 - mean_t**2, 0.0)
            score = wyt - (wy * mean_t).sum(axis=1)
            info = (wy * var_t).sum(axis=1)
            step = np.where(info > 0, np.clip(score / np.where(info > 0, info, 1.0), -2, 2), 0.0)
            beta = beta + step
            e = np.exp(beta[:, None] * t_a[None, :])
            converged |= np.abs(step) < 1e-10
            if converged.all():
                break
    s0 = (w * e) @ D
    with np.errstate(divide="ignore", invalid="ignore"):
        level_mean = np.where(wy > 0, wy / s0, 0.0)
        a = np.log(level_mean)
    mu = (level_mean @ D.T) * e
    wmu = w * mu
    info_ab = (wmu * t_a) @ D
    with np.errstate(divide="ignore", invalid="ignore"):
        if trend:
            ratio = np.where(wy > 0, info_ab**2 / wy, 0.0)
            schur = (wmu * t_a * t_a).sum(axis=1) - ratio.sum(axis=1)
        else:
            schur = np.full(S, np.inf)
        A_i, B_i = wy[:, lev], info_ab[:, lev]
        lean = np.where(np.isinf(schur)[:, None], 0.0, (t_a - B_i / A_i) ** 2 / schur[:, None])
        hat = np.where(mu > 0, wmu * (1 / A_i + lean), 0.0)
        pearson = np.where(mu > 0, w * (Y_a - mu) ** 2 / mu, 0.0).sum(axis=1)
    df = n - L - int(trend)
    dispersion = pearson / df if df > 0 else np.full(S, np.nan)
    return LevelFit(a, beta, mu, wy, w @ D, info_ab, schur, hat, dispersion, df, converged)


# ---------------------------------------------------------------------------------------------
# EARS


def ears(
    counts: ArrayLike,
    method: EarsMethod = "C2",
    *,
    baseline: int = 7,
    threshold: float | None = None,
    min_sigma: float = 1.0,
    poisson_floor: bool = True,
) -> Signals:
    """EARS C1/C2/C3 (Hutwagner et al. 2003; Fricker et al. 2008; R ``surveillance::earsC``).

    With mean ȳ and standard deviation s (ddof 1) of ``baseline`` weeks — the weeks just
    before (C1) or before a 2-week guard band (C2) — the statistic is ``C = (y - ȳ) / s``.
    C1 and C2 alarm when C is above ``threshold`` (CDC: 3): the count threshold is
    ``ȳ + threshold · s``. C3 is ``Σ max(0, C2 - 1)`` over the week and the two before and
    alarms above ``threshold`` (CDC: 2); its count threshold ``ȳ + s (1 + threshold -
    carried)``, with ``carried`` the two earlier weeks' terms, can be below ȳ or even
    negative (two high weeks keep C3 up), so its score is C3 / threshold.

    s is at least ``min_sigma`` (R's ``minSigma``) and, with ``poisson_floor``, at least √ȳ,
    the Poisson sd. R's exact ``earsC``: ``min_sigma=0, poisson_floor=False,
    threshold=3.090232`` (C1, C2) or ``1.959964`` (C3). Weeks without a full baseline are
    not judged.
    """
    y = _as_counts(counts)
    if method not in ("C1", "C2", "C3"):
        raise ValueError(f"method must be 'C1', 'C2' or 'C3', not {method!r}")
    if baseline < 3:
        raise ValueError(f"baseline must be at least 3 weeks, got {baseline}")
    if min_sigma < 0:
        raise ValueError(f"min_sigma cannot be negative, got {min_sigma}")
    h = threshold if threshold is not None else (2.0 if method == "C3" else 3.0)
    mean, sd = _moving_baseline(y, baseline, 0 if method == "C1" else 2, min_sigma, poisson_floor)
    with np.errstate(invalid="ignore", divide="ignore"):
        c = (y - mean) / sd
        if method == "C3":
            part = np.maximum(c - 1, 0)
            carried = np.full_like(y, np.nan)
            carried[:, 2:] = part[:, 1:-1] + part[:, :-2]
            ok = np.isfinite(carried) & np.isfinite(mean)
            thr = mean + sd * (1 + h - carried)
            score = (part + carried) / h
        else:
            ok = np.isfinite(mean)
            thr = mean + h * sd
            score = c / h
    res = Signals(
        count=y.astype(np.int64),
        expected=np.where(ok, mean, np.nan),
        threshold=np.where(ok, thr, np.nan),
        score=np.where(ok, score, np.nan),
        alarm=ok & (score > 1),
        method=np.where(ok, f"EARS {method}", "").astype(_METHOD_WIDTH),
    )
    return _like_input(res, counts)


def _moving_baseline(
    y: FloatArray, baseline: int, lag: int, min_sigma: float, poisson_floor: bool
) -> tuple[FloatArray, FloatArray]:
    """Mean and floored sd (ddof 1) of ``y[t - lag - baseline : t - lag]`` for each week t."""
    S, T = y.shape
    mean = np.full((S, T), np.nan)
    sd = np.full((S, T), np.nan)
    first = baseline + lag
    if first < T:
        win = np.lib.stride_tricks.sliding_window_view(y, baseline, axis=1)[:, : T - first]
        m = win.mean(axis=2)
        floor = np.maximum(min_sigma, np.sqrt(m)) if poisson_floor else min_sigma
        mean[:, first:] = m
        sd[:, first:] = np.maximum(win.std(axis=2, ddof=1), floor)
    return mean, sd


# ---------------------------------------------------------------------------------------------
# Farrington-flexible


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
            mu_q = np.fmin(np.exp(np.log(np.maximum(mu, _MU_MIN)) + z * se_eta), exact)
            upper = _count_quantile(1 - alpha, mu_q, phi)
        else:
            upper = _count_quantile(1 - alpha, mu, phi)
    if zero.any():
        upper = np.where(zero, _count_quantile(1 - alpha, exact, phi), upper)
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
    y = _as_counts(counts)
    _check_alpha(alpha)
    if alpha2 is not None:
        _check_alpha(alpha2, "alpha2")
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
    for k in range(_first_week(T, last), T):
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
        method=np.where(ok, "Farrington-flexible", "").astype(_METHOD_WIDTH),
    )
    return _like_input(res, counts)


def _first_week(T: int, last: int | None) -> int:
    if last is None:
        return 0
    if last < 1:
        raise ValueError(f"last must be at least 1, got {last}")
    return max(T - last, 0)


# ---------------------------------------------------------------------------------------------
# detect


def detect(
    counts: ArrayLike,
    method: Literal["auto", "farrington", "ears"] = "auto",
    *,
    alpha: float = 0.02,
    alpha2: float | None = 0.06,
    last: int | None = None,
) -> Signals:
    """Unusual increases in weekly counts: the lägesbild's signals, per week.

    ``"auto"`` judges each week with what its history allows:

    - the first 9 weeks: not judged;
    - less than a year (52 + 3 weeks) before the week: EARS C2 — mean and sd of the 7 weeks
      before a 2-week guard band, alarm above mean + 3 sd, sd at least max(1, √mean);
    - from a year on: Farrington-flexible as Noufaily et al. (2013), up to 5 years back,
      ``"muan"`` negative binomial bounds; the week alarms when its count is above its
      ``1 - alpha`` bound or when it and the week before are together above the ``1 -
      alpha2`` bound of a two-week sum (and the week is itself above its expectation).

    ``"farrington"`` and ``"ears"`` use one method only. ``last`` judges only the newest
    weeks (the rest stay unjudged), which is all a weekly lägesbild needs.

    Calibration (tests/situation/test_signals.py, seeded simulation): on stationary Poisson,
    seasonal and overdispersed (φ = 2) series of 1–20 a week at most 5 % of weeks alarm;
    a doubling lasting two weeks alarms in one of them in ≥ 90 % of cases from 10 a week
    (Poisson). At 5 a week no rule with 5 % false alarms reaches 90 %: even with the mean
    known exactly, the best such test finds the doubling in about 86 % of cases. In the
    first year EARS knows no seasons: while a strong season (±50 %) rises its false alarms
    reach ~10 % at 20 a week (within 5 % averaged over the year).
    """
    y = _as_counts(counts)
    if method not in ("auto", "farrington", "ears"):
        raise ValueError(f"method must be 'auto', 'farrington' or 'ears', not {method!r}")
    first = _first_week(y.shape[1], last)
    early = ears(y, "C2")
    if method == "ears":
        merged = early
    else:
        far = farrington_flexible(y, alpha=alpha, alpha2=alpha2, last=last)
        fill = (~far.evaluated & early.evaluated) if method == "auto" else np.zeros_like(y, bool)
        merged = Signals(
            far.count,
            np.where(fill, early.expected, far.expected),
            np.where(fill, early.threshold, far.threshold),
            np.where(fill, early.score, far.score),
            np.where(fill, early.alarm, far.alarm),
            np.where(fill, early.method, far.method),
        )
    if first > 0:
        merged = _blank_before(merged, first)
    return _like_input(merged, counts)


# ---------------------------------------------------------------------------------------------
# Output helpers


def _blank_before(res: Signals, first: int) -> Signals:
    cut = np.zeros(res.count.shape, dtype=bool)
    cut[:, :first] = True
    return Signals(
        res.count,
        np.where(cut, np.nan, res.expected),
        np.where(cut, np.nan, res.threshold),
        np.where(cut, np.nan, res.score),
        res.alarm & ~cut,
        np.where(cut, "", res.method).astype(_METHOD_WIDTH),
    )


def _like_input(res: Signals, counts: ArrayLike) -> Signals:
    """A single series in, a single series out."""
    return res[0] if np.ndim(counts) == 1 and res.count.ndim == 2 else res
