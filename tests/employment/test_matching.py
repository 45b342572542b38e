"""Linkstep's matching: the score of a pair and its reasons, the sparse matrix equal to the
score of every pair it keeps, and the proposals as good as the dense assignment (the oracle:
every pair scored with ``score``, ``linear_sum_assignment(maximize=True)``)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from samverkan.employment.analysis.assignment import dense_propose, propose
from samverkan.employment.analysis.matching import Candidate, Opening, Proposal, score
from samverkan.employment.analysis.scoring import dense_scores, score_matrix

HOME = (535_000.0, 6_475_000.0)  # Linköping, SWEREF 99 TM


def cand(occupations: tuple[str, ...] = ("5153",), **kw: object) -> Candidate:
    base: dict[str, object] = {
        "key": 1,
        "occupations": occupations,
        "skills": frozenset({"forklift", "safety"}),
        "languages": frozenset({"sv"}),
        "licence": True,
        "xy": HOME,
    }
    return Candidate(**(base | kw))  # type: ignore[arg-type]


def opening(occupation: str = "5153", **kw: object) -> Opening:
    base: dict[str, object] = {
        "key": 1,
        "occupation": occupation,
        "skills": frozenset({"forklift", "safety"}),
        "languages": frozenset({"sv"}),
        "licence": False,
        "xy": HOME,
    }
    return Opening(**(base | kw))  # type: ignore[arg-type]


# --- score ---------------------------------------------------------------------------------


def test_a_pair_that_fits_in_every_way_scores_100() -> None:
    s = score(cand(), opening())
    assert s.total == 100.0
    assert s.possible
    assert s.parts == {
        "occupation": 40.0,
        "skills": 30.0,
        "languages": 15.0,
        "licence": 5.0,
        "travel": 10.0,
    }
    assert s.reasons[0] == ("same occupation (%(code)s)", {"code": "5153"})


def test_the_same_unit_group_beats_the_same_area_and_deeper_beats_shallower() -> None:
    by_code = {code: score(cand((code,)), opening("5153")) for code in ("5153", "5154", "515")}
    by_code |= {code: score(cand((code,)), opening("5153")) for code in ("51", "5", "9111")}
    occupation = {code: s.parts["occupation"] for code, s in by_code.items()}
    assert occupation == {
        "5153": 40.0,
        "5154": 30.0,
        "515": 30.0,
        "51": 20.0,
        "5": 8.0,
        "9111": 0.0,
    }
    totals = [by_code[c].total for c in ("5153", "5154", "51", "5", "9111")]
    assert totals == sorted(totals, reverse=True) and len(set(totals)) == 5
    assert by_code["5154"].reasons[0] == ("same occupation area (%(code)s)", {"code": "515"})
    assert by_code["5"].reasons[0] == ("same occupation area (%(code)s)", {"code": "5"})
    assert by_code["9111"].reasons[0] == (
        "no occupation in common with %(code)s",
        {"code": "5153"},
    )
    # the deepest of the candidate's occupations counts
    assert score(cand(("9111", "51", "5153")), opening("5153")).parts["occupation"] == 40.0


def test_a_missing_driving_licence_makes_the_match_impossible() -> None:
    s = score(cand(licence=False), opening(licence=True))
    assert s.total == 0.0
    assert not s.possible
    assert s.parts["licence"] == 0.0
    assert s.reasons[0] == ("lacks the required driving licence", {})
    with_licence = score(cand(licence=True), opening(licence=True))
    assert with_licence.total == 100.0
    assert ("has the required driving licence", {}) in with_licence.reasons
    assert score(cand(licence=False), opening(licence=False)).total == 100.0


def test_the_reasons_name_the_skills_it_has_and_lacks() -> None:
    s = score(
        cand(skills=frozenset({"safety", "forklift", "welding"})),
        opening(skills=frozenset({"truck", "forklift", "safety"})),
    )
    assert s.parts["skills"] == 20.0
    assert (
        "has %(n)s of %(of)s required skills: %(skills)s",
        {"n": 2, "of": 3, "skills": "forklift, safety"},
    ) in s.reasons
    assert ("lacks the required skills: %(skills)s", {"skills": "truck"}) in s.reasons
    none = score(cand(skills=frozenset()), opening(skills=frozenset({"truck", "forklift"})))
    assert none.parts["skills"] == 0.0
    assert ("lacks the required skills: %(skills)s", {"skills": "forklift, truck"}) in none.reasons
    free = score(cand(skills=frozenset()), opening(skills=frozenset()))
    assert free.parts["skills"] == 30.0
    assert ("no skills required", {}) in free.reasons


def test_languages_all_some_none_or_not_required() -> None:
    required = frozenset({"sv", "en"})
    all_ = score(cand(languages=frozenset({"sv", "en", "ar"})), opening(languages=required))
    some = score(cand(languages=frozenset({"sv", "ar"})), opening(languages=required))
    none = score(cand(languages=frozenset({"ar"})), opening(languages=required))
    free = score(cand(languages=frozenset()), opening(languages=frozenset()))
    assert [x.parts["languages"] for x in (all_, some, none, free)] == [15.0, 7.5, 0.0, 15.0]
    assert (
        "speaks the required languages: %(languages)s",
        {"languages": "en, sv"},
    ) in all_.reasons
    assert (
        "speaks %(n)s of %(of)s required languages: %(languages)s",
        {"n": 1, "of": 2, "languages": "sv"},
    ) in some.reasons
    assert (
        "speaks none of the required languages: %(languages)s",
        {"languages": "en, sv"},
    ) in none.reasons


def test_travel_is_estimated_from_the_distance_and_unknown_gives_half() -> None:
    x, y = HOME
    near = score(cand(), opening(xy=(x + 6_000.0, y)))  # 5 + 14.4 = 19.4 min
    mid = score(cand(), opening(xy=(x + 10_000.0, y)))  # 5 + 24 = 29 min
    far = score(cand(), opening(xy=(x, y + 40_000.0)))  # 101 min
    unknown = score(cand(xy=None), opening())
    assert near.parts["travel"] == 10.0
    assert mid.parts["travel"] == pytest.approx(10 * (90 - 29) / 70)
    assert far.parts["travel"] == 0.0
    assert unknown.parts["travel"] == 5.0
    assert (
        "about %(minutes)s minutes away by public transport (an estimate)",
        {"minutes": 29},
    ) in mid.reasons
    assert ("travel time unknown: no position", {}) in unknown.reasons


def test_score_is_deterministic() -> None:
    c = cand(skills=frozenset({"c", "a", "b", "x"}), languages=frozenset({"so", "ar"}))
    o = opening(skills=frozenset({"b", "a", "z", "c"}), languages=frozenset({"sv", "ar", "so"}))
    assert score(c, o) == score(c, o)
    assert score(c, o).reasons == score(Candidate(**vars(c)), Opening(**vars(o))).reasons


def test_codes_places_keys_and_min_score_are_checked() -> None:
    with pytest.raises(ValueError, match="SSYK"):
        opening("515")
    with pytest.raises(ValueError, match="SSYK"):
        cand(("51530",))
    with pytest.raises(ValueError, match="SSYK"):
        cand(("5a",))
    with pytest.raises(ValueError, match="places"):
        opening(places=-1)
    with pytest.raises(ValueError, match="key"):
        propose([cand(), cand()], [opening()])
    with pytest.raises(ValueError, match="min_score"):
        score_matrix([cand()], [opening()], min_score=0)


# --- random worlds ---------------------------------------------------------------------------

CODES = ("5153", "5154", "5120", "5221", "9111", "9112", "8332", "2512")
SKILLS = tuple("abcdefgh")
WIDE = tuple(f"s{k:03d}" for k in range(150))  # more than 64: bit sets of several words
LANGUAGES = ("sv", "en", "ar", "so")


def world(
    seed: int, n: int, m: int, max_places: int = 1, wide: bool = False
) -> tuple[list[Candidate], list[Opening]]:
    """Small random worlds, dense in ties and edge cases: codes sharing prefixes, candidates'
    codes of every level, few skills, unknown positions, 0–40 km apart."""
    rng = np.random.default_rng(seed)
    vocab = WIDE if wide else SKILLS

    def some(items: tuple[str, ...], lo: int, hi: int) -> frozenset[str]:
        return frozenset(str(x) for x in rng.choice(items, int(rng.integers(lo, hi + 1))))

    def xy() -> tuple[float, float] | None:
        if rng.random() < 0.15:
            return None
        return (float(rng.uniform(0, 40_000)), float(rng.uniform(0, 40_000)))

    candidates = [
        Candidate(
            key=100 + k,
            occupations=tuple(
                str(code)[: int(rng.integers(1, 5))]
                for code in rng.choice(CODES, int(rng.integers(0, 3)))
            ),
            skills=some(vocab, 0, 5 if not wide else 40),
            languages=some(LANGUAGES, 0, 2),
            licence=bool(rng.random() < 0.5),
            xy=xy(),
        )
        for k in range(n)
    ]
    openings = [
        Opening(
            key=1000 + k,
            occupation=str(rng.choice(CODES)),
            skills=some(vocab, 0, 3 if not wide else 20),
            languages=some(LANGUAGES, 0, 2),
            licence=bool(rng.random() < 0.3),
            xy=xy(),
            places=int(rng.integers(0, max_places + 1)) if max_places > 1 else 1,
        )
        for k in range(m)
    ]
    return candidates, openings


def loop_scores(candidates: list[Candidate], openings: list[Opening]) -> np.ndarray:
    return np.array([[score(c, o).total for o in openings] for c in candidates]).reshape(
        len(candidates), len(openings)
    )


MIN_SCORES = st.sampled_from([1.0, 20.0, 30.0, 30.5, 38.0, 40.0, 45.0, 55.0, 60.0, 70.0, 90.0])


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), min_score=MIN_SCORES, wide=st.booleans())
def test_score_matrix_is_score_for_every_pair_it_keeps_and_drops_only_the_low(
    seed: int, min_score: float, wide: bool
) -> None:
    candidates, openings = world(seed, 25, 15, wide=wide)
    full = loop_scores(candidates, openings)
    matrix = score_matrix(candidates, openings, min_score)
    assert matrix.shape == full.shape
    kept = np.zeros(full.shape, dtype=bool)
    coo = matrix.tocoo()
    kept[coo.row, coo.col] = True
    assert coo.nnz == kept.sum()  # no pair twice
    # exactly the pairs at or above min_score, and exactly score's numbers
    assert np.array_equal(kept, full >= min_score)
    assert np.array_equal(matrix.toarray(), np.where(full >= min_score, full, 0.0))
    assert np.array_equal(dense_scores(candidates, openings), full)


def test_a_pair_exactly_at_min_score_is_kept() -> None:
    # major group only (8), no skill of those required (0), the rest full (30): 38
    c = cand(("5",), skills=frozenset())
    o = opening("5153", skills=frozenset({"truck"}), languages=frozenset())
    assert score(c, o).total == 38.0
    assert score_matrix([c], [o], min_score=38.0).toarray().tolist() == [[38.0]]
    assert score_matrix([c], [o], min_score=38.5).nnz == 0


def oracle_total(
    candidates: list[Candidate], openings: list[Opening], min_score: float
) -> tuple[float, np.ndarray]:
    w = loop_scores(candidates, openings)
    w[w < min_score] = 0.0
    w = np.repeat(w, [o.places for o in openings], axis=1)
    if w.size == 0:
        return 0.0, w
    r, c = linear_sum_assignment(w, maximize=True)
    return float(w[r, c].sum()), w


def check_proposals(
    proposals: list[Proposal],
    candidates: list[Candidate],
    openings: list[Opening],
    min_score: float,
) -> float:
    by_key_c = {c.key: c for c in candidates}
    by_key_o = {o.key: o for o in openings}
    assert len({p.candidate for p in proposals}) == len(proposals)  # nobody twice
    taken = Counter(p.opening for p in proposals)
    assert all(taken[k] <= by_key_o[k].places for k in taken)  # capacity respected
    for p in proposals:
        assert p.score == score(by_key_c[p.candidate], by_key_o[p.opening])
        assert p.score.total >= min_score and p.score.possible
    totals = [p.score.total for p in proposals]
    assert totals == sorted(totals, reverse=True)
    return float(sum(totals))


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    shape=st.sampled_from([(12, 12), (30, 8), (8, 30), (40, 5), (3, 25), (1, 6), (6, 1)]),
    max_places=st.sampled_from([1, 2, 4]),
    min_score=MIN_SCORES,
)
def test_propose_is_as_good_as_the_dense_assignment(
    seed: int, shape: tuple[int, int], max_places: int, min_score: float
) -> None:
    candidates, openings = world(seed, *shape, max_places=max_places)
    best, _ = oracle_total(candidates, openings, min_score)
    ours = check_proposals(
        propose(candidates, openings, min_score), candidates, openings, min_score
    )
    dense = check_proposals(
        dense_propose(candidates, openings, min_score), candidates, openings, min_score
    )
    assert ours == pytest.approx(best, abs=1e-9)
    assert dense == pytest.approx(best, abs=1e-9)


def test_places_greater_than_one_take_several_candidates() -> None:
    candidates = [cand(key=k) for k in range(5)]
    proposals = propose(candidates, [opening(key=7, places=3), opening(key=8, places=0)])
    assert len(proposals) == 3
    assert {p.opening for p in proposals} == {7}
    assert all(p.score.total == 100.0 for p in proposals)


def test_the_assignment_gives_up_a_local_best_for_a_better_total() -> None:
    # A fits both openings a bit better than B fits the first; greedy would give A the first
    # and leave B with nothing, the best total gives A the second
    a = cand(key=1, occupations=("5153", "9111"))
    b = cand(key=2, occupations=("5154",))
    first = opening("5153", key=10)
    second = opening("9111", key=20)
    proposals = propose([a, b], [first, second])
    assert {(p.candidate, p.opening) for p in proposals} == {(1, 20), (2, 10)}


def test_an_excluded_pair_is_never_proposed_and_the_rest_rearranged() -> None:
    # the best total pairs A with the second and B with the first; with (2, 10) decided on,
    # A goes back to the first opening and B takes the second (skills, language, licence and
    # travel are enough without the occupation)
    a = cand(key=1, occupations=("5153", "9111"))
    b = cand(key=2, occupations=("5154",))
    first, second = opening("5153", key=10), opening("9111", key=20)
    found = propose([a, b], [first, second], exclude={(2, 10), (99, 10), (1, 99)})
    assert {(p.candidate, p.opening) for p in found} == {(1, 10), (2, 20)}
    both = propose([a, b], [first, second], exclude=[(2, 10), (1, 10)])
    assert {(p.candidate, p.opening) for p in both} == {(1, 20)}
    rest = propose([a, b], [first, second], exclude=[(1, 10), (1, 20), (2, 10)])
    assert [(p.candidate, p.opening) for p in rest] == [(2, 20)]


def test_nothing_to_match_proposes_nothing() -> None:
    assert propose([], [opening()]) == []
    assert propose([cand()], []) == []
    assert propose([cand(licence=False)], [opening(licence=True)]) == []
    assert propose([cand()], [opening(places=0)]) == []
    assert dense_propose([cand()], [opening(places=0)]) == []
    assert score_matrix([], []).shape == (0, 0)
    assert propose([cand(("9111",), skills=frozenset())], [opening()], min_score=90) == []
