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

:func:`.scoring.score_matrix` scores many pairs at once, vectorised, with the same numbers;
:func:`.assignment.propose` chooses the assignment of greatest total score from it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

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
