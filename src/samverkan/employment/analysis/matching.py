"""Linkstep's matching: which participant to propose for which opening (pure numpy/scipy).

A participant (:class:`Candidate`) and an opening (:class:`Opening`) get a :func:`score` of
0–100, the sum of five parts, each with its reasons in words (msgids with ``%(name)s``
placeholders, translated where they are shown):

- **occupation**, 0–40, by the deepest SSYK 2012 level the opening's unit group (4 digits)
  shares with any of the candidate's occupations (codes of any level: "5153" is in the minor
  group "515", the sub-major group "51" and the major group "5"; the hierarchy is the code's
  prefix, so a candidate's "515" shares 3 digits with "5153"): the same unit group 40, the same
  minor group 30, sub-major group 20, major group 8, nothing in common 0;
- **skills**, 0–30: the share of the opening's required skills the candidate has × 30 (an
  opening that requires none gives all 30);
- **languages**, 0–15: likewise, the share of the required languages spoken × 15 (all of them
  15, none required 15);
- **licence**, 5, unless the opening requires a driving licence (B) that the candidate lacks:
  then the match is not possible and the whole score is 0;
- **travel**, 0–10, from an *estimate* of the travel time by public transport out of the
  straight-line distance in SWEREF 99 TM: ``minutes = 5 + km × 60 / 25`` (a walk to the stop
  and 25 km/h door to door); 10 points up to 20 minutes, falling linearly to 0 at 90 minutes;
  5 when either position is unknown.

:func:`score_matrix` scores many pairs at once, vectorised, into a sparse matrix (candidates ×
openings) that holds exactly the number :func:`score` gives for every pair it keeps; it leaves
out only the pairs below ``min_score`` and the impossible ones (the same operations in the same
order as :func:`score`, so the same floating-point numbers). It does not score every pair: a
pair that shares no skill and too little of the SSYK code cannot reach ``min_score``
(languages, licence and travel add at most 30, skills 0 when none is shared, or 30 when the
opening requires none), so the candidates of an opening come from two inverted indexes: by
SSYK prefix, of the depth that ``min_score`` requires (2 digits at the default 40), and by
skill (a sparse product of the skill incidence matrices); candidates without a licence are
left out of openings that require one. A distance cut-off would not be exact: travel is worth
10 points, so a far pair can still be a good match.

:func:`propose` then chooses the assignment with the greatest total score in which every
candidate gets at most one opening and every opening at most ``places`` candidates: a maximum
weight matching on the sparse matrix, an opening's places being as many columns.
``min_weight_full_bipartite_matching`` (LAPJVsp) matches *every* vertex of the smaller side,
which a best assignment need not do, so each vertex of the smaller side gets a dummy partner of
its own: a real edge costs ``101 − score`` and a dummy edge ``101`` (all weights positive, as
the function requires), and a full matching of least cost is a matching of greatest score, the
vertices left unassigned going to their dummies. :func:`dense_propose` does the same naively,
all pairs scored into a dense matrix and ``linear_sum_assignment``, as the check of the fast path.

5,000 participants × 2,000 openings (2.4 million pairs at 40 or more) take about 0.8 s, about
twice as fast as the dense build (benchmarks/bench_matching.py).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from samverkan.core.errors import N_

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

MIN_SCORE = 40.0  # a proposal below this is not worth a coach's time

# points by the number of SSYK digits shared (0–4)
OCCUPATION_POINTS = (0.0, 8.0, 20.0, 30.0, 40.0)
SKILL_POINTS = 30.0
LANGUAGE_POINTS = 15.0
LICENCE_POINTS = 5.0
TRAVEL_POINTS = 10.0
TRAVEL_UNKNOWN_POINTS = 5.0
TRAVEL_FULL_MINUTES = 20.0  # full travel points up to this
TRAVEL_ZERO_MINUTES = 90.0  # no travel points from this
TRAVEL_START_MINUTES = 5.0  # to the stop and waiting
TRAVEL_KMH = 25.0  # public transport, door to door, along the straight line
_MINUTES_PER_METRE = 60.0 / (TRAVEL_KMH * 1000.0)
_TRAVEL_SPAN = TRAVEL_ZERO_MINUTES - TRAVEL_FULL_MINUTES
# the most the parts other than occupation and skills can add
_REST_MAX = LANGUAGE_POINTS + LICENCE_POINTS + TRAVEL_POINTS
_COST = 101.0  # above any score: real edges cost _COST - score > 0, dummy edges _COST
_CHUNK = 1 << 16  # pairs scored at a time: the temporaries stay in the cache

Reason = tuple[str, dict[str, object]]


def _check_code(code: str, lengths: Iterable[int], what: str) -> None:
    if not (isinstance(code, str) and code.isascii() and code.isdigit() and len(code) in lengths):
        raise ValueError(f"{what} must be an SSYK 2012 code of {tuple(lengths)} digits: {code!r}")


@dataclass(frozen=True)
class Candidate:
    """A participant as matching sees them: the SSYK codes of the occupations they have worked
    in or want (any level, "5" to "5153"), their skills, the languages they speak, whether they
    hold a driving licence B, and where they live (SWEREF 99 TM metres, None if unknown)."""

    key: int
    occupations: tuple[str, ...] = ()
    skills: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    licence: bool = False
    xy: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        for code in self.occupations:
            _check_code(code, (1, 2, 3, 4), "a candidate's occupation")


@dataclass(frozen=True)
class Opening:
    """An opening at an employer: its occupation (SSYK 2012 unit group, 4 digits), the skills
    and languages it requires, whether it requires a driving licence B, where the work is
    (SWEREF 99 TM metres, None if unknown) and how many people it takes."""

    key: int
    occupation: str
    skills: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    licence: bool = False
    xy: tuple[float, float] | None = None
    places: int = 1

    def __post_init__(self) -> None:
        _check_code(self.occupation, (4,), "an opening's occupation")
        if isinstance(self.places, bool) or not isinstance(self.places, int) or self.places < 0:
            raise ValueError(f"places must be a whole number ≥ 0, got {self.places!r}")


@dataclass(frozen=True)
class Score:
    """How well a candidate fits an opening: ``total`` 0–100 (0: not possible), the points of
    each part (``occupation``, ``skills``, ``languages``, ``licence``, ``travel``) and the
    reasons, ``(msgid, params)`` pairs to translate and fill in where they are shown;
    ``possible`` is False when the match cannot be (a driving licence required and missing)."""

    total: float
    parts: dict[str, float]
    reasons: list[Reason] = field(default_factory=list)
    possible: bool = True


@dataclass(frozen=True)
class Proposal:
    """A candidate (key) proposed for an opening (key), with the pair's score."""

    candidate: int
    opening: int
    score: Score


