"""Area teams and presence plans: allocate a team's hours to places and hours of the week by risk.

The week has 168 hourly slots, hour 0 = Monday 00:00. Each district has a team of people
(trygghetsvärd, brobyggare, fältarbetare, stadsdelssamordnare) with the hours they can work this
week, and places (hotspot cells) with a risk per hour: hotspot intensity × time-of-week profile.

The model (a mixed-integer linear programme, solved to optimality by HiGHS via
``scipy.optimize.milp``, up to its default relative gap of 0.01 %):

* **Shifts** are binary variables: one per person, allowed start hour and shift length (from
  ``shift_lengths``, within the person's ``min_shift``..``max_shift``), covering none of the
  person's unavailable hours and ending within the week. People work in their own district only.
* **Constraints**: a person's shift hours sum to at most their ``hours``; at most one shift starts
  per person and day; no two shifts of a person overlap, nor start within ``min_rest`` hours of
  the end of the previous one (nobody double-booked; 11 h daily rest as in the Swedish working
  hours act); each district gets at least ``min_hours_per_district`` person-hours. The rest rows
  are added lazily: solve without them; if someone's shifts break the rest, add them for the
  district's team and solve again; a solution that keeps the rest is then optimal for the full
  model. Districts share no constraint, so each district is its own (small) MILP.
* **Objective, in proportion to risk**: during a shift a person is present in the district, and
  each hour the people present are spread over the district's places. The k-th person at a
  place in an hour adds ``risk / k`` (a concave utility: risk × the harmonic number of the head
  count), so a place-hour's value is ``risk × (1 + 1/2 + … + 1/n)``. Giving each next person to
  the largest quotient ``risk / (n + 1)`` is the D'Hondt apportionment, which makes head counts
  proportional to risk: twice the risk, about twice the hours. Because the best spread of ``m``
  people in an hour is this apportionment, the value of ``m`` people present in district ``d`` at
  hour ``h`` is the sum of the ``m`` largest quotients over all its places; the MILP only decides
  how many are present when (shifts) and fills these "levels" in order (continuous level
  variables, each ≤ 1, their sum ≤ the people present). This aggregation is exact: the optimum
  is the optimum over all places (e.g. all 500 hotspot cells), not a top-K subset, and the model
  stays small (people × candidate shifts binaries + districts × 168 × team size levels).
* **Routing**: after solving, the people present each hour are given to places by that
  apportionment, keeping a person at the same place from one hour to the next whenever the
  counts allow, so a shift is a few stretches at one place rather than hourly hops. A shift is
  thus not tied to one place (people on patrol move as the risk moves); the ``assignments`` are
  these stretches (person, place, start, end).

``greedy`` is the obvious baseline, scored with the same objective. Infeasible plans raise
:class:`PlanError` with the failing constraint in words (a district's minimum against what its
people can do at most under the shift rules, a person's hours against the week, …).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

HOURS = 168
ROLES = ("trygghetsvärd", "brobyggare", "fältarbetare", "stadsdelssamordnare")


class PlanError(ValueError):
    """Bad input or an infeasible plan; the message names the field or the failing constraint."""


@dataclass(frozen=True)
class Person:
    """A team member: ``hours`` available this week; ``unavailable`` hour slots (0..167)."""

    id: str
    district: str
    role: str
    hours: float
    min_shift: int = 2
    max_shift: int = 8
    unavailable: frozenset[int] = frozenset()


@dataclass(frozen=True, eq=False)
class Place:
    """A place (hotspot cell) with its risk per hour of the week (168 values ≥ 0)."""

    id: str
    district: str
    risk: np.ndarray


@dataclass(frozen=True)
class PlanOptions:
    """Rules of the plan.

    ``shift_starts``: allowed start hours of the week (default 08, 10, …, 22 each day, so an
    8 h shift reaches 06 the next morning); ``shift_lengths``:
    allowed lengths in hours; ``min_rest``: hours between the end of one shift and the start of
    the next; ``max_people_per_place_slot``: cap on the head count at a place in an hour (None:
    no cap; people beyond all caps are present without a place); ``time_limit``: seconds for
    HiGHS; ``mip_rel_gap``: relative optimality gap at which HiGHS stops (its default 0.01 %).
    """

    min_hours_per_district: dict[str, float] = field(default_factory=dict)
    shift_starts: tuple[int, ...] = tuple(24 * d + h for d in range(7) for h in range(8, 23, 2))
    shift_lengths: tuple[int, ...] = (2, 4, 6, 8)
    min_rest: int = 11
    max_people_per_place_slot: int | None = None
    time_limit: float = 60.0
    mip_rel_gap: float = 1e-4


@dataclass(frozen=True)
class Shift:
    """A person's shift: hours ``start`` (inclusive) to ``end`` (exclusive) of the week."""

    person: str
    start: int
    end: int


