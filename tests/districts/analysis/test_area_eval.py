"""The area-level evaluation: the counts reuse the actions' DiD on equal windows, the rates a
difference of means whose interval holds its level on placebo panels, and too few says so."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.typing import NDArray

from samverkan.actions.analysis.evaluation import Effect, did
from samverkan.districts.analysis.area_eval import MeanDid, evaluate, mean_did

YEARS = list(range(2016, 2026))
TOO_FEW = "för få jämförelseområden för att säga något"


def _counts(
    rng: np.random.Generator, n_donors: int, effect: float = 1.0
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Yearly klotter counts: 40 a year in the treated, 20–60 in the donors, ``effect`` times
    the treated's rate from 2021."""
    base = rng.uniform(20, 60, size=n_donors)
    donors = rng.poisson(np.tile(base, (len(YEARS), 1))).astype(float)
    rate = np.where(np.array(YEARS) >= 2021, 40 * effect, 40)
    return rng.poisson(rate).astype(float), donors


def test_counts_use_the_action_did_on_equal_windows_nearest_the_start() -> None:
    treated, donors = _counts(np.random.default_rng(1), 6)
    res = evaluate(treated, donors, YEARS, 2021, "count")
    assert res.years_before == (2016, 2017, 2018, 2019, 2020)
    assert res.years_after == (2021, 2022, 2023, 2024, 2025)
    expected = did(
        treated[:5].sum(), treated[5:].sum(), donors[:5].sum(axis=0), donors[5:].sum(axis=0)
    )
    assert isinstance(res.did, Effect)
    assert res.did == expected  # the same function, not a second DiD
    later = evaluate(treated, donors, YEARS, 2023, "count")  # 3 years after: 3 before
    assert (later.years_before, later.years_after) == ((2020, 2021, 2022), (2023, 2024, 2025))
    assert later.did.treated_before == int(treated[4:7].sum())  # type: ignore[union-attr]


def test_a_halved_count_is_found_by_the_did() -> None:
    treated, donors = _counts(np.random.default_rng(7), 8, effect=0.5)
    res = evaluate(treated, donors, YEARS, 2021, "count")
    assert isinstance(res.did, Effect)
    assert res.did.code == "decrease"
    assert res.did.change_pct == pytest.approx(-50, abs=15)
    assert res.synth.code == "too_few"  # 8 donors: 1/9 > 0.10, the placebos cannot say


def test_a_rate_change_is_estimated_in_its_unit_with_an_interval() -> None:
    rng = np.random.default_rng(3)
    donors = 60 + rng.normal(size=(1, 12)) * 8 + rng.normal(size=(10, 12))
    treated = donors[:, :3].mean(axis=1) + rng.normal(size=10) * 0.3
    treated[5:] += 5  # five percentage points more in work from 2021
    res = evaluate(treated, donors, YEARS, 2021, "rate")
    assert isinstance(res.did, MeanDid)
    assert res.did.estimate == pytest.approx(5, abs=1.5)
    assert res.did.ci_low < 5 < res.did.ci_high
    assert (res.did.code, res.did.verdict) == ("increase", "ökning")
    assert res.did.n_control_areas == 12


def test_the_rate_interval_covers_a_null_effect_at_its_level() -> None:
    """Placebo panels (the treated one more draw of the donors): the 95 % interval holds 0 in
    about 95 % of them, within three binomial standard errors."""
    rng = np.random.default_rng(11)
    n, hits = 400, 0
    for _ in range(n):
        areas = 50 + rng.normal(size=(1, 9)) * 10 + rng.normal(size=(10, 9)) * 2
        areas[5:] += rng.normal(size=(1, 9)) * 1.5  # each area's own shift after the start
        m = mean_did(areas[:5, 0], areas[5:, 0], areas[:5, 1:], areas[5:, 1:])
        hits += m.ci_low <= 0 <= m.ci_high
    assert abs(hits / n - 0.95) <= 3 * math.sqrt(0.95 * 0.05 / n)


def test_too_few_comparison_areas_say_so() -> None:
    rng = np.random.default_rng(2)
    donors = 50 + rng.normal(size=(10, 3))
    treated = donors.mean(axis=1) + 10 * (np.array(YEARS) >= 2021)
    res = evaluate(treated, donors, YEARS, 2021, "level")
    assert (res.synth.code, res.synth.verdict) == ("too_few", TOO_FEW)
    assert res.did.code == "increase"  # three donors still give the DiD an interval
    one = evaluate(treated, donors[:, :1], YEARS, 2021, "level")
    assert (one.did.code, one.did.verdict) == ("too_few", TOO_FEW)
    assert math.isnan(one.did.estimate)  # type: ignore[union-attr]
    none = evaluate(treated, donors[:, :0], YEARS, 2021, "rate")
    assert none.did.code == none.synth.code == "too_few"
    after_all = evaluate(treated, donors, YEARS, 2030, "rate")  # no year after the start
    assert after_all.did.code == after_all.synth.code == "too_few"


def test_donors_with_gaps_are_dropped_and_counted() -> None:
    rng = np.random.default_rng(4)
    donors = 50 + rng.normal(size=(10, 6))
    donors[3, 2] = np.nan
    res = evaluate(donors[:, 0] + 1, donors[:, 1:], YEARS, 2021, "rate")
    assert (res.n_donors, res.dropped_donors) == (4, 1)


def test_bad_input_names_what_is_wrong() -> None:
    y = np.ones(10)
    with pytest.raises(ValueError, match="kind"):
        evaluate(y, np.ones((10, 4)), YEARS, 2021, "share")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="whole numbers"):
        evaluate(y * 1.5, np.ones((10, 4)), YEARS, 2021, "count")
    with pytest.raises(ValueError, match="years"):
        evaluate(y, np.ones((10, 4)), YEARS[::-1], 2021, "rate")
    with pytest.raises(ValueError, match="treated must be complete"):
        evaluate(np.r_[y[:9], np.nan], np.ones((10, 4)), YEARS, 2021, "rate")
    with pytest.raises(ValueError, match="donors must have shape"):
        evaluate(y, np.ones((9, 4)), YEARS, 2021, "rate")
