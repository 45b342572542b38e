"""Many pairs scored at once, vectorised (pure numpy/scipy), with exactly the numbers of
:func:`.matching.score`.

:func:`score_matrix` scores many pairs into a sparse matrix (candidates × openings) that
holds exactly the number :func:`.matching.score` gives for every pair it keeps; it leaves out
only the pairs below ``min_score`` and the impossible ones (the same operations in the same
order as :func:`score`, so the same floating-point numbers). It does not score every pair: a
pair that shares no skill and too little of the SSYK code cannot reach ``min_score``
(languages, licence and travel add at most 30, skills 0 when none is shared, or 30 when the
opening requires none), so the candidates of an opening come from two inverted indexes: by
SSYK prefix, of the depth that ``min_score`` requires (2 digits at the default 40), and by
skill (a sparse product of the skill incidence matrices); candidates without a licence are
left out of openings that require one. A distance cut-off would not be exact: travel is worth
10 points, so a far pair can still be a good match.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from samverkan.employment.analysis.matching import (
    _MINUTES_PER_METRE,
    _REST_MAX,
    _TRAVEL_SPAN,
    LANGUAGE_POINTS,
    LICENCE_POINTS,
    MIN_SCORE,
    OCCUPATION_POINTS,
    SKILL_POINTS,
    TRAVEL_POINTS,
    TRAVEL_START_MINUTES,
    TRAVEL_UNKNOWN_POINTS,
    TRAVEL_ZERO_MINUTES,
    Candidate,
    FloatArray,
    IntArray,
    Opening,
    shared_depth,
)

_CHUNK = 1 << 16  # pairs scored at a time: the temporaries stay in the cache


# --- vectorised ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Arrays:
    """The candidates and openings as arrays: the SSYK depth of each candidate against each
    distinct opening code, skills and languages as bit sets (a 1-d array per word of 64),
    licences, positions (NaN where unknown)."""

    depth: NDArray[np.int8]  # (n, K): digits shared with opening code k
    code: IntArray  # (m,): the opening's code, an index into K
    c_skill: list[NDArray[np.uint64]]
    o_skill: list[NDArray[np.uint64]]
    o_nskill: IntArray
    c_lang: list[NDArray[np.uint64]]
    o_lang: list[NDArray[np.uint64]]
    o_nlang: IntArray
    c_licence: NDArray[np.bool_]
    o_licence: NDArray[np.bool_]
    c_x: FloatArray
    c_y: FloatArray
    o_x: FloatArray
    o_y: FloatArray


def _vocabulary(sets: Iterable[frozenset[str]]) -> dict[str, int]:
    return {s: b for b, s in enumerate(sorted({s for items in sets for s in items}))}


def _bits(sets: Sequence[frozenset[str]], vocab: dict[str, int]) -> list[NDArray[np.uint64]]:
    words = max(1, -(-len(vocab) // 64))
    out = np.zeros((words, len(sets)), dtype=np.uint64)
    rows = [i for i, s in enumerate(sets) for item in s if item in vocab]
    bits = [vocab[item] for s in sets for item in s if item in vocab]
    if rows:
        r = np.asarray(rows, dtype=np.int64)
        b = np.asarray(bits, dtype=np.int64)
        mask = np.left_shift(np.uint64(1), (b % 64).astype(np.uint64))
        np.bitwise_or.at(out, (b // 64, r), mask)
    return list(out)


def _xy(points: Sequence[tuple[float, float] | None]) -> tuple[FloatArray, FloatArray]:
    out = np.full((2, len(points)), np.nan)
    for i, p in enumerate(points):
        if p is not None:
            out[:, i] = p
    return out[0].copy(), out[1].copy()


def _arrays(candidates: Sequence[Candidate], openings: Sequence[Opening]) -> _Arrays:
    codes = sorted({o.occupation for o in openings})
    code_index = {c: k for k, c in enumerate(codes)}
    cand_codes = sorted({code for c in candidates for code in c.occupations})
    code_depth = np.array(
        [[shared_depth((s,), k) for k in codes] for s in cand_codes], dtype=np.int8
    ).reshape(len(cand_codes), len(codes))
    depth = np.zeros((len(candidates), len(codes)), dtype=np.int8)
    lookup = {s: k for k, s in enumerate(cand_codes)}
    ci = [i for i, c in enumerate(candidates) for _ in c.occupations]
    si = [lookup[s] for c in candidates for s in c.occupations]
    if ci:
        np.maximum.at(depth, np.asarray(ci), code_depth[np.asarray(si)])
    skills = _vocabulary(o.skills for o in openings)
    langs = _vocabulary(o.languages for o in openings)
    c_x, c_y = _xy([c.xy for c in candidates])
    o_x, o_y = _xy([o.xy for o in openings])
    return _Arrays(
        depth=depth,
        code=np.array([code_index[o.occupation] for o in openings], dtype=np.int64),
        c_skill=_bits([c.skills for c in candidates], skills),
        o_skill=_bits([o.skills for o in openings], skills),
        o_nskill=np.array([len(o.skills) for o in openings], dtype=np.int64),
        c_lang=_bits([c.languages for c in candidates], langs),
        o_lang=_bits([o.languages for o in openings], langs),
        o_nlang=np.array([len(o.languages) for o in openings], dtype=np.int64),
        c_licence=np.array([c.licence for c in candidates], dtype=bool),
        o_licence=np.array([o.licence for o in openings], dtype=bool),
        c_x=c_x,
        c_y=c_y,
        o_x=o_x,
        o_y=o_y,
    )


def _overlap(
    a: list[NDArray[np.uint64]], b: list[NDArray[np.uint64]], i: IntArray, j: IntArray
) -> IntArray:
    out = np.bitwise_count(a[0][i] & b[0][j]).astype(np.int64)
    for w in range(1, len(a)):
        out += np.bitwise_count(a[w][i] & b[w][j])
    return out


def _pair_scores(a: _Arrays, i: IntArray, j: IntArray) -> FloatArray:
    """:func:`score`'s total for candidates ``i`` and openings ``j`` (pairs, or broadcast to a
    block): the same operations in the same order, so the same floating-point numbers; 0 where
    the pair is not possible."""
    occupation = np.asarray(OCCUPATION_POINTS)[a.depth[i, a.code[j]]]
    of = a.o_nskill[j]
    skills = np.where(
        of > 0,
        SKILL_POINTS * _overlap(a.c_skill, a.o_skill, i, j) / np.maximum(of, 1),
        SKILL_POINTS,
    )
    of = a.o_nlang[j]
    languages = np.where(
        of > 0,
        LANGUAGE_POINTS * _overlap(a.c_lang, a.o_lang, i, j) / np.maximum(of, 1),
        LANGUAGE_POINTS,
    )
    dx = a.c_x[i] - a.o_x[j]
    dy = a.c_y[i] - a.o_y[j]
    minutes = TRAVEL_START_MINUTES + np.sqrt(dx * dx + dy * dy) * _MINUTES_PER_METRE
    travel = np.minimum(
        TRAVEL_POINTS,
        np.maximum(0.0, TRAVEL_POINTS * (TRAVEL_ZERO_MINUTES - minutes) / _TRAVEL_SPAN),
    )
    travel = np.where(np.isnan(minutes), TRAVEL_UNKNOWN_POINTS, travel)
    total = occupation + skills + languages + LICENCE_POINTS + travel
    possible = a.c_licence[i] | ~a.o_licence[j]
    return np.where(possible, total, 0.0)


def _required_depth(requires_skills: bool, min_score: float) -> int:
    """The SSYK depth (0–5) a pair without a shared skill must reach to possibly score
    ``min_score``: the largest d such that any pair sharing fewer than d digits and no skill
    stays below it (d = 0: every pair must be scored; 5: none needs to be, by occupation)."""
    rest = _REST_MAX + (0.0 if requires_skills else SKILL_POINTS)
    d = 0
    while d < 5 and OCCUPATION_POINTS[d] + rest < min_score:
        d += 1
    return d


def _check(candidates: Sequence[Candidate], openings: Sequence[Opening], min_score: float) -> None:
    if not (min_score > 0 and math.isfinite(min_score)):
        raise ValueError(f"min_score must be a number above 0, got {min_score!r}")
    for what, items in (("candidate", candidates), ("opening", openings)):
        keys = [it.key for it in items]
        if len(set(keys)) != len(keys):
            raise ValueError(f"every {what} needs a key of its own")


def _scored(
    candidates: Sequence[Candidate], openings: Sequence[Opening], min_score: float
) -> tuple[IntArray, IntArray, FloatArray]:
    """The pairs ``(i, j)`` that reach ``min_score`` and their scores (in no particular order)."""
    _check(candidates, openings, min_score)
    none = np.zeros(0, dtype=np.int64)
    if not candidates or not openings or min_score > 100.0:
        return none, none, np.zeros(0)
    a = _arrays(candidates, openings)
    needed = np.array([_required_depth(bool(k), min_score) for k in a.o_nskill], dtype=np.int8)
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    scores: list[FloatArray] = []

    def keep(i: IntArray, j: IntArray, s: FloatArray) -> None:
        ok = np.nonzero(s >= min_score)
        if s.ndim == 2:
            rows.append(i[ok[0]])
            cols.append(j[ok[1]])
        else:
            rows.append(i[ok])
            cols.append(j[ok])
        scores.append(s[ok])

    # by SSYK prefix: the openings of one code and depth required share their candidates, a
    # block scored at once
    groups = a.code * 16 + needed * 2 + a.o_licence
    order = np.argsort(groups, kind="stable")
    for members in np.split(order, np.flatnonzero(np.diff(groups[order])) + 1):
        j0 = members[0]
        ok = a.depth[:, a.code[j0]] >= needed[j0]
        if a.o_licence[j0]:
            ok &= a.c_licence
        cand = np.flatnonzero(ok)
        step = max(1, _CHUNK // members.size)
        for lo in range(0, cand.size, step):
            block = cand[lo : lo + step]
            keep(block, members, _pair_scores(a, block[:, None], members[None, :]))

    # by skill: the pairs sharing one (a product of the incidence matrices), unless the prefix
    # already brought them
    vocab = _vocabulary(o.skills for o in openings)
    if vocab:
        cs = _incidence([c.skills for c in candidates], vocab)
        os_ = _incidence([o.skills for o in openings], vocab)
        shared = (cs @ os_.T).tocoo()
        i = shared.row.astype(np.int64)
        j = shared.col.astype(np.int64)
        new = (a.depth[i, a.code[j]] < needed[j]) & (a.c_licence[i] | ~a.o_licence[j])
        i, j = i[new], j[new]
        for lo in range(0, i.size, _CHUNK):
            ii, jj = i[lo : lo + _CHUNK], j[lo : lo + _CHUNK]
            keep(ii, jj, _pair_scores(a, ii, jj))

    if not rows:
        return none, none, np.zeros(0)
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(scores)


def score_matrix(
    candidates: Sequence[Candidate], openings: Sequence[Opening], min_score: float = MIN_SCORE
) -> sparse.csr_array:
    """The scores of the pairs that reach ``min_score`` (> 0), candidates × openings in the
    order given, as a sparse matrix: each stored value is exactly ``score(c, o).total``; a
    pair left out scores below ``min_score`` or is not possible."""
    i, j, s = _scored(candidates, openings, min_score)
    out = sparse.csr_array((s, (i, j)), shape=(len(candidates), len(openings)))
    out.sort_indices()
    return out


def _incidence(sets: Sequence[frozenset[str]], vocab: dict[str, int]) -> sparse.csr_array:
    cols = [[vocab[s] for s in items if s in vocab] for items in sets]
    indptr = np.concatenate(([0], np.cumsum([len(c) for c in cols]))).astype(np.int64)
    indices = np.fromiter((b for c in cols for b in c), dtype=np.int64, count=int(indptr[-1]))
    data = np.ones(indices.size, dtype=np.float32)
    return sparse.csr_array((data, indices, indptr), shape=(len(sets), len(vocab)))


def dense_scores(candidates: Sequence[Candidate], openings: Sequence[Opening]) -> FloatArray:
    """Every pair's score, candidates × openings, in a dense array (0 where not possible)."""
    n, m = len(candidates), len(openings)
    out = np.zeros((n, m))
    if n == 0 or m == 0:
        return out
    a = _arrays(candidates, openings)
    step = max(1, _CHUNK // m)
    cols = np.arange(m, dtype=np.int64)
    for lo in range(0, n, step):
        rows = np.arange(lo, min(lo + step, n), dtype=np.int64)
        out[lo : lo + rows.size] = _pair_scores(a, rows[:, None], cols[None, :])
    return out
