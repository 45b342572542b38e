"""What became of a program's participants, in the words of the program's reports, the ESF+
indicators and the figures that may leave the organisation.

- :func:`result`: a participant's result on a day, one of :data:`RESULTS`, from where the
  pathway stands (the exit's reason decides once exited, else the placement's kind).
- The ESF+ common indicators from the stored codes: the age band at entry (:data:`ESF_AGES`,
  the bands of the common output indicators: below 18, 18–29, 30–54, 55 and over), the result
  at exit and six months after it (:data:`ESF_RESULTS`).
- :func:`stage_times`: the time in each stage from a histogram that a grouped query counts
  (``(stage, days, still, n)``), the same numbers as :func:`.flows.stage_times` on the full
  histories, with numpy's linear quartiles (:func:`percentiles`).
- :func:`suppress_linked`: small-number suppression of several tables of the same people
  that share their columns (district × result, gender × result, age band × result): published
  together, a column's total in one table is known in every other, so the tables are
  suppressed as one system of relations, and nothing hidden can be worked out from all of them
  together (:func:`disclosed_linked`, exact).

Pure functions; no session, no HTTP.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from samverkan.core.errors import N_
from samverkan.core.suppression import THRESHOLD, Published, small
from samverkan.employment.analysis.flows import FINAL, STAGES, StageTime

# A participant's result: still in the program (not placed in work or studies), in work
# (a job, an own business, self-sufficient), in studies, or left for another reason.
RESULTS = ("ongoing", "work", "studies", "left")
RESULT_LABELS = {
    "ongoing": N_("in the program"),
    "work": N_("in work"),
    "studies": N_("in studies"),
    "left": N_("left for another reason"),
}
WORK_EXITS = frozenset({"job", "own_business", "self_sufficient"})
WORK_PLACEMENTS = frozenset({"employment", "own_business"})

# ESF+ common output indicators: the age at entry in their bands, from the stored bands.
ESF_AGES = ("under_18", "18_29", "30_54", "55_plus")
ESF_AGE_LABELS = {
    "under_18": N_("below 18"),
    "18_29": N_("18–29"),
    "30_54": N_("30–54"),
    "55_plus": N_("55 and over"),
}
ESF_AGE_OF_BAND = {
    "15-17": "under_18",
    "18-24": "18_29",
    "25-29": "18_29",
    "30-54": "30_54",
    "55-64": "55_plus",
    "65+": "55_plus",
}
# ESF+ common result indicators: in employment (incl. self-employment), in education or
# training, job searching, or none of these.
ESF_RESULTS = ("employed", "education", "job_searching", "other")
ESF_RESULT_LABELS = {
    "employed": N_("in employment, incl. self-employment"),
    "education": N_("in education or training"),
    "job_searching": N_("job searching"),
    "other": N_("other"),
}
_ESF_OF_FOLLOWUP = {
    "employed": "employed",
    "own_business": "employed",
    "studies": "education",
    "job_seeking": "job_searching",
    "inactive": "other",
}


def result(stage: str, placement: str | None, exit_reason: str | None) -> str:
    """The result of a participant in ``stage`` (with the placement and the exit reason known
    on the day): one of :data:`RESULTS`. An internship is not yet a result: ongoing."""
    if stage == "exited" or exit_reason is not None:
        if exit_reason in WORK_EXITS:
            return "work"
        return "studies" if exit_reason == "studies" else "left"
    if placement in WORK_PLACEMENTS:
        return "work"
    return "studies" if placement == "studies" else "ongoing"


def esf_age(age_band: str) -> str:
    """The ESF+ age band of a stored age band (``"25-29"`` → ``"18_29"``)."""
    try:
        return ESF_AGE_OF_BAND[age_band]
    except KeyError:
        raise ValueError(f"unknown age band {age_band!r}") from None


def esf_result_at_exit(exit_reason: str | None, first_followup: str | None = None) -> str | None:
    """The ESF+ result upon leaving: the exit's reason when it says work or studies, else what
    the first follow-up (one month after, "within four weeks") found, else ``other``; None
    while the participant has not left."""
    if exit_reason is None:
        return None
    if exit_reason in WORK_EXITS:
        return "employed"
    if exit_reason == "studies":
        return "education"
    return _ESF_OF_FOLLOWUP.get(first_followup or "", "other")


def esf_result_after(followup_status: str | None) -> str | None:
    """The ESF+ result at a later follow-up (six months after leaving): None while it is not
    recorded or the person was not reached."""
    return _ESF_OF_FOLLOWUP.get(followup_status or "")


def percentiles(
    values: Sequence[float], counts: Sequence[int], qs: Sequence[float] = (25, 50, 75)
) -> list[float]:
    """``np.percentile(np.repeat(values, counts), qs)`` (the linear method) without the
    repeat: the order statistics found in the cumulative counts."""
    v = np.asarray(values, dtype=float)
    c = np.asarray(counts, dtype=np.int64)
    if v.shape != c.shape or (c < 0).any():
        raise ValueError("values and counts: the same length, counts 0 or more")
    keep = c > 0
    v, c = v[keep], c[keep]
    if not len(v):
        raise ValueError("percentiles of nothing")
    order = np.argsort(v, kind="stable")
    v, cum = v[order], np.cumsum(c[order])
    n = int(cum[-1])
    out = []
    for q in qs:
        h = (n - 1) * float(q) / 100.0
        lo = int(np.floor(h))
        hi = min(lo + 1, n - 1)
        a, b = v[np.searchsorted(cum, [lo, hi], side="right")]
        out.append(float(a + (h - lo) * (b - a)))
    return out


def stage_times(
    histogram: Iterable[tuple[str, int, bool, int]],
    *,
    order: Sequence[str] = STAGES,
    final: Sequence[str] = FINAL,
    min_n: int = THRESHOLD,
) -> list[StageTime]:
    """The time in each stage from ``(stage, days, still, n)``: ``n`` participants spent
    ``days`` in ``stage`` in all, ``still`` in it today (their time so far counted). A row for
    every non-final stage of ``order`` and every other stage seen, in pathway order; the
    quartiles None under ``min_n`` people, as :func:`.flows.stage_times`."""
    days: dict[str, dict[int, int]] = {s: {} for s in order if s not in final}
    still: dict[str, int] = dict.fromkeys(days, 0)
    for stage, d, is_open, n in histogram:
        if stage in final:
            continue
        row = days.setdefault(stage, {})
        row[int(d)] = row.get(int(d), 0) + int(n)
        still[stage] = still.get(stage, 0) + (int(n) if is_open else 0)
    known = {s: i for i, s in enumerate(order)}
    out = []
    for stage in sorted(days, key=lambda s: (known.get(s, len(known)), s)):
        hist = days[stage]
        n = sum(hist.values())
        too_few = n < min_n or n == 0
        if too_few:
            q1 = median = q3 = None
        else:
            q1, median, q3 = percentiles(list(hist), list(hist.values()))
        out.append(StageTime(stage, n, still[stage], median, q1, q3, too_few))
    return out


# --- Linked suppression --------------------------------------------------------------------
# An entry of the system: ("c", t, i, j) a cell of table t, ("r", t, i) a row total of table t,
# ("k", j) column j's total (the same in every table), ("t",) the grand total.
Entry = tuple[Any, ...]
_P = 2_147_483_647  # a prime: the search runs modulo it, the answer is checked exactly


def _relations(shapes: Sequence[tuple[int, int]]) -> list[dict[Entry, int]]:
    n_cols = shapes[0][1] if shapes else 0
    eqs: list[dict[Entry, int]] = []
    for t, (n_rows, _cols) in enumerate(shapes):
        for i in range(n_rows):
            eq: dict[Entry, int] = {("c", t, i, j): 1 for j in range(n_cols)}
            eq[("r", t, i)] = -1
            eqs.append(eq)
        for j in range(n_cols):
            eq = {("c", t, i, j): 1 for i in range(n_rows)}
            eq[("k", j)] = -1
            eqs.append(eq)
        eqs.append({**{("r", t, i): 1 for i in range(n_rows)}, ("t",): -1})
    eqs.append({**{("k", j): 1 for j in range(n_cols)}, ("t",): -1})
    return eqs


def _determined(rows: list[list[int]], exact: bool) -> set[int]:
    """The columns whose unknown the rows fix: a pivot column whose reduced row has no other
    entry (row reduction modulo a prime while searching, in fractions when ``exact``)."""
    if not rows:
        return set()
    if exact:
        m = [[Fraction(v) for v in r] for r in rows]
        n_rows, n_cols = len(m), len(m[0])
        pivots: list[int] = []
        r = 0
        for col in range(n_cols):
            piv = next((k for k in range(r, n_rows) if m[k][col] != 0), None)
            if piv is None:
                continue
            m[r], m[piv] = m[piv], m[r]
            m[r] = [x / m[r][col] for x in m[r]]
            for k in range(n_rows):
                if k != r and m[k][col] != 0:
                    f = m[k][col]
                    m[k] = [a - f * b for a, b in zip(m[k], m[r], strict=True)]
            pivots.append(col)
            r += 1
        return {c for k, c in enumerate(pivots) if sum(1 for x in m[k] if x != 0) == 1}
    a = np.asarray(rows, dtype=np.int64) % _P
    n_rows, n_cols = a.shape
    pivots = []
    r = 0
    for col in range(n_cols):
        nz = np.nonzero(a[r:, col])[0]
        if not len(nz):
            continue
        piv = r + int(nz[0])
        a[[r, piv]] = a[[piv, r]]
        a[r] = (a[r] * pow(int(a[r, col]), _P - 2, _P)) % _P
        factor = a[:, col].copy()
        factor[r] = 0
        a = (a - (factor[:, None] * a[r][None, :]) % _P) % _P
        pivots.append(col)
        r += 1
        if r == n_rows:
            break
    return {c for k, c in enumerate(pivots) if np.count_nonzero(a[k]) == 1}


def disclosed_linked(
    shapes: Sequence[tuple[int, int]], hidden: set[Entry], *, exact: bool = True
) -> set[Entry]:
    """The hidden entries a reader of all the tables (each ``(rows, columns)``, the same
    columns) can work out exactly from what is published in them together."""
    order = sorted(hidden, key=repr)
    index = {e: k for k, e in enumerate(order)}
    rows = [
        [eq.get(e, 0) for e in order] for eq in _relations(shapes) if any(e in index for e in eq)
    ]
    if not rows:
        return set(hidden)
    return {order[k] for k in _determined(rows, exact)}


def _value(tables: Sequence[Sequence[Sequence[int]]], e: Entry) -> int:
    if e[0] == "c":
        return int(tables[e[1]][e[2]][e[3]])
    if e[0] == "r":
        return int(sum(tables[e[1]][e[2]]))
    if e[0] == "k":
        return int(sum(row[e[1]] for row in tables[0]))
    return int(sum(map(sum, tables[0])))


def suppress_linked(
    tables: Sequence[Sequence[Sequence[int]]], threshold: int = THRESHOLD
) -> list[Published]:
    """What may be published of ``tables`` (counts of the same people broken down in
    different ways, every table with the same columns and so the same column totals): small
    entries hidden, then, as :func:`samverkan.core.suppression.suppress` does for one table,
    the entry beside a disclosed one that leaves least open until nothing hidden can be worked
    out from all the tables together. A column's total is hidden in every table or in none."""
    if not tables:
        return []
    n_cols = len(tables[0][0]) if tables[0] else 0
    for table in tables:
        if any(len(r) != n_cols for r in table) or any(v < 0 for r in table for v in r):
            raise ValueError("tables of counts: rows of equal length, no negative numbers")
    col = [sum(r[j] for r in tables[0]) for j in range(n_cols)]
    if any([sum(r[j] for r in t) for j in range(n_cols)] != col for t in tables):
        raise ValueError("linked tables count the same people: their column totals must agree")
    shapes = [(len(t), n_cols) for t in tables]
    relations = _relations(shapes)
    every: list[Entry] = sorted({e for eq in relations for e in eq}, key=repr)
    near: dict[Entry, set[Entry]] = {e: set() for e in every}
    for eq in relations:
        for e in eq:
            near[e] |= set(eq) - {e}
    primary = {e for e in every if small(_value(tables, e), threshold)}
    hidden = set(primary)
    exact = False
    while hidden:
        open_ = disclosed_linked(shapes, hidden, exact=exact)
        if not open_:
            if exact:
                break
            exact = True  # the search's answer, checked in fractions
            continue
        candidates = sorted({e for d in open_ for e in near[d] if e not in hidden}, key=repr)
        if not candidates:
            candidates = [e for e in every if e not in hidden]

        def cost(e: Entry, exact: bool = exact) -> tuple[object, ...]:
            left = len(disclosed_linked(shapes, hidden | {e}, exact=exact))
            v = _value(tables, e)
            return (left, e == ("t",), v == 0, v, repr(e))

        hidden.add(min(candidates, key=cost))

    def shown(e: Entry) -> int | None:
        return None if e in hidden else _value(tables, e)

    out = []
    for t, (n_rows, _cols) in enumerate(shapes):
        mine = {
            ("c", e[2], e[3]) if e[0] == "c" else ("r", e[2]) if e[0] == "r" else e
            for e in primary
            if e[0] in ("k", "t") or e[1] == t
        }
        out.append(
            Published(
                cells=[[shown(("c", t, i, j)) for j in range(n_cols)] for i in range(n_rows)],
                row_totals=[shown(("r", t, i)) for i in range(n_rows)],
                col_totals=[shown(("k", j)) for j in range(n_cols)],
                total=shown(("t",)),
                primary=frozenset(mine),
            )
        )
    return out
