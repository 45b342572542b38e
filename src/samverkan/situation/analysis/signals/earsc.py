"""EARS C1, C2 and C3: a week's count against the mean and sd of the weeks just before it,
for histories shorter than a year (R ``surveillance::earsC``)."""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from samverkan.situation.analysis.signals.results import (
    METHOD_WIDTH,
    FloatArray,
    Signals,
    as_counts,
    like_input,
)

EarsMethod = Literal["C1", "C2", "C3"]


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
    y = as_counts(counts)
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
        method=np.where(ok, f"EARS {method}", "").astype(METHOD_WIDTH),
    )
    return like_input(res, counts)


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
