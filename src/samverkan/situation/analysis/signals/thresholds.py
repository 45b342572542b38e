"""Upper bounds of a week's count: R ``surveillance``'s Farrington threshold helpers and the
discrete distributions under them (scipy.special only; scipy.stats costs seconds at start-up).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from samverkan.situation.analysis.signals.results import BoolArray, FloatArray, check_alpha

ThresholdMethod = Literal["muan", "nbPlugin", "delta"]
SkewnessTransform = Literal["none", "1/2", "2/3"]

_FUZZ = 1 - 64 * float(np.finfo(float).eps)  # R's left-continuity fuzz in discrete quantiles


@dataclass(frozen=True)
class Bounds:
    """What R's Farrington threshold helpers return: the bounds of the ``1 - alpha``
    prediction interval, the probability of a count at least as large as the observed one
    under the predictive distribution, and the exceedance score."""

    lower: FloatArray
    upper: FloatArray
    prob: FloatArray
    score: FloatArray


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


def count_cdf(k: FloatArray, mu: FloatArray, phi: FloatArray) -> FloatArray:
    """CDF of a count with mean μ and variance φμ: negative binomial, Poisson when φ ≤ 1."""
    over, size, prob = _nb_params(mu, phi)
    return np.asarray(np.where(over, _nbinom_cdf(k, size, prob), _poisson_cdf(k, mu)))


def count_quantile(q: float, mu: FloatArray, phi: FloatArray) -> FloatArray:
    """R's ``qnbinom(q, μ/(φ-1), 1/φ)``, or ``qpois(q, μ)`` where φ ≤ 1."""
    mu, phi = np.broadcast_arrays(np.asarray(mu, dtype=float), np.asarray(phi, dtype=float))
    sd = np.sqrt(np.maximum(phi * mu, 0))
    return _quantile(lambda k: count_cdf(k, mu, phi), q, mu, sd)


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
    check_alpha(alpha)
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
    check_alpha(alpha)
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
    lower = np.where(finite, count_quantile(alpha, mu_safe, phi_a), np.nan)
    upper = np.where(finite, count_quantile(1 - alpha, mu_safe, phi_a), np.nan)
    prob = np.where(finite, 1 - count_cdf(y_a - 1, mu_safe, phi_a), np.nan)
    mu0 = np.exp(eta0)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = (y_a - mu0) / (upper - mu0)
    return Bounds(np.maximum(lower, 0.0), upper, prob, np.asarray(score))
