"""The job factory: months clamped to the month's end, the seat calendar of a rolling model of
5 seats, and the hit rate per cohort and year with its Wilson interval (against scipy and
statsmodels) and "too few to say" under 5."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binomtest
from statsmodels.stats.proportion import proportion_confint

from samverkan.core.suppression import THRESHOLD
from samverkan.employment.analysis.jobfactory import (
    Rate,
    Term,
    add_months,
    hit_rate,
    outcome,
    seat_calendar,
    term,
    wilson,
)

D = date


# --- months ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "n", "expected"),
    [
        (D(2024, 8, 31), 18, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2026, 2, 28), -3, D(2025, 11, 28)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2024, 12, 15), 1, D(2025, 1, 15)),
        (D(2025, 1, 15), -1, D(2024, 12, 15)),
        (D(2024, 5, 17), 0, D(2024, 5, 17)),
        (D(2024, 1, 1), 18, D(2025, 7, 1)),
        (D(2024, 10, 31), -24, D(2022, 10, 31)),
    ],
)
def test_add_months_clamps_to_the_month_end(d: date, n: int, expected: date) -> None:
    assert add_months(d, n) == expected


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)), st.integers(-600, 600))
def test_add_months_lands_in_the_right_month_on_the_same_or_last_day(d: date, n: int) -> None:
    out = add_months(d, n)
    assert out.year * 12 + out.month == d.year * 12 + d.month + n
    assert out.day == d.day or (out.day < d.day and (out + timedelta(days=1)).day == 1)


# --- Wilson ---------------------------------------------------------------------------------


CASES = [(k, n) for n in range(1, 61) for k in range(n + 1)] + [
    (k, n) for n in (97, 250, 1000, 4321) for k in (0, 1, 2, n // 3, n // 2, n - 1, n)
]


@pytest.mark.parametrize("confidence", [0.95, 0.90, 0.99, 0.5])
def test_wilson_equals_scipy_and_statsmodels(confidence: float) -> None:
    for k, n in CASES:
        low, high = wilson(k, n, confidence)
        ci = binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
        sm_low, sm_high = proportion_confint(k, n, alpha=1 - confidence, method="wilson")
        assert low == pytest.approx(ci.low, abs=1e-12), (k, n)
        assert high == pytest.approx(ci.high, abs=1e-12), (k, n)
        assert low == pytest.approx(sm_low, abs=1e-12), (k, n)
        assert high == pytest.approx(sm_high, abs=1e-12), (k, n)
        assert 0.0 <= low <= k / n <= high <= 1.0


def test_wilson_default_is_95_percent_and_exact_at_the_ends() -> None:
    ci = binomtest(3, 10).proportion_ci(method="wilson")
    assert wilson(3, 10) == pytest.approx((ci.low, ci.high), abs=1e-12)
    assert wilson(3, 10) == pytest.approx((0.1078, 0.6032), abs=1e-4)  # the textbook case
    assert wilson(0, 7)[0] == 0.0
    assert wilson(7, 7)[1] == 1.0


@pytest.mark.parametrize(
    ("k", "n", "confidence"),
    [(0, 0, 0.95), (-1, 5, 0.95), (6, 5, 0.95), (2, 5, 1.0), (2, 5, 0.0), (1.5, 5, 0.95)],
)
def test_wilson_refuses_what_is_no_proportion(k: float, n: int, confidence: float) -> None:
    with pytest.raises(ValueError, match=r"k|confidence"):
        wilson(k, n, confidence)  # type: ignore[arg-type]


# --- terms ----------------------------------------------------------------------------------


def test_a_term_is_planned_over_term_months_and_checks_its_dates() -> None:
    assert term(1, D(2024, 8, 31)) == Term(1, D(2024, 8, 31), None, D(2026, 2, 28))
    assert term(2, D(2024, 1, 15), term_months=12).planned_end == D(2025, 1, 15)
    with pytest.raises(ValueError, match="planned end"):
        Term(1, D(2024, 1, 1), None, D(2024, 1, 1))
    with pytest.raises(ValueError, match="before it starts"):
        Term(1, D(2024, 1, 1), D(2023, 12, 31), D(2025, 7, 1))


def test_a_term_holds_its_seat_until_the_day_it_ends() -> None:
    t = Term(1, D(2024, 1, 1), D(2025, 7, 1), D(2025, 7, 1))
    assert not t.holds(D(2023, 12, 31))
    assert t.holds(D(2024, 1, 1))
    assert t.holds(D(2025, 6, 30))
    assert not t.holds(D(2025, 7, 1))
    assert t.ended(D(2025, 7, 1)) and not t.ended(D(2025, 6, 30))


# --- seat calendar --------------------------------------------------------------------------

TODAY = D(2025, 6, 15)
SEATS = [1, 2, 3, 4, 5]


def _skaggetorp() -> list[Term]:
    """5 seats on a rolling model of 18 months, each in a different place in its term."""
    return [
        # seat 1 frees in a month: recruiting due, the holder in transition support
        term(1, D(2024, 1, 15)),
        # seat 2 started on a month's last day: frees 2026-02-28, recruit from 2025-11-28
        Term(2, D(2023, 2, 28), D(2024, 8, 31), D(2024, 8, 28), job_on=D(2024, 10, 1)),
        term(2, D(2024, 8, 31)),
        # seat 3 freed on 2025-05-01 and nobody was recruited: overdue
        Term(3, D(2023, 11, 1), D(2025, 5, 1), D(2025, 5, 1)),
        # seat 4 is held past its planned end (2025-06-01): overdue
        term(4, D(2023, 12, 1)),
        # seat 5 frees 2025-08-01 and the successor is booked: done
        term(5, D(2024, 2, 1)),
        term(5, D(2025, 8, 1)),
    ]


def test_the_seat_calendar_of_a_rolling_model_of_five_seats() -> None:
    cal = {s.seat: s for s in seat_calendar(SEATS, _skaggetorp(), today=TODAY)}
    assert [s for s in cal] == SEATS

    s1 = cal[1]
    assert s1.held and s1.term == term(1, D(2024, 1, 15))
    assert s1.frees_on == D(2025, 7, 15)
    assert s1.recruit_from == D(2025, 4, 15)  # 3 months before the seat frees
    assert s1.transition_from == D(2025, 4, 15)
    assert s1.in_transition
    assert s1.recruit == "due" and s1.recruiting_due
    assert s1.free_since is None and s1.next_term is None
    assert s1.next_end == D(2027, 1, 15)  # a successor from the day it frees, 18 months

    s2 = cal[2]
    assert s2.term is not None and s2.term.start == D(2024, 8, 31)
    assert s2.frees_on == D(2026, 2, 28)
    assert s2.recruit_from == D(2025, 11, 28)
    assert s2.transition_from == D(2025, 11, 28)
    assert not s2.in_transition
    assert s2.recruit == "later" and not s2.recruiting_due
    assert s2.next_end == D(2027, 8, 28)

    s3 = cal[3]
    assert not s3.held and s3.term is None
    assert s3.free_since == D(2025, 5, 1)
    assert s3.frees_on is None and s3.recruit_from is None and s3.transition_from is None
    assert not s3.in_transition
    assert s3.recruit == "overdue" and s3.recruiting_due
    assert s3.next_end == D(2026, 12, 15)  # filled today, it would end in 18 months

    s4 = cal[4]
    assert s4.held and s4.frees_on == D(2025, 6, 1) < TODAY
    assert s4.recruit == "overdue" and s4.in_transition
    assert s4.next_end == D(2026, 12, 15)

    s5 = cal[5]
    assert s5.held and s5.frees_on == D(2025, 8, 1)
    assert s5.next_term == term(5, D(2025, 8, 1))
    assert s5.recruit == "done" and not s5.recruiting_due
    assert s5.in_transition  # from 2025-05-01


def test_recruiting_and_transition_start_on_their_day_and_overdue_on_the_planned_end() -> None:
    t = [term(1, D(2024, 1, 15))]  # planned end 2025-07-15

    def on(day: date) -> tuple[str, bool]:
        (s,) = seat_calendar([1], t, today=day)
        return s.recruit, s.in_transition

    assert on(D(2025, 4, 14)) == ("later", False)
    assert on(D(2025, 4, 15)) == ("due", True)
    assert on(D(2025, 7, 14)) == ("due", True)
    assert on(D(2025, 7, 15)) == ("overdue", True)  # still held on its planned end


def test_recruiting_and_transition_months_are_settings() -> None:
    t = [term(1, D(2024, 8, 31))]  # planned end 2026-02-28
    (s,) = seat_calendar(
        [1], t, today=D(2025, 9, 1), term_months=12, recruit_months=6, transition_months=2
    )
    assert s.recruit_from == D(2025, 8, 28)
    assert s.transition_from == D(2025, 12, 28)
    assert s.recruit == "due" and not s.in_transition
    assert s.next_end == D(2027, 2, 28)


def test_a_seat_frees_the_day_its_term_ends_and_a_successor_may_start_that_day() -> None:
    first = Term(1, D(2024, 1, 1), D(2025, 6, 15), D(2025, 7, 1))  # ended early
    (s,) = seat_calendar([1], [first], today=D(2025, 6, 15))
    assert not s.held and s.free_since == D(2025, 6, 15) and s.recruit == "overdue"
    (s,) = seat_calendar([1], [first], today=D(2025, 6, 14))
    assert s.held and s.term == first

    successor = term(1, D(2025, 6, 15))
    (s,) = seat_calendar([1], [first, successor], today=D(2025, 6, 15))
    assert s.term == successor and s.frees_on == D(2026, 12, 15) and s.recruit == "later"
    (s,) = seat_calendar([1], [first, successor], today=D(2025, 6, 14))
    assert s.term == first and s.next_term == successor and s.recruit == "done"


def test_a_seat_frees_on_an_end_already_set_before_the_planned_one() -> None:
    early = Term(1, D(2024, 1, 15), D(2025, 9, 1), D(2025, 12, 15))  # leaves early
    (s,) = seat_calendar([1], [early], today=D(2025, 6, 2))
    assert s.frees_on == D(2025, 9, 1) and s.recruit_from == D(2025, 6, 1)
    assert s.recruit == "due" and s.in_transition


def test_a_free_seat_with_a_successor_booked_and_a_seat_never_held() -> None:
    terms = [Term(1, D(2023, 1, 1), D(2024, 7, 1), D(2024, 7, 1)), term(1, D(2025, 7, 1))]
    one, two = seat_calendar([1, 2], terms, today=TODAY)
    assert not one.held and one.recruit == "done" and one.free_since == D(2024, 7, 1)
    assert one.next_term == terms[1]
    assert not two.held and two.free_since is None and two.recruit == "overdue"


def test_the_rolling_model_keeps_every_seat_held_when_successors_start_on_the_free_day() -> None:
    """5 seats started a month apart; each successor starts on the day its seat frees."""
    terms: list[Term] = []
    for seat in SEATS:
        start = add_months(D(2024, 1, 31), seat - 1)
        for i in range(3):
            t = term(seat, start)
            # a term hands over on its planned end (the last one of the chain still runs)
            terms.append(Term(seat, t.start, t.planned_end if i < 2 else None, t.planned_end))
            start = t.planned_end
    day = D(2024, 5, 31)  # every seat has its first holder
    while day < D(2028, 1, 1):
        running = [t for t in terms if t.start <= day]
        cal = seat_calendar(SEATS, running, today=day)
        assert all(s.held for s in cal), day
        due = [s.seat for s in cal if s.recruit == "due"]
        assert due == [
            s.seat for s in cal if s.recruit_from is not None and s.recruit_from <= day
        ], day
        assert all(s.in_transition == (s.recruit == "due") for s in cal), day
        day += timedelta(days=7)
    assert term(1, D(2024, 1, 31)).planned_end == D(2025, 7, 31)
    assert term(2, D(2024, 2, 29)).planned_end == D(2025, 8, 29)


def test_two_terms_on_one_seat_at_once_are_an_error_and_other_seats_are_ignored() -> None:
    terms = [term(1, D(2024, 1, 1)), term(1, D(2024, 6, 1)), term(9, D(2024, 1, 1))]
    with pytest.raises(ValueError, match="seat 1 is held by 2 terms"):
        seat_calendar([1], terms, today=TODAY)
    (s,) = seat_calendar([2], terms, today=TODAY)
    assert s.seat == 2 and not s.held
    with pytest.raises(ValueError, match="recruit_months"):
        seat_calendar([1], [], today=TODAY, recruit_months=-1)


# --- hit rate -------------------------------------------------------------------------------


def _ended(start: date, end: date, job_on: date | None = None, seat: int = 1) -> Term:
    return Term(seat, start, end, add_months(start, 18), job_on)


NOW = D(2026, 6, 30)
COHORT_2023 = [
    # ended 2024-07-01 (deadline 2025-01-01 with 6 months)
    _ended(D(2023, 1, 1), D(2024, 7, 1), D(2024, 7, 1)),  # at once
    _ended(D(2023, 1, 1), D(2024, 7, 1), D(2025, 1, 1)),  # on the deadline: a success
    _ended(D(2023, 1, 1), D(2024, 7, 1), D(2025, 1, 2)),  # a day late
    _ended(D(2023, 3, 1), D(2024, 6, 1), D(2024, 5, 20)),  # left early for the job
    _ended(D(2023, 8, 31), D(2025, 2, 28), D(2025, 8, 28)),  # deadline clamped: 2025-08-28
    _ended(D(2023, 8, 31), D(2025, 2, 28)),  # no job
    _ended(D(2023, 8, 31), D(2025, 2, 28), D(2025, 8, 29)),  # a day after the clamped deadline
]
COHORT_2024 = [
    _ended(D(2024, 1, 1), D(2025, 7, 1), D(2025, 9, 1)),
    _ended(D(2024, 2, 1), D(2025, 8, 1)),
    _ended(D(2024, 3, 1), D(2025, 9, 1), D(2025, 10, 1)),
    term(2, D(2024, 12, 1)),  # planned end 2026-06-01, still running: pending
    _ended(D(2024, 12, 1), D(2026, 2, 1)),  # ended 5 months ago without a job: pending
]
COHORT_2025 = [
    _ended(D(2025, 1, 1), D(2026, 4, 1), D(2026, 5, 15)),  # already in a job: counted
    _ended(D(2025, 1, 1), D(2026, 8, 1)),  # ends after today: still running
    term(3, D(2025, 6, 1)),
]
TERMS = COHORT_2023 + COHORT_2024 + COHORT_2025


def test_the_hit_rate_per_cohort() -> None:
    rates = hit_rate(TERMS, within_months=6, today=NOW)
    assert [r.group for r in rates] == [2023, 2024, 2025]
    r23, r24, r25 = rates

    assert (r23.n, r23.k, r23.pending, r23.too_few) == (7, 4, 0, False)
    assert r23.rate == pytest.approx(4 / 7)
    ci = binomtest(4, 7).proportion_ci(method="wilson")
    assert (r23.ci_low, r23.ci_high) == pytest.approx((ci.low, ci.high), abs=1e-12)

    assert r24 == Rate(2024, n=3, k=2, pending=2, rate=None, ci_low=None, ci_high=None,
                       too_few=True)  # fmt: skip
    assert (r25.n, r25.k, r25.pending, r25.too_few, r25.rate) == (1, 1, 2, True, None)


def test_the_hit_rate_per_year_the_terms_ended() -> None:
    rates = {r.group: r for r in hit_rate(TERMS, within_months=6, today=NOW, by="year")}
    # 2024: four of cohort 2023 (3 successes); 2025: three of 2023 (1) + three of 2024 (2);
    # 2026: one counted of 2025 (1), one pending that ended in February, three pending that
    # are to end in 2026 (planned 2026-06-01 and 2026-12-01, set to end 2026-08-01).
    assert {g: (r.n, r.k, r.pending) for g, r in rates.items()} == {
        2024: (4, 3, 0),
        2025: (6, 3, 0),
        2026: (1, 1, 4),
    }
    assert rates[2024].too_few and rates[2024].rate is None
    assert not rates[2025].too_few and rates[2025].rate == pytest.approx(0.5)
    assert (rates[2025].ci_low, rates[2025].ci_high) == pytest.approx(wilson(3, 6))


def test_within_months_changes_what_counts_and_what_succeeds() -> None:
    (r23, *_) = hit_rate(TERMS, within_months=0, today=NOW)
    # within 0 months: only a job by the day the term ended
    assert (r23.n, r23.k) == (7, 2)
    (r23, *_) = hit_rate(TERMS, within_months=12, today=NOW)
    assert (r23.n, r23.k) == (7, 6)
    # at 12 months the 2024 cohort's term that ended 2025-08-01 without a job is pending too,
    # while the one that ended 2025-07-01 counts: the person found a job
    r24 = hit_rate(TERMS, within_months=12, today=NOW)[1]
    assert (r24.n, r24.k, r24.pending) == (2, 2, 3)


def test_fewer_than_five_is_too_few_to_say_and_five_is_enough() -> None:
    assert THRESHOLD == 5
    four = [_ended(D(2023, 1, 1), D(2024, 7, 1), D(2024, 8, 1), seat=s) for s in range(4)]
    (r,) = hit_rate(four, within_months=6, today=NOW)
    assert r.too_few and (r.n, r.k) == (4, 4)
    assert r.rate is None and r.ci_low is None and r.ci_high is None
    five = [*four, _ended(D(2023, 1, 1), D(2024, 7, 1), seat=4)]
    (r,) = hit_rate(five, within_months=6, today=NOW)
    assert not r.too_few and r.rate == pytest.approx(0.8)
    assert (r.ci_low, r.ci_high) == pytest.approx(wilson(4, 5))


def test_a_group_of_only_pending_terms_has_a_row_with_nothing_to_say() -> None:
    (r,) = hit_rate([term(1, D(2025, 1, 1))], within_months=6, today=NOW)
    assert r == Rate(2025, 0, 0, 1, None, None, None, True)
    assert hit_rate([], within_months=6, today=NOW) == []


def test_the_outcome_of_one_term() -> None:
    t = _ended(D(2024, 1, 1), D(2025, 7, 1), D(2025, 12, 1))
    assert outcome(t, within_months=6, today=D(2025, 6, 30)) is None  # running
    assert outcome(t, within_months=6, today=D(2025, 11, 30)) is None  # too early to tell
    assert outcome(t, within_months=6, today=D(2025, 12, 1)) is True  # in a job
    assert outcome(t, within_months=3, today=D(2025, 12, 1)) is False  # past 3 months
    no_job = _ended(D(2024, 1, 1), D(2025, 7, 1))
    assert outcome(no_job, within_months=6, today=D(2025, 12, 31)) is None
    assert outcome(no_job, within_months=6, today=D(2026, 1, 1)) is False


def test_hit_rate_refuses_a_negative_window_and_an_unknown_grouping() -> None:
    with pytest.raises(ValueError, match="within_months"):
        hit_rate(TERMS, within_months=-1, today=NOW)
    with pytest.raises(ValueError, match="by must be"):
        hit_rate(TERMS, within_months=6, today=NOW, by="month")  # type: ignore[arg-type]
