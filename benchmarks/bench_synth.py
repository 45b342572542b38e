"""A district intervention's synthetic control with its in-space placebos
(``districts.analysis.synth.synthetic_control``) against pysyncon's ``Synth`` fitting the same
21 problems (the treated area and each donor in turn, on the pre-period outcome path).

The data, synthetic and seeded: 20 comparison districts and one treated district over 15
years (10 before the start), each year a district's value ``a_i + δ_t + λ_t · μ_i + ε`` with
two factors, as the tests' panels. pysyncon is given every pre year as a predictor with the
weights that make its loss the pre-period MSPE (the mean predictor it insists on weighted 0),
so both solve the same problem; the pre RMSPE of ours must be no worse than pysyncon's on the
treated fit.

The goal: the whole evaluation (21 fits, the p-value) under 0.5 s (median of 5 runs), the
page's budget; pysyncon's 21 fits timed once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from benchmarks import Result, median, timed
from samverkan.districts.analysis.synth import synthetic_control

N_DONORS = 20
N_YEARS = 15
N_PRE = 10
GOAL_S = 0.5
REPEAT = 5


def panel(seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    lam = rng.normal(size=(N_YEARS, 2)) * 3
    mu = rng.uniform(0.5, 2.0, size=(2, N_DONORS + 1))
    a = rng.normal(50, 5, size=N_DONORS + 1)
    delta = np.linspace(0, 5, N_YEARS)
    return a + delta[:, None] + lam @ mu + rng.normal(size=(N_YEARS, N_DONORS + 1))


def _pysyncon_fit(y: np.ndarray, treated: int, controls: list[int]) -> float:
    """pysyncon's pre-period MSPE of unit ``treated`` from ``controls``."""
    from pysyncon import Dataprep, Synth

    years = list(range(2011, 2011 + N_YEARS))
    df = pd.DataFrame(
        [(f"u{j}", years[t], y[t, j]) for j in range(y.shape[1]) for t in range(N_YEARS)],
        columns=["unit", "year", "y"],
    )
    pre = years[:N_PRE]
    dataprep = Dataprep(
        foo=df,
        predictors=["y"],
        predictors_op="mean",
        dependent="y",
        unit_variable="unit",
        time_variable="year",
        treatment_identifier=f"u{treated}",
        controls_identifier=[f"u{j}" for j in controls],
        time_predictors_prior=pre,
        time_optimize_ssr=pre,
        special_predictors=[("y", [yr], "mean") for yr in pre],
    )
    x0, x1 = dataprep.make_covariate_mats()
    v = np.array((pd.concat([x0, x1], axis=1).std(axis=1) ** 2).to_numpy(), dtype=float)
    v[0] = 0.0
    synth = Synth()
    synth.fit(dataprep=dataprep, custom_V=v)
    z0, z1 = dataprep.make_outcome_mats(time_period=pre)
    path = (z0 * synth.W).sum(axis=1).to_numpy()
    return float(np.mean((z1.to_numpy() - path) ** 2))


def _pysyncon_all(y: np.ndarray) -> float:
    """The treated fit and every donor's placebo fit; the treated MSPE."""
    donors = list(range(1, N_DONORS + 1))
    mspe = _pysyncon_fit(y, 0, donors)
    for j in donors:
        _pysyncon_fit(y, j, [k for k in donors if k != j])
    return mspe


def run() -> list[Result]:
    y = panel()
    ours_s = median(
        [timed(lambda: synthetic_control(y[:, 0], y[:, 1:], N_PRE))[0] for _ in range(REPEAT)]
    )
    res = synthetic_control(y[:, 0], y[:, 1:], N_PRE)
    peer_s, peer = timed(lambda: _pysyncon_all(y))
    peer_mspe = float(peer)  # type: ignore[arg-type]
    ours_mspe = float(res.pre_rmspe**2)
    ratio = peer_s / ours_s
    return [
        Result(
            benchmark="synth",
            name=f"synthetic control, {N_DONORS} districts × {N_YEARS} years, with its placebos",
            value=ours_s * 1000,
            unit="ms",
            peer="pysyncon Synth, the same 21 fits",
            peer_value=peer_s * 1000,
            ratio=ratio,
            ratio_text=f"{ratio:.0f}× faster",
            goal=f"< {GOAL_S * 1000:.0f} ms, a fit no worse than the peer's",
            ok=ours_s < GOAL_S and ours_mspe <= peer_mspe * (1 + 1e-6),
            notes=(
                f"pre-period MSPE {ours_mspe:.4f} (pysyncon {peer_mspe:.4f}); "
                f"placebo p = {res.p_value:.3f}"
            ),
        )
    ]
