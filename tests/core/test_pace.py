"""A requirement's pace: pro rata over a period with both ends included, and its status at the
period's boundaries and around the tolerance."""

from __future__ import annotations

from datetime import date

import pytest

from samverkan.core.pace import Pace, pace

D = date
# a summer: 30 + 31 + 30 = 91 days; with 91 required, one a day is the pro-rata pace
START, END = D(2025, 6, 1), D(2025, 8, 30)


def test_before_the_period_nothing_is_expected() -> None:
    assert pace(91, 0, START, END, D(2025, 5, 31)) == Pace(
        required=91,
        delivered=0,
        expected=0.0,
        share=0.0,
        elapsed=0.0,
        days_total=91,
        days_left=91,
        remaining=91,
        status="not_started",
    )
    assert pace(91, 5, START, END, D(2025, 1, 1)).status == "not_started"


def test_the_first_day_counts_whole() -> None:
    p = pace(91, 0, START, END, START)
    assert (p.expected, p.days_left, p.status) == (1.0, 90, "behind")
    assert pace(91, 1, START, END, START).status == "on_track"


@pytest.mark.parametrize(
    ("delivered", "status"),
    [
        (0, "behind"),
        (38, "behind"),  # below 0.85 × 45 = 38.25
        (38.25, "on_track"),
        (45, "on_track"),
        (51.75, "on_track"),  # 1.15 × 45
        (52, "ahead"),
        (90, "ahead"),
        (91, "done"),
        (120, "done"),
    ],
)
def test_behind_on_track_and_ahead_mid_period(delivered: float, status: str) -> None:
    p = pace(91, delivered, START, END, D(2025, 7, 15))  # 30 + 15 = 45 days passed
    assert p.expected == pytest.approx(45.0)
    assert p.elapsed == pytest.approx(45 / 91)
    assert p.days_left == 46
    assert p.share == pytest.approx(delivered / 91)
    assert p.remaining == max(91 - delivered, 0)
    assert p.status == status


def test_the_last_day_expects_everything_and_the_day_after_is_over() -> None:
    p = pace(91, 90, START, END, END)
    assert (p.expected, p.elapsed, p.days_left, p.status) == (91.0, 1.0, 0, "on_track")
    assert pace(91, 70, START, END, END).status == "behind"
    assert pace(91, 91, START, END, END).status == "done"
    after = pace(91, 90, START, END, D(2025, 8, 31))
    assert (after.expected, after.elapsed, after.remaining, after.status) == (
        91.0,
        1.0,
        1,
        "ended_short",
    )
    assert pace(91, 91, START, END, D(2026, 1, 1)).status == "done"


def test_done_before_the_period_and_nothing_required() -> None:
    assert pace(10, 10, START, END, D(2025, 5, 1)).status == "done"
    p = pace(0, 0, START, END, D(2025, 7, 1))
    assert (p.status, p.share, p.remaining) == ("done", None, 0.0)


def test_a_one_day_period() -> None:
    day = D(2025, 6, 10)
    assert pace(4, 0, day, day, D(2025, 6, 9)).status == "not_started"
    p = pace(4, 3, day, day, day)
    assert (p.days_total, p.expected, p.status) == (1, 4.0, "behind")  # 3 < 3.4
    assert pace(4, 3.5, day, day, day).status == "on_track"
    assert pace(4, 3, day, day, D(2025, 6, 11)).status == "ended_short"


def test_the_tolerance_is_a_setting() -> None:
    on = D(2025, 7, 15)
    assert pace(91, 44, START, END, on, tolerance=1.0).status == "behind"
    assert pace(91, 45, START, END, on, tolerance=1.0).status == "on_track"
    assert pace(91, 46, START, END, on, tolerance=1.0).status == "ahead"
    assert pace(91, 30, START, END, on, tolerance=0.5).status == "on_track"
    assert pace(91, 21, START, END, on, tolerance=0.5).status == "behind"


def test_a_shorter_requirement_is_pro_rata_too() -> None:
    # 12 summer jobs over June (30 days): by 2025-06-10, 4 are expected
    p = pace(12, 3, D(2025, 6, 1), D(2025, 6, 30), D(2025, 6, 10))
    assert p.expected == pytest.approx(4.0)
    assert p.status == "behind"  # 3 < 3.4
    assert p.share == pytest.approx(0.25)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((-1, 0, START, END, START), {}, "required"),
        ((10, -1, START, END, START), {}, "delivered"),
        ((float("nan"), 0, START, END, START), {}, "required"),
        ((10, 0, END, START, START), {}, "period"),
        ((10, 0, START, END, START), {"tolerance": 0}, "tolerance"),
        ((10, 0, START, END, START), {"tolerance": 1.2}, "tolerance"),
    ],
)
def test_what_is_no_requirement_is_refused(args: tuple, kwargs: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        pace(*args, **kwargs)
