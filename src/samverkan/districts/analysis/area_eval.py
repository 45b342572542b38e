"""Evaluation of an intervention in one area against comparable areas (pure numpy/scipy).

An intervention (e.g. own trygghetsvärdar replacing guards) starts in ``start_year`` in one
area; the indicator's yearly series of that area and of comparable areas without it (the
donors) are compared before and after. Years before ``start_year`` are *before*; the start
year and later are *after* (the intervention is in place from its start year). Two estimates:

**Difference-in-differences** (``did``):

- counts (``kind="count"``, e.g. klotter incidents per year from EST) reuse the action
  follow-up's Poisson difference-in-differences, :func:`samverkan.actions.analysis.evaluation.did`,
  which needs windows of equal length: the ``min(n_before, n_after)`` years nearest the start
  on each side (so 2016–2025 with start 2021 uses 2016–2020 and 2021–2025, and start 2023
  uses 2020–2022 and 2023–2025). The treated area's counts are summed over each window, and
  each donor's likewise (one count per comparison area, pooled and overdispersion-corrected
  there). Its ``Effect`` is a change in %; its ``too_few`` text speaks of too few incidents.
- rates and levels (``kind="rate"`` or ``"level"``, e.g. employment rate %, trygghetsindex)
  use a difference of means over all years before and after: ``(mean after − mean before)``
  of the treated minus the mean of the same difference over the donors (:class:`MeanDid`,
  in the indicator's unit). Its interval is a prediction interval for the treated area from
  the donors: had it no effect, its own difference would be one more draw from the donors'
  differences, so ``se = sd(donor differences) · sqrt(1 + 1/J)`` with a t quantile on
  ``J − 1`` degrees of freedom. This counts the spread between areas (the dominant source of
  uncertainty with few areas), not only sampling noise within one. Too few with fewer than 2
  donors or no year on either side.

**Synthetic control** (``synth``): :func:`samverkan.districts.analysis.synth.synthetic_control`
on all years, with its placebo p-value and its own ``too_few`` form.

Donors with a missing value (NaN) in any year are dropped (``dropped_donors`` says how many);
the treated area's series must be complete.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special  # not scipy.stats: its import costs seconds at server start-up

from samverkan.actions.analysis.evaluation import Effect, VerdictCode, did
from samverkan.districts.analysis.synth import VERDICTS, Synth, synthetic_control

Kind = Literal["count", "rate", "level"]
KINDS: tuple[Kind, ...] = ("count", "rate", "level")


@dataclass(frozen=True)
class MeanDid:
    """Difference-in-differences of means: ``estimate`` in the indicator's unit, its
    prediction interval ``ci_low``–``ci_high`` at ``level`` (``se`` its standard error) from
    ``n_control_areas`` donors. NaN numbers with ``too_few``."""

    estimate: float
    ci_low: float
    ci_high: float
    se: float
    level: float
    n_control_areas: int
    code: VerdictCode
    verdict: str


@dataclass(frozen=True, eq=False)
class AreaEvaluation:
    """Both estimates of one intervention in one area.

    ``did`` is the actions module's ``Effect`` for counts, a :class:`MeanDid` for rates and
    levels (and, for counts, a too-few ``MeanDid`` when there is no comparison area or no year
    on one side, since :func:`did` needs both). ``years_before``/``years_after`` are the
    years the difference-in-differences used; the synthetic control uses all years, before
    being those before ``start_year``. ``dropped_donors`` were left out for missing values.
    """

    did: Effect | MeanDid
    synth: Synth
    kind: Kind
    start_year: int
    years_before: tuple[int, ...]
    years_after: tuple[int, ...]
    n_donors: int
    dropped_donors: int


def _too_few_mean(level: float, n_control_areas: int) -> MeanDid:
    return MeanDid(
        estimate=math.nan,
        ci_low=math.nan,
        ci_high=math.nan,
        se=math.nan,
        level=level,
        n_control_areas=n_control_areas,
        code="too_few",
        verdict=VERDICTS["too_few"],
    )


def mean_did(
    treated_before: ArrayLike,
    treated_after: ArrayLike,
    donors_before: ArrayLike,
    donors_after: ArrayLike,
    *,
    level: float = 0.95,
) -> MeanDid:
    """Difference-in-differences of means with a donor-based prediction interval.

    ``treated_before`` (n_b,) and ``treated_after`` (n_a,) the treated area's yearly values,
    ``donors_before`` (n_b, J) and ``donors_after`` (n_a, J) the donors'; see the module
    docstring. Too few with J < 2 or an empty side.
    """
    level = _check_level(level)
    tb = np.asarray(treated_before, dtype=float)
    ta = np.asarray(treated_after, dtype=float)
    db = np.asarray(donors_before, dtype=float)
    da = np.asarray(donors_after, dtype=float)
    if db.ndim != 2 or da.ndim != 2 or db.shape[1] != da.shape[1]:
        raise ValueError("donors_before and donors_after must be 2-d with one column per donor")
    if db.shape[0] != tb.size or da.shape[0] != ta.size:
        raise ValueError("donors_before/donors_after must have one row per treated year")
    n_control = int(db.shape[1])
    if n_control < 2 or tb.size == 0 or ta.size == 0:
        return _too_few_mean(level, n_control)
    donor_did = da.mean(axis=0) - db.mean(axis=0)
    estimate = float(ta.mean() - tb.mean() - donor_did.mean())
    se = float(np.std(donor_did, ddof=1) * math.sqrt(1 + 1 / n_control))
    half = float(special.stdtrit(n_control - 1, 0.5 + level / 2)) * se
    lo, hi = estimate - half, estimate + half
    code: VerdictCode = "decrease" if hi < 0 else "increase" if lo > 0 else "no_clear_change"
    return MeanDid(
        estimate=estimate,
        ci_low=lo,
        ci_high=hi,
        se=se,
        level=level,
        n_control_areas=n_control,
        code=code,
        verdict=VERDICTS[code],
    )


def _check_level(level: float) -> float:
    if not (isinstance(level, int | float) and math.isfinite(level) and 0 < level < 1):
        raise ValueError(f"level must lie in (0, 1), got {level!r}")
    return float(level)


def _years(years: Sequence[int], n_years: int) -> NDArray[np.int64]:
    arr = np.asarray(years)
    if arr.ndim != 1 or arr.size != n_years:
        raise ValueError(f"years must be a sequence of {n_years} years (one per value)")
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f"years must be integers, got {list(years)!r}")
    out = arr.astype(np.int64)
    if np.any(np.diff(out) <= 0):
        raise ValueError(f"years must be strictly increasing, got {list(years)!r}")
    return out


def evaluate(
    treated: ArrayLike,
    donors: ArrayLike,
    years: Sequence[int],
    start_year: int,
    kind: Kind,
    *,
    level: float = 0.95,
    alpha: float = 0.10,
) -> AreaEvaluation:
    """Difference-in-differences and synthetic control of an intervention from ``start_year``.

    ``treated`` (T,) the treated area's yearly values, ``donors`` (T, J) the comparable areas'
    (NaN allowed: such donors are dropped), ``years`` (T,) strictly increasing. ``level`` is
    the DiD interval's, ``alpha`` the synthetic control's test level. Few donors or years give
    ``too_few`` verdicts, never an exception.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    level = _check_level(level)
    if isinstance(start_year, bool) or not isinstance(start_year, int | np.integer):
        raise ValueError(f"start_year must be an integer year, got {start_year!r}")
    try:
        y1 = np.asarray(treated, dtype=float)
        y0 = np.asarray(donors, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError("treated and donors must be numeric arrays") from exc
    if y1.ndim != 1:
        raise ValueError(f"treated must be a 1-d array (T,), got shape {y1.shape}")
    if y0.ndim != 2 or y0.shape[0] != y1.size:
        raise ValueError(f"donors must have shape ({y1.size}, J), got {y0.shape}")
    if not np.all(np.isfinite(y1)):
        raise ValueError("treated must be complete (no NaN or inf in any year)")
    yrs = _years(years, y1.size)
    if kind == "count":
        for name, arr in (("treated", y1), ("donors", y0)):
            vals = arr[np.isfinite(arr)]
            if np.any(vals < 0) or np.any(vals != np.round(vals)):
                raise ValueError(f"{name} must be non-negative whole numbers for kind 'count'")

    complete = np.all(np.isfinite(y0), axis=0)
    dropped = int(np.sum(~complete))
    y0 = y0[:, complete]
    n_donors = int(y0.shape[1])

    before = yrs < int(start_year)
    n_before, n_after = int(before.sum()), int((~before).sum())
    synth = synthetic_control(y1, y0, n_before, alpha=alpha)

    effect: Effect | MeanDid
    if kind == "count":
        width = min(n_before, n_after)
        idx_b = np.arange(n_before - width, n_before)
        idx_a = np.arange(n_before, n_before + width)
        if width == 0 or n_donors == 0:
            effect = _too_few_mean(level, n_donors)
        else:
            effect = did(
                y1[idx_b].sum(),
                y1[idx_a].sum(),
                y0[idx_b].sum(axis=0),
                y0[idx_a].sum(axis=0),
                level=level,
            )
    else:
        idx_b, idx_a = np.arange(n_before), np.arange(n_before, y1.size)
        effect = mean_did(y1[idx_b], y1[idx_a], y0[idx_b], y0[idx_a], level=level)

    return AreaEvaluation(
        did=effect,
        synth=synth,
        kind=kind,
        start_year=int(start_year),
        years_before=tuple(int(y) for y in yrs[idx_b]),
        years_after=tuple(int(y) for y in yrs[idx_a]),
        n_donors=n_donors,
        dropped_donors=dropped,
    )
