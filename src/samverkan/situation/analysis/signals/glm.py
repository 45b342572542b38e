"""The quasi-Poisson log-linear fits of Farrington-flexible: a general one by IRLS (as R's
``glm``) and the seasonal-levels model in closed form for many series at once, with the
Anscombe residuals and weights that discount past outbreaks."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from samverkan.situation.analysis.signals.results import BoolArray, FloatArray, as_counts

MU_MIN = float(np.finfo(float).eps)  # R's poisson()$linkinv keeps μ above this


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
    ya = as_counts(y)[0]
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
        mu = np.maximum(np.exp(np.minimum(eta, 700.0)), MU_MIN)
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
