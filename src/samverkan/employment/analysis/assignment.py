"""The best assignment of participants to openings (pure numpy/scipy): every candidate for
at most one opening, every opening for at most ``places`` candidates, the total score
(:func:`.matching.score`) the greatest.

:func:`propose` finds it on the sparse matrix of :func:`.matching.score_matrix` as a maximum
weight matching, an opening's places being as many columns.
``min_weight_full_bipartite_matching`` (LAPJVsp) matches *every* vertex of the smaller side,
which a best assignment need not do, so each vertex of the smaller side gets a dummy partner of
its own: a real edge costs ``101 − score`` and a dummy edge ``101`` (all weights positive, as
the function requires), and a full matching of least cost is a matching of greatest score, the
vertices left unassigned going to their dummies. :func:`dense_propose` does the same naively,
all pairs scored into a dense matrix and ``linear_sum_assignment``, as the check of the fast
path.

5,000 participants × 2,000 openings (2.4 million pairs at 40 or more) take about 0.8 s, about
twice as fast as the dense build (benchmarks/bench_matching.py).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from samverkan.employment.analysis.matching import (
    MIN_SCORE,
    Candidate,
    FloatArray,
    IntArray,
    Opening,
    Proposal,
    score,
)
from samverkan.employment.analysis.scoring import _check, _scored, dense_scores

_COST = 101.0  # above any score: real edges cost _COST - score > 0, dummy edges _COST


def _pair_codes(
    candidates: Sequence[Candidate],
    openings: Sequence[Opening],
    pairs: Collection[tuple[int, int]],
) -> IntArray:
    """The pairs ``(candidate key, opening key)`` as ``row × len(openings) + column`` (pairs
    of keys not in the lists are left out)."""
    row = {c.key: i for i, c in enumerate(candidates)}
    col = {o.key: j for j, o in enumerate(openings)}
    m = len(openings)
    codes = [row[a] * m + col[b] for a, b in pairs if a in row and b in col]
    return np.array(codes, dtype=np.int64)


def _slots(openings: Sequence[Opening]) -> tuple[IntArray, IntArray]:
    """Each opening's first column and the opening of each column, a place being a column."""
    places = np.array([o.places for o in openings], dtype=np.int64)
    first = np.concatenate(([0], np.cumsum(places)[:-1])).astype(np.int64)
    return first, np.repeat(np.arange(len(openings), dtype=np.int64), places)


def _compact(x: IntArray, size: int) -> tuple[IntArray, IntArray]:
    """The distinct values of ``x`` (sorted) and each element's index among them."""
    used = np.zeros(size, dtype=bool)
    used[x] = True
    return np.flatnonzero(used), (np.cumsum(used) - 1)[x]


def _best_matching(
    i: IntArray, j: IntArray, w: FloatArray, n: int, m: int
) -> tuple[IntArray, IntArray]:
    """The edges ``(i[p], j[p])`` (``i`` < n, ``j`` < m) of weight ``w[p]`` > 0 that together
    weigh the most, each vertex used at most once: a full matching of least cost with a dummy
    per vertex of the smaller side (see the module docstring). Vertices without an edge are
    left out first."""
    ui, ri = _compact(i, n)
    uj, rj = _compact(j, m)
    flip = ui.size > uj.size  # the smaller side as rows: far fewer augmenting paths
    if flip:
        ui, uj, ri, rj = uj, ui, rj, ri
    s, t = ui.size, uj.size
    dummy = np.arange(s, dtype=np.int64)
    graph = sparse.csr_array(
        (
            np.concatenate((_COST - w, np.full(s, _COST))),
            (np.concatenate((ri, dummy)), np.concatenate((rj, t + dummy))),
        ),
        shape=(s, t + s),
    )
    r, c = min_weight_full_bipartite_matching(graph)
    real = c < t
    a, b = ui[r[real]], uj[c[real]]
    return (b, a) if flip else (a, b)


def _proposals(
    candidates: Sequence[Candidate], openings: Sequence[Opening], i: IntArray, j: IntArray
) -> list[Proposal]:
    out = [
        Proposal(candidates[a].key, openings[b].key, score(candidates[a], openings[b]))
        for a, b in zip(i.tolist(), j.tolist(), strict=True)
    ]
    out.sort(key=lambda p: (-p.score.total, p.opening, p.candidate))
    return out


def propose(
    candidates: Sequence[Candidate],
    openings: Sequence[Opening],
    min_score: float = MIN_SCORE,
    exclude: Collection[tuple[int, int]] = (),
) -> list[Proposal]:
    """The proposals of greatest total score: each candidate for at most one opening, each
    opening for at most its ``places`` candidates, none below ``min_score`` and no pair
    ``(candidate key, opening key)`` of ``exclude`` (one already decided on); best first
    (then by opening and candidate key)."""
    rows, cols, scores = _scored(candidates, openings, min_score)
    if exclude and rows.size:
        keep = ~np.isin(rows * len(openings) + cols, _pair_codes(candidates, openings, exclude))
        rows, cols, scores = rows[keep], cols[keep], scores[keep]
    if rows.size == 0:
        return []
    first, opening_of = _slots(openings)
    places = np.array([o.places for o in openings], dtype=np.int64)[cols]
    # an edge per place: (i, j) to the columns first[j] … first[j] + places[j] - 1
    edge = np.repeat(np.arange(rows.size), places)
    within = np.arange(edge.size) - np.repeat(np.cumsum(places) - places, places)
    i, slot = _best_matching(
        rows[edge], first[cols[edge]] + within, scores[edge], len(candidates), opening_of.size
    )
    return _proposals(candidates, openings, i, opening_of[slot])


def dense_propose(
    candidates: Sequence[Candidate], openings: Sequence[Opening], min_score: float = MIN_SCORE
) -> list[Proposal]:
    """:func:`propose` the naive way: every pair scored into a dense matrix, a column per
    place, and ``linear_sum_assignment(maximize=True)``; pairs below ``min_score`` weigh 0 and
    are not proposed. The same total as :func:`propose` (ties may be broken differently)."""
    _check(candidates, openings, min_score)
    w = dense_scores(candidates, openings)
    w[w < min_score] = 0.0
    _, opening_of = _slots(openings)
    if w.size == 0 or opening_of.size == 0:
        return []
    w = w[:, opening_of]
    r, c = linear_sum_assignment(w, maximize=True)
    keep = w[r, c] > 0
    return _proposals(candidates, openings, r[keep].astype(np.int64), opening_of[c[keep]])
