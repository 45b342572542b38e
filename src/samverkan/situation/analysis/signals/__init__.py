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

Modules: ``earsc`` (EARS), ``flexible`` (Farrington-flexible), ``glm`` (its quasi-Poisson
fits), ``thresholds`` (the bounds and their distributions), ``results`` (:class:`Signals`
and the input checks); :func:`detect` is here.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from samverkan.situation.analysis.signals.earsc import EarsMethod, ears
from samverkan.situation.analysis.signals.flexible import (
    WEEKS_PER_YEAR,
    farrington_flexible,
    reference_weeks,
    year_lags,
)
from samverkan.situation.analysis.signals.glm import (
    LevelFit,
    QuasiPoissonFit,
    anscombe_residuals,
    farrington_weights,
    fit_levels,
    fit_quasi_poisson,
)
from samverkan.situation.analysis.signals.results import (
    Signals,
    as_counts,
    blank_before,
    first_week,
    like_input,
)
from samverkan.situation.analysis.signals.thresholds import (
    Bounds,
    SkewnessTransform,
    ThresholdMethod,
    farrington_threshold,
    noufaily_threshold,
)

__all__ = [
    "WEEKS_PER_YEAR",
    "Bounds",
    "EarsMethod",
    "LevelFit",
    "QuasiPoissonFit",
    "Signals",
    "SkewnessTransform",
    "ThresholdMethod",
    "anscombe_residuals",
    "detect",
    "ears",
    "farrington_flexible",
    "farrington_threshold",
    "farrington_weights",
    "fit_levels",
    "fit_quasi_poisson",
    "noufaily_threshold",
    "reference_weeks",
    "year_lags",
]


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
    y = as_counts(counts)
    if method not in ("auto", "farrington", "ears"):
        raise ValueError(f"method must be 'auto', 'farrington' or 'ears', not {method!r}")
    first = first_week(y.shape[1], last)
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
        merged = blank_before(merged, first)
    return like_input(merged, counts)
