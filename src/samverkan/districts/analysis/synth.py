"""Synthetic control of one area on its outcome path, with in-space placebo inference (pure).

The method
----------
An intervention starts in one area (the treated) after ``n_pre`` years; ``J`` comparable areas
without it are the donors. The synthetic control (Abadie, Diamond & Hainmueller 2010) is the
convex combination of donors that best reproduces the treated area's path before the start,

    w = argmin ||Y1_pre − Y0_pre w||²   subject to   w ≥ 0, Σ w = 1,

here on the outcome path only (every pre year a predictor with equal weight, so the fit is
the pre-period mean squared prediction error, MSPE). Its path ``Y0 w`` over all years is
what the treated area would have looked like without the intervention; the gap ``Y1 − Y0 w``
after the start is the estimated effect, reported as its mean (``effect``). Weights need not
be unique (with fewer pre years than donors several combinations may fit equally well); the
synthetic path and the fit are.

The problem is solved as a non-negative least-squares problem (``scipy.optimize.nnls``,
Lawson–Hanson active set, deterministic) on the system augmented with a heavily weighted row
``c · 1ᵀ w = c`` after centring each year on the donors' mean and scaling (both leave the
problem unchanged because the weights sum to 1); the weights it finds are then polished by an
exact least-squares solve with ``Σ w = 1`` on their support.

Uncertainty
-----------
In-space placebos (Abadie et al. 2010): each donor in turn is treated as if it had had the
intervention, with the other donors (never the real treated area) as its pool. For every unit
the ratio of post- to pre-period root MSPE says how large the post gap is relative to how well
the unit was fitted; the p-value is the treated area's rank among the ``J + 1`` ratios,
``p = #{ratios ≥ treated ratio} / (J + 1)`` (ties count against the treated). With the treated
exchangeable with its donors, ``P(p ≤ α) ≤ α``. A pre RMSPE of exactly 0 is floored at a tiny
multiple of the data's size so the ratio stays finite.

Verdict
-------
"för få jämförelseområden för att säga något" (``too_few``) when there are fewer than
``MIN_DONORS`` (4) donors, fewer than ``MIN_PRE`` (3) years before the start or no year after
it, or when the smallest attainable p-value ``1/(J + 1)`` is above ``alpha``: then the
placebos can never say anything (with the default ``alpha = 0.10`` that needs at least 9
donors). Otherwise "minskning" (``decrease``) or "ökning" (``increase``) by the sign of the
effect when ``p ≤ alpha``, else "ingen säker skillnad" (``no_clear_change``). ``alpha = 0.10``
is customary in the synthetic-control literature, where 10–40 donors make finer levels
unattainable.

``poor_fit`` flags a pre-period fit that does not reproduce the treated area: its pre RMSPE
above ``POOR_FIT`` (0.5) times the standard deviation of the treated pre series, i.e. the
synthetic control explains less than about three quarters of the treated area's variation
before the start (typically the treated lies outside the donors' range). The verdict is then
to be read with caution: the gap may be the misfit, not the intervention.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import nnls

VerdictCode = Literal["decrease", "increase", "no_clear_change", "too_few"]

VERDICTS: dict[VerdictCode, str] = {
    "decrease": "minskning",
    "increase": "ökning",
    "no_clear_change": "ingen säker skillnad",
    "too_few": "för få jämförelseområden för att säga något",
}

MIN_DONORS = 4
MIN_PRE = 3
POOR_FIT = 0.5
_CONSTRAINT_WEIGHT = 1e4  # weight of the Σw = 1 row in the augmented NNLS (scaled units)
_FLOOR = 1e-12  # pre RMSPE floor, relative to the data's largest absolute value


@dataclass(frozen=True, eq=False)
class Synth:
    """A synthetic control of one area and its placebo test.

    ``weights`` (J,) of the donors; ``synthetic`` and ``gap`` (T,) the synthetic path and the
    treated minus it; ``pre_rmspe``/``post_rmspe`` the root mean squared gap before and after
    the start, ``ratio`` post over pre; ``effect`` the mean post gap (in the outcome's unit).
    ``placebo_ratios`` (J,) are the donors' ratios as placebos, ``p_value`` the treated
    ratio's rank among them. NaN where a quantity cannot be computed (no donors, no post
    years, fewer than two donors for placebos); the verdict is then ``too_few``.
    """

    weights: NDArray[np.float64]
    synthetic: NDArray[np.float64]
    gap: NDArray[np.float64]
    pre_rmspe: float
    post_rmspe: float
    ratio: float
    effect: float
    placebo_ratios: NDArray[np.float64]
    p_value: float
    n_donors: int
    n_pre: int
    n_post: int
    alpha: float
    poor_fit: bool
    code: VerdictCode
    verdict: str


# ---------------------------------------------------------------------------------------------
# Validation


def _check_alpha(alpha: float) -> float:
    if not (isinstance(alpha, int | float) and math.isfinite(alpha) and 0 < alpha < 1):
        raise ValueError(f"alpha must lie in (0, 1), got {alpha!r}")
    return float(alpha)


def _matrix(name: str, value: ArrayLike, ndim: int) -> NDArray[np.float64]:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric, got {value!r}") from exc
    if arr.ndim != ndim:
        shape = "(T,)" if ndim == 1 else "(T, J)"
        raise ValueError(f"{name} must be a {ndim}-d array of shape {shape}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    return arr


# ---------------------------------------------------------------------------------------------
# The weights


def simplex_weights(target: ArrayLike, donors: ArrayLike) -> NDArray[np.float64]:
    """``argmin ||target − donors @ w||²`` over ``w ≥ 0, Σ w = 1`` (see the module docstring).

    ``target`` (n,), ``donors`` (n, J) with J ≥ 1; deterministic.
    """
    y = _matrix("target", target, 1)
    x = _matrix("donors", donors, 2)
    if x.shape[0] != y.size or x.shape[1] == 0:
        raise ValueError(f"donors must have shape ({y.size}, J ≥ 1), got {x.shape}")
    n_donors = x.shape[1]
    if n_donors == 1:
        return np.ones(1)
    centre = x.mean(axis=1)
    xc, yc = x - centre[:, None], y - centre
    scale = max(float(np.max(np.abs(xc))), float(np.max(np.abs(yc))))
    if scale == 0.0:  # every donor equals the target: any weights fit; take equal ones
        return np.full(n_donors, 1.0 / n_donors)
    xc, yc = xc / scale, yc / scale
    c = _CONSTRAINT_WEIGHT * math.sqrt(y.size)
    a = np.vstack([xc, np.full((1, n_donors), c)])
    b = np.append(yc, c)
    w, _ = nnls(a, b, maxiter=100 * n_donors)
    w = np.clip(w, 0.0, None)
    w = w / w.sum() if w.sum() > 0 else np.full(n_donors, 1.0 / n_donors)
    return _polish(yc, xc, w)


def _polish(y: NDArray[np.float64], x: NDArray[np.float64], w: NDArray[np.float64]) -> NDArray:
    """Solve exactly with Σ w = 1 on the support of ``w``; keep ``w`` if that leaves w ≥ 0."""
    support = np.flatnonzero(w > 1e-10)
    if support.size < 2:
        out = np.zeros_like(w)
        out[support if support.size else np.argmax(w)] = 1.0
        return out
    xs = x[:, support]
    # w_S = e_0 + N z with N = [−1ᵀ; I]: an unconstrained least-squares problem in z
    z, *_ = np.linalg.lstsq(xs[:, 1:] - xs[:, :1], y - xs[:, 0], rcond=None)
    ws = np.concatenate([[1.0 - z.sum()], z])
    if np.any(ws < -1e-9):
        return w
    ws = np.clip(ws, 0.0, None)
    candidate = np.zeros_like(w)
    candidate[support] = ws / ws.sum()
    if np.sum((y - x @ candidate) ** 2) <= np.sum((y - x @ w) ** 2):
        return candidate
    return w


def _rmspe(gap: NDArray[np.float64]) -> float:
    return float(np.sqrt(np.mean(gap**2))) if gap.size else math.nan


def _ratio(gap: NDArray[np.float64], n_pre: int, floor: float) -> float:
    pre, post = _rmspe(gap[:n_pre]), _rmspe(gap[n_pre:])
    return post / max(pre, floor)


# ---------------------------------------------------------------------------------------------
# The synthetic control


def synthetic_control(
    treated: ArrayLike,
    donors: ArrayLike,
    n_pre: int,
    *,
    alpha: float = 0.10,
) -> Synth:
    """Synthetic control of ``treated`` (T,) from ``donors`` (T, J), the first ``n_pre`` years
    before the start, with in-space placebos and a verdict at level ``alpha``.

    Few donors or years give the ``too_few`` form (never an exception); invalid input
    (NaN, shapes, ``n_pre`` outside 0..T) raises ``ValueError`` naming the argument.
    """
    alpha = _check_alpha(alpha)
    y1 = _matrix("treated", treated, 1)
    y0 = _matrix("donors", donors, 2)
    n_years = y1.size
    if y0.shape[0] != n_years:
        raise ValueError(
            f"donors must have one row per year of treated ({n_years}), got {y0.shape}"
        )
    if isinstance(n_pre, bool) or not isinstance(n_pre, int | np.integer):
        raise ValueError(f"n_pre must be an integer, got {n_pre!r}")
    n_pre = int(n_pre)
    if not 0 <= n_pre <= n_years:
        raise ValueError(f"n_pre must lie in 0..{n_years} (the number of years), got {n_pre}")
    n_donors, n_post = y0.shape[1], n_years - n_pre
    nan_path = np.full(n_years, math.nan)

    if n_donors == 0 or n_pre == 0:
        weights, synthetic = np.full(n_donors, math.nan), nan_path
    else:
        weights = simplex_weights(y1[:n_pre], y0[:n_pre])
        synthetic = y0 @ weights
    gap = y1 - synthetic
    pre_rmspe, post_rmspe = _rmspe(gap[:n_pre]), _rmspe(gap[n_pre:])
    floor = _FLOOR * max(1.0, float(np.max(np.abs(y0), initial=0.0)), float(np.max(np.abs(y1))))
    ratio = post_rmspe / max(pre_rmspe, floor) if n_pre and n_post else math.nan
    effect = float(np.mean(gap[n_pre:])) if n_post else math.nan

    placebo = np.full(n_donors, math.nan)
    p_value = math.nan
    if n_donors >= 2 and n_pre and n_post:
        for j in range(n_donors):
            pool = np.delete(y0, j, axis=1)
            w_j = simplex_weights(y0[:n_pre, j], pool[:n_pre])
            placebo[j] = _ratio(y0[:, j] - pool @ w_j, n_pre, floor)
        p_value = float((1 + np.sum(placebo >= ratio)) / (n_donors + 1))

    sd = float(np.std(y1[:n_pre], ddof=1)) if n_pre >= 2 else math.nan
    poor_fit = bool(n_pre >= 2 and pre_rmspe > max(POOR_FIT * sd, floor))

    code: VerdictCode
    if (
        n_donors < MIN_DONORS
        or n_pre < MIN_PRE
        or n_post < 1
        or 1.0 / (n_donors + 1) > alpha
        or not math.isfinite(p_value)
    ):
        code = "too_few"
    elif p_value <= alpha and effect < 0:
        code = "decrease"
    elif p_value <= alpha and effect > 0:
        code = "increase"
    else:
        code = "no_clear_change"

    return Synth(
        weights=weights,
        synthetic=synthetic,
        gap=gap,
        pre_rmspe=pre_rmspe,
        post_rmspe=post_rmspe,
        ratio=ratio,
        effect=effect,
        placebo_ratios=placebo,
        p_value=p_value,
        n_donors=n_donors,
        n_pre=n_pre,
        n_post=n_post,
        alpha=alpha,
        poor_fit=poor_fit,
        code=code,
        verdict=VERDICTS[code],
    )
