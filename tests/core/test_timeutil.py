"""ISO weeks and Stockholm time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from samverkan.core.timeutil import IsoWeek, current_week


def test_it_parses_and_prints_iso_weeks() -> None:
    w = IsoWeek.parse("2026-W48")
    assert (w.year, w.week) == (2026, 48)
    assert str(w) == "2026-W48" and w.label() == "v. 48"
    assert w.monday == date(2026, 11, 23)


def test_week_53_exists_only_in_long_years() -> None:
    assert IsoWeek.parse("2026-W53").monday == date(2026, 12, 28)
    with pytest.raises(ValueError, match="2025 has no week 53"):
        IsoWeek.parse("2025-W53")


@pytest.mark.parametrize("bad", ["2026-48", "W48", "2026-W4", "", "2026-W00"])
def test_it_names_a_bad_week(bad: str) -> None:
    with pytest.raises(ValueError, match="week"):
        IsoWeek.parse(bad)


def test_weeks_cross_the_year_boundary() -> None:
    assert IsoWeek(2026, 53) + 1 == IsoWeek(2027, 1)
    assert IsoWeek(2027, 1) - 1 == IsoWeek(2026, 53)
    assert IsoWeek.of(date(2027, 1, 1)) == IsoWeek(2026, 53)


def test_a_week_starts_at_midnight_stockholm_time() -> None:
    w = IsoWeek(2026, 48)
    assert w.start_utc() == datetime(2026, 11, 22, 23, 0, tzinfo=UTC)  # CET = UTC+1
    summer = IsoWeek(2026, 26)
    assert summer.start_utc() == datetime(2026, 6, 21, 22, 0, tzinfo=UTC)  # CEST = UTC+2
    assert w.end_utc() == IsoWeek(2026, 49).start_utc()


def test_sunday_evening_utc_can_be_next_week_in_stockholm() -> None:
    # Sunday 2026-11-29 23:30 UTC is Monday 00:30 in Stockholm: week 49.
    assert current_week(datetime(2026, 11, 29, 23, 30, tzinfo=UTC)) == IsoWeek(2026, 49)


def test_a_typed_week_for_planning_looks_ahead() -> None:
    today = date(2026, 11, 27)  # 2026-W48
    assert str(IsoWeek.parse_loose("v. 49", today)) == "2025-W49"  # the lägesbild looks back
    assert str(IsoWeek.parse_loose("v. 49", today, ahead=True)) == "2026-W49"
    assert str(IsoWeek.parse_loose("48", today, ahead=True)) == "2026-W48"
    assert str(IsoWeek.parse_loose("2", today, ahead=True)) == "2027-W02"
    assert str(IsoWeek.parse_loose("53", today, ahead=True)) == "2026-W53"


def test_a_typed_date_is_the_week_it_falls_in() -> None:
    assert str(IsoWeek.parse_loose("2026-11-20")) == "2026-W47"
    assert str(IsoWeek.parse_loose(" 2027-01-01 ", ahead=True)) == "2026-W53"
    with pytest.raises(ValueError, match="date '2026-02-30' does not exist"):
        IsoWeek.parse_loose("2026-02-30")
