"""Presence plans: a hand-checked optimum, proportionality, the constraints on the output,
district minimums, optimal against greedy, infeasibility explained, bad input."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from samverkan.presence.analysis.solver import (
    HOURS,
    ROLES,
    Assignment,
    Person,
    Place,
    Plan,
    PlanError,
    PlanOptions,
    greedy,
    plan,
)


def _risk(spans: dict[int, float] | None = None) -> np.ndarray:
    r = np.zeros(HOURS)
    for h, v in (spans or {}).items():
        r[h] = v
    return r


def _person(pid: str, district: str = "Skäggetorp", hours: float = 8, **kw: object) -> Person:
    return Person(pid, district, "trygghetsvärd", hours, **kw)


def _harmonic_value(places: list[Place], p: Plan) -> float:
    h = np.concatenate([[0.0], np.cumsum(1.0 / np.arange(1, 200))])
    risks = np.array([pl.risk for pl in places])
    return float((risks * h[p.coverage]).sum())


def _random_case(
    seed: int, n_people: int = 9, n_places: int = 30
) -> tuple[list[Person], list[Place]]:
    rng = np.random.default_rng(seed)
    hod = np.arange(HOURS) % 24
    dow = np.arange(HOURS) // 24
    profile = 0.2 + np.exp(-(((hod - 21 + 12) % 24 - 12) ** 2) / 10) + 0.6 * (dow >= 4)
    ds = ["Skäggetorp", "Ryd", "Berga"]
    places = [
        Place(f"c{i}", ds[i % 3], rng.gamma(0.7, 1.0) * profile * rng.uniform(0.5, 1.5, HOURS))
        for i in range(n_places)
    ]
    people = []
    for i in range(n_people):
        off = rng.integers(0, HOURS - 24)
        people.append(
            Person(
                f"p{i}",
                ds[i % 3],
                ROLES[i % 4],
                float(rng.choice([8, 12, 16, 20])),
                unavailable=frozenset(range(off, off + 24)) if i % 2 else frozenset(),
            )
        )
    return people, places


def _check_constraints(people: list[Person], p: Plan, rest: int = 11) -> None:
    for q in people:
        mine = sorted((s for s in p.shifts if s.person == q.id), key=lambda s: s.start)
        assert sum(s.end - s.start for s in mine) <= q.hours + 1e-9
        assert p.hours_by_person[q.id] == sum(s.end - s.start for s in mine)
        days = [s.start // 24 for s in mine]
        assert len(days) == len(set(days)), f"{q.id} has two shifts on one day"
        for a, b in itertools.pairwise(mine):
            assert b.start >= a.end + rest, f"{q.id}: {a} and {b} overlap or break the rest"
        for s in mine:
            assert not q.unavailable & set(range(s.start, s.end))
            assert q.min_shift <= s.end - s.start <= q.max_shift
    # the assignments cover each shift hour exactly once, at a place of the person's district
    hours_shift = {(s.person, h) for s in p.shifts for h in range(s.start, s.end)}
    hours_assigned = [(a.person, h) for a in p.assignments for h in range(a.start, a.end)]
    assert len(hours_assigned) == len(set(hours_assigned)) == len(hours_shift)
    assert set(hours_assigned) == hours_shift
    cov = np.zeros_like(p.coverage)
    idx = {pid: i for i, pid in enumerate(p.place_ids)}
    for a in p.assignments:
        assert a.place is not None
        cov[idx[a.place], a.start : a.end] += 1
    np.testing.assert_array_equal(cov, p.coverage)


def test_hand_checked_optimum() -> None:
    # A: risk 4, B: risk 3, Monday 18–22 (hours 18..21); two people, one 4 h shift each.
    # Together there: A and B one each (quotients 4, 3 beat 4/2 = 2): 4 h × (4 + 3) = 28.
    places = [
        Place("A", "Skäggetorp", _risk(dict.fromkeys(range(18, 22), 4.0))),
        Place("B", "Skäggetorp", _risk(dict.fromkeys(range(18, 22), 3.0))),
    ]
    people = [_person("p1", hours=4), _person("p2", hours=4)]
    opts = PlanOptions(shift_lengths=(4,))
    p = plan(people, places, opts)
    assert p.status == "optimal"
    assert p.objective == pytest.approx(28.0)
    assert p.assignments == [Assignment("p1", "A", 18, 22), Assignment("p2", "B", 18, 22)]


def test_hand_checked_timing() -> None:
    # 4 h in 2 h shifts: Monday 18–20 (risk 5) and Wednesday 10–12 (4) beat Tuesday 20–22 (3):
    # 2 × 5 + 2 × 4 = 18.
    risk = _risk({18: 5, 19: 5, 24 + 20: 3, 24 + 21: 3, 58: 4, 59: 4})
    p = plan([_person("p1", "Ryd", 4)], [Place("A", "Ryd", risk)], PlanOptions(shift_lengths=(2,)))
    assert p.objective == pytest.approx(18.0)
    assert [(s.start, s.end) for s in p.shifts] == [(18, 20), (58, 60)]


def test_twice_the_risk_gets_about_twice_the_hours() -> None:
    hod = np.arange(HOURS) % 24
    dow = np.arange(HOURS) // 24
    evening = ((hod >= 16) & (hod < 24)).astype(float)
    weekend = np.where(dow >= 4, 2.0, 1.0)  # Friday–Sunday twice the risk of Monday–Thursday
    places = [
        Place("A", "Berga", 2.0 * evening * weekend),
        Place("B", "Berga", 1.0 * evening * weekend),
    ]
    people = [_person(f"p{i}", "Berga", hours=24) for i in range(30)]
    opts = PlanOptions(shift_starts=tuple(24 * d + 16 for d in range(7)), shift_lengths=(8,))
    p = plan(people, places, opts)
    a, b = p.coverage.sum(axis=1)
    assert 1.7 < a / b < 2.4, (a, b)
    per_day = p.coverage.sum(axis=0).reshape(7, 24).sum(axis=1)
    ratio = per_day[4:].mean() / per_day[:4].mean()
    assert 1.6 < ratio < 2.5, per_day
    assert sum(p.hours_by_person.values()) == 30 * 24
    assert p.objective == pytest.approx(_harmonic_value(places, p))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_output_respects_the_constraints(seed: int) -> None:
    people, places = _random_case(seed)
    for p in (plan(people, places), greedy(people, places)):
        _check_constraints(people, p)
        assert p.objective == pytest.approx(_harmonic_value(places, p))
        district = {q.id: q.district for q in people}
        place_district = {pl.id: pl.district for pl in places}
        for a in p.assignments:
            assert place_district[a.place] == district[a.person]


def test_minimum_per_district() -> None:
    places = [
        Place("A", "Ryd", _risk(dict.fromkeys(range(18, 22), 4.0))),
        Place("B", "Berga", _risk()),  # no risk: without a minimum nobody needs to go there
    ]
    people = [_person("r1", "Ryd", 8), _person("b1", "Berga", 12), _person("b2", "Berga", 12)]
    p = plan(people, places, PlanOptions(min_hours_per_district={"Berga": 20}))
    assert p.hours_by_district["Berga"] >= 20
    assert p.objective == pytest.approx(4 * 4.0)
    _check_constraints(people, p)


def test_optimal_beats_greedy() -> None:
    gains = []
    for seed in range(4):
        people, places = _random_case(seed, n_people=12)
        best, base = plan(people, places), greedy(people, places)
        assert base.status == "greedy"
        assert best.objective >= base.objective * (1 - 1e-6) - 1e-9
        gains.append(best.objective / base.objective)
    assert max(gains) > 1.001, gains


def test_more_hours_needed_than_the_team_has() -> None:
    places = [Place("A", "Skäggetorp", _risk({20: 1.0}))]
    people = [_person("1", hours=20), _person("2", hours=20)]
    with pytest.raises(
        PlanError,
        match=r"district Skäggetorp needs at least 60 h but its people "
        r"have 40 h available",
    ):
        plan(people, places, PlanOptions(min_hours_per_district={"Skäggetorp": 60}))


def test_person_hours_beyond_the_week() -> None:
    places = [Place("A", "Skäggetorp", _risk({20: 1.0}))]
    with pytest.raises(PlanError, match=r"person 7 has 30 h but the week allows at most 28 h"):
        plan([_person("7", hours=30, max_shift=4)], places)


def test_no_shift_fits_the_availability() -> None:
    places = [Place("A", "Skäggetorp", _risk({20: 1.0}))]
    busy = frozenset(h for h in range(HOURS) if h % 24 != 9)  # free only 09–10 each day
    with pytest.raises(PlanError, match=r"no allowed shift fits person 3's availability"):
        plan([_person("3", hours=4, unavailable=busy)], places)


def test_minimum_beyond_whole_shifts() -> None:
    places = [Place("A", "Ryd", _risk({20: 1.0}))]
    people = [_person("1", "Ryd", hours=5), _person("2", "Ryd", hours=5)]
    opts = PlanOptions(min_hours_per_district={"Ryd": 10}, shift_lengths=(4,))
    with pytest.raises(
        PlanError,
        match=r"district Ryd needs at least 10 h but its people can "
        r"work at most 8 h in whole shifts",
    ):
        plan(people, places, opts)


def test_solver_infeasibility_explained() -> None:
    # 40 h in 8 h shifts passes the simple checks (5 days of 8 h), but with 40 h rest between
    # shifts only 4 fit in the week: HiGHS says infeasible, the explanation names the minimum.
    places = [Place("A", "Ryd", _risk({20: 1.0}))]
    opts = PlanOptions(min_hours_per_district={"Ryd": 40}, shift_lengths=(8,), min_rest=40)
    with pytest.raises(
        PlanError,
        match=r"district Ryd needs at least 40 h but its people can work "
        r"at most 32 h under the shift rules",
    ) as err:
        plan([_person("1", "Ryd", hours=40)], places, opts)
    assert "40 h rest" in str(err.value)


@pytest.mark.parametrize(
    ("people", "place", "options", "message"),
    [
        ([], Place("A", "Ryd", np.ones(167)), None, r"place A: risk has shape \(167,\)"),
        ([], Place("A", "Ryd", -np.ones(HOURS)), None, r"place A: risk has a negative value"),
        ([_person("1", "Rydd")], None, None, r"person 1: unknown district 'Rydd'"),
        ([_person("1", "Ryd", hours=-2)], None, None, r"person 1: hours -2 must be ≥ 0"),
        (
            [Person("1", "Ryd", "polis", 8)],
            None,
            None,
            r"person 1: unknown role 'polis'",
        ),
        (
            [],
            None,
            PlanOptions(min_hours_per_district={"Rydd": 4}),
            r"min_hours_per_district: unknown district 'Rydd'",
        ),
        ([_person("1", "Ryd", min_shift=6, max_shift=4)], None, None, r"min_shift 6 > max_shift"),
    ],
)
def test_bad_input(
    people: list[Person], place: Place | None, options: PlanOptions | None, message: str
) -> None:
    places = [place or Place("A", "Ryd", np.ones(HOURS))]
    with pytest.raises(PlanError, match=message):
        plan(people, places, options)
    with pytest.raises(PlanError, match=message):
        greedy(people, places, options)


def test_cap_per_place_and_hour() -> None:
    # one place, at most one person there an hour: a second person at the same time adds nothing
    places = [Place("A", "Ryd", _risk(dict.fromkeys(range(18, 22), 2.0)))]
    people = [_person("1", "Ryd", 4), _person("2", "Ryd", 4)]
    opts = PlanOptions(shift_lengths=(4,), max_people_per_place_slot=1)
    p = plan(people, places, opts)
    assert p.coverage.max() <= 1
    assert p.objective == pytest.approx(8.0)
    assert all(a.place in ("A", None) for a in p.assignments)
    assert greedy(people, places, opts).objective == pytest.approx(8.0)
