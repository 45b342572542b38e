"""The three-week window after a notice for non-payment, on fixed days."""

from __future__ import annotations

from datetime import date

from samverkan.housing.analysis.eviction_window import last_day, window


def test_last_day_is_21_days_after_notice() -> None:
    assert last_day(date(2026, 11, 2)) == date(2026, 11, 23)


def test_window_crosses_month_and_year_ends() -> None:
    assert last_day(date(2026, 1, 20)) == date(2026, 2, 10)
    assert last_day(date(2026, 2, 15)) == date(2026, 3, 8)  # not a leap year
    assert last_day(date(2028, 2, 15)) == date(2028, 3, 7)  # leap year
    assert last_day(date(2026, 12, 20)) == date(2027, 1, 10)


def test_days_left_and_overdue() -> None:
    w = window(date(2026, 11, 10), date(2026, 11, 25))
    assert (w.last_day, w.days_left, w.overdue) == (date(2026, 12, 1), 6, False)
    on_last = window(date(2026, 11, 10), date(2026, 12, 1))
    assert (on_last.days_left, on_last.overdue) == (0, False)
    late = window(date(2026, 11, 10), date(2026, 12, 2))
    assert (late.days_left, late.overdue) == (-1, True)