@dataclass(frozen=True)
class Assignment:
    """A stretch of a shift at one place (``place`` None: present beyond every place's cap)."""

    person: str
    place: str | None
    start: int
    end: int


@dataclass
class Plan:
    """A presence plan: shifts, their stretches at places, head count per (place, hour), score.

    ``coverage[i, h]`` is the number of people at ``place_ids[i]`` in hour ``h``; ``objective`` is
    Σ risk × (1 + 1/2 + … + 1/n) over place-hours; ``status`` is "optimal", "time limit" (best
    found) or "greedy".
    """

    shifts: list[Shift]
    assignments: list[Assignment]
    place_ids: tuple[str, ...]
    coverage: np.ndarray
    objective: float
    status: str
    hours_by_district: dict[str, float]
    hours_by_person: dict[str, float]


# --- the problem, validated and precomputed -------------------------------------------------


@dataclass
class _Problem:
    people: list[Person]
    places: list[Place]
    options: PlanOptions
    districts: list[str]
    cand: list[list[tuple[int, int]]]  # per person: (start, length)
    levels: dict[str, np.ndarray]  # per district: (168, L) quotients, descending along L
    place_rows: dict[str, np.ndarray]  # per district: indices into places


def _validate(people: Sequence[Person], places: Sequence[Place], options: PlanOptions) -> _Problem:
    if not places:
        raise PlanError("places: no places given")
    ids = [p.id for p in places]
    if len(set(ids)) != len(ids):
        raise PlanError("places: duplicate place id")
    for pl in places:
        risk = np.asarray(pl.risk, dtype=float)
        if risk.shape != (HOURS,):
            raise PlanError(f"place {pl.id}: risk has shape {risk.shape}, expected ({HOURS},)")
        if not np.all(np.isfinite(risk)):
            raise PlanError(f"place {pl.id}: risk has a value that is not finite")
        if np.any(risk < 0):
            raise PlanError(f"place {pl.id}: risk has a negative value ({risk.min():g})")
    districts = sorted({pl.district for pl in places})
    pids = [p.id for p in people]
    if len(set(pids)) != len(pids):
        raise PlanError("people: duplicate person id")
    lengths = sorted(set(options.shift_lengths))
    if not lengths or lengths[0] < 1:
        raise PlanError(f"shift_lengths {options.shift_lengths}: need lengths of at least 1 h")
    starts = sorted(set(options.shift_starts))
    if any(s < 0 or s >= HOURS for s in starts):
        raise PlanError(f"shift_starts: hours must be within 0..{HOURS - 1}")
    if options.min_rest < 0:
        raise PlanError(f"min_rest {options.min_rest}: must be ≥ 0")
    cap = options.max_people_per_place_slot
    if cap is not None and cap < 1:
        raise PlanError(f"max_people_per_place_slot {cap}: must be ≥ 1")
    for d, h in options.min_hours_per_district.items():
        if d not in districts:
            raise PlanError(f"min_hours_per_district: unknown district {d!r}")
        if not h >= 0:
            raise PlanError(f"min_hours_per_district[{d!r}] = {h}: must be ≥ 0")

    cand: list[list[tuple[int, int]]] = []
    for p in people:
        if p.district not in districts:
            raise PlanError(f"person {p.id}: unknown district {p.district!r} (no places there)")
        if p.role not in ROLES:
            raise PlanError(f"person {p.id}: unknown role {p.role!r}, expected one of {ROLES}")
        if not p.hours >= 0:
            raise PlanError(f"person {p.id}: hours {p.hours} must be ≥ 0")
        if p.min_shift > p.max_shift:
            raise PlanError(f"person {p.id}: min_shift {p.min_shift} > max_shift {p.max_shift}")
        if any(not 0 <= u < HOURS for u in p.unavailable):
            raise PlanError(f"person {p.id}: unavailable hours must be within 0..{HOURS - 1}")
        free = np.ones(HOURS + 1, dtype=bool)
        free[list(p.unavailable)] = False
        ok_len = [n for n in lengths if p.min_shift <= n <= p.max_shift]
        mine = [(s, n) for s in starts for n in ok_len if s + n <= HOURS and free[s : s + n].all()]
        if p.hours > 0 and not mine:
            raise PlanError(
                f"no allowed shift fits person {p.id}'s availability (lengths {ok_len or lengths}"
                f" h within {p.min_shift}–{p.max_shift} h, {len(p.unavailable)} hours unavailable)"
            )
        best_day = [0] * 7
        for s, n in mine:
            best_day[s // 24] = max(best_day[s // 24], n)
        week_max = sum(best_day)
        if p.hours > week_max:
            raise PlanError(
                f"person {p.id} has {p.hours:g} h but the week allows at most {week_max} h "
                f"(one shift a day of at most {p.max_shift} h within their availability)"
            )
        cand.append(mine)

    for d, need in options.min_hours_per_district.items():
        team = [p for p in people if p.district == d]
        have = sum(p.hours for p in team)
        if need > have:
            raise PlanError(
                f"district {d} needs at least {need:g} h but its people have {have:g} h available"
            )
        usable = sum(
            _usable_hours(p.hours, c) for p, c in zip(people, cand, strict=True) if p.district == d
        )
        if need > usable:
            raise PlanError(
                f"district {d} needs at least {need:g} h but its people can work at most "
                f"{usable:g} h in whole shifts of the allowed lengths"
            )

    risks = np.array([np.asarray(pl.risk, dtype=float) for pl in places])
    levels: dict[str, np.ndarray] = {}
    place_rows: dict[str, np.ndarray] = {}
    for d in districts:
        rows = np.array([i for i, pl in enumerate(places) if pl.district == d])
        place_rows[d] = rows
        size = sum(1 for p in people if p.district == d)
        per_place = size if cap is None else min(size, cap)
        n_levels = min(size, per_place * len(rows))
        if n_levels == 0:
            levels[d] = np.zeros((HOURS, 0))
            continue
        k = np.arange(1, per_place + 1, dtype=float)
        quot = (risks[rows][:, None, :] / k[None, :, None]).reshape(-1, HOURS)  # (P*k, 168)
        top = -np.sort(-quot, axis=0)[:n_levels]  # (L, 168)
        levels[d] = np.ascontiguousarray(top.T)
    return _Problem(list(people), list(places), options, districts, cand, levels, place_rows)


def _usable_hours(hours: float, cand: list[tuple[int, int]]) -> float:
    """At most this many hours in whole shifts (a subset sum of one shift a day ≤ ``hours``)."""
    by_day: dict[int, set[int]] = {}
    for s, n in cand:
        by_day.setdefault(s // 24, set()).add(n)
    reach = {0}
    for lens in by_day.values():
        reach = {r + n for r in reach for n in (0, *lens) if r + n <= hours}
    return float(max(reach))


# --- the MILP --------------------------------------------------------------------------------


def plan(
    people: Sequence[Person], places: Sequence[Place], options: PlanOptions | None = None
) -> Plan:
    """The optimal presence plan for the coming week (see the module docstring for the model)."""
    prob = _validate(people, places, options or PlanOptions())
    shifts: list[Shift] = []
    statuses = set()
    for d in prob.districts:  # the districts share nothing: one small MILP each
        team = [p for p in prob.people if p.district == d]
        if not team:
            continue
        rested: set[str] = set()
        while True:  # rest rows are added lazily, for the team once someone breaks the rest
            res, shift_index, n_x = _solve(prob, team, rested, minimum=True, objective=True)
            if res.status == 2:  # infeasible
                raise PlanError(_explain_infeasible(prob, d))
            if res.x is None:
                raise PlanError(f"the solver found no plan for district {d}: {res.message}")
            mine = [shift_index[i] for i in np.flatnonzero(res.x[:n_x] > 0.5)]
            if not _rest_broken(mine, prob.options.min_rest) - rested:
                break
            rested = {p.id for p in team}
        shifts += mine
        statuses.add(res.status)
    status = "optimal" if statuses <= {0} else "time limit"
    return _build(prob, shifts, status)


def _rest_broken(shifts: list[Shift], rest: int) -> set[str]:
    """The people with two shifts closer than ``rest`` hours (or overlapping)."""
    broken = set()
    last_end: dict[str, int] = {}
    for s in sorted(shifts, key=lambda s: s.start):
        if s.person in last_end and s.start < last_end[s.person] + rest:
            broken.add(s.person)
        last_end[s.person] = max(s.end, last_end.get(s.person, s.end))
    return broken


def _solve(
    prob: _Problem,
    people: Sequence[Person],
    rested: set[str] | None,
    *,
    minimum: bool,
    objective: bool,
) -> tuple[Any, list[Shift], int]:
    """Build and solve the MILP for ``people``; returns (result, shift per x column, #x).

    The rest rows are built for the people in ``rested`` only (all if None): the solution is
    optimal for the full model once no one else's shifts break the rest (see :func:`plan`).
    """
    opts = prob.options
    index = {p.id: i for i, p in enumerate(prob.people)}
    shift_index: list[Shift] = []
    x_person, x_len = [], []
    for p in people:
        for s, n in prob.cand[index[p.id]]:
            shift_index.append(Shift(p.id, s, s + n))
            x_person.append(p.id)
            x_len.append(n)
    n_x = len(shift_index)
    x_len_a = np.array(x_len, dtype=float)
    districts = sorted({p.district for p in people})
    lvl_off: dict[str, int] = {}
    off = n_x
    for d in districts:
        lvl_off[d] = off
        off += prob.levels[d].size if objective else 0
    n_var = off

    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    lo: list[float] = []
    hi: list[float] = []
    r = 0

    def add(c: np.ndarray, v: np.ndarray, low: float, high: float) -> None:
        nonlocal r
        rows.append(np.full(len(c), r))
        cols.append(c)
        vals.append(v)
        lo.append(low)
        hi.append(high)
        r += 1

    starts = np.array([s.start for s in shift_index])
    ends = np.array([s.end for s in shift_index])
    person_a = np.array(x_person, dtype=object)
    for p in people:
        mine = np.flatnonzero(person_a == p.id)
        if len(mine) == 0:
            continue
        add(mine, x_len_a[mine], -np.inf, p.hours)
        st, en = starts[mine], ends[mine]
        for day in range(7):
            sel = mine[(st >= 24 * day) & (st < 24 * day + 24)]
            if len(sel) > 1:
                add(sel, np.ones(len(sel)), -np.inf, 1)
        # rest/overlap: blocked intervals [start, end + rest) pairwise disjoint; for intervals
        # the cliques at the start hours suffice.
        if rested is not None and p.id not in rested:
            continue
        for h in np.unique(st):
            sel = mine[(st <= h) & (en + opts.min_rest > h)]
            if len(np.unique(starts[sel] // 24)) > 1:  # same-day pairs: the day rows above
                add(sel, np.ones(len(sel)), -np.inf, 1)
    if minimum:
        for d, need in opts.min_hours_per_district.items():
            if d not in districts:
                continue
            sel = np.flatnonzero(np.isin(person_a, [p.id for p in people if p.district == d]))
            if need > 0:
                add(sel, x_len_a[sel], need, np.inf)
    c = np.zeros(n_var)
    if objective:
        for d in districts:
            lv = prob.levels[d]
            n_lv = lv.shape[1]
            if n_lv == 0:
                continue
            c[lvl_off[d] : lvl_off[d] + lv.size] = -lv.ravel()
            sel_d = np.flatnonzero(np.isin(person_a, [p.id for p in people if p.district == d]))
            for h in range(HOURS):
                cover = sel_d[(starts[sel_d] <= h) & (ends[sel_d] > h)]
                lvl_cols = lvl_off[d] + h * n_lv + np.arange(n_lv)
                add(
                    np.concatenate([lvl_cols, cover]),
                    np.concatenate([np.ones(n_lv), -np.ones(len(cover))]),
                    -np.inf,
                    0,
                )
    else:
        c[:n_x] = -x_len_a  # maximise hours (used to explain an infeasible minimum)
    integrality = np.zeros(n_var)
    integrality[:n_x] = 1
    constraints = []
    if r:
        a = sparse.csr_array(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
            shape=(r, n_var),
        )
        constraints.append(LinearConstraint(a, np.array(lo), np.array(hi)))
    res = milp(
        c,
        integrality=integrality,
        bounds=Bounds(0, 1),
        constraints=constraints,
        # presolve removes little from this model and took half the time on the benchmark
        options={"time_limit": opts.time_limit, "mip_rel_gap": opts.mip_rel_gap, "presolve": False},
    )
    return res, shift_index, n_x


def _explain_infeasible(prob: _Problem, district: str) -> str:
    """Name the failing constraint: the district's most hours under the rules, against its
    minimum (the only constraint of a district's MILP that can fail after the checks)."""
    need = prob.options.min_hours_per_district.get(district, 0.0)
    team = [p for p in prob.people if p.district == district]
    res, _, _ = _solve(prob, team, None, minimum=False, objective=False)
    best = -float(res.fun) if getattr(res, "fun", None) is not None else 0.0
    if best < need - 1e-6:
        return (
            f"infeasible plan: district {district} needs at least {need:g} h but its people can "
            f"work at most {best:g} h under the shift rules (lengths "
            f"{sorted(prob.options.shift_lengths)} h, one shift a day, {prob.options.min_rest} h "
            "rest, their availability)"
        )
    return f"infeasible plan for district {district}: the constraints cannot all hold"


# --- scoring, routing and the greedy baseline ------------------------------------------------


def _present(prob: _Problem, shifts: Iterable[Shift]) -> dict[str, np.ndarray]:
    district = {p.id: p.district for p in prob.people}
    present = {d: np.zeros(HOURS, dtype=np.int64) for d in prob.districts}
    for s in shifts:
        present[district[s.person]][s.start : s.end] += 1
    return present


def _score(prob: _Problem, present: dict[str, np.ndarray]) -> float:
    total = 0.0
    for d, lv in prob.levels.items():
        if lv.shape[1] == 0:
            continue
        cum = np.concatenate([np.zeros((HOURS, 1)), np.cumsum(lv, axis=1)], axis=1)
        m = np.minimum(present[d], lv.shape[1])
        total += float(cum[np.arange(HOURS), m].sum())
    return total


def _build(prob: _Problem, shifts: list[Shift], status: str) -> Plan:
    """Route the people present each hour to places (D'Hondt), as stretches at one place."""
    shifts = sorted(shifts, key=lambda s: (s.start, s.person))
    present = _present(prob, shifts)
    cap = prob.options.max_people_per_place_slot
    risks = np.array([np.asarray(pl.risk, dtype=float) for pl in prob.places])
    coverage = np.zeros((len(prob.places), HOURS), dtype=np.int64)
    district = {p.id: p.district for p in prob.people}
    where: dict[str, int | None] = {}  # person -> place index in the previous hour
    segments: dict[str, list[list]] = {}  # person -> [place, start, end]
    for h in range(HOURS):
        on = [s.person for s in shifts if s.start <= h < s.end]
        for d in prob.districts:
            team = [q for q in on if district[q] == d]
            if not team:
                continue
            rows = prob.place_rows[d]
            counts = _dhondt(risks[rows, h], len(team), cap)
            coverage[rows, h] = counts
            room = {int(rows[i]): int(counts[i]) for i in range(len(rows)) if counts[i]}
            placed: dict[str, int | None] = {}
            for q in team:  # stay where you were if the count there allows
                prev = where.get(q)
                if prev is not None and room.get(prev, 0) > 0:
                    placed[q] = prev
                    room[prev] -= 1
            free = [
                i for i, n in sorted(room.items(), key=lambda t: -risks[t[0], h]) for _ in range(n)
            ]
            for q in team:
                if q not in placed:
                    placed[q] = free.pop(0) if free else None
            for q, i in placed.items():
                seg = segments.setdefault(q, [])
                if seg and seg[-1][2] == h and seg[-1][0] == i:
                    seg[-1][2] = h + 1
                else:
                    seg.append([i, h, h + 1])
        where = {q: segments[q][-1][0] for q in on}
    assignments = [
        Assignment(q, None if i is None else prob.places[i].id, a, b)
        for q, segs in segments.items()
        for i, a, b in segs
    ]
    by_person = {p.id: 0.0 for p in prob.people}
    for s in shifts:
        by_person[s.person] += s.end - s.start
    by_district = {d: float(present[d].sum()) for d in prob.districts}
    return Plan(
        shifts=shifts,
        assignments=sorted(assignments, key=lambda a: (a.start, a.person)),
        place_ids=tuple(pl.id for pl in prob.places),
        coverage=coverage,
        objective=_score(prob, present),
        status=status,
        hours_by_district=by_district,
        hours_by_person=by_person,
    )


def _dhondt(risk: np.ndarray, m: int, cap: int | None) -> np.ndarray:
    """Head counts per place for ``m`` people: the ``m`` largest quotients risk / k."""
    per = m if cap is None else min(m, cap)
    quot = (risk[:, None] / np.arange(1, per + 1)[None, :]).ravel()
    take = np.argsort(-quot, kind="stable")[:m]
    return np.bincount(take // per, minlength=len(risk))


def greedy(
    people: Sequence[Person], places: Sequence[Place], options: PlanOptions | None = None
) -> Plan:
    """The obvious baseline: repeatedly take the (district, hour) with the highest remaining
    marginal risk and give it the free person-shift covering it that adds the most; scored with
    the same objective as :func:`plan`. It ignores the district minimums (status "greedy")."""
    prob = _validate(people, places, options or PlanOptions())
    opts = prob.options
    present = {d: np.zeros(HOURS, dtype=np.int64) for d in prob.districts}
    left = {p.id: float(p.hours) for p in prob.people}
    taken: dict[str, list[Shift]] = {p.id: [] for p in prob.people}
    marg = np.full((len(prob.districts), HOURS), -np.inf)
    for j, d in enumerate(prob.districts):
        if prob.levels[d].shape[1]:
            marg[j] = prob.levels[d][:, 0]
    chosen: list[Shift] = []
    while True:
        jh = np.unravel_index(int(np.argmax(marg)), marg.shape)
        j, h = int(jh[0]), int(jh[1])
        if not np.isfinite(marg[j, h]):
            break
        d = prob.districts[j]
        lv = prob.levels[d]
        best: tuple[float, Shift] | None = None
        for p, cand in zip(prob.people, prob.cand, strict=True):
            if p.district != d:
                continue
            for s, n in cand:
                if not s <= h < s + n or n > left[p.id] + 1e-9:
                    continue
                new = Shift(p.id, s, s + n)
                if not _fits(new, taken[p.id], opts.min_rest):
                    continue
                idx = present[d][s : s + n]
                gain = float(
                    np.where(
                        idx < lv.shape[1],
                        lv[np.arange(s, s + n), np.minimum(idx, lv.shape[1] - 1)],
                        0.0,
                    ).sum()
                )
                if best is None or gain > best[0]:
                    best = (gain, new)
        if best is None:
            marg[j, h] = -np.inf
            continue
        s_new = best[1]
        chosen.append(s_new)
        taken[s_new.person].append(s_new)
        left[s_new.person] -= s_new.end - s_new.start
        present[d][s_new.start : s_new.end] += 1
        for t in range(s_new.start, s_new.end):
            k = present[d][t]
            if np.isfinite(marg[j, t]):
                marg[j, t] = lv[t, k] if k < lv.shape[1] else -np.inf
    return _build(prob, chosen, "greedy")


def _fits(new: Shift, taken: list[Shift], rest: int) -> bool:
    for s in taken:
        if s.start // 24 == new.start // 24:
            return False
        if new.start < s.end + rest and s.start < new.end + rest:
            return False
    return True