def shared_depth(codes: Iterable[str], occupation: str) -> int:
    """The deepest SSYK level (0–4 digits) that ``occupation`` shares with any of ``codes``."""
    best = 0
    for code in codes:
        d = 0
        for a, b in zip(code, occupation, strict=False):
            if a != b:
                break
            d += 1
        best = max(best, d)
    return best


def travel_minutes(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Estimated minutes by public transport between two SWEREF 99 TM points, from the
    straight-line distance (see the module docstring)."""
    dx = a[0] - b[0]
    dy = a[1] - b[1]
    return TRAVEL_START_MINUTES + math.sqrt(dx * dx + dy * dy) * _MINUTES_PER_METRE


def score(c: Candidate, o: Opening) -> Score:
    """The score of candidate ``c`` for opening ``o``, its parts and its reasons.

    Deterministic: the same pair gives the same numbers and the same reasons in the same order
    (skills and languages named in alphabetical order)."""
    reasons: list[Reason] = []

    depth = shared_depth(c.occupations, o.occupation)
    occupation = OCCUPATION_POINTS[depth]
    if depth == 4:
        reasons.append((N_("same occupation (%(code)s)"), {"code": o.occupation}))
    elif depth:
        reasons.append((N_("same occupation area (%(code)s)"), {"code": o.occupation[:depth]}))
    else:
        reasons.append((N_("no occupation in common with %(code)s"), {"code": o.occupation}))

    if o.skills:
        has = sorted(o.skills & c.skills)
        lacks = sorted(o.skills - c.skills)
        skills = SKILL_POINTS * len(has) / len(o.skills)
        if has:
            reasons.append(
                (
                    N_("has %(n)s of %(of)s required skills: %(skills)s"),
                    {"n": len(has), "of": len(o.skills), "skills": ", ".join(has)},
                )
            )
        if lacks:
            reasons.append(
                (N_("lacks the required skills: %(skills)s"), {"skills": ", ".join(lacks)})
            )
    else:
        skills = SKILL_POINTS
        reasons.append((N_("no skills required"), {}))

    if o.languages:
        speaks = sorted(o.languages & c.languages)
        languages = LANGUAGE_POINTS * len(speaks) / len(o.languages)
        if len(speaks) == len(o.languages):
            reasons.append(
                (
                    N_("speaks the required languages: %(languages)s"),
                    {"languages": ", ".join(speaks)},
                )
            )
        elif speaks:
            reasons.append(
                (
                    N_("speaks %(n)s of %(of)s required languages: %(languages)s"),
                    {"n": len(speaks), "of": len(o.languages), "languages": ", ".join(speaks)},
                )
            )
        else:
            reasons.append(
                (
                    N_("speaks none of the required languages: %(languages)s"),
                    {"languages": ", ".join(sorted(o.languages))},
                )
            )
    else:
        languages = LANGUAGE_POINTS

    possible = c.licence or not o.licence
    licence = LICENCE_POINTS if possible else 0.0
    if not possible:
        reasons.insert(0, (N_("lacks the required driving licence"), {}))
    elif o.licence:
        reasons.append((N_("has the required driving licence"), {}))

    if c.xy is None or o.xy is None:
        travel = TRAVEL_UNKNOWN_POINTS
        reasons.append((N_("travel time unknown: no position"), {}))
    else:
        minutes = travel_minutes(c.xy, o.xy)
        travel = min(
            TRAVEL_POINTS,
            max(0.0, TRAVEL_POINTS * (TRAVEL_ZERO_MINUTES - minutes) / _TRAVEL_SPAN),
        )
        reasons.append(
            (
                N_("about %(minutes)s minutes away by public transport (an estimate)"),
                {"minutes": round(minutes)},
            )
        )

    parts = {
        "occupation": occupation,
        "skills": skills,
        "languages": languages,
        "licence": licence,
        "travel": travel,
    }
    total = occupation + skills + languages + licence + travel if possible else 0.0
    return Score(total=total, parts=parts, reasons=reasons, possible=possible)


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
        ck = np.array([c.key for c in candidates], dtype=np.int64)[rows]
        ok = np.array([o.key for o in openings], dtype=np.int64)[cols]
        gone = set(exclude)
        keep = np.fromiter(
            ((a, b) not in gone for a, b in zip(ck.tolist(), ok.tolist(), strict=True)),
            dtype=bool,
            count=rows.size,
        )
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
